package disclosure

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"

	"needsplan/analysis/lp"
)

// Widening: the secondary suppression that protects a small figure to
// ±Margin, not only from exact recovery. A small figure x is safe when
// two tables agree with everything published and differ in x by more
// than 2·Margin. Such a pair is a direction y (a change to the figures
// that keeps every relation, A·y = 0) along which x can move by more than
// 2·Margin before any figure goes below zero; every figure y changes must
// be hidden. raise searches for one near x that hides as few and as small
// shown figures as it can, in the manner of the hypercube method of
// τ-ARGUS (Giessing and Repsilber, "Tools and strategies to protect
// multiple tables with the GHQUAR cell suppression engine", 2002): a
// figure raised in a set is balanced by another figure of the set
// lowered, or by its total raised, hidden figures first, then the
// smallest shown figure with room to move, until every set balances.

// widenRounds bounds the rounds of widen: each hides the figures of the
// directions found for the small figures still narrow, then runs the
// secondary rule again (five on the embedded dataset).
const widenRounds = 12

// widen protects the small figures the audit does not prove wide: for
// each, a direction found by raise, whose shown figures it hides; the
// direction is kept as the figure's proof (hiding more figures never
// breaks one). It repeats, with the secondary rule, reaching further
// (reaches) whenever a round finds nothing new, until every small figure
// is proved wide or the last reach finds nothing. It returns the small
// figures left narrow; false (with Unprotected set) as exact.
func (d *Control) widen() ([]int, bool) {
	level := 0
	for range widenRounds {
		narrow := d.narrowCells()
		if len(narrow) == 0 {
			return nil, true
		}
		if r := reaches[level]; r.atMost > 0 && len(narrow) > r.atMost {
			return narrow, true
		}
		dirs := d.raiseAll(narrow, reaches[level])
		progress := false
		for i, x := range narrow {
			if dirs[i] == nil || d.proved(x) {
				continue // none found, or x proved by a direction found for another figure
			}
			for c := range dirs[i] {
				if !d.hidden[c] {
					d.hidden[c] = true
					progress = true
				}
				d.proofs[c] = append(d.proofs[c], dirs[i])
			}
		}
		if !progress {
			if level++; level == len(reaches) {
				return narrow, true
			}
			continue
		}
		if !d.exact() {
			return nil, false
		}
	}
	return d.narrowCells(), true
}

// raiseAll runs raise for every figure of xs on all cores, against the
// figures hidden now; results by index, so what widen hides never
// depends on the number of cores. A direction found against fewer
// hidden figures stays one when more are hidden.
func (d *Control) raiseAll(xs []int, r reach) []direction {
	out := make([]direction, len(xs))
	eachIndex(len(xs), func(i int) {
		if y, ok := d.raise(xs[i], r); ok {
			out[i] = y
		}
	})
	return out
}

// eachIndex runs f(0), …, f(n−1) on all cores; f writes its result by
// index, so nothing depends on the number of cores.
func eachIndex(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// proved reports whether a direction kept for x proves its interval
// wider than 2·Margin: every figure it changes hidden, every relation
// kept (checked as registered), and the step range times x's change
// wide enough.
func (d *Control) proved(x int) bool {
	for _, y := range d.proofs[x] {
		if d.proves(y, x) {
			return true
		}
	}
	return false
}

// proves reports whether direction y moves figure x by more than
// 2·Margin between two tables that agree with everything shown.
func (d *Control) proves(y direction, x int) bool {
	seen := map[int]bool{}
	lo, hi := math.Inf(-1), math.Inf(1)
	for c, yc := range y {
		if !d.hidden[c] {
			return false
		}
		for _, ri := range d.relsOf[c] {
			if seen[ri] {
				continue
			}
			seen[ri] = true
			sum := 0.0
			for _, t := range d.rels[ri] {
				sum += t.coef * y[t.cell]
			}
			if math.Abs(sum) > 1e-9 {
				return false
			}
		}
		switch v := d.value[c]; {
		case yc > 1e-12:
			lo = math.Max(lo, -v/yc)
		case yc < -1e-12:
			hi = math.Min(hi, -v/yc)
		}
	}
	return (hi-lo)*math.Abs(y[x]) > 2*Margin+1e-6
}

// direction is a change to the figures that keeps every relation: figure
// index to its change.
type direction map[int]float64

// reach is how far raise's programme extends from a figure: the hidden
// figures nearest it that may move, and the shown figures it may choose to
// hide, in rings: from every set the figures so far are in, its totals and
// its perSet smallest figures, at most shown in all; kept figures (Keep)
// only when kept is true. A reach with atMost set is tried only when at
// most that many small figures are left narrow.
type reach struct {
	hidden, perSet, shown, rings int
	kept                         bool
	atMost                       int
}

// reaches are the sizes widen tries, each after the one before finds
// nothing more: the first keeps a programme to a few hundred columns and
// a round to well under a second on the embedded dataset; the second
// finds directions through the regions and programmes a small figure's
// sets are linked by; the last takes every shown figure of the sets
// within three rings, kept ones too, for the few figures whose every
// direction runs through a national total. Its programmes have thousands
// of columns and take seconds each (about 3.5 s on the embedded
// dataset), so it is a last resort for a handful of figures: with more
// left, widen stops and the report says how many are not proved
// (docs/disclosure.md gives counts and times).
var reaches = []reach{
	{hidden: 30, perSet: 3, shown: 100, rings: 3},
	{hidden: 60, perSet: 4, shown: 200, rings: 3},
	{hidden: 400, perSet: 1000, shown: 1500, rings: 3, kept: true, atMost: 16},
}

// keptCost multiplies the cost of changing a kept figure in raise's
// programme, so that one is hidden only when no direction without it is
// found.
const keptCost = 100

// raise returns a direction that moves x up by 2·Margin + 1 people with
// every relation kept and no figure below zero, changing as few and as
// small shown figures as it can: the least-cost flow of Castro's network
// heuristic for cell suppression (J. Castro, "Network flows heuristics
// for complementary cell suppression", European Journal of Operational
// Research 153, 2004), as a linear programme over the figures near x.
// Each figure c that may move has a rise p_c ≥ 0 and, when it is not
// zero, a fall m_c ≥ 0 with m_c + s_c = x₀_c (never below zero); every
// relation of those figures keeps Σ coef·(p − m) = 0, the figures outside
// fixed; p_x = 2·Margin + 1. Each person of change costs 1 + ln(1 + x₀_c)
// on a shown figure (the smallest are hidden first, as the GSS rule asks;
// keptCost times that on a kept one) and 10⁻³ on a hidden one. False when
// no such direction exists near x.
func (d *Control) raise(x int, r reach) (direction, bool) {
	cells := d.raiseCells(x, r)
	col := make(map[int]int, len(cells))
	for j, c := range cells {
		col[c] = j
	}
	// Columns: p for every cell, then m and s for the cells that can fall.
	n := len(cells)
	fall := map[int]int{}  // cell column → its m column
	bound := map[int]int{} // m column → its s column, for the small
	for j, c := range cells {
		switch v := d.value[c]; {
		case j == 0 || v <= 1e-9:
		case v < 2*Margin+1:
			fall[j], bound[n] = n, n+1
			n += 2
		default:
			// Room for the whole step: no bound row (the least-cost
			// flow moves a figure at most the step; proves checks).
			fall[j] = n
			n++
		}
	}
	var rows [][]float64
	seen := map[int]bool{}
	for _, c := range cells {
		for _, ri := range d.relsOf[c] {
			if seen[ri] {
				continue
			}
			seen[ri] = true
			row := make([]float64, n+1)
			for _, t := range d.rels[ri] {
				if j, ok := col[t.cell]; ok {
					row[j] += t.coef
					if m, ok := fall[j]; ok {
						row[m] -= t.coef
					}
				}
			}
			rows = append(rows, row)
		}
	}
	for j := range cells {
		m, ok := fall[j]
		if !ok {
			continue
		}
		if sl, ok := bound[m]; ok {
			row := make([]float64, n+1)
			row[m], row[sl], row[n] = 1, 1, d.value[cells[j]]
			rows = append(rows, row)
		}
	}
	target := make([]float64, n+1)
	target[0], target[n] = 1, 2*Margin+1
	rows = append(rows, target)
	cost := make([]float64, n)
	for j, c := range cells {
		w := 1e-3
		if !d.hidden[c] {
			w = 1 + math.Log1p(math.Abs(d.value[c]))
		}
		if d.kept[c] && !d.hidden[c] {
			w *= keptCost
		}
		cost[j] = w
		if m, ok := fall[j]; ok {
			cost[m] = w
		}
	}
	z, ok := solveStandard(cost, rows, n)
	if !ok {
		return nil, false
	}
	y := direction{}
	for j, c := range cells {
		v := z[j]
		if m, ok := fall[j]; ok {
			v -= z[m]
		}
		if math.Abs(v) > 1e-7 {
			y[c] = v
		}
	}
	return y, true
}

// raiseCells returns x, the hidden figures nearest it (neighbourhood) and
// the shown figures raise may hide, as far as r reaches: from every set
// the figures so far are in, its totals (the figures added on the
// relation's left) and its r.perSet smallest figures.
func (d *Control) raiseCells(x int, r reach) []int {
	cells, _ := d.neighbourhood(x, r.hidden)
	in := map[int]bool{}
	for _, c := range cells {
		in[c] = true
	}
	shown := 0
	for range r.rings {
		seen := map[int]bool{}
		var ring []int
		for _, c := range cells {
			for _, ri := range d.relsOf[c] {
				if seen[ri] {
					continue
				}
				seen[ri] = true
				ring = append(ring, d.ringOf(ri, in, r)...)
			}
		}
		for _, c := range ring {
			if !in[c] && shown < r.shown {
				in[c] = true
				cells = append(cells, c)
				shown++
			}
		}
	}
	return cells
}

// ringOf returns the shown figures of relation ri not in the set in that
// raise may add: its totals, then its r.perSet smallest, kept figures
// only if r allows them.
func (d *Control) ringOf(ri int, in map[int]bool, r reach) []int {
	var totals, parts []int
	for _, t := range d.rels[ri] {
		switch {
		case d.hidden[t.cell] || in[t.cell] || d.topLevel(t.cell) || (d.kept[t.cell] && !r.kept):
		case t.coef > 0:
			totals = append(totals, t.cell)
		case d.rounded(t.cell) == 0:
			// A zero hidden shows nothing the GSS rule would hide.
		default:
			parts = append(parts, t.cell)
		}
	}
	slices.SortStableFunc(parts, func(a, b int) int {
		return cmp.Or(cmp.Compare(math.Abs(d.value[a]), math.Abs(d.value[b])), cmp.Compare(a, b))
	})
	return append(totals, parts[:min(len(parts), r.perSet)]...)
}

// topLevel reports whether figure c is a total of the whole publication:
// a total in every set it is in, part of none (the estate's demand for
// all programmes, its people). Widening never hides one: the figures a
// reader looks for first (the totals a release protects, "safe" cells in
// τ-ARGUS's terms).
func (d *Control) topLevel(c int) bool {
	for _, ri := range d.relsOf[c] {
		for _, t := range d.rels[ri] {
			if t.cell == c && t.coef < 0 {
				return false
			}
		}
	}
	return true
}

// solveStandard minimises cost·z subject to rows (n coefficients, then
// the right-hand side) and z ≥ 0 with package lp; false when no table keeps
// them or the solver fails.
func solveStandard(cost []float64, rows [][]float64, n int) ([]float64, bool) {
	a := make([][]float64, len(rows))
	b := make([]float64, len(rows))
	for i, r := range rows {
		a[i], b[i] = r[:n], r[n]
	}
	_, z, err := lp.Solve(cost, a, b)
	return z, err == nil
}
