package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"

	"github.com/spf13/cobra"

	"needsplan/analysis/estate"
	"needsplan/analysis/plan"
	"needsplan/data"
	"needsplan/model"
	"needsplan/pipeline"
	"needsplan/reports"
)

type reportOptions struct {
	gapInputs
	out          string
	replications int
	years        float64
	seed         uint64
	workers      int
	noSuppress   bool
	policy       string
	scenario     string
	plan         reportPlan
}

// reportPlan sets up the report's "What to commission" section.
type reportPlan struct {
	budget       float64
	replications int
	skip         bool
}

func newReportCommand() *cobra.Command {
	var o reportOptions
	cmd := &cobra.Command{
		Use:   "report",
		Short: "The planning report and the directory of interventions, in one go",
		Long: `report runs validation, the needs analysis, the gap analysis, the transfer
analysis and a simulation, and writes into --out (default needsplan-report/),
atomically: index.html (a self-contained report: inline styles, charts as
inline SVG, no scripts, no network), tables/*.csv and *.parquet for every
table, charts/*.svg and *.png, and directory/ — the directory of
interventions: a page per establishment (what runs there, places, waits, who
each programme is for, and where to go for what does not run there) and per
programme, an index with search and filters, and directory.json and
directory.csv with the same content.

--out must be a new or empty directory, or the output of an earlier report
(it holds a .needsplan-report file): that is replaced whole, and only once
the new report is complete. Anything else at that path — a file, a directory
of other things — is left alone and the command stops with exit status 2,
writing nothing.

Published outputs suppress counts of people from 1 to 4, and every figure
from which one could be worked out, as [c] (with secondary suppression
across every set of figures that adds up to a total shown anywhere in the
report); expected numbers of people are rounded to whole people, and
simulated figures (modelled, not counts of real people) are rounded and
never suppressed (docs/disclosure.md).
--no-suppression is for internal analysis: every page carries a "Not for
publication" banner, every table a not_for_publication column, and the
output a _NOT_FOR_PUBLICATION file.`,
		Example: `  needsplan report
  needsplan report --dataset exports/2026-03 --out report-2026-03
  needsplan report --scenario examples/more-tsp.yaml --out report-more-tsp
  needsplan report --replications 100 --seed 7 --no-suppression`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReport(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.gapInputs.register(cmd.Flags())
	cmd.Flags().StringVarP(&o.out, "out", "o", "needsplan-report", "output `DIR`: new, empty, or an earlier report (replaced atomically)")
	cmd.Flags().IntVar(&o.replications, "replications", 20, "simulation replications")
	cmd.Flags().Float64Var(&o.years, "years", 5, "years to simulate")
	cmd.Flags().Uint64Var(&o.seed, "seed", 1, "random seed")
	cmd.Flags().IntVar(&o.workers, "workers", 0, "goroutines running replications (0: all cores)")
	cmd.Flags().BoolVar(&o.noSuppress, "no-suppression", false, "show small counts (internal use only, not for publication)")
	cmd.Flags().StringVar(&o.policy, "policy", string(model.ReleaseDate), "prioritisation policy for the simulation")
	cmd.Flags().StringVar(&o.scenario, "scenario", "", "a scenario `FILE` (docs/scenarios.md): its dataset, changes and settings")
	cmd.Flags().Float64Var(&o.plan.budget, "plan-budget", 0, "the \"What to commission\" section's budget, pounds a year (default: the cost of 10% more places)")
	cmd.Flags().IntVar(&o.plan.replications, "plan-replications", 6, "replications of the baseline and the plan for the \"What to commission\" section")
	cmd.Flags().BoolVar(&o.plan.skip, "no-plan", false, "leave out the \"What to commission\" section (needsplan plan)")
	return cmd
}

// outError makes an --out that the report may not replace a usage error:
// exit status 2.
func outError(err error) error {
	if errors.Is(err, data.ErrNotReplaceable) {
		return usageError{fmt.Errorf("--out %w", err)}
	}
	return err
}

func runReport(ctx context.Context, o *reportOptions, stdout, stderr io.Writer) error {
	policy, err := parseFlag(o.policy, model.ParsePolicy)
	if err != nil {
		return err
	}
	if replicationsOutOfRange(o.replications) || yearsOutOfRange(o.years) {
		return usagef("--replications %d, --years %g: want from 1 to %d replications and 0–%d years", o.replications, o.years, data.MaxReplications, data.MaxYears)
	}
	if err := data.CheckReplaceable(o.out, reports.MarkerFile); err != nil { // before any work is done
		return outError(err)
	}
	var sc *model.Scenario
	set := pipeline.Settings{Years: o.years, Policy: policy, Schedule: model.Spread}
	if o.scenario != "" {
		if sc, err = data.ReadScenario(o.scenario); err != nil {
			return err
		}
		if ds, ok := sc.Dataset.Get(); ok && o.in.dataset == "" {
			o.in.dataset = ds
		}
		set = pipeline.ScenarioSettings(sc, set)
		if s, ok := sc.Suite.Get(); ok {
			o.in.suite = s
		}
		o.replications = sc.Replications.Or(o.replications)
		o.seed = sc.Seed.Or(o.seed)
	}
	a, err := o.analyse(ctx, stderr)
	if err != nil {
		return err
	}
	r, err := pipeline.PrepareReport(ctx, a, sc, set, stderrLog(stderr))
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "needsplan: simulating %d replications of %g years…\n", o.replications, set.Years)
	sim, err := estate.Simulate(ctx, r.Model, o.seed, o.replications, o.workers, replicationProgress(stderr, o.replications))
	if err != nil {
		return err
	}
	pl, planNote, err := o.commission(ctx, a, sc, policy, stderr)
	if err != nil {
		return err
	}
	inputs, title, synthetic, err := o.describeInputs(sc)
	if err != nil {
		return err
	}
	bi := buildInfo()
	d := a.Estate
	rep, err := reports.BuildReport(&reports.ReportInput{
		Title: title, AsOf: d.AsOf, Version: bi.version, Revision: bi.revision, Modified: bi.modified, Inputs: inputs,
		Changes: pipeline.ScenarioChanges(sc, d.Catalogue), Suppress: !o.noSuppress, Synthetic: synthetic,
		People: len(d.Profiles), Establishments: d.Establishments, Offerings: r.Estate.Offerings, Catalogue: d.Catalogue, Suites: d.Suites,
		Needs: r.Needs, NeedsByEst: r.NeedsByEstablishment, Gaps: r.Gaps, Transfers: r.Transfers, Allocation: r.Allocation, Frontier: r.Frontier, Sim: sim, Seed: o.seed,
		Plan: pl, PlanNote: planNote,
	})
	if err != nil {
		return err
	}
	if err := data.ReplaceDirWithFiles(o.out, reports.MarkerFile, rep.Files, rep.Tables); err != nil {
		return outError(err)
	}
	fmt.Fprintf(stdout, "wrote %s: open %s\n", o.out, filepath.Join(o.out, "index.html"))
	return nil
}

// commission works out the report's plan (pipeline.Plan: the analytic
// plan and its simulated effect, no refinement) on the baseline a, or says
// why there is none: asked not to, a scenario's report, or inputs that a
// scenario cannot name (files given one by one).
func (o *reportOptions) commission(ctx context.Context, a *pipeline.Baseline, sc *model.Scenario, policy model.Policy, stderr io.Writer) (*plan.Result, string, error) {
	switch {
	case o.plan.skip:
		return nil, "Left out (--no-plan); needsplan plan proposes what to commission.", nil
	case sc != nil:
		return nil, "Not worked out for a scenario's report: run needsplan plan on the baseline.", nil
	case o.in.profiles != "" || o.in.establishments != "" || o.in.offerings != "" || o.in.catalogue != "" || o.in.asOf != "" || o.gap.Receptions != "":
		return nil, "Not worked out: the plan is simulated as scenarios, which name a dataset directory, and this report's inputs were given file by file or with --catalogue, --as-of or --receptions. Run needsplan plan --dataset DIR.", nil
	}
	if o.plan.replications < 2 || o.plan.replications > data.MaxReplications {
		return nil, "", usagef("--plan-replications %d: want 2 to %d", o.plan.replications, data.MaxReplications)
	}
	if !(o.plan.budget >= 0) || math.IsInf(o.plan.budget, 0) {
		return nil, "", usagef("--plan-budget %g: want a finite amount ≥ 0", o.plan.budget)
	}
	in := pipeline.PlanInput{Settings: plan.Settings{Budget: o.plan.budget, Resource: plan.Pounds, Targets: plan.DefaultTargets,
		Weights: model.DefaultPriorityWeights(), Cuts: true, Years: o.years, Replications: o.plan.replications, Seed: o.seed, Policy: policy},
		Dataset: o.in.dataset, Suite: o.in.suite, Workers: o.workers}
	r, err := pipeline.Plan(ctx, a, in, stderrLog(stderr))
	return r, "", err
}

// describeInputs lists the report's inputs with their SHA-256 and gives
// its title (pipeline.Sources.Describe).
func (o *reportOptions) describeInputs(sc *model.Scenario) ([]model.InputFile, string, bool, error) {
	src := pipeline.Sources{Dataset: o.in.dataset, Profiles: o.in.profiles, Catalogue: o.in.catalogue, Receptions: o.gap.Receptions, Scenario: sc}
	if src.Dataset != "" || src.Profiles != "" {
		var err error
		if src.Paths, err = o.in.paths(); err != nil {
			return nil, "", false, err
		}
	}
	return src.Describe()
}
