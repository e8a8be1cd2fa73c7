package analysis

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"needsplan/model"
)

// UnitKind says what a headline row counts people for.
type UnitKind string

// Unit kinds, in report order.
const (
	// AnyUnit counts people who need any programme now.
	AnyUnit UnitKind = "any"
	// CoreUnit counts people whose current core programme is one of the
	// suite's (at most one each: model.Plan).
	CoreUnit UnitKind = "core"
	// FamilyUnit counts people who need a programme of one family.
	FamilyUnit UnitKind = "family"
	// ProgrammeUnit counts people who need one programme.
	ProgrammeUnit UnitKind = "programme"
)

// Unit is a set of programmes a headline counts distinct people for.
type Unit struct {
	Kind UnitKind
	// Name is the programme's code, the family's name, or "any" / "core".
	Name  string
	Progs []int // catalogue indices
	// Core marks a core family (model.CoreRole).
	Core bool
	mask model.ProgrammeSet // Progs as a set, to skip people who need none
}

// Units returns the headline's units over the programmes progs: any
// programme, the core programmes, each family with a programme in progs
// (in routing order), then each programme (in code order).
func Units(cat *model.Catalogue, progs []int) []Unit {
	all := Unit{Kind: AnyUnit, Name: string(AnyUnit), Progs: slices.Clone(progs)}
	core := Unit{Kind: CoreUnit, Name: string(CoreUnit)}
	fams := make([]Unit, len(cat.Families()))
	for k, f := range cat.Families() {
		fams[k] = Unit{Kind: FamilyUnit, Name: f.Name, Core: f.Role == model.CoreRole}
	}
	var each []Unit
	for _, i := range progs {
		if cat.IsCore(i) {
			core.Progs = append(core.Progs, i)
		}
		if k := cat.Family(i); k >= 0 {
			fams[k].Progs = append(fams[k].Progs, i)
		}
		each = append(each, Unit{Kind: ProgrammeUnit, Name: cat.At(i).Code, Progs: []int{i}})
	}
	out := []Unit{all, core}
	for _, f := range fams {
		if len(f.Progs) > 0 {
			out = append(out, f)
		}
	}
	out = append(out, each...)
	for u := range out {
		for _, i := range out[u].Progs {
			out[u].mask.Add(i)
		}
	}
	return out
}

// needs reports whether c needs a programme of u now and, if so, the
// person's slack for u: the months they can wait before starting the most
// urgent programme of u they still have time for (model.Classification.Slack;
// negative when they have time for none, NaN when the release is unknown),
// and the least time needed by any programme of u they need.
func (u *Unit) needs(cat *model.Catalogue, c *model.Classification) (need bool, slack, minTime float64) {
	// best: the least slack among programmes in time (+Inf for an
	// open-ended stay, which is in time); late: the largest among the rest.
	if !c.Needed.Overlaps(&u.mask) {
		return false, 0, 0
	}
	best, late, inTime := math.Inf(1), math.Inf(-1), false
	minTime = math.Inf(1)
	for _, i := range u.Progs {
		if !c.Needed.Has(i) {
			continue
		}
		need = true
		minTime = min(minTime, cat.TimeNeeded(i))
		switch s := c.Slack(cat, i); {
		case math.IsNaN(s):
			return true, s, minTime
		case s >= 0:
			best, inTime = min(best, s), true
		default:
			late = max(late, s)
		}
	}
	if inTime {
		return need, best, minTime
	}
	return need, late, minTime
}

// Headline is the demand of one unit in one place, decomposed as planners
// count it (docs/gap-analysis.md, "The headline"). People are distinct
// people; Flow and Places are a year's.
type Headline struct {
	Level GroupBy // establishment, region or estate
	Key   string  // establishment code, region name or "estate"
	Kind  UnitKind
	Unit  string // programme code, family name, "core" or "any"
	// Core marks the row of a core family: the core row is their sum.
	Core bool
	// People counts distinct people who need a programme of the unit now.
	People int
	// Of them: NoTime cannot finish one and consolidate before release
	// (or their release is unknown); MustStart must start within the
	// horizon to do so; Later can start after it.
	NoTime, MustStart, Later int
	// Flow is the new people a year who will need a programme of the unit
	// and have time to complete it; Places the unit's places a year.
	Flow, Places float64
}

// WithTime returns the people who can still start in time.
func (h *Headline) WithTime() int { return h.MustStart + h.Later }

// Coverage returns the steady-state coverage, places a year ÷ annual flow:
// +Inf with places and no flow, NaN with neither.
func (h *Headline) Coverage() float64 {
	if h.Flow == 0 && h.Places == 0 {
		return math.NaN()
	}
	return coverage(h.Places, h.Flow)
}

// YearsToClear returns the years current places take to clear the
// must-start backlog once the annual flow is served: MustStart ÷ (Places −
// Flow); 0 with no backlog, +Inf ("never") when places do not exceed the
// flow.
func (h *Headline) YearsToClear() float64 {
	switch {
	case h.MustStart == 0:
		return 0
	case h.Places <= h.Flow:
		return math.Inf(1)
	}
	return float64(h.MustStart) / (h.Places - h.Flow)
}

// headlineAcc gathers one establishment's headline counts by unit.
type headlineAcc struct {
	rows  []Headline
	flowW []float64 // Σ 1/stay over people of each unit with time (AnalyseGaps)
}

// tally is one pass over the people that both the headline and the gap
// analysis read: each establishment's counts by unit (Headline's people,
// no time, must start, later), its flow weights by unit (Σ 1/stay over
// people who need the unit with a stay of at least its least time needed)
// and its reception weight Σ 1/stay over the sentenced (AnalyseGaps).
type tally struct {
	units  []Unit
	accs   map[string]*headlineAcc
	totalW map[string]float64
}

// tallyPeople counts ps (classified by cls) by establishment and unit over
// a horizon of horizon months.
func tallyPeople(ps []model.Profile, cls []model.Classification, cat *model.Catalogue, units []Unit, asOf model.Date, horizon float64) *tally {
	t := newTally(units)
	t.add(ps, cls, cat, asOf, horizon)
	return t
}

// newTally returns an empty tally of units.
func newTally(units []Unit) *tally {
	return &tally{units: units, accs: map[string]*headlineAcc{}, totalW: map[string]float64{}}
}

// add counts ps (classified by cls) over a horizon of horizon months.
// People must be added in file order: the flow weights are sums of
// fractions, and a sum's last digits depend on its order.
func (t *tally) add(ps []model.Profile, cls []model.Classification, cat *model.Catalogue, asOf model.Date, horizon float64) {
	units := t.units
	for i := range ps {
		p, c := &ps[i], &cls[i]
		stay, known := model.StayMonths(p, asOf)
		if known {
			t.totalW[p.Establishment] += 1 / stay
		}
		a := t.acc(p.Establishment)
		for u := range units {
			need, slack, minTime := units[u].needs(cat, c)
			if !need {
				continue
			}
			h := &a.rows[u]
			h.People++
			switch {
			case !(slack >= 0):
				h.NoTime++
			case slack <= horizon:
				h.MustStart++
			default:
				h.Later++
			}
			if known && stay >= minTime {
				a.flowW[u] += 1 / stay
			}
		}
	}
}

// acc returns establishment est's counts, empty the first time.
func (t *tally) acc(est string) *headlineAcc {
	a := t.accs[est]
	if a == nil {
		a = &headlineAcc{rows: make([]Headline, len(t.units)), flowW: make([]float64, len(t.units))}
		for u, un := range t.units {
			a.rows[u] = Headline{Level: ByEstablishment, Key: est, Kind: un.Kind, Unit: un.Name, Core: un.Core}
		}
		t.accs[est] = a
	}
	return a
}

// Headlines decomposes demand for every unit by establishment, region and
// the estate (docs/gap-analysis.md, "The headline"): cls[i] classifies
// ps[i]; offs give the places; receptions the annual sentenced receptions
// each establishment's flow is scaled to when given explicitly (as
// AnalyseGaps). Rows are sorted by level (estate, region, establishment),
// key, and unit (any, core, families in routing order, programmes).
func Headlines(ps []model.Profile, cls []model.Classification, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue, opt GapOptions) []Headline {
	if opt.Horizon == 0 {
		opt.Horizon = 12
	}
	return tallyPeople(ps, cls, cat, Units(cat, opt.Suites.Programmes(cat)), opt.AsOf, opt.Horizon).headlines(ests, offs, cat, opt)
}

// headlines finishes the headline from the tally: the places a year of
// each unit from the offerings, the flows a year (scaled to explicit
// receptions, with the mix of similar establishments where one has no
// sentenced people, as AnalyseGaps), and the regions' and estate's rows.
func (t *tally) headlines(ests []model.Establishment, offs []model.Offering, cat *model.Catalogue, opt GapOptions) []Headline {
	units := t.units
	for _, o := range offs {
		g, ok := cat.Lookup(o.Programme)
		j, _ := cat.Index(o.Programme)
		if !ok || !o.Referable {
			continue
		}
		a := t.acc(o.Establishment)
		for u := range units {
			if slices.Contains(units[u].Progs, j) {
				a.rows[u].Places += o.AnnualPlaces(g)
			}
		}
	}
	unitOf := map[string]int{}
	for u := range units {
		unitOf[string(units[u].Kind)+":"+units[u].Name] = u
	}
	sorted := slices.Clone(ests)
	slices.SortFunc(sorted, func(a, b model.Establishment) int { return strings.Compare(a.Code, b.Code) })
	for _, e := range sorted {
		a, w := t.acc(e.Code), t.totalW[e.Code]
		flowOf := func(u int) float64 { return 12 * a.flowW[u] }
		if r, explicit := opt.Receptions[e.Code]; explicit {
			flowOf = func(u int) float64 {
				if w == 0 {
					return 0
				}
				return r * a.flowW[u] / w
			}
			if r > 0 && w == 0 {
				// As AnalyseGaps: the mix of similar establishments.
				if mix, _, ok := peerMix(e, sorted, opt.Suites, t.totalW, func(est, unit string) float64 {
					if b := t.accs[est]; b != nil {
						return b.flowW[unitOf[unit]]
					}
					return 0
				}); ok {
					flowOf = func(u int) float64 { return r * mix(string(units[u].Kind)+":"+units[u].Name) }
				}
			}
		}
		for u := range units {
			a.rows[u].Flow = flowOf(u)
		}
	}
	rows := make(map[string][]Headline, len(t.accs))
	for est, a := range t.accs {
		rows[est] = a.rows
	}
	return rollUp(rows, ests, func(level GroupBy, key string, h *Headline) Headline {
		return Headline{Level: level, Key: key, Kind: h.Kind, Unit: h.Unit, Core: h.Core}
	}, func(to, from *Headline) {
		to.People += from.People
		to.NoTime += from.NoTime
		to.MustStart += from.MustStart
		to.Later += from.Later
		to.Flow += from.Flow
		to.Places += from.Places
	}, func(h *Headline) bool { return h.People != 0 || h.Places != 0 || h.Flow != 0 })
}

// Unrouted counts people with an identified need in a family that no
// programme of their suite fits (model.Plan.Unrouted), by family, suite and
// reason.
type Unrouted struct {
	Family string
	Suite  model.Suite
	// Reason is model.Catalogue.UnroutedReason: each programme of the
	// family and the first of its rules the person fails.
	Reason string
	People int
}

// UnroutedNeeds lists the people the catalogue cannot route, grouped by
// family, suite and reason, largest first (ties by family, suite, reason):
// never dropped silently.
func UnroutedNeeds(ps []model.Profile, cls []model.Classification, cat *model.Catalogue, suites SuitePlan) []Unrouted {
	// Grouped by the compact reason (model.Why), written once per group.
	counts := map[model.Why]int{}
	countUnrouted(counts, ps, cls, cat, suites)
	return unrouted(counts, cat)
}

// countUnrouted adds the people of ps the catalogue cannot route to counts,
// by compact reason.
func countUnrouted(counts map[model.Why]int, ps []model.Profile, cls []model.Classification, cat *model.Catalogue, suites SuitePlan) {
	for i := range ps {
		c := &cls[i]
		if c.Unrouted == 0 {
			continue
		}
		s := suites.For(ps[i].Establishment)
		for k := range cat.Families() {
			if c.Unrouted.Has(k) {
				counts[cat.Why(&ps[i], &c.PNI, s, k)]++
			}
		}
	}
}

// unrouted lists the counts by reason as UnroutedNeeds does.
func unrouted(counts map[model.Why]int, cat *model.Catalogue) []Unrouted {
	// Two Whys can read alike (a pathway the text does not name): add them.
	byText := map[[3]string]int{}
	for w, n := range counts {
		byText[[3]string{cat.Families()[w.Family].Name, string(w.Suite), cat.ReasonText(w)}] += n
	}
	out := make([]Unrouted, 0, len(byText))
	for k, n := range byText {
		out = append(out, Unrouted{Family: k[0], Suite: model.Suite(k[1]), Reason: k[2], People: n})
	}
	slices.SortFunc(out, func(a, b Unrouted) int {
		return cmp.Or(cmp.Compare(b.People, a.People), strings.Compare(a.Family, b.Family),
			strings.Compare(string(a.Suite), string(b.Suite)), strings.Compare(a.Reason, b.Reason))
	})
	return out
}
