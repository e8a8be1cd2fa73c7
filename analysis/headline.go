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
	if !overlaps(&c.Needed, &u.mask) {
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
	units := Units(cat, opt.Suites.Programmes(cat))
	accs := map[string]*headlineAcc{}
	acc := func(est string) *headlineAcc {
		a := accs[est]
		if a == nil {
			a = &headlineAcc{rows: make([]Headline, len(units)), flowW: make([]float64, len(units))}
			for u := range units {
				a.rows[u] = Headline{Level: ByEstablishment, Key: est, Kind: units[u].Kind, Unit: units[u].Name, Core: units[u].Core}
			}
			accs[est] = a
		}
		return a
	}
	totalW := map[string]float64{}
	for i := range ps {
		p, c := &ps[i], &cls[i]
		stay, known := model.StayMonths(p, opt.AsOf)
		if known {
			totalW[p.Establishment] += 1 / stay
		}
		a := acc(p.Establishment)
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
			case slack <= opt.Horizon:
				h.MustStart++
			default:
				h.Later++
			}
			if known && stay >= minTime {
				a.flowW[u] += 1 / stay
			}
		}
	}
	for _, o := range offs {
		g, ok := cat.Lookup(o.Programme)
		j, _ := cat.Index(o.Programme)
		if !ok || !o.Referable {
			continue
		}
		a := acc(o.Establishment)
		for u := range units {
			if slices.Contains(units[u].Progs, j) {
				a.rows[u].Places += o.AnnualPlaces(g)
			}
		}
	}
	sorted := slices.Clone(ests)
	slices.SortFunc(sorted, func(a, b model.Establishment) int { return strings.Compare(a.Code, b.Code) })
	for _, e := range sorted {
		a := acc(e.Code)
		flowOf := func(u int) float64 { return 12 * a.flowW[u] }
		if r, explicit := opt.Receptions[e.Code]; explicit {
			flowOf = func(u int) float64 {
				if totalW[e.Code] == 0 {
					return 0
				}
				return r * a.flowW[u] / totalW[e.Code]
			}
			if r > 0 && totalW[e.Code] == 0 {
				// As AnalyseGaps: the mix of similar establishments.
				if mix, _, ok := peerMix(e, sorted, opt.Suites, totalW, func(est, unit string) float64 {
					if b := accs[est]; b != nil {
						return b.flowW[slices.IndexFunc(units, func(x Unit) bool { return string(x.Kind)+":"+x.Name == unit })]
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
	return rollUpHeadlines(accs, ests)
}

// rollUpHeadlines sums the establishments' rows into regions and the
// estate (people are distinct across establishments: each is held at one)
// and sorts every row.
func rollUpHeadlines(accs map[string]*headlineAcc, ests []model.Establishment) []Headline {
	regionOf := map[string]string{}
	for _, e := range ests {
		regionOf[e.Code] = e.Region
	}
	type key struct {
		level GroupBy
		key   string
		u     int
	}
	sums := map[key]*Headline{}
	var out []Headline
	// Establishments in code order, so that the regions' and the estate's
	// sums of flows (floating point) come out the same on every run.
	codes := make([]string, 0, len(accs))
	for est := range accs {
		codes = append(codes, est)
	}
	slices.Sort(codes)
	for _, est := range codes {
		a := accs[est]
		for u := range a.rows {
			h := a.rows[u]
			if h.People == 0 && h.Places == 0 && h.Flow == 0 {
				continue
			}
			out = append(out, h)
			keys := []key{{ByEstate, EstateKey, u}}
			if r, ok := regionOf[est]; ok {
				keys = append(keys, key{ByRegion, r, u})
			}
			for _, k := range keys {
				s := sums[k]
				if s == nil {
					s = &Headline{Level: k.level, Key: k.key, Kind: h.Kind, Unit: h.Unit, Core: h.Core}
					sums[k] = s
				}
				s.People += h.People
				s.NoTime += h.NoTime
				s.MustStart += h.MustStart
				s.Later += h.Later
				s.Flow += h.Flow
				s.Places += h.Places
			}
		}
	}
	for _, s := range sums {
		out = append(out, *s)
	}
	unitRank := map[[2]string]int{}
	for _, a := range accs {
		for u, h := range a.rows {
			unitRank[[2]string{string(h.Kind), h.Unit}] = u
		}
		break
	}
	level := map[GroupBy]int{ByEstate: 0, ByRegion: 1, ByEstablishment: 2}
	slices.SortFunc(out, func(a, b Headline) int {
		return cmp.Or(cmp.Compare(level[a.Level], level[b.Level]), strings.Compare(a.Key, b.Key),
			cmp.Compare(unitRank[[2]string{string(a.Kind), a.Unit}], unitRank[[2]string{string(b.Kind), b.Unit}]))
	})
	return out
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
