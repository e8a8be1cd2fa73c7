package testkit

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// LPCost is the optimum of a transportation problem (supply[i] units at
// source i, capacity[j] at destination j, cost[i][j] a unit, +Inf where
// not allowed, unplaced[i] a unit left unplaced) from its LP relaxation,
// solved with gonum's simplex in standard form: minimise cᵀx subject to Ax = b, x ≥ 0, with variables x_ij (allowed
// arcs), u_i (unplaced) and s_j (capacity slack), rows
//
//	Σ_j x_ij + u_i = Supply[i]     (one per source)
//	Σ_i x_ij + s_j = Capacity[j]   (one per destination)
//
// The u_i and s_j columns form an identity, so A has full row rank and
// {u, s} is a feasible starting basis (u = Supply, s = Capacity). The
// constraint matrix is totally unimodular, so the LP optimum equals the
// integer optimum.
func LPCost(supply, capacity []int, cost [][]float64, unplaced []float64) (float64, error) {
	m, n := len(supply), len(capacity)
	type ij struct{ i, j int }
	var arcs []ij
	for i := range m {
		for j := range n {
			if !math.IsInf(cost[i][j], 1) {
				arcs = append(arcs, ij{i, j})
			}
		}
	}
	k := len(arcs)
	cols := k + m + n
	c := make([]float64, cols)
	A := mat.NewDense(m+n, cols, nil)
	b := make([]float64, m+n)
	for col, a := range arcs {
		c[col] = cost[a.i][a.j]
		A.Set(a.i, col, 1)
		A.Set(m+a.j, col, 1)
	}
	basic := make([]int, 0, m+n)
	for i := range m {
		c[k+i] = unplaced[i]
		A.Set(i, k+i, 1)
		b[i] = float64(supply[i])
		basic = append(basic, k+i)
	}
	for j := range n {
		A.Set(m+j, k+m+j, 1)
		b[m+j] = float64(capacity[j])
		basic = append(basic, k+m+j)
	}
	opt, _, err := lp.Simplex(c, A, b, 1e-10, basic)
	return opt, err
}
