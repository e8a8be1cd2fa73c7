package pipeline

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"needsplan/analysis"
	"needsplan/analysis/allocate"
	"needsplan/analysis/estate"
	"needsplan/data"
	"needsplan/model"
)

// Report is what a report shows but the simulation's results, worked out
// by PrepareReport.
type Report struct {
	// Estate is the estate simulated: the scenario's, or the baseline.
	Estate *Estate
	// Needs and NeedsByEstablishment are the baseline's needs, for the
	// estate and by establishment.
	Needs, NeedsByEstablishment *analysis.Needs
	// Gaps and Transfers are on Estate: with a scenario, its receptions and
	// its reception mix.
	Gaps      *analysis.Gaps
	Transfers *analysis.Transfers
	// Allocation is the estate-wide allocation of start places the
	// transfers are read from (Estate.AllocatedTransfers).
	Allocation *allocate.Allocation
	// Frontier is the allocation's priority served against moves at each of
	// allocate.Lambdas (Estate.Frontier).
	Frontier []allocate.Point
	// Model is the simulation to run (estate.Simulate) for the report.
	Model *estate.Model
}

// PrepareReport works out a report's analyses on the baseline b, with
// scenario sc when it is not nil: the scenario checked against the estate
// and set up (Estate.SetUp), its gap analysis, the transfer analysis, the
// simulation model with settings set, and the baseline's needs.
func PrepareReport(ctx context.Context, b *Baseline, sc *model.Scenario, set Settings, log Log) (*Report, error) {
	horizon := b.Gaps.Options.Horizon
	r := &Report{Estate: b.Estate, Gaps: b.Gaps}
	opt := set.Options(b.Estate, b.Gaps.Receptions)
	if sc != nil {
		if err := b.Estate.Check(sc); err != nil {
			return nil, err
		}
		// The same set-up as compare and sweep.
		s, err := b.Estate.SetUp(ctx, sc, set, b.Gaps.Options, log)
		if err != nil {
			return nil, err
		}
		r.Estate, r.Gaps, opt = s.Estate, s.Gaps(horizon), s.Options
	}
	var err error
	if r.Transfers, r.Allocation, err = r.Estate.AllocatedTransfers(horizon, 0); err != nil {
		return nil, err
	}
	if r.Frontier, err = r.Estate.Frontier(allocate.Options{Horizon: horizon}, allocate.Lambdas); err != nil {
		return nil, err
	}
	if r.Model, err = r.Estate.Model(opt); err != nil {
		return nil, err
	}
	r.NeedsByEstablishment = b.Estate.Needs(analysis.ByEstablishment)
	r.Needs = b.Estate.Needs(analysis.ByEstate)
	return r, nil
}

// Sources are the files a report's run read, as they were named, for the
// report's method note.
type Sources struct {
	Dataset  string // the dataset directory, or ""
	Profiles string // a profiles file named on its own, or ""
	// Paths are the files read when Dataset or Profiles is given (the
	// embedded dataset's otherwise).
	Paths      data.Paths
	Catalogue  string // a catalogue file replacing the embedded one, or ""
	Receptions string // a receptions file, or ""
	Scenario   *model.Scenario
}

// Describe lists the report's inputs with their SHA-256 for the method
// note — the dataset's files (relative to the dataset, or to the
// scenario), the scenario and every scenario it extends (relative to it),
// the catalogue when not the embedded one — and gives the report's title
// and whether its people are synthetic (the embedded dataset).
func (s Sources) Describe() (inputs []model.InputFile, title string, synthetic bool, err error) {
	sc := s.Scenario
	paths := data.DefaultPaths()
	title, synthetic = "the embedded national dataset (synthetic people, real establishments)", true
	base := ""
	if s.Dataset != "" || s.Profiles != "" {
		paths = s.Paths
		synthetic = false
		base = s.Dataset
		title = "dataset " + filepath.Base(filepath.Clean(s.Dataset))
		if sc != nil && s.Dataset != "" {
			title = "dataset " + relativeTo(filepath.Dir(sc.File), s.Dataset)
		}
		if s.Dataset == "" {
			title = "profiles " + filepath.Base(s.Profiles)
		}
	}
	if sc != nil {
		title += ", scenario " + ScenarioName(sc)
	}
	sums, err := data.Checksums(paths)
	if err != nil {
		return nil, "", false, err
	}
	roles := map[string]string{paths.Profiles: "profiles", paths.Establishments: "establishments", paths.Offerings: "offerings"}
	for _, c := range sums {
		name := c[0]
		switch {
		case paths.FS != nil:
			name = "embedded: " + filepath.Base(name)
		case base != "":
			name = relativeTo(base, name)
		default:
			name = filepath.Base(name)
		}
		inputs = append(inputs, model.InputFile{Role: roles[c[0]], Name: name, Sum: c[1]})
	}
	for _, f := range [][2]string{{"catalogue", s.Catalogue}, {"receptions", s.Receptions}} {
		if f[1] == "" {
			continue
		}
		sum, err := fileSum(f[1])
		if err != nil {
			return nil, "", false, err
		}
		inputs = append(inputs, model.InputFile{Role: f[0], Name: filepath.Base(f[1]), Sum: sum})
	}
	if sc != nil {
		more, err := scenarioFiles(sc)
		if err != nil {
			return nil, "", false, err
		}
		inputs = append(inputs, more...)
	}
	return inputs, title, synthetic, nil
}

// scenarioFiles lists a scenario's file and every file it extends
// (relative to it), with their SHA-256.
func scenarioFiles(sc *model.Scenario) ([]model.InputFile, error) {
	dir := filepath.Dir(sc.File)
	sum, err := fileSum(sc.File)
	if err != nil {
		return nil, err
	}
	out := []model.InputFile{{Role: "scenario", Name: filepath.Base(sc.File), Sum: sum}}
	seen := map[string]bool{}
	for parent := sc.Extends; parent != "" && !seen[parent]; {
		seen[parent] = true
		sum, err := fileSum(parent)
		if err != nil {
			return nil, err
		}
		out = append(out, model.InputFile{Role: "scenario it extends", Name: relativeTo(dir, parent), Sum: sum})
		p, err := data.ReadScenario(parent)
		if err != nil {
			return nil, err
		}
		parent = p.Extends
	}
	return out, nil
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

// ScenarioChanges says a scenario's settings and changes in words, for the
// method note.
func ScenarioChanges(sc *model.Scenario, cat *model.Catalogue) []string {
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
		{"seed", strconv.FormatUint(sc.Seed.Val, 10), sc.Seed.OK}, {"policy", string(sc.Policy.Val), sc.Policy.OK},
		{"schedule", string(sc.Schedule.Val), sc.Schedule.OK}, {"suite", sc.Suite.Val, sc.Suite.OK},
		{"strategy for placing groups", string(sc.Strategy.Val), sc.Strategy.OK},
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
