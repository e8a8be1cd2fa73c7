package model_test

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"needsplan/model"
)

// TestGroupCost: the worked example of docs/plan.md, by hand — a TSP
// group of 19 sessions and 12 places takes 2 × 19 × (2.5 + 2) ÷ 1,650 =
// 0.1036 facilitator-years and costs that × £45,000 + 12 × £250 =
// £7,663.64; a programme without sessions takes duration_weeks × 2.5.
func TestGroupCost(t *testing.T) {
	c := model.DefaultCosts()
	tsp := &model.Programme{Sessions: model.Figure{Value: 19}}
	if fy := c.GroupFacilitatorYears(tsp); math.Abs(fy-171.0/1650) > 1e-12 {
		t.Errorf("facilitator-years %v, want %v", fy, 171.0/1650)
	}
	if got := c.GroupCost(tsp, 12); math.Abs(got-7663.636363636364) > 1e-6 {
		t.Errorf("cost %v, want 7663.64", got)
	}
	if s := c.Sessions(&model.Programme{DurationWeeks: model.Figure{Value: 8}}); s != 20 {
		t.Errorf("8 weeks: %v sessions, want 20", s)
	}
	bad := c
	bad.SessionHours.Value = math.NaN()
	if bad.Check() == nil {
		t.Error("a NaN session length was accepted")
	}
}

// TestPlanDocListsCosts: docs/plan.md's tables name every catalogue cost
// key and every priority weight rule with its default, so the docs cannot
// drift from the code.
func TestPlanDocListsCosts(t *testing.T) {
	b, err := os.ReadFile("../docs/plan.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	row := func(key string) []string {
		for _, l := range lines {
			if strings.HasPrefix(l, "| `"+key+"` |") {
				return strings.Split(strings.Trim(l, "| "), " | ")
			}
		}
		return nil
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	c := model.DefaultCosts()
	for _, f := range model.CostFields {
		if r := row(f.Key); len(r) < 2 || r[1] != num(f.Get(&c).Value) {
			t.Errorf("docs/plan.md: cost %s row %q, want the default %s", f.Key, r, num(f.Get(&c).Value))
		}
	}
	for k, v := range model.DefaultPriorityWeights() {
		if r := row(k); len(r) < 3 || r[len(r)-1] != num(v) {
			t.Errorf("docs/plan.md: weight %s row %q, want %s", k, r, num(v))
		}
	}
}
