package disclosure

import (
	"math"
	"slices"
)

// Margin is how closely an intruder should not be able to pin down a
// figure hidden for being small: the interval that the shown figures, the
// relations and the figures' being counts (never negative) leave for it
// should be wider than 2·Margin, so that it cannot be named to within
// ±Margin people (the "protection interval" of tabular disclosure control;
// issue 19 sets ±2). Protect widens until it holds (widen.go) and lists
// any figure it does not prove (Control.Narrow).
const Margin = 2

// components groups the hidden figures that share a relation, directly or
// through other hidden figures: the sets an intruder solves together.
// Each comes with the relations that touch it. Figures in no relation are
// left out: nothing bounds them above.
func (d *Control) components() (cells [][]int, rels [][]int) {
	parent := map[int]int{}
	var find func(int) int
	find = func(i int) int {
		if p, ok := parent[i]; ok && p != i {
			parent[i] = find(p)
			return parent[i]
		}
		parent[i] = i
		return i
	}
	for _, r := range d.rels {
		first := -1
		for _, t := range r {
			if !d.hidden[t.cell] {
				continue
			}
			if first < 0 {
				first = find(t.cell)
			} else {
				parent[find(t.cell)] = first
				first = find(first)
			}
		}
	}
	byRoot := map[int]int{}
	for i := range d.keys {
		if _, ok := parent[i]; !ok {
			continue
		}
		root := find(i)
		k, ok := byRoot[root]
		if !ok {
			k = len(cells)
			byRoot[root] = k
			cells, rels = append(cells, nil), append(rels, nil)
		}
		cells[k] = append(cells[k], i)
	}
	for ri, r := range d.rels {
		for _, t := range r {
			if d.hidden[t.cell] {
				k := byRoot[find(t.cell)]
				rels[k] = append(rels[k], ri)
				break
			}
		}
	}
	return cells, rels
}

// widths returns, for each hidden figure of a component, a width its
// interval is proved to have: how far it can move, the shown figures
// fixed, the relations kept and no figure below zero. Each proof is a
// direction δ that keeps every relation (A·δ = 0 over the hidden figures,
// checked on the relations as registered) and the steps t for which the
// figures as computed plus t·δ stay at least zero: two tables that agree
// with everything shown, whose figure j differs by (t_max − t_min)·|δ_j|.
// The directions are a basis of A's null space read off its reduced row
// echelon form, one per free column (Strang, §2.2). A width so proved is
// a width the figure has; its exact interval, by linear programming, can
// only be wider (TestWidthsAgainstLP). It is the cheap first proof;
// linear programming over a whole set is too slow (gonum's dense simplex
// took about 30 s a bound on the report's largest set, 1,132 hidden
// figures and 470 independent relations), so the figures it leaves are
// tried by linear programming over their neighbourhoods (localWidth).
func (d *Control) widths(cells, rels []int) []float64 {
	col, rows := d.matrix(cells, rels)
	red, pivots := rref(rows, len(cells))
	isPivot := make([]bool, len(cells))
	for _, c := range pivots {
		isPivot[c] = true
	}
	out := make([]float64, len(cells))
	delta := make([]float64, len(cells))
	for f := range cells {
		if isPivot[f] {
			continue
		}
		clear(delta)
		delta[f] = 1
		for i, c := range pivots {
			delta[c] = -red[i][f]
		}
		if !d.keepsRelations(delta, cells, rels, col) {
			continue
		}
		lo, hi := math.Inf(-1), math.Inf(1)
		for j, dj := range delta {
			v := d.value[cells[j]]
			switch {
			case dj > 1e-12:
				lo = math.Max(lo, -v/dj)
			case dj < -1e-12:
				hi = math.Min(hi, -v/dj)
			}
		}
		for j, dj := range delta {
			if math.Abs(dj) > 1e-12 {
				out[j] = math.Max(out[j], (hi-lo)*math.Abs(dj))
			}
		}
	}
	return out
}

// matrix returns the relations rels over the hidden figures cells: one
// row each, a column per figure (col maps a figure to its column), the
// other figures left out.
func (d *Control) matrix(cells, rels []int) (col map[int]int, rows [][]float64) {
	col = make(map[int]int, len(cells))
	for j, c := range cells {
		col[c] = j
	}
	rows = make([][]float64, 0, len(rels))
	for _, ri := range rels {
		row := make([]float64, len(cells))
		for _, t := range d.rels[ri] {
			if j, ok := col[t.cell]; ok {
				row[j] += t.coef
			}
		}
		rows = append(rows, row)
	}
	return col, rows
}

// keepsRelations checks A·δ = 0 on every relation of the component, as
// registered, so that a proof never rests on rounding in the reduction.
func (d *Control) keepsRelations(delta []float64, cells, rels []int, col map[int]int) bool {
	for _, ri := range rels {
		sum, scale := 0.0, 0.0
		for _, t := range d.rels[ri] {
			if j, ok := col[t.cell]; ok {
				sum += t.coef * delta[j]
				scale = math.Max(scale, math.Abs(delta[j]))
			}
		}
		if math.Abs(sum) > 1e-9*math.Max(1, scale) {
			return false
		}
	}
	return true
}

// rref reduces rows (each n coefficients, then possibly a right-hand
// side) to reduced row echelon form by Gauss–Jordan elimination with
// partial pivoting (Strang, "Linear Algebra and Its Applications", 4th
// ed., §2.2), in place. It returns the rows, the first len(pivots) of them
// independent with their pivot columns in pivots, the rest zero over the
// n columns.
func rref(rows [][]float64, n int) ([][]float64, []int) {
	const eps = 1e-9
	var pivots []int
	lead := 0
	for c := 0; c < n && lead < len(rows); c++ {
		best := lead
		for i := lead; i < len(rows); i++ {
			if math.Abs(rows[i][c]) > math.Abs(rows[best][c]) {
				best = i
			}
		}
		if math.Abs(rows[best][c]) < eps {
			continue
		}
		rows[lead], rows[best] = rows[best], rows[lead]
		f := rows[lead][c]
		for k := range rows[lead] {
			rows[lead][k] /= f
		}
		for i := range rows {
			if g := rows[i][c]; i != lead && math.Abs(g) > eps {
				for k := range rows[i] {
					rows[i][k] -= g * rows[lead][k]
				}
			}
		}
		pivots = append(pivots, c)
		lead++
	}
	return rows, pivots
}

// narrowCells returns the small figures not proved wider than ±Margin,
// over every component. A figure once proved wide is not checked again
// (wide): hiding more figures only adds tables an intruder must allow.
func (d *Control) narrowCells() []int {
	var out []int
	cells, rels := d.components()
	for k := range cells {
		out = append(out, d.narrowIn(cells[k], rels[k])...)
	}
	slices.Sort(out)
	return out
}

// narrowIn returns the small figures (hidden by the primary rule) of one
// component not proved wider than ±Margin: first by a null-space
// direction (widths), a direction widening kept (proved) or linear
// programming over the hoodSize hidden figures nearest (localWidth); the
// figures these leave by linear programming over the whole component,
// the intruder's own programmes, all from one phase I.
func (d *Control) narrowIn(cells, rels []int) []int {
	open := slices.ContainsFunc(cells, func(x int) bool { return d.primary[x] && !d.wide[x] })
	if !open {
		return nil
	}
	var left []int // indexes into cells
	for j, w := range d.widths(cells, rels) {
		x := cells[j]
		if !d.primary[x] || d.wide[x] {
			continue
		}
		if w > 2*Margin+1e-6 || d.proved(x) || d.localWidth(x, hoodSize) > 2*Margin+1e-6 {
			d.wide[x] = true
			continue
		}
		left = append(left, j)
	}
	if len(left) == 0 {
		return nil
	}
	var out []int
	for k, iv := range d.bounds(cells, rels, left) {
		if iv.hi-iv.lo <= 2*Margin+1e-6 {
			out = append(out, cells[left[k]])
		} else {
			d.wide[cells[left[k]]] = true
		}
	}
	return out
}
