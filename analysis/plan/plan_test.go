package plan_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"needsplan/analysis/plan"
)

// randomProblem draws 3–5 establishments and 2–3 programmes, each
// establishment × programme a candidate with a random shortfall, value a
// place, cost and limits, and a budget of a few groups.
func randomProblem(r *rand.Rand) *plan.Problem {
	p := &plan.Problem{Room: map[string]int{}, Step: 1, Cuts: r.IntN(2) == 0}
	ne, np := 3+r.IntN(3), 2+r.IntN(2)
	for e := range ne {
		code := fmt.Sprintf("E%d", e)
		p.Room[code] = r.IntN(4)
		for g := range np {
			c := plan.Candidate{Establishment: code, Programme: fmt.Sprintf("P%d", g), GroupSize: 4 + 4*r.IntN(3),
				Short: float64(r.IntN(30)), Served: 0.5 + r.Float64(), Cost: float64(2 + r.IntN(6)), MaxAdd: r.IntN(4)}
			if r.IntN(3) == 0 {
				c.Groups, c.MaxCut, c.Short = 2, 1+r.IntN(2), 0
			}
			p.Candidates = append(p.Candidates, c)
		}
	}
	p.Budget = float64(r.IntN(20))
	return p
}

// bestByEnumeration tries every vector of adds within the limits (each
// establishment's room pruning the search) and returns, for every whole
// budget up to max, the best value whose cost fits it.
func bestByEnumeration(p *plan.Problem, max int) []float64 {
	best := make([]float64, max+1)
	used := map[string]int{}
	var rec func(i int, cost, val float64)
	rec = func(i int, cost, val float64) {
		if cost > float64(max) {
			return
		}
		if i == len(p.Candidates) {
			if k := int(cost); val > best[k] {
				best[k] = val
			}
			return
		}
		c := &p.Candidates[i]
		for n := 0; n <= c.MaxAdd && used[c.Establishment]+n <= p.Room[c.Establishment]; n++ {
			used[c.Establishment] += n
			rec(i+1, cost+float64(n)*c.Cost, val+c.Value(n))
			used[c.Establishment] -= n
		}
	}
	rec(0, 0, 0)
	for k := 1; k <= max; k++ {
		best[k] = math.Max(best[k], best[k-1])
	}
	return best
}

// TestSolveIsOptimal: on 300 random small problems the plan's value
// equals the best found by trying every combination of adds, at the
// budget and at every point of the curve; with cuts allowed, at the
// budget plus the savings of the cuts the plan makes, which it makes
// only when the adds need them and never beyond what they pay for.
func TestSolveIsOptimal(t *testing.T) {
	for seed := range uint64(300) {
		p := randomProblem(rand.New(rand.NewPCG(seed, 5)))
		pl, err := plan.Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		saved, adds, cost := 0.0, 0.0, 0.0
		for _, ch := range pl.Changes {
			c := &p.Candidates[ch.Candidate]
			if ch.Groups < 0 {
				saved -= ch.Cost
				if -ch.Groups > c.MaxCut {
					t.Fatalf("seed %d: cuts %d groups of %s %s, at most %d", seed, -ch.Groups, c.Establishment, c.Programme, c.MaxCut)
				}
				continue
			}
			adds += ch.Value
			cost += ch.Cost
		}
		if math.Abs(adds-pl.Value) > 1e-9 {
			t.Fatalf("seed %d: changes add to %g, plan says %g", seed, adds, pl.Value)
		}
		if cost-saved > p.Budget+1e-9 {
			t.Fatalf("seed %d: spends %g − %g over the budget %g", seed, cost, saved, p.Budget)
		}
		if saved > 0 && cost-saved+minCut(p, pl) <= p.Budget {
			t.Fatalf("seed %d: cuts %g where %g would pay for the adds", seed, saved, cost-p.Budget)
		}
		enum := bestByEnumeration(p, int(p.Budget+saved))
		if want := enum[int(p.Budget+saved)]; math.Abs(pl.Value-want) > 1e-9 {
			t.Fatalf("seed %d: plan value %g, enumeration %g (budget %g, cuts saving %g)", seed, pl.Value, want, p.Budget, saved)
		}
		for b, v := range pl.Curve {
			if want := enum[b]; math.Abs(v-want) > 1e-9 {
				t.Fatalf("seed %d: curve at %d: %g, enumeration %g", seed, b, v, want)
			}
		}
	}
}

// minCut is the smallest saving among the plan's cuts.
func minCut(p *plan.Problem, pl *plan.Plan) float64 {
	m := math.Inf(1)
	for _, ch := range pl.Changes {
		if ch.Groups < 0 {
			m = math.Min(m, p.Candidates[ch.Candidate].Cost)
		}
	}
	return m
}
