package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/model"
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
}

func newReportCommand() *cobra.Command {
	var o reportOptions
	cmd := &cobra.Command{
		Use:   "report",
		Short: "The planning report and the directory of interventions, in one go",
		Long: `report runs validation, the needs analysis, the gap analysis, the transfer
analysis and a simulation, and writes into --out (default needsplan-report/),
atomically: index.html (a self-contained report: inline styles, charts as
inline images, no network), tables/*.csv and *.parquet for every table,
charts/*.svg and *.png, and directory/ — the directory of interventions: a
page per establishment (what runs there, places, waits, and where to go for
what does not) and per programme, an index with search and filters, and
directory.json and directory.csv.

Published outputs suppress counts of people from 1 to 4 ([c], with secondary
suppression); --no-suppression is for internal analysis, and the report says
which it used.`,
		Example: `  needsplan report
  needsplan report --dataset exports/2026-03 --out report-2026-03
  needsplan report --replications 100 --seed 7 --no-suppression`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReport(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.gapInputs.register(cmd.Flags())
	cmd.Flags().StringVarP(&o.out, "out", "o", "needsplan-report", "output `DIR` (replaced atomically)")
	cmd.Flags().IntVar(&o.replications, "replications", 20, "simulation replications")
	cmd.Flags().Float64Var(&o.years, "years", 5, "years to simulate")
	cmd.Flags().Uint64Var(&o.seed, "seed", 1, "random seed")
	cmd.Flags().IntVar(&o.workers, "workers", 0, "goroutines running replications (0: all cores)")
	cmd.Flags().BoolVar(&o.noSuppress, "no-suppression", false, "show small counts (internal use only, not for publication)")
	cmd.Flags().StringVar(&o.policy, "policy", string(analysis.ReleaseDate), "prioritisation policy for the simulation")
	cmd.Flags().StringVar(&o.scenario, "scenario", "", "a scenario `FILE` (docs/scenarios.md): its dataset, changes and settings")
	return cmd
}

func runReport(ctx context.Context, o *reportOptions, stdout, stderr io.Writer) error {
	policy, err := analysis.ParsePolicy(o.policy)
	if err != nil {
		return usageError{err}
	}
	if o.replications < 1 || o.years <= 0 || o.years > 50 {
		return usagef("--replications %d, --years %g: want at least 1 replication and 0–50 years", o.replications, o.years)
	}
	var sc *model.Scenario
	if o.scenario != "" {
		if sc, err = data.ReadScenario(o.scenario); err != nil {
			return err
		}
		if ds, ok := sc.Dataset.Get(); ok && o.in.dataset == "" {
			o.in.dataset = ds
		}
		if p, ok := sc.Policy.Get(); ok {
			if policy, err = analysis.ParsePolicy(p); err != nil {
				return &data.Error{File: sc.File, Column: "policy", Value: p, Msg: err.Error()}
			}
		}
		o.years = sc.Years.Or(o.years)
		o.replications = sc.Replications.Or(o.replications)
		o.seed = sc.Seed.Or(o.seed)
	}
	a, err := o.analyse(ctx, stderr)
	if err != nil {
		return err
	}
	d := a.d
	offs, receptions := d.Offerings, a.gaps.Receptions
	var shocks []analysis.Shock
	if sc != nil {
		if err := data.CheckScenario(sc, d); err != nil {
			return err
		}
		strategy, err := analysis.ParseStrategy(sc.Strategy.Or(string(analysis.PreviousTakeUp)))
		if err != nil {
			return &data.Error{File: sc.File, Column: "strategy", Value: sc.Strategy.Val, Msg: err.Error()}
		}
		alloc, _ := analysis.Allocate(strategy, a.gaps, d.Establishments, offs, d.Catalogue)
		ch, err := analysis.ApplyScenario(sc, d.Establishments, alloc, receptions)
		if err != nil {
			return changeError(err)
		}
		offs, receptions, shocks = ch.Offerings, ch.Receptions, ch.Shocks
		a.gaps = analysis.AnalyseGaps(d.Profiles, a.cls, d.Establishments, offs, d.Catalogue,
			analysis.GapOptions{AsOf: d.AsOf, Horizon: o.horizon, Suites: a.plan, Receptions: receptions})
	}
	tr, err := analysis.AnalyseTransfers(d.Profiles, a.cls, d.Establishments, a.gaps, d.Catalogue,
		analysis.TransferOptions{AsOf: d.AsOf, Horizon: o.horizon, Suites: a.plan})
	if err != nil {
		return err
	}
	m, err := analysis.NewSimModel(d.Profiles, a.cls, d.Establishments, offs, d.Catalogue,
		analysis.SimOptions{AsOf: d.AsOf, Years: o.years, Policy: policy, Suites: a.plan, Receptions: receptions, Shocks: shocks})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "needsplan: simulating %d replications of %g years…\n", o.replications, o.years)
	sim, err := analysis.Simulate(ctx, m, o.seed, o.replications, o.workers, progressBar(stderr, o.replications))
	if err != nil {
		return err
	}
	paths := data.DefaultPaths()
	title := "the embedded national dataset (synthetic people, real establishments)"
	synthetic := true
	if o.in.dataset != "" || o.in.profiles != "" {
		if paths, err = o.in.paths(); err != nil {
			return err
		}
		title, synthetic = "dataset "+filepath.Clean(o.in.dataset), false
	}
	if sc != nil {
		title += ", scenario " + scenarioName(sc)
	}
	sums, err := data.Checksums(paths)
	if err != nil {
		return err
	}
	var inputs []reports.InputFile
	for _, s := range sums {
		inputs = append(inputs, reports.InputFile{Name: s[0], Sum: s[1]})
	}
	byEst := analysis.AnalyseNeeds(d.Profiles, a.cls, d.Establishments, d.Catalogue, analysis.NeedsOptions{By: analysis.ByEstablishment, AsOf: d.AsOf, Suites: a.plan})
	estate := analysis.AnalyseNeeds(d.Profiles, a.cls, d.Establishments, d.Catalogue, analysis.NeedsOptions{By: analysis.ByEstate, AsOf: d.AsOf, Suites: a.plan})
	rep, err := reports.BuildReport(&reports.ReportInput{
		Title: title, AsOf: d.AsOf, Version: version(), Inputs: inputs, Suppress: !o.noSuppress, Synthetic: synthetic,
		People: len(d.Profiles), Establishments: d.Establishments, Offerings: offs, Catalogue: d.Catalogue, Suites: a.plan,
		Needs: estate, NeedsByEst: byEst, Gaps: a.gaps, Transfers: tr, Sim: sim, Seed: o.seed,
	})
	if err != nil {
		return err
	}
	err = data.ReplaceDirAtomic(o.out, func(tmp string) error {
		for path, b := range rep.Files {
			p := filepath.Join(tmp, filepath.FromSlash(path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				return err
			}
		}
		if err := os.MkdirAll(filepath.Join(tmp, "tables"), 0o755); err != nil {
			return err
		}
		for _, t := range rep.Tables {
			for _, ext := range []string{"csv", "parquet"} {
				f, err := os.Create(filepath.Join(tmp, "tables", t.Name+"."+ext))
				if err != nil {
					return err
				}
				if ext == "csv" {
					err = data.WriteCSV(f, t)
				} else {
					err = data.WriteParquet(f, t)
				}
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					return fmt.Errorf("writing %s: %w", t.Name, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: open %s\n", o.out, filepath.Join(o.out, "index.html"))
	return nil
}
