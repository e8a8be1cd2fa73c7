package lp

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	gonumlp "gonum.org/v1/gonum/optimize/convex/lp"
)

// keeps checks z against rows·z = rhs, z ≥ 0.
func keeps(t *testing.T, rows [][]float64, rhs, z []float64) {
	t.Helper()
	for j, v := range z {
		if v < -1e-9 {
			t.Errorf("z[%d] = %v < 0", j, v)
		}
	}
	for i, row := range rows {
		s := 0.0
		for j, c := range row {
			s += c * z[j]
		}
		if math.Abs(s-rhs[i]) > 1e-9*math.Max(1, math.Abs(rhs[i])) {
			t.Errorf("row %d: %v, want %v", i, s, rhs[i])
		}
	}
}

// TestSolve checks hand-worked programmes: a vertex optimum, redundant
// rows, Beale's example (which cycles under Dantzig's rule without an
// anti-cycling rule), infeasible and unbounded ones.
func TestSolve(t *testing.T) {
	tests := []struct {
		name string
		cost []float64
		rows [][]float64
		rhs  []float64
		opt  float64
		err  error
	}{
		{
			// max x + y s.t. x + 2y ≤ 4, 3x + y ≤ 6: the corner
			// (1.6, 1.2), 2.8 (slacks as the last two columns).
			name: "corner",
			cost: []float64{-1, -1, 0, 0},
			rows: [][]float64{{1, 2, 1, 0}, {3, 1, 0, 1}},
			rhs:  []float64{4, 6},
			opt:  -2.8,
		},
		{
			// The same row twice and their sum: one relation, x + y = 3;
			// min x + 2y at (3, 0).
			name: "redundant",
			cost: []float64{1, 2},
			rows: [][]float64{{1, 1}, {1, 1}, {2, 2}},
			rhs:  []float64{3, 3, 6},
			opt:  3,
		},
		{
			// Beale (1955), as in Bazaraa, Jarvis and Sherali §4.5: the
			// optimum is −5/4 at x4 = x6 = 1, x1 = 3/4.
			name: "Beale",
			cost: []float64{0, 0, 0, -0.75, 20, -0.5, 6},
			rows: [][]float64{
				{1, 0, 0, 0.25, -8, -1, 9},
				{0, 1, 0, 0.5, -12, -0.5, 3},
				{0, 0, 1, 0, 0, 1, 0},
			},
			rhs: []float64{0, 0, 1},
			opt: -1.25,
		},
		{
			name: "infeasible",
			cost: []float64{1, 1},
			rows: [][]float64{{1, 1}},
			rhs:  []float64{-1},
			err:  ErrInfeasible,
		},
		{
			// min −x s.t. x − y = 1: x grows without end with y.
			name: "unbounded",
			cost: []float64{-1, 0},
			rows: [][]float64{{1, -1}},
			rhs:  []float64{1},
			err:  ErrUnbounded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt, z, err := Solve(tt.cost, tt.rows, tt.rhs)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err %v, want %v", err, tt.err)
			}
			switch {
			case tt.err == nil:
				if math.Abs(opt-tt.opt) > 1e-9 {
					t.Errorf("optimum %v, want %v", opt, tt.opt)
				}
				keeps(t, tt.rows, tt.rhs, z)
				c := 0.0
				for j, v := range z {
					c += tt.cost[j] * v
				}
				if math.Abs(c-opt) > 1e-9 {
					t.Errorf("cost at z %v, optimum %v", c, opt)
				}
			case errors.Is(err, ErrUnbounded):
				keeps(t, tt.rows, tt.rhs, z)
				if z[0] < rayStep/2 {
					t.Errorf("z %v: not far along the ray", z)
				}
			}
		})
	}
}

// TestAgainstGonum compares optima with gonum's simplex on random
// feasible programmes with non-negative costs (so bounded): sums of small
// counts as in the disclosure audit, one Program serving several costs.
func TestAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 6))
	compared := 0
	for trial := range 200 {
		// The last m columns an identity (full row rank, which gonum
		// needs), every column non-zero (ditto).
		m, k := 2+rng.IntN(5), 6+rng.IntN(8)
		n := k + m
		rows := make([][]float64, m)
		for i := range rows {
			rows[i] = make([]float64, n)
			for j := range k {
				if rng.IntN(3) == 0 {
					rows[i][j] = float64(rng.IntN(3) - 1)
				}
			}
			rows[i][k+i] = 1
		}
		for j := range k {
			if rows[0][j] == 0 && rows[1][j] == 0 {
				rows[rng.IntN(m)][j] = 1
			}
		}
		a := mat.NewDense(m, n, nil)
		x0 := make([]float64, n)
		for j := range x0 {
			x0[j] = float64(rng.IntN(6))
		}
		rhs := make([]float64, m)
		for i := range rows {
			for j := range rows[i] {
				a.Set(i, j, rows[i][j])
				rhs[i] += rows[i][j] * x0[j]
			}
		}
		p, err := New(rows, rhs)
		if err != nil {
			t.Fatalf("trial %d: feasible by construction, got %v", trial, err)
		}
		for range 3 {
			cost := make([]float64, n)
			for j := range cost {
				cost[j] = float64(rng.IntN(5))
			}
			opt, z, err := p.Minimise(cost)
			if err != nil {
				t.Fatalf("trial %d: %v", trial, err)
			}
			keeps(t, rows, rhs, z)
			want, _, gerr := gonumlp.Simplex(cost, a, rhs, 1e-10, nil)
			if gerr != nil {
				continue // gonum needs full row rank and no zero column; ours does not
			}
			compared++
			if math.Abs(opt-want) > 1e-7*math.Max(1, math.Abs(want)) {
				t.Errorf("trial %d: optimum %v, gonum %v", trial, opt, want)
			}
		}
	}
	if compared < 100 {
		t.Errorf("only %d programmes compared with gonum", compared)
	}
}
