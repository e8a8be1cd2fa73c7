package reports

// The gap charts: demand and places at one establishment, the estate's
// coverage heatmap, demand and places by programme nationally stacked by
// region, and the largest gaps.

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	gtext "gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"needsplan/analysis"
	"needsplan/model"
	"needsplan/reports/disclosure"
)

// reasonFills colour shortfalls by why: not run here, not run often
// enough.
var reasonFills = []fill{{colour: notRunColour}, {colour: oftenColour}}

// coverageBins colour the heatmap: coverage below 25%, 25–50%, 50–100%, at
// least 100% (sequential, viridis stops), and places with no local need.
var coverageBins = []struct {
	upTo   float64
	label  string
	colour color.Color
}{
	{0.25, "below 25%", color.RGBA{0xFD, 0xE7, 0x25, 0xFF}},
	{0.5, "25–50%", color.RGBA{0x5E, 0xC9, 0x62, 0xFF}},
	{1, "50–100%", color.RGBA{0x21, 0x91, 0x8C, 0xFF}},
	{math.Inf(1), "100% or more", color.RGBA{0x3B, 0x52, 0x8B, 0xFF}},
}

var noNeedColour = color.RGBA{0xC7, 0xC7, 0xE2, 0xFF}

// regionFills are the styles of regions in stack order: the seven hues
// solid, then striped.
func regionFills() []fill {
	var out []fill
	for _, striped := range []bool{false, true} {
		for _, c := range okabeIto {
			out = append(out, fill{c, striped})
		}
	}
	return out
}

// horizonLabel names the demand and places unit.
func horizonLabel(gs *analysis.Gaps) string {
	return fmt.Sprintf("people over %g months", gs.Options.Horizon)
}

// EstablishmentChart draws chart (a): demand and places per programme at
// one establishment, as grouped bars.
func EstablishmentChart(gs *analysis.Gaps, est model.Establishment) (*Chart, error) {
	var progs []string
	var dem, pl plotter.Values
	for _, g := range gs.Rows {
		if g.Establishment == est.Code {
			progs = append(progs, g.Programme)
			dem = append(dem, g.Demand)
			pl = append(pl, g.Places)
		}
	}
	if len(progs) == 0 {
		return nil, fmt.Errorf("reports: %s has no demand and no places", est.Code)
	}
	p := newPlot(fmt.Sprintf("%s  %s: demand and places by programme", est.Code, est.Name), "programme", horizonLabel(gs))
	w := vg.Points(14)
	bd, err := plotter.NewBarChart(dem, w)
	if err != nil {
		return nil, err
	}
	bd.Color, bd.LineStyle.Width, bd.Offset = demandColour, 0, -w/2
	bp, err := plotter.NewBarChart(pl, w)
	if err != nil {
		return nil, err
	}
	bp.Color, bp.LineStyle.Width, bp.Offset = placesColour, 0, w/2
	p.Add(bd, bp)
	p.NominalX(progs...)
	rotate(&p.X)
	top := 0.0
	for i := range dem {
		top = math.Max(top, math.Max(dem[i], pl[i]))
	}
	p.Y.Min, p.Y.Max = 0, math.Max(1, top*1.05)
	p.X.Min, p.X.Max = -0.7, float64(len(progs))-0.3
	width := vg.Length(math.Max(420, float64(120+40*len(progs))))
	c := &Chart{Name: "establishment-" + strings.ToLower(est.Code), Plots: []*plot.Plot{p}, Width: width, Height: 380}
	l := newSideLegend()
	l.add("demand: need it, in time to complete", swatch{demandColour})
	l.add("places offered", swatch{placesColour})
	l.attach(c)
	return c, nil
}

// heatLine is one line of the heatmap: a region heading, or an
// establishment.
type heatLine struct {
	heading string // the region heading, or "" for an establishment
	est     model.Establishment
}

// heatGrid draws the heatmap: establishments × programmes, grouped under
// region headings with a rule above each, and the programme codes along the
// top edge (above the data area, in the room the title's padding leaves).
type heatGrid struct {
	lines   []heatLine // top to bottom
	cols    []string
	colour  func(est string, col int) color.Color
	heading gtext.Style
	top     gtext.Style
}

func (h heatGrid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	rule := draw.LineStyle{Color: color.Gray{0x55}, Width: vg.Points(0.8)}
	n := len(h.lines)
	for i, l := range h.lines {
		y := float64(n - 1 - i)
		if l.heading != "" {
			c.StrokeLine2(rule, trX(-0.5), trY(y+0.5), trX(float64(len(h.cols))-0.5), trY(y+0.5))
			c.FillText(h.heading, vg.Point{X: trX(-0.5) + 2, Y: trY(y)}, l.heading)
			continue
		}
		for col := range h.cols {
			fill := h.colour(l.est.Code, col)
			if fill == nil {
				continue
			}
			x0, x1 := trX(float64(col)-0.45), trX(float64(col)+0.45)
			y0, y1 := trY(y-0.42), trY(y+0.42)
			c.FillPolygon(fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		}
	}
	for col, name := range h.cols {
		c.FillText(h.top, vg.Point{X: trX(float64(col)), Y: c.Max.Y + 4}, name)
	}
}

// DataRange spans the grid.
func (h heatGrid) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(len(h.cols)) - 0.5, -0.5, float64(len(h.lines)) - 0.5
}

// Heatmap sizes, in points: the pitch of a row and the narrowest column.
const heatRow, heatCol = 11, 24

// HeatmapChart draws chart (b): establishments × programmes coloured by
// coverage, "not run here" in red, places with no local need in grey-blue.
// Establishments are grouped under a heading for each region, then by
// code, with their full names; programme codes run along the top and the
// bottom; the chart grows 11 points a row so 120 establishments stay
// readable, and the legend sits beside it.
func HeatmapChart(gs *analysis.Gaps, ests []model.Establishment) *Chart {
	return heatmap(gs, ests, nil)
}

// suppressedKey is the heatmap legend's entry for a cell whose demand is
// suppressed, drawn grey (suppressedColour, as in the transfer chart),
// apart from a blank cell: no need, no places (issue 19: a blank meant
// either).
const suppressedKey = "demand suppressed ([c])"

// heatmap is HeatmapChart with the cells whose demand the publication
// suppresses (establishment, programme) drawn in suppressedColour: their
// establishments and programmes stay on the chart even when every
// figure of theirs is hidden.
func heatmap(gs *analysis.Gaps, ests []model.Establishment, hidden map[[2]string]bool) *Chart {
	type key struct{ est, prog string }
	rows := map[key]analysis.Gap{}
	progSet := map[string]bool{}
	estSet := map[string]bool{}
	for _, g := range gs.Rows {
		rows[key{g.Establishment, g.Programme}] = g
		progSet[g.Programme] = true
		estSet[g.Establishment] = true
	}
	for k := range hidden {
		estSet[k[0]], progSet[k[1]] = true, true
	}
	const title = "Coverage of demand by places, establishment × programme"
	if len(gs.Rows) == 0 && len(hidden) == 0 {
		return emptyChart("gap-heatmap", title, "No establishment has demand or places.")
	}
	var progs []string
	for p := range progSet {
		progs = append(progs, p)
	}
	slices.Sort(progs)
	var list []model.Establishment
	for _, e := range ests {
		if estSet[e.Code] {
			list = append(list, e)
		}
	}
	slices.SortFunc(list, func(a, b model.Establishment) int {
		if c := strings.Compare(a.Region, b.Region); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	count := map[string]int{}
	for _, e := range list {
		count[e.Region]++
	}
	var lines []heatLine
	for i, e := range list {
		if i == 0 || e.Region != list[i-1].Region {
			region := e.Region
			if region == "" {
				region = "no region"
			}
			word := "establishments"
			if count[e.Region] == 1 {
				word = "establishment"
			}
			lines = append(lines, heatLine{heading: fmt.Sprintf("%s · %d %s", region, count[e.Region], word)})
		}
		lines = append(lines, heatLine{est: e})
	}
	names := make([]string, len(lines))
	for i, l := range lines {
		if l.heading == "" {
			names[len(lines)-1-i] = l.est.Code + "  " + l.est.Name
		}
	}
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 14
	p.X.Label.Text = "programme"
	p.Y.Label.Text = "establishment, grouped by region"
	grid := heatGrid{lines: lines, cols: progs,
		heading: gtext.Style{Font: font.From(plot.DefaultFont, 7.5), Handler: plot.DefaultTextHandler, YAlign: draw.YCenter},
		top:     gtext.Style{Font: font.From(plot.DefaultFont, 8), Handler: plot.DefaultTextHandler, Rotation: math.Pi / 2, XAlign: draw.XLeft, YAlign: draw.YCenter},
		colour: func(est string, c int) color.Color {
			g, ok := rows[key{est, progs[c]}]
			switch {
			case hidden[[2]string{est, progs[c]}]:
				return suppressedColour
			case !ok:
				return nil
			case g.Class == analysis.NotRunHere:
				return notRunColour
			case g.Demand < 0.5:
				return noNeedColour
			}
			for _, b := range coverageBins {
				if g.Coverage < b.upTo {
					return b.colour
				}
			}
			return coverageBins[len(coverageBins)-1].colour
		}}
	// Headings in the sans-serif face, to stand apart from the names (a
	// bold face would be lost in PDF: gonum's vgpdf registers only the
	// regular style of each face).
	grid.heading.Font.Variant = "Sans"
	p.Add(grid)
	p.NominalX(progs...)
	p.NominalY(names...)
	rotate(&p.X)
	p.Y.Tick.Label.Font.Size = 7
	p.X.Tick.Label.Font.Size = 8
	// The programme codes along the top sit in the title's padding.
	var topH, nameW, headW vg.Length
	for _, pr := range progs {
		topH = max(topH, grid.top.Width(pr))
	}
	for i, l := range lines {
		if l.heading != "" {
			headW = max(headW, grid.heading.Width(l.heading))
		} else {
			nameW = max(nameW, p.Y.Tick.Label.Width(names[len(lines)-1-i]))
		}
	}
	p.Title.Padding = topH + 10
	// Columns wide enough for the longest region heading to stay on the grid.
	col := max(vg.Length(heatCol), (headW+8)/vg.Length(len(progs)))
	w := max(nameW+40+col*vg.Length(len(progs))+20, 360)
	h := heightFor(p, w, vg.Length(heatRow*len(lines)))
	c := &Chart{Name: "gap-heatmap", Plots: []*plot.Plot{p}, Width: w, Height: h}
	l := newSideLegend()
	l.heading("Places ÷ demand over the horizon")
	l.add("not run here (need, no places)", swatch{notRunColour})
	for _, b := range coverageBins {
		l.add(b.label, swatch{b.colour})
	}
	l.add("places, no local need", swatch{noNeedColour})
	if len(hidden) > 0 {
		l.add(suppressedKey, swatch{suppressedColour})
	}
	l.attach(c)
	return c
}

// maxRegionFills is how many regions the national chart tells apart; any
// more are drawn together, smallest last, as "other regions".
const maxRegionFills = 14

// NationalChart draws chart (c): for each programme, demand and places
// across the estate as two bars on one scale, each stacked by region in
// the same order and styles. Programmes are sorted by demand, largest at
// the top; each bar is labelled with its total (and the places with their
// coverage of demand); the legend lists regions in stack order beside the
// chart.
func NationalChart(gs *analysis.Gaps) (*Chart, error) {
	const title = "Demand and places by programme across the estate, stacked by region"
	progs := slices.Clone(gs.ByProgramme)
	if len(progs) == 0 {
		return emptyChart("gap-national", title, "No programme has demand or places."), nil
	}
	// A programme total hidden for disclosure control (NaN) is labelled
	// [c] and drawn and sorted as no demand.
	hidden := map[string]bool{}
	for i := range progs {
		if math.IsNaN(progs[i].Demand) {
			hidden[progs[i].Key], progs[i].Demand = true, 0
		}
	}
	slices.SortStableFunc(progs, largestFirst)
	bars, ends, widths, codes, fills, partNames := nationalBars(gs, progs, hidden)
	n := len(progs)
	lab := labelStyle()
	p := newGridPlot(title, horizonLabel(gs)+": upper bar demand (need it, in time to complete), lower bar places", "programme", false)
	p.Add(hbars{bars: bars, fills: fills, height: 0.36, label: lab})
	p.NominalY(codes...)
	p.Y.Tick.Label.Font.Size = 9
	const width = 900
	height := vg.Length(110 + 34*n)
	p.X.Min, p.X.Max = 0, roomForLabels(ends, widths, dataArea(p, width, height).X)
	c := &Chart{Name: "gap-national", Plots: []*plot.Plot{p}, Width: width, Height: height}
	l := newSideLegend()
	l.heading("Region (in stack order)")
	for i, name := range partNames {
		l.add(name, fills[i])
	}
	l.attach(c)
	return c, nil
}

// nationalBars returns NationalChart's bars, programmes in the order of
// progs (largest at the top): for each, demand then places stacked by
// stackParts, labelled with the published totals; with the labels' ends
// and widths, the programme codes bottom up, and the parts' styles and
// names. A programme in hidden is labelled [c].
func nationalBars(gs *analysis.Gaps, progs []analysis.Rollup, hidden map[string]bool) (bars []hbar, ends []float64, widths []vg.Length, codes []string, fills []fill, partNames []string) {
	regions, group, partNames, fills := stackParts(gs)
	val := map[[2]string]analysis.Rollup{}
	for _, r := range gs.ByRegion {
		val[[2]string{r.Key, r.Programme}] = r
	}
	n := len(progs)
	lab := labelStyle()
	codes = make([]string, n)
	for i, pr := range progs {
		y := float64(n - 1 - i)
		codes[n-1-i] = pr.Key
		dem := make([]float64, len(partNames))
		pl := make([]float64, len(partNames))
		for _, r := range regions {
			v := val[[2]string{r.Key, pr.Key}]
			dem[group[r.Key]] += v.Demand
			pl[group[r.Key]] += v.Places
		}
		if partNames[len(partNames)-1] == unattributedLabel {
			last := len(partNames) - 1
			dem[last], pl[last] = unattributed(pr.Demand, dem, len(regions)), unattributed(pr.Places, pl, len(regions))
		}
		dl := thousands(pr.Demand) + " need it"
		if hidden[pr.Key] {
			dl = disclosure.Suppressed + " need it"
		}
		plab := thousands(pr.Places) + " places"
		if pr.Demand > 0 && !hidden[pr.Key] {
			plab += fmt.Sprintf(" (%s of demand)", percentAtLeast1(pr.Places/pr.Demand))
		}
		bars = append(bars, hbar{y: y + 0.2, parts: dem, label: dl}, hbar{y: y - 0.2, parts: pl, label: plab, outline: true})
		ends = append(ends, pr.Demand, pr.Places)
		widths = append(widths, lab.Width(dl), lab.Width(plab))
	}
	return bars, ends, widths, codes, fills, partNames
}

// regionParts is how NationalChart stacks regions: the regions by their
// demand over all programmes, largest first; the part of the stack each
// region is drawn in (the last part groups the rest when there are more
// than maxRegionFills); the parts' names; and their styles.
func regionParts(gs *analysis.Gaps) (regions []analysis.Rollup, group map[string]int, partNames []string, fills []fill) {
	for _, r := range gs.ByRegion {
		if r.Programme == "" {
			regions = append(regions, r)
		}
	}
	slices.SortStableFunc(regions, largestFirst)
	fills = regionFills()
	group = map[string]int{} // region → its part (the last part groups the rest)
	for i, r := range regions {
		if i < maxRegionFills-1 || len(regions) == maxRegionFills {
			group[r.Key] = i
			partNames = append(partNames, r.Key)
			continue
		}
		group[r.Key] = maxRegionFills - 1
		if i == maxRegionFills-1 {
			partNames = append(partNames, "")
			fills[maxRegionFills-1] = fill{colour: otherColour}
		}
	}
	if n := len(regions) - (maxRegionFills - 1); n > 1 {
		partNames[maxRegionFills-1] = fmt.Sprintf("other regions (%d)", n)
	}
	return regions, group, partNames, fills[:len(partNames)]
}

// unattributedLabel names the last part of a national bar when some
// programme's published total is more than its regions' published
// figures add up to: the demand (or places) of regions whose figure is
// suppressed. Without it a bar stopped short of its own label (issue 19:
// BSR drawn to about 31.1k beside "32,199 need it").
const unattributedLabel = "regions whose figure is suppressed"

// unattributedFill draws that part: grey stripes, unlike any region.
var unattributedFill = fill{colour: otherColour, striped: true}

// stackParts is regionParts with, when some programme's total is not
// accounted for by its regions' published figures, a last part for the
// rest (unattributed), so that every bar reaches its label.
func stackParts(gs *analysis.Gaps) (regions []analysis.Rollup, group map[string]int, partNames []string, fills []fill) {
	regions, group, partNames, fills = regionParts(gs)
	sum := map[string][2]float64{}
	for _, r := range gs.ByRegion {
		if r.Programme != "" {
			s := sum[r.Programme]
			sum[r.Programme] = [2]float64{s[0] + r.Demand, s[1] + r.Places}
		}
	}
	for _, pr := range gs.ByProgramme {
		s := sum[pr.Key]
		if unattributed(pr.Demand, s[:1], len(regions)) > 0 || unattributed(pr.Places, s[1:], len(regions)) > 0 {
			return regions, group, append(partNames, unattributedLabel), append(slices.Clip(fills), unattributedFill)
		}
	}
	return regions, group, partNames, fills
}

// unattributed is how much of a published total its published parts
// leave unaccounted for; zero when that is within the rounding of n
// parts (half a person each) or the total is hidden (NaN).
func unattributed(total float64, parts []float64, n int) float64 {
	rest := total
	for _, v := range parts {
		rest -= v
	}
	if math.IsNaN(rest) || rest <= 0.5*float64(n) {
		return 0
	}
	return rest
}

// RegionKey is one entry of the national chart's legend: a region (or the
// regions grouped at the end of the stack) and how its parts are drawn.
type RegionKey struct {
	Label   string
	Colour  color.RGBA
	Striped bool // stripes of Colour on a pale tint of it
	Tint    color.RGBA
}

// NationalChartKey returns the legend of NationalChart(gs), in stack order,
// for a page to repeat it in text.
func NationalChartKey(gs *analysis.Gaps) []RegionKey {
	_, _, names, fills := stackParts(gs)
	out := make([]RegionKey, len(names))
	for i, name := range names {
		out[i] = RegionKey{Label: name, Colour: fills[i].colour, Striped: fills[i].striped, Tint: tint(fills[i].colour, 0.35)}
	}
	return out
}

// largestFirst orders rollups by demand, then places, largest first, then
// by key.
func largestFirst(a, b analysis.Rollup) int {
	switch {
	case a.Demand != b.Demand:
		return cmpDesc(a.Demand, b.Demand)
	case a.Places != b.Places:
		return cmpDesc(a.Places, b.Places)
	}
	return strings.Compare(a.Key, b.Key)
}

// LargestGapsChart draws chart (d): the n largest shortfalls (demand −
// places), largest at the top, coloured by why, each labelled with its
// shortfall, demand and places.
func LargestGapsChart(gs *analysis.Gaps, ests []model.Establishment, n int) (*Chart, error) {
	var rows []analysis.Gap
	for _, g := range gs.Largest(n) {
		if g.Gap < 0 {
			rows = append(rows, g)
		}
	}
	if len(rows) == 0 {
		return emptyChart("gap-largest", "The largest gaps: demand not met by places", "Places meet demand everywhere: there is no gap to show."), nil
	}
	names := map[string]string{}
	for _, e := range ests {
		names[e.Code] = e.Name
	}
	fills := reasonFills
	lab := labelStyle()
	var bars []hbar
	var ends []float64
	var widths []vg.Length
	labels := make([]string, len(rows))
	for i, g := range rows {
		short := g.Demand - g.Places
		parts := []float64{0, short}
		if g.Class == analysis.NotRunHere {
			parts = []float64{short, 0}
		}
		label := fmt.Sprintf("%s short: %s need it, %s places", thousands(short), thousands(g.Demand), thousands(g.Places))
		y := float64(len(rows) - 1 - i)
		bars = append(bars, hbar{y: y, parts: parts, label: label})
		ends, widths = append(ends, short), append(widths, lab.Width(label))
		labels[len(rows)-1-i] = fmt.Sprintf("%s  %s · %s", g.Establishment, names[g.Establishment], g.Programme)
	}
	p := newGridPlot(fmt.Sprintf("The %d largest gaps: demand not met by places", len(rows)), "shortfall: demand − places ("+horizonLabel(gs)+")", "", false)
	p.Add(hbars{bars: bars, fills: fills, height: 0.62, label: lab})
	p.NominalY(labels...)
	p.Y.Tick.Label.Font.Size = 8
	nameW := widest(p.Y.Tick.Label, labels)
	width, height := max(720, nameW+520), vg.Length(110+16*len(rows))
	p.X.Min, p.X.Max = 0, roomForLabels(ends, widths, dataArea(p, width, height).X)
	c := &Chart{Name: "gap-largest", Plots: []*plot.Plot{p}, Width: width, Height: height}
	l := newSideLegend()
	l.heading("Why people wait")
	l.add("not run here", fills[0])
	l.add("not run often enough", fills[1])
	l.attach(c)
	return c, nil
}

// GapCharts returns the four gap charts: the establishment focus (with the
// most demand when focus is empty; left out when no establishment has any
// row), the estate heatmap, the national bars and the largest gaps.
func GapCharts(gs *analysis.Gaps, ests []model.Establishment, focus string) ([]*Chart, error) {
	if focus == "" {
		best := 0.0
		dem := map[string]float64{}
		has := map[string]bool{}
		for _, g := range gs.Rows {
			dem[g.Establishment] += g.Demand
			has[g.Establishment] = true
		}
		for _, e := range ests {
			if d := dem[e.Code]; has[e.Code] && (focus == "" || d > best) {
				best, focus = d, e.Code
			}
		}
	}
	var charts []*Chart
	for _, e := range ests {
		if e.Code == focus {
			c, err := EstablishmentChart(gs, e)
			if err != nil {
				return nil, err
			}
			charts = append(charts, c)
		}
	}
	charts = append(charts, HeatmapChart(gs, ests))
	nc, err := NationalChart(gs)
	if err != nil {
		return nil, err
	}
	lc, err := LargestGapsChart(gs, ests, 25)
	if err != nil {
		return nil, err
	}
	return append(charts, nc, lc), nil
}

var _ plot.Plotter = heatGrid{}
var _ plot.DataRanger = heatGrid{}
