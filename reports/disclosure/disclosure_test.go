package disclosure

import (
	"math"
	"slices"
	"testing"
)

// figs registers figures by key.
type figs map[string]float64

func register(d *Control, c figs, order []string) {
	for _, k := range order {
		d.Count(k, c[k])
	}
}

func hiddenKeys(d *Control) []string {
	var out []string
	for _, k := range d.Keys() {
		if d.Hidden(k) {
			out = append(out, k)
		}
	}
	return out
}

// TestDisclosure checks primary and secondary suppression against hand
// worked tables: which figures are hidden, and that none of them can be
// worked out from the shown ones.
func TestDisclosure(t *testing.T) {
	tests := []struct {
		name   string
		order  []string
		vals   figs
		relate func(d *Control)
		want   []string
	}{
		{
			// A pathway mix of 50: 40, 3, 7, 0. 3 is hidden, so the next
			// smallest non-zero (7) is too, or 3 = 50 − 40 − 7 − 0.
			name:  "one set",
			order: []string{"total", "a", "b", "c", "d"},
			vals:  figs{"total": 50, "a": 40, "b": 3, "c": 7, "d": 0},
			relate: func(d *Control) {
				d.Sum("total", "a", "b", "c", "d")
			},
			want: []string{"b", "c"},
		},
		{
			// Two small figures in one set protect each other from
			// exact recovery, 2 + 1 = 25 − 10 − 12, but not to ±2: each
			// lies in [0, 3]. Widening hides the smaller shown figure
			// (10), and each is then in [0, 13] (TestWiden).
			name:   "two small",
			order:  []string{"total", "a", "b", "c", "d"},
			vals:   figs{"total": 25, "a": 10, "b": 2, "c": 1, "d": 12},
			relate: func(d *Control) { d.Sum("total", "a", "b", "c", "d") },
			want:   []string{"a", "b", "c"},
		},
		{
			// A 2 × 2 table with margins: 3 in a row of 23 hides its row
			// neighbour 20; the column of 13 then hides 10; its row hides
			// 30. The four inner figures form a rectangle: every row and
			// column has two hidden and none can be solved.
			name:  "table with margins",
			order: []string{"r1", "r2", "c1", "c2", "g", "a", "b", "c", "e"},
			vals:  figs{"a": 3, "b": 20, "c": 10, "e": 30, "r1": 23, "r2": 40, "c1": 13, "c2": 50, "g": 63},
			relate: func(d *Control) {
				d.Sum("r1", "a", "b")
				d.Sum("r2", "c", "e")
				d.Sum("c1", "a", "c")
				d.Sum("c2", "b", "e")
				d.Sum("g", "r1", "r2")
				d.Sum("g", "c1", "c2")
			},
			want: []string{"a", "b", "c", "e"},
		},
		{
			// Two hidden in every set, and yet solvable: a + b = 26 and
			// b − a = 20 (b = a + x) give a = 3. The rule of two is not
			// enough; the linear check hides x too.
			name:  "solvable with two per set",
			order: []string{"t", "a", "b", "x"},
			vals:  figs{"t": 26, "a": 3, "b": 23, "x": 20},
			relate: func(d *Control) {
				d.Sum("t", "a", "b")
				d.Sum("b", "a", "x")
			},
			want: []string{"a", "b", "x"},
		},
		{
			// The same figure shown twice (a stock and a demand in time):
			// hiding one hides the other, and their set needs a second.
			name:  "shown twice",
			order: []string{"stock", "dit", "flow", "demand"},
			vals:  figs{"stock": 9, "dit": 9, "flow": 2.6, "demand": 11.6},
			relate: func(d *Control) {
				d.Sum("demand", "stock", "flow")
				d.Sum("stock", "dit")
			},
			// flow rounds to 3: hidden; its set hides stock (9 < 12);
			// stock's twin dit follows.
			want: []string{"stock", "dit", "flow"},
		},
		{
			// Expected numbers round to whole people: 0.49 is 0, 0.5 is 1
			// (hidden), 4.49 is 4 (hidden), 4.5 is 5 (shown).
			name:   "rounding",
			order:  []string{"a", "b", "c", "d"},
			vals:   figs{"a": 0.49, "b": 0.5, "c": 4.49, "d": 4.5},
			relate: func(*Control) {},
			want:   []string{"b", "c"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(true)
			register(d, tt.vals, tt.order)
			tt.relate(d)
			d.Protect()
			got := hiddenKeys(d)
			want := slices.Clone(tt.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("hidden %v, want %v", got, want)
			}
			if det := d.determined(); len(det) > 0 {
				t.Errorf("figures %v can be worked out", det)
			}
			if len(d.Unprotected) > 0 {
				t.Errorf("unprotected: %v", d.Unprotected)
			}
		})
	}
}

// TestDisclosureDetermined checks the linear check on its own: with a, b
// hidden and a + b, a − b known, both are determined; with only a + b,
// neither is.
func TestDisclosureDetermined(t *testing.T) {
	d := New(true)
	register(d, figs{"t": 26, "a": 3, "b": 23, "x": 20}, []string{"t", "a", "b", "x"})
	d.Sum("t", "a", "b")
	d.hidden[d.index["a"]], d.hidden[d.index["b"]] = true, true
	if det := d.determined(); len(det) != 0 {
		t.Errorf("one equation, two unknowns: %v determined", det)
	}
	d.Sum("b", "a", "x")
	if det := d.determined(); len(det) != 2 {
		t.Errorf("two equations, two unknowns: %v determined, want both", det)
	}
}

// TestDisclosureOff: for internal use nothing is hidden or rounded; for a
// publication small figures are hidden and the others rounded.
func TestDisclosureOff(t *testing.T) {
	d := New(false)
	register(d, figs{"a": 3, "b": 2.25}, []string{"a", "b"})
	d.Sum("a", "b")
	d.Protect()
	if d.Hidden("a") || d.Value("a") != 3 || d.Value("b") != 2.25 {
		t.Errorf("unsuppressed: a %v, b %v", d.Value("a"), d.Value("b"))
	}
	on := New(true)
	register(on, figs{"a": 3, "b": 12.6}, []string{"a", "b"})
	on.Protect()
	if !on.Hidden("a") || !math.IsNaN(on.Value("a")) || on.Value("b") != 13 || !math.IsNaN(on.Value("missing")) {
		t.Errorf("suppressed: a %v, b %v", on.Value("a"), on.Value("b"))
	}
}

// TestPrimary checks the primary rule's bounds: figures that round to 1–4
// people.
func TestPrimary(t *testing.T) {
	for v, want := range map[float64]bool{0: false, 0.49: false, 0.5: true, 1: true, 4.49: true, 4.5: false, 5: false, 120: false, -0.2: false} {
		if got := Primary(v); got != want {
			t.Errorf("Primary(%v) = %v, want %v", v, got, want)
		}
	}
	if Primary(math.NaN()) {
		t.Error("Primary(NaN): a missing figure is not a small count")
	}
}

// TestWidthsAgainstLP checks the proved widths against the exact
// intervals that linear programming gives, worked by hand: a proof never
// claims more than the exact width, and on a rectangle of a 2 × 2 table
// with margins it finds all of it.
func TestWidthsAgainstLP(t *testing.T) {
	d := New(true)
	register(d, figs{"a": 3, "b": 20, "c": 10, "e": 30, "r1": 23, "r2": 40, "c1": 13, "c2": 50, "f": 7, "t": 10},
		[]string{"a", "b", "c", "e", "r1", "r2", "c1", "c2", "f", "t"})
	d.Sum("r1", "a", "b")
	d.Sum("r2", "c", "e")
	d.Sum("c1", "a", "c")
	d.Sum("c2", "b", "e")
	d.Sum("t", "a", "f") // 3 + 7 = 10: with f shown, a is pinned
	for _, k := range []string{"a", "b", "c", "e"} {
		d.hidden[d.index[k]] = true
	}
	cells, _ := d.components()
	if len(cells) != 1 || len(cells[0]) != 4 {
		t.Fatalf("components %v, want the four hidden figures together", cells)
	}
	// With f hidden too, a + f = 10 caps the rectangle's a ∈ [0, 13] at
	// [0, 10]: width 10 for all five. With f shown, a = 10 − 7 = 3
	// exactly, and so are b, c and e.
	d.hidden[d.index["f"]] = true
	cells, rels := d.components()
	exact := map[string]float64{"a": 10, "b": 10, "c": 10, "e": 10, "f": 10}
	checkWidths(t, d, cells[0], rels[0], exact)
	d.hidden[d.index["f"]] = false
	cells, rels = d.components()
	checkWidths(t, d, cells[0], rels[0], map[string]float64{"a": 0, "b": 0, "c": 0, "e": 0})
	// Without the extra relation: the rectangle moves t ∈ [−3, 10].
	d2 := rectangle()
	cells, rels = d2.components()
	checkWidths(t, d2, cells[0], rels[0], map[string]float64{"a": 13, "b": 13, "c": 13, "e": 13})
}

// rectangle is the 2 × 2 table with margins (3, 20 over 10, 30) with its
// four inner figures hidden.
func rectangle() *Control {
	d := New(true)
	register(d, figs{"a": 3, "b": 20, "c": 10, "e": 30, "r1": 23, "r2": 40, "c1": 13, "c2": 50},
		[]string{"a", "b", "c", "e", "r1", "r2", "c1", "c2"})
	d.Sum("r1", "a", "b")
	d.Sum("r2", "c", "e")
	d.Sum("c1", "a", "c")
	d.Sum("c2", "b", "e")
	for _, k := range []string{"a", "b", "c", "e"} {
		d.hidden[d.index[k]] = true
	}
	return d
}

// TestLocalWidth: fixing figures outside the neighbourhood narrows the
// interval, never widens it. In the 2 × 2 table with margins, a's
// neighbourhood of two (a and its row neighbour b) leaves a pinned by its
// column (c fixed); the whole rectangle gives the exact width 13.
func TestLocalWidth(t *testing.T) {
	d := rectangle()
	a := d.index["a"]
	for _, c := range []struct {
		size  int
		width float64
	}{{1, 0}, {2, 0}, {4, 13}, {40, 13}} {
		if w := d.localWidth(a, c.size); math.Abs(w-c.width) > 1e-9 {
			t.Errorf("neighbourhood of %d: width %v, want %v", c.size, w, c.width)
		}
	}
}

// checkWidths compares widths with the exact LP widths and with want.
func checkWidths(t *testing.T, d *Control, cells, rels []int, want map[string]float64) {
	t.Helper()
	d.primary = make([]bool, len(d.keys))
	for _, c := range cells {
		d.primary[c] = true
	}
	w := d.widths(cells, rels)
	all := make([]int, len(cells))
	for j := range all {
		all[j] = j
	}
	for j, iv := range d.bounds(cells, rels, all) {
		k := d.keys[cells[j]]
		if w[j] > iv.hi-iv.lo+1e-9 {
			t.Errorf("%s: proved width %v exceeds the exact [%v, %v]", k, w[j], iv.lo, iv.hi)
		}
		if math.Abs(iv.hi-iv.lo-want[k]) > 1e-9 {
			t.Errorf("%s: exact interval [%v, %v], want width %v", k, iv.lo, iv.hi, want[k])
		}
		if math.Abs(w[j]-want[k]) > 1e-9 {
			t.Errorf("%s: proved width %v, want %v", k, w[j], want[k])
		}
	}
}

// TestModelled: a modelled figure is rounded, never suppressed for being
// small.
func TestModelled(t *testing.T) {
	d := New(true)
	d.Modelled("m", 2.6)
	d.Count("n", 2.6)
	d.Protect()
	if d.Hidden("m") || d.Value("m") != 3 || !d.Hidden("n") {
		t.Errorf("modelled %v (hidden %v), count hidden %v", d.Value("m"), d.Hidden("m"), d.Hidden("n"))
	}
}

// TestWiden checks the protection to ±Margin against hand-worked sets:
// the audit before widening lists the small figures an intruder can bound
// that closely, and Protect hides the smallest shown figure that frees
// them (the exact intervals after, by linear programming, are checked
// too); a figure marked Keep is passed over for a larger one.
func TestWiden(t *testing.T) {
	tests := []struct {
		name        string
		vals        figs
		order, keep []string
		before      []string // narrow after secondary suppression alone
		hidden      []string // after Protect
		width       float64  // b's exact width after Protect
	}{
		{
			// 2 + 1 = 25 − 10 − 12: b and c in [0, 3]; a hidden, b in
			// [0, 13].
			name: "two small", vals: figs{"total": 25, "a": 10, "b": 2, "c": 1, "d": 12},
			order: []string{"total", "a", "b", "c", "d"}, before: []string{"b", "c"},
			hidden: []string{"a", "b", "c"}, width: 13,
		},
		{
			// As above with a kept: e (27) hidden instead; b in [0, 30].
			name: "kept", vals: figs{"total": 40, "a": 10, "b": 2, "c": 1, "e": 27},
			order: []string{"total", "a", "b", "c", "e"}, keep: []string{"a"}, before: []string{"b", "c"},
			hidden: []string{"b", "c", "e"}, width: 30,
		},
		{
			// 3 beside 10 hidden by the secondary rule: b in [0, 13],
			// nothing to widen.
			name: "wide already", vals: figs{"total": 30, "a": 10, "b": 3, "d": 17},
			order: []string{"total", "a", "b", "d"}, hidden: []string{"a", "b"}, width: 13,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			build := func() *Control {
				d := New(true)
				register(d, tt.vals, tt.order)
				d.Sum(tt.order[0], tt.order[1:]...)
				for _, k := range tt.keep {
					d.Keep(k)
				}
				return d
			}
			d := build()
			d.primary, d.wide = make([]bool, len(d.keys)), make([]bool, len(d.keys))
			for i := range d.keys {
				d.hidden[i] = Primary(d.value[i])
				d.primary[i] = d.hidden[i]
			}
			d.exact()
			var before []string
			for _, x := range d.narrowCells() {
				before = append(before, d.keys[x])
			}
			if !slices.Equal(before, tt.before) {
				t.Errorf("narrow before widening %v, want %v", before, tt.before)
			}
			d = build()
			d.Protect()
			if len(d.Narrow) != 0 || !slices.Equal(hiddenKeys(d), tt.hidden) {
				t.Errorf("narrow %v, hidden %v; want none narrow, %v hidden", d.Narrow, hiddenKeys(d), tt.hidden)
			}
			cells, rels := d.components()
			b := slices.Index(cells[0], d.index["b"])
			if iv := d.bounds(cells[0], rels[0], []int{b})[0]; math.Abs(iv.hi-iv.lo-tt.width) > 1e-9 {
				t.Errorf("b in [%v, %v], want width %v", iv.lo, iv.hi, tt.width)
			}
		})
	}
}
