package reports

// The report's charts: each drawn from the published figures, written to
// charts/ as SVG and PNG and inlined in the page.

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"needsplan/analysis"
	"needsplan/analysis/estate"
)

// chartRef is a chart as a page shows it: inlined, with its alternative
// text, notes and the file it is in.
type chartRef struct {
	SVG template.HTML
	Alt string
	// Legend is an HTML legend for charts whose own is small (the national
	// chart's up to 14 regions): the chart's own, in its stack order and
	// styles (NationalChartKey).
	Legend []legendEntry
	Note   string
	File   string
	Wide   bool
}

// legendEntry is an entry of a chart's legend in HTML.
type legendEntry struct {
	Label      string
	Background template.CSS // a CSS background: a colour or stripes
}

// chart writes c to charts/ as SVG and PNG and returns it for a page.
func (r *Report) chart(c *Chart, alt string) (*chartRef, error) {
	var svg, png bytes.Buffer
	if err := c.WriteTo(&svg, "svg"); err != nil {
		return nil, err
	}
	if err := c.WriteTo(&png, "png"); err != nil {
		return nil, err
	}
	r.Files["charts/"+c.Name+".svg"] = svg.Bytes()
	r.Files["charts/"+c.Name+".png"] = png.Bytes()
	inline, err := inlineSVG(svg.Bytes(), alt)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.Name, err)
	}
	return &chartRef{SVG: inline, Alt: alt, File: "charts/" + c.Name + ".svg", Wide: c.Width > 800}, nil
}

// cssColour is c as a CSS colour, #rrggbb.
func cssColour(c color.Color) template.CSS {
	r, g, b, _ := c.RGBA()
	return template.CSS(fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8))
}

// gapCharts draws the gaps section's charts from the published figures:
// the largest gaps, the national bars (with their legend repeated in HTML)
// and the heatmap.
func (r *Report) gapCharts(in *ReportInput, pub *publication) ([]*chartRef, error) {
	var refs []*chartRef
	nc, err := NationalChart(pub.gaps)
	if err != nil {
		return nil, err
	}
	lc, err := LargestGapsChart(pub.gaps, in.Establishments, 25)
	if err != nil {
		return nil, err
	}
	hidden, nationalNote := "", ""
	if in.Suppress {
		hidden = "Figures suppressed for disclosure control are left out."
		nationalNote = "The demand of regions whose figure is suppressed is drawn as one grey striped part, so that every bar reaches its total."
	}
	for _, c := range []struct {
		c    *Chart
		alt  string
		note string
	}{{lc, "The 25 largest shortfalls of places against demand, by establishment and programme", hidden},
		{nc, "For each programme, demand (upper bar) and places (lower bar) across the estate, stacked by region", nationalNote},
		{heatmap(pub.gaps, in.Establishments, pub.hiddenGaps), "Coverage of demand by places for every establishment and programme",
			"A blank cell: no need and no places." + map[bool]string{true: " A grey cell: demand suppressed ([c]).", false: ""}[in.Suppress]}} {
		ref, err := r.chart(c.c, c.alt)
		if err != nil {
			return nil, err
		}
		ref.Note = c.note
		refs = append(refs, ref)
	}
	refs[1].Legend = nationalLegend(pub.gaps)
	return refs, nil
}

// nationalLegend is the national chart's legend in HTML, in its stack
// order and styles.
func nationalLegend(gs *analysis.Gaps) []legendEntry {
	var out []legendEntry
	for _, k := range NationalChartKey(gs) {
		bg := cssColour(k.Colour)
		if k.Striped {
			// The chart's stripes (fill.draw): lines rising at 45°,
			// stripeWidth wide, stripeGap apart along a row (so stripeGap/√2
			// across them), on a pale tint of the colour; 1 pt = 4/3 px.
			const px = 4.0 / 3
			w, period := stripeWidth*px, stripeGap/math.Sqrt2*px
			bg = template.CSS(fmt.Sprintf("repeating-linear-gradient(135deg, %s 0 %.2fpx, %s %.2fpx %.2fpx)", cssColour(k.Colour), w, cssColour(k.Tint), w, period))
		}
		out = append(out, legendEntry{k.Label, bg})
	}
	return out
}

// waitingChart draws the waiting section's chart (seriesChart).
func (r *Report) waitingChart(in *ReportInput, pub *publication) (*chartRef, error) {
	ref, err := r.chart(pub.seriesChart(in.Sim), "Needs on local waiting lists, month by month (a person waiting for two programmes counts twice): median and 5–95% band across replications")
	if err != nil {
		return nil, err
	}
	if in.Suppress {
		ref.Note = "Months in which the number waiting is suppressed are left out."
	}
	return ref, nil
}

// transfersChart draws the transfers section's chart (flowChart).
func (r *Report) transfersChart(in *ReportInput, pub *publication) (*chartRef, error) {
	ref, err := r.chart(pub.flowChart(), "Placed transfers between regions")
	if err != nil {
		return nil, err
	}
	if in.Suppress {
		ref.Note = "Grey: suppressed ([c])."
	}
	return ref, nil
}

// seriesChart draws the needs on local waiting lists month by month
// across the estate, as published: the median across replications and the
// 5–95% band, with months whose figures are suppressed left out; and the
// people on them, each counted once (median, dashed), so a reader sees how
// far needs overstate people. The y axis starts at zero
// unless a figure is below it, which is then shown, not clipped.
func (p *publication) seriesChart(s *estate.Summary) *Chart {
	pl := newPlot("Local waiting lists (estate): needs, and people each once", "months from the dataset date", "waiting")
	c := &Chart{Name: "waiting-over-time", Plots: []*plot.Plot{pl}, Width: 640, Height: 360}
	if len(s.Series) == 0 || len(s.SeriesNames) == 0 {
		return c
	}
	name := s.SeriesNames[0]
	var runs [][3]plotter.XYs // consecutive months with every figure shown
	var cur [3]plotter.XYs
	lowest := 0.0
	flush := func() {
		if len(cur[1]) > 0 {
			runs = append(runs, cur)
		}
		cur = [3]plotter.XYs{}
	}
	for m := range s.Series[0] {
		lo, mid, hi := p.waiting(name, m, 0), p.waiting(name, m, 1), p.waiting(name, m, 2)
		if math.IsNaN(lo) || math.IsNaN(mid) || math.IsNaN(hi) {
			flush()
			continue
		}
		lowest = math.Min(lowest, lo)
		cur[0] = append(cur[0], plotter.XY{X: float64(m), Y: lo})
		cur[1] = append(cur[1], plotter.XY{X: float64(m), Y: mid})
		cur[2] = append(cur[2], plotter.XY{X: float64(m), Y: hi})
	}
	flush()
	for i, run := range runs {
		band := append(slices.Clone(run[0]), reversed(run[2])...)
		if poly, err := plotter.NewPolygon(band); err == nil {
			poly.Color = color.NRGBA{0x56, 0xB4, 0xE9, 0x66} // NRGBA: color.RGBA is premultiplied, and green and blue above its alpha are not a colour
			poly.LineStyle.Width = 0
			pl.Add(poly)
			if i == 0 {
				pl.Legend.Add("5–95% of replications", poly)
			}
		}
		if l, err := plotter.NewLine(run[1]); err == nil {
			l.Color, l.Width = placesColour, vg.Points(2)
			pl.Add(l)
			if i == 0 {
				pl.Legend.Add("needs (median)", l)
			}
		}
	}
	p.peopleLine(pl, s)
	pl.Y.Min = lowest // zero, or the lowest figure when one is negative
	pl.Legend.Left, pl.Legend.Top = false, false
	return c
}

func reversed(xs plotter.XYs) plotter.XYs {
	out := slices.Clone(xs)
	slices.Reverse(out)
	return out
}

// flowChart draws the published people moved between regions: as
// TransferFlowChart, with suppressed cells grey and marked [c].
func (p *publication) flowChart() *Chart {
	return flowMatrixChart(p.regions, func(add func(from, to string, n int, hidden bool)) {
		for _, k := range p.d.Keys() {
			rest, ok := strings.CutPrefix(k, "tm|")
			if !ok {
				continue
			}
			from, to, _ := strings.Cut(rest, "|")
			add(from, to, int(math.Round(p.d.Value(k))), p.d.Hidden(k))
		}
	}, "People moved between regions (from ↓, to →)", "transfer-flows")
}

// peopleLine adds to pl the median people on local lists month by month
// (each once), as published, dashed; suppressed months are left out.
func (p *publication) peopleLine(pl *plot.Plot, s *estate.Summary) {
	var xy plotter.XYs
	for m := range s.PeopleWaiting {
		if v := p.waiting(PeopleSeries, m, 1); !math.IsNaN(v) {
			xy = append(xy, plotter.XY{X: float64(m), Y: v})
		}
	}
	if l, err := plotter.NewLine(xy); err == nil && len(xy) > 0 {
		l.Color, l.Width, l.Dashes = demandColour, vg.Points(2), []vg.Length{vg.Points(6), vg.Points(3)}
		pl.Add(l)
		pl.Legend.Add("people, each once (median)", l)
	}
}
