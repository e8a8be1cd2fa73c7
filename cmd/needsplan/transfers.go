package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/reports"
)

type transfersOptions struct {
	gapInputs
	out   outputOptions
	by    string
	delay float64
	chart string
}

func newTransfersCommand() *cobra.Command {
	var o transfersOptions
	cmd := &cobra.Command{
		Use:   "transfers",
		Short: "Who must move to reach a programme, and the best use of spare places elsewhere",
		Long: `transfers finds the people who need a programme they can complete before
release but cannot get where they are — their establishment does not run it,
or runs it with too few places over the horizon before their turn (by release
date) — and allocates them to spare places elsewhere (places over the
horizon minus local demand) at minimum total cost, as a transportation
problem (docs/transfers.md): a move within a region costs 0, between regions
1, a long sentence sent to a local or a final-year sentence to a
non-resettlement prison 0.2 more, and leaving someone unplaced 10.
Destinations must hold the person's sex and suit their security category,
and the person must have the programme's months_needed plus the move's
delay before release.

--by chooses the table for csv, json and parquet: person (each person who
must move, with the outcome), establishment or region (the matrix of moves,
from → to), or net (moves out, in and net per establishment).`,
		Example: `  needsplan transfers
  needsplan transfers --by region --format csv --out moves.csv
  needsplan transfers --dataset testdata/sample --by person`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTransfers(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.gapInputs.register(cmd.Flags())
	o.out.register(cmd.Flags())
	cmd.Flags().StringVar(&o.by, "by", "person", "table for csv/json/parquet: person, establishment, region or net")
	cmd.Flags().Float64Var(&o.delay, "delay", 28/30.436875, "months a move takes")
	cmd.Flags().StringVar(&o.chart, "chart", "", "write the region-to-region flow chart to `FILE` (.png, .svg or .pdf)")
	return cmd
}

func runTransfers(ctx context.Context, o *transfersOptions, stdout, stderr io.Writer) error {
	switch o.by {
	case "person", "establishment", "region", "net":
	default:
		return usagef("--by %q: want person, establishment, region or net", o.by)
	}
	if o.delay < 0 || o.delay > 24 {
		return usagef("--delay %g: want months from 0 to 24", o.delay)
	}
	if err := o.out.check(); err != nil {
		return err
	}
	a, err := o.analyse(ctx, stderr)
	if err != nil {
		return err
	}
	t, err := analysis.AnalyseTransfers(a.d.Profiles, a.cls, a.d.Establishments, a.gaps, a.d.Catalogue,
		analysis.TransferOptions{AsOf: a.d.AsOf, Horizon: o.horizon, Suites: a.plan, Delay: o.delay})
	if err != nil {
		return err
	}
	regionOf := map[string]string{}
	for _, e := range a.d.Establishments {
		regionOf[e.Code] = e.Region
	}
	if o.chart != "" {
		format := strings.TrimPrefix(filepath.Ext(o.chart), ".")
		if err := checkChartFormat(format); err != nil {
			return err
		}
		c := reports.TransferFlowChart(t, regionOf)
		if err := data.WriteFileAtomic(o.chart, func(w io.Writer) error { return c.WriteTo(w, format) }); err != nil {
			return err
		}
	}
	tab := reports.TransferNeedsTable(t)
	switch o.by {
	case "establishment":
		tab = reports.TransferMatrixTable(t, nil)
	case "region":
		tab = reports.TransferMatrixTable(t, regionOf)
	case "net":
		tab = reports.NetFlowTable(t, a.d.Establishments)
	}
	return o.out.write(stdout, tab, func(w io.Writer) error { return reports.WriteTransfersText(w, t, regionOf) })
}
