package plan_test

import (
	"testing"

	"needsplan/analysis/plan"
	"needsplan/model"
)

// TestNextTry: with budget left, the refinement tries one more group of
// the candidate whose next group serves most; with none left, it moves a
// group from the add whose last group serves least to that candidate, and
// never then tries the move back.
func TestNextTry(t *testing.T) {
	r := &plan.Result{Settings: plan.Settings{Budget: 10}, Room: map[string]int{"A": 2, "B": 2},
		Candidates: []plan.Candidate{
			{Establishment: "A", Programme: "P", GroupSize: 10, Short: 12, Served: 1, Cost: 5, MaxAdd: 2},
			{Establishment: "B", Programme: "P", GroupSize: 10, Short: 30, Served: 1, Cost: 5, MaxAdd: 2},
		}}
	r.Changes = r.WithGroups(nil, 0, 1) // A's first group: 10 served
	tried := map[string]bool{}
	try, words := r.NextTry(tried)
	if words != "add 1 group a year of P at B" || len(try) != 2 {
		t.Fatalf("with £5 left: %q %+v", words, try)
	}
	r.Settings.Budget = 5 // nothing left: a move
	try, words = r.NextTry(tried)
	if words != "move a group a year from P A to P B" || len(try) != 1 || try[0].Candidate != 1 || try[0].Groups != 1 || try[0].Value != 10 {
		t.Fatalf("with nothing left: %q %+v", words, try)
	}
	tried[words] = true
	r.Changes = try // kept: one group at B
	if _, words = r.NextTry(tried); words == "move a group a year from P B to P A" {
		t.Errorf("tried the move back")
	}
}

// TestMayRun: the plan's site rule is the placements' (analysis.CanRun)
// plus designated sites for sexual offending programmes.
func TestMayRun(t *testing.T) {
	open := &model.Establishment{Code: "OPN", Function: model.OpenPrison, Holds: model.HoldsMen}
	trainer := &model.Establishment{Code: "CTR", Function: model.CatCTrainer, Holds: model.HoldsMen}
	women := &model.Establishment{Code: "WOM", Function: model.FemalePrison, Holds: model.HoldsWomen}
	high := &model.Programme{Intensity: model.IntensityHigh, Sexes: []model.Sex{model.Male}}
	mod := &model.Programme{Intensity: model.IntensityModerate, Sexes: []model.Sex{model.Male}}
	designated := map[string]bool{"CTR": true}
	for _, c := range []struct {
		name string
		g    *model.Programme
		fam  int
		e    *model.Establishment
		want bool
	}{
		{"high intensity at an open prison", high, 0, open, false},
		{"moderate at an open prison", mod, 0, open, true},
		{"men's programme at a women's prison", mod, 0, women, false},
		{"sexual offending at a designated site", mod, 1, trainer, true},
		{"sexual offending elsewhere", mod, 1, open, false},
	} {
		if got := plan.MayRun(c.g, c.fam, c.e, designated, 1); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
