package reports

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
	"needsplan/model"
)

// Comparison is alternative scenarios compared with a base, replication
// by replication, as the compare command shows it.
type Comparison struct {
	Base         string   // the base scenario's name
	Alternatives []string // the alternatives' names
	Replications int
	Seed         uint64
	// Independent says each scenario had its own seeds instead of common
	// random numbers.
	Independent bool
	// Notes say why the pairing may not be common random numbers, and
	// what a scenario asked for that it did not get.
	Notes []string
	// Differences[k] is Alternatives[k] against the base (estate.Compare).
	Differences [][]estate.Difference
}

// ComparisonTable is a row per alternative and measure: the base, the
// alternative, their difference and its 95% interval (empty in CSV, null
// in JSON, with fewer than two replications).
func ComparisonTable(c *Comparison) *model.Table {
	b := newBuilder("comparison", text("scenario"), text("measure"), float("base"), float("alternative"),
		float("difference"), float("ci_low"), float("ci_high"))
	for k, diffs := range c.Differences {
		for _, d := range diffs {
			lo, hi := d.Difference.Lo, d.Difference.Hi
			if !hasInterval(d.Difference) {
				lo, hi = math.NaN(), math.NaN() // empty in CSV, null in JSON
			}
			b.row(c.Alternatives[k], d.Measure, d.Base, d.Alt, d.Difference.Mean, lo, hi)
		}
	}
	return &b.t
}

// WriteComparisonText is the comparison's text view: a table per
// alternative, with the notes; a difference whose interval excludes zero
// is marked *.
func WriteComparisonText(w io.Writer, c *Comparison) error {
	how := "common random numbers (the same seeds in every scenario)"
	if c.Independent {
		how = "independent seeds"
	}
	fmt.Fprintf(w, "Scenario comparison: %d replications, seed %d, %s. Differences are alternative − base, with 95%% intervals of the paired difference.\n",
		c.Replications, c.Seed, how)
	for _, n := range c.Notes {
		fmt.Fprintf(w, "Warning: %s.\n", n)
	}
	for k, diffs := range c.Differences {
		fmt.Fprintf(w, "\n%s against %s\n", strings.ToUpper(c.Alternatives[k]), c.Base)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "measure\tbase\talternative\tdifference\t95% CI\t\t")
		for _, d := range diffs {
			ci, sig := "unavailable", ""
			dec := 1 // a share (p_start_in_time) to three decimals: to one, every difference reads 0.0
			if j := estate.MeasureIndex(d.Measure); j >= 0 && estate.Measures[j].Unit == "share" {
				dec = 3
			}
			if hasInterval(d.Difference) {
				ci = fmt.Sprintf("%.*f to %.*f", dec, d.Difference.Lo, dec, d.Difference.Hi)
				if d.Difference.Lo > 0 || d.Difference.Hi < 0 {
					sig = "*"
				}
			}
			base, alt := oneDecimalBelow100(d.Base), oneDecimalBelow100(d.Alt)
			if dec == 3 {
				base, alt = fmt.Sprintf("%.3f", d.Base), fmt.Sprintf("%.3f", d.Alt)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%+.*f\t%s\t%s\t\n", d.Measure, base, alt, dec, d.Difference.Mean, ci, sig)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\n* the interval excludes zero.")
	if c.Replications < 2 {
		fmt.Fprintln(w, "With one replication there is no interval: run at least two (20 or more for a useful one).")
	}
	return nil
}

// hasInterval reports whether a summary has a 95% interval: it needs at
// least two replications.
func hasInterval(s sim.Summary) bool {
	return s.N >= 2 && !math.IsNaN(s.Lo) && !math.IsNaN(s.Hi)
}

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
			if !hasInterval(s) {
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
