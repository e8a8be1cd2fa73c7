package transport

import (
	"fmt"
	"math"
)

// Arc is an allowed move from a source of a Sparse problem: to destination
// To at Cost per unit (finite, ≥ 0).
type Arc struct {
	To   int
	Cost float64
}

// Sparse is a Problem given by its allowed moves only: Arcs[i] lists the
// destinations source i may go to, each at most once, instead of a row of
// Cost with +Inf elsewhere. Large problems whose sources each reach a few
// of many destinations (people and the cohort start slots they can reach)
// would not fit a dense Cost matrix.
type Sparse struct {
	Supply   []int
	Capacity []int
	Arcs     [][]Arc
	Unplaced []float64
}

// SparseSolution is an integer allocation for a Sparse problem: Flow[i][k]
// units go along Arcs[i][k], Left[i] stay unplaced, and Cost is the total
// cost, as in Solution.
type SparseSolution struct {
	Flow [][]int
	Left []int
	Cost float64
	// Marginal is, by destination, the decrease in the optimal cost one
	// more unit of its capacity would bring (its shadow price, ≥ 0).
	Marginal []float64
}

// SolveSparse returns an optimal integer solution of p by the method of
// Solve (successive shortest paths with potentials), or an error naming
// the first thing wrong with p's input.
func SolveSparse(p Sparse) (*SparseSolution, error) {
	if err := validateSparse(p); err != nil {
		return nil, err
	}
	m, n := len(p.Supply), len(p.Capacity)
	g, err := newNetwork(p.Supply, p.Capacity, p.Unplaced, func(i int, arc func(j int, c float64)) {
		for _, a := range p.Arcs[i] {
			arc(a.To, a.Cost)
		}
	})
	if err != nil {
		return nil, err
	}
	if err := g.run(); err != nil {
		return nil, err
	}
	sol := &SparseSolution{Flow: make([][]int, m), Left: make([]int, m)}
	at := make([]int, n) // destination → index in Arcs[i], +1 (0: none)
	for i := range m {
		sol.Flow[i] = make([]int, len(p.Arcs[i]))
		for k, a := range p.Arcs[i] {
			at[a.To] = k + 1
		}
		// As in Solve: every arc out of a supply node is forward, and its
		// flow is the residual capacity of its reverse.
		for _, a := range g.arcs[g.start[i]:g.start[i+1]] {
			f := g.arcs[a.rev].cap
			switch {
			case f == 0:
			case int(a.to) == g.sink:
				sol.Left[i] += f
			default:
				k := at[int(a.to)-m] - 1
				sol.Flow[i][k] += f
				sol.Cost += float64(f) * p.Arcs[i][k].Cost
			}
		}
		sol.Cost += float64(sol.Left[i]) * p.Unplaced[i]
		for _, a := range p.Arcs[i] {
			at[a.To] = 0
		}
	}
	sol.Marginal = g.marginal(m, n)
	return sol, nil
}

// validateSparse checks p's shape and values as validate does, and that
// each source lists a destination at most once.
func validateSparse(p Sparse) error {
	m, n := len(p.Supply), len(p.Capacity)
	if len(p.Arcs) != m {
		return fmt.Errorf("transport: Arcs has %d rows, want one per source (len(Supply) = %d)", len(p.Arcs), m)
	}
	if err := validateAmounts(p.Supply, p.Capacity, p.Unplaced); err != nil {
		return err
	}
	seen := make([]int, n)
	for i, row := range p.Arcs {
		for k, a := range row {
			switch {
			case a.To < 0 || a.To >= n:
				return fmt.Errorf("transport: Arcs[%d][%d].To = %d, want a destination from 0 to %d", i, k, a.To, n-1)
			case math.IsNaN(a.Cost) || math.IsInf(a.Cost, 0) || a.Cost < 0:
				return fmt.Errorf("transport: Arcs[%d][%d].Cost = %v, want a finite cost ≥ 0", i, k, a.Cost)
			case seen[a.To] == i+1:
				return fmt.Errorf("transport: Arcs[%d] lists destination %d twice", i, a.To)
			}
			seen[a.To] = i + 1
		}
	}
	return nil
}

// marginal returns, for an optimal solution's network, the decrease in
// total cost one more unit of capacity at each destination would bring:
// the dual value (shadow price) of its capacity, ≥ 0. One more unit at j
// lets flow go round a cycle t → … → j → t whose first arc runs a flow
// into t backwards: a source's unplaced arc (placing someone left out,
// gaining Unplaced[i]) or another destination's arc to t (freeing a place
// there to move someone to a cheaper one). The best such cycle saves
// −d(t, j), the shortest distance from t to j in the residual network
// without passing through t again, when that is negative (Ahuja, Magnanti
// & Orlin 1993, §9.3–9.4: reduced costs, negative cycles and optimality).
// One Dijkstra search from t on the reduced costs of the solver's final
// potentials (all ≥ 0) finds them all: d(t, j) = d'(t, j) − π(t) + π(j).
func (g *network) marginal(m, n int) []float64 {
	inf := math.Inf(1)
	out := make([]float64, n)
	for v := range g.dist {
		g.dist[v], g.done[v] = inf, false
	}
	t := int32(g.sink)
	g.dist[t] = 0
	h := &g.heap
	h.items = h.items[:0]
	h.push(0, t)
	for len(h.items) > 0 {
		d, u := h.pop()
		if g.done[u] {
			continue
		}
		g.done[u] = true
		pu := g.pi[u]
		for e := g.start[u]; e < g.start[u]+g.active[u]; e++ {
			a := &g.arcs[e]
			if v := a.to; v != t && !g.done[v] {
				if nd := d + max(0, a.cost+pu-g.pi[v]); nd < g.dist[v] {
					g.dist[v] = nd
					h.push(nd, v)
				}
			}
		}
	}
	for j := range n {
		if d := g.dist[m+j]; !math.IsInf(d, 1) {
			out[j] = math.Max(0, g.pi[t]-g.pi[m+j]-d)
		}
	}
	g.touched = g.touched[:0]
	return out
}
