package pipeline

import (
	"context"
	"slices"

	"needsplan/analysis/plan"
	"needsplan/model"
)

// PlanInput sets up a commissioning plan (needsplan plan; docs/plan.md).
type PlanInput struct {
	// Settings: the budget (0: DefaultPlanBudget), its resource, the
	// targets, the weights, whether cuts are allowed and the simulation's
	// years, replications, seed and policy.
	plan.Settings
	// Programmes may change (empty: all); Room overrides establishments'
	// room for more groups a year.
	Programmes []string
	Room       map[string]int
	// Dataset is the dataset directory the scenarios name ("": the
	// embedded dataset); Suite the suite they are assessed under.
	Dataset, Suite string
	Workers        int
	// Actions is how many of the plan's changes get their own simulated
	// effect (leave one out); Refine is how many changes the refinement
	// may try.
	Actions, Refine int
	// CurveSims are the shares of the budget (of CurveBudgets) at which
	// the curve is also simulated, besides the budget itself
	// (SimulatedBudgets for the plan command; none for the report).
	CurveSims []float64
}

// DefaultPlanBudget is the cost of 10% more places: a tenth of what the
// groups run now cost a year, in the resource's unit.
func DefaultPlanBudget(e *Estate, r plan.Resource) float64 {
	costs := e.Catalogue.Costs()
	var total float64
	for i := range e.Offerings {
		o := &e.Offerings[i]
		g, ok := e.Catalogue.Lookup(o.Programme)
		if !ok || g.Format == model.OneToOneFormat {
			continue
		}
		per := costs.GroupCost(g, o.Group(g))
		if r == plan.FacilitatorYears {
			per = costs.GroupFacilitatorYears(g)
		}
		total += o.GroupsPerYear * per
	}
	return total / 10
}

// staff is the estate's facilitator time in use and in its teams.
func staff(e *Estate) plan.Staff {
	costs := e.Catalogue.Costs()
	var s plan.Staff
	for i := range e.Offerings {
		o := &e.Offerings[i]
		if g, ok := e.Catalogue.Lookup(o.Programme); ok && g.Format != model.OneToOneFormat {
			s.InUse += o.GroupsPerYear * costs.GroupFacilitatorYears(g)
		}
	}
	for _, est := range e.Establishments {
		if t, ok := est.FacilitatorTeams.Get(); ok {
			s.Facilitators += float64(t) * costs.FacilitatorsPerGroup.Value
		} else {
			s.Unknown++
		}
	}
	return s
}

// planStep is the budget step of the analytic plan: £100 or a
// thousandth of a facilitator-year, coarser when the budget would need
// more than 20,000 steps (docs/plan.md, "Method"). Costs are rounded up
// to whole steps, so a step well below a group's cost leaves little of the
// budget unspent.
func planStep(budget float64, r plan.Resource) float64 {
	step := 100.0
	if r == plan.FacilitatorYears {
		step = 0.001
	}
	for budget/step > 20_000 {
		step *= 10
	}
	return step
}

// Plan works out a commissioning plan on baseline b and simulates it
// (docs/plan.md): the analytic plan, its effect against the baseline with
// common random numbers, the refinement, the effect of the final plan and
// of its first changes, and the curve of outcome against budget.
func Plan(ctx context.Context, b *Baseline, in PlanInput, log Log) (*plan.Result, error) {
	e := b.Estate
	if in.Budget == 0 {
		in.Budget = DefaultPlanBudget(e, in.Resource)
	}
	r := &plan.Result{Settings: in.Settings, Staff: staff(e)}
	r.Candidates, r.Room = plan.Candidates(&plan.Input{Profiles: e.Profiles, Classes: e.Classes, Establishments: e.Establishments,
		Offerings: e.Offerings, Catalogue: e.Catalogue, Gaps: b.Gaps, Weights: in.Weights, Targets: in.Targets,
		Resource: in.Resource, Programmes: in.Programmes, Room: in.Room})
	// The step is set for twice the budget, the curve's widest point.
	r.Problem = &plan.Problem{Candidates: r.Candidates, Room: r.Room, Budget: in.Budget, Step: planStep(2*in.Budget, in.Resource), Cuts: in.Cuts}
	var err error
	if r.Analytic, err = plan.Solve(r.Problem); err != nil {
		return nil, err
	}
	log.note("analytic plan: %d changes serving %.0f priority-weighted people a year", len(r.Analytic.Changes), r.Analytic.Value)
	r.Base = &model.Scenario{Name: "baseline", Years: model.Some(in.Years), Replications: model.Some(in.Replications),
		Seed: model.Some(in.Seed), Policy: model.Some(in.Policy)}
	if in.Dataset != "" {
		r.Base.Dataset = model.Some(in.Dataset)
	}
	if in.Suite != "" {
		r.Base.Suite = model.Some(in.Suite)
	}
	s := &planSim{ctx: ctx, in: in, log: log, scen: NewScenarios(nil, log)}
	log.note("simulating the baseline (%d replications of %g years)…", in.Replications, in.Years)
	if s.base, err = s.figures(r.Base); err != nil {
		return nil, err
	}
	r.Changes = slices.Clone(r.Analytic.Changes)
	log.note("simulating the analytic plan…")
	planFigs, err := s.figures(r.ScenarioOf(r.Changes, "plan"))
	if err != nil {
		return nil, err
	}
	r.AnalyticEffect = compare(s.base, planFigs)
	if planFigs, err = s.refine(r, planFigs); err != nil {
		return nil, err
	}
	plan.Order(r.Changes)
	r.Scenario = r.ScenarioOf(r.Changes, "plan")
	r.Effect = compare(s.base, planFigs)
	if err := s.actions(r, planFigs); err != nil {
		return nil, err
	}
	return r, s.curve(r)
}
