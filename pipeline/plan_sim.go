package pipeline

import (
	"context"
	"slices"

	"needsplan/analysis/estate"
	"needsplan/analysis/plan"
	"needsplan/model"
)

// CurveBudgets are the shares of the budget the outcome-against-budget
// curve is worked out at; SimulatedBudgets those the plan command also
// simulates (the whole budget is the analytic plan itself).
var (
	CurveBudgets     = []float64{0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2}
	SimulatedBudgets = []float64{0.5, 2}
)

// planSim simulates scenarios against one baseline with common random
// numbers: every scenario the same seed and replications.
type planSim struct {
	ctx  context.Context
	in   PlanInput
	log  Log
	scen *Scenarios
	base [][]float64
}

// figures simulates sc's replications (Scenarios.Figures).
func (s *planSim) figures(sc *model.Scenario) ([][]float64, error) {
	return s.scen.Figures(s.ctx, sc, s.in.Seed, s.in.Replications, s.in.Workers)
}

// compare is estate.Compare.
func compare(base, alt [][]float64) []estate.Difference { return estate.Compare(base, alt) }

// actions simulates the plan without each of its first Input.Actions
// changes: a change's effect is the plan against the plan without it.
func (s *planSim) actions(r *plan.Result, planFigs [][]float64) error {
	n := min(s.in.Actions, len(r.Changes))
	for k := range n {
		without := slices.Delete(slices.Clone(r.Changes), k, k+1)
		s.log.note("simulating the plan without action %d of %d (%s)…", k+1, n, r.Words(r.Changes[k]))
		figs, err := s.figures(r.ScenarioOf(without, "without"))
		if err != nil {
			return err
		}
		d := compare(figs, planFigs)
		r.Actions = append(r.Actions, plan.Action{Change: r.Changes[k], Treated: plan.Measure(d, plan.TreatedInTime), Averted: plan.Averted(d)})
	}
	return nil
}

// curve solves the analytic plan at each of CurveBudgets and simulates it
// at the shares of the budget Input.CurveSims names.
func (s *planSim) curve(r *plan.Result) error {
	for _, f := range CurveBudgets {
		p := *r.Problem
		p.Budget = f * r.Settings.Budget
		pl, err := plan.Solve(&p)
		if err != nil {
			return err
		}
		pt := plan.CurvePoint{Budget: p.Budget, Value: pl.Value}
		switch {
		case f == 1:
			pt.Simulated, pt.Treated, pt.Averted = true, plan.Measure(r.AnalyticEffect, plan.TreatedInTime), plan.Averted(r.AnalyticEffect)
		case slices.Contains(s.in.CurveSims, f):
			s.log.note("simulating the plan at %g× the budget…", f)
			figs, err := s.figures(r.ScenarioOf(pl.Changes, "curve"))
			if err != nil {
				return err
			}
			d := compare(s.base, figs)
			pt.Simulated, pt.Treated, pt.Averted = true, plan.Measure(d, plan.TreatedInTime), plan.Averted(d)
		}
		r.Curve = append(r.Curve, pt)
	}
	return nil
}

// refine tries, one at a time, up to Input.Refine changes to the plan
// (plan.Result.NextTry) and keeps a change only when it averts more
// untreated releases than the plan before it at 95% confidence (the
// paired interval's lower end above 0). So the plan kept is never worse
// than the analytic plan by that test. It returns the kept plan's
// figures.
func (s *planSim) refine(r *plan.Result, cur [][]float64) ([][]float64, error) {
	tried := map[string]bool{}
	for len(r.Trials) < s.in.Refine {
		try, words := r.NextTry(tried)
		if try == nil {
			break
		}
		tried[words] = true
		s.log.note("refinement %d of at most %d: %s…", len(r.Trials)+1, s.in.Refine, words)
		figs, err := s.figures(r.ScenarioOf(try, "try"))
		if err != nil {
			return nil, err
		}
		t := plan.Trial{Words: words, Averted: plan.Averted(compare(cur, figs))}
		if t.Averted.Lo > 0 {
			t.Kept, r.Changes, cur = true, try, figs
		}
		r.Trials = append(r.Trials, t)
	}
	return cur, nil
}
