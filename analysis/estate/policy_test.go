package estate

import (
	"testing"

	"needsplan/model"
)

// TestEveryPolicyHasAPriority: each policy model names has its own
// priority function, and nothing else has one, so a policy added to
// model.Policies without a rule here (or the reverse) fails.
func TestEveryPolicyHasAPriority(t *testing.T) {
	for _, p := range model.Policies {
		if priorities[p] == nil {
			t.Errorf("policy %s has no priority function in policy.go", p)
		}
	}
	if len(priorities) != len(model.Policies) {
		t.Errorf("%d priority functions for %d policies", len(priorities), len(model.Policies))
	}
	// The keys they give, by hand: release at 30, referred at 2, risk
	// high; a 2-month programme with 6 months' consolidation at month 10.
	p := &runPerson{simPerson: simPerson{release: 30, risk: model.LevelHigh}, since: []float64{2}}
	for _, tc := range []struct {
		policy model.Policy
		k1, k2 float64
	}{
		{model.ReleaseDate, 30, 2},
		{model.FIFO, 2, 0},
		{model.Risk, -float64(model.LevelHigh), 30},
		{model.RightTime, 0, 22}, // latest start in time: 30 − 6 − 2
	} {
		if k1, k2 := priorityOf(tc.policy)(p, 0, 2, 10, 6); k1 != tc.k1 || k2 != tc.k2 {
			t.Errorf("%s: keys (%v, %v), want (%v, %v)", tc.policy, k1, k2, tc.k1, tc.k2)
		}
	}
}
