package analysis

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"needsplan/model"
)

// GapClass classifies an establishment's provision of a programme against
// its demand.
type GapClass string

// Gap classes. The first two are the inspectors' two reasons for waiting:
// the prison did not run the programme (25% of waits) or did not run it often
// enough (28%) (programmes.md, seed 000).
const (
	NotRunHere        GapClass = "not_run_here"
	NotRunOftenEnough GapClass = "not_run_often_enough"
	Sufficient        GapClass = "sufficient"
	Surplus           GapClass = "surplus"
)

// GapClasses lists the classes in report order.
var GapClasses = []GapClass{NotRunHere, NotRunOftenEnough, Sufficient, Surplus}

// GapOptions sets up a gap analysis.
type GapOptions struct {
	AsOf    model.Date
	Horizon float64 // planning horizon in months (12)
	Suites  SuitePlan
	// Receptions, when set for an establishment, is its explicit annual
	// rate of sentenced receptions; otherwise the rate is estimated from
	// the stock (see Flow).
	Receptions map[string]float64
	// SurplusRatio is the coverage at or above which places are surplus
	// (2: twice the demand).
	SurplusRatio float64
}

// Gap is one establishment × programme: demand over the horizon against the
// places it offers.
type Gap struct {
	Establishment string
	Region        string
	Programme     string
	Stock         float64 // people now needing it with time to complete it before release
	Flow          float64 // expected new such people arriving over the horizon
	Demand        float64 // Stock + Flow
	Places        float64 // places over the horizon (annual places × horizon / 12)
	Completions   float64 // Places × the catalogue's completion rate
	Gap           float64 // Places − Demand
	Coverage      float64 // Places / Demand; +Inf when there is no demand
	// MinGroup is the fewest people who can start a cohort here: the
	// offering's min_group_size, else the catalogue's (at least 1).
	MinGroup float64
	Class    GapClass
	// SurplusBy names the rule that classed the row surplus; empty for the
	// other classes.
	SurplusBy SurplusRule
}

// SurplusRule names the rule of docs/gap-analysis.md that classed a row
// surplus.
type SurplusRule string

// Surplus rules, in the order they are tried.
const (
	// NoLocalNeed: places with demand below half a person.
	NoLocalNeed SurplusRule = "no_local_need"
	// CoverageAtLeast: places at least SurplusRatio times the demand.
	CoverageAtLeast SurplusRule = "coverage_at_least_ratio"
	// BelowOneCohort: demand too small to fill one minimum cohort.
	BelowOneCohort SurplusRule = "demand_below_one_cohort"
)

// Rollup sums gaps over a region, the estate, or a programme nationally.
type Rollup struct {
	Key       string // region name, "estate", or a programme code
	Programme string // the programme, or "" for all programmes
	Demand    float64
	Places    float64
	Gap       float64
	Coverage  float64
	// Unmet is the demand that places cannot serve, split by why: no local
	// offering, or too few places.
	UnmetNotRun, UnmetNotOften float64
	Count                      map[GapClass]int
}

// Gaps is a gap analysis.
type Gaps struct {
	Options GapOptions
	Rows    []Gap // every establishment × programme with demand or places, sorted
	// ByRegion holds a rollup per region × programme and per region (all
	// programmes, Programme "").
	ByRegion []Rollup
	// ByProgramme holds the national rollup of each programme.
	ByProgramme []Rollup
	Estate      Rollup
	// Receptions is the annual rate of sentenced receptions used for each
	// establishment (given or estimated).
	Receptions map[string]float64
	// Headlines decompose demand by unit for every establishment, region
	// and the estate (Headlines).
	Headlines []Headline
	// Consolidation is the catalogue's consolidation window in months,
	// part of every programme's time needed (model.Catalogue.TimeNeeded).
	Consolidation float64
	// Ranges give the same demand with a range for the stale and
	// unassessed, for every establishment, region and the estate
	// (ImputeDemand with its default staleness and confidence).
	Ranges []DemandRange
	// Warnings note where the analysis had to fall back, e.g. an explicit
	// receptions rate at an establishment with no sentenced people, whose
	// programme mix came from similar establishments. Sorted by
	// establishment.
	Warnings []string
}

// AnalyseGaps computes demand over the horizon and supply for every
// establishment × programme of the suites in use (docs/gap-analysis.md).
//
// Stock: people at the establishment who need the programme (cls) and have
// at least its months_needed before release. Flow: a person with a stay of S
// months is in the stock with a probability proportional to S
// (length-biased sampling; Cox 1962, Renewal Theory §5.4), so each sentenced
// person stands for 1/S receptions a month like them, and the expected
// arrivals over H months who will need the programme and stay long enough to
// complete it is H × Σ 1/S over such people. With an explicit receptions
// rate R for the establishment, the same weights give the shares and R × H/12
// the number; where the establishment has no sentenced people to give the
// shares, they come from similar establishments (see peerMix) and a warning
// says so.
func AnalyseGaps(ps []model.Profile, cls []model.Classification, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue, opt GapOptions) *Gaps {
	if opt.Horizon == 0 {
		opt.Horizon = 12
	}
	if opt.SurplusRatio == 0 {
		opt.SurplusRatio = 2
	}
	progs := opt.Suites.Programmes(cat)
	// The range reads the people on its own; the rows and the headline
	// share one tally of them (tallyPeople), whose programme units give
	// each establishment × programme's stock (people in time: must start
	// or later) and flow weight.
	var ranges []DemandRange
	var wg sync.WaitGroup
	wg.Go(func() { ranges = ImputeDemand(ps, cls, ests, cat, ImputeOptions{AsOf: opt.AsOf, Suites: opt.Suites}) })
	t := tallyPeople(ps, cls, cat, Units(cat, progs), opt.AsOf, opt.Horizon)
	type key struct{ est, prog string }
	stock := map[key]float64{}
	flowW := map[key]float64{}
	totalW := t.totalW
	for est, a := range t.accs {
		for u, un := range t.units {
			if un.Kind == ProgrammeUnit {
				stock[key{est, un.Name}] = float64(a.rows[u].WithTime())
				flowW[key{est, un.Name}] = a.flowW[u]
			}
		}
	}
	out := &Gaps{Options: opt, Receptions: map[string]float64{}}
	for _, e := range ests {
		if r, ok := opt.Receptions[e.Code]; ok {
			out.Receptions[e.Code] = r
		} else {
			out.Receptions[e.Code] = 12 * totalW[e.Code]
		}
	}
	places := map[key]float64{}
	minGroup := map[key]float64{}
	for _, o := range offs {
		g, ok := cat.Lookup(o.Programme)
		if !ok || !o.Referable {
			continue
		}
		k := key{o.Establishment, o.Programme}
		places[k] += o.AnnualPlaces(g) * opt.Horizon / 12
		// The offering's own min_group_size overrides the catalogue's
		// (data-contract.md §3).
		if o.MinGroupSize.OK {
			minGroup[k] = float64(o.MinGroup(g))
		}
		// A programme offered but outside the suites in use still has places.
		if j, _ := cat.Index(o.Programme); !slices.Contains(progs, j) {
			progs = append(progs, j)
		}
	}
	slices.Sort(progs)
	sorted := slices.Clone(ests)
	slices.SortFunc(sorted, func(a, b model.Establishment) int { return strings.Compare(a.Code, b.Code) })
	for _, e := range sorted {
		r, explicit := opt.Receptions[e.Code]
		// share returns the share of e's sentenced receptions who will need
		// programme prog and stay long enough to complete it.
		share := func(prog string) float64 { return flowW[key{e.Code, prog}] / totalW[e.Code] }
		if explicit && r > 0 && totalW[e.Code] == 0 {
			mix, peers, ok := peerMix(e, sorted, opt.Suites, totalW, func(est, prog string) float64 { return flowW[key{est, prog}] })
			if ok {
				share = mix
				out.Warnings = append(out.Warnings, fmt.Sprintf("%s holds no sentenced people to split its %s receptions a year by programme: used the programme mix of %s",
					e.Code, strconv.FormatFloat(r, 'f', -1, 64), peers))
			} else {
				share = func(string) float64 { return 0 }
				out.Warnings = append(out.Warnings, fmt.Sprintf("%s holds no sentenced people, nor does any establishment with its suite (%s): its %s receptions a year give no flow",
					e.Code, opt.Suites.For(e.Code), strconv.FormatFloat(r, 'f', -1, 64)))
			}
		}
		for _, j := range progs {
			g := cat.At(j)
			k := key{e.Code, g.Code}
			flow := opt.Horizon * flowW[k]
			if explicit {
				flow = 0
				if r > 0 {
					flow = r * opt.Horizon / 12 * share(g.Code)
				}
			}
			row := Gap{Establishment: e.Code, Region: e.Region, Programme: g.Code,
				Stock: stock[k], Flow: flow, Places: places[k]}
			row.Demand = row.Stock + row.Flow
			if row.Demand < noNeed && row.Places == 0 {
				continue
			}
			row.MinGroup = float64((&model.Offering{}).MinGroup(g)) // the catalogue's
			if m, ok := minGroup[k]; ok {
				row.MinGroup = m
			}
			row.Completions = row.Places * g.CompletionRate.Value
			row.Gap = row.Places - row.Demand
			row.Coverage = coverage(row.Places, row.Demand)
			row.Class, row.SurplusBy = classify(row.Places, row.Demand, row.MinGroup, opt.SurplusRatio)
			out.Rows = append(out.Rows, row)
		}
	}
	out.rollup()
	out.Consolidation = cat.Consolidation().Value
	out.Headlines = t.headlines(ests, offs, cat, opt)
	wg.Wait()
	out.Ranges = ranges
	return out
}

// peerMix returns, for an establishment e with no sentenced people, the
// programme mix of its sentenced receptions taken from similar
// establishments: those with the same function, sex held and suite; failing
// any, the same sex held and suite; failing any, the same suite. The mix of a
// group is Σ flow weights / Σ reception weights over its members (the
// length-biased weights of AnalyseGaps), so larger flows count for more.
// It also describes the group, and reports false when no group has
// sentenced people.
func peerMix(e model.Establishment, ests []model.Establishment, plan SuitePlan, totalW map[string]float64, flowW func(est, prog string) float64) (func(prog string) float64, string, bool) {
	suite := plan.For(e.Code)
	levels := []struct {
		match func(o model.Establishment) bool
		what  string
	}{
		{func(o model.Establishment) bool { return o.Function == e.Function && o.Holds == e.Holds }, fmt.Sprintf("%s holding %s", functionPlural(e.Function), e.Holds.Words())},
		{func(o model.Establishment) bool { return o.Holds == e.Holds }, "establishments holding " + e.Holds.Words()},
		{func(model.Establishment) bool { return true }, "all establishments"},
	}
	for _, l := range levels {
		var peers []string
		var w float64
		for _, o := range ests {
			if o.Code != e.Code && totalW[o.Code] > 0 && plan.For(o.Code) == suite && l.match(o) {
				peers = append(peers, o.Code)
				w += totalW[o.Code]
			}
		}
		if len(peers) == 0 {
			continue
		}
		mix := func(prog string) float64 {
			var f float64
			for _, p := range peers {
				f += flowW(p, prog)
			}
			return f / w
		}
		list := strings.Join(peers, ", ")
		if len(peers) > 8 {
			list = fmt.Sprintf("%s, … %d in all", strings.Join(peers[:8], ", "), len(peers))
		}
		return mix, fmt.Sprintf("%s with suite %s (%s)", l.what, suite, list), true
	}
	return nil, "", false
}

// NewGaps builds a gap analysis from rows already computed (a scenario, a
// test fixture): it sorts them by establishment and programme, gives a
// surplus row without its rule the one its numbers meet, and rolls them up.
func NewGaps(rows []Gap, opt GapOptions) *Gaps {
	if opt.SurplusRatio == 0 {
		opt.SurplusRatio = 2 // AnalyseGaps's default
	}
	gs := &Gaps{Options: opt, Rows: slices.Clone(rows), Receptions: map[string]float64{}}
	for i := range gs.Rows {
		// A surplus row given without its rule gets the rule its numbers
		// meet (docs/gap-analysis.md), as AnalyseGaps would give it.
		if r := &gs.Rows[i]; r.Class == Surplus && r.SurplusBy == "" {
			if class, rule := classify(r.Places, r.Demand, r.MinGroup, opt.SurplusRatio); class == Surplus {
				r.SurplusBy = rule
			}
		}
	}
	slices.SortFunc(gs.Rows, func(a, b Gap) int {
		if c := strings.Compare(a.Establishment, b.Establishment); c != 0 {
			return c
		}
		return strings.Compare(a.Programme, b.Programme)
	})
	gs.rollup()
	return gs
}

func coverage(places, demand float64) float64 {
	if demand == 0 {
		return math.Inf(1)
	}
	return places / demand
}

// noNeed is the demand below which a row has no local need: less than half
// a person over the horizon (rows with less and no places are left out).
const noNeed = 0.5

// classify applies the rules of docs/gap-analysis.md: no places → not run
// here; fewer places than demand → not run often enough; demand below half
// a person, places at least surplusRatio times the demand, or demand below
// one minimum cohort (minGroup) → surplus, with the rule that applied;
// otherwise sufficient.
func classify(places, demand, minGroup, surplusRatio float64) (GapClass, SurplusRule) {
	switch {
	case places == 0:
		return NotRunHere, ""
	case places < demand:
		return NotRunOftenEnough, ""
	case demand < noNeed:
		return Surplus, NoLocalNeed
	case places >= surplusRatio*demand:
		return Surplus, CoverageAtLeast
	case demand < minGroup:
		return Surplus, BelowOneCohort
	}
	return Sufficient, ""
}

func (gs *Gaps) rollup() {
	add := func(r *Rollup, g *Gap) {
		if r.Count == nil {
			r.Count = map[GapClass]int{}
		}
		r.Demand += g.Demand
		r.Places += g.Places
		r.Count[g.Class]++
		switch g.Class {
		case NotRunHere:
			r.UnmetNotRun += g.Demand
		case NotRunOftenEnough:
			r.UnmetNotOften += g.Demand - g.Places
		}
	}
	finish := func(r *Rollup) {
		r.Gap = r.Places - r.Demand
		r.Coverage = coverage(r.Places, r.Demand)
	}
	region := map[[2]string]*Rollup{}
	prog := map[string]*Rollup{}
	gs.Estate = Rollup{Key: EstateKey}
	for i := range gs.Rows {
		g := &gs.Rows[i]
		for _, k := range [][2]string{{g.Region, g.Programme}, {g.Region, ""}} {
			if region[k] == nil {
				region[k] = &Rollup{Key: k[0], Programme: k[1]}
			}
			add(region[k], g)
		}
		if prog[g.Programme] == nil {
			prog[g.Programme] = &Rollup{Key: g.Programme, Programme: g.Programme}
		}
		add(prog[g.Programme], g)
		add(&gs.Estate, g)
	}
	finish(&gs.Estate)
	for _, r := range region {
		finish(r)
		gs.ByRegion = append(gs.ByRegion, *r)
	}
	for _, r := range prog {
		finish(r)
		gs.ByProgramme = append(gs.ByProgramme, *r)
	}
	slices.SortFunc(gs.ByRegion, func(a, b Rollup) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return strings.Compare(a.Programme, b.Programme)
	})
	slices.SortFunc(gs.ByProgramme, func(a, b Rollup) int { return strings.Compare(a.Key, b.Key) })
}

// Largest returns the n rows with the largest shortfall (most negative gap),
// ties broken by establishment and programme.
func (gs *Gaps) Largest(n int) []Gap {
	rows := slices.Clone(gs.Rows)
	slices.SortStableFunc(rows, func(a, b Gap) int {
		switch {
		case a.Gap < b.Gap:
			return -1
		case a.Gap > b.Gap:
			return 1
		}
		return 0
	})
	return rows[:min(n, len(rows))]
}

// functionPlural names establishments of function f in a sentence: "local
// prisons", "category C training prisons", "other establishments".
func functionPlural(f model.Function) string {
	if f == model.OtherFunc {
		return "other establishments"
	}
	w := f.Words()
	return strings.ToLower(w[:1]) + w[1:] + "s"
}
