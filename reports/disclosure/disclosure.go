package disclosure

import (
	"math"
	"slices"
)

// Threshold is the smallest count of people shown in published outputs:
// counts of 1 to 4 are suppressed (doc.go gives the sources).
const Threshold = 5

// Suppressed is what a suppressed figure shows: the GSS symbol for a
// confidential value.
const Suppressed = "[c]"

// Primary reports whether a figure about people is suppressed by the
// primary rule: it rounds to a whole number of people from 1 to
// Threshold − 1. Zero is shown (there is nobody to identify), and so is
// NaN (no figure).
func Primary(v float64) bool {
	r := math.Round(v)
	return r >= 1 && r < Threshold
}

// Control is the statistical disclosure control of one publication: a
// register of every figure about people that the publication shows
// (counts, expected numbers of people, demand over a horizon), keyed by
// what it counts so that the same figure shown in two places is one cell,
// and of every linear relation between them that a reader can see (a set
// that adds up to a total shown elsewhere, a figure shown twice).
//
// Protect applies the rules of official statistics (doc.go): primary
// suppression of every figure that rounds to 1–4 people, then secondary
// suppression of the next-smallest figure in every set in
// which only one figure is hidden, repeated until no set has exactly one,
// and until no hidden figure can be worked out exactly from the shown ones
// by any combination of the relations (linear algebra, not only one
// subtraction at a time); finally widening, until no small figure can be
// bounded to within ±Margin people (widen.go).
//
// With suppression off (internal use), nothing is hidden and figures are
// shown as computed, not rounded.
type Control struct {
	suppress bool
	index    map[string]int
	keys     []string
	value    []float64 // as computed
	hidden   []bool
	modelled []bool // rounded, never suppressed by the primary rule (Modelled)
	kept     []bool // hidden beside a small figure only as a last resort (Keep)
	primary  []bool // hidden by the primary rule
	wide     []bool // small figures the audit has proved wider than ±Margin
	// Narrow lists the small figures (hidden by the primary rule) the
	// audit does not prove wider than ±Margin people after widening:
	// some an intruder may bound that closely (docs/disclosure.md); empty
	// on the embedded dataset.
	Narrow []string
	rels   [][]term
	relsOf [][]int             // relations each cell is in
	proofs map[int][]direction // directions widen found, by figure they prove
	// Unprotected lists hidden figures Protect could not make safe (no
	// shown figure left to hide beside them); empty in every publication
	// the tests have seen.
	Unprotected []string
}

type term struct {
	cell int
	coef float64
}

// New returns an empty register; suppress false is for internal use:
// nothing is hidden or rounded.
func New(suppress bool) *Control {
	return &Control{suppress: suppress, index: map[string]int{}}
}

// Suppressing reports whether the publication suppresses small counts.
func (d *Control) Suppressing() bool { return d.suppress }

// Count registers a figure about people under key: a count, or an expected
// number of people (published rounded to a whole person). A key registered
// twice keeps its first value: the same figure shown twice.
func (d *Control) Count(key string, v float64) {
	if _, ok := d.index[key]; ok {
		return
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	d.index[key] = len(d.keys)
	d.keys = append(d.keys, key)
	d.value = append(d.value, v)
	d.hidden = append(d.hidden, false)
	d.modelled = append(d.modelled, false)
	d.kept = append(d.kept, false)
	d.relsOf = append(d.relsOf, nil)
}

// Modelled registers a modelled figure under key: an expected number of
// people from a model or a simulation (a mean over replications, a
// scenario's range), not a count of real people. It is published rounded
// to a whole person and never suppressed for being small, as issue 19
// asks for modelled figures (docs/disclosure.md); it is hidden only if a
// relation with hidden figures needs it.
func (d *Control) Modelled(key string, v float64) {
	if _, ok := d.index[key]; ok {
		return
	}
	d.Count(key, v)
	d.modelled[len(d.modelled)-1] = true
}

// Keep marks the figure under key as one a reader looks for first (a
// national total): widening hides it beside a small figure only when no
// direction without it protects that figure (τ-ARGUS's cost of a cell
// set high; docs/disclosure.md). Keys not registered are ignored.
func (d *Control) Keep(key string) {
	if i, ok := d.index[key]; ok {
		d.kept[i] = true
	}
}

// Has reports whether key is registered.
func (d *Control) Has(key string) bool {
	_, ok := d.index[key]
	return ok
}

// Sum records that total is the sum of parts. Keys that are not
// registered are figures nobody can see or zeros, and are left out.
func (d *Control) Sum(total string, parts ...string) {
	d.Relate([]string{total}, parts)
}

// Relate records that the figures in plus add up to the figures in minus
// (up to terms a reader knows, such as places, which need no cell).
func (d *Control) Relate(plus, minus []string) {
	var r []term
	add := func(k string, c float64) {
		i, ok := d.index[k]
		if !ok {
			return
		}
		for j := range r {
			if r[j].cell == i {
				r[j].coef += c
				return
			}
		}
		r = append(r, term{i, c})
	}
	for _, k := range plus {
		add(k, 1)
	}
	for _, k := range minus {
		add(k, -1)
	}
	r = slices.DeleteFunc(r, func(t term) bool { return t.coef == 0 })
	if len(r) < 2 {
		return // nothing a reader can difference
	}
	for _, t := range r {
		d.relsOf[t.cell] = append(d.relsOf[t.cell], len(d.rels))
	}
	d.rels = append(d.rels, r)
}

// rounded is the figure as published: a whole number of people.
func (d *Control) rounded(i int) float64 { return math.Round(d.value[i]) + 0 }

// Protect decides what is hidden; call it once, after every figure and
// relation is registered and before any is shown. The stages are doc.go's:
// primary suppression; secondary suppression until no hidden figure can be
// worked out exactly; then widening until no small figure can be bounded
// to ±Margin, with those it cannot protect listed in Narrow.
func (d *Control) Protect() {
	if !d.suppress {
		return
	}
	d.primary = make([]bool, len(d.keys))
	for i := range d.keys {
		if !d.modelled[i] && Primary(d.value[i]) {
			d.hidden[i], d.primary[i] = true, true
		}
	}
	d.Unprotected = nil
	if !d.exact() {
		return
	}
	d.proofs = map[int][]direction{}
	d.wide = make([]bool, len(d.keys))
	narrow, ok := d.widen()
	if !ok {
		return
	}
	d.Narrow = nil
	for _, x := range narrow {
		d.Narrow = append(d.Narrow, d.keys[x])
	}
}

// exact runs the secondary rule and hides companions until no hidden
// figure is determined by the relations; false (with Unprotected set) when
// some is left with nothing beside it to hide.
func (d *Control) exact() bool {
	for {
		d.secondary()
		det := d.determined()
		if len(det) == 0 {
			return true
		}
		xs := make([]int, 0, len(det))
		for x := range det {
			xs = append(xs, x)
		}
		slices.Sort(xs)
		progress := false
		for _, x := range xs {
			// Hide the smallest shown figure x is worked out from, unless
			// one of them was hidden already this round.
			best, fresh := -1, true
			for _, c := range det[x] {
				if d.hidden[c] {
					fresh = false
					break
				}
				if best < 0 || d.betterCompanion(c, best) {
					best = c
				}
			}
			switch {
			case !fresh:
				progress = true // checked again next round
			case best >= 0:
				d.hidden[best] = true
				progress = true
			}
		}
		if !progress {
			for _, x := range xs {
				d.Unprotected = append(d.Unprotected, d.keys[x])
			}
			return false
		}
	}
}

// secondary hides, in every relation with exactly one hidden figure, the
// smallest shown non-zero figure (the GSS rule: "the next smallest cell"),
// until no relation has exactly one.
func (d *Control) secondary() {
	for changed := true; changed; {
		changed = false
		for _, r := range d.rels {
			n := 0
			for _, t := range r {
				if d.hidden[t.cell] {
					n++
				}
			}
			if n != 1 {
				continue
			}
			if c := d.smallestShown(r); c >= 0 {
				d.hidden[c] = true
				changed = true
			}
		}
	}
}

// smallestShown is the shown figure of r to hide next: the smallest
// non-zero one, or a zero when every shown figure is zero; -1 when none is
// shown. Ties go to the first registered.
func (d *Control) smallestShown(r []term) int {
	best := -1
	better := func(i int) bool {
		if best < 0 {
			return true
		}
		a, b := d.rounded(i), d.rounded(best)
		if (a == 0) != (b == 0) {
			return b == 0
		}
		return math.Abs(a) < math.Abs(b) || (a == b && i < best)
	}
	for _, t := range r {
		if !d.hidden[t.cell] && better(t.cell) {
			best = t.cell
		}
	}
	return best
}

func (d *Control) betterCompanion(a, b int) bool {
	va, vb := math.Abs(d.rounded(a)), math.Abs(d.rounded(b))
	if (va == 0) != (vb == 0) {
		return vb == 0
	}
	return va < vb || (va == vb && a < b)
}

// determined returns the hidden figures that the relations and the shown
// figures pin down exactly, each with its derivation: the shown figures it
// is worked out from. x is determined when the unit vector of x lies in the
// row space of the relations restricted to the hidden figures, which is
// when x's pivot row of the reduced row echelon form has no other hidden
// entry (Gauss–Jordan elimination; Strang, "Linear Algebra and Its
// Applications", 4th ed., §2.2). Rows carry their shown figures along
// (never pivoted on), so a determined figure's row names the shown figures
// that give it away. Rows are sparse; coefficients are small integers, so a
// tolerance of 1e-9 separates zeros from entries.
func (d *Control) determined() map[int][]int {
	const eps = 1e-9
	var rows []map[int]float64
	var hiddenIn []int                  // hidden entries per row
	pivotOf := map[int]int{}            // hidden column → its pivot row
	colRows := map[int]map[int]bool{}   // hidden column → rows with an entry there
	set := func(ri, c int, v float64) { // rows[ri][c] = v, keeping the indexes
		_, had := rows[ri][c]
		if math.Abs(v) < eps {
			if had {
				delete(rows[ri], c)
				if d.hidden[c] {
					delete(colRows[c], ri)
					hiddenIn[ri]--
				}
			}
			return
		}
		rows[ri][c] = v
		if !had && d.hidden[c] {
			if colRows[c] == nil {
				colRows[c] = map[int]bool{}
			}
			colRows[c][ri] = true
			hiddenIn[ri]++
		}
	}
	for _, r := range d.rels {
		row := map[int]float64{}
		some := false
		for _, t := range r {
			row[t.cell] += t.coef
			some = some || d.hidden[t.cell]
		}
		if !some {
			continue
		}
		// Reduce by the pivots so far: in reduced echelon form a pivot row
		// has no entry in another pivot column, so one pass suffices.
		var cols []int
		for c := range row {
			if _, ok := pivotOf[c]; ok {
				cols = append(cols, c)
			}
		}
		slices.Sort(cols)
		for _, c := range cols {
			f := row[c]
			for k, v := range rows[pivotOf[c]] {
				if nv := row[k] - f*v; math.Abs(nv) < eps {
					delete(row, k)
				} else {
					row[k] = nv
				}
			}
		}
		p := -1
		for c := range row {
			if d.hidden[c] && (p < 0 || c < p) {
				p = c
			}
		}
		if p < 0 {
			continue // nothing hidden left: the relation tells nothing new
		}
		f := row[p]
		ri := len(rows)
		rows = append(rows, map[int]float64{})
		hiddenIn = append(hiddenIn, 0)
		for c, v := range row {
			set(ri, c, v/f)
		}
		// Clear the new pivot column from the other rows.
		var others []int
		for q := range colRows[p] {
			if q != ri {
				others = append(others, q)
			}
		}
		slices.Sort(others)
		for _, q := range others {
			g := rows[q][p]
			for c, v := range rows[ri] {
				set(q, c, rows[q][c]-g*v)
			}
		}
		pivotOf[p] = ri
	}
	out := map[int][]int{}
	for c, ri := range pivotOf {
		if hiddenIn[ri] != 1 {
			continue
		}
		var from []int
		for k := range rows[ri] {
			if !d.hidden[k] {
				from = append(from, k)
			}
		}
		slices.Sort(from)
		out[c] = from
	}
	return out
}

// Small returns how many figures the primary rule hid: those Narrow is
// counted against.
func (d *Control) Small() int {
	n := 0
	for _, p := range d.primary {
		if p {
			n++
		}
	}
	return n
}

// Hidden reports whether the figure under key is suppressed.
func (d *Control) Hidden(key string) bool {
	i, ok := d.index[key]
	return ok && d.hidden[i]
}

// AnyHidden reports whether any of the figures is suppressed: a figure
// derived from them (a share, an interval, a gap) must then be hidden too.
func (d *Control) AnyHidden(keys ...string) bool {
	for _, k := range keys {
		if d.Hidden(k) {
			return true
		}
	}
	return false
}

// Value is the figure as published: rounded to a whole person when
// suppressing, NaN when hidden or not registered.
func (d *Control) Value(key string) float64 {
	i, ok := d.index[key]
	if !ok || d.hidden[i] {
		return math.NaN()
	}
	if d.suppress {
		return d.rounded(i)
	}
	return d.value[i]
}

// Keys returns the registered keys in registration order.
func (d *Control) Keys() []string { return slices.Clone(d.keys) }
