package analysis

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"needsplan/data"
	"needsplan/model"
)

// transportTol is the tolerance for comparing total costs.
const transportTol = 1e-6

// checkTransportSolution fails t unless sol is a feasible solution of p whose
// Cost equals the cost recomputed from its flows.
func checkTransportSolution(t *testing.T, p TransportProblem, sol *TransportSolution) {
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
	if math.Abs(cost-sol.Cost) > transportTol*math.Max(1, math.Abs(cost)) {
		t.Errorf("Cost = %v, recomputed %v", sol.Cost, cost)
	}
}

// TestSolveTransportKnown checks hand-made problems whose optimum is known.
func TestSolveTransportKnown(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name string
		p    TransportProblem
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
			p: TransportProblem{
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
			p: TransportProblem{
				Supply: []int{1, 1}, Capacity: []int{1, 1},
				Cost:     [][]float64{{1, 2}, {1, inf}},
				Unplaced: []float64{100, 100},
			},
			cost: 3, flow: [][]int{{0, 1}, {1, 0}}, left: []int{0, 0},
		},
		{
			// Too few places: 3 placed at 1, 2 left at 10: 3 + 20 = 23.
			name: "capacity short",
			p: TransportProblem{
				Supply: []int{5}, Capacity: []int{3},
				Cost: [][]float64{{1}}, Unplaced: []float64{10},
			},
			cost: 23, flow: [][]int{{3}}, left: []int{2},
		},
		{
			// Moving costs 7 a unit, leaving costs 2: leave all 4 (8).
			name: "unplaced cheaper",
			p: TransportProblem{
				Supply: []int{4}, Capacity: []int{10},
				Cost: [][]float64{{7}}, Unplaced: []float64{2},
			},
			cost: 8, flow: [][]int{{0}}, left: []int{4},
		},
		{
			// A may not move at all (+Inf), so its 2 units are left (2·4);
			// B's 3 move at 1 each: 11.
			name: "not allowed",
			p: TransportProblem{
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
			p: TransportProblem{
				Supply: []int{3, 3}, Capacity: []int{4},
				Cost: [][]float64{{1}, {1}}, Unplaced: []float64{5, 50},
			},
			cost: 14, flow: [][]int{{1}, {3}}, left: []int{2, 0},
		},
		{
			// Zero supply at A and zero capacity at X: B's 2 units can only
			// go to Y (3 each, cheaper than 10 unplaced): 6.
			name: "zero supply and zero capacity",
			p: TransportProblem{
				Supply: []int{0, 2}, Capacity: []int{0, 5},
				Cost:     [][]float64{{1, 1}, {1, 3}},
				Unplaced: []float64{1, 10},
			},
			cost: 6, flow: [][]int{{0, 0}, {0, 2}}, left: []int{0, 0},
		},
		{
			// No destinations: everyone is left, 3·2 + 1·5 = 11.
			name: "no destinations",
			p: TransportProblem{
				Supply: []int{3, 1}, Capacity: []int{},
				Cost: [][]float64{{}, {}}, Unplaced: []float64{2, 5},
			},
			cost: 11, flow: [][]int{{}, {}}, left: []int{3, 1},
		},
		{
			// No sources: nothing to do, cost 0.
			name: "no sources",
			p:    TransportProblem{Capacity: []int{4}},
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
			p: TransportProblem{
				Supply: []int{5000, 3000}, Capacity: []int{4000, 2500, 10000},
				Cost:     [][]float64{{1, 2, 5}, {2, 1, 3}},
				Unplaced: []float64{10, 10},
			},
			cost: 12000, flow: [][]int{{4000, 1000, 0}, {0, 1500, 1500}}, left: []int{0, 0},
		},
		{
			// All costs zero: any allocation is optimal, cost 0.
			name: "all free",
			p: TransportProblem{
				Supply: []int{2, 2}, Capacity: []int{1, 1},
				Cost: [][]float64{{0, 0}, {0, 0}}, Unplaced: []float64{0, 0},
			},
			cost: 0,
		},
		{
			// Unplaced exactly equals the only move's cost (tie): cost 3·4 =
			// 12 however the 3 units are split.
			name: "tie between moving and leaving",
			p: TransportProblem{
				Supply: []int{3}, Capacity: []int{2},
				Cost: [][]float64{{4}}, Unplaced: []float64{4},
			},
			cost: 12,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sol, err := SolveTransport(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			checkTransportSolution(t, tc.p, sol)
			if math.Abs(sol.Cost-tc.cost) > transportTol {
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

// TestSolveTransportInvalid checks that bad input is rejected with an error
// that names the problem.
func TestSolveTransportInvalid(t *testing.T) {
	inf := math.Inf(1)
	ok := func() TransportProblem {
		return TransportProblem{
			Supply: []int{1, 2}, Capacity: []int{3},
			Cost: [][]float64{{1}, {2}}, Unplaced: []float64{5, 5},
		}
	}
	for _, tc := range []struct {
		name   string
		change func(p *TransportProblem)
		want   string
	}{
		{"cost rows", func(p *TransportProblem) { p.Cost = p.Cost[:1] }, "Cost has 1 rows"},
		{"unplaced length", func(p *TransportProblem) { p.Unplaced = []float64{1, 2, 3} }, "Unplaced has 3 entries"},
		{"cost row length", func(p *TransportProblem) { p.Cost[1] = []float64{1, 2} }, "Cost[1] has 2 entries"},
		{"negative supply", func(p *TransportProblem) { p.Supply[1] = -1 }, "Supply[1] = -1 is negative"},
		{"negative capacity", func(p *TransportProblem) { p.Capacity[0] = -4 }, "Capacity[0] = -4 is negative"},
		{"negative cost", func(p *TransportProblem) { p.Cost[0][0] = -0.5 }, "Cost[0][0] = -0.5 is negative"},
		{"-Inf cost", func(p *TransportProblem) { p.Cost[1][0] = math.Inf(-1) }, "Cost[1][0] = -Inf is negative"},
		{"NaN cost", func(p *TransportProblem) { p.Cost[0][0] = math.NaN() }, "Cost[0][0] is NaN"},
		{"NaN unplaced", func(p *TransportProblem) { p.Unplaced[1] = math.NaN() }, "Unplaced[1] is NaN"},
		{"Inf unplaced", func(p *TransportProblem) { p.Unplaced[0] = inf }, "Unplaced[0] = +Inf is not finite"},
		{"negative unplaced", func(p *TransportProblem) { p.Unplaced[0] = -1 }, "Unplaced[0] = -1 is negative"},
		{"supply overflow", func(p *TransportProblem) { p.Supply = []int{math.MaxInt / 2, math.MaxInt / 2} }, "total supply overflows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := ok()
			tc.change(&p)
			sol, err := SolveTransport(p)
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
	if _, err := SolveTransport(p); err != nil {
		t.Errorf("+Inf cost rejected: %v", err)
	}
}

// randomTransport draws a random problem with m×n arcs, supplies and
// capacities in [0, maxUnits], about a fifth of arcs forbidden, and (on
// odd draws) small integer costs, which make ties and degenerate optima
// common.
func randomTransport(r *rand.Rand, m, n, maxUnits int) TransportProblem {
	p := TransportProblem{
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

// bruteTransport returns the minimum cost over every feasible integer
// allocation of p, by exhaustive enumeration: for each source in turn, every
// way of sending 0..Supply[i] units to its allowed destinations within the
// remaining capacities (the rest left unplaced). It also returns the number
// of complete allocations enumerated.
func bruteTransport(p TransportProblem) (best float64, count int) {
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

// lpTransport solves p's LP relaxation with gonum's simplex in standard
// form: minimise cᵀx subject to Ax = b, x ≥ 0, with variables x_ij (allowed
// arcs), u_i (unplaced) and s_j (capacity slack), rows
//
//	Σ_j x_ij + u_i = Supply[i]     (one per source)
//	Σ_i x_ij + s_j = Capacity[j]   (one per destination)
//
// The u_i and s_j columns form an identity, so A has full row rank and
// {u, s} is a feasible starting basis (u = Supply, s = Capacity). The
// constraint matrix is totally unimodular, so the LP optimum equals the
// integer optimum.
func lpTransport(p TransportProblem) (float64, error) {
	m, n := len(p.Supply), len(p.Capacity)
	type ij struct{ i, j int }
	var arcs []ij
	for i := range m {
		for j := range n {
			if !math.IsInf(p.Cost[i][j], 1) {
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
		c[col] = p.Cost[a.i][a.j]
		A.Set(a.i, col, 1)
		A.Set(m+a.j, col, 1)
	}
	basic := make([]int, 0, m+n)
	for i := range m {
		c[k+i] = p.Unplaced[i]
		A.Set(i, k+i, 1)
		b[i] = float64(p.Supply[i])
		basic = append(basic, k+i)
	}
	for j := range n {
		A.Set(m+j, k+m+j, 1)
		b[m+j] = float64(p.Capacity[j])
		basic = append(basic, k+m+j)
	}
	opt, _, err := lp.Simplex(c, A, b, 1e-10, basic)
	return opt, err
}

// TestSolveTransportRandomSmall compares SolveTransport with exhaustive
// enumeration and with gonum's LP simplex on 300 random tiny problems (1–4
// sources, 1–4 destinations, 0–5 units each).
func TestSolveTransportRandomSmall(t *testing.T) {
	const seeds = 300
	maxCount, totalCount := 0, 0
	for seed := range uint64(seeds) {
		r := rand.New(rand.NewPCG(seed, 0))
		m, n := 1+r.IntN(4), 1+r.IntN(4)
		p := randomTransport(r, m, n, 5)
		sol, err := SolveTransport(p)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		checkTransportSolution(t, p, sol)
		brute, count := bruteTransport(p)
		maxCount = max(maxCount, count)
		totalCount += count
		if math.Abs(sol.Cost-brute) > transportTol {
			t.Errorf("seed %d: cost %v, brute force %v\nproblem %+v\nsolution %+v", seed, sol.Cost, brute, p, sol)
		}
		lpCost, err := lpTransport(p)
		if err != nil {
			t.Errorf("seed %d: lp.Simplex: %v", seed, err)
		} else if math.Abs(sol.Cost-lpCost) > transportTol {
			t.Errorf("seed %d: cost %v, LP %v\nproblem %+v", seed, sol.Cost, lpCost, p)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d problems; brute force enumerated %d allocations (max %d per problem)", seeds, totalCount, maxCount)
}

// TestSolveTransportRandomLP compares SolveTransport with gonum's LP simplex
// on 1,000 larger random problems (2–10 sources and destinations, 0–40 units
// each), where augmentations move many units at once and paths often undo
// earlier flow.
func TestSolveTransportRandomLP(t *testing.T) {
	for seed := range uint64(1000) {
		r := rand.New(rand.NewPCG(seed, 1))
		m, n := 2+r.IntN(9), 2+r.IntN(9)
		p := randomTransport(r, m, n, 40)
		sol, err := SolveTransport(p)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		checkTransportSolution(t, p, sol)
		lpCost, err := lpTransport(p)
		if err != nil {
			t.Errorf("seed %d: lp.Simplex: %v", seed, err)
		} else if math.Abs(sol.Cost-lpCost) > transportTol*math.Max(1, math.Abs(lpCost)) {
			t.Errorf("seed %d: cost %v, LP %v\nproblem %+v", seed, sol.Cost, lpCost, p)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
}

// TestSolveTransportMediumLP compares SolveTransport with gonum's LP simplex
// on 30 medium problems (15–30 sources, 10–20 destinations, 0–100 units
// each), long enough runs for many paths to reroute earlier flow.
func TestSolveTransportMediumLP(t *testing.T) {
	for seed := range uint64(30) {
		r := rand.New(rand.NewPCG(seed, 2))
		m, n := 15+r.IntN(16), 10+r.IntN(11)
		p := randomTransport(r, m, n, 100)
		sol, err := SolveTransport(p)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		checkTransportSolution(t, p, sol)
		lpCost, err := lpTransport(p)
		if err != nil {
			t.Errorf("seed %d: lp.Simplex: %v", seed, err)
		} else if math.Abs(sol.Cost-lpCost) > transportTol*math.Max(1, math.Abs(lpCost)) {
			t.Errorf("seed %d: cost %v, LP %v", seed, sol.Cost, lpCost)
		}
	}
}

// benchTransportProblem is a problem of national size: 3,000 groups of 1–20
// people, 600 destinations with 0–50 spare places (about 15,000 places for
// about 31,500 people), 30 allowed destinations per group at costs 1–100,
// and unplaced penalties 50–300 (so some moves are not worth making).
func benchTransportProblem() TransportProblem {
	const m, n, perSource = 3000, 600, 30
	r := rand.New(rand.NewPCG(2026, 6))
	p := TransportProblem{
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

// BenchmarkSolveTransport times SolveTransport on benchTransportProblem.
func BenchmarkSolveTransport(b *testing.B) {
	p := benchTransportProblem()
	var sol *TransportSolution
	for b.Loop() {
		var err error
		sol, err = SolveTransport(p)
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

// randomTransferInstance draws a small estate and people for the
// allocation property tests: nEst establishments in two regions with
// random holds, functions and resettlement; nPeople people with random
// sex, security category (sometimes missing), age (16, 19 or 30), months
// left (some too few to move, some open-ended) and needs among TSP,
// RESOLVE and COVAID; and places and demand at random establishment ×
// programme pairs.
func randomTransferInstance(r *rand.Rand, nEst, nPeople int) ([]model.Profile, []model.Classification, []model.Establishment, []Gap) {
	holds := []model.Holds{model.HoldsMen, model.HoldsMen, model.HoldsWomen, model.HoldsMixed}
	var ests []model.Establishment
	for i := range nEst {
		ests = append(ests, model.Establishment{Code: fmt.Sprintf("E%d", i), Holds: holds[r.IntN(len(holds))],
			Function: model.Functions[r.IntN(len(model.Functions))], Region: fmt.Sprintf("R%d", r.IntN(2)), Resettlement: r.IntN(2) == 0})
	}
	menCats := []model.SecurityCategory{0, model.CatA, model.CatB, model.CatC, model.CatC, model.CatD}
	womenCats := []model.SecurityCategory{0, model.Closed, model.Open}
	lefts := []float64{3, 6.5, 8, 14, 30, math.Inf(1)}
	progs := []string{"TSP", "RESOLVE", "COVAID"}
	var ps []model.Profile
	var cls []model.Classification
	for i := range nPeople {
		p := model.Profile{PersonID: fmt.Sprintf("p%d", i), Establishment: ests[r.IntN(nEst)].Code, Sex: model.Male,
			Age: []int{16, 19, 30}[r.IntN(3)], SentenceType: model.Determinate}
		c := menCats[r.IntN(len(menCats))]
		if r.IntN(3) == 0 {
			p.Sex = model.Female
			c = womenCats[r.IntN(len(womenCats))]
		}
		if c != 0 {
			p.SecurityCategory = model.Some(c)
		}
		cl := model.Classification{MonthsLeft: lefts[r.IntN(len(lefts))]}
		for _, g := range progs {
			if r.IntN(2) == 0 {
				k, _ := transferTestCatalogue.Index(g)
				cl.Needed.Add(k)
			}
		}
		ps, cls = append(ps, p), append(cls, cl)
	}
	var rows []Gap
	for _, e := range ests {
		for _, g := range progs {
			if r.IntN(2) == 0 {
				rows = append(rows, Gap{Establishment: e.Code, Region: e.Region, Programme: g,
					Places: float64(r.IntN(4)) + 0.5*float64(r.IntN(2)), Demand: float64(r.IntN(3))})
			}
		}
	}
	return ps, cls, ests, rows
}

// transferTestCatalogue is the default catalogue.
var transferTestCatalogue = func() *model.Catalogue {
	cat, err := data.DefaultCatalogue()
	if err != nil {
		panic(err)
	}
	return cat
}()

// personOptions recomputes, from the rules alone and person by person (no
// classes), where each person who must move may go: the (establishment,
// programme) spare places they could take, at what cost.
type personOption struct {
	est, prog string
	cost      float64
}

func personOptions(tp TransferPerson, p *model.Profile, ests map[string]*model.Establishment, spare map[[2]string]int, delay float64) (opts []personOption, timely bool) {
	var eligible []string
	for _, g := range tp.Programmes() {
		prog, _ := transferTestCatalogue.Lookup(g)
		if tp.MonthsLeft >= prog.MonthsNeeded.Value+delay {
			eligible = append(eligible, g)
		}
	}
	if len(eligible) == 0 {
		return nil, false
	}
	from := ests[p.Establishment]
	codes := make([]string, 0, len(ests))
	for c := range ests {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, code := range codes {
		to := ests[code]
		if code == p.Establishment || !model.MoveAllowed(to, p.Sex, p.SecurityCategory, p.Age) {
			continue
		}
		served := 0
		for _, g := range eligible {
			if spare[[2]string{code, g}] > 0 {
				served++
			}
		}
		c := model.MoveCost(from, to, tp.MonthsLeft) + 0.1*float64(len(eligible)-served)/float64(len(eligible))
		for _, g := range eligible {
			if spare[[2]string{code, g}] > 0 {
				opts = append(opts, personOption{code, g, c})
			}
		}
	}
	return opts, true
}

// TestAnalyseTransfersOptimal checks the person-level allocation on random
// small instances (many seeds): the allocation is feasible (each person
// placed at most once, in one of their own options, no place used twice
// counting the programmes a move also serves), its cost is what its moves
// cost, and that cost is optimal — equal to brute force over every
// person's choices and to gonum's LP simplex on the person-by-person
// transportation problem (no classes), so grouping people into classes
// loses nothing.
func TestAnalyseTransfersOptimal(t *testing.T) {
	legacy := SuitePlan{Default: model.LegacySuite}
	const unplaced = 10
	placedAll, peopleAll := 0, 0
	for seed := range uint64(400) {
		r := rand.New(rand.NewPCG(seed, 11))
		small := seed < 300
		nEst, nPeople := 2+r.IntN(3), 1+r.IntN(5)
		if !small {
			nEst, nPeople = 4+r.IntN(6), 10+r.IntN(40)
		}
		ps, cls, ests, rows := randomTransferInstance(r, nEst, nPeople)
		gs := NewGaps(rows, GapOptions{Horizon: 12, Suites: legacy})
		tr, err := AnalyseTransfers(ps, cls, ests, gs, transferTestCatalogue, TransferOptions{AsOf: model.DateOf(2025, 6, 30), Suites: legacy})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		estBy := map[string]*model.Establishment{}
		for i := range ests {
			estBy[ests[i].Code] = &ests[i]
		}
		spare := map[[2]string]int{}
		var dests [][2]string
		for _, g := range rows {
			if s := math.Floor(g.Places - g.Demand); s > 0 {
				spare[[2]string{g.Establishment, g.Programme}] = int(s)
				dests = append(dests, [2]string{g.Establishment, g.Programme})
			}
		}
		slices.SortFunc(dests, func(a, b [2]string) int { return strings.Compare(a[0]+"/"+a[1], b[0]+"/"+b[1]) })
		byID := map[string]*model.Profile{}
		for i := range ps {
			byID[ps[i].PersonID] = &ps[i]
		}
		// Feasibility and the cost of tr's own allocation.
		used := map[[2]string]int{}
		var options [][]personOption
		cost, moved := 0.0, 0
		for _, tp := range tr.People {
			opts, timely := personOptions(tp, byID[tp.Person], estBy, spare, tr.Options.Delay)
			if timely {
				options = append(options, opts)
			}
			switch {
			case tp.Outcome == Placed:
				moved++
				i := slices.IndexFunc(opts, func(o personOption) bool { return o.est == tp.To && o.prog == tp.Programme })
				if i < 0 {
					t.Fatalf("seed %d: %s placed at %s for %s, not one of their options %v", seed, tp.Person, tp.To, tp.Programme, opts)
				}
				cost += opts[i].cost
				for _, g := range tp.Served {
					used[[2]string{tp.To, g}]++
				}
				if len(tp.Served) == 0 || tp.Served[0] != tp.Programme {
					t.Errorf("seed %d: %s served %v, want %s first", seed, tp.Person, tp.Served, tp.Programme)
				}
			case timely:
				cost += unplaced
				if (len(opts) == 0) != (tp.Outcome == NoCompatible || tp.Outcome == NoPlaceAnywhere) {
					t.Errorf("seed %d: %s has %d options but outcome %s", seed, tp.Person, len(opts), tp.Outcome)
				}
			default:
				if tp.Outcome != NotEnoughTime {
					t.Errorf("seed %d: %s has no time to move but outcome %s", seed, tp.Person, tp.Outcome)
				}
			}
		}
		for k, n := range used {
			if n > spare[k] {
				t.Errorf("seed %d: %v used %d times, %d spare", seed, k, n, spare[k])
			}
		}
		if moved != tr.Moved() {
			t.Errorf("seed %d: %d placed, matrix holds %d moves", seed, moved, tr.Moved())
		}
		if math.Abs(cost-tr.Cost) > 1e-9 {
			t.Errorf("seed %d: moves cost %v, reported %v", seed, cost, tr.Cost)
		}
		// The LP of the person-by-person problem.
		p := TransportProblem{Supply: make([]int, len(options)), Capacity: make([]int, len(dests)), Cost: make([][]float64, len(options)), Unplaced: make([]float64, len(options))}
		for j, d := range dests {
			p.Capacity[j] = spare[d]
		}
		for i, opts := range options {
			p.Supply[i], p.Unplaced[i] = 1, unplaced
			p.Cost[i] = make([]float64, len(dests))
			for j, d := range dests {
				p.Cost[i][j] = math.Inf(1)
				for _, o := range opts {
					if o.est == d[0] && o.prog == d[1] {
						p.Cost[i][j] = o.cost
					}
				}
			}
		}
		if lpCost, err := lpTransport(p); err != nil {
			t.Errorf("seed %d: lp.Simplex: %v", seed, err)
		} else if math.Abs(lpCost-tr.Cost) > transportTol*math.Max(1, lpCost) {
			t.Errorf("seed %d: cost %v, LP %v", seed, tr.Cost, lpCost)
		}
		// Brute force: every person's choice of an option or none.
		if small {
			left := maps.Clone(spare)
			best := math.Inf(1)
			var try func(i int, c float64)
			try = func(i int, c float64) {
				if i == len(options) {
					best = math.Min(best, c)
					return
				}
				try(i+1, c+unplaced)
				for _, o := range options[i] {
					k := [2]string{o.est, o.prog}
					if left[k] > 0 {
						left[k]--
						try(i+1, c+o.cost)
						left[k]++
					}
				}
			}
			try(0, 0)
			if math.Abs(best-tr.Cost) > 1e-9 {
				t.Errorf("seed %d: cost %v, brute force %v\npeople %+v", seed, tr.Cost, best, tr.People)
			}
		}
		placedAll += moved
		peopleAll += len(tr.People)
		if t.Failed() {
			t.FailNow()
		}
	}
	if placedAll == 0 || placedAll == peopleAll {
		t.Errorf("%d of %d people placed over all instances: the instances do not test the allocation", placedAll, peopleAll)
	}
	t.Logf("%d of %d people who must move were placed", placedAll, peopleAll)
}
