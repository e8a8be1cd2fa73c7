package estate_test

import (
	"context"
	"testing"

	"needsplan/analysis"
	"needsplan/analysis/estate"
	"needsplan/model"
)

var scenEsts = []model.Establishment{
	{Code: "AAA", Region: "North", Holds: model.HoldsMen, Function: model.CatCTrainer, FacilitatorTeams: model.Some(1)},
}

// TestApplyScenarioTeams: a team factor of 0 stops delivery (the
// simulation's TeamFactor 0 means "unchanged", so it used to do nothing):
// twelve people needing TSP at a prison running one group a year start 12
// without the change and none with it.
func TestApplyScenarioTeams(t *testing.T) {
	var ps []model.Profile
	for i := range 12 {
		ps = append(ps, tspPerson(string(rune('a'+i)), 24))
	}
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 1, Referable: true}}
	starts := func(teams []model.TeamChange) float64 {
		t.Helper()
		ch, err := analysis.ApplyScenario(&model.Scenario{Teams: teams}, scenEsts[:1], offs, map[string]float64{})
		if err != nil {
			t.Fatal(err)
		}
		m := simFixture(t, ps, ch.Offerings, estate.Options{AsOf: simAsOf, Years: 2, Receptions: ch.Receptions, Shocks: ch.Shocks})
		s, err := estate.Simulate(context.Background(), m, 1, 5, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range estate.MeasureNames {
			if n == "starts" {
				return s.Estate.Measures[i].Mean
			}
		}
		t.Fatal("no starts measure")
		return 0
	}
	if got := starts(nil); got != 12 {
		t.Errorf("no change: %v starts, want 12", got)
	}
	if got := starts([]model.TeamChange{{Establishment: "AAA", Factor: 0}}); got != 0 {
		t.Errorf("teams × 0: %v starts, want 0", got)
	}
}
