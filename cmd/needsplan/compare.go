package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"needsplan/analysis/sim"
	"needsplan/data"
	"needsplan/model"
	"needsplan/pipeline"
	"needsplan/reports"
)

type compareOptions struct {
	out          outputOptions
	replications int
	seed         uint64
	workers      int
	independent  bool
	chart        string
}

func newCompareCommand() *cobra.Command {
	var o compareOptions
	cmd := &cobra.Command{
		Use:   "compare BASE.yaml ALT.yaml...",
		Short: "Compare scenarios with common random numbers",
		Long: `compare simulates each scenario file (docs/scenarios.md) with the same seeds
for the same replications — common random numbers — and reports, for each
alternative against the first (the base), the difference in estate outcomes
(completed in time, completed late, dropped out, released untreated, still
waiting, started, mean wait) with the 95% interval of the paired difference,
so that small effects are visible. Replications and seed come from the base
scenario unless given here.`,
		Example: `  needsplan compare base.yaml two-more-tsp-groups.yaml
  needsplan compare base.yaml cut-kaizen.yaml staff-shortage.yaml --replications 200 --chart compare.png
  needsplan compare base.yaml alt.yaml --format csv --out differences.csv`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usagef("compare needs a base scenario and at least one alternative")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCompare(cmd.Context(), &o, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.out.register(cmd.Flags())
	cmd.Flags().IntVar(&o.replications, "replications", 0, "replications (default: the base scenario's, or 20)")
	cmd.Flags().Uint64Var(&o.seed, "seed", 0, "seed (default: the base scenario's, or 1)")
	cmd.Flags().IntVar(&o.workers, "workers", 0, "goroutines running replications (0: all cores)")
	cmd.Flags().BoolVar(&o.independent, "independent", false, "give each scenario its own seeds instead of common random numbers (to see what they buy)")
	cmd.Flags().StringVar(&o.chart, "chart", "", "write the outcomes side by side to `FILE` (.png, .svg or .pdf)")
	return cmd
}

func runCompare(ctx context.Context, o *compareOptions, files []string, stdout, stderr io.Writer) error {
	if err := o.out.check(); err != nil {
		return err
	}
	if o.replications < 0 || o.replications > data.MaxReplications {
		return usagef("--replications %d: want from 1 to %d", o.replications, data.MaxReplications)
	}
	if err := checkChartFile("--chart", o.chart); err != nil { // before any simulation
		return err
	}
	c, err := pipeline.NewScenarios(loadDataset, stderrLog(stderr)).Compare(ctx, files, pipeline.CompareOptions{
		Replications: o.replications, Seed: o.seed, Workers: o.workers, Independent: o.independent})
	if err != nil {
		return err
	}
	if o.chart != "" {
		var names []string
		for _, sc := range c.Scenarios[1:] {
			names = append(names, pipeline.ScenarioName(sc))
		}
		ch, err := reports.DifferenceChart(pipeline.ScenarioName(c.Scenarios[0]), names, c.Differences)
		if err != nil {
			return err
		}
		format := strings.TrimPrefix(filepath.Ext(o.chart), ".")
		if err := data.WriteFileAtomic(o.chart, func(w io.Writer) error { return ch.WriteTo(w, format) }); err != nil {
			return err
		}
	}
	return o.out.write(stdout, comparisonTable(c), func(w io.Writer) error { return writeComparison(w, c, o.independent) })
}

// comparisonTable is a row per alternative and measure: the base, the
// alternative, their difference and its 95% interval.
func comparisonTable(c *pipeline.Comparison) *model.Table {
	t := model.Table{Name: "comparison", Columns: []model.Column{{Name: "scenario"}, {Name: "measure"},
		{Name: "base", Kind: model.FloatColumn}, {Name: "alternative", Kind: model.FloatColumn},
		{Name: "difference", Kind: model.FloatColumn}, {Name: "ci_low", Kind: model.FloatColumn}, {Name: "ci_high", Kind: model.FloatColumn}}}
	for k, diffs := range c.Differences {
		for _, d := range diffs {
			t.Columns[0].Text = append(t.Columns[0].Text, pipeline.ScenarioName(c.Scenarios[k+1]))
			t.Columns[1].Text = append(t.Columns[1].Text, d.Measure)
			lo, hi := d.Difference.Lo, d.Difference.Hi
			if !hasInterval(d.Difference) {
				lo, hi = math.NaN(), math.NaN() // empty in CSV, null in JSON
			}
			for j, v := range []float64{d.Base, d.Alt, d.Difference.Mean, lo, hi} {
				t.Columns[2+j].Floats = append(t.Columns[2+j].Floats, v)
			}
		}
	}
	return &t
}

// writeComparison is the comparison's text view: a table per alternative,
// with the notes.
func writeComparison(w io.Writer, c *pipeline.Comparison, independent bool) error {
	how := "common random numbers (the same seeds in every scenario)"
	if independent {
		how = "independent seeds"
	}
	fmt.Fprintf(w, "Scenario comparison: %d replications, seed %d, %s. Differences are alternative − base, with 95%% intervals of the paired difference.\n",
		c.Replications, c.Seed, how)
	for _, n := range c.Notes {
		fmt.Fprintf(w, "Warning: %s.\n", n)
	}
	for k, diffs := range c.Differences {
		fmt.Fprintf(w, "\n%s against %s\n", strings.ToUpper(pipeline.ScenarioName(c.Scenarios[k+1])), pipeline.ScenarioName(c.Scenarios[0]))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "measure\tbase\talternative\tdifference\t95% CI\t\t")
		for _, d := range diffs {
			ci, sig := "unavailable", ""
			if hasInterval(d.Difference) {
				ci = fmt.Sprintf("%.1f to %.1f", d.Difference.Lo, d.Difference.Hi)
				if d.Difference.Lo > 0 || d.Difference.Hi < 0 {
					sig = "*"
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%+.1f\t%s\t%s\t\n", d.Measure, fmtNum(d.Base), fmtNum(d.Alt),
				d.Difference.Mean, ci, sig)
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

func fmtNum(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	if math.Abs(v) < 100 {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// hasInterval reports whether a summary has a 95% interval: it needs at
// least two replications.
func hasInterval(s sim.Summary) bool {
	return s.N >= 2 && !math.IsNaN(s.Lo) && !math.IsNaN(s.Hi)
}
