package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
	"needsplan/data"
	"needsplan/model"
	"needsplan/pipeline"
	"needsplan/reports"
)

type simulateOptions struct {
	gapInputs
	out outputOptions
	// set takes --years and the transfers' flags as given; the other
	// settings are read into it.
	set           pipeline.Settings
	replications  int
	seed          uint64
	policy        string
	schedule      string
	consolidation float64
	// windowSet is whether --consolidation was given; otherwise the
	// catalogue's window applies.
	windowSet bool
	referral  float64
	workers   int
	by        string
	series    bool
	shocks    []string
	trace     string
	flow      string

	queue    bool
	queueCfg sim.QueueConfig // the queue's flags but --duration
	duration string
}

func newSimulateCommand() *cobra.Command {
	var o simulateOptions
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: "Simulate waiting lists, completions and untreated releases over years, with uncertainty",
		Long: `simulate runs a discrete-event Monte Carlo model of programme places across
the estate (docs/simulation.md): the people in custody now and receptions
over time (drawn from each establishment's mix, or read from --flow),
referral, waiting lists per programme, cohorts that start when enough people
wait, a facilitator team is free and the schedule allows, fixed durations
with attrition, release (no release while on a programme), and a
prioritisation policy. A cohort takes only people who can finish and have
the consolidation window before release (the start rule; --late-starts also
takes those who can only finish, who then complete late), and every policy
ranks only those. It reports, per establishment × programme, per programme
and for the estate, each need ending in one outcome: completed in time,
completed late (only with --late-starts), dropped out, released untreated
although they had time at referral, released after too short a stay (never
had time), still waiting, in progress; the probability of starting among
those who had time (started ÷ (started + released untreated)); waits from
referral to start for everyone who had time, with release and the horizon
as censoring (Kaplan–Meier median and 90th percentile), and over those who
started only (mean, median, 90th percentile, new referrals' mean), counted
within the simulated window; cohorts and empty places; and per
establishment × programme the months to the first cohort start
(next_start_months), the mean needs on the local list (mean_on_list), the
places due and the share filled — means across replications with 95%
intervals (none with one replication) — and the needs on local waiting
lists month by month, with the people on them each counted once, with
5–95% bands (--series). Nothing happens at or after the horizon.

--by people counts each person once, by their first outcome of: completed
a programme, on one at the end, dropped out, released untreated although
they had time, too short a stay, still waiting; with the sentenced
releases a year (needing a programme or not) to check against the
published figure. --by capacity gives per offering the places a year due,
the starts a year, the share filled, the starts lost by reason (no people
in time, no team, suspended), the binding limit and the establishment's
facilitator teams and their utilisation (team numbers are assumed: none
are published).

--flow FILE reads receptions from a profiles table in the data contract's
format (csv, parquet, arrow; the dataset-date checks are not made): each
person arrives at their sentence_start, which must be on or after the
dataset date; those after the horizon never arrive. The flow replaces the
receptions drawn from the stock.

Shocks (repeatable --shock, times in months from the dataset date):
  suspend:EST@FROM-TO          no starts at EST (EST/PROG for one programme, */PROG everywhere)
  teams:EST=FACTOR@FROM-TO     facilitator teams × FACTOR (* for every establishment); a fraction
                               of a team rests between cohorts so capacity scales in proportion;
                               0: no group delivery (one-to-one places need no team)
  groups:EST/PROG=N@FROM       groups_per_year becomes N (one-to-one places scale with it)

--transfers moves people who need programmes their prison does not run to
one listed as running them that holds their sex, suits their security
category and age and has a free place under its operational capacity, if
they have time to move and complete; at most two moves each, never back to
a prison they left. By default (--reserve-seats) a person moves only when
a seat is held for them in a cohort there that starts after they can
arrive and by their latest start, to the listing whose earliest such start
plus the move's cost (a month for another region) is least, and that
cohort takes them first; --reserve-seats=false moves them to the listing
serving most of their programmes, then the same region, training prisons
for long sentences and resettlement prisons in the final year, whatever
its queue. The moves made, the useful ones (the person then started a
programme the move was for, there) and the wasted ones are counted. A move takes --transfer-delay; --transfer-after also
moves people who have waited that long on a local list (called off if the
programme starts there first). --stale-directory makes a share of the
listings out of date: such moves fail, the person is sent back and asks
again. The outcomes (people) mirror the inspectors' categories: needed a
move, moved, waiting for a planned move, no move possible (and moves called
off, failed moves and returns); --by flows gives the moves between regions,
--by establishment-flows between establishments, --by net-flows each
establishment's moves out, in and net, all with 95% intervals
(docs/transfers.md).

--queue runs the textbook cohort queue instead, to check the engine against
queueing theory (docs/simulation.md lists the formulas), and prints one JSON
object (or, with --format table, csv or parquet, a table of the figures);
--out writes it to a file. Its defaults are M/M/1 at load 0.5 (mean wait 1);
it warns when the load λ·E[duration]/(teams × max cohort) is 1 or more with
no abandonment (no steady state). Values must be finite, and
arrival rate × horizon at most 10,000,000 a replication.

Progress goes to stderr: a bar on a terminal, otherwise a line at every
twentieth of the replications.`,
		Example: `  # five years of the national estate, 200 replications
  needsplan simulate --years 5 --replications 200 --seed 1

  # how each offering's places were used, and what limits its starts
  needsplan simulate --years 2 --replications 20 --by capacity --format csv --out capacity.csv

  # what if starts went by the right time to finish before release?
  needsplan simulate --policy right-time --format csv --out right-time.csv

  # Covid-like suspension of all delivery for six months, then half the teams for a year
  needsplan simulate --shock 'suspend:*@0-6' --shock 'teams:*=0.5@6-18'

  # M/M/3 against Erlang C (mean wait 0.444)
  needsplan simulate --queue --arrival-rate 2 --duration exp:1 --min-cohort 1 --max-cohort 1 \
      --teams 3 --abandon-rate 0 --horizon 100000 --warmup 10000 --replications 20 --seed 7 --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.windowSet = cmd.Flags().Changed("consolidation")
			if o.queue {
				if !cmd.Flags().Changed("format") {
					o.out.format = "json" // --queue prints the JSON object unless told otherwise
				}
				return runQueue(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
			}
			return runSimulate(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	o.gapInputs.registerInputs(f)
	o.out.register(f)
	f.Float64Var(&o.set.Years, "years", 5, "years to simulate")
	f.IntVar(&o.replications, "replications", 20, "Monte Carlo replications")
	f.Uint64Var(&o.seed, "seed", 1, "random seed (replication i uses the stream (seed, i))")
	f.StringVar(&o.policy, "policy", string(model.ReleaseDate), "prioritisation: release-date, fifo, risk or right-time")
	f.StringVar(&o.schedule, "schedule", string(model.Spread), "cohort starts: spread (groups_per_year evenly) or ready (as soon as enough wait)")
	f.Float64Var(&o.consolidation, "consolidation", 6, "months wanted between completing and release (0: none); not given, the catalogue's window (6 months in the embedded catalogue)")
	f.BoolVar(&o.set.LateStarts, "late-starts", false, "let cohorts take people who can finish but not have the consolidation window before release (they complete late)")
	f.Float64Var(&o.referral, "referral-delay", 1, "months from reception to joining the waiting lists (0: at once)")
	f.IntVar(&o.workers, "workers", 0, "goroutines running replications (0: all cores); results do not depend on it")
	f.StringVar(&o.by, "by", "programme", "table: establishment, programme, estate, capacity (per offering), people (each once), flows, establishment-flows or net-flows")
	f.BoolVar(&o.series, "series", false, "output the needs on local waiting lists month by month (5%, 50%, 95% across replications) instead")
	f.StringArrayVar(&o.shocks, "shock", nil, "a delivery shock (see above); repeatable")
	f.StringVar(&o.trace, "trace", "", "write replication 0's per-person event log to this Parquet `FILE`")
	f.BoolVar(&o.set.Transfers, "transfers", false, "move people who need a programme not run where they are to one that runs it")
	monthsVar(f, &o.set.TransferDelay, "transfer-delay", moveDelay, "months a move takes")
	f.Float64Var(&o.set.TransferAfter, "transfer-after", 0, "with --transfers, also move people who have waited this many months on a local list (0: never)")
	f.Float64Var(&o.set.StaleShare, "stale-directory", 0, "share of the directory of offerings that is out of date (listed, not running): moves there fail")
	f.BoolVar(&o.set.ReserveSeats, "reserve-seats", true, "with --transfers, move a person only into a seat held for them in a cohort there that starts by their latest start (--reserve-seats=false: to any listing with a free bed)")
	f.StringVar(&o.flow, "flow", "", "profiles `FILE` (csv, parquet, arrow) of receptions: each arrives at its sentence_start instead of the sampled receptions")
	f.BoolVar(&o.queue, "queue", false, "run the textbook cohort queue instead of the estate (JSON unless --format is given)")
	f.Float64Var(&o.queueCfg.ArrivalRate, "arrival-rate", 0.5, "queue: Poisson arrival rate (the defaults are M/M/1 at load 0.5)")
	f.StringVar(&o.duration, "duration", "exp:1", "queue: cohort duration, exp:MEAN or fixed:LENGTH")
	f.IntVar(&o.queueCfg.MinCohort, "min-cohort", 1, "queue: fewest people to start a cohort")
	f.IntVar(&o.queueCfg.MaxCohort, "max-cohort", 1, "queue: most people in a cohort")
	f.IntVar(&o.queueCfg.Teams, "teams", 1, "queue: facilitator teams (0: no limit)")
	f.Float64Var(&o.queueCfg.AbandonRate, "abandon-rate", 0, "queue: rate at which each waiting person leaves (0: never)")
	f.Float64Var(&o.queueCfg.Horizon, "horizon", 10000, "queue: time simulated")
	f.Float64Var(&o.queueCfg.Warmup, "warmup", 1000, "queue: time discarded before statistics")
	return cmd
}

func runQueue(ctx context.Context, o *simulateOptions, stdout, stderr io.Writer) error {
	cfg := o.queueCfg
	var err error
	if cfg.Duration, err = sim.ParseDist(o.duration); err != nil {
		return usageError{err}
	}
	if err := cfg.Check(); err != nil {
		return usageError{err}
	}
	if o.replications < 1 || o.replications > 10_000 {
		return usagef("--replications %d: want from 1 to 10,000", o.replications)
	}
	if err := o.out.check(); err != nil {
		return err
	}
	rs, err := pipeline.Queue(ctx, cfg, o.seed, o.replications, o.workers, stderrLog(stderr))
	if err != nil {
		return err
	}
	q := reports.NewQueueReport(rs, cfg, o.seed)
	if o.out.format == "json" {
		var buf bytes.Buffer
		if err := reports.WriteQueueJSON(&buf, q); err != nil {
			return err
		}
		return o.out.emit(stdout, buf.Bytes())
	}
	return o.out.write(stdout, reports.QueueTable(q), nil)
}

func runSimulate(ctx context.Context, o *simulateOptions, stdout, stderr io.Writer) error {
	policy, err := parseFlag(o.policy, model.ParsePolicy)
	if err != nil {
		return err
	}
	schedule, err := parseFlag(o.schedule, model.ParseSchedule)
	if err != nil {
		return err
	}
	if yearsOutOfRange(o.set.Years) {
		return usagef("--years %g: want from 0 to %d", o.set.Years, data.MaxYears)
	}
	if replicationsOutOfRange(o.replications) {
		return usagef("--replications %d: want from 1 to %d", o.replications, data.MaxReplications)
	}
	if !slices.Contains([]string{"establishment", "programme", "estate", "capacity", "people", "flows", "establishment-flows", "net-flows"}, o.by) {
		return usagef("--by %q: want establishment, programme, estate, capacity, people, flows, establishment-flows or net-flows", o.by)
	}
	if !(o.consolidation >= 0) || o.consolidation > 1200 {
		return usagef("--consolidation %g: want months from 0 to 1,200", o.consolidation)
	}
	if !(o.referral >= 0) || o.referral > 1200 {
		return usagef("--referral-delay %g: want months from 0 to 1,200", o.referral)
	}
	set := o.set
	if set.StaleShare < 0 || set.StaleShare >= 1 || set.TransferDelay <= 0 || set.TransferDelay > 24 || set.TransferAfter < 0 {
		return usagef("--stale-directory %g and --transfer-delay %g: want a share from 0 to below 1 and months from 0 to 24", set.StaleShare, set.TransferDelay)
	}
	set.Policy, set.Schedule = policy, schedule
	set.ReferralDelay = model.Some(o.referral)
	if o.windowSet {
		set.Consolidation = model.Some(o.consolidation)
	}
	for _, s := range o.shocks {
		sh, err := pipeline.ParseShock(s)
		if err != nil {
			return usageError{fmt.Errorf("--%w", err)}
		}
		set.Shocks = append(set.Shocks, sh)
	}
	if err := o.out.check(); err != nil {
		return err
	}
	a, err := o.analyse(ctx, stderr)
	if err != nil {
		return err
	}
	if o.flow != "" {
		if set.Flow, set.FlowClasses, err = a.Estate.ReadFlow(ctx, o.flow, set.Years, stderrLog(stderr)); err != nil {
			return err
		}
	}
	m, err := a.Estate.Model(set.Options(a.Estate, a.Gaps.Receptions))
	if err != nil {
		return err
	}
	s, err := estate.Simulate(ctx, m, o.seed, o.replications, o.workers, replicationProgress(stderr, o.replications))
	if err != nil {
		return err
	}
	if o.trace != "" {
		events, err := pipeline.Trace(ctx, m, o.seed)
		if err != nil {
			return err
		}
		t := reports.TraceTable(events)
		if err := data.WriteFileAtomic(o.trace, func(w io.Writer) error { return data.WriteParquet(w, t) }); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "needsplan: wrote %d trace events of replication 0 to %s\n", len(events), o.trace)
	}
	if o.series {
		return o.out.write(stdout, reports.SimSeriesTable(s), nil)
	}
	text := func(w io.Writer) error { return reports.WriteSimText(w, s) }
	if o.by == "establishment-flows" || o.by == "net-flows" || o.by == "capacity" || o.by == "people" {
		text = nil // the table format prints the table itself
	}
	return o.out.write(stdout, reports.SimTable(s, o.by), text)
}
