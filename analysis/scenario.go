package analysis

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"

	"needsplan/model"
)

// ScenarioChanges is a scenario turned into what the simulation takes: the
// offerings at the start, the shocks over time, and the receptions scaled by
// growth.
type ScenarioChanges struct {
	Offerings  []model.Offering
	Shocks     []model.Shock
	Receptions map[string]float64
}

// ChangeError is a scenario change that cannot be applied: it would take
// an offering beyond the limits. File and Line name the change.
type ChangeError struct {
	File   string
	Line   int
	Column string
	Value  string
	Msg    string
}

func (e *ChangeError) Error() string {
	return fmt.Sprintf("%s: line %d, column %q: value %q: %s", e.File, e.Line, e.Column, e.Value, e.Msg)
}

// ApplyScenario applies a scenario's changes (docs/scenarios.md) to the
// baseline offerings and receptions.
//
// Offering changes from month 0 change the offerings, in the order given.
// Later ones, in the order of their months (ties in the order given),
// become shocks that change groups_per_year from then on, each applied to
// the value the earlier changes left: remove gives 0, set the value, scale
// the value × factor, add the value + groups_per_year (set and add change
// one-to-one places by one_to_one_places likewise, when given). An offering a timed
// add creates is listed from the start (so that people are referred to it)
// with no places, as every static analysis sees what runs at the start; its
// shock gives it the places from the add's month. For an offering with only
// one-to-one places the shocks carry the one-to-one places a year.
//
// A team change becomes a shock scaling the teams over its period; a factor
// of 0 means no teams there: no group delivery (one-to-one places need no
// team), as in the simulation's team shocks. Suspensions
// become shocks. Growth multiplies every establishment's receptions by
// 1 + growth (GrowStock grows the stock).
//
// It is an error (*ChangeError) for a change to take an offering above 366
// groups or 10,000 one-to-one places a year.
func ApplyScenario(sc *model.Scenario, ests []model.Establishment, offs []model.Offering, receptions map[string]float64) (ScenarioChanges, error) {
	out := ScenarioChanges{Offerings: slices.Clone(offs), Receptions: map[string]float64{}}
	byCode := map[string]*model.Establishment{}
	for i := range ests {
		byCode[ests[i].Code] = &ests[i]
	}
	hit := func(o *model.Offering, c *model.OfferingChange) bool {
		e := byCode[o.Establishment]
		return e != nil && e.Matches(c.Establishment, c.Region) && (c.Programme == "" || o.Programme == c.Programme)
	}
	limit := func(c *model.OfferingChange, o *model.Offering, groups, oneToOne float64) error {
		if groups > model.MaxGroupsPerYear || oneToOne > model.MaxOneToOne {
			col, v := "groups_per_year", groups
			if oneToOne > model.MaxOneToOne {
				col, v = "one_to_one_places", oneToOne
			}
			return &ChangeError{File: c.File, Line: c.Line, Column: col, Value: strconv.FormatFloat(v, 'g', -1, 64),
				Msg: fmt.Sprintf("%s %s would run %g groups and %g one-to-one places a year: want at most %d groups and %d places",
					o.Establishment, o.Programme, groups, oneToOne, model.MaxGroupsPerYear, model.MaxOneToOne)}
		}
		return nil
	}
	var timed []*model.OfferingChange
	for i := range sc.Offerings {
		c := &sc.Offerings[i]
		if c.From > 0 {
			timed = append(timed, c)
			continue
		}
		if c.Action == model.ActionAdd {
			i := slices.IndexFunc(out.Offerings, func(o model.Offering) bool {
				return o.Establishment == c.Establishment && o.Programme == c.Programme
			})
			if i < 0 {
				out.Offerings = append(out.Offerings, model.Offering{Establishment: c.Establishment, Programme: c.Programme})
				i = len(out.Offerings) - 1
			}
			o := &out.Offerings[i]
			o.GroupsPerYear += c.GroupsPerYear
			o.OneToOnePlaces += int(math.Round(c.OneToOne))
			o.Referable = true
			if err := limit(c, o, o.GroupsPerYear, float64(o.OneToOnePlaces)); err != nil {
				return out, err
			}
			continue
		}
		kept := out.Offerings[:0]
		for _, o := range out.Offerings {
			if hit(&o, c) {
				switch c.Action {
				case model.ActionRemove:
					continue
				case model.ActionScale:
					o.GroupsPerYear *= c.Factor
					o.OneToOnePlaces = int(math.Round(float64(o.OneToOnePlaces) * c.Factor))
				case model.ActionSet:
					o.GroupsPerYear = c.GroupsPerYear
					if c.OneToOne > 0 {
						o.OneToOnePlaces = int(math.Round(c.OneToOne))
					}
				}
				if err := limit(c, &o, o.GroupsPerYear, float64(o.OneToOnePlaces)); err != nil {
					return out, err
				}
			}
			kept = append(kept, o)
		}
		out.Offerings = kept
	}
	// Timed changes, in the order of their months: each shock holds the
	// value from its month on, and the simulation takes the last active
	// shock in list order, so the list is sorted by month.
	slices.SortStableFunc(timed, func(a, b *model.OfferingChange) int { return cmp.Compare(a.From, b.From) })
	type level struct{ groups, oneToOne float64 }
	cur := map[[2]string]level{}
	for _, o := range out.Offerings {
		cur[[2]string{o.Establishment, o.Programme}] = level{o.GroupsPerYear, float64(o.OneToOnePlaces)}
	}
	shock := func(o *model.Offering, from float64, l level) {
		out.Shocks = append(out.Shocks, model.Shock{Establishment: o.Establishment, Programme: o.Programme, From: from,
			Groups: l.groups, OneToOne: model.Some(l.oneToOne)})
	}
	for _, c := range timed {
		if c.Action == model.ActionAdd && !slices.ContainsFunc(out.Offerings, func(o model.Offering) bool {
			return o.Establishment == c.Establishment && o.Programme == c.Programme
		}) {
			// Listed from the start with no places, as the dataset
			// lists an offering that is not run yet: the static analyses
			// (gaps, transfers) see none, and the simulation makes its
			// channels for the places the add's shock gives it from the
			// month on (groupsLater, oneToOneLater).
			o := model.Offering{Establishment: c.Establishment, Programme: c.Programme, Referable: true}
			out.Offerings = append(out.Offerings, o)
			cur[[2]string{o.Establishment, o.Programme}] = level{}
		}
		for i := range out.Offerings {
			o := &out.Offerings[i]
			if !hit(o, c) {
				continue
			}
			k := [2]string{o.Establishment, o.Programme}
			l := cur[k]
			switch c.Action {
			case model.ActionRemove:
				l = level{}
			case model.ActionSet:
				l.groups = c.GroupsPerYear
				if c.OneToOne > 0 {
					l.oneToOne = math.Round(c.OneToOne)
				}
			case model.ActionScale:
				l.groups *= c.Factor
				l.oneToOne = math.Round(l.oneToOne * c.Factor)
			case model.ActionAdd:
				l.groups += c.GroupsPerYear
				l.oneToOne += math.Round(c.OneToOne)
			}
			if err := limit(c, o, l.groups, l.oneToOne); err != nil {
				return out, err
			}
			cur[k] = l
			shock(o, c.From, l)
		}
	}
	for _, t := range sc.Teams {
		for i := range ests {
			if !ests[i].Matches(t.Establishment, t.Region) {
				continue
			}
			// A factor of 0 is no teams, as simulate --shock teams:EST=0:
			// no group starts (one-to-one places need no team).
			out.Shocks = append(out.Shocks, model.Shock{Establishment: ests[i].Code, From: t.From, To: t.To, TeamFactor: t.Factor, Groups: -1})
		}
	}
	for _, s := range sc.Suspensions {
		for i := range ests {
			if ests[i].Matches(s.Establishment, s.Region) {
				out.Shocks = append(out.Shocks, model.Shock{Establishment: ests[i].Code, Programme: s.Programme, From: s.From, To: s.To, Suspend: true, Groups: -1})
			}
		}
	}
	g := sc.Growth.Or(0)
	for code, r := range receptions {
		out.Receptions[code] = r * (1 + g)
	}
	return out, nil
}

// StockIndex returns, for a population grown by growth (0.05: 5% more
// people; −0.1: 10% fewer), the indices of ps that make it up: every
// person once, in order, then the extra copies. Within each establishment
// people are taken in the order of a hash of their person ID (FNV-1a, a
// fixed, well-mixed order that does not follow how the file is sorted),
// and person i of n in that order appears ⌊(i+1)(1+g)⌋ − ⌊i(1+g)⌋ times:
// systematic sampling, so each establishment's stock becomes ⌊n(1+g)⌋
// people drawn evenly from those it holds, with no random numbers. Copies
// come after everyone else, so that the people of the baseline keep their
// positions (and the simulation's per-person draws) under growth.
func StockIndex(ps []model.Profile, growth float64) []int {
	f := 1 + growth
	if f == 1 || f <= 0 || math.IsNaN(f) {
		idx := make([]int, len(ps))
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	byEst := map[string][]int{}
	var ests []string
	for i := range ps {
		e := ps[i].Establishment
		if _, ok := byEst[e]; !ok {
			ests = append(ests, e)
		}
		byEst[e] = append(byEst[e], i)
	}
	slices.Sort(ests)
	hash := func(id string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(id))
		return h.Sum64()
	}
	copies := make([]int, len(ps))
	for _, e := range ests {
		idx := byEst[e]
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(hash(ps[a].PersonID), hash(ps[b].PersonID)) })
		for i, p := range idx {
			// A small tolerance so that, say, 20 × 1.05 counts as 21.
			copies[p] = int(math.Floor(float64(i+1)*f+1e-9) - math.Floor(float64(i)*f+1e-9))
		}
	}
	var out, extra []int
	for i, c := range copies {
		if c > 0 {
			out = append(out, i)
		}
		for range c - 1 {
			extra = append(extra, i)
		}
	}
	return append(out, extra...)
}

// GrowStock returns the profiles and, index for index, each set of
// classifications of a population grown by growth (StockIndex). A copy of a
// person gets the person ID with "~2", "~3" … appended.
func GrowStock(ps []model.Profile, growth float64, classes ...[]model.Classification) ([]model.Profile, [][]model.Classification) {
	idx := StockIndex(ps, growth)
	outP := make([]model.Profile, len(idx))
	seen := make([]int, len(ps))
	for k, i := range idx {
		outP[k] = ps[i]
		if seen[i]++; seen[i] > 1 {
			outP[k].PersonID += "~" + strconv.Itoa(seen[i])
		}
	}
	outC := make([][]model.Classification, len(classes))
	for j, cls := range classes {
		if len(cls) != len(ps) {
			continue
		}
		outC[j] = make([]model.Classification, len(idx))
		for k, i := range idx {
			outC[j][k] = cls[i]
		}
	}
	return outP, outC
}

// ShiftMix returns the demand gs with its flows shifted by a reception mix
// (offence group → factor on its share of receptions, the number of
// receptions unchanged, as the simulation's MixShift does). AnalyseGaps
// gives each sentenced person of the stock the weight 1/stay as a template
// for receptions; under the mix the weight is factor/stay, so the flow of
// an establishment × programme becomes flow × (Σ f/S over those needing it
// ÷ Σ 1/S over them) × (Σ 1/S ÷ Σ f/S over all the establishment's
// templates).
func ShiftMix(gs *Gaps, ps []model.Profile, cls []model.Classification, cat *model.Catalogue, mix map[model.OffenceGroup]float64) *Gaps {
	if len(mix) == 0 {
		return gs
	}
	opt := gs.Options
	progs := opt.Suites.Programmes(cat)
	type key struct{ est, prog string }
	w, wf := map[key]float64{}, map[key]float64{}
	tot, totf := map[string]float64{}, map[string]float64{}
	for i := range ps {
		p, c := &ps[i], &cls[i]
		stay, known := model.StayMonths(p, opt.AsOf)
		if !known {
			continue
		}
		f, ok := mix[p.OffenceGroup]
		if !ok {
			f = 1
		}
		tot[p.Establishment] += 1 / stay
		totf[p.Establishment] += f / stay
		for _, j := range progs {
			g := cat.At(j)
			if c.Needed.Has(j) && stay >= cat.TimeNeeded(j) {
				k := key{p.Establishment, g.Code}
				w[k] += 1 / stay
				wf[k] += f / stay
			}
		}
	}
	rows := slices.Clone(gs.Rows)
	for i := range rows {
		r := &rows[i]
		k := key{r.Establishment, r.Programme}
		if w[k] == 0 || totf[r.Establishment] == 0 {
			continue
		}
		r.Flow *= wf[k] / w[k] * tot[r.Establishment] / totf[r.Establishment]
		r.Demand = r.Stock + r.Flow
		r.Gap = r.Places - r.Demand
		r.Coverage = coverage(r.Places, r.Demand)
		r.Class, r.SurplusBy = classify(r.Places, r.Demand, r.MinGroup, opt.SurplusRatio)
	}
	out := NewGaps(rows, opt)
	out.Receptions, out.Warnings = gs.Receptions, gs.Warnings
	return out
}

// ScenarioInput is the baseline a scenario applies to.
type ScenarioInput struct {
	Profiles       []model.Profile
	Classes        []model.Classification
	SwitchClasses  []model.Classification // the profiles under the suite switched to, if any
	Establishments []model.Establishment
	Offerings      []model.Offering
	Catalogue      *model.Catalogue
	AsOf           model.Date
	Suites         SuitePlan
	// Horizon and Receptions are the baseline gap analysis's (GapOptions):
	// the planning horizon in months (12 when 0) and any explicit annual
	// receptions by establishment (the rest estimated from the stock).
	Horizon    float64
	Receptions map[string]float64
	// StrategyHorizon is the months the strategy places groups for: the
	// period simulated (Horizon when 0). Demand over it is the stock now
	// plus the receptions over it, and places are groups a year × its
	// years, so an offering whose places outrun its flow shows a surplus
	// over a long run that a single year's backlog hides.
	StrategyHorizon float64
}

// ScenarioSetup is a scenario ready to simulate: the population (grown),
// the demand the strategy placed groups by, what the strategy did (the
// groups it moved and any it could not place), and the changes.
type ScenarioSetup struct {
	Profiles      []model.Profile
	Classes       []model.Classification
	SwitchClasses []model.Classification
	Demand        *Gaps
	// Placement is what the strategy did (its Offerings are before the
	// changes; ScenarioChanges.Offerings after).
	Placement Placement
	ScenarioChanges
}

// PrepareScenario applies a scenario to its baseline: it grows the stock
// by the scenario's growth (GrowStock), computes the demand under the
// growth and the reception mix (receptions × (1 + growth), ShiftMix),
// places the group programmes by the strategy on that demand over
// StrategyHorizon (Allocate), and applies the changes (ApplyScenario).
func PrepareScenario(sc *model.Scenario, in ScenarioInput) (*ScenarioSetup, error) {
	strategy := sc.Strategy.Or(model.PreviousTakeUp) // checked by data.ReadScenario
	opt := GapOptions{AsOf: in.AsOf, Suites: in.Suites, Horizon: in.Horizon, Receptions: in.Receptions}
	base := AnalyseGaps(in.Profiles, in.Classes, in.Establishments, in.Offerings, in.Catalogue, opt)
	growth := sc.Growth.Or(0)
	ps, cls := GrowStock(in.Profiles, growth, in.Classes, in.SwitchClasses)
	s := &ScenarioSetup{Profiles: ps, Classes: cls[0], SwitchClasses: cls[1]}
	opt.Receptions = map[string]float64{}
	for code, r := range base.Receptions {
		opt.Receptions[code] = r * (1 + growth)
	}
	if in.StrategyHorizon > 0 {
		opt.Horizon = in.StrategyHorizon
	}
	s.Demand = AnalyseGaps(ps, s.Classes, in.Establishments, in.Offerings, in.Catalogue, opt)
	s.Demand = ShiftMix(s.Demand, ps, s.Classes, in.Catalogue, sc.Mix)
	s.Placement = Allocate(strategy, s.Demand, in.Establishments, in.Offerings, in.Catalogue)
	var err error
	if s.ScenarioChanges, err = ApplyScenario(sc, in.Establishments, s.Placement.Offerings, base.Receptions); err != nil {
		return nil, err
	}
	return s, nil
}
