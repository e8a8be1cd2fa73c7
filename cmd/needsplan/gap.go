package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"needsplan/pipeline"
	"needsplan/reports"
)

// gapInputs are the flags shared by gap and fit.
type gapInputs struct {
	in  inputOptions
	gap pipeline.GapInput // --horizon and --receptions
}

func (g *gapInputs) register(fs *pflag.FlagSet) {
	g.registerInputs(fs)
	fs.Float64Var(&g.gap.Horizon, "horizon", 12, "planning horizon in `MONTHS`, from 1 to 120")
}

// registerInputs registers the dataset and receptions flags, without the
// horizon (simulate has its own).
func (g *gapInputs) registerInputs(fs *pflag.FlagSet) {
	g.in.register(fs)
	fs.StringVar(&g.gap.Receptions, "receptions", "", "CSV `FILE` of establishment,receptions_per_year to use instead of the estimate from the stock (an establishment with no sentenced people takes its programme mix from similar establishments, with a warning)")
	g.gap.Horizon = 12
}

// Horizon bounds in months: at least one month, at most ten years.
const minHorizon, maxHorizon = 1, 120

// analyse loads and classifies the inputs and analyses the gaps.
func (g *gapInputs) analyse(ctx context.Context, stderr io.Writer) (*pipeline.Baseline, error) {
	// Written so that NaN fails too.
	if h := g.gap.Horizon; !(h >= minHorizon && h <= maxHorizon) {
		return nil, usagef("--horizon %g: want a number of months from %d to %d", h, minHorizon, maxHorizon)
	}
	if err := g.gap.Check(); err != nil { // before loading the dataset
		return nil, err
	}
	e, err := g.in.loadClassified(ctx, stderr)
	if err != nil {
		return nil, err
	}
	return pipeline.Analyse(e, g.gap, stderrLog(stderr))
}

type gapOptions struct {
	gapInputs
	out         outputOptions
	by          string
	largest     int
	charts      string
	chartFormat string
	focus       string
}

func newGapCommand() *cobra.Command {
	var o gapOptions
	cmd := &cobra.Command{
		Use:   "gap",
		Short: "Gap analysis: demand over a horizon against places, per establishment and programme",
		Long: `gap first gives the headline with people counted once (docs/gap-analysis.md,
"The headline"): for any programme, the core programme (one per person),
each family and each programme, the distinct people who need it now; of
them, those with no time left to finish and consolidate before release,
those who must start within the horizon (the backlog) and those who can
start later; the new people a year who will need it with time to complete;
places a year; steady-state coverage (places ÷ new a year); and the years
current places take to clear the backlog once the flow is served.

It then compares, for every establishment and programme, the demand over a
planning horizon — people who need the programme and can complete it before
release, now (stock) and expected among receptions (flow) — with the places
the establishment offers (groups_per_year × group_size + one-to-one places,
times the horizon). Each pair is classed "not run here" (need but no
places), "not run often enough" (places below demand), "sufficient" or
"surplus" (no local need, places at least twice the demand, or demand below
one minimum cohort — the offering's min_group_size, else the catalogue's:
candidates to move). Rollups by region and by programme nationally
split unmet demand by those two reasons. docs/gap-analysis.md gives every
formula.

--by chooses the table for csv, json and parquet: establishment (each pair),
region or programme (person × programme demand), headline (people
counted once, for the estate, each region and each establishment) or range
(people with time to complete counted with a range for the stale and
unassessed: low from current assessments only, central and high with the
others imputed from comparable people; docs/imputation.md). --charts DIR writes the four gap charts: demand and
places per programme at one establishment (--focus, default the one with
most demand), the estate heatmap of coverage grouped by region, demand and
places per programme nationally on one scale stacked by region, and the 25
largest gaps.

--receptions FILE gives annual sentenced receptions per establishment
instead of the estimate from the stock; an establishment with no sentenced
people takes its programme mix from similar establishments, with a warning.`,
		Example: `  # the national picture, with the largest gaps
  needsplan gap

  # every establishment × programme as CSV, over two years
  needsplan gap --horizon 24 --format csv --out gaps.csv

  # the headline (people counted once) for every level, as CSV
  needsplan gap --by headline --format csv --out headline.csv

  # charts as SVG for a report
  needsplan gap --charts charts --chart-format svg`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runGap(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.gapInputs.register(cmd.Flags())
	o.out.register(cmd.Flags())
	cmd.Flags().StringVar(&o.by, "by", "establishment", "table for csv/json/parquet: establishment, region, programme (person × programme demand), headline (people counted once) or range (with the unassessed imputed)")
	cmd.Flags().IntVar(&o.largest, "largest", 15, "how many of the largest gaps the table format lists")
	cmd.Flags().StringVar(&o.charts, "charts", "", "write the gap charts into `DIR`")
	cmd.Flags().StringVar(&o.chartFormat, "chart-format", "png", "chart format: png, svg or pdf")
	cmd.Flags().StringVar(&o.focus, "focus", "", "establishment `CODE` or name for the establishment chart (default: the one with most demand)")
	return cmd
}

func runGap(ctx context.Context, o *gapOptions, stdout, stderr io.Writer) error {
	if err := o.out.check(); err != nil {
		return err
	}
	if o.by != "establishment" && o.by != "region" && o.by != "programme" && o.by != "headline" && o.by != "range" {
		return usagef("--by %q: want establishment, region, programme, headline or range", o.by)
	}
	if err := checkChartFormat(o.chartFormat); err != nil {
		return err
	}
	a, err := o.analyse(ctx, stderr)
	if err != nil {
		return err
	}
	var focus string
	if o.focus != "" {
		if focus, err = findEstablishment("--focus", o.focus, a.Estate.Establishments); err != nil {
			return err
		}
	}
	if o.focus != "" && o.charts != "" && !a.HasGaps(focus) {
		return usagef("--focus %q: %s has no demand and no places over the horizon, so there is nothing to chart; choose another establishment", o.focus, focus)
	}
	if o.charts != "" {
		if err := writeGapCharts(o.charts, o.chartFormat, focus, a); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "needsplan: wrote the gap charts to %s\n", o.charts)
	}
	return o.out.write(stdout, reports.GapTableBy(a.Gaps, o.by), func(w io.Writer) error { return reports.WriteGapText(w, a.Gaps, o.largest) })
}

type fitOptions struct {
	gapInputs
	out           outputOptions
	establishment string
}

func newFitCommand() *cobra.Command {
	var o fitOptions
	cmd := &cobra.Command{
		Use:   "fit",
		Short: "One establishment: does what it runs fit its population's need?",
		Long: `fit is the governor's page: the establishment's need profile against the
estate's, each programme its people need with local places or "no local
provision", the share of local need that local places can serve, where the
missing programmes run with places to spare (same region first, holding the
same sex), and one fit score:

  fit = Σ min(places, demand) / Σ max(places, demand)

over programmes — 1 when places match need programme by programme, lower
for unmet need and for places nobody local needs (docs/gap-analysis.md).
A surplus says which rule made it one. The csv, json and parquet table has
a row per programme and a total row (programme "all") with the fit score.

--establishment takes a code (any case) or a name: "humber", "HMP Humber"
or enough of the name to pick one; 'needsplan establishments' lists them.`,
		Example: `  needsplan fit --establishment HMI
  needsplan fit -e humber
  needsplan fit --establishment DHI --horizon 24
  needsplan fit --dataset testdata/sample --establishment SFI --format csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runFit(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.gapInputs.register(cmd.Flags())
	o.out.register(cmd.Flags())
	cmd.Flags().StringVarP(&o.establishment, "establishment", "e", "", "establishment `CODE` or name (required), e.g. HMI or humber")
	return cmd
}

func runFit(ctx context.Context, o *fitOptions, stdout, stderr io.Writer) error {
	if o.establishment == "" {
		return usagef("fit needs --establishment CODE (or name)")
	}
	if err := o.out.check(); err != nil {
		return err
	}
	a, err := o.analyse(ctx, stderr)
	if err != nil {
		return err
	}
	code, err := findEstablishment("--establishment", o.establishment, a.Estate.Establishments)
	if err != nil {
		return err
	}
	f, err := a.Fit(code)
	if err != nil {
		return err
	}
	return o.out.write(stdout, reports.FitTable(f), func(w io.Writer) error { return reports.WriteFitText(w, f, a.Gaps) })
}
