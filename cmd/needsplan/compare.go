package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"needsplan/data"
	"needsplan/pipeline"
	"needsplan/reports"
)

type compareOptions struct {
	out   outputOptions
	opt   pipeline.CompareOptions
	chart string
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
scenario unless given here. examples/ holds a baseline and alternatives that
extend it (examples/README.md).`,
		Example: `  needsplan compare examples/base.yaml examples/more-tsp.yaml
  needsplan compare examples/base.yaml examples/staff-shortage.yaml examples/covid-suspension.yaml --replications 200 --chart compare.png
  needsplan compare examples/base.yaml examples/humber-building-choices.yaml --format csv --out differences.csv`,
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
	cmd.Flags().IntVar(&o.opt.Replications, "replications", 0, "replications (default: the base scenario's, or 20)")
	cmd.Flags().Uint64Var(&o.opt.Seed, "seed", 0, "seed (default: the base scenario's, or 1)")
	cmd.Flags().IntVar(&o.opt.Workers, "workers", 0, "goroutines running replications (0: all cores)")
	cmd.Flags().BoolVar(&o.opt.Independent, "independent", false, "give each scenario its own seeds instead of common random numbers (to see what they buy)")
	cmd.Flags().StringVar(&o.chart, "chart", "", "write the outcomes side by side to `FILE` (.png, .svg or .pdf)")
	return cmd
}

func runCompare(ctx context.Context, o *compareOptions, files []string, stdout, stderr io.Writer) error {
	if err := o.out.check(); err != nil {
		return err
	}
	if n := o.opt.Replications; n != 0 && replicationsOutOfRange(n) { // 0: the base scenario's
		return usagef("--replications %d: want from 1 to %d", n, data.MaxReplications)
	}
	if err := checkChartFile("--chart", o.chart); err != nil { // before any simulation
		return err
	}
	c, err := pipeline.NewScenarios(loadDataset, stderrLog(stderr)).Compare(ctx, files, o.opt)
	if err != nil {
		return err
	}
	names := c.Names()
	rc := &reports.Comparison{Base: names[0], Alternatives: names[1:], Replications: c.Replications, Seed: c.Seed,
		Independent: c.Independent, Notes: c.Notes, Differences: c.Differences}
	if o.chart != "" {
		ch, err := reports.DifferenceChart(rc.Base, rc.Alternatives, rc.Differences)
		if err != nil {
			return err
		}
		if err := writeChart(o.chart, ch); err != nil {
			return err
		}
	}
	return o.out.write(stdout, reports.ComparisonTable(rc), func(w io.Writer) error { return reports.WriteComparisonText(w, rc) })
}
