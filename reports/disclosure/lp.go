package disclosure

import (
	"errors"
	"math"
	"slices"

	"needsplan/analysis/lp"
)

// interval is the least and greatest value a hidden figure can take.
type interval struct{ lo, hi float64 }

// bounds returns each hidden figure's exact interval in one component:
// a linear programme each way (minimise, then maximise, the figure subject
// to the relations, with the shown figures as computed, and to every
// figure being at least zero), solved by package lp; where the maximum is
// unbounded, the table far along the ray gives the upper side. A side
// is moved off the figure as computed only by a table the solver returns
// and feasible accepts, so that neither a failure nor rounding in the
// solver ever proves a width. Only the figures at targets (indexes into
// cells) are bounded, all from one phase I (lp.New), on all cores;
// hidden figures not in cells count as known, at their values as
// computed, which gives an interval inside the one an intruder solving
// for every hidden figure gets (localWidth).
func (d *Control) bounds(cells, rels, targets []int) []interval {
	// The figures are scaled to at most 1 and the right-hand side is
	// A·x₀ of the figures as computed, so that the system is consistent
	// to rounding in one dot product: sums of thousands rounded otherwise
	// made feasible programmes infeasible.
	scale := 1.0
	for _, c := range cells {
		scale = math.Max(scale, math.Abs(d.value[c]))
	}
	_, rows := d.matrix(cells, rels)
	x0 := make([]float64, len(cells))
	for j, c := range cells {
		x0[j] = d.value[c] / scale
	}
	rhs := make([]float64, len(rows))
	for i, row := range rows {
		for j, v := range row {
			rhs[i] += v * x0[j]
		}
	}
	out := make([]interval, len(targets))
	prog, err := lp.New(rows, rhs)
	eachIndex(len(targets), func(k int) {
		j := targets[k]
		v := d.value[cells[j]]
		out[k] = interval{v, v} // a failure proves nothing: the figure as computed
		if err != nil {
			return
		}
		c := make([]float64, len(cells))
		c[j] = 1
		if _, z, err := prog.Minimise(c); err == nil && feasible(rows, rhs, z) {
			out[k].lo = math.Max(0, math.Min(v, z[j]*scale))
		}
		c[j] = -1
		if _, z, err := prog.Minimise(c); (err == nil || errors.Is(err, lp.ErrUnbounded)) && feasible(rows, rhs, z) {
			out[k].hi = math.Max(v, z[j]*scale)
		}
	})
	return out
}

// feasible reports whether z is a table the relations allow: every row
// kept to rounding and no figure below zero.
func feasible(rows [][]float64, rhs, z []float64) bool {
	const tol = 1e-7
	for _, v := range z {
		if v < -tol {
			return false
		}
	}
	for i, row := range rows {
		sum := 0.0
		for j, v := range row {
			sum += v * z[j]
		}
		if math.Abs(sum-rhs[i]) > tol*math.Max(1, math.Abs(rhs[i])) {
			return false
		}
	}
	return true
}

// hoodSize is how many hidden figures a local programme (localWidth) lets
// move: small enough for each programme to take milliseconds, large
// enough to prove most of the figures the null-space directions leave
// before the programmes over whole sets (narrowIn), which take tens of
// milliseconds a figure on the largest sets.
const hoodSize = 40

// neighbourhood returns x and the hidden figures nearest it through the
// relations, breadth first, at most size of them, with every relation
// that touches one of them.
func (d *Control) neighbourhood(x, size int) (cells, rels []int) {
	seen := map[int]bool{x: true}
	cells = []int{x}
	for i := 0; i < len(cells) && len(cells) < size; i++ {
		for _, ri := range d.relsOf[cells[i]] {
			for _, t := range d.rels[ri] {
				if d.hidden[t.cell] && !seen[t.cell] && len(cells) < size {
					seen[t.cell] = true
					cells = append(cells, t.cell)
				}
			}
		}
	}
	touched := map[int]bool{}
	for _, c := range cells {
		for _, ri := range d.relsOf[c] {
			if !touched[ri] {
				touched[ri] = true
				rels = append(rels, ri)
			}
		}
	}
	slices.Sort(rels)
	return cells, rels
}

// localWidth returns a width x's interval is proved to have by linear
// programming over its neighbourhood: the hidden figures nearest it free,
// every other figure fixed at its value. Fixing figures only narrows the
// feasible tables, so the interval an intruder works out from everything
// published is at least this wide (an inner approximation).
func (d *Control) localWidth(x, size int) float64 {
	cells, rels := d.neighbourhood(x, size)
	iv := d.bounds(cells, rels, []int{0})[0]
	return iv.hi - iv.lo
}
