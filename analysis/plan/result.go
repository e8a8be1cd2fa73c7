package plan

import (
	"fmt"
	"math"
	"slices"

	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
	"needsplan/model"
)

// Objective is the simulation measure a plan reduces: needs of people
// released untreated although they had time (docs/simulation.md).
const Objective = "released_untreated"

// TreatedInTime is the measure of people treated in time.
const TreatedInTime = "completed_in_time"

// Settings are what a plan was asked for, for its outputs.
type Settings struct {
	Budget       float64 // in Resource's unit, a year
	Resource     Resource
	Targets      Targets
	Weights      model.PriorityWeights
	Cuts         bool
	Years        float64
	Replications int
	Seed         uint64
	Policy       model.Policy
}

// Result is a plan and its simulated effect (the pipeline's Plan).
type Result struct {
	Settings   Settings
	Candidates []Candidate
	Room       map[string]int
	Problem    *Problem
	Analytic   *Plan
	// Changes are the final plan's: the analytic plan's with the
	// refinement's accepted changes applied.
	Changes []Change
	// Scenario is the final plan as a scenario (offerings changes), and
	// Base the baseline it is compared with: same years, replications,
	// seed and policy.
	Scenario, Base *model.Scenario
	// Effect is the final plan against the baseline; AnalyticEffect the
	// analytic plan's (the same when the refinement accepted nothing).
	Effect, AnalyticEffect []estate.Difference
	// Actions are the simulated effects of the plan's first changes.
	Actions []Action
	// Trials are the refinement's tries, in order.
	Trials []Trial
	// Curve is the outcome against budget: the analytic value at each
	// budget and, at a few budgets, the simulated effect.
	Curve []CurvePoint
	// Staff is the estate's facilitators, for the plan's needs to be
	// read against.
	Staff Staff
}

// Staff is the facilitator time the estate has and uses: what the plan's
// extra facilitator-years are read against.
type Staff struct {
	// InUse is the facilitator-years a year today's groups take
	// (model.Costs.GroupFacilitatorYears × groups a year).
	InUse float64
	// Facilitators is the facilitators in the estate's teams: teams ×
	// facilitators_per_group, a facilitator-year each, over the
	// establishments that give a team count; Unknown counts those that
	// do not.
	Facilitators float64
	Unknown      int
}

// Action is one change of the plan with its simulated effect: the plan
// against the plan without it, paired replication by replication.
type Action struct {
	Change  Change
	Treated sim.Summary // change in TreatedInTime over the years simulated
	Averted sim.Summary // fall in Objective (positive: fewer untreated)
}

// Trial is one change the refinement tried, and whether it was kept.
type Trial struct {
	Words string
	// Averted is the fall in Objective against the plan before the try.
	Averted sim.Summary
	Kept    bool
}

// CurvePoint is the plan at one budget.
type CurvePoint struct {
	Budget float64
	// Value is the analytic plan's priority-weighted people a year.
	Value float64
	// Simulated says whether Treated and Averted were simulated.
	Simulated        bool
	Treated, Averted sim.Summary
}

// Measure returns the difference in measure name.
func Measure(ds []estate.Difference, name string) sim.Summary {
	for _, d := range ds {
		if d.Measure == name {
			return d.Difference
		}
	}
	return sim.Summary{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
}

// Averted is the fall in Objective: its difference negated.
func Averted(ds []estate.Difference) sim.Summary {
	d := Measure(ds, Objective)
	return sim.Summary{Mean: -d.Mean, Lo: -d.Hi, Hi: -d.Lo, N: d.N}
}

// ScenarioOf writes changes as a scenario on the baseline's settings: an
// add of x groups a year where groups are added (creating the offering
// where none runs) and a set to the groups left where groups are cut, in
// the order Order gives (so the same changes always make the same
// scenario).
func (r *Result) ScenarioOf(changes []Change, name string) *model.Scenario {
	sc := *r.Base
	sc.Name = name
	sc.Offerings = nil
	changes = slices.Clone(changes)
	Order(changes)
	for _, ch := range changes {
		c := &r.Candidates[ch.Candidate]
		oc := model.OfferingChange{Establishment: c.Establishment, Programme: c.Programme, Action: model.ActionAdd, GroupsPerYear: float64(ch.Groups)}
		if ch.Groups < 0 {
			oc.Action, oc.GroupsPerYear = model.ActionSet, c.Groups+float64(ch.Groups)
		}
		sc.Offerings = append(sc.Offerings, oc)
	}
	return &sc
}

// Words says a change as an action: "add 2 groups a year of BC_MOD_GO at
// HMI" or "cut 1 group a year of BSR at LII".
func (r *Result) Words(ch Change) string {
	c := &r.Candidates[ch.Candidate]
	verb, n := "add", ch.Groups
	if n < 0 {
		verb, n = "cut", -n
	}
	unit := "groups"
	if n == 1 {
		unit = "group"
	}
	return fmt.Sprintf("%s %d %s a year of %s at %s", verb, n, unit, c.Programme, c.Establishment)
}

// WithGroups returns changes with n more groups of candidate i: its
// change updated (dropped at 0), or a new one, with its cost and value.
func (r *Result) WithGroups(changes []Change, i, n int) []Change {
	c := &r.Candidates[i]
	out := slices.Clone(changes)
	k := slices.IndexFunc(out, func(ch Change) bool { return ch.Candidate == i })
	if k < 0 {
		out, k = append(out, Change{Candidate: i}), len(out)
	}
	out[k].Groups += n
	out[k].Cost = float64(out[k].Groups) * c.Cost
	out[k].Value = c.Value(max(out[k].Groups, 0))
	if out[k].Groups == 0 {
		return slices.Delete(out, k, k+1)
	}
	return out
}
