package transport

import (
	"fmt"
	"math"
)

// Problem is a transportation problem with an "unplaced" option:
// Supply[i] units (people in a group who need a programme) wait at source i,
// Capacity[j] units (spare places) are free at destination j, Cost[i][j] is
// the cost of sending one unit from i to j (math.Inf(1) means the move is not
// allowed), and Unplaced[i] is the cost of leaving one unit of i unplaced.
//
// Supply and Capacity must be non-negative; Cost must have len(Supply) rows
// of len(Capacity) entries, each ≥ 0 or +Inf; Unplaced must have len(Supply)
// finite entries ≥ 0. Supply need not equal Capacity: whatever cannot (or is
// not worth) being placed is left unplaced at its penalty.
type Problem struct {
	Supply   []int
	Capacity []int
	Cost     [][]float64
	Unplaced []float64
}

// Solution is an integer allocation for a Problem: Flow[i][j] units go
// from source i to destination j, Left[i] units of source i stay unplaced,
// and Cost is the total Σ Flow[i][j]·Cost[i][j] + Σ Left[i]·Unplaced[i].
// For every i, Σ_j Flow[i][j] + Left[i] = Supply[i]; for every j,
// Σ_i Flow[i][j] ≤ Capacity[j]; Flow[i][j] is zero wherever Cost[i][j] is
// +Inf.
type Solution struct {
	Flow [][]int
	Left []int
	Cost float64
}

// Solve returns an optimal (minimum total cost) integer solution of p, or
// an error naming the first thing wrong with p's input.
//
// # Method
//
// The problem is solved as a minimum-cost flow on the network
//
//	source s → supply node i      capacity Supply[i],   cost 0
//	supply node i → destination j capacity ∞,           cost Cost[i][j] (finite costs only)
//	destination j → sink t        capacity Capacity[j], cost 0
//	supply node i → sink t        capacity Supply[i],   cost Unplaced[i]
//
// in which a flow of value Σ Supply[i] always exists (every unit can take
// the "unplaced" arc), so the min-cost maximum flow is exactly the optimal
// allocation. The algorithm is successive shortest paths (Ahuja, Magnanti &
// Orlin 1993, Network Flows: Theory, Algorithms, and Applications, §9.7):
// repeatedly find a shortest path in the residual network from a node with
// excess to the sink and augment along it by its bottleneck residual
// capacity (never one unit at a time). Node potentials π make all reduced
// costs c(u,v) + π(u) − π(v) non-negative so that each shortest path can be
// found with Dijkstra's algorithm (Edmonds & Karp 1972, "Theoretical
// improvements in algorithmic efficiency for network flow problems", J. ACM
// 19(2), 248–264; the potential technique also in Johnson 1977, J. ACM
// 24(1)). All costs are ≥ 0, so the initial potentials are zero. After each
// search, π(v) += min(d(v), d(t)), which keeps reduced costs non-negative
// and lets Dijkstra stop as soon as t is settled. Dijkstra uses a binary
// heap with lazy deletion.
//
// The arcs s → i are kept implicitly, as the excess e(i) = their residual
// capacity, and each search starts at a supply node k with e(k) > 0 rather
// than at s; this is the algorithm as AMO state it in §9.7 (excess nodes
// E = {i : e(i) > 0}, deficit node t; augment by min(e(k), residual
// capacities on the path)). Both forms are valid successive shortest path
// schemes with the same optimum, but a search from one supply node only has
// to settle the nodes nearer to it than t, typically a small neighbourhood,
// where a search from s would settle most of the network every time. Supply
// nodes are served in index order; each one's excess is sent before the
// next is started. Later paths may run backwards along earlier flow
// (destination j → supply node i), which moves i's people elsewhere or
// leaves them unplaced when that is cheaper overall.
//
// Because the network's capacities are integers, every augmentation is
// integral and the result is an optimal integer solution (the
// transportation LP is totally unimodular, so no fractional solution is
// cheaper).
//
// # Complexity
//
// With m sources, n destinations, A allowed (finite-cost) arcs, V = m+n+1
// nodes and E = A+m+n arcs (each with a reverse), building the network
// takes O(mn) time (to scan Cost) and O(V+E) memory. Each augmentation
// costs one Dijkstra search, O((V+E) log V) in the worst case but in
// practice only O((V'+E') log V') for the V' nodes nearer than t and their
// E' arcs with residual capacity (arcs without are kept out of the scanned
// prefix), and it either exhausts a supply node's excess or saturates an
// arc. So the number of augmentations K is at most Σ Supply[i]
// (pseudo-polynomial) and in practice a small multiple of m + n, because
// each augmentation moves a bottleneck amount rather than one unit. Total:
// O(mn + K·(V+E) log V), K ≤ Σ Supply. Example: 3,000 sources × 600
// destinations with 30 allowed arcs each and 31,500 units take about 12,000
// augmentations and a few seconds (BenchmarkSolve).
func Solve(p Problem) (*Solution, error) {
	if err := validate(p); err != nil {
		return nil, err
	}
	m, n := len(p.Supply), len(p.Capacity)
	g, err := newNetwork(p.Supply, p.Capacity, p.Unplaced, func(i int, arc func(j int, c float64)) {
		for j, c := range p.Cost[i] {
			if !math.IsInf(c, 1) {
				arc(j, c)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if err := g.run(); err != nil {
		return nil, err
	}

	sol := &Solution{Flow: make([][]int, m), Left: make([]int, m)}
	for i := range m {
		sol.Flow[i] = make([]int, n)
	}
	for i := range m {
		// Nothing flows into a supply node, so every arc out of it is a
		// forward arc (to a destination or, unplaced, to t), and its flow
		// is the residual capacity of its reverse.
		for _, a := range g.arcs[g.start[i]:g.start[i+1]] {
			f := g.arcs[a.rev].cap
			if f == 0 {
				continue
			}
			if int(a.to) == g.sink {
				sol.Left[i] += f
			} else {
				sol.Flow[i][int(a.to)-m] += f
			}
		}
	}
	for i := range m {
		for j, f := range sol.Flow[i] {
			if f != 0 {
				sol.Cost += float64(f) * p.Cost[i][j]
			}
		}
		if sol.Left[i] != 0 {
			sol.Cost += float64(sol.Left[i]) * p.Unplaced[i]
		}
	}
	return sol, nil
}

// validate checks p's shape and values and says what is wrong.
func validate(p Problem) error {
	m, n := len(p.Supply), len(p.Capacity)
	if len(p.Cost) != m {
		return fmt.Errorf("transport: Cost has %d rows, want one per source (len(Supply) = %d)", len(p.Cost), m)
	}
	if err := validateAmounts(p.Supply, p.Capacity, p.Unplaced); err != nil {
		return err
	}
	for i, row := range p.Cost {
		if len(row) != n {
			return fmt.Errorf("transport: Cost[%d] has %d entries, want one per destination (len(Capacity) = %d)", i, len(row), n)
		}
		for j, c := range row {
			switch {
			case math.IsNaN(c):
				return fmt.Errorf("transport: Cost[%d][%d] is NaN", i, j)
			case c < 0: // includes -Inf
				return fmt.Errorf("transport: Cost[%d][%d] = %v is negative (want ≥ 0, or +Inf for not allowed)", i, j, c)
			}
		}
	}
	return nil
}

// validateAmounts checks a problem's supplies, capacities and unplaced
// costs (Problem's rules) and says what is wrong.
func validateAmounts(supply, capacity []int, unplaced []float64) error {
	m := len(supply)
	p := struct {
		Supply, Capacity []int
		Unplaced         []float64
	}{supply, capacity, unplaced}
	if len(p.Unplaced) != m {
		return fmt.Errorf("transport: Unplaced has %d entries, want one per source (len(Supply) = %d)", len(p.Unplaced), m)
	}
	total := 0
	for i, s := range p.Supply {
		if s < 0 {
			return fmt.Errorf("transport: Supply[%d] = %d is negative", i, s)
		}
		if total > math.MaxInt/4-s {
			return fmt.Errorf("transport: total supply overflows (at Supply[%d] = %d)", i, s)
		}
		total += s
	}
	total = 0
	for j, c := range p.Capacity {
		if c < 0 {
			return fmt.Errorf("transport: Capacity[%d] = %d is negative", j, c)
		}
		if total > math.MaxInt/4-c {
			return fmt.Errorf("transport: total capacity overflows (at Capacity[%d] = %d)", j, c)
		}
		total += c
	}
	for i, u := range p.Unplaced {
		switch {
		case math.IsNaN(u):
			return fmt.Errorf("transport: Unplaced[%d] is NaN", i)
		case math.IsInf(u, 0):
			return fmt.Errorf("transport: Unplaced[%d] = %v is not finite", i, u)
		case u < 0:
			return fmt.Errorf("transport: Unplaced[%d] = %v is negative", i, u)
		}
	}
	return nil
}

// network is the residual network of Solve in compressed sparse row form:
// arcs[start[v]:start[v+1]] are the arcs leaving node v (forward arcs and
// the reverses of arcs into v), stored contiguously so that Dijkstra scans
// memory in order. The first active[v] of them are exactly those with
// positive residual capacity (arcs are swapped in and out of this prefix as
// capacities change), so a search never looks at the many reverse arcs that
// carry no flow. Nodes 0..m−1 are the supply nodes, m..m+n−1 the
// destinations and m+n the sink t; the source s is implicit in excess.
type network struct {
	sink    int
	excess  []int     // residual capacity of the implicit arc s → supply node i
	arcs    []arc     // grouped by tail
	start   []int32   // len nodes+1
	active  []int32   // arcs[start[v] : start[v]+active[v]] have cap > 0
	pi      []float64 // node potentials
	dist    []float64 // Dijkstra labels (scratch; +Inf when unset)
	prev    []int32   // arc into each node on the shortest-path tree (scratch)
	done    []bool    // settled by Dijkstra (scratch)
	touched []int32   // nodes whose dist the last search set (scratch)
	heap    labelHeap
}

// arc is one residual arc.
type arc struct {
	to   int32   // head
	rev  int32   // index of the reverse arc
	cap  int     // residual capacity
	cost float64 // cost per unit (reverse arcs: negated)
}

// newNetwork builds the network for a validated problem: supply,
// capacity and unplaced as in Problem, and arcs(i, arc) calling arc(j, c)
// for each allowed move from source i (to destination j at cost c).
func newNetwork(supply, capacity []int, unplaced []float64, arcs func(i int, arc func(j int, c float64))) (*network, error) {
	m, n := len(supply), len(capacity)
	nodes := m + n + 1
	g := &network{sink: m + n, excess: append([]int(nil), supply...)}

	// Count arcs out of each node (forward and reverse).
	g.start = make([]int32, nodes+1)
	for i, s := range supply {
		if s == 0 {
			continue // no flow can leave i; leave it isolated
		}
		arcs(i, func(j int, _ float64) {
			g.start[i+1]++
			g.start[m+j+1]++
		})
		g.start[i+1]++ // i → t (unplaced)
		g.start[g.sink+1]++
	}
	for j, c := range capacity {
		if c > 0 {
			g.start[m+j+1]++
			g.start[g.sink+1]++
		}
	}
	total := 0
	for _, c := range g.start {
		total += int(c) // each count ≤ 2·max(m, n+1): no int32 overflow
	}
	if total > math.MaxInt32 {
		return nil, fmt.Errorf("transport: %d residual arcs exceed the solver's int32 arc index", total)
	}
	for v := range nodes {
		g.start[v+1] += g.start[v]
	}
	g.arcs = make([]arc, g.start[nodes])
	fill := append([]int32(nil), g.start[:nodes]...)
	g.active = make([]int32, nodes)
	add := func(u, v, c int, w float64) {
		e, r := fill[u], fill[v]
		fill[u]++
		fill[v]++
		g.arcs[e] = arc{to: int32(v), rev: r, cap: c, cost: w}
		g.arcs[r] = arc{to: int32(u), rev: e, cap: 0, cost: -w}
		g.active[u]++ // c > 0 always; added first in u's range (see below)
	}
	// Destination arcs first, so that each destination's one forward arc
	// (to t) precedes the reverse arcs and the active prefixes start right.
	for j, c := range capacity {
		if c > 0 {
			add(m+j, g.sink, c, 0)
		}
	}
	for i, s := range supply {
		if s == 0 {
			continue
		}
		arcs(i, func(j int, c float64) {
			// "Infinite" capacity: flow into i never exceeds Supply[i],
			// so Supply[i] is an equivalent, overflow-free bound.
			add(i, m+j, s, c)
		})
		add(i, g.sink, s, unplaced[i])
	}

	g.pi = make([]float64, nodes)
	g.dist = make([]float64, nodes)
	for v := range g.dist {
		g.dist[v] = math.Inf(1)
	}
	g.prev = make([]int32, nodes)
	g.done = make([]bool, nodes)
	return g, nil
}

// run sends every supply node's excess to t at minimum cost by successive
// shortest paths.
func (g *network) run() error {
	for k := range g.excess {
		for g.excess[k] > 0 {
			if !g.dijkstra(k) {
				// Cannot happen: the unplaced arc k → t has residual
				// capacity ≥ excess(k) > 0.
				return fmt.Errorf("transport: internal error: no path from supply node %d to the sink", k)
			}
			// Bottleneck: the excess, and residual capacities along the
			// path t ← … ← k.
			delta := g.excess[k]
			for v := g.sink; v != k; {
				a := &g.arcs[g.prev[v]]
				delta = min(delta, a.cap)
				v = int(g.arcs[a.rev].to)
			}
			// Walking back from t, each arc's index is still valid when it
			// is reached: only updates of the arc itself and of the next
			// arc towards t move arcs within its tail's range.
			for v := g.sink; v != k; {
				e := g.prev[v]
				a := &g.arcs[e]
				r, u := a.rev, g.arcs[a.rev].to
				a.cap -= delta
				g.arcs[r].cap += delta
				if a.cap == 0 {
					g.deactivate(e, u)
				}
				if g.arcs[r].cap == delta { // was 0
					g.activate(r, int32(v))
				}
				v = int(u)
			}
			g.excess[k] -= delta
		}
	}
	return nil
}

// activate moves arc e, whose tail is u and whose residual capacity has
// just become positive, into u's active prefix.
func (g *network) activate(e, u int32) {
	g.swapArcs(e, g.start[u]+g.active[u])
	g.active[u]++
}

// deactivate moves arc e, whose tail is u and whose residual capacity has
// just become zero, out of u's active prefix.
func (g *network) deactivate(e, u int32) {
	g.active[u]--
	g.swapArcs(e, g.start[u]+g.active[u])
}

// swapArcs exchanges arcs e and f (with the same tail) and fixes the rev
// links that point to them.
func (g *network) swapArcs(e, f int32) {
	if e == f {
		return
	}
	g.arcs[e], g.arcs[f] = g.arcs[f], g.arcs[e]
	g.arcs[g.arcs[e].rev].rev = e
	g.arcs[g.arcs[f].rev].rev = f
}

// dijkstra finds a shortest path from node k to t in the residual network
// under reduced costs, records it in prev, updates the potentials and reports whether t
// was reachable. Reduced costs are ≥ 0 in exact arithmetic; the tiny
// negative values that floating-point rounding can produce are clamped to 0
// (an error of the order of machine epsilon times the potentials), so that
// the search is a true Dijkstra: each node is settled once and the
// shortest-path tree cannot contain a cycle.
func (g *network) dijkstra(k int) bool {
	// Reset only the labels the previous search set: O(touched), not O(V).
	inf := math.Inf(1)
	for _, v := range g.touched {
		g.dist[v] = inf
		g.done[v] = false
	}
	g.touched = append(g.touched[:0], int32(k))
	g.dist[k] = 0
	h := &g.heap
	h.items = h.items[:0]
	h.push(0, int32(k))
	for len(h.items) > 0 {
		d, u := h.pop()
		if g.done[u] {
			continue // stale entry
		}
		g.done[u] = true
		if int(u) == g.sink {
			break // t settled: labels ≥ d(t) are not needed (capped below)
		}
		pu := g.pi[u]
		for e := g.start[u]; e < g.start[u]+g.active[u]; e++ {
			a := &g.arcs[e]
			v := a.to
			if g.done[v] {
				continue
			}
			nd := d + max(0, a.cost+pu-g.pi[v])
			if nd < g.dist[v] {
				if math.IsInf(g.dist[v], 1) {
					g.touched = append(g.touched, v)
				}
				g.dist[v] = nd
				g.prev[v] = e
				h.push(nd, v)
			}
		}
	}
	dt := g.dist[g.sink]
	if math.IsInf(dt, 1) {
		return false
	}
	// π(v) += min(d(v), d(t)) keeps every residual reduced cost ≥ 0 (up to
	// rounding) for the next search, including for unreached nodes. Only
	// differences of potentials matter, so the d(t) added to every node
	// with d(v) ≥ d(t) (all but the touched few) is instead subtracted from
	// the others: π(v) += d(v) − d(t) where d(v) < d(t).
	for _, v := range g.touched {
		if d := g.dist[v]; d < dt {
			g.pi[v] += d - dt
		}
	}
	return true
}

// labelHeap is a binary min-heap of (label, node) pairs.
type labelHeap struct {
	items []heapItem
}

// heapItem is one heap entry.
type heapItem struct {
	d float64
	v int32
}

// push adds (d, v).
func (h *labelHeap) push(d float64, v int32) {
	h.items = append(h.items, heapItem{d, v})
	a := h.items
	k := len(a) - 1
	for k > 0 {
		parent := (k - 1) / 2
		if a[parent].d <= a[k].d {
			break
		}
		a[parent], a[k] = a[k], a[parent]
		k = parent
	}
}

// pop removes and returns the entry with the smallest label.
func (h *labelHeap) pop() (float64, int32) {
	a := h.items
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	k := 0
	for {
		l := 2*k + 1
		if l >= len(a) {
			break
		}
		c := l
		if r := l + 1; r < len(a) && a[r].d < a[l].d {
			c = r
		}
		if a[k].d <= a[c].d {
			break
		}
		a[k], a[c] = a[c], a[k]
		k = c
	}
	h.items = a
	return top.d, top.v
}
