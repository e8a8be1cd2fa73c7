package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"needsplan/analysis/plan"
	"needsplan/analysis/sim"
	"needsplan/model"
)

// commissionLine is a row of the "What to commission" table.
type commissionLine struct {
	Words, Cost, People string
}

// commissionTop is how many of the plan's actions the report lists.
const commissionTop = 10

// commissionSection is "What to commission": the plan for the budget
// (needsplan plan without refinement), its headline actions and its
// simulated effect against the baseline with common random numbers.
func commissionSection(in *ReportInput, pub *publication) (map[string]any, error) {
	r := in.Plan
	if r == nil {
		return map[string]any{"Plan": false, "PlanNote": in.PlanNote, "Shortfalls": shortfalls(in, pub)}, nil
	}
	s := r.Settings
	spent := 0.0
	adds, cuts := 0, 0
	var lines []commissionLine
	for k, ch := range r.Changes {
		spent += ch.Cost
		if ch.Groups > 0 {
			adds += ch.Groups
		} else {
			cuts -= ch.Groups
		}
		if k < commissionTop {
			lines = append(lines, commissionLine{r.Words(ch), money(ch.Cost, s.Resource), fmt.Sprintf("%.1f", ch.Value)})
		}
	}
	treated, averted := plan.Measure(r.Effect, plan.TreatedInTime), plan.Averted(r.Effect)
	costPer := ""
	if treated.Mean >= 1 {
		costPer = "£" + thousands(spent*s.Years/treated.Mean)
	}
	top := lines[:min(3, len(lines))]
	return map[string]any{
		"PlanTop": top, "Shortfalls": shortfalls(in, pub),
		"Plan": true, "PlanBudget": money(s.Budget, s.Resource), "PlanSpent": money(spent, s.Resource),
		"PlanAdds": adds, "PlanCuts": cuts, "PlanChanges": len(r.Changes), "PlanLines": lines,
		"PlanTreated": expectedChange(treated), "PlanAverted": expectedChange(averted),
		"PlanCostPer": costPer, "PlanReplications": s.Replications, "PlanYears": s.Years,
	}, nil
}

// expectedChange writes a simulated change in a count of people with its
// 95% interval, rounded to whole people: a modelled figure, rounded and
// never suppressed (docs/disclosure.md).
func expectedChange(v sim.Summary) string { return withInterval(v) }

// shortfall is a programme's national shortfall for the decision
// headline: places over the horizon short of the people who need it (the
// backlog and the new arrivals with time), and the groups and
// facilitator-years that would close it over the same months.
type shortfall struct {
	Prog               named
	Places, Groups, FY string
}

// shortfalls are the three programmes with the largest national shortfall
// of places over the horizon, as groups (the catalogue's group size) and
// facilitator-years (model.Costs) over the horizon, from the published
// demand (none where it is suppressed).
func shortfalls(in *ReportInput, pub *publication) []shortfall {
	type row struct {
		prog         string
		short, group float64
	}
	var rows []row
	costs := in.Catalogue.Costs()
	for _, r := range in.Gaps.ByProgramme {
		dem := pub.d.Value(ek(r.Key, "demand"))
		g, ok := in.Catalogue.Lookup(r.Key)
		if math.IsNaN(dem) || !ok || g.Format == model.OneToOneFormat || dem <= r.Places {
			continue
		}
		rows = append(rows, row{r.Key, dem - r.Places, math.Max(1, g.GroupSize.Value)})
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Or(cmp.Compare(b.short, a.short), cmp.Compare(a.prog, b.prog)) })
	var out []shortfall
	for _, r := range rows[:min(3, len(rows))] {
		g, _ := in.Catalogue.Lookup(r.prog)
		groups := math.Ceil(r.short / r.group)
		out = append(out, shortfall{programme(in, r.prog), thousands(r.short), thousands(groups), thousands(groups * costs.GroupFacilitatorYears(g))})
	}
	return out
}
