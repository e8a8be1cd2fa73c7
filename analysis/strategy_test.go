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
	if got := groups(first(analysis.Allocate(model.PreviousTakeUp, gs, ests, offs, cat))); got["AAA"] != 4 || len(got) != 1 {
		t.Errorf("previous take-up: %v, want AAA 4", got)
	}
	// Need-proportional: 8 half-groups split 10:30 → 2 and 6 half-groups:
	// AAA 1 group, BBB 3 (team time 41.6 weeks, 3 × 8 = 24 used: no cap).
	if got := groups(first(analysis.Allocate(model.NeedProportional, gs, ests, offs, cat))); got["AAA"] != 1 || got["BBB"] != 3 || got["CCC"] != 0 {
		t.Errorf("need-proportional: %v, want AAA 1, BBB 3", got)
	}
	// Optimised: from today's 4 groups at AAA (48 places for a demand of
	// 10), half-groups (6 places) move to BBB while BBB's 30 are unmet:
	// five of them (30 places). Then AAA still has 8 spare, but nowhere
	// needs them: AAA keeps 1.5 groups, BBB gets 2.5; the national 4 kept.
	got := groups(first(analysis.Allocate(model.Optimised, gs, ests, offs, cat)))
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
	if _, err := model.ParseStrategy("random"); err == nil {
		t.Error("strategy random: want an error")
	}
}

func first[A, B any](a A, _ B) A { return a }

// TestAllocateRedistributes: 10 BSR groups a year (10 weeks each) shared
// 10:20:70 give 20 half-groups as 2, 4 and 14: AAA 1, BBB 2, CCC 7. CCC has
// one team, 52 × 0.8 = 41.6 weeks: 7 groups need 70, so it keeps
// ⌊14 × 41.6/70⌋ = 8 half-groups (4 groups, 40 weeks) and gives up 6. AAA
// and BBB (two teams, 83.2 weeks) have time: the 6 go 10:20, 2 and 4
// half-groups, so AAA 2, BBB 4, CCC 4: the national 10 kept (the old code
// dropped them: 1/2/4 = 7).
//
// With one team each and 15 groups: 30 half-groups as 3, 6, 21; CCC keeps
// ⌊21 × 41.6/105⌋ = 8 (4 groups) and frees 13. AAA (1.5 groups, 15 weeks)
// has room for 5 half-groups, BBB (3 groups, 30 weeks) for 2: the 13 split
// 10:20 as 4 and 9, of which AAA takes 4 and BBB 2; the 7 left go to AAA,
// the only one with room (1 half-group): AAA 4, BBB 4, CCC 4 — every team
// full — and 3 groups a year cannot be placed: the shortfall.
func TestAllocateRedistributes(t *testing.T) {
	cat, _ := data.DefaultCatalogue()
	if g, _ := cat.Lookup("BSR"); g.DurationWeeks.Value != 10 {
		t.Fatalf("BSR runs %v weeks in the catalogue; the hand figures assume 10", g.DurationWeeks.Value)
	}
	gs := analysis.NewGaps([]analysis.Gap{
		{Establishment: "AAA", Programme: "BSR", Demand: 10},
		{Establishment: "BBB", Programme: "BSR", Demand: 20},
		{Establishment: "CCC", Programme: "BSR", Demand: 70},
	}, analysis.GapOptions{Horizon: 12})
	for _, tt := range []struct {
		teams         []int
		national      float64
		want          map[string]float64
		wantShortfall float64
	}{
		{[]int{2, 2, 1}, 10, map[string]float64{"AAA": 2, "BBB": 4, "CCC": 4}, 0},
		{[]int{1, 1, 1}, 15, map[string]float64{"AAA": 4, "BBB": 4, "CCC": 4}, 3},
	} {
		var ests []model.Establishment
		for i, c := range []string{"AAA", "BBB", "CCC"} {
			ests = append(ests, model.Establishment{Code: c, Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "N", FacilitatorTeams: model.Some(tt.teams[i])})
		}
		offs := []model.Offering{{Establishment: "AAA", Programme: "BSR", GroupsPerYear: tt.national, Referable: true}}
		got, short := analysis.Allocate(model.NeedProportional, gs, ests, offs, cat)
		m := map[string]float64{}
		for _, o := range got {
			m[o.Establishment] = o.GroupsPerYear
		}
		for c, w := range tt.want {
			if m[c] != w {
				t.Errorf("teams %v: %s gets %v groups, want %v (all: %v)", tt.teams, c, m[c], w, m)
			}
		}
		sf := 0.0
		for _, s := range short {
			sf += s.Groups
		}
		if sf != tt.wantShortfall {
			t.Errorf("teams %v: shortfall %v, want %v", tt.teams, short, tt.wantShortfall)
		}
	}
}
