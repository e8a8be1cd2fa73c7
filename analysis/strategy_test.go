package analysis_test

import (
	"math"
	"testing"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/model"
)

// TestAllocate checks the strategies by hand: TSP (12 places a group, 8
// weeks) runs 4 groups a year nationally, all at AAA, while demand over the
// horizon is AAA 10, BBB 30, CCC 0 (CCC is an open prison running a
// high-intensity programme it may not run).
func TestAllocate(t *testing.T) {
	cat, _ := data.DefaultCatalogue()
	ests := []model.Establishment{
		{Code: "AAA", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "N", FacilitatorTeams: model.Some(1)},
		{Code: "BBB", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "N", FacilitatorTeams: model.Some(1)},
		{Code: "CCC", Holds: model.HoldsMen, Function: model.OpenPrison, Region: "S", FacilitatorTeams: model.Some(1)},
	}
	offs := []model.Offering{
		{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true},
		{Establishment: "AAA", Programme: "HII", OneToOnePlaces: 3, Referable: true},
	}
	gs := analysis.NewGaps([]analysis.Gap{
		{Establishment: "AAA", Region: "N", Programme: "TSP", Demand: 10, Places: 48},
		{Establishment: "BBB", Region: "N", Programme: "TSP", Demand: 30},
	}, analysis.GapOptions{Horizon: 12})
	groups := func(os []model.Offering) map[string]float64 {
		m := map[string]float64{}
		for _, o := range os {
			if o.Programme == "TSP" {
				m[o.Establishment] = o.GroupsPerYear
			}
			if o.Programme == "HII" && o.OneToOnePlaces != 3 {
				t.Errorf("one-to-one places changed: %+v", o)
			}
		}
		return m
	}
	if got := groups(analysis.Allocate(analysis.PreviousTakeUp, gs, ests, offs, cat)); got["AAA"] != 4 || len(got) != 1 {
		t.Errorf("previous take-up: %v, want AAA 4", got)
	}
	// Need-proportional: 8 half-groups split 10:30 → 2 and 6 half-groups:
	// AAA 1 group, BBB 3 (team time 41.6 weeks, 3 × 8 = 24 used: no cap).
	if got := groups(analysis.Allocate(analysis.NeedProportional, gs, ests, offs, cat)); got["AAA"] != 1 || got["BBB"] != 3 || got["CCC"] != 0 {
		t.Errorf("need-proportional: %v, want AAA 1, BBB 3", got)
	}
	// Optimised: from today's 4 groups at AAA (48 places for a demand of
	// 10), half-groups (6 places) move to BBB while BBB's 30 are unmet:
	// five of them (30 places). Then AAA still has 8 spare, but nowhere
	// needs them: AAA keeps 1.5 groups, BBB gets 2.5; the national 4 kept.
	got := groups(analysis.Allocate(analysis.Optimised, gs, ests, offs, cat))
	if got["BBB"] != 2.5 || got["AAA"] != 1.5 || got["CCC"] != 0 {
		t.Errorf("optimised: %v, want AAA 1.5, BBB 2.5", got)
	}
	total := 0.0
	for _, v := range got {
		total += v
	}
	if math.Abs(total-4) > 1e-9 {
		t.Errorf("optimised placed %.1f groups, want the national 4", total)
	}
	if _, err := analysis.ParseStrategy("random"); err == nil {
		t.Error("strategy random: want an error")
	}
}
