package main

import (
	"context"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"needsplan/analysis/allocate"
	"needsplan/model"
	"needsplan/reports"
)

type allocateOptions struct {
	gapInputs
	out           outputOptions
	by            string
	byGiven       bool
	policy        string
	lambda        float64
	delay         float64
	chart         string
	frontierChart string
}

func newAllocateCommand() *cobra.Command {
	var o allocateOptions
	cmd := &cobra.Command{
		Use:   "allocate",
		Short: "Allocate the year's start places estate-wide by priority, and the transfers it takes",
		Long: `allocate shares out every start place of the coming --horizon months
(each offering's cohorts, spread over the year as the simulation's spread
schedule, and its one-to-one places) among the people who need them,
estate-wide: each sentenced person with a current programme they can still
finish and consolidate before release may take one place, at their own
prison or, after a move of --delay, at one that can hold them (sex,
security category, age) and that runs the programme, in a month that ends
by their latest start. Places go by priority first — release date by
default (--policy: the simulation's release-date, fifo, risk, right-time),
risk then person_id breaking ties — and moves second: the allocation
minimises the priority weight (1 to 2) of the people left without a place
plus --lambda times the moves' costs (½ for any move, 1 more between
regions, 0.2 for a prison of the wrong function). --lambda 0 is the pure
priority allocation; a large --lambda keeps everyone local. It is solved
exactly as a transportation problem (docs/transfers.md, "The estate-wide
allocation").

The summary gives, per programme, the places and the people placed
locally, within their region and between regions, and those left without
a place — the places in reach went to people of higher priority, or none
was in reach in time at a prison that can hold them (the capacity gap) —
and the ten highest shadow prices: the priority weight one more start
place at an establishment × programme would serve. --by chooses a table
instead: programme, person (each person's place, in priority order),
flows (region to region), intake (each establishment's places filled and
the share from elsewhere), gaps (people without a place by programme and
region) or shadow (every shadow price, highest first). --chart writes the
region-to-region moves; --frontier-chart the priority served against the
moves as λ varies (one allocation per λ).`,
		Example: `  needsplan allocate
  needsplan allocate --by shadow --format csv --out shadow.csv
  needsplan allocate --lambda 0 --by flows          # pure priority
  needsplan allocate --chart flows.png --frontier-chart frontier.png`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.byGiven = cmd.Flags().Changed("by")
			return runAllocate(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	o.gapInputs.register(f)
	o.out.register(f)
	f.StringVar(&o.by, "by", "programme", "table: "+strings.Join(reports.AllocationBy, ", ")+" (table format: the summary unless given)")
	f.StringVar(&o.policy, "policy", string(model.ReleaseDate), "priority: release-date, fifo, risk or right-time")
	f.Float64Var(&o.lambda, "lambda", allocate.DefaultLambda, "weight of moves against priority (0: pure priority)")
	monthsVar(f, &o.delay, "delay", moveDelay, "months a move takes")
	f.StringVar(&o.chart, "chart", "", "write the region-to-region moves to `FILE` (.png, .svg or .pdf)")
	f.StringVar(&o.frontierChart, "frontier-chart", "", "write the priority served against moves as λ varies to `FILE` (.png, .svg or .pdf)")
	return cmd
}

func runAllocate(ctx context.Context, o *allocateOptions, stdout, stderr io.Writer) error {
	if !slices.Contains(reports.AllocationBy, o.by) {
		return usagef("--by %q: want %s", o.by, strings.Join(reports.AllocationBy, ", "))
	}
	policy, err := parseFlag(o.policy, model.ParsePolicy)
	if err != nil {
		return err
	}
	if !(o.lambda >= 0) || math.IsInf(o.lambda, 0) {
		return usagef("--lambda %g: want a finite number ≥ 0", o.lambda)
	}
	if !(o.delay >= 0) || o.delay > 24 {
		return usagef("--delay %g: want months from 0 to 24", o.delay)
	}
	if err := o.out.checkWithCharts([2]string{"--chart", o.chart}, [2]string{"--frontier-chart", o.frontierChart}); err != nil {
		return err
	}
	a, err := o.analyse(ctx, stderr)
	if err != nil {
		return err
	}
	opt := allocate.Options{Horizon: o.gap.Horizon, Delay: o.delay, Lambda: model.Some(o.lambda), Policy: policy}
	al, err := a.Estate.Allocate(opt)
	if err != nil {
		return err
	}
	if o.chart != "" {
		if err := writeChart(o.chart, reports.AllocationFlowChart(al, reports.Regions(a.Estate.Establishments))); err != nil {
			return err
		}
	}
	if o.frontierChart != "" {
		pts, err := a.Estate.Frontier(opt, allocate.Lambdas)
		if err != nil {
			return err
		}
		c, err := reports.FrontierChart(pts)
		if err != nil {
			return err
		}
		if err := writeChart(o.frontierChart, c); err != nil {
			return err
		}
	}
	var summary func(io.Writer) error
	if !o.byGiven {
		summary = func(w io.Writer) error { return reports.WriteAllocationText(w, al) }
	}
	return o.out.write(stdout, reports.AllocationTableBy(al, o.by), summary)
}
