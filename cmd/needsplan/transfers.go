package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"needsplan/reports"
)

type transfersOptions struct {
	gapInputs
	out       outputOptions
	by        string
	byGiven   bool // --by was given: in table format, print that table rather than the summary
	delay     float64
	chart     string
	netChart  string
	spareOnly bool
}

func newTransfersCommand() *cobra.Command {
	var o transfersOptions
	cmd := &cobra.Command{
		Use:   "transfers",
		Short: "Who must move to reach a programme, from the estate-wide allocation of start places",
		Long: `transfers gives the moves the estate-wide allocation of the coming
--horizon's start places takes (needsplan allocate, docs/transfers.md): the
places go by release date, estate-wide, then fewer moves, so a person who
would not start their current programme where they are either moves for a
place elsewhere (within their region or between regions) or gets none —
the places in reach went to people released sooner, or none starts in time
at a prison that can hold them. The summary is allocate's: places filled
locally, within the region and between regions by programme, and the
highest shadow prices. The tables below read the same people.

--spare-only gives instead the older, local-first analysis: the people
beyond their own prison's places over the horizon placed only in places
elsewhere left over once that prison's own demand (including the receptions
expected) is met, at minimum total cost, as a transportation
problem. The unit is the person: each moves at most
once, to one establishment, taking a spare place in one of their programmes
there; the move also serves their other programmes the destination still
has spare places for. A move within a region costs 0, between regions 1, a
long sentence sent to a local or a final-year sentence to a
non-resettlement prison 0.2 more, and leaving someone unplaced 10.
Destinations must hold the person's sex and suit their security category
(women: closed or open) and age (under 18 only to a YOI; 21 and over not to
one), and the person must have the programme's months_needed plus the
move's delay before release.

--by chooses the table: person (each person who must move: months left,
empty when the sentence has no release target; the programmes by why; the
outcome, destination, programme placed for, programmes served, and up to 5
candidate destinations, best first, ';'-separated), establishment or region
(the matrix of people moved, from → to), or net (people moved out, in and
net per establishment). In table format the summary is printed unless --by
is given.

--chart writes the region-to-region matrix (numbers in the cells, moves
within a region on the outlined diagonal); --net-chart the 25
establishments with the largest net flows (moves out and in).`,
		Example: `  needsplan transfers
  needsplan transfers --by net
  needsplan transfers --by region --format csv --out moves.csv
  needsplan transfers --dataset testdata/sample --by person --chart flows.png --net-chart net.png`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.byGiven = cmd.Flags().Changed("by")
			return runTransfers(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.gapInputs.register(cmd.Flags())
	o.out.register(cmd.Flags())
	cmd.Flags().StringVar(&o.by, "by", "person", "table: person, establishment, region or net (table format: the summary unless given)")
	monthsVar(cmd.Flags(), &o.delay, "delay", moveDelay, "months a move takes")
	cmd.Flags().StringVar(&o.chart, "chart", "", "write the region-to-region flow chart to `FILE` (.png, .svg or .pdf)")
	cmd.Flags().StringVar(&o.netChart, "net-chart", "", "write the chart of the largest net flows by establishment to `FILE` (.png, .svg or .pdf)")
	cmd.Flags().BoolVar(&o.spareOnly, "spare-only", false, "the older analysis: places elsewhere only where they exceed that prison's own demand (local first)")
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
	if err := o.out.checkWithCharts([2]string{"--chart", o.chart}, [2]string{"--net-chart", o.netChart}); err != nil {
		return err
	}
	a, err := o.analyse(ctx, stderr)
	if err != nil {
		return err
	}
	var summary func(io.Writer) error
	t, al, err := a.Estate.AllocatedTransfers(o.gap.Horizon, o.delay)
	if o.spareOnly {
		t, err = a.Estate.Transfers(a.Gaps, o.gap.Horizon, o.delay)
	}
	if err != nil {
		return err
	}
	regionOf := reports.RegionOf(a.Estate.Establishments)
	if o.chart != "" {
		if err := writeChart(o.chart, reports.TransferFlowChart(t, regionOf)); err != nil {
			return err
		}
	}
	if o.netChart != "" {
		c, err := reports.NetFlowChart(t, a.Estate.Establishments, reports.NetFlowChartEstablishments)
		if err != nil {
			return err
		}
		if err := writeChart(o.netChart, c); err != nil {
			return err
		}
	}
	if !o.byGiven {
		summary = func(w io.Writer) error { return reports.WriteAllocationText(w, al) }
		if o.spareOnly {
			summary = func(w io.Writer) error { return reports.WriteTransfersText(w, t, regionOf) }
		}
	}
	return o.out.write(stdout, reports.TransferTableBy(t, a.Estate.Establishments, o.by), summary)
}
