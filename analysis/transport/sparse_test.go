package transport

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sparseOf is p given by its allowed moves.
func sparseOf(p Problem) Sparse {
	s := Sparse{Supply: p.Supply, Capacity: p.Capacity, Unplaced: p.Unplaced, Arcs: make([][]Arc, len(p.Supply))}
	for i, row := range p.Cost {
		for j, c := range row {
			if !math.IsInf(c, 1) {
				s.Arcs[i] = append(s.Arcs[i], Arc{To: j, Cost: c})
			}
		}
	}
	return s
}

// TestSolveSparseAgrees: on 500 random problems the sparse form gives the
// dense form's optimal cost and a feasible allocation: each source's flow
// and unplaced add up to its supply, no destination exceeds its capacity,
// and the cost is the flow's.
func TestSolveSparseAgrees(t *testing.T) {
	for seed := range uint64(500) {
		r := rand.New(rand.NewPCG(seed, 7))
		p := randomProblem(r, 1+r.IntN(10), 1+r.IntN(10), 30)
		dense, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		sp := sparseOf(p)
		sol, err := SolveSparse(sp)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		used := make([]int, len(p.Capacity))
		cost := 0.0
		for i, row := range sol.Flow {
			sum := sol.Left[i]
			for k, f := range row {
				sum += f
				used[sp.Arcs[i][k].To] += f
				cost += float64(f) * sp.Arcs[i][k].Cost
			}
			cost += float64(sol.Left[i]) * p.Unplaced[i]
			if sum != p.Supply[i] {
				t.Fatalf("seed %d: source %d sends %d of %d", seed, i, sum, p.Supply[i])
			}
		}
		for j, u := range used {
			if u > p.Capacity[j] {
				t.Fatalf("seed %d: destination %d takes %d of %d", seed, j, u, p.Capacity[j])
			}
		}
		if math.Abs(sol.Cost-dense.Cost) > tol || math.Abs(cost-sol.Cost) > tol {
			t.Fatalf("seed %d: sparse cost %v (recomputed %v), dense %v", seed, sol.Cost, cost, dense.Cost)
		}
	}
}

// TestSolveSparseInvalid: what is wrong with a sparse problem is named.
func TestSolveSparseInvalid(t *testing.T) {
	ok := Sparse{Supply: []int{1}, Capacity: []int{1}, Unplaced: []float64{1}, Arcs: [][]Arc{{{To: 0, Cost: 1}}}}
	for _, tc := range []struct {
		name string
		edit func(*Sparse)
	}{
		{"rows", func(p *Sparse) { p.Arcs = nil }},
		{"destination", func(p *Sparse) { p.Arcs = [][]Arc{{{To: 1}}} }},
		{"cost", func(p *Sparse) { p.Arcs = [][]Arc{{{To: 0, Cost: math.Inf(1)}}} }},
		{"twice", func(p *Sparse) { p.Arcs = [][]Arc{{{To: 0}, {To: 0}}} }},
		{"supply", func(p *Sparse) { p.Supply = []int{-1} }},
	} {
		p := ok
		tc.edit(&p)
		if _, err := SolveSparse(p); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if _, err := SolveSparse(ok); err != nil {
		t.Errorf("valid problem: %v", err)
	}
}

// TestMarginalIsOneMorePlace: each destination's marginal value is exactly
// what re-solving with one more unit of its capacity saves, on 300 random
// problems (so the shadow prices are the duals, not an estimate).
func TestMarginalIsOneMorePlace(t *testing.T) {
	positive := 0
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 11))
		p := randomProblem(r, 1+r.IntN(6), 1+r.IntN(6), 12)
		sol, err := SolveSparse(sparseOf(p))
		if err != nil {
			t.Fatal(err)
		}
		for j := range p.Capacity {
			more := p
			more.Capacity = append([]int(nil), p.Capacity...)
			more.Capacity[j]++
			again, err := Solve(more)
			if err != nil {
				t.Fatal(err)
			}
			if want := sol.Cost - again.Cost; math.Abs(sol.Marginal[j]-want) > 1e-6 {
				t.Fatalf("seed %d destination %d: marginal %v, one more unit saves %v\nproblem %+v", seed, j, sol.Marginal[j], want, p)
			}
			if sol.Marginal[j] > 0 {
				positive++
			}
		}
	}
	if positive < 100 {
		t.Errorf("only %d positive marginals: the check is weak", positive)
	}
}
