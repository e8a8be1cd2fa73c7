package lp

import (
	"errors"
	"math"
	"slices"
)

// Errors of New and Minimise.
var (
	// ErrInfeasible: no z ≥ 0 keeps the rows.
	ErrInfeasible = errors.New("lp: infeasible")
	// ErrUnbounded: the cost falls without end; Minimise returns a point
	// far along the ray with it.
	ErrUnbounded = errors.New("lp: unbounded")
	// ErrPivots: the pivot limit (MaxPivots) was reached first.
	ErrPivots = errors.New("lp: pivot limit reached")
)

// MaxPivots bounds the pivots of each phase: far above what the
// disclosure audit's programmes take (a few hundred to a few thousand on
// the embedded dataset), so that a programme that crawls stops with
// ErrPivots instead of stalling its caller.
const MaxPivots = 20000

// pivotTol is the smallest entry used as a pivot: the programmes this
// package is for have small integer coefficients, so the tableau's
// entries are small integers and their ratios and anything smaller is
// rounding.
const pivotTol = 1e-9

// Solve minimises costᵀz subject to rows·z = rhs and z ≥ 0 (standard
// form; rows need not be independent): New, then Minimise.
func Solve(cost []float64, rows [][]float64, rhs []float64) (float64, []float64, error) {
	p, err := New(rows, rhs)
	if err != nil {
		return 0, nil, err
	}
	return p.Minimise(cost)
}

// Program is a linear programme in standard form brought to a feasible
// basis: the two-phase tableau simplex (Bazaraa, Jarvis and Sherali,
// "Linear Programming and Network Flows", 4th ed., §3.3 for the tableau,
// §4.2 for the two phases) split after phase I, so that the programmes of
// one set of relations, which differ only in their cost (a figure's least
// and greatest value, for every figure), share one phase I.
type Program struct {
	t     [][]float64 // one row a basic variable: n coefficients, then the right-hand side
	basis []int
	n     int
}

// New runs phase I for rows·z = rhs, z ≥ 0: it minimises the sum
// of one artificial variable a row, started from the artificial basis,
// pivots the artificials left at zero out of the basis (driveOut) and
// drops them, with the rows the others imply. ErrInfeasible when no z ≥ 0
// keeps the rows.
func New(rows [][]float64, rhs []float64) (*Program, error) {
	m := len(rows)
	n := 0
	if m > 0 {
		n = len(rows[0])
	}
	w := n + m + 1 // columns: z, artificials, right-hand side
	t := make([][]float64, m+1)
	basis := make([]int, m)
	for i := range m {
		t[i] = make([]float64, w)
		sign := 1.0
		if rhs[i] < 0 {
			sign = -1
		}
		for j, v := range rows[i] {
			t[i][j] = sign * v
		}
		t[i][n+i] = 1
		t[i][w-1] = sign * rhs[i]
		basis[i] = n + i
	}
	obj := make([]float64, w)
	t[m] = obj
	for i := range m { // reduced costs of Σ artificials
		for j := range n {
			obj[j] -= t[i][j]
		}
		obj[w-1] -= t[i][w-1]
	}
	s := &tableau{t: t, basis: basis, n: n}
	if err := s.run(n + m); err != nil {
		return nil, err
	}
	if -obj[w-1] > 1e-9*math.Max(1, maxAbs(rhs)) {
		return nil, ErrInfeasible
	}
	s.driveOut()
	p := &Program{n: n}
	for i, b := range basis {
		if b >= n {
			continue // a relation the others imply: every entry zero
		}
		row := make([]float64, n+1)
		copy(row, t[i][:n])
		row[n] = t[i][w-1]
		p.t = append(p.t, row)
		p.basis = append(p.basis, b)
	}
	return p, nil
}

// Minimise runs phase II for cost from the programme's feasible basis, on
// a copy, so that the programme serves the next cost too, and returns the
// optimum and a point z reaching it; when the cost falls without end,
// ErrUnbounded with a point far along the ray (rayStep). Safe for
// concurrent use. The entering
// column is the most negative reduced cost (Dantzig) until a run of
// degenerate pivots, then the first negative one (Bland's rule, §4.5,
// which cannot cycle).
func (p *Program) Minimise(cost []float64) (float64, []float64, error) {
	n, m := p.n, len(p.t)
	t := make([][]float64, m+1)
	for i, row := range p.t {
		t[i] = slices.Clone(row)
	}
	obj := make([]float64, n+1)
	copy(obj, cost)
	for i, b := range p.basis { // reduced costs over the basis
		if cost[b] != 0 {
			for j, v := range t[i] {
				obj[j] -= cost[b] * v
			}
		}
	}
	t[m] = obj
	s := &tableau{t: t, basis: slices.Clone(p.basis), n: n}
	err := s.run(n)
	if err != nil && !errors.Is(err, ErrUnbounded) {
		return 0, nil, err
	}
	z := make([]float64, n)
	for i, b := range s.basis {
		z[b] = t[i][n]
	}
	if err != nil {
		// A point far along the ray that makes the cost fall without
		// end: z_e up by rayStep, the basic variables moved with it, so
		// that the caller can check it like any other.
		z[s.ray] += rayStep
		for i, b := range s.basis {
			z[b] -= rayStep * t[i][s.ray]
		}
		return math.Inf(-1), z, err
	}
	return -obj[n], z, nil
}

// rayStep is how far along an unbounded ray Minimise's point goes: far
// beyond any width the disclosure audit asks for (its figures are scaled
// to at most 1).
const rayStep = 1000

// tableau is the state of New and Minimise: the rows, the objective row last, and
// the basic column of each row; columns from n on are artificial.
type tableau struct {
	t      [][]float64
	basis  []int
	n      int
	pivots int
	ray    int // the entering column when run returns ErrUnbounded
}

// blandAfter is how many degenerate pivots in a row switch the entering
// rule to Bland's for the rest of the phase.
const blandAfter = 50

// run pivots until no column below enter has a negative reduced cost.
func (s *tableau) run(enter int) error {
	m := len(s.basis)
	obj := s.t[m]
	rhs := len(obj) - 1
	degenerate := 0
	for {
		e := -1
		for j := range enter {
			if obj[j] < -pivotTol && (e < 0 || (degenerate < blandAfter && obj[j] < obj[e])) {
				e = j
				if degenerate >= blandAfter {
					break
				}
			}
		}
		if e < 0 {
			return nil
		}
		r := -1
		for i := range m {
			a := s.t[i][e]
			if a <= pivotTol {
				continue
			}
			if r < 0 {
				r = i
				continue
			}
			ri, rr := s.t[i][rhs]/a, s.t[r][rhs]/s.t[r][e]
			if ri < rr-1e-12 || (ri <= rr+1e-12 && s.basis[i] < s.basis[r]) {
				r = i
			}
		}
		if r < 0 {
			s.ray = e
			return ErrUnbounded
		}
		if s.pivots++; s.pivots > MaxPivots {
			return ErrPivots
		}
		if s.t[r][rhs] <= 1e-12 {
			degenerate++
		} else {
			degenerate = 0
		}
		s.pivot(r, e)
	}
}

// driveOut pivots out of the basis every artificial left there at zero
// after phase I, on any entry of its row outside the artificials (a
// degenerate pivot: the row's right-hand side is zero), so that phase II
// cannot raise it; a row with no such entry is a relation the others
// imply, and stays as it is.
func (s *tableau) driveOut() {
	for r, b := range s.basis {
		if b < s.n {
			continue
		}
		for j := range s.n {
			if math.Abs(s.t[r][j]) > pivotTol {
				s.pivot(r, j)
				break
			}
		}
	}
}

// pivot makes column e basic in row r: row r divided by its entry, then
// subtracted from every row with an entry in column e.
func (s *tableau) pivot(r, e int) {
	pr := s.t[r]
	f := pr[e]
	for j := range pr {
		pr[j] /= f
	}
	pr[e] = 1
	for i, row := range s.t {
		g := row[e]
		if i == r || g == 0 {
			continue
		}
		for j, v := range pr {
			if v != 0 {
				row[j] -= g * v
			}
		}
		row[e] = 0
	}
	s.basis[r] = e
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}
