package allocate_test

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"needsplan/analysis/allocate"
	"needsplan/internal/testkit"
	"needsplan/model"
)

// TestFrontier: the frontier's points are the allocations at each λ, the
// same on one worker as on several, and the priority served never rises
// as λ does. For optimal allocations x₁ at λ₁ < λ₂ and x₂ at λ₂, with P
// the priority served and C the move cost (objective −P + λC):
// −P₁ + λ₁C₁ ≤ −P₂ + λ₁C₂ and −P₂ + λ₂C₂ ≤ −P₁ + λ₂C₁; adding gives
// C₂ ≤ C₁, and then P₂ − P₁ ≤ λ₁(C₂ − C₁) ≤ 0.
func TestFrontier(t *testing.T) {
	for seed := range uint64(40) {
		in := randomInstance(t, rand.New(rand.NewPCG(seed, 23)))
		opt := allocate.Options{AsOf: testkit.AsOf}
		pts, err := allocate.Frontier(in.ps, in.cls, in.ests, in.offs, in.cat, opt, allocate.Lambdas)
		if err != nil {
			t.Fatal(err)
		}
		prev := runtime.GOMAXPROCS(1)
		one, err := allocate.Frontier(in.ps, in.cls, in.ests, in.offs, in.cat, opt, allocate.Lambdas)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pts, one) {
			t.Fatalf("seed %d: %d workers %v, one worker %v", seed, prev, pts, one)
		}
		for i, l := range allocate.Lambdas {
			opt.Lambda = model.Some(l)
			a, err := allocate.Allocate(in.ps, in.cls, in.ests, in.offs, in.cat, opt)
			if err != nil {
				t.Fatal(err)
			}
			placed, moved, weight := 0, 0, 0.0
			for _, p := range a.People {
				if p.Kind == allocate.NoPlace {
					continue
				}
				placed++
				weight += p.Weight
				if p.Kind != allocate.Local {
					moved++
				}
			}
			pt := pts[i]
			if pt.Lambda != l || pt.Placed != placed || pt.Moves() != moved || pt.Priority != weight {
				t.Errorf("seed %d λ %g: point %+v, allocation placed %d moved %d weight %g", seed, l, pt, placed, moved, weight)
			}
			if i > 0 && pt.Priority > pts[i-1].Priority+1e-9 {
				t.Errorf("seed %d: priority served rises from %g at λ %g to %g at λ %g", seed, pts[i-1].Priority, pts[i-1].Lambda, pt.Priority, l)
			}
		}
	}
}
