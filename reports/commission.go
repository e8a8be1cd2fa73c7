package reports

import (
	"fmt"
	"math"

	"needsplan/analysis/plan"
	"needsplan/analysis/sim"
	"needsplan/reports/disclosure"
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
func commissionSection(in *ReportInput, _ *publication) (map[string]any, error) {
	r := in.Plan
	if r == nil {
		return map[string]any{"Plan": false, "PlanNote": in.PlanNote}, nil
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
	return map[string]any{
		"Plan": true, "PlanBudget": money(s.Budget, s.Resource), "PlanSpent": money(spent, s.Resource),
		"PlanAdds": adds, "PlanCuts": cuts, "PlanChanges": len(r.Changes), "PlanLines": lines,
		"PlanTreated": expectedChange(treated, in.Suppress), "PlanAverted": expectedChange(averted, in.Suppress),
		"PlanCostPer": costPer, "PlanReplications": s.Replications, "PlanYears": s.Years,
	}, nil
}

// expectedChange writes a simulated change in a count of people with its
// 95% interval, rounded to whole people; published (suppress), it is
// suppressed when the mean or an end of the interval rounds to 1 to 4
// people either way, as counts of 1 to 4 are.
func expectedChange(v sim.Summary, suppress bool) string {
	if suppress {
		for _, x := range []float64{v.Mean, v.Lo, v.Hi} {
			if r := math.Abs(math.Round(x)); r >= 1 && r <= 4 {
				return disclosure.Suppressed
			}
		}
	}
	return withInterval(v)
}
