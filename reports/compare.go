package reports

import (
	"fmt"
	"image/color"
	"math"
	"needsplan/analysis/estate"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// diffPoints are the alternatives' differences in one measure, as points
// with horizontal 95% intervals (plotter.XErrorBars).
type diffPoints struct {
	mean, lo, hi []float64
}

func (d diffPoints) Len() int                    { return len(d.mean) }
func (d diffPoints) XY(i int) (float64, float64) { return d.mean[i], float64(len(d.mean) - 1 - i) } // the first on top
func (d diffPoints) XError(i int) (float64, float64) {
	return d.mean[i] - d.lo[i], d.hi[i] - d.mean[i]
}

// DifferenceChart draws each alternative's difference from the base in each
// compared measure (alternative − base, the paired mean with its 95%
// interval): one small panel per measure, in that measure's own units, the
// alternatives one per row and a line at zero, so that an effect of ten
// people shows as clearly as one of a thousand and an interval crossing
// zero is seen to. diffs[k] are estate.Compare's rows for alternative k.
func DifferenceChart(base string, names []string, diffs [][]estate.Difference) (*Chart, error) {
	if len(names) != len(diffs) || len(diffs) == 0 {
		return nil, fmt.Errorf("reports: %d names for %d alternatives", len(names), len(diffs))
	}
	var plots []*plot.Plot
	for j := range diffs[0] {
		p := plot.New()
		m := diffs[0][j].Measure
		label, unit := m, "people"
		if l, ok := strings.CutSuffix(m, "_months"); ok {
			label, unit = l, "months"
		}
		p.Title.Text = fmt.Sprintf("%s (%s)", strings.ReplaceAll(label, "_", " "), unit)
		if j == 0 {
			p.Title.Text = fmt.Sprintf("Difference from %s: alternative − base, mean and 95%% interval\n\n%s", shortName(base, 40), p.Title.Text)
		}
		p.Title.TextStyle.Font.Size = 11
		p.Title.Padding = vg.Points(2)
		p.X.Label.Text = ""
		p.X.Tick.Label.Font.Size = 9
		p.Y.Tick.Label.Font.Size = 9
		p.Add(plotter.NewGrid())
		var d diffPoints
		var noCI []int
		lo, hi := 0.0, 0.0
		for k := range diffs {
			s := diffs[k][j].Difference
			a, b := s.Lo, s.Hi
			if s.N < 2 || math.IsNaN(a) || math.IsNaN(b) {
				a, b = s.Mean, s.Mean
				noCI = append(noCI, k)
			}
			d.mean, d.lo, d.hi = append(d.mean, s.Mean), append(d.lo, a), append(d.hi, b)
			if !math.IsNaN(s.Mean) {
				lo, hi = math.Min(lo, a), math.Max(hi, b)
			}
		}
		bars, err := plotter.NewXErrorBars(d)
		if err != nil {
			return nil, fmt.Errorf("reports: %s: %w", m, err)
		}
		bars.LineStyle.Width = vg.Points(1.5)
		bars.CapWidth = vg.Points(6)
		pts, err := plotter.NewScatter(d)
		if err != nil {
			return nil, fmt.Errorf("reports: %s: %w", m, err)
		}
		pts.GlyphStyle.Shape = draw.CircleGlyph{}
		pts.GlyphStyle.Radius = vg.Points(3)
		zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(len(diffs)) - 0.5}})
		if err != nil {
			return nil, err
		}
		zero.LineStyle.Color = color.Gray{0x60}
		zero.LineStyle.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		p.Add(zero, bars, pts)
		if hi-lo < 1e-9 { // no difference anywhere: a unit either side of 0
			lo, hi = lo-1, hi+1
		}
		pad := 0.08 * (hi - lo)
		p.X.Min, p.X.Max = lo-pad, hi+pad
		labels := make([]string, len(names))
		for k, n := range names {
			l := "  " + shortName(n, 28) // room for the first glyph at the canvas edge
			if containsInt(noCI, k) {
				l += " (no interval)"
			}
			labels[len(names)-1-k] = l
		}
		p.NominalY(labels...)
		plots = append(plots, p)
	}
	h := vg.Length(len(plots)) * vg.Points(float64(58+18*len(names)))
	return &Chart{Name: "compare", Plots: plots, Width: vg.Points(620), Height: h}, nil
}

func shortName(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
