package reports

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"needsplan/analysis"
	"needsplan/model"
	"needsplan/reports/disclosure"
)

// quad is a text's or a fill's outline on the page, in points: four
// corners, counter-clockwise, after the canvas transforms.
type quad [4]vg.Point

// affine is a 2-D affine transform: x' = a x + c y + e, y' = b x + d y + f.
type affine struct{ a, b, c, d, e, f float64 }

func (m affine) apply(p vg.Point) vg.Point {
	x, y := float64(p.X), float64(p.Y)
	return vg.Point{X: vg.Length(m.a*x + m.c*y + m.e), Y: vg.Length(m.b*x + m.d*y + m.f)}
}

// then returns m followed (in the canvas's own frame) by n: m × n.
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

// drawn is what a chart put on the page: its texts and its coloured fills.
type drawn struct {
	texts     []quad
	strs      []string
	fills     []quad
	fillNames []string
}

// record draws chart c on a recording canvas and replays the actions,
// following Push, Pop, Translate, Rotate and Scale, to place every text
// (measured with the font it was drawn in) and every non-white fill.
func record(c *Chart) drawn {
	rec := &recorder.Canvas{}
	c.draw(draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Max: vg.Point{X: c.Width, Y: c.Height}}})
	var out drawn
	m := affine{a: 1, d: 1}
	var stack []affine
	var col color.Color = color.Black
	for _, act := range rec.Actions {
		switch a := act.(type) {
		case *recorder.Push:
			stack = append(stack, m)
		case *recorder.Pop:
			m, stack = stack[len(stack)-1], stack[:len(stack)-1]
		case *recorder.Translate:
			m = m.then(affine{a: 1, d: 1, e: float64(a.Point.X), f: float64(a.Point.Y)})
		case *recorder.Rotate:
			s, c := math.Sincos(a.Angle)
			m = m.then(affine{a: c, b: s, c: -s, d: c})
		case *recorder.Scale:
			m = m.then(affine{a: a.X, d: a.Y})
		case *recorder.SetColor:
			col = a.Color
		case *recorder.FillString:
			if strings.TrimSpace(a.String) == "" {
				continue
			}
			face := font.DefaultCache.Lookup(a.Font, a.Size)
			ext := face.Extents()
			w := face.Width(a.String)
			x0, x1 := a.Point.X, a.Point.X+w
			y0, y1 := a.Point.Y-ext.Descent, a.Point.Y+ext.Ascent
			out.texts = append(out.texts, quad{m.apply(vg.Point{X: x0, Y: y0}), m.apply(vg.Point{X: x1, Y: y0}),
				m.apply(vg.Point{X: x1, Y: y1}), m.apply(vg.Point{X: x0, Y: y1})})
			out.strs = append(out.strs, a.String)
		case *recorder.Fill:
			if r, g, b, _ := col.RGBA(); r == 0xffff && g == 0xffff && b == 0xffff {
				continue
			}
			var lo, hi vg.Point
			for i, pc := range a.Path {
				if pc.Type == vg.CloseComp {
					continue
				}
				p := m.apply(pc.Pos)
				if i == 0 {
					lo, hi = p, p
				}
				lo = vg.Point{X: min(lo.X, p.X), Y: min(lo.Y, p.Y)}
				hi = vg.Point{X: max(hi.X, p.X), Y: max(hi.Y, p.Y)}
			}
			out.fills = append(out.fills, quad{lo, {X: hi.X, Y: lo.Y}, hi, {X: lo.X, Y: hi.Y}})
			out.fillNames = append(out.fillNames, fmt.Sprint(col))
		}
	}
	return out
}

// shrink insets a quad (a rectangle, perhaps rotated) by d points on every
// side, so that shapes that only touch do not count as overlapping.
func (q quad) shrink(d vg.Length) quad {
	unit := func(a, b vg.Point) (float64, float64, float64) {
		dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
		n := math.Hypot(dx, dy)
		if n == 0 {
			return 0, 0, 0
		}
		return dx / n, dy / n, n
	}
	ux, uy, w := unit(q[0], q[1])
	vx, vy, h := unit(q[0], q[3])
	dw, dh := math.Min(float64(d), w/2), math.Min(float64(d), h/2)
	move := func(p vg.Point, su, sv float64) vg.Point {
		return vg.Point{X: p.X + vg.Length(su*dw*ux+sv*dh*vx), Y: p.Y + vg.Length(su*dw*uy+sv*dh*vy)}
	}
	return quad{move(q[0], 1, 1), move(q[1], -1, 1), move(q[2], -1, -1), move(q[3], 1, -1)}
}

// overlaps reports whether two convex quads intersect, by the separating
// axis theorem: they are apart if and only if the projections onto the
// normal of some edge of either are apart.
func overlaps(p, q quad) bool {
	for _, s := range []quad{p, q} {
		for i := range s {
			e := vg.Point{X: s[(i+1)%4].X - s[i].X, Y: s[(i+1)%4].Y - s[i].Y}
			nx, ny := -float64(e.Y), float64(e.X)
			if nx == 0 && ny == 0 {
				continue
			}
			span := func(r quad) (lo, hi float64) {
				lo, hi = math.Inf(1), math.Inf(-1)
				for _, v := range r {
					d := nx*float64(v.X) + ny*float64(v.Y)
					lo, hi = math.Min(lo, d), math.Max(hi, d)
				}
				return lo, hi
			}
			a0, a1 := span(p)
			b0, b1 := span(q)
			if a1 <= b0 || b1 <= a0 {
				return false
			}
		}
	}
	return true
}

// checkLayout fails when a text of chart c leaves the page, is cut short
// with "…", overlaps another text, or lies over a coloured fill (a bar, a
// cell or a legend swatch).
func checkLayout(t *testing.T, c *Chart) {
	t.Helper()
	d := record(c)
	if len(d.texts) == 0 {
		t.Fatalf("%s: no text drawn", c.Name)
	}
	// A text's box runs from the font's full descent to its full ascent
	// (room for accents), more than the ink of most lines: gonum sets a
	// title with its box up to a descent above the page, and an axis label
	// likewise, with the ink inside. Up to 2 points off the page are allowed.
	const slack, page = 0.5, 2
	for i, q := range d.texts {
		for _, p := range q {
			if p.X < -page || p.Y < -page || p.X > c.Width+page || p.Y > c.Height+page {
				t.Errorf("%s: %q runs off the %v × %v page at (%.1f, %.1f)", c.Name, d.strs[i], c.Width, c.Height, p.X, p.Y)
				break
			}
		}
		if strings.Contains(d.strs[i], "…") {
			t.Errorf("%s: %q is cut short", c.Name, d.strs[i])
		}
	}
	errs := 0
	for i := range d.texts {
		for j := i + 1; j < len(d.texts) && errs < 10; j++ {
			if overlaps(d.texts[i].shrink(slack), d.texts[j].shrink(slack)) {
				t.Errorf("%s: %q overlaps %q", c.Name, d.strs[i], d.strs[j])
				errs++
			}
		}
		for j := range d.fills {
			if errs >= 10 {
				break
			}
			// Skip fills as large as a plot: backgrounds.
			f := d.fills[j]
			if (f[2].X-f[0].X)*(f[2].Y-f[0].Y) > c.Width*c.Height/4 {
				continue
			}
			if overlaps(d.texts[i].shrink(slack), f.shrink(slack)) {
				t.Errorf("%s: %q lies over a fill of %s at %v", c.Name, d.strs[i], d.fillNames[j], f)
				errs++
			}
		}
	}
}

// syntheticEstate is an estate of n establishments in 13 regions, with
// names longer than any real one, the 23 current programmes and every gap
// class, for layout tests.
func syntheticEstate(n int) (*analysis.Gaps, []model.Establishment) {
	regions := []string{"Contracted Custodial Services", "East", "High Security Estate", "Kent, Sussex and Essex",
		"London and Thames Valley", "North East and Yorkshire", "North West", "Reform Prison", "South West and the IRCs",
		"The Midlands", "Wales", "Women's Estate", "Young People's Estate"}
	progs := []string{"BBR", "BC_HIGH_GO", "BC_HIGH_SO", "BC_MOD_GO", "BC_MOD_SO", "BNM_PLUS_GV", "BNM_PLUS_IPV", "BNM_PLUS_SO",
		"BSR", "COVAID", "HII", "HORIZON", "HSP", "IDENTITY_MATTERS", "KAIZEN_GV", "KAIZEN_IPV", "KAIZEN_SO", "LNM",
		"NMS_GV", "NMS_IPV", "NMS_SO", "RESOLVE", "TSP"}
	var ests []model.Establishment
	var rows []analysis.Gap
	for i := range n {
		e := model.Establishment{Code: fmt.Sprintf("E%02d", i), Name: fmt.Sprintf("Kirklevington Grange Number %d (HMP & YOI)", i),
			Holds: model.HoldsMen, Region: regions[(i*7)%len(regions)]}
		ests = append(ests, e)
		for j, prog := range progs {
			h := (i*31 + j*17) % 11
			if h == 0 {
				continue
			}
			demand := float64((i*13+j*29)%700) + 0.5*float64(h)
			places := 0.0
			switch h % 5 {
			case 1:
				places = demand * 0.3
			case 2:
				places = demand * 1.2
			case 3:
				places, demand = 24, 0
			case 4:
				places = demand * 3
			}
			g := analysis.Gap{Establishment: e.Code, Region: e.Region, Programme: prog, Stock: demand, Demand: demand, Places: places,
				Gap: places - demand, Coverage: coverage(places, demand), MinGroup: 6}
			switch {
			case places == 0:
				g.Class = analysis.NotRunHere
			case places < demand:
				g.Class = analysis.NotRunOftenEnough
			case places >= 2*demand:
				g.Class = analysis.Surplus
			default:
				g.Class = analysis.Sufficient
			}
			rows = append(rows, g)
		}
	}
	return analysis.NewGaps(rows, analysis.GapOptions{Horizon: 12}), ests
}

func coverage(places, demand float64) float64 {
	if demand == 0 {
		return math.Inf(1)
	}
	return places / demand
}

// TestChartLayout draws every gap chart of a 120-establishment estate, and
// of the three-establishment fixture, and checks that no label leaves the
// page, is cut short, overlaps another label or lies over a bar or cell.
func TestChartLayout(t *testing.T) {
	for _, n := range []int{120, 3} {
		gs, ests := syntheticEstate(n)
		charts, err := GapCharts(gs, ests, "E01")
		if err != nil {
			t.Fatal(err)
		}
		if len(charts) != 4 {
			t.Fatalf("%d charts, want 4", len(charts))
		}
		for _, c := range charts {
			t.Run(fmt.Sprintf("%d/%s", n, c.Name), func(t *testing.T) { checkLayout(t, c) })
		}
	}
	// Charts with nothing to show say so.
	empty := analysis.NewGaps(nil, analysis.GapOptions{Horizon: 12})
	charts, err := GapCharts(empty, []model.Establishment{{Code: "AAA"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		t.Run("empty/"+c.Name, func(t *testing.T) { checkLayout(t, c) })
	}
}

// TestChartLayoutCatchesOverlap checks the layout test itself: a label
// drawn over a bar, a label off the page and two overlapping labels are
// caught.
func TestChartLayoutCatchesOverlap(t *testing.T) {
	a := quad{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 5}, {X: 0, Y: 5}}
	b := quad{{X: 8, Y: 3}, {X: 20, Y: 3}, {X: 20, Y: 9}, {X: 8, Y: 9}}
	c := quad{{X: 11, Y: 0}, {X: 20, Y: 0}, {X: 20, Y: 5}, {X: 11, Y: 5}}
	// A 45° label whose bounding box, but not its outline, meets a.
	r := affine{a: math.Sqrt2 / 2, b: math.Sqrt2 / 2, c: -math.Sqrt2 / 2, d: math.Sqrt2 / 2, e: 14}
	rot := quad{r.apply(vg.Point{X: 0, Y: 0}), r.apply(vg.Point{X: 10, Y: 0}), r.apply(vg.Point{X: 10, Y: 2}), r.apply(vg.Point{X: 0, Y: 2})}
	for _, tt := range []struct {
		name string
		p, q quad
		want bool
	}{
		{"corner overlap", a, b, true},
		{"side by side", a, c, false},
		{"rotated apart", a, rot, false},
		{"touching", a, quad{{X: 10, Y: 0}, {X: 20, Y: 0}, {X: 20, Y: 5}, {X: 10, Y: 5}}, false},
	} {
		if got := overlaps(tt.p.shrink(0.5), tt.q.shrink(0.5)); got != tt.want {
			t.Errorf("%s: overlaps %v, want %v", tt.name, got, tt.want)
		}
	}
	// A chart whose legend column is too narrow for its text runs off the
	// page: the recorder measures it.
	gs, ests := syntheticEstate(3)
	c2, err := LargestGapsChart(gs, ests, 5)
	if err != nil {
		t.Fatal(err)
	}
	c2.LegendWidth /= 3
	d := record(c2)
	off := false
	for _, q := range d.texts {
		for _, p := range q {
			if p.X > c2.Width+2 {
				off = true
			}
		}
	}
	if !off {
		t.Error("a narrowed chart: no text found off the page")
	}
}

// TestCountTicks checks the count axis steps (1, 2 or 5 × 10^k, whole,
// at least five labelled intervals where the range allows) and labels.
func TestCountTicks(t *testing.T) {
	for _, tt := range []struct {
		hi     float64
		step   float64
		labels []string
	}{
		{20000, 2000, []string{"0", "2,000", "4,000", "6,000", "8,000", "10,000", "12,000", "14,000", "16,000", "18,000", "20,000"}},
		{26000, 5000, []string{"0", "5,000", "10,000", "15,000", "20,000", "25,000"}},
		{760, 100, []string{"0", "100", "200", "300", "400", "500", "600", "700"}},
		{1800, 200, nil},
		{12, 2, []string{"0", "2", "4", "6", "8", "10", "12"}},
		{3, 1, []string{"0", "1", "2", "3"}},
		{1, 1, []string{"0", "1"}},
	} {
		if got := countStep(tt.hi); got != tt.step {
			t.Errorf("0–%g: step %g, want %g", tt.hi, got, tt.step)
		}
		var labels []string
		for _, tk := range (countTicks{}).Ticks(0, tt.hi) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if tt.labels != nil && strings.Join(labels, " ") != strings.Join(tt.labels, " ") {
			t.Errorf("0–%g: labels %q, want %q", tt.hi, labels, tt.labels)
		}
		if tt.hi/tt.step >= minIntervals && len(labels) < minIntervals+1 {
			t.Errorf("0–%g: only %d labels", tt.hi, len(labels))
		}
	}
}

// TestNationalChartDesign checks chart (c) compares demand and places on
// one scale: one plot whose bars for a programme share an axis, with at
// least five labelled intervals, labelled totals, the legend beside the
// data (not stretching the axis), and a distinct style for every region
// up to 14 (the rest grouped).
func TestNationalChartDesign(t *testing.T) {
	gs, _ := syntheticEstate(120)
	c, err := NationalChart(gs)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Plots) != 1 {
		t.Fatalf("%d panels, want one scale for demand and places", len(c.Plots))
	}
	p := c.Plots[0]
	top := 0.0
	for _, r := range gs.ByProgramme {
		top = math.Max(top, math.Max(r.Demand, r.Places))
	}
	// The axis leaves room for the labels at the bars' ends, no more than a
	// third beyond the longest bar.
	if p.X.Max < top || p.X.Max > 1.5*top {
		t.Errorf("axis to %.0f for bars up to %.0f", p.X.Max, top)
	}
	labelled := 0
	for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if tk.Label != "" {
			labelled++
		}
	}
	if labelled < minIntervals+1 {
		t.Errorf("%d labelled ticks on the demand and places axis, want at least %d", labelled, minIntervals+1)
	}
	d := record(c)
	has := map[string]bool{}
	for i, s := range d.strs {
		has[s] = true
		// Legend entries lie in the legend column, right of the plot.
		if strings.HasPrefix(s, "Region (") && d.texts[i][0].X < c.Width-c.LegendWidth {
			t.Errorf("legend heading at x %.1f, inside the plot (legend column from %.1f)", d.texts[i][0].X, c.Width-c.LegendWidth)
		}
	}
	for _, r := range gs.ByProgramme {
		want := []string{thousands(r.Demand) + " need it", fmt.Sprintf("%s places (%s of demand)", thousands(r.Places), percent(r.Places/r.Demand))}
		for _, w := range want {
			if !has[w] {
				t.Errorf("%s: no label %q", r.Key, w)
			}
		}
	}
	fills := regionFills()
	if len(fills) != maxRegionFills {
		t.Fatalf("%d region styles, want %d", len(fills), maxRegionFills)
	}
	for i := range fills {
		for j := i + 1; j < len(fills); j++ {
			if fills[i] == fills[j] {
				t.Errorf("regions %d and %d share a style", i, j)
			}
		}
	}
	for _, want := range []string{"Contracted Custodial Services", "Young People's Estate", "Region (in stack order)"} {
		if !has[want] {
			t.Errorf("legend lacks %q", want)
		}
	}

	// 16 regions: the 13 largest apart, the 3 smallest as "other regions (3)".
	var rows []analysis.Gap
	for i := range 16 {
		rows = append(rows, analysis.Gap{Establishment: fmt.Sprintf("E%02d", i), Region: fmt.Sprintf("Region %02d", i), Programme: "TSP",
			Demand: float64(100 - i), Places: 10, Class: analysis.NotRunOftenEnough})
	}
	c16, err := NationalChart(analysis.NewGaps(rows, analysis.GapOptions{Horizon: 12}))
	if err != nil {
		t.Fatal(err)
	}
	d16 := record(c16)
	got := strings.Join(d16.strs, "|")
	if !strings.Contains(got, "Region 12|other regions (3)") || strings.Contains(got, "Region 13") {
		t.Errorf("16 regions: legend %q", got)
	}
}

// TestNationalChartKey checks the text legend a page repeats is the chart's
// own: the same entries, in the chart's stack order, drawn in the same
// styles (a mismatch once coloured the report's legend by another order).
func TestNationalChartKey(t *testing.T) {
	gs120, _ := syntheticEstate(120)
	var rows []analysis.Gap
	for i := range 16 {
		rows = append(rows, analysis.Gap{Establishment: fmt.Sprintf("E%02d", i), Region: fmt.Sprintf("Region %02d", i), Programme: "TSP",
			Demand: float64(100 - i), Places: 10, Class: analysis.NotRunOftenEnough})
	}
	gs16 := analysis.NewGaps(rows, analysis.GapOptions{Horizon: 12})
	for name, gs := range map[string]*analysis.Gaps{"120 establishments": gs120, "16 regions": gs16} {
		c, err := NationalChart(gs)
		if err != nil {
			t.Fatal(err)
		}
		key := NationalChartKey(gs)
		if len(key) == 0 {
			t.Fatalf("%s: empty key", name)
		}
		d := record(c)
		// The key's labels come in the order the chart's legend draws them.
		at := -1
		for _, k := range key {
			i := slices.Index(d.strs[at+1:], k.Label)
			if i < 0 {
				t.Fatalf("%s: %q not in the chart's legend after position %d: %q", name, k.Label, at, d.strs)
			}
			at += 1 + i
		}
		// Styles: the chart's fills in stack order, the grouped rest grey.
		fills := regionFills()
		for i, k := range key {
			want := fills[i]
			if strings.HasPrefix(k.Label, "other regions") {
				want = fill{colour: otherColour}
			}
			if k.Colour != want.colour || k.Striped != want.striped {
				t.Errorf("%s: entry %d %q drawn %v striped %v, key says %v striped %v", name, i, k.Label, want.colour, want.striped, k.Colour, k.Striped)
			}
		}
		// The largest region by demand comes first.
		var top analysis.Rollup
		for _, r := range gs.ByRegion {
			if r.Programme == "" && r.Demand > top.Demand {
				top = r
			}
		}
		if key[0].Label != top.Key {
			t.Errorf("%s: first entry %q, want the largest region %q", name, key[0].Label, top.Key)
		}
	}
}

// TestHeatmapGroups checks the heatmap names every establishment in full,
// heads each region's group, and leaves no band without content between
// the title and the first row: the programme codes fill it.
func TestHeatmapGroups(t *testing.T) {
	gs, ests := syntheticEstate(120)
	c := HeatmapChart(gs, ests)
	d := record(c)
	has := map[string]quad{}
	for i, s := range d.strs {
		has[s] = d.texts[i]
	}
	count := map[string]int{}
	for _, e := range ests {
		count[e.Region]++
		if _, ok := has[e.Code+"  "+e.Name]; !ok {
			t.Errorf("no label %q", e.Code+"  "+e.Name)
		}
	}
	for region, n := range count {
		if _, ok := has[fmt.Sprintf("%s · %d establishments", region, n)]; !ok {
			t.Errorf("no heading for %s", region)
		}
	}
	title := has["Coverage of demand by places, establishment × programme"]
	code := has["IDENTITY_MATTERS"] // the longest code along the top
	first := has["Contracted Custodial Services · 10 establishments"]
	// Below the title: the codes, then the first heading, with no more
	// than a few points between.
	if gap := title[0].Y - code[2].Y; gap < 0 || gap > 12 {
		t.Errorf("%.1f points between the title and the programme codes", gap)
	}
	if gap := code[0].Y - first[2].Y; gap < 0 || gap > 16 {
		t.Errorf("%.1f points between the programme codes and the first heading", gap)
	}
}

// TestNationalChartHiddenTotal: a programme total hidden for disclosure
// control (NaN in the published gaps) is labelled [c], not drawn as 0.
func TestNationalChartHiddenTotal(t *testing.T) {
	gs := analysis.NewGaps([]analysis.Gap{
		{Establishment: "E1", Region: "North", Programme: "TSP", Demand: 40, Places: 10, Class: analysis.NotRunOftenEnough},
		{Establishment: "E1", Region: "North", Programme: "HII", Demand: 3, Places: 6, Class: analysis.Sufficient},
	}, analysis.GapOptions{Horizon: 12})
	for i := range gs.ByProgramme {
		if gs.ByProgramme[i].Key == "HII" {
			gs.ByProgramme[i].Demand, gs.ByProgramme[i].Gap = math.NaN(), math.NaN()
		}
	}
	c, err := NationalChart(gs)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(record(c).strs, "|")
	if !strings.Contains(got, disclosure.Suppressed+" need it") || strings.Contains(got, "|0 need it") || strings.Contains(got, "NaN") {
		t.Errorf("labels %q: want HII's total as [c]", got)
	}
	if !strings.Contains(got, "6 places|") && !strings.Contains(got, "6 places") {
		t.Errorf("labels %q: HII's places should still show", got)
	}
}

// TestNationalBarsAgreeWithLabels: every bar of the national chart is as
// long as the total it is labelled with, to within the rounding of its
// regions, also when a region's figure is suppressed (zero in the
// published gaps): the rest is drawn as "regions whose figure is
// suppressed". Issue 19 found BSR drawn to about 31.1k beside "32,199
// need it" and KAIZEN_SO labelled "357 need it" with no bar.
func TestNationalBarsAgreeWithLabels(t *testing.T) {
	for _, suppress := range []bool{false, true} {
		gs, _ := syntheticEstate(120)
		if suppress {
			// Hide the first region's figures for the largest programme,
			// as publishedGaps does: zero.
			top := slices.MaxFunc(gs.ByProgramme, func(a, b analysis.Rollup) int { return cmp.Compare(a.Demand, b.Demand) }).Key
			for i, r := range gs.ByRegion {
				if r.Programme == top && r.Demand > 20 {
					gs.ByRegion[i].Demand = 0
					break
				}
			}
		}
		bars, _, _, _, _, names := nationalBars(gs, gs.ByProgramme, nil)
		if got := slices.Contains(names, unattributedLabel); got != suppress {
			t.Errorf("suppressed %v: legend has %q: %v", suppress, unattributedLabel, got)
		}
		regions := 0
		for _, r := range gs.ByRegion {
			if r.Programme == "" {
				regions++
			}
		}
		for _, b := range bars {
			num := strings.ReplaceAll(strings.Fields(b.label)[0], ",", "")
			want, err := strconv.ParseFloat(num, 64)
			if err != nil {
				t.Fatalf("label %q: %v", b.label, err)
			}
			sum := 0.0
			for _, v := range b.parts {
				sum += v
			}
			if math.Abs(sum-want) > 0.5*float64(regions)+0.5 {
				t.Errorf("suppressed %v: bar of %.1f labelled %q", suppress, sum, b.label)
			}
		}
	}
}

// TestHeatmapSuppressed: a cell whose demand is suppressed is drawn grey
// with its own legend entry, not blank like "no need", and an
// establishment every figure of which is suppressed keeps its row (issue
// 19: Feltham, and with it the Young People's Estate, had vanished).
func TestHeatmapSuppressed(t *testing.T) {
	gs, ests := syntheticEstate(120)
	gone := ests[0].Code
	var kept []analysis.Gap
	hidden := map[[2]string]bool{}
	for _, g := range gs.Rows {
		if g.Establishment == gone {
			hidden[[2]string{g.Establishment, g.Programme}] = true
			continue
		}
		kept = append(kept, g)
	}
	if len(hidden) == 0 {
		t.Fatalf("%s has no rows", gone)
	}
	pub := *gs
	pub.Rows = kept
	for _, c := range []struct {
		hidden      map[[2]string]bool
		row, legend bool
	}{{nil, false, false}, {hidden, true, true}} {
		d := record(heatmap(&pub, ests, c.hidden))
		has := map[string]bool{}
		for _, s := range d.strs {
			has[s] = true
		}
		if got := has[gone+"  "+ests[0].Name]; got != c.row {
			t.Errorf("%d suppressed: row for %s %v, want %v", len(c.hidden), gone, got, c.row)
		}
		if got := has[suppressedKey]; got != c.legend {
			t.Errorf("%d suppressed: legend entry %v, want %v", len(c.hidden), got, c.legend)
		}
		grey := 0 // the cells and the legend's swatch
		for _, f := range d.fillNames {
			if f == fmt.Sprint(suppressedColour) {
				grey++
			}
		}
		if want := map[bool]int{false: 0, true: len(c.hidden) + 1}[c.legend]; grey != want {
			t.Errorf("%d suppressed: %d grey fills, want %d", len(c.hidden), grey, want)
		}
	}
}
