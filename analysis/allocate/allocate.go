package allocate

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"needsplan/analysis/transport"
	"needsplan/model"
)

// DefaultLambda is the weight of a move's cost (moveCost: ½ for any move,
// 1 more for another region, 0.2 for an unsuitable function) against the
// priority weights (1 to 2, a step of 1/Buckets per rank step): a move
// within the region is worth 0.5% of the priority range, one between
// regions 1.5%, five and fifteen steps. Priority comes first; among people
// of nearly the same priority, the one who need not move, or can move
// within the region, takes the place (an assumption: docs/transfers.md
// shows the moves against priority served as λ varies).
const DefaultLambda = 0.01

// moveBase is the cost of any move, on top of model.MoveCost (which is 0
// for a move within the region to a suitable prison): the disruption of
// moving at all, so that a large λ keeps everyone local (an assumption,
// half a change of region).
const moveBase = 0.5

// moveCost is the cost of moving a person with months left from home to
// to: moveBase + model.MoveCost.
func moveCost(home, to *model.Establishment, left float64) float64 {
	return moveBase + model.MoveCost(home, to, left)
}

// DefaultDelay is the months a move takes by default: 4 weeks, the time
// from a transfer being agreed to arrival assumed in docs/transfers.md.
const DefaultDelay = 28 / model.DaysPerMonth

// Options sets up the allocation.
type Options struct {
	AsOf    model.Date
	Horizon float64 // months of start places (12)
	// Delay is the months a move takes (4 weeks): a person who moves can
	// take only places starting at least Delay after the dataset date.
	Delay float64
	// Lambda weighs moves against priority (DefaultLambda when not set; 0
	// is the pure priority allocation).
	Lambda model.Opt[float64]
	Policy model.Policy // the priority order (release-date)
}

// Kinds of place a person gets.
const (
	Local          = "local"
	WithinRegion   = "within_region"
	BetweenRegions = "between_regions"
	NoPlace        = "no_place"
)

// Place is what the allocation gives one person.
type Place struct {
	Person, From, Region string
	Rank                 int     // in priority order, 0 the most urgent
	Weight               float64 // priority weight, in (1, 2]
	MonthsLeft           float64 // to the release target (+Inf: open-ended)
	// Programme is the programme of the place, or, with no place, the
	// person's first current programme in catalogue order.
	Programme    string
	To, ToRegion string // the establishment of the place ("" with none)
	Month        int    // the month the place starts
	Kind         string // Local, WithinRegion, BetweenRegions or NoPlace
	// InReach is whether any start place of their programmes was within
	// reach: at an establishment that can hold them, starting in time.
	InReach bool
}

// Shadow is the shadow price of one more start place at an establishment
// × programme: the priority-weighted service it would add (the best
// month's capacity dual; 0 where nobody left without a place could use
// it).
type Shadow struct {
	Establishment, Programme string
	Month                    int
	Value                    float64
}

// Allocation is the estate-wide allocation of start places.
type Allocation struct {
	Options Options
	Slots   []Slot
	People  []Place  // in priority order
	Shadows []Shadow // by establishment, programme
	// Objective is the minimised Σ unplaced weights + λ Σ move costs.
	Objective float64
}

// Allocate allocates the start places of offs over the horizon to the
// sentenced people of ps (classified by cls) who have a current programme
// they can still finish and consolidate before release, by priority and
// then moves (the package doc).
func Allocate(ps []model.Profile, cls []model.Classification, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue, opt Options) (*Allocation, error) {
	if len(cls) != len(ps) {
		return nil, fmt.Errorf("allocate: %d classifications for %d people", len(cls), len(ps))
	}
	if opt.Horizon == 0 {
		opt.Horizon = 12
	}
	if opt.Delay == 0 {
		opt.Delay = DefaultDelay
	}
	if opt.Policy == "" {
		opt.Policy = model.ReleaseDate
	}
	opt.Lambda = model.Some(opt.Lambda.Or(DefaultLambda))
	if l := opt.Lambda.Val; !(l >= 0) || math.IsInf(l, 0) {
		return nil, fmt.Errorf("allocate: λ %v: want a finite number ≥ 0", l)
	}
	est := map[string]*model.Establishment{}
	for i := range ests {
		est[ests[i].Code] = &ests[i]
	}
	cs := candidates(ps, cls, est, cat, opt)
	rank(cs, opt.Policy)
	b := newBuilder(Slots(offs, cat, opt.Horizon), est, cat, opt)
	for r := range cs {
		b.add(&cs[r], r, &ps[cs[r].person])
	}
	sol, err := transport.SolveSparse(b.prob)
	if err != nil {
		return nil, fmt.Errorf("allocating start places: %w", err)
	}
	out := &Allocation{Options: opt, Slots: b.slots, Objective: sol.Cost}
	out.People = b.places(cs, ps, sol)
	out.Shadows = b.shadows(sol.Marginal)
	return out, nil
}

// candidates returns the people who may take a place, in data order: not
// remand, at a known establishment, with a release target, and with at
// least one current programme whose latest start has not passed.
func candidates(ps []model.Profile, cls []model.Classification, est map[string]*model.Establishment, cat *model.Catalogue, opt Options) []candidate {
	var cs []candidate
	for i := range ps {
		p, c := &ps[i], &cls[i]
		if p.SentenceType == model.Remand || est[p.Establishment] == nil || math.IsNaN(c.MonthsLeft) {
			continue
		}
		cd := candidate{person: i, left: c.MonthsLeft, served: p.SentenceStart.MonthsUntil(opt.AsOf), risk: c.PNI.Risk,
			id: p.PersonID, slack: math.Inf(1)}
		for j := range cat.Len() {
			if !c.Needed.Has(j) {
				continue
			}
			if s := c.Slack(cat, j); s >= 0 {
				cd.timeNeeds = append(cd.timeNeeds, need{prog: j, latest: s})
				cd.slack = math.Min(cd.slack, s)
			}
		}
		if len(cd.timeNeeds) > 0 {
			cs = append(cs, cd)
		}
	}
	return cs
}

// classKey groups people the allocation cannot tell apart: same home,
// sex, category, age band, move-cost band, priority step and programmes
// with the same last usable start month.
type classKey struct {
	home      string
	sex       model.Sex
	cat       model.Opt[model.SecurityCategory]
	age, band int
	bucket    int
	needs     string // programme:last month, …
}

// builder sets up the transportation problem: classes of people (sources)
// and start places by establishment × programme × month (destinations).
type builder struct {
	opt     Options
	est     map[string]*model.Establishment
	cat     *model.Catalogue
	slots   []Slot
	at      map[[2]string][]int // establishment, programme → slots (by month)
	runs    map[string][]string // programme → establishments with places
	classes []classKey
	idx     map[classKey]int
	members [][]int // by class: indices into the ranked candidates
	reach   []bool  // by class: any arc
	prob    transport.Sparse
}

func newBuilder(slots []Slot, est map[string]*model.Establishment, cat *model.Catalogue, opt Options) *builder {
	b := &builder{opt: opt, est: est, cat: cat, slots: slots, at: map[[2]string][]int{}, runs: map[string][]string{}, idx: map[classKey]int{}}
	b.prob.Capacity = make([]int, len(slots))
	for j, s := range slots {
		b.prob.Capacity[j] = s.Places
		k := [2]string{s.Establishment, s.Programme}
		if len(b.at[k]) == 0 && est[s.Establishment] != nil {
			b.runs[s.Programme] = append(b.runs[s.Programme], s.Establishment)
		}
		b.at[k] = append(b.at[k], j)
	}
	return b
}

// lastMonth is the last month whose places a need can take: one that ends
// by the latest start (month + 1 ≤ latest), within the horizon.
func (b *builder) lastMonth(latest float64) int {
	return int(math.Min(math.Floor(latest)-1, math.Ceil(b.opt.Horizon)))
}

// add puts candidate c (the r-th in priority order, profile p) in its
// class, making the class and its arcs when new.
func (b *builder) add(c *candidate, r int, p *model.Profile) {
	var sb strings.Builder
	for _, n := range c.timeNeeds {
		fmt.Fprintf(&sb, "%d:%d,", n.prog, b.lastMonth(n.latest))
	}
	k := classKey{home: p.Establishment, sex: p.Sex, cat: p.SecurityCategory, age: model.AgeBand(p.Age), band: model.CostBand(c.left),
		bucket: c.bucket, needs: sb.String()}
	i, ok := b.idx[k]
	if !ok {
		i = len(b.classes)
		b.idx[k] = i
		b.classes = append(b.classes, k)
		b.members = append(b.members, nil)
		b.prob.Supply = append(b.prob.Supply, 0)
		b.prob.Unplaced = append(b.prob.Unplaced, c.weight)
		arcs := b.arcs(k, c.timeNeeds)
		b.prob.Arcs = append(b.prob.Arcs, arcs)
		b.reach = append(b.reach, len(arcs) > 0)
	}
	b.members[i] = append(b.members[i], r)
	b.prob.Supply[i]++
}

// arcs lists the start places a class can take: for each of its
// programmes, at its home, or at an establishment that can hold them
// (model.MoveAllowed) a move's delay or more from now, in a month that
// ends by the latest start; a local place costs nothing, a move λ × its
// cost (model.MoveCost), cheapest first.
func (b *builder) arcs(k classKey, needs []need) []transport.Arc {
	home := b.est[k.home]
	var out []transport.Arc
	for _, n := range needs {
		prog := b.cat.At(n.prog).Code
		last := b.lastMonth(n.latest)
		for _, e := range b.runs[prog] {
			local := e == k.home
			to := b.est[e]
			if !local && !model.MoveAllowed(to, k.sex, k.cat, model.BandAge[k.age]) {
				continue
			}
			cost := 0.0
			if !local {
				cost = b.opt.Lambda.Val * moveCost(home, to, model.BandLeft[k.band])
			}
			for _, j := range b.at[[2]string{e, prog}] {
				s := &b.slots[j]
				if s.Month > last || !local && float64(s.Month) < b.opt.Delay {
					continue
				}
				out = append(out, transport.Arc{To: j, Cost: cost})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b transport.Arc) int { return cmp.Compare(a.Cost, b.Cost) })
	return out
}

// places reads each person's place from the solution: a class's places go
// to its members in priority order, along its arcs in order (cheapest
// first).
func (b *builder) places(cs []candidate, ps []model.Profile, sol *transport.SparseSolution) []Place {
	out := make([]Place, len(cs))
	for r := range cs {
		c := &cs[r]
		p := &ps[c.person]
		out[r] = Place{Person: p.PersonID, From: p.Establishment, Region: b.est[p.Establishment].Region, Rank: r, Weight: c.weight, MonthsLeft: c.left,
			Programme: b.cat.At(c.timeNeeds[0].prog).Code, Kind: NoPlace}
	}
	for i, members := range b.members {
		next := 0
		for k, f := range sol.Flow[i] {
			s := &b.slots[b.prob.Arcs[i][k].To]
			for range f {
				pl := &out[members[next]]
				next++
				to := b.est[s.Establishment]
				pl.Programme, pl.To, pl.ToRegion, pl.Month = s.Programme, s.Establishment, to.Region, s.Month
				switch {
				case pl.To == pl.From:
					pl.Kind = Local
				case pl.ToRegion == pl.Region:
					pl.Kind = WithinRegion
				default:
					pl.Kind = BetweenRegions
				}
			}
		}
		for _, r := range members {
			out[r].InReach = b.reach[i]
		}
	}
	return out
}

// shadows returns each establishment × programme's shadow price: the
// largest capacity dual over its months (below 1e-9, rounding: 0).
func (b *builder) shadows(marginal []float64) []Shadow {
	var out []Shadow
	for j, s := range b.slots {
		v := marginal[j]
		if v < 1e-9 {
			v = 0
		}
		if n := len(out); n > 0 && out[n-1].Establishment == s.Establishment && out[n-1].Programme == s.Programme {
			if v > out[n-1].Value {
				out[n-1].Value, out[n-1].Month = v, s.Month
			}
			continue
		}
		out = append(out, Shadow{Establishment: s.Establishment, Programme: s.Programme, Month: s.Month, Value: v})
	}
	return out
}
