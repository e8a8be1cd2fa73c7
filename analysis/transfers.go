package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"needsplan/model"
)

// TransferOptions sets up the static transfer analysis.
type TransferOptions struct {
	AsOf    model.Date
	Horizon float64 // months over which local places are counted (12)
	Suites  SuitePlan
	// Delay is the months a move takes (4 weeks by default): someone must
	// have the programme's months_needed plus the delay before release.
	Delay float64
	// Unplaced is the cost of leaving one person unplaced; it must exceed
	// any move's cost (10; docs/transfers.md).
	Unplaced float64
}

// Transfer reasons: why a person needs to move.
const (
	ReasonNotRunHere     = "not_run_here"
	ReasonOversubscribed = "oversubscribed"
)

// Outcomes of the allocation for a person who needs to move.
const (
	Placed          = "placed"
	NoPlaceAnywhere = "no_place_anywhere"   // nowhere offers the programme with spare places
	NoCompatible    = "no_compatible_place" // spare places exist, none at an establishment the person can go to
	PlacesTaken     = "places_taken"        // compatible spare places exist but others took them
	NotEnoughTime   = "not_enough_time"     // cannot move and complete before release
)

// TransferNeed is one person who needs to move to reach a programme.
type TransferNeed struct {
	Person, From, Region, Programme string
	Reason                          string // ReasonNotRunHere or ReasonOversubscribed
	MonthsLeft                      float64
	Outcome                         string // Placed or why not
	To                              string // destination when placed
}

// Transfers is the static transfer analysis.
type Transfers struct {
	Options TransferOptions
	Needs   []TransferNeed // sorted by origin, programme, person
	// Matrix counts placed moves: Matrix[from][to].
	Matrix map[string]map[string]int
	Cost   float64
}

// moveCost is the cost of moving a person from establishment a to b for a
// programme: 0 within a region and 1 between regions (the contract has no
// geography beyond the region), plus 0.2 for sending someone with more than
// two years left to a local prison rather than a training prison, and 0.2
// for sending someone in their final year to a prison that is not a
// resettlement prison (issue 6: training prisons for long sentences,
// resettlement prisons in the final months). An assumption, documented in
// docs/transfers.md.
func moveCost(a, b *model.Establishment, monthsLeft float64) float64 {
	c := 0.0
	if a.Region != b.Region {
		c = 1
	}
	if monthsLeft > 24 && b.Function == model.Local {
		c += 0.2
	}
	if monthsLeft <= 12 && !b.Resettlement {
		c += 0.2
	}
	return c
}

// CategoryAllows reports whether a person of security category cat (missing:
// any) may be held at an establishment of function f, for a move to a
// programme: category A only in high security; B in high security,
// category B trainers and locals; C in category B and C trainers and locals
// (not open conditions); D in open prisons and category C trainers; the
// women's estate (closed/open) in women's prisons (the contract does not say
// which women's prisons are open).
func CategoryAllows(cat model.Opt[model.SecurityCategory], f model.Function) bool {
	c, ok := cat.Get()
	if !ok {
		return f != model.OtherFunc
	}
	switch c {
	case model.CatA:
		return f == model.HighSecurity
	case model.CatB:
		return f == model.HighSecurity || f == model.CatBTrainer || f == model.Local
	case model.CatC:
		return f == model.CatBTrainer || f == model.CatCTrainer || f == model.Local || f == model.YOI
	case model.CatD:
		return f == model.OpenPrison || f == model.CatCTrainer
	}
	return f == model.FemalePrison // closed or open: the women's estate
}

// AnalyseTransfers finds who must move to reach a programme and allocates
// them to spare places at minimum total cost (SolveTransport).
//
// A person must move for a programme they need in time when their
// establishment does not run it, or runs it with fewer places over the
// horizon than people ahead of them by release date (oversubscribed).
// Spare places are places over the horizon minus demand (Gaps), at
// establishments running the programme. Destinations must hold the
// person's sex and suit their security category, and the person must have
// the programme's months_needed plus the move's delay before release.
func AnalyseTransfers(ps []model.Profile, cls []model.Classification, ests []model.Establishment, gs *Gaps, cat *model.Catalogue, opt TransferOptions) (*Transfers, error) {
	if opt.Horizon == 0 {
		opt.Horizon = 12
	}
	if opt.Delay == 0 {
		opt.Delay = 28 / model.DaysPerMonth
	}
	if opt.Unplaced == 0 {
		opt.Unplaced = 10
	}
	est := map[string]*model.Establishment{}
	for i := range ests {
		est[ests[i].Code] = &ests[i]
	}
	type key struct{ est, prog string }
	places := map[key]float64{}
	spare := map[key]float64{}
	for _, g := range gs.Rows {
		places[key{g.Establishment, g.Programme}] = g.Places
		if s := math.Floor(g.Places - g.Demand); s > 0 {
			spare[key{g.Establishment, g.Programme}] = s
		}
	}
	// Local queues by release date, to find who is beyond the local places.
	type cand struct {
		i    int
		left float64
	}
	queues := map[key][]cand{}
	progs := opt.Suites.Programmes(cat)
	for i := range ps {
		c := &cls[i]
		for _, j := range progs {
			g := cat.At(j)
			if c.Needed.Has(j) && c.InTime(g.MonthsNeeded.Value) {
				k := key{ps[i].Establishment, g.Code}
				queues[k] = append(queues[k], cand{i, c.MonthsLeft})
			}
		}
	}
	out := &Transfers{Options: opt, Matrix: map[string]map[string]int{}}
	keys := make([]key, 0, len(queues))
	for k := range queues {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.est, b.est); c != 0 {
			return c
		}
		return strings.Compare(a.prog, b.prog)
	})
	for _, k := range keys {
		q := queues[k]
		slices.SortStableFunc(q, func(a, b cand) int {
			switch {
			case a.left < b.left:
				return -1
			case a.left > b.left:
				return 1
			}
			return strings.Compare(ps[a.i].PersonID, ps[b.i].PersonID)
		})
		local := int(math.Floor(places[k]))
		for rank, cd := range q {
			if rank < local {
				continue
			}
			reason := ReasonOversubscribed
			if local == 0 {
				reason = ReasonNotRunHere
			}
			p := &ps[cd.i]
			out.Needs = append(out.Needs, TransferNeed{Person: p.PersonID, From: p.Establishment, Region: est[p.Establishment].Region,
				Programme: k.prog, Reason: reason, MonthsLeft: cd.left})
		}
	}
	// Sources: people grouped by origin, programme, sex, security category
	// and the three cost bands of months left; destinations: spare places.
	type srcKey struct {
		from, prog string
		sex        model.Sex
		cat        model.Opt[model.SecurityCategory]
		band       int
	}
	band := func(left float64) int {
		switch {
		case left > 24:
			return 2
		case left > 12:
			return 1
		}
		return 0
	}
	bandLeft := [3]float64{6, 18, 36} // a representative months-left of each band, for the cost
	var dests []key
	for k := range spare {
		dests = append(dests, k)
	}
	slices.SortFunc(dests, func(a, b key) int {
		if c := strings.Compare(a.est, b.est); c != 0 {
			return c
		}
		return strings.Compare(a.prog, b.prog)
	})
	srcIdx := map[srcKey]int{}
	var srcs []srcKey
	var members [][]int // indices into out.Needs
	pidx := map[string]int{}
	for i := range ps {
		pidx[ps[i].PersonID] = i
	}
	for n := range out.Needs {
		tn := &out.Needs[n]
		p := &ps[pidx[tn.Person]]
		g, _ := cat.Lookup(tn.Programme)
		if tn.MonthsLeft < g.MonthsNeeded.Value+opt.Delay {
			tn.Outcome = NotEnoughTime
			continue
		}
		sk := srcKey{tn.From, tn.Programme, p.Sex, p.SecurityCategory, band(tn.MonthsLeft)}
		i, ok := srcIdx[sk]
		if !ok {
			i = len(srcs)
			srcIdx[sk] = i
			srcs = append(srcs, sk)
			members = append(members, nil)
		}
		members[i] = append(members[i], n)
	}
	prob := TransportProblem{Supply: make([]int, len(srcs)), Capacity: make([]int, len(dests)),
		Cost: make([][]float64, len(srcs)), Unplaced: make([]float64, len(srcs))}
	for j, d := range dests {
		prob.Capacity[j] = int(spare[d])
	}
	anyPlace := map[string]bool{}
	for _, d := range dests {
		anyPlace[d.prog] = true
	}
	compatible := make([]bool, len(srcs))
	for i, s := range srcs {
		prob.Supply[i] = len(members[i])
		prob.Unplaced[i] = opt.Unplaced
		prob.Cost[i] = make([]float64, len(dests))
		from := est[s.from]
		for j, d := range dests {
			to := est[d.est]
			if d.prog != s.prog || d.est == s.from || !to.Holds.Admits(s.sex) || !CategoryAllows(s.cat, to.Function) {
				prob.Cost[i][j] = math.Inf(1)
				continue
			}
			compatible[i] = true
			prob.Cost[i][j] = moveCost(from, to, bandLeft[s.band])
		}
	}
	sol, err := SolveTransport(prob)
	if err != nil {
		return nil, fmt.Errorf("allocating transfers: %w", err)
	}
	out.Cost = sol.Cost
	for i := range srcs {
		next := 0
		for j, d := range dests {
			for range sol.Flow[i][j] {
				tn := &out.Needs[members[i][next]]
				next++
				tn.Outcome, tn.To = Placed, d.est
				if out.Matrix[tn.From] == nil {
					out.Matrix[tn.From] = map[string]int{}
				}
				out.Matrix[tn.From][d.est]++
			}
		}
		for _, n := range members[i][next:] {
			tn := &out.Needs[n]
			switch {
			case !anyPlace[tn.Programme]:
				tn.Outcome = NoPlaceAnywhere
			case !compatible[i]:
				tn.Outcome = NoCompatible
			default:
				tn.Outcome = PlacesTaken
			}
		}
	}
	return out, nil
}

// Counts returns how many people need to move and what became of them, by
// outcome.
func (t *Transfers) Counts() map[string]int {
	m := map[string]int{}
	for _, n := range t.Needs {
		m[n.Outcome]++
	}
	return m
}
