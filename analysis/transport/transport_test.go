package transport

import (
	"math"
	"math/rand/v2"
	"needsplan/internal/testkit"
	"slices"
	"strings"
	"testing"
)

// tol is the tolerance for comparing total costs.
const tol = 1e-6

// checkSolution fails t unless sol is a feasible solution of p whose
// Cost equals the cost recomputed from its flows.
func checkSolution(t *testing.T, p Problem, sol *Solution) {
	t.Helper()
	m, n := len(p.Supply), len(p.Capacity)
	if len(sol.Flow) != m || len(sol.Left) != m {
		t.Fatalf("solution has %d flow rows and %d left entries, want %d", len(sol.Flow), len(sol.Left), m)
	}
	cost := 0.0
	col := make([]int, n)
	for i := range m {
		if len(sol.Flow[i]) != n {
			t.Fatalf("Flow[%d] has %d entries, want %d", i, len(sol.Flow[i]), n)
		}
		row := 0
		for j, f := range sol.Flow[i] {
			switch {
			case f < 0:
				t.Errorf("Flow[%d][%d] = %d < 0", i, j, f)
			case f > 0 && math.IsInf(p.Cost[i][j], 1):
				t.Errorf("Flow[%d][%d] = %d on a forbidden arc", i, j, f)
			case f > 0:
				cost += float64(f) * p.Cost[i][j]
			}
			row += f
			col[j] += f
		}
		if sol.Left[i] < 0 {
			t.Errorf("Left[%d] = %d < 0", i, sol.Left[i])
		}
		if row != p.Supply[i]-sol.Left[i] {
			t.Errorf("row %d sends %d, want Supply − Left = %d − %d", i, row, p.Supply[i], sol.Left[i])
		}
		cost += float64(sol.Left[i]) * p.Unplaced[i]
	}
	for j, c := range col {
		if c > p.Capacity[j] {
			t.Errorf("column %d receives %d > Capacity %d", j, c, p.Capacity[j])
		}
	}
	if math.Abs(cost-sol.Cost) > tol*math.Max(1, math.Abs(cost)) {
		t.Errorf("Cost = %v, recomputed %v", sol.Cost, cost)
	}
}

// TestSolveKnown checks hand-made problems whose optimum is known.
func TestSolveKnown(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name string
		p    Problem
		cost float64
		flow [][]int // nil: optimum not unique, check cost only
		left []int
	}{
		{
			// The worked example of sim-anchors §6 (verified there against
			// lp.Simplex and brute force). Balanced, 50 = 50. Source A gains
			// most (12−6 = 6 per unit) by taking Y, so A→Y 20; B fills the
			// rest: 20·6 + 10·9 + 5·12 + 15·13 = 465. Every other vertex is
			// dearer (e.g. shifting one unit A→Z, B→Y costs +3), so the
			// optimum is unique.
			name: "anchor example",
			p: Problem{
				Supply: []int{20, 30}, Capacity: []int{10, 25, 15},
				Cost:     [][]float64{{8, 6, 10}, {9, 12, 13}},
				Unplaced: []float64{1000, 1000},
			},
			cost: 465, flow: [][]int{{0, 20, 0}, {10, 5, 15}}, left: []int{0, 0},
		},
		{
			// Needs a reverse residual arc: A can go to X (1) or Y (2), B only
			// to X (1). A shortest first path may send A→X; then B's path is
			// s→B→X→A (undoing A→X, −1)→Y→t. Optimum A→Y, B→X = 3.
			name: "reroute",
			p: Problem{
				Supply: []int{1, 1}, Capacity: []int{1, 1},
				Cost:     [][]float64{{1, 2}, {1, inf}},
				Unplaced: []float64{100, 100},
			},
			cost: 3, flow: [][]int{{0, 1}, {1, 0}}, left: []int{0, 0},
		},
		{
			// Too few places: 3 placed at 1, 2 left at 10: 3 + 20 = 23.
			name: "capacity short",
			p: Problem{
				Supply: []int{5}, Capacity: []int{3},
				Cost: [][]float64{{1}}, Unplaced: []float64{10},
			},
			cost: 23, flow: [][]int{{3}}, left: []int{2},
		},
		{
			// Moving costs 7 a unit, leaving costs 2: leave all 4 (8).
			name: "unplaced cheaper",
			p: Problem{
				Supply: []int{4}, Capacity: []int{10},
				Cost: [][]float64{{7}}, Unplaced: []float64{2},
			},
			cost: 8, flow: [][]int{{0}}, left: []int{4},
		},
		{
			// A may not move at all (+Inf), so its 2 units are left (2·4);
			// B's 3 move at 1 each: 11.
			name: "not allowed",
			p: Problem{
				Supply: []int{2, 3}, Capacity: []int{5},
				Cost: [][]float64{{inf}, {1}}, Unplaced: []float64{4, 9},
			},
			cost: 11, flow: [][]int{{0}, {3}}, left: []int{2, 0},
		},
		{
			// 4 places, 6 people, equal move cost: the group with the higher
			// penalty (B, 50) gets all its 3 places, A gets 1 and leaves 2
			// at 5: 3 + 1 + 10 = 14.
			name: "scarce places go to the higher penalty",
			p: Problem{
				Supply: []int{3, 3}, Capacity: []int{4},
				Cost: [][]float64{{1}, {1}}, Unplaced: []float64{5, 50},
			},
			cost: 14, flow: [][]int{{1}, {3}}, left: []int{2, 0},
		},
		{
			// Zero supply at A and zero capacity at X: B's 2 units can only
			// go to Y (3 each, cheaper than 10 unplaced): 6.
			name: "zero supply and zero capacity",
			p: Problem{
				Supply: []int{0, 2}, Capacity: []int{0, 5},
				Cost:     [][]float64{{1, 1}, {1, 3}},
				Unplaced: []float64{1, 10},
			},
			cost: 6, flow: [][]int{{0, 0}, {0, 2}}, left: []int{0, 0},
		},
		{
			// No destinations: everyone is left, 3·2 + 1·5 = 11.
			name: "no destinations",
			p: Problem{
				Supply: []int{3, 1}, Capacity: []int{},
				Cost: [][]float64{{}, {}}, Unplaced: []float64{2, 5},
			},
			cost: 11, flow: [][]int{{}, {}}, left: []int{3, 1},
		},
		{
			// No sources: nothing to do, cost 0.
			name: "no sources",
			p:    Problem{Capacity: []int{4}},
			cost: 0, flow: [][]int{}, left: []int{},
		},
		{
			// Large supplies (bottleneck augmentation; needs rerouting). A
			// fills X (cost 1, 4000). The greedy continuation (B→Y 2500, the
			// rest of both to Z: 13000) is not optimal: A's 1000 left over
			// save 3 a unit by taking Y (2) instead of Z (5), while B loses
			// only 2 a unit by going to Z (3) instead of Y (1). So A→X 4000,
			// A→Y 1000, B→Y 1500, B→Z 1500: 4000 + 2000 + 1500 + 4500 =
			// 12000. Every remaining exchange costs ≥ +2 (e.g. A X→Y with
			// B Y→X: +1 +1), so the optimum is unique.
			name: "large supplies",
			p: Problem{
				Supply: []int{5000, 3000}, Capacity: []int{4000, 2500, 10000},
				Cost:     [][]float64{{1, 2, 5}, {2, 1, 3}},
				Unplaced: []float64{10, 10},
			},
			cost: 12000, flow: [][]int{{4000, 1000, 0}, {0, 1500, 1500}}, left: []int{0, 0},
		},
		{
			// All costs zero: any allocation is optimal, cost 0.
			name: "all free",
			p: Problem{
				Supply: []int{2, 2}, Capacity: []int{1, 1},
				Cost: [][]float64{{0, 0}, {0, 0}}, Unplaced: []float64{0, 0},
			},
			cost: 0,
		},
		{
			// Unplaced exactly equals the only move's cost (tie): cost 3·4 =
			// 12 however the 3 units are split.
			name: "tie between moving and leaving",
			p: Problem{
				Supply: []int{3}, Capacity: []int{2},
				Cost: [][]float64{{4}}, Unplaced: []float64{4},
			},
			cost: 12,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sol, err := Solve(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			checkSolution(t, tc.p, sol)
			if math.Abs(sol.Cost-tc.cost) > tol {
				t.Errorf("Cost = %v, want %v", sol.Cost, tc.cost)
			}
			if tc.flow != nil {
				for i := range tc.flow {
					if !slices.Equal(sol.Flow[i], tc.flow[i]) {
						t.Errorf("Flow = %v, want %v", sol.Flow, tc.flow)
						break
					}
				}
				if !slices.Equal(sol.Left, tc.left) {
					t.Errorf("Left = %v, want %v", sol.Left, tc.left)
				}
			}
		})
	}
}

// TestSolveInvalid checks that bad input is rejected with an error
// that names the problem.
func TestSolveInvalid(t *testing.T) {
	inf := math.Inf(1)
	ok := func() Problem {
		return Problem{
			Supply: []int{1, 2}, Capacity: []int{3},
			Cost: [][]float64{{1}, {2}}, Unplaced: []float64{5, 5},
		}
	}
	for _, tc := range []struct {
		name   string
		change func(p *Problem)
		want   string
	}{
		{"cost rows", func(p *Problem) { p.Cost = p.Cost[:1] }, "Cost has 1 rows"},
		{"unplaced length", func(p *Problem) { p.Unplaced = []float64{1, 2, 3} }, "Unplaced has 3 entries"},
		{"cost row length", func(p *Problem) { p.Cost[1] = []float64{1, 2} }, "Cost[1] has 2 entries"},
		{"negative supply", func(p *Problem) { p.Supply[1] = -1 }, "Supply[1] = -1 is negative"},
		{"negative capacity", func(p *Problem) { p.Capacity[0] = -4 }, "Capacity[0] = -4 is negative"},
		{"negative cost", func(p *Problem) { p.Cost[0][0] = -0.5 }, "Cost[0][0] = -0.5 is negative"},
		{"-Inf cost", func(p *Problem) { p.Cost[1][0] = math.Inf(-1) }, "Cost[1][0] = -Inf is negative"},
		{"NaN cost", func(p *Problem) { p.Cost[0][0] = math.NaN() }, "Cost[0][0] is NaN"},
		{"NaN unplaced", func(p *Problem) { p.Unplaced[1] = math.NaN() }, "Unplaced[1] is NaN"},
		{"Inf unplaced", func(p *Problem) { p.Unplaced[0] = inf }, "Unplaced[0] = +Inf is not finite"},
		{"negative unplaced", func(p *Problem) { p.Unplaced[0] = -1 }, "Unplaced[0] = -1 is negative"},
		{"supply overflow", func(p *Problem) { p.Supply = []int{math.MaxInt / 2, math.MaxInt / 2} }, "total supply overflows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := ok()
			tc.change(&p)
			sol, err := Solve(p)
			if err == nil {
				t.Fatalf("no error; solution %+v", sol)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
	// +Inf costs are allowed (not an error).
	p := ok()
	p.Cost[0][0] = inf
	if _, err := Solve(p); err != nil {
		t.Errorf("+Inf cost rejected: %v", err)
	}
}

// randomProblem draws a random problem with m×n arcs, supplies and
// capacities in [0, maxUnits], about a fifth of arcs forbidden, and (on
// odd draws) small integer costs, which make ties and degenerate optima
// common.
func randomProblem(r *rand.Rand, m, n, maxUnits int) Problem {
	p := Problem{
		Supply: make([]int, m), Capacity: make([]int, n),
		Cost: make([][]float64, m), Unplaced: make([]float64, m),
	}
	integer := r.IntN(2) == 1
	val := func(scale float64) float64 {
		if integer {
			return float64(r.IntN(int(scale) + 1))
		}
		return r.Float64() * scale
	}
	for i := range m {
		p.Supply[i] = r.IntN(maxUnits + 1)
		p.Unplaced[i] = val(15)
		p.Cost[i] = make([]float64, n)
		for j := range n {
			if r.IntN(5) == 0 {
				p.Cost[i][j] = math.Inf(1)
			} else {
				p.Cost[i][j] = val(10)
			}
		}
	}
	for j := range n {
		p.Capacity[j] = r.IntN(maxUnits + 1)
	}
	return p
}

// bruteForce returns the minimum cost over every feasible integer
// allocation of p, by exhaustive enumeration: for each source in turn, every
// way of sending 0..Supply[i] units to its allowed destinations within the
// remaining capacities (the rest left unplaced). It also returns the number
// of complete allocations enumerated.
func bruteForce(p Problem) (best float64, count int) {
	m, n := len(p.Supply), len(p.Capacity)
	remaining := slices.Clone(p.Capacity)
	best = math.Inf(1)
	// arc(i, j, left, cost): distribute up to left more units of source i
	// over destinations j.. .
	var source func(i int, cost float64)
	var arc func(i, j, left int, cost float64)
	source = func(i int, cost float64) {
		if i == m {
			count++
			best = min(best, cost)
			return
		}
		arc(i, 0, p.Supply[i], cost)
	}
	arc = func(i, j, left int, cost float64) {
		if j == n {
			source(i+1, cost+float64(left)*p.Unplaced[i])
			return
		}
		c := p.Cost[i][j]
		maxF := 0
		if !math.IsInf(c, 1) {
			maxF = min(left, remaining[j])
		}
		for f := 0; f <= maxF; f++ {
			remaining[j] -= f
			arc(i, j+1, left-f, cost+float64(f)*c)
			remaining[j] += f
		}
	}
	source(0, 0)
	return best, count
}

// TestSolveRandomSmall compares Solve with exhaustive
// enumeration and with gonum's LP simplex on 300 random tiny problems (1–4
// sources, 1–4 destinations, 0–5 units each).
func TestSolveRandomSmall(t *testing.T) {
	const seeds = 300
	maxCount, totalCount := 0, 0
	for seed := range uint64(seeds) {
		r := rand.New(rand.NewPCG(seed, 0))
		m, n := 1+r.IntN(4), 1+r.IntN(4)
		p := randomProblem(r, m, n, 5)
		sol, err := Solve(p)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		checkSolution(t, p, sol)
		brute, count := bruteForce(p)
		maxCount = max(maxCount, count)
		totalCount += count
		if math.Abs(sol.Cost-brute) > tol {
			t.Errorf("seed %d: cost %v, brute force %v\nproblem %+v\nsolution %+v", seed, sol.Cost, brute, p, sol)
		}
		lpCost, err := testkit.LPCost(p.Supply, p.Capacity, p.Cost, p.Unplaced)
		if err != nil {
			t.Errorf("seed %d: lp.Simplex: %v", seed, err)
		} else if math.Abs(sol.Cost-lpCost) > tol {
			t.Errorf("seed %d: cost %v, LP %v\nproblem %+v", seed, sol.Cost, lpCost, p)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d problems; brute force enumerated %d allocations (max %d per problem)", seeds, totalCount, maxCount)
}

// TestSolveRandomLP compares Solve with gonum's LP simplex
// on 1,000 larger random problems (2–10 sources and destinations, 0–40 units
// each), where augmentations move many units at once and paths often undo
// earlier flow.
func TestSolveRandomLP(t *testing.T) {
	for seed := range uint64(1000) {
		r := rand.New(rand.NewPCG(seed, 1))
		m, n := 2+r.IntN(9), 2+r.IntN(9)
		p := randomProblem(r, m, n, 40)
		sol, err := Solve(p)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		checkSolution(t, p, sol)
		lpCost, err := testkit.LPCost(p.Supply, p.Capacity, p.Cost, p.Unplaced)
		if err != nil {
			t.Errorf("seed %d: lp.Simplex: %v", seed, err)
		} else if math.Abs(sol.Cost-lpCost) > tol*math.Max(1, math.Abs(lpCost)) {
			t.Errorf("seed %d: cost %v, LP %v\nproblem %+v", seed, sol.Cost, lpCost, p)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
}

// TestSolveMediumLP compares Solve with gonum's LP simplex
// on 30 medium problems (15–30 sources, 10–20 destinations, 0–100 units
// each), long enough runs for many paths to reroute earlier flow.
func TestSolveMediumLP(t *testing.T) {
	for seed := range uint64(30) {
		r := rand.New(rand.NewPCG(seed, 2))
		m, n := 15+r.IntN(16), 10+r.IntN(11)
		p := randomProblem(r, m, n, 100)
		sol, err := Solve(p)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		checkSolution(t, p, sol)
		lpCost, err := testkit.LPCost(p.Supply, p.Capacity, p.Cost, p.Unplaced)
		if err != nil {
			t.Errorf("seed %d: lp.Simplex: %v", seed, err)
		} else if math.Abs(sol.Cost-lpCost) > tol*math.Max(1, math.Abs(lpCost)) {
			t.Errorf("seed %d: cost %v, LP %v", seed, sol.Cost, lpCost)
		}
	}
}

// benchProblem is a problem of national size: 3,000 groups of 1–20
// people, 600 destinations with 0–50 spare places (about 15,000 places for
// about 31,500 people), 30 allowed destinations per group at costs 1–100,
// and unplaced penalties 50–300 (so some moves are not worth making).
func benchProblem() Problem {
	const m, n, perSource = 3000, 600, 30
	r := rand.New(rand.NewPCG(2026, 6))
	p := Problem{
		Supply: make([]int, m), Capacity: make([]int, n),
		Cost: make([][]float64, m), Unplaced: make([]float64, m),
	}
	for i := range m {
		p.Supply[i] = 1 + r.IntN(20)
		p.Unplaced[i] = 50 + 250*r.Float64()
		p.Cost[i] = make([]float64, n)
		for j := range n {
			p.Cost[i][j] = math.Inf(1)
		}
		for _, j := range r.Perm(n)[:perSource] {
			p.Cost[i][j] = 1 + 99*r.Float64()
		}
	}
	for j := range n {
		p.Capacity[j] = r.IntN(51)
	}
	return p
}

// BenchmarkSolve times Solve on benchProblem.
func BenchmarkSolve(b *testing.B) {
	p := benchProblem()
	var sol *Solution
	for b.Loop() {
		var err error
		sol, err = Solve(p)
		if err != nil {
			b.Fatal(err)
		}
	}
	placed, left := 0, 0
	for i := range sol.Flow {
		for _, f := range sol.Flow[i] {
			placed += f
		}
		left += sol.Left[i]
	}
	b.ReportMetric(float64(placed), "placed")
	b.ReportMetric(float64(left), "left")
	b.ReportMetric(sol.Cost, "cost")
}
