package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"needsplan/analysis/estate"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

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
report); expected numbers of people are rounded to whole people.
--no-suppression is for internal analysis: every page carries a "Not for
publication" banner, every table a not_for_publication column, and the
output a _NOT_FOR_PUBLICATION file.`,
		Example: `  needsplan report
  needsplan report --dataset exports/2026-03 --out report-2026-03
  needsplan report --scenario scenarios/more-tsp.yaml --out report-more-tsp
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
	return cmd
}

// checkOut refuses an --out that the report may not replace, before any
// work is done: exit status 2.
func checkOut(out string) error {
	if err := data.CheckReplaceable(out, reports.MarkerFile); err != nil {
		if errors.Is(err, data.ErrNotReplaceable) {
			return usageError{fmt.Errorf("--out %w", err)}
		}
		return err
	}
	return nil
}

func runReport(ctx context.Context, o *reportOptions, stdout, stderr io.Writer) error {
	policy, err := model.ParsePolicy(o.policy)
	if err != nil {
		return usageError{fmt.Errorf("--%w", err)}
	}
	if o.replications < 1 || o.replications > data.MaxReplications || o.years <= 0 || o.years > data.MaxYears {
		return usagef("--replications %d, --years %g: want from 1 to %d replications and 0–%d years", o.replications, o.years, data.MaxReplications, data.MaxYears)
	}
	if err := checkOut(o.out); err != nil {
		return err
	}
	var sc *model.Scenario
	schedule := model.Spread
	var consolidation model.Opt[float64] // the simulation's default when missing
	if o.scenario != "" {
		if sc, err = data.ReadScenario(o.scenario); err != nil {
			return err
		}
		if ds, ok := sc.Dataset.Get(); ok && o.in.dataset == "" {
			o.in.dataset = ds
		}
		if p, ok := sc.Policy.Get(); ok {
			if policy, err = model.ParsePolicy(p); err != nil {
				return &data.Error{File: sc.File, Column: "policy", Value: p, Msg: err.Error()}
			}
		}
		// Schedule, strategy and consolidation were checked by data.ReadScenario.
		schedule = model.Schedule(sc.Schedule.Or(string(schedule)))
		if s, ok := sc.Suite.Get(); ok {
			o.in.suite = s
		}
		consolidation = sc.Consolidation
		o.years = sc.Years.Or(o.years)
		o.replications = sc.Replications.Or(o.replications)
		o.seed = sc.Seed.Or(o.seed)
	}
	a, err := o.analyse(ctx, stderr)
	if err != nil {
		return err
	}
	d := a.d
	profiles, cls, offs := d.Profiles, a.cls, d.Offerings
	simOpt := estate.Options{AsOf: d.AsOf, Years: o.years, Policy: policy, Schedule: schedule, Consolidation: consolidation,
		Suites: a.plan, Receptions: a.gaps.Receptions}
	if sc != nil {
		if err := data.CheckScenario(sc, d); err != nil {
			return err
		}
		// The same set-up as compare and sweep.
		setup, err := applyScenario(ctx, sc, d, a.cls, a.plan, a.gaps.Options, stderr)
		if err != nil {
			return err
		}
		profiles, cls, offs = setup.Profiles, setup.Classes, setup.Offerings
		a.gaps = analysis.AnalyseGaps(profiles, cls, d.Establishments, offs, d.Catalogue,
			analysis.GapOptions{AsOf: d.AsOf, Horizon: o.horizon, Suites: a.plan, Receptions: setup.Receptions})
		a.gaps = analysis.ShiftMix(a.gaps, profiles, cls, d.Catalogue, sc.Mix) // as the simulation shifts receptions
		simOpt = simOpt.WithScenario(sc, setup)
	}
	tr, err := analysis.AnalyseTransfers(profiles, cls, d.Establishments, a.gaps, d.Catalogue,
		analysis.TransferOptions{AsOf: d.AsOf, Horizon: o.horizon, Suites: a.plan})
	if err != nil {
		return err
	}
	m, err := estate.New(profiles, cls, d.Establishments, offs, d.Catalogue, simOpt)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "needsplan: simulating %d replications of %g years…\n", o.replications, o.years)
	sim, err := estate.Simulate(ctx, m, o.seed, o.replications, o.workers, progressBar(stderr, o.replications))
	if err != nil {
		return err
	}
	inputs, title, synthetic, err := o.reportInputs(sc)
	if err != nil {
		return err
	}
	bi := buildInfo()
	byEst := analysis.AnalyseNeeds(d.Profiles, a.cls, d.Establishments, d.Catalogue, analysis.NeedsOptions{By: analysis.ByEstablishment, AsOf: d.AsOf, Suites: a.plan})
	estate := analysis.AnalyseNeeds(d.Profiles, a.cls, d.Establishments, d.Catalogue, analysis.NeedsOptions{By: analysis.ByEstate, AsOf: d.AsOf, Suites: a.plan})
	rep, err := reports.BuildReport(&reports.ReportInput{
		Title: title, AsOf: d.AsOf, Version: cmp.Or(bi.version, "built from source"), Revision: bi.revision, Modified: bi.modified, Inputs: inputs,
		Changes: scenarioChanges(sc, d.Catalogue), Suppress: !o.noSuppress, Synthetic: synthetic,
		People: len(d.Profiles), Establishments: d.Establishments, Offerings: offs, Catalogue: d.Catalogue, Suites: a.plan,
		Needs: estate, NeedsByEst: byEst, Gaps: a.gaps, Transfers: tr, Sim: sim, Seed: o.seed,
	})
	if err != nil {
		return err
	}
	err = data.ReplaceDirAtomic(o.out, reports.MarkerFile, func(tmp string) error {
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
		if errors.Is(err, data.ErrNotReplaceable) {
			return usageError{fmt.Errorf("--out %w", err)}
		}
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: open %s\n", o.out, filepath.Join(o.out, "index.html"))
	return nil
}

// relativeTo names path relative to base (both made absolute first), so
// the report never shows where on this machine its inputs lie: a path
// that climbs more than two directories out of base (which would spell
// out most of an absolute path) is named by its last element.
func relativeTo(base, path string) string {
	ab, err1 := filepath.Abs(base)
	ap, err2 := filepath.Abs(path)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(ab, ap); err == nil && !strings.HasPrefix(filepath.ToSlash(rel), "../../../") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.Base(path)
}

func fileSum(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("checksum of %s: %w", path, err)
	}
	return data.Checksum(b), nil
}

// reportInputs lists the report's inputs with their SHA-256 for the
// method note — the dataset's files (relative to the dataset, or to the
// scenario), the scenario and every scenario it extends (relative to it),
// the catalogue when not the embedded one — and the report's title.
func (o *reportOptions) reportInputs(sc *model.Scenario) (inputs []reports.InputFile, title string, synthetic bool, err error) {
	paths := data.DefaultPaths()
	title, synthetic = "the embedded national dataset (synthetic people, real establishments)", true
	base := ""
	if o.in.dataset != "" || o.in.profiles != "" {
		if paths, err = o.in.paths(); err != nil {
			return nil, "", false, err
		}
		synthetic = false
		base = o.in.dataset
		title = "dataset " + filepath.Base(filepath.Clean(o.in.dataset))
		if sc != nil && o.in.dataset != "" {
			title = "dataset " + relativeTo(filepath.Dir(sc.File), o.in.dataset)
		}
		if o.in.dataset == "" {
			title = "profiles " + filepath.Base(o.in.profiles)
		}
	}
	if sc != nil {
		title += ", scenario " + scenarioName(sc)
	}
	sums, err := data.Checksums(paths)
	if err != nil {
		return nil, "", false, err
	}
	roles := map[string]string{paths.Profiles: "profiles", paths.Establishments: "establishments", paths.Offerings: "offerings"}
	for _, s := range sums {
		name := s[0]
		switch {
		case paths.FS != nil:
			name = "embedded: " + filepath.Base(name)
		case base != "":
			name = relativeTo(base, name)
		default:
			name = filepath.Base(name)
		}
		inputs = append(inputs, reports.InputFile{Role: roles[s[0]], Name: name, Sum: s[1]})
	}
	if o.in.catalogue != "" {
		sum, err := fileSum(o.in.catalogue)
		if err != nil {
			return nil, "", false, err
		}
		inputs = append(inputs, reports.InputFile{Role: "catalogue", Name: filepath.Base(o.in.catalogue), Sum: sum})
	}
	if o.gapInputs.receptions != "" {
		sum, err := fileSum(o.gapInputs.receptions)
		if err != nil {
			return nil, "", false, err
		}
		inputs = append(inputs, reports.InputFile{Role: "receptions", Name: filepath.Base(o.gapInputs.receptions), Sum: sum})
	}
	if sc != nil {
		dir := filepath.Dir(sc.File)
		sum, err := fileSum(sc.File)
		if err != nil {
			return nil, "", false, err
		}
		inputs = append(inputs, reports.InputFile{Role: "scenario", Name: filepath.Base(sc.File), Sum: sum})
		seen := map[string]bool{}
		for parent := sc.Extends; parent != "" && !seen[parent]; {
			seen[parent] = true
			sum, err := fileSum(parent)
			if err != nil {
				return nil, "", false, err
			}
			inputs = append(inputs, reports.InputFile{Role: "scenario it extends", Name: relativeTo(dir, parent), Sum: sum})
			p, err := data.ReadScenario(parent)
			if err != nil {
				return nil, "", false, err
			}
			parent = p.Extends
		}
	}
	return inputs, title, synthetic, nil
}

// scenarioChanges says a scenario's settings and changes in words, for the
// method note.
func scenarioChanges(sc *model.Scenario, cat *model.Catalogue) []string {
	if sc == nil {
		return nil
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	prog := func(code string) string {
		if code == "" {
			return "every programme"
		}
		if g, ok := cat.Lookup(code); ok {
			return g.Name + " (" + code + ")"
		}
		return code
	}
	where := func(est, region string) string {
		switch {
		case est != "":
			return est
		case region != "":
			return "every establishment in " + region
		}
		return "every establishment"
	}
	from := func(m float64) string {
		if m > 0 {
			return " from month " + num(m)
		}
		return ""
	}
	span := func(a, b float64) string {
		if b > a {
			return " from month " + num(a) + " to month " + num(b)
		}
		return from(a) + " for good"
	}
	var out []string
	if sc.Extends != "" {
		out = append(out, "Extends "+relativeTo(filepath.Dir(sc.File), sc.Extends)+" (its settings and changes come first).")
	}
	settings := []struct {
		name string
		v    string
		ok   bool
	}{
		{"years", num(sc.Years.Val), sc.Years.OK}, {"replications", strconv.Itoa(sc.Replications.Val), sc.Replications.OK},
		{"seed", strconv.FormatUint(sc.Seed.Val, 10), sc.Seed.OK}, {"policy", sc.Policy.Val, sc.Policy.OK},
		{"schedule", sc.Schedule.Val, sc.Schedule.OK}, {"suite", sc.Suite.Val, sc.Suite.OK},
		{"strategy for placing groups", sc.Strategy.Val, sc.Strategy.OK},
		{"consolidation window", num(sc.Consolidation.Val) + " months", sc.Consolidation.OK},
	}
	for _, s := range settings {
		if s.ok {
			out = append(out, "Setting: "+s.name+" "+s.v+".")
		}
	}
	if g, ok := sc.Growth.Get(); ok {
		out = append(out, fmt.Sprintf("Receptions grow %s%% a year.", num(100*g)))
	}
	if t, ok := sc.Transfers.Get(); ok {
		out = append(out, fmt.Sprintf("Transfers in the simulation: %v.", t))
	}
	groups := slices.SortedFunc(maps.Keys(sc.Mix), func(a, b model.OffenceGroup) int { return strings.Compare(a.String(), b.String()) })
	for _, g := range groups {
		out = append(out, fmt.Sprintf("Receptions with index offence %s ×%s.", strings.ReplaceAll(g.String(), "_", " "), num(sc.Mix[g])))
	}
	if sw, ok := sc.SwitchSuite.Get(); ok {
		out = append(out, fmt.Sprintf("Receptions are assessed for the %s suite from month %s.", sw, num(sc.SwitchFrom.Or(0))))
	}
	for _, c := range sc.Offerings {
		var what string
		switch c.Action {
		case model.ActionAdd:
			what = fmt.Sprintf("run %s with %s groups a year", prog(c.Programme), num(c.GroupsPerYear))
			if c.OneToOne > 0 {
				what += fmt.Sprintf(" and %s one-to-one places", num(c.OneToOne))
			}
		case model.ActionRemove:
			what = "stop running " + prog(c.Programme)
		case model.ActionScale:
			what = fmt.Sprintf("scale %s by ×%s", prog(c.Programme), num(c.Factor))
		case model.ActionSet:
			what = fmt.Sprintf("run %s %s times a year", prog(c.Programme), num(c.GroupsPerYear))
		default:
			what = c.Action + " " + prog(c.Programme)
		}
		out = append(out, fmt.Sprintf("%s: %s%s.", where(c.Establishment, c.Region), what, from(c.From)))
	}
	for _, c := range sc.Teams {
		out = append(out, fmt.Sprintf("%s: facilitator teams ×%s%s.", where(c.Establishment, c.Region), num(c.Factor), span(c.From, c.To)))
	}
	for _, c := range sc.Suspensions {
		out = append(out, fmt.Sprintf("%s: %s suspended%s.", where(c.Establishment, c.Region), prog(c.Programme), span(c.From, c.To)))
	}
	if len(out) == 0 {
		out = append(out, "No changes: the scenario only names its dataset.")
	}
	return out
}
