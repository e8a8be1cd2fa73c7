package plan_test

import (
	"testing"

	"needsplan/analysis/plan"
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
