package main

import (
	"context"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"needsplan/analysis"
	"needsplan/analysis/plan"
	"needsplan/data"
	"needsplan/model"
	"needsplan/pipeline"
	"needsplan/reports"
)

type planOptions struct {
	dataset, suite       string
	horizon              float64
	out                  outputOptions
	in                   pipeline.PlanInput
	facilitators         float64
	policy               string
	weights, room        string
	programmes           string
	noCuts               bool
	scenarioOut, chart   string
	baselineOut          string
	by                   string
	byGiven              bool
	share, fill, backlog float64
}

func newPlanCommand() *cobra.Command {
	var o planOptions
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Propose what to commission — groups to add, cut or move, where — within a budget, and simulate its effect",
		Long: `plan answers the commissioning question: given the money (or facilitator
time) to spend, which groups of which programmes should be added, cut or
moved, where, and what will it do to the number of people released
untreated although they had time? (docs/plan.md)

It works in two stages. The analytic plan: each establishment × group
programme needs places for its yearly flow of people with time to complete
(× --share, ÷ --fill) plus its backlog ÷ --backlog-years; a group added
serves its places up to that need, each place worth the people it
completes weighted by priority (--weights: high RoSH, sexual and partner
violence offences twice a base person, high likelihood of reoffending one
and a half times). Whole groups are chosen exactly — dynamic programming
over the budget — within the budget and each establishment's room for more
groups a year (the catalogue's extra_groups_per_establishment, or --room).
Sexual offending programmes go only to sites that run one now; programmes
only where their sex is held. With cuts allowed, groups that run for
nobody with time pay for adds elsewhere (shown as cuts, and the adds they
pay for).

Then the simulation: the baseline and the plan, --replications each with
common random numbers over --years; up to --refine changes tried one at a
time (one more group with what the budget leaves, or one group moved from
the add that serves least), each kept only if it averts more untreated
releases at 95% confidence; the effect of each of the first --actions
changes (the plan against the plan without it); and the plan at half and
twice the budget, for the curve of outcome against budget.

Costs are the catalogue's costs block (every figure an assumption; see
needsplan catalogue). The budget is pounds a year (default: the cost of
10% more places, a tenth of what the groups run now cost), or
--facilitators extra facilitator-years a year instead.`,
		Example: `  needsplan plan
  needsplan plan --budget 500000 --scenario-out plan.yaml --baseline-out base.yaml --chart budget.png
  needsplan plan --facilitators 10 --no-cuts --programmes BC_MOD_GO,HORIZON
  needsplan compare base.yaml plan.yaml        # the plan's effect, again`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.byGiven = cmd.Flags().Changed("by")
			return runPlan(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.dataset, "dataset", "", "dataset `DIR` (default: the embedded national dataset); the plan's scenario names it")
	f.StringVar(&o.suite, "suite", analysis.Auto, "programme suite: legacy, building-choices, or auto")
	f.Float64Var(&o.horizon, "horizon", 12, "months of flow and places the analytic plan reads from the gap analysis")
	o.out.register(f)
	f.StringVar(&o.by, "by", "actions", "table: "+strings.Join(reports.PlanBy, ", ")+" (table format: the summary unless given)")
	f.Float64Var(&o.in.Budget, "budget", 0, "extra pounds a year to spend (default: the cost of 10% more places)")
	f.Float64Var(&o.facilitators, "facilitators", 0, "a budget of extra facilitator-years a year instead of money")
	f.StringVar(&o.weights, "weights", "", "CSV `FILE` of rule,weight: base, high_rosh, high_risk, sexual_offence, partner_violence")
	f.StringVar(&o.room, "room", "", "CSV `FILE` of establishment,extra_groups_per_year: how many more groups each could host")
	f.StringVar(&o.programmes, "programmes", "", "comma-separated programme codes that may change (default: all group programmes)")
	f.BoolVar(&o.noCuts, "no-cuts", false, "never cut a group, even one that runs for nobody with time")
	f.Float64Var(&o.share, "share", plan.DefaultTargets.Share, "share of each year's people with time to aim to treat")
	f.Float64Var(&o.fill, "fill", plan.DefaultTargets.Fill, "share of places filled")
	f.Float64Var(&o.backlog, "backlog-years", plan.DefaultTargets.Years, "years allowed to clear the people waiting now")
	f.Float64Var(&o.in.Years, "years", 5, "years to simulate")
	f.IntVar(&o.in.Replications, "replications", 20, "Monte Carlo replications of each scenario simulated")
	f.Uint64Var(&o.in.Seed, "seed", 1, "random seed (replication i of every scenario uses the stream (seed, i): common random numbers)")
	f.IntVar(&o.in.Workers, "workers", 0, "goroutines running replications (0: all cores); results do not depend on it")
	f.StringVar(&o.policy, "policy", string(model.ReleaseDate), "prioritisation in the simulation: release-date, fifo, risk or right-time")
	f.IntVar(&o.in.Actions, "actions", 10, "how many of the plan's changes to simulate one by one for their own effect")
	f.IntVar(&o.in.Refine, "refine", 6, "how many changes the simulated refinement may try (0: none)")
	f.StringVar(&o.scenarioOut, "scenario-out", "", "write the plan as a scenario YAML `FILE` that compare, sweep and report --scenario read")
	f.StringVar(&o.baselineOut, "baseline-out", "", "write the baseline it was compared with as a scenario YAML `FILE` (compare BASELINE PLAN gives the plan's effect again)")
	f.StringVar(&o.chart, "chart", "", "write the outcome against budget to `FILE` (.png, .svg or .pdf)")
	return cmd
}

// check refuses bad flags before anything is loaded.
func (o *planOptions) check() error {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	switch {
	case bad(o.in.Budget) || bad(o.facilitators):
		return usagef("--budget and --facilitators: want a finite amount ≥ 0")
	case o.in.Budget > 0 && o.facilitators > 0:
		return usagef("--budget and --facilitators: give one; the plan spends one resource and reports the other")
	case !(o.share > 0 && o.share <= 1) || !(o.fill > 0 && o.fill <= 1):
		return usagef("--share and --fill: want a share above 0 and at most 1")
	case !(o.backlog >= 0.25 && o.backlog <= 50):
		return usagef("--backlog-years %g: want years from 0.25 to 50", o.backlog)
	case yearsOutOfRange(o.in.Years):
		return usagef("--years %g: want years above 0 and at most %d", o.in.Years, data.MaxYears)
	case replicationsOutOfRange(o.in.Replications) || o.in.Replications < 2:
		return usagef("--replications %d: want 2 to %d (an interval needs two)", o.in.Replications, data.MaxReplications)
	case o.in.Actions < 0 || o.in.Refine < 0 || o.in.Workers < 0:
		return usagef("--actions, --refine and --workers: want 0 or more")
	case !(o.horizon >= minHorizon && o.horizon <= maxHorizon):
		return usagef("--horizon %g: want a number of months from %d to %d", o.horizon, minHorizon, maxHorizon)
	}
	if !slices.Contains(reports.PlanBy, o.by) {
		return usagef("--by %q: want %s", o.by, strings.Join(reports.PlanBy, ", "))
	}
	return o.out.checkWithCharts([2]string{"--chart", o.chart})
}

func runPlan(ctx context.Context, o *planOptions, stdout, stderr io.Writer) error {
	if err := o.check(); err != nil {
		return err
	}
	policy, err := parseFlag(o.policy, model.ParsePolicy)
	if err != nil {
		return err
	}
	in := &o.in
	in.Policy, in.Cuts, in.Dataset, in.Suite = policy, !o.noCuts, o.dataset, o.suite
	in.Targets = plan.Targets{Share: o.share, Fill: o.fill, Years: o.backlog}
	in.Resource, in.CurveSims = plan.Pounds, pipeline.SimulatedBudgets
	if o.facilitators > 0 {
		in.Resource, in.Budget = plan.FacilitatorYears, o.facilitators
	}
	if o.programmes != "" {
		for _, p := range strings.Split(o.programmes, ",") {
			in.Programmes = append(in.Programmes, pipeline.Code(p))
		}
	}
	inputs := gapInputs{in: inputOptions{dataset: o.dataset, suite: o.suite}, gap: pipeline.GapInput{Horizon: o.horizon}}
	b, err := inputs.analyse(ctx, stderr)
	if err != nil {
		return err
	}
	if err := o.readFiles(b.Estate); err != nil {
		return err
	}
	r, err := pipeline.Plan(ctx, b, *in, stderrLog(stderr))
	if err != nil {
		return err
	}
	for _, f := range []struct {
		file string
		sc   *model.Scenario
	}{{o.scenarioOut, r.Scenario}, {o.baselineOut, r.Base}} {
		if f.file == "" {
			continue
		}
		if err := data.WriteFileAtomic(f.file, func(w io.Writer) error { return data.WriteScenario(w, f.sc) }); err != nil {
			return err
		}
	}
	if o.chart != "" {
		c, err := reports.PlanCurveChart(r)
		if err != nil {
			return err
		}
		if err := writeChart(o.chart, c); err != nil {
			return err
		}
	}
	var summary func(io.Writer) error
	if !o.byGiven {
		summary = func(w io.Writer) error { return reports.WritePlanText(w, r, b.Estate.Catalogue) }
	}
	return o.out.write(stdout, reports.PlanTableBy(r, o.by), summary)
}

// readFiles reads --weights and --room, checking programme codes too.
func (o *planOptions) readFiles(e *pipeline.Estate) error {
	for _, p := range o.in.Programmes {
		if _, ok := e.Catalogue.Lookup(p); !ok {
			return usagef("--programmes: %s is not a programme of the catalogue", p)
		}
	}
	o.in.Weights = model.DefaultPriorityWeights()
	if o.weights != "" {
		f, err := os.Open(o.weights)
		if err != nil {
			return &data.Error{File: o.weights, Msg: "cannot open the weights file: " + err.Error()}
		}
		defer f.Close()
		if o.in.Weights, err = data.ReadWeights(f, o.weights); err != nil {
			return err
		}
	}
	if o.room != "" {
		f, err := os.Open(o.room)
		if err != nil {
			return &data.Error{File: o.room, Msg: "cannot open the room file: " + err.Error()}
		}
		defer f.Close()
		known := map[string]model.Establishment{}
		for _, x := range e.Establishments {
			known[x.Code] = x
		}
		if o.in.Room, err = data.ReadRoom(f, o.room, known); err != nil {
			return err
		}
	}
	return nil
}
