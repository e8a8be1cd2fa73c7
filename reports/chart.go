package reports

// The chart toolkit: a Chart and how it is written (PNG, SVG, PDF), the
// palette and fills, legends, axes and ticks, sizes, and the plotters the
// charts share (horizontal bars, notes). The charts themselves are in
// gapcharts.go, transfers.go, compare.go and reportcharts.go.

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	gtext "gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
	_ "gonum.org/v1/plot/vg/vgimg" // png
	_ "gonum.org/v1/plot/vg/vgpdf" // pdf
	_ "gonum.org/v1/plot/vg/vgsvg" // svg
)

// Chart is one plot, or plots tiled in a column, with the size it is drawn
// at.
type Chart struct {
	Name          string // file name without extension, e.g. "gap-heatmap"
	Plots         []*plot.Plot
	Width, Height vg.Length
	// Legend, when set, is drawn in a column LegendWidth wide to the right
	// of the plots, level with the top of the first plot's data, so that it
	// never covers data nor stretches an axis to make room.
	Legend      *plot.Legend
	LegendWidth vg.Length
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
	c.draw(draw.New(cw))
	_, err = cw.WriteTo(w)
	return err
}

// draw draws the chart on dc: the legend column, then the plots.
func (c *Chart) draw(dc draw.Canvas) {
	if c.Legend != nil {
		side := dc
		side.Min.X = dc.Max.X - c.LegendWidth
		dc.Max.X = side.Min.X
		if len(c.Plots) > 0 && c.Plots[0].Title.Text != "" {
			t := c.Plots[0].Title
			side.Max.Y -= t.TextStyle.Rectangle(t.Text).Size().Y + vg.Points(6)
		}
		c.Legend.Draw(side)
	}
	if len(c.Plots) == 1 {
		c.Plots[0].Draw(dc)
		return
	}
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

// countTicks labels an axis of counts with whole numbers and thousands
// separators (12,400 rather than 12400.00), at the widest "nice" step — 1, 2
// or 5 times a power of ten (Heckbert 1990, "Nice numbers for graph
// labels", Graphics Gems I) — that still gives at least five labelled
// intervals, with an unlabelled minor tick half way.
type countTicks struct{}

// minIntervals is the fewest labelled intervals countTicks gives an axis
// (when the range allows whole-number steps).
const minIntervals = 5

func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	step := countStep(hi - lo)
	first := math.Ceil(lo/step - 1e-9)
	var ts []plot.Tick
	if m := first*step - step/2; m >= lo && step >= 2 {
		ts = append(ts, plot.Tick{Value: m})
	}
	for i := 0; ; i++ {
		v := (first + float64(i)) * step
		if v > hi+step*1e-9 {
			break
		}
		ts = append(ts, plot.Tick{Value: v, Label: thousands(v)})
		if m := v + step/2; m <= hi && step >= 2 {
			ts = append(ts, plot.Tick{Value: m})
		}
	}
	return ts
}

// countStep returns the widest step of 1, 2 or 5 × 10^k, and at least 1,
// that splits span into minIntervals or more.
func countStep(span float64) float64 {
	for e := math.Pow(10, math.Ceil(math.Log10(span))); ; e /= 10 {
		for _, m := range []float64{1, 0.5, 0.2} {
			s := e * m
			if s < 1 {
				return 1
			}
			if span/s >= minIntervals {
				return s
			}
		}
	}
}

// Colours, from the Okabe–Ito palette for colour-blind readers (Okabe and
// Ito 2008, "Color Universal Design").
var (
	demandColour = color.RGBA{0xD5, 0x5E, 0x00, 0xFF} // vermillion
	placesColour = color.RGBA{0x00, 0x72, 0xB2, 0xFF} // blue
	notRunColour = color.RGBA{0xCC, 0x22, 0x22, 0xFF}
	oftenColour  = color.RGBA{0xE6, 0x9F, 0x00, 0xFF} // orange
)

// okabeIto is the Okabe–Ito palette without black, ordered so that
// neighbours differ in hue and lightness.
var okabeIto = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
}

// otherColour fills the group of regions beyond the distinct styles.
var otherColour = color.RGBA{0x99, 0x99, 0x99, 0xFF}

// suppressedColour fills chart cells whose figure is suppressed.
var suppressedColour = color.RGBA{0xB0, 0xB0, 0xB0, 0xFF}

// fill is a way to fill a rectangle: a solid colour, or stripes of it on a
// pale tint, so that 7 colour-blind-safe hues give 14 distinct styles.
type fill struct {
	colour  color.RGBA
	striped bool
}

// stripe is the spacing and width of stripes, in points.
const stripeGap, stripeWidth = 3.5, 1.3

// draw fills rectangle r on c.
func (f fill) draw(c draw.Canvas, r vg.Rectangle) {
	if r.Max.X <= r.Min.X || r.Max.Y <= r.Min.Y {
		return
	}
	if !f.striped {
		c.FillPolygon(f.colour, rectPath(r))
		return
	}
	c.FillPolygon(tint(f.colour, 0.35), rectPath(r))
	// Lines y = x − k at 45°, clipped to r by hand so nothing strays out.
	sty := draw.LineStyle{Color: f.colour, Width: vg.Points(stripeWidth)}
	x0, x1, y0, y1 := float64(r.Min.X), float64(r.Max.X), float64(r.Min.Y), float64(r.Max.Y)
	w := float64(stripeWidth) / 2
	for k := math.Floor((x0-y1)/stripeGap) * stripeGap; k <= x1-y0; k += stripeGap {
		lo := math.Max(y0+w, x0+w-k)
		hi := math.Min(y1-w, x1-w-k)
		if hi <= lo {
			continue
		}
		c.StrokeLine2(sty, vg.Length(lo+k), vg.Length(lo), vg.Length(hi+k), vg.Length(hi))
	}
}

// Thumbnail draws the fill as a legend swatch.
func (f fill) Thumbnail(c *draw.Canvas) { f.draw(*c, c.Rectangle) }

// tint mixes colour c with white, keeping share of c.
func tint(c color.RGBA, share float64) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v)*share + 255*(1-share))) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xFF}
}

func rectPath(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
}

// swatch is a legend thumbnail: a filled square.
type swatch struct{ c color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.c, []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}})
}

// blank is a legend thumbnail that draws nothing: for headings.
type blank struct{}

func (blank) Thumbnail(*draw.Canvas) {}

// sideLegend builds a legend for the column beside a chart's plots
// (Chart.Legend) and measures the width it needs.
type sideLegend struct {
	l     plot.Legend
	width vg.Length
}

func newSideLegend() *sideLegend {
	l := plot.NewLegend()
	l.TextStyle.Font.Size = 9
	l.ThumbnailWidth = vg.Points(14)
	l.Padding = vg.Points(3)
	l.Top, l.Left = true, true
	l.XOffs = vg.Points(12)
	return &sideLegend{l: l}
}

// add adds an entry.
func (s *sideLegend) add(label string, thumb plot.Thumbnailer) {
	s.l.Add(label, thumb)
	s.width = max(s.width, s.l.XOffs+s.l.ThumbnailWidth+s.l.TextStyle.Width(" "+label)+vg.Points(10))
}

// heading adds a line of text with no swatch.
func (s *sideLegend) heading(label string) { s.add(label, blank{}) }

// attach puts the legend beside chart c, widening it to keep the plots'
// width.
func (s *sideLegend) attach(c *Chart) {
	c.Legend, c.LegendWidth = &s.l, s.width
	c.Width += s.width
}

func newPlot(title, x, y string) *plot.Plot { return newGridPlot(title, x, y, true) }

// newGridPlot is newPlot with or without the grid's horizontal lines
// (which would run through horizontal bars).
func newGridPlot(title, x, y string, horizontal bool) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 14
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Legend.Top = true
	g := plotter.NewGrid()
	if !horizontal {
		g.Horizontal.Color = nil
	}
	p.Add(g)
	p.X.Tick.Marker, p.Y.Tick.Marker = countTicks{}, countTicks{}
	return p
}

// note is a plotter writing a line of text in the middle of the data area:
// for a chart with nothing to show.
type note struct{ text string }

func (n note) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := gtext.Style{Font: font.From(plot.DefaultFont, 12), Handler: plot.DefaultTextHandler, XAlign: draw.XCenter, YAlign: draw.YCenter}
	c.FillText(sty, c.Center(), n.text)
}

// emptyChart is a chart saying there is nothing to draw.
func emptyChart(name, title, why string) *Chart {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 14
	p.HideAxes()
	p.Add(note{why})
	return &Chart{Name: name, Plots: []*plot.Plot{p}, Width: 640, Height: 240}
}

// dataArea returns the size of p's data area when p is drawn w × h.
func dataArea(p *plot.Plot, w, h vg.Length) vg.Point {
	c := draw.Canvas{Canvas: &recorder.Canvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}}
	return p.DataCanvas(c).Size()
}

// heightFor returns how tall to draw p, w wide, for its data area to be
// at least data tall: the title, axes and labels take a height that is
// nearly constant, so a few steps of adding the shortfall find it.
func heightFor(p *plot.Plot, w, data vg.Length) vg.Length {
	h := data + 200
	for range 20 {
		got := dataArea(p, w, h).Y
		if got >= data {
			break
		}
		h += data - got + 1
	}
	return h
}

// labelStyle is the style of the value labels at the ends of bars.
func labelStyle() gtext.Style {
	return gtext.Style{Font: font.From(plot.DefaultFont, 8), Handler: plot.DefaultTextHandler, XAlign: draw.XLeft, YAlign: draw.YCenter,
		Color: color.Gray{0x33}}
}

// widest is the width of the widest of labels in style sty: the room a
// chart keeps for its tick labels.
func widest(sty gtext.Style, labels []string) vg.Length {
	var w vg.Length
	for _, l := range labels {
		w = max(w, sty.Width(l))
	}
	return w
}

// labelGap is the space between a bar's end and its label.
const labelGap = 4

// roomForLabels returns the maximum of a value axis that leaves room after
// each bar's end for its label in a data area size points long: bar b needs
// end_b + (width_b + gap) × max / size ≤ max.
func roomForLabels(ends []float64, widths []vg.Length, size vg.Length) float64 {
	top := 1.0
	for i, e := range ends {
		share := float64(widths[i]+labelGap+2) / float64(size)
		if share >= 0.9 {
			share = 0.9
		}
		top = math.Max(top, e/(1-share))
	}
	return top
}

// hbars is a plotter of horizontal bars stacked from zero, each made of
// parts drawn in order with the fill of their index, and labelled after
// its end. Bar i is centred on y = Y[i] in data units.
type hbars struct {
	bars   []hbar
	fills  []fill
	height float64 // thickness in data units
	label  gtext.Style
}

type hbar struct {
	y       float64
	parts   []float64
	label   string
	outline bool // draw a thin outline around the whole bar
}

func (h hbars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sep := draw.LineStyle{Color: color.White, Width: vg.Points(0.6)}
	for _, b := range h.bars {
		y0, y1 := trY(b.y-h.height/2), trY(b.y+h.height/2)
		x := 0.0
		for i, v := range b.parts {
			if v <= 0 {
				continue
			}
			r := vg.Rectangle{Min: vg.Point{X: trX(x), Y: y0}, Max: vg.Point{X: trX(x + v), Y: y1}}
			h.fills[i%len(h.fills)].draw(c, r)
			// A white rule between parts wide enough to show one.
			if x > 0 && r.Max.X-r.Min.X > 2 {
				c.StrokeLine2(sep, r.Min.X, y0, r.Min.X, y1)
			}
			x += v
		}
		if b.outline && x > 0 {
			c.StrokeLines(draw.LineStyle{Color: color.Gray{0x44}, Width: vg.Points(0.6)},
				[]vg.Point{{X: trX(0), Y: y0}, {X: trX(x), Y: y0}, {X: trX(x), Y: y1}, {X: trX(0), Y: y1}, {X: trX(0), Y: y0}})
		}
		if b.label != "" {
			c.FillText(h.label, vg.Point{X: trX(x) + labelGap, Y: (y0 + y1) / 2}, b.label)
		}
	}
}

// DataRange spans the bars from zero.
func (h hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, b := range h.bars {
		t := 0.0
		for _, v := range b.parts {
			t += math.Max(0, v)
		}
		xmax = math.Max(xmax, t)
		ymin, ymax = math.Min(ymin, b.y-0.5), math.Max(ymax, b.y+0.5)
	}
	return 0, xmax, ymin, ymax
}

// rotate turns an axis's tick labels 45° so that long codes do not overlap.
func rotate(a *plot.Axis) {
	a.Tick.Label.Rotation = math.Pi / 4
	a.Tick.Label.XAlign = draw.XRight
	a.Tick.Label.YAlign = draw.YCenter
}

var _ plot.Plotter = hbars{}
var _ plot.DataRanger = hbars{}
var _ plot.Thumbnailer = swatch{}
var _ plot.Thumbnailer = fill{}
