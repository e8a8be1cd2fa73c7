package disclosure

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// interval is the least and greatest value a hidden figure can take.
type interval struct{ lo, hi float64 }

// bounds returns each hidden figure's exact interval in one component:
// a linear programme each way (minimise, then maximise, the figure subject
// to the relations, with the shown figures as computed, and to every
// figure being at least zero), solved by gonum's simplex; an unbounded
// maximum is +Inf. A solver failure counts as the figure pinned down on
// that side (at its value as computed), so that a failure never proves a
// width. Only the first n figures are bounded; hidden figures not in
// cells count as known, at their values as computed, which gives an
// interval inside the one an intruder solving for every hidden figure
// gets (localWidth).
func (d *Control) bounds(cells, rels []int, n int) []interval {
	// The figures are scaled to at most 1 and the right-hand side is
	// A·x₀ of the figures as computed, after the reduction, so that the
	// system is consistent to rounding in one dot product: sums of
	// thousands rounded otherwise made feasible programmes infeasible.
	scale := 1.0
	for _, c := range cells {
		scale = math.Max(scale, math.Abs(d.value[c]))
	}
	_, rows := d.matrix(cells, rels)
	red, pivots := rref(rows, len(cells))
	out := make([]interval, len(cells))
	for j := range cells {
		out[j] = interval{0, math.Inf(1)}
	}
	if len(pivots) == 0 {
		return out
	}
	a := mat.NewDense(len(pivots), len(cells), nil)
	b := make([]float64, len(pivots))
	for i := range pivots {
		a.SetRow(i, red[i])
		for j, c := range cells {
			b[i] += red[i][j] * d.value[c] / scale
		}
	}
	c := make([]float64, len(cells))
	for j := range cells[:n] {
		v := d.value[cells[j]]
		clear(c)
		c[j] = 1
		out[j].lo = v // a failure proves nothing: the figure as computed
		if lo, err := minimise(c, a, b); err == nil {
			out[j].lo = math.Max(0, math.Min(v, lo*scale))
		}
		c[j] = -1
		hi, err := minimise(c, a, b)
		switch {
		case err == nil:
			out[j].hi = math.Max(v, -hi*scale)
		case errors.Is(err, lp.ErrUnbounded):
		default:
			out[j].hi = v
		}
	}
	return out
}

// bigM is the cost of an artificial variable in minimise: far above
// the costs bounds puts on a figure (±1, the figures scaled to at most
// 1).
const bigM = 1e6

// minimise returns the least costᵀz subject to a·z = b, z ≥ 0, with gonum's
// simplex started from a basis of artificial variables, one a row (the
// big-M method: Bazaraa, Jarvis and Sherali, "Linear Programming and
// Network Flows", 4th ed., §4.3), not from gonum's own phase I, which on
// these programmes failed feasible ones as "infeasible" or with "matrix
// singular" (lp/simplex.go findInitialBasic). Rows are negated where b
// is negative so that the artificial basis is feasible; an artificial
// left above zero at the optimum means no feasible z (lp.ErrInfeasible).
// Panics of the solver on ill-conditioned bases come back as errors.
func minimise(cost []float64, a *mat.Dense, b []float64) (opt float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("lp: %v", r)
		}
	}()
	m, n := a.Dims()
	big := mat.NewDense(m, n+m, nil)
	rhs := make([]float64, m)
	c := make([]float64, n+m)
	copy(c, cost)
	basis := make([]int, m)
	for i := range m {
		sign := 1.0
		if b[i] < 0 {
			sign = -1
		}
		for j := range n {
			big.Set(i, j, sign*a.At(i, j))
		}
		big.Set(i, n+i, 1)
		rhs[i] = sign * b[i]
		c[n+i] = bigM
		basis[i] = n + i
	}
	opt, z, err := lp.Simplex(c, big, rhs, 1e-10, basis)
	if err != nil {
		return 0, err
	}
	for i := range m {
		if z[n+i] > 1e-9*math.Max(1, rhs[i]) {
			return 0, lp.ErrInfeasible
		}
	}
	return opt, nil
}

// hoodSize is how many hidden figures a local programme (localWidth) lets
// move: small enough for gonum's dense simplex, which recomputes its
// basis at every step, to bound the few hundred figures the first proof
// leaves in seconds on the embedded dataset (docs/performance.md: the
// whole report 19.5 s).
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
	iv := d.bounds(cells, rels, 1)[0]
	return iv.hi - iv.lo
}
