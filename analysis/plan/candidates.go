package plan

import (
	"math"
	"slices"

	"needsplan/analysis"
	"needsplan/model"
)

// Targets are the flow model's targets (docs/plan.md, "The flow model").
type Targets struct {
	// Share is the share of each year's people with time a plan aims to
	// treat (1: all of them).
	Share float64
	// Fill is the share of places filled: places needed = people ÷ Fill.
	Fill float64
	// Years is the years allowed to clear the backlog (the people held now
	// with time).
	Years float64
}

// DefaultTargets: every person with time, places nine-tenths filled (an
// assumption near the simulation's places_filled where arrivals reach the
// places, docs/simulation.md), the backlog cleared over three years (an
// assumption: a spending-review period).
var DefaultTargets = Targets{Share: 1, Fill: 0.9, Years: 3}

// Resource is what a budget counts: money or facilitator time.
type Resource string

// Resources a plan's budget may count.
const (
	Pounds           Resource = "pounds"
	FacilitatorYears Resource = "facilitator-years"
)

// Input is what the candidates are worked out from.
type Input struct {
	Profiles       []model.Profile
	Classes        []model.Classification // Classes[i] of Profiles[i]
	Establishments []model.Establishment
	Offerings      []model.Offering
	Catalogue      *model.Catalogue
	Gaps           *analysis.Gaps // Stock, Flow and Places over Gaps.Options.Horizon
	Weights        model.PriorityWeights
	Targets        Targets
	Resource       Resource
	// Programmes may change; empty: every group programme.
	Programmes []string
	// Room overrides the extra groups a year an establishment can host
	// (the catalogue's extra_groups_per_establishment elsewhere).
	Room map[string]int
}

// MayRun reports whether programme g may run at establishment e in a
// plan: the rule every placement follows (analysis.CanRun: a sex it
// holds, not the children's estate, no high-intensity programme at an
// open prison), and a sexual offending programme only at a designated
// site — one that runs a sexual offending programme now (designated says
// which; docs/plan.md).
func MayRun(g *model.Programme, fam int, e *model.Establishment, designated map[string]bool, sexual int) bool {
	return analysis.CanRun(e, g) && (fam != sexual || sexual < 0 || designated[e.Code])
}

// Candidates lists every establishment × group programme of the gap
// analysis as a candidate, and each establishment's room for more groups:
// the catalogue's extra_groups_per_establishment, none where the
// establishment has no facilitator team, or in.Room's figure.
func Candidates(in *Input) ([]Candidate, map[string]int) {
	cat := in.Catalogue
	costs := cat.Costs()
	sexual, ok := cat.FamilyIndex("sexual_offending")
	if !ok {
		sexual = -1
	}
	designated := map[string]bool{}
	groups := map[[2]string]float64{}
	for i := range in.Offerings {
		o := &in.Offerings[i]
		if j, ok := cat.Index(o.Programme); ok && sexual >= 0 && cat.Family(j) == sexual && o.GroupsPerYear > 0 {
			designated[o.Establishment] = true
		}
		groups[[2]string{o.Establishment, o.Programme}] += o.GroupsPerYear
	}
	ests := map[string]*model.Establishment{}
	room := map[string]int{}
	for i := range in.Establishments {
		e := &in.Establishments[i]
		ests[e.Code] = e
		room[e.Code] = int(costs.ExtraGroups.Value)
		if t := e.FacilitatorTeams; t.OK && t.Val == 0 {
			// No facilitator team: no group can run there (the
			// simulation starts none), whatever the rooms.
			room[e.Code] = 0
		}
		if r, ok := in.Room[e.Code]; ok {
			room[e.Code] = r
		}
	}
	weight := meanWeights(in)
	perYear := 12 / in.Gaps.Options.Horizon
	var out []Candidate
	for _, r := range in.Gaps.Rows {
		j, ok := cat.Index(r.Programme)
		e := ests[r.Establishment]
		if !ok || e == nil {
			continue
		}
		g := cat.At(j)
		if g.Format == model.OneToOneFormat {
			continue
		}
		size := max(1, int(g.GroupSize.Value))
		need := r.Flow*perYear*in.Targets.Share/in.Targets.Fill + r.Stock/in.Targets.Years
		places := r.Places * perYear
		c := Candidate{Establishment: e.Code, Region: e.Region, Programme: g.Code, GroupSize: size,
			Groups: groups[[2]string{e.Code, g.Code}], Short: math.Max(0, need-places), Surplus: math.Max(0, places-need),
			Served: in.Targets.Fill * g.CompletionRate.Value}
		if w, ok := weight[[2]string{e.Code, g.Code}]; ok {
			c.Served *= w
		} else {
			c.Served *= in.Weights[model.BaseWeight]
		}
		c.Cost = costs.GroupCost(g, size)
		if in.Resource == FacilitatorYears {
			c.Cost = costs.GroupFacilitatorYears(g)
		}
		if MayRun(g, cat.Family(j), e, designated, sexual) && (len(in.Programmes) == 0 || slices.Contains(in.Programmes, g.Code)) {
			// Each group added needs at least a minimum cohort of the
			// shortfall, or it would never start (the gap analysis's
			// demand_below_one_cohort rule).
			c.MaxAdd = min(room[e.Code], int(math.Floor(c.Short/math.Max(1, r.MinGroup))))
			c.MaxCut = int(math.Min(math.Floor(c.Surplus/float64(size)), math.Floor(c.Groups)))
		}
		out = append(out, c)
	}
	return out, room
}

// meanWeights is the mean priority weight of the people held at each
// establishment who need each programme with time to complete it; where
// nobody does, Candidates takes the base weight.
func meanWeights(in *Input) map[[2]string]float64 {
	type acc struct{ n, w float64 }
	sum := map[[2]string]acc{}
	cat := in.Catalogue
	for i := range in.Profiles {
		p, c := &in.Profiles[i], &in.Classes[i]
		w := in.Weights.Of(p)
		for j := range cat.Len() {
			if c.Needed.Has(j) && c.InTime(cat.TimeNeeded(j)) {
				k := [2]string{p.Establishment, cat.At(j).Code}
				a := sum[k]
				a.n++
				a.w += w
				sum[k] = a
			}
		}
	}
	out := map[[2]string]float64{}
	for k, a := range sum {
		out[k] = a.w / a.n
	}
	return out
}
