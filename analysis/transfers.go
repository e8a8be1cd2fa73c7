package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"needsplan/analysis/transport"
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

// Transfer reasons: why a person needs to move for a programme.
const (
	ReasonNotRunHere     = "not_run_here"
	ReasonOversubscribed = "oversubscribed"
)

// Outcomes of the allocation for a person who needs to move.
const (
	Placed          = "placed"
	NoPlaceAnywhere = "no_place_anywhere"   // nowhere else offers any of their programmes with spare places
	NoCompatible    = "no_compatible_place" // spare places exist, none at an establishment the person can go to
	PlacesTaken     = "places_taken"        // compatible spare places exist but others took them
	NotEnoughTime   = "not_enough_time"     // cannot move and complete any of their programmes before release
)

// MaxCandidates is the most candidate destinations listed per person, best
// first (docs/transfers.md): enough for a planner's first, second and
// third choice and two reserves, short enough to read in a table cell.
const MaxCandidates = 5

// TransferPerson is one person who needs to move to reach at least one
// programme: one they need in time to complete before release that their
// establishment does not run, or runs with too few places over the horizon
// before their turn.
type TransferPerson struct {
	Person, From, Region string
	// MonthsLeft is the time to the release target; +Inf when open-ended
	// (an indeterminate sentence past tariff: no release target).
	MonthsLeft float64
	// NotRunHere and Oversubscribed are the programmes the person must
	// move for, by why (each sorted).
	NotRunHere, Oversubscribed []string
	Outcome                    string // Placed or why not
	To                         string // destination when placed
	// Programme is the programme whose spare place the move takes (placed
	// only).
	Programme string
	// Served lists the programmes the move serves: Programme first, then
	// the person's other programmes for which the destination still has a
	// spare place once everyone is allocated (docs/transfers.md).
	Served []string
	// Candidates lists up to MaxCandidates establishments the person could
	// move to, best first: compatible (sex, security category, age), and
	// with a spare place for at least one of the programmes they have time
	// to move for, ordered by the allocation's cost (same region first;
	// training prisons before locals for long sentences; resettlement
	// prisons in the final year; more of their programmes), then the most
	// spare places, then code.
	Candidates []string
}

// Programmes returns every programme the person must move for, sorted.
func (p *TransferPerson) Programmes() []string {
	out := append(slices.Clone(p.NotRunHere), p.Oversubscribed...)
	slices.Sort(out)
	return out
}

// Transfers is the static transfer analysis. The unit is the person: each
// person moves at most once, to one establishment.
type Transfers struct {
	Options TransferOptions
	People  []TransferPerson // sorted by origin, person
	// Matrix counts people moved: Matrix[from][to].
	Matrix map[string]map[string]int
	Cost   float64
	// Needs is the number of needs (person × programme) requiring a move;
	// NeedsServed of them are served by the moves (TransferPerson.Served).
	Needs, NeedsServed int
}

// unservedWeight is the cost added for the share of a person's programmes
// that a destination has no spare place for: 0.1 × unserved / all. Less
// than any region or function term (0.2), so it only breaks ties between
// otherwise equal destinations in favour of the one that serves more of
// the person's needs (docs/transfers.md; an assumption).
const unservedWeight = 0.1

// transferClass is a group of identical people: same origin, sex,
// category, age band, cost band and set of programmes they have time to
// move for. Everything the allocation looks at is the same for all of
// them.
type transferClass struct {
	from string
	sex  model.Sex
	cat  model.Opt[model.SecurityCategory]
	age  int
	band int
	set  model.ProgrammeSet
}

// transferPlan is the allocation problem AnalyseTransfers builds and
// solves: people grouped into classes (sources) and spare places per
// establishment × programme (destinations).
type transferPlan struct {
	classes    []transferClass
	members    [][]int // by class: indices into Transfers.People, in order
	classOf    []int   // by person: class, or −1 (no time to move)
	dests      []transferDest
	progIdx    []int // by destination: the programme's catalogue index
	prob       transport.Problem
	compatible []bool     // by class: some destination may take them
	candidates [][]string // by class: TransferPerson.Candidates
}

// transferDest is a destination: spare places for one programme at one
// establishment.
type transferDest struct {
	est, prog string
	spare     int
}

// AnalyseTransfers finds who must move to reach a programme and allocates
// them to spare places at minimum total cost (transport.Solve).
//
// A person must move for a programme they need in time when their
// establishment does not run it, or runs it with fewer places over the
// horizon than people ahead of them by release date (oversubscribed).
// Spare places are places over the horizon minus demand (Gaps), at
// establishments running the programme.
//
// The unit of the allocation is the person: each moves at most once, to
// one establishment, taking a spare place in one of their programmes
// there (TransferPerson.Programme). That is a transportation problem from
// classes of identical people to establishment × programme places, so its
// optimum is integral and can be checked against an LP and brute force.
// The move also serves the person's other programmes the destination
// still has spare places for after the allocation (TransferPerson.Served),
// and the cost prefers, all else equal, destinations with spare places for
// more of the person's programmes. Destinations must hold the person's
// sex and suit their security category and age (MoveAllowed), and the
// person must have the programme's months_needed plus the move's delay
// before release.
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
	if len(cls) != len(ps) {
		return nil, fmt.Errorf("transfers: %d classifications for %d people", len(cls), len(ps))
	}
	est := map[string]*model.Establishment{}
	for i := range ests {
		est[ests[i].Code] = &ests[i]
	}
	out := &Transfers{Options: opt, Matrix: map[string]map[string]int{}}
	who := transferDemand(ps, cls, gs, cat, opt)
	out.People = make([]TransferPerson, len(who))
	for n, w := range who {
		p := &ps[w.person]
		region := ""
		if e := est[p.Establishment]; e != nil {
			region = e.Region
		}
		out.People[n] = TransferPerson{Person: p.PersonID, From: p.Establishment, Region: region,
			MonthsLeft: cls[w.person].MonthsLeft, NotRunHere: w.notRun, Oversubscribed: w.over}
		out.Needs += len(w.notRun) + len(w.over)
	}
	plan := buildTransferPlan(ps, who, est, gs, cat, opt.Unplaced)
	sol, err := transport.Solve(plan.prob)
	if err != nil {
		return nil, fmt.Errorf("allocating transfers: %w", err)
	}
	out.Cost = sol.Cost
	left := make([]int, len(plan.dests)) // spare places after the allocation
	destAt := map[[2]string]int{}
	for j, d := range plan.dests {
		left[j] = d.spare
		destAt[[2]string{d.est, d.prog}] = j
	}
	for i := range plan.classes {
		next := 0
		for j, d := range plan.dests {
			for range sol.Flow[i][j] {
				tp := &out.People[plan.members[i][next]]
				next++
				tp.Outcome, tp.To, tp.Programme, tp.Served = Placed, d.est, d.prog, []string{d.prog}
				left[j]--
				if out.Matrix[tp.From] == nil {
					out.Matrix[tp.From] = map[string]int{}
				}
				out.Matrix[tp.From][d.est]++
			}
		}
	}
	// The moves' other programmes take the places left, person by person in
	// table order: they never take a place the allocation gave to someone.
	for n := range out.People {
		tp := &out.People[n]
		if tp.Outcome != Placed {
			continue
		}
		for _, g := range cat.Codes(who[n].timely) {
			if g == tp.Programme {
				continue
			}
			if j, ok := destAt[[2]string{tp.To, g}]; ok && left[j] > 0 {
				left[j]--
				tp.Served = append(tp.Served, g)
			}
		}
		out.NeedsServed += len(tp.Served)
	}
	plan.explain(out.People, who)
	return out, nil
}

// transferNeeds is one person's needs that require a move.
type transferNeeds struct {
	person       int // index in ps
	left         float64
	notRun, over []string // programmes, sorted
	// timely holds the catalogue indices of those programmes the person
	// has time to move for and complete before release.
	timely model.ProgrammeSet
}

// transferDemand returns the people who must move, sorted by origin and
// person, with the programmes they must move for and those of them they
// have time to move for.
func transferDemand(ps []model.Profile, cls []model.Classification, gs *Gaps, cat *model.Catalogue, opt TransferOptions) []transferNeeds {
	type key struct{ est, prog string }
	places := map[key]float64{}
	for _, g := range gs.Rows {
		places[key{g.Establishment, g.Programme}] = g.Places
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
			if c.Needed.Has(j) && c.InTime(cat.TimeNeeded(j)) {
				k := key{ps[i].Establishment, g.Code}
				queues[k] = append(queues[k], cand{i, c.MonthsLeft})
			}
		}
	}
	keys := make([]key, 0, len(queues))
	for k := range queues {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(strings.Compare(a.est, b.est), strings.Compare(a.prog, b.prog))
	})
	byPerson := map[int]*transferNeeds{}
	for _, k := range keys {
		q := queues[k]
		slices.SortStableFunc(q, func(a, b cand) int {
			return cmp.Or(cmp.Compare(a.left, b.left), strings.Compare(ps[a.i].PersonID, ps[b.i].PersonID))
		})
		local := int(math.Floor(places[k]))
		j, _ := cat.Index(k.prog)
		for _, cd := range q[min(max(local, 0), len(q)):] {
			w := byPerson[cd.i]
			if w == nil {
				w = &transferNeeds{person: cd.i, left: cd.left}
				byPerson[cd.i] = w
			}
			if local == 0 {
				w.notRun = append(w.notRun, k.prog)
			} else {
				w.over = append(w.over, k.prog)
			}
			if cd.left >= cat.TimeNeeded(j)+opt.Delay {
				w.timely.Add(j)
			}
		}
	}
	out := make([]transferNeeds, 0, len(byPerson))
	for _, w := range byPerson {
		out = append(out, *w)
	}
	slices.SortFunc(out, func(a, b transferNeeds) int {
		pa, pb := &ps[a.person], &ps[b.person]
		return cmp.Or(strings.Compare(pa.Establishment, pb.Establishment), strings.Compare(pa.PersonID, pb.PersonID), cmp.Compare(a.person, b.person))
	})
	return out
}

// buildTransferPlan groups the people who have time to move into classes
// and sets up the transportation problem from classes to spare places.
func buildTransferPlan(ps []model.Profile, who []transferNeeds, est map[string]*model.Establishment, gs *Gaps, cat *model.Catalogue, unplaced float64) *transferPlan {
	plan := &transferPlan{}
	for _, g := range gs.Rows {
		if s := math.Floor(g.Places - g.Demand); s > 0 && s < math.MaxInt32 {
			plan.dests = append(plan.dests, transferDest{est: g.Establishment, prog: g.Programme, spare: int(s)})
		}
	}
	slices.SortFunc(plan.dests, func(a, b transferDest) int {
		return cmp.Or(strings.Compare(a.est, b.est), strings.Compare(a.prog, b.prog))
	})
	type estDests struct {
		code string
		idx  []int // into plan.dests
	}
	var byEst []estDests
	for j, d := range plan.dests {
		if len(byEst) == 0 || byEst[len(byEst)-1].code != d.est {
			byEst = append(byEst, estDests{code: d.est})
		}
		byEst[len(byEst)-1].idx = append(byEst[len(byEst)-1].idx, j)
	}
	plan.progIdx = make([]int, len(plan.dests))
	for j, d := range plan.dests {
		plan.progIdx[j], _ = cat.Index(d.prog)
	}
	progIdx := plan.progIdx
	classIdx := map[transferClass]int{}
	plan.classOf = make([]int, len(who))
	for n, w := range who {
		plan.classOf[n] = -1
		if w.timely.Len() == 0 {
			continue
		}
		p := &ps[w.person]
		k := transferClass{from: p.Establishment, sex: p.Sex, cat: p.SecurityCategory, age: model.AgeBand(p.Age),
			band: model.CostBand(w.left), set: w.timely}
		i, ok := classIdx[k]
		if !ok {
			i = len(plan.classes)
			classIdx[k] = i
			plan.classes = append(plan.classes, k)
			plan.members = append(plan.members, nil)
		}
		plan.members[i] = append(plan.members[i], n)
		plan.classOf[n] = i
	}
	m, nd := len(plan.classes), len(plan.dests)
	plan.prob = transport.Problem{Supply: make([]int, m), Capacity: make([]int, nd), Cost: make([][]float64, m), Unplaced: make([]float64, m)}
	for j, d := range plan.dests {
		plan.prob.Capacity[j] = d.spare
	}
	plan.compatible = make([]bool, m)
	plan.candidates = make([][]string, m)
	for i, k := range plan.classes {
		plan.prob.Supply[i] = len(plan.members[i])
		plan.prob.Unplaced[i] = unplaced
		row := make([]float64, nd)
		for j := range row {
			row[j] = math.Inf(1)
		}
		from := est[k.from]
		if from == nil {
			from = &model.Establishment{Code: k.from}
		}
		all := k.set.Len()
		type cand struct {
			code  string
			cost  float64
			spare int
		}
		var cands []cand
		for _, e := range byEst {
			to := est[e.code]
			if e.code == k.from || to == nil || !model.MoveAllowed(to, k.sex, k.cat, model.BandAge[k.age]) {
				continue
			}
			served, spare := 0, 0
			for _, j := range e.idx {
				if k.set.Has(progIdx[j]) {
					served++
					spare += plan.dests[j].spare
				}
			}
			if served == 0 {
				continue
			}
			c := model.MoveCost(from, to, model.BandLeft[k.band]) + unservedWeight*float64(all-served)/float64(all)
			for _, j := range e.idx {
				if k.set.Has(progIdx[j]) {
					row[j] = c
				}
			}
			cands = append(cands, cand{e.code, c, spare})
		}
		plan.prob.Cost[i] = row
		plan.compatible[i] = len(cands) > 0
		slices.SortFunc(cands, func(a, b cand) int {
			return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(b.spare, a.spare), strings.Compare(a.code, b.code))
		})
		codes := make([]string, 0, min(len(cands), MaxCandidates))
		for _, c := range cands[:min(len(cands), MaxCandidates)] {
			codes = append(codes, c.code)
		}
		plan.candidates[i] = codes
	}
	return plan
}

// explain sets each person's candidates and, for those not placed, why.
func (plan *transferPlan) explain(people []TransferPerson, who []transferNeeds) {
	for n := range people {
		tp := &people[n]
		i := plan.classOf[n]
		if i < 0 {
			tp.Outcome = NotEnoughTime
			continue
		}
		tp.Candidates = slices.Clone(plan.candidates[i])
		if tp.Outcome == Placed {
			continue
		}
		anywhere := false
		for j, d := range plan.dests {
			if who[n].timely.Has(plan.progIdx[j]) && d.est != tp.From {
				anywhere = true
				break
			}
		}
		switch {
		case !anywhere:
			tp.Outcome = NoPlaceAnywhere
		case !plan.compatible[i]:
			tp.Outcome = NoCompatible
		default:
			tp.Outcome = PlacesTaken
		}
	}
}

// Counts returns how many people need to move and what became of them, by
// outcome.
func (t *Transfers) Counts() map[string]int {
	m := map[string]int{}
	for _, p := range t.People {
		m[p.Outcome]++
	}
	return m
}

// Moved returns the number of people moved.
func (t *Transfers) Moved() int {
	n := 0
	for _, tos := range t.Matrix {
		for _, k := range tos {
			n += k
		}
	}
	return n
}
