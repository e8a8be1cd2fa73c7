package reports

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	_ "gonum.org/v1/plot/vg/vgimg" // png
	_ "gonum.org/v1/plot/vg/vgpdf" // pdf
	_ "gonum.org/v1/plot/vg/vgsvg" // svg

	"needsplan/analysis"
	"needsplan/model"
)

// Chart is one plot, or plots tiled in a column, with the size it is drawn
// at.
type Chart struct {
	Name          string // file name without extension, e.g. "gap-heatmap"
	Plots         []*plot.Plot
	Width, Height vg.Length
}

// ChartFormats are the formats charts can be written in.
var ChartFormats = []string{"png", "svg", "pdf"}

// WriteTo renders the chart in format (png, svg or pdf) to w.
func (c *Chart) WriteTo(w io.Writer, format string) error {
	if !slices.Contains(ChartFormats, format) {
		return fmt.Errorf("reports: chart format %q: want png, svg or pdf", format)
	}
	cw, err := draw.NewFormattedCanvas(c.Width, c.Height, format)
	if err != nil {
		return fmt.Errorf("rendering %s: %w", c.Name, err)
	}
	dc := draw.New(cw)
	if len(c.Plots) == 1 {
		c.Plots[0].Draw(dc)
	} else {
		grid := make([][]*plot.Plot, len(c.Plots))
		for i, p := range c.Plots {
			grid[i] = []*plot.Plot{p}
		}
		tiles := draw.Tiles{Rows: len(c.Plots), Cols: 1, PadY: vg.Points(12), PadTop: vg.Points(4), PadBottom: vg.Points(4)}
		canvases := plot.Align(grid, tiles, dc)
		for i, p := range c.Plots {
			p.Draw(canvases[i][0])
		}
	}
	_, err = cw.WriteTo(w)
	return err
}

// countTicks labels an axis of counts with whole numbers and thousands
// separators (12,400 rather than 12400.00).
type countTicks struct{}

func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = thousands(ts[i].Value)
		}
	}
	return ts
}

// thousands formats a count with comma thousands separators.
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", math.Abs(v))
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if v < 0 {
		return "-" + b.String()
	}
	return b.String()
}

// Colours, from the Okabe–Ito palette for colour-blind readers (Okabe and
// Ito 2008, "Color Universal Design").
var (
	demandColour = color.RGBA{0xD5, 0x5E, 0x00, 0xFF} // vermillion
	placesColour = color.RGBA{0x00, 0x72, 0xB2, 0xFF} // blue
	notRunColour = color.RGBA{0xCC, 0x22, 0x22, 0xFF}
	oftenColour  = color.RGBA{0xE6, 0x9F, 0x00, 0xFF} // orange
)

// coverageBins colour the heatmap: coverage below 25%, 25–50%, 50–100%, at
// least 100% (sequential, viridis stops), and places with no local need.
var coverageBins = []struct {
	upTo   float64
	label  string
	colour color.Color
}{
	{0.25, "coverage < 25%", color.RGBA{0xFD, 0xE7, 0x25, 0xFF}},
	{0.5, "25–50%", color.RGBA{0x5E, 0xC9, 0x62, 0xFF}},
	{1, "50–100%", color.RGBA{0x21, 0x91, 0x8C, 0xFF}},
	{math.Inf(1), "≥ 100%", color.RGBA{0x3B, 0x52, 0x8B, 0xFF}},
}

var noNeedColour = color.RGBA{0xC7, 0xC7, 0xE2, 0xFF}

// regionPalette colours regions when bars are stacked (Okabe–Ito and Paul
// Tol's muted scheme, 14 colours).
var regionPalette = []color.Color{
	color.RGBA{0x00, 0x72, 0xB2, 0xFF}, color.RGBA{0xE6, 0x9F, 0x00, 0xFF}, color.RGBA{0x00, 0x9E, 0x73, 0xFF},
	color.RGBA{0xCC, 0x79, 0xA7, 0xFF}, color.RGBA{0x56, 0xB4, 0xE9, 0xFF}, color.RGBA{0xD5, 0x5E, 0x00, 0xFF},
	color.RGBA{0xF0, 0xE4, 0x42, 0xFF}, color.RGBA{0x33, 0x22, 0x88, 0xFF}, color.RGBA{0x88, 0xCC, 0xEE, 0xFF},
	color.RGBA{0x44, 0xAA, 0x99, 0xFF}, color.RGBA{0x99, 0x99, 0x33, 0xFF}, color.RGBA{0x88, 0x22, 0x55, 0xFF},
	color.RGBA{0xAA, 0x44, 0x99, 0xFF}, color.RGBA{0x66, 0x66, 0x66, 0xFF},
}

// swatch is a legend thumbnail: a filled square.
type swatch struct{ c color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.c, []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}})
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 14
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker, p.Y.Tick.Marker = countTicks{}, countTicks{}
	return p
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
	p.Legend.Add("demand (need, in time to complete)", bd)
	p.Legend.Add("places", bp)
	p.NominalX(progs...)
	rotate(&p.X)
	top := 0.0
	for i := range dem {
		top = math.Max(top, math.Max(dem[i], pl[i]))
	}
	p.Y.Min, p.Y.Max = 0, math.Max(1, top*1.45) // headroom for the legend
	p.X.Min, p.X.Max = -0.7, float64(len(progs))-0.3
	width := vg.Length(math.Max(480, float64(120+40*len(progs))))
	return &Chart{Name: "establishment-" + strings.ToLower(est.Code), Plots: []*plot.Plot{p}, Width: width, Height: 360}, nil
}

// rotate turns an axis's tick labels 45° so that long codes do not overlap.
func rotate(a *plot.Axis) {
	a.Tick.Label.Rotation = math.Pi / 4
	a.Tick.Label.XAlign = draw.XRight
	a.Tick.Label.YAlign = draw.YCenter
}

// cells is a heatmap of coloured rectangles, one per row × column.
type cells struct {
	rows, cols int
	headroom   int                        // empty rows above the grid, for the legend
	colour     func(r, c int) color.Color // nil: leave the cell empty
}

// Plot draws the cells; row 0 is at the top.
func (h cells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for r := range h.rows {
		for col := range h.cols {
			fill := h.colour(r, col)
			if fill == nil {
				continue
			}
			y := float64(h.rows - 1 - r)
			x0, x1 := trX(float64(col)-0.45), trX(float64(col)+0.45)
			y0, y1 := trY(y-0.42), trY(y+0.42)
			c.FillPolygon(fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		}
	}
}

// DataRange spans the grid.
func (h cells) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(h.cols) - 0.5, -0.5, float64(h.rows+h.headroom) - 0.5
}

// HeatmapChart draws chart (b): establishments × programmes coloured by
// coverage, "not run here" in red, places with no local need in grey-blue.
// Establishments are grouped by region, then code; the chart grows with
// the estate (about 11 points a row) so 120 establishments stay readable.
func HeatmapChart(gs *analysis.Gaps, ests []model.Establishment) *Chart {
	type key struct{ est, prog string }
	rows := map[key]analysis.Gap{}
	progSet := map[string]bool{}
	estSet := map[string]bool{}
	for _, g := range gs.Rows {
		rows[key{g.Establishment, g.Programme}] = g
		progSet[g.Programme] = true
		estSet[g.Establishment] = true
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
	names := make([]string, len(list))
	for i, e := range list {
		names[len(list)-1-i] = fmt.Sprintf("%s  %s · %s", e.Code, shorten(e.Name, 22), shorten(e.Region, 18))
	}
	p := newPlot("Coverage of demand by places, establishment × programme", "programme", "establishment · region")
	// Headroom: the legend's six entries sit in empty rows above the grid,
	// so they never cover a cell.
	const headroom = 9
	p.Add(cells{rows: len(list), cols: len(progs), headroom: headroom, colour: func(r, c int) color.Color {
		g, ok := rows[key{list[r].Code, progs[c]}]
		switch {
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
	}})
	p.NominalX(progs...)
	p.NominalY(names...)
	rotate(&p.X)
	p.Y.Tick.Label.Font.Size = 7
	p.X.Tick.Label.Font.Size = 8
	p.Legend.Add("not run here (need, no places)", swatch{notRunColour})
	for _, b := range coverageBins {
		p.Legend.Add(b.label, swatch{b.colour})
	}
	p.Legend.Add("places, no local need", swatch{noNeedColour})
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.TextStyle.Font.Size = 9
	p.Title.Padding = vg.Points(8)
	h := vg.Length(200 + 11*(len(list)+headroom))
	w := vg.Length(math.Max(640, float64(260+26*len(progs))))
	return &Chart{Name: "gap-heatmap", Plots: []*plot.Plot{p}, Width: w, Height: h}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// NationalChart draws chart (c): demand (top panel) and places (bottom
// panel) per programme across the estate, each bar stacked by region. The
// panels have their own scales, since places are a fraction of demand;
// the programmes line up.
func NationalChart(gs *analysis.Gaps) (*Chart, error) {
	var progs []string
	for _, r := range gs.ByProgramme {
		progs = append(progs, r.Key)
	}
	regionSet := map[string]bool{}
	for _, r := range gs.ByRegion {
		regionSet[r.Key] = true
	}
	var regions []string
	for r := range regionSet {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	val := map[[2]string]analysis.Rollup{}
	for _, r := range gs.ByRegion {
		val[[2]string{r.Key, r.Programme}] = r
	}
	panel := func(title string, get func(analysis.Rollup) float64, legend bool) (*plot.Plot, error) {
		p := newPlot(title, "", horizonLabel(gs))
		var below *plotter.BarChart
		top := 0.0
		for _, r := range gs.ByProgramme {
			top = math.Max(top, get(r))
		}
		for i, region := range regions {
			var vs plotter.Values
			for _, prog := range progs {
				vs = append(vs, get(val[[2]string{region, prog}]))
			}
			b, err := plotter.NewBarChart(vs, vg.Points(22))
			if err != nil {
				return nil, err
			}
			b.Color = regionPalette[i%len(regionPalette)]
			b.LineStyle.Width, b.LineStyle.Color = vg.Points(0.3), color.White
			if below != nil {
				b.StackOn(below)
			}
			below = b
			p.Add(b)
			if legend {
				p.Legend.Add(region, swatch{b.Color})
			}
		}
		p.NominalX(progs...)
		rotate(&p.X)
		p.X.Min, p.X.Max = -0.7, float64(len(progs))-0.3
		p.Y.Min, p.Y.Max = 0, top*1.05
		if legend {
			// Headroom for the legend: an entry takes about 1/26 of the panel.
			p.Y.Max = top * (1.1 + float64(len(regions))/26)
			p.Legend.Left, p.Legend.Top = false, true
			p.Legend.TextStyle.Font.Size = 9
		}
		return p, nil
	}
	dp, err := panel("Demand by programme, stacked by region (people who need it, in time to complete)", func(r analysis.Rollup) float64 { return r.Demand }, true)
	if err != nil {
		return nil, err
	}
	pp, err := panel("Places by programme, stacked by region (on its own scale)", func(r analysis.Rollup) float64 { return r.Places }, false)
	if err != nil {
		return nil, err
	}
	pp.X.Label.Text = "programme"
	width := vg.Length(math.Max(720, float64(200+40*len(progs))))
	return &Chart{Name: "gap-national", Plots: []*plot.Plot{dp, pp}, Width: width, Height: 900}, nil
}

// LargestGapsChart draws chart (d): the n largest shortfalls (demand −
// places), largest at the top, coloured by why.
func LargestGapsChart(gs *analysis.Gaps, ests []model.Establishment, n int) (*Chart, error) {
	rows := gs.Largest(n)
	slices.Reverse(rows) // NominalY puts the first name at the bottom
	names := map[string]string{}
	for _, e := range ests {
		names[e.Code] = e.Name
	}
	var notRun, often plotter.Values
	var labels []string
	for _, g := range rows {
		short := math.Max(0, g.Demand-g.Places)
		if g.Class == analysis.NotRunHere {
			notRun, often = append(notRun, short), append(often, 0)
		} else {
			notRun, often = append(notRun, 0), append(often, short)
		}
		labels = append(labels, fmt.Sprintf("%s  %s · %s", g.Establishment, shorten(names[g.Establishment], 20), g.Programme))
	}
	p := newPlot(fmt.Sprintf("The %d largest gaps: demand not met by places", len(rows)), "shortfall ("+horizonLabel(gs)+")", "")
	w := vg.Points(10)
	a, err := plotter.NewBarChart(notRun, w)
	if err != nil {
		return nil, err
	}
	b, err := plotter.NewBarChart(often, w)
	if err != nil {
		return nil, err
	}
	a.Horizontal, b.Horizontal = true, true
	a.Color, b.Color = notRunColour, oftenColour
	a.LineStyle.Width, b.LineStyle.Width = 0, 0
	b.StackOn(a)
	p.Add(a, b)
	p.NominalY(labels...)
	top := 0.0
	for i := range notRun {
		top = math.Max(top, notRun[i]+often[i])
	}
	// Room on the right for the legend, beside the smallest bars.
	p.X.Min, p.X.Max = 0, top*1.3
	p.Title.Padding = vg.Points(8)
	p.Legend.Add("not run here", a)
	p.Legend.Add("not run often enough", b)
	p.Legend.Left = false
	p.Legend.Top = false
	p.Y.Tick.Label.Font.Size = 8
	return &Chart{Name: "gap-largest", Plots: []*plot.Plot{p}, Width: 720, Height: vg.Length(120 + 16*len(rows))}, nil
}

// GapCharts returns the four gap charts: the establishment focus (with the
// most demand when focus is empty), the estate heatmap, the national bars
// and the largest gaps.
func GapCharts(gs *analysis.Gaps, ests []model.Establishment, focus string) ([]*Chart, error) {
	if focus == "" {
		best := -1.0
		dem := map[string]float64{}
		for _, g := range gs.Rows {
			dem[g.Establishment] += g.Demand
		}
		for _, e := range ests {
			if d := dem[e.Code]; d > best {
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

var _ plot.Plotter = cells{}
var _ plot.DataRanger = cells{}
var _ plot.Thumbnailer = swatch{}
