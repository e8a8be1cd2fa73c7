package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"needsplan/analysis"
	"needsplan/analysis/allocate"
	"needsplan/analysis/estate"
	"needsplan/data"
	"needsplan/model"
)

// Estate is the prison estate as the analyses see it, in one value: the
// people and their classification, the establishments and what they run,
// the programme catalogue, the dataset date and the suite each
// establishment's people are matched to.
type Estate struct {
	Profiles       []model.Profile
	Classes        []model.Classification // Classes[i] classifies Profiles[i]; nil until Classify
	Establishments []model.Establishment
	Offerings      []model.Offering
	Catalogue      *model.Catalogue
	AsOf           model.Date
	Suites         analysis.SuitePlan
}

// Log passes on what the pipeline has to say as it runs. Either function
// may be nil, which drops those messages.
type Log struct {
	// Warn is a problem with the inputs that does not stop the run.
	Warn func(msg string)
	// Note is anything else worth saying.
	Note func(msg string)
}

func (l Log) warn(format string, args ...any) {
	if l.Warn != nil {
		l.Warn(fmt.Sprintf(format, args...))
	}
}

func (l Log) note(format string, args ...any) {
	if l.Note != nil {
		l.Note(fmt.Sprintf(format, args...))
	}
}

// Loader reads a dataset's files, as data.Load does. The command passes
// one that tunes the garbage collector while a large dataset loads: a
// process setting, which this package leaves to it.
type Loader func(ctx context.Context, paths data.Paths, opt data.LoadOptions) (*data.Dataset, error)

// Input is a dataset to read and the suite to match its people to.
type Input struct {
	// Paths names the files; with no Profiles, the embedded national
	// dataset is read.
	Paths   data.Paths
	Options data.LoadOptions
	// Suite is legacy, building-choices or auto (analysis.Auto).
	Suite string
	// Load reads Paths (data.Load when nil; not used for the embedded
	// dataset).
	Load Loader
}

// read loads the dataset in and passes on its warnings.
func (in Input) read(ctx context.Context, log Log) (*data.Dataset, error) {
	var d *data.Dataset
	var err error
	switch {
	case in.Paths.Profiles == "":
		d, err = data.LoadDefault(ctx, in.Options)
	case in.Load != nil:
		d, err = in.Load(ctx, in.Paths, in.Options)
	default:
		d, err = data.Load(ctx, in.Paths, in.Options)
	}
	if err != nil {
		return nil, err
	}
	for _, w := range d.Warnings {
		log.warn("%s", w)
	}
	return d, nil
}

// estateOf is a loaded dataset's estate under a suite plan, not yet
// classified.
func estateOf(d *data.Dataset, plan analysis.SuitePlan) *Estate {
	return &Estate{Profiles: d.Profiles, Establishments: d.Establishments, Offerings: d.Offerings,
		Catalogue: d.Catalogue, AsOf: d.AsOf, Suites: plan}
}

// Load reads and checks a dataset, passes on its warnings and works out
// its suite plan. The people are not classified yet (see Classify).
func Load(ctx context.Context, in Input, log Log) (*Estate, error) {
	d, err := in.read(ctx, log)
	if err != nil {
		return nil, err
	}
	plan, err := analysis.ParseSuitePlan(in.Suite, d.Offerings, d.Catalogue)
	if err != nil {
		return nil, err
	}
	return estateOf(d, plan), nil
}

// Classify classifies every person (PNI pathway, LDC, the programmes of
// their suite they still need) into Classes.
func (e *Estate) Classify(ctx context.Context) error {
	cls, err := analysis.ClassifyAll(ctx, e.Profiles, e.Catalogue, e.Suites, e.AsOf)
	if err != nil {
		return err
	}
	e.Classes = cls
	return nil
}

// Has reports whether the estate has an establishment with this code.
func (e *Estate) Has(code string) bool {
	for _, x := range e.Establishments {
		if x.Code == code {
			return true
		}
	}
	return false
}

// Needs is the needs analysis grouped by establishment, region or estate.
func (e *Estate) Needs(by analysis.GroupBy) *analysis.Needs {
	return analysis.AnalyseNeeds(e.Profiles, e.Classes, e.Establishments, e.Catalogue,
		analysis.NeedsOptions{By: by, AsOf: e.AsOf, Suites: e.Suites})
}

// Gaps is the gap analysis over horizon months, with explicit annual
// receptions by establishment (nil: estimated from the stock).
func (e *Estate) Gaps(horizon float64, receptions map[string]float64) *analysis.Gaps {
	return analysis.AnalyseGaps(e.Profiles, e.Classes, e.Establishments, e.Offerings, e.Catalogue,
		analysis.GapOptions{AsOf: e.AsOf, Horizon: horizon, Suites: e.Suites, Receptions: receptions})
}

// Transfers is the transfer analysis on the gap analysis gaps over horizon
// months, with moves taking delay months (0: four weeks).
func (e *Estate) Transfers(gaps *analysis.Gaps, horizon, delay float64) (*analysis.Transfers, error) {
	return analysis.AnalyseTransfers(e.Profiles, e.Classes, e.Establishments, gaps, e.Catalogue,
		analysis.TransferOptions{AsOf: e.AsOf, Horizon: horizon, Suites: e.Suites, Delay: delay})
}

// Model prepares the simulation of the estate (see Settings.Options for
// opt).
func (e *Estate) Model(opt estate.Options) (*estate.Model, error) {
	return estate.New(e.Profiles, e.Classes, e.Establishments, e.Offerings, e.Catalogue, opt)
}

// Check checks a scenario's changes against the estate: known
// establishments, regions and programmes (data.CheckScenario).
func (e *Estate) Check(sc *model.Scenario) error {
	return data.CheckScenario(sc, &data.Dataset{Profiles: e.Profiles, Establishments: e.Establishments,
		Offerings: e.Offerings, Catalogue: e.Catalogue, AsOf: e.AsOf})
}

// Allocate allocates the start places of the estate's offerings by
// priority, estate-wide (allocate.Allocate), on the classified estate.
func (e *Estate) Allocate(opt allocate.Options) (*allocate.Allocation, error) {
	opt.AsOf = e.AsOf
	return allocate.Allocate(e.Profiles, e.Classes, e.Establishments, e.Offerings, e.Catalogue, opt)
}

// Frontier is the allocation's priority served against moves at each of
// lambdas (allocate.Frontier).
func (e *Estate) Frontier(opt allocate.Options, lambdas []float64) ([]allocate.Point, error) {
	opt.AsOf = e.AsOf
	return allocate.Frontier(e.Profiles, e.Classes, e.Establishments, e.Offerings, e.Catalogue, opt, lambdas)
}

// AllocatedTransfers is the transfers the estate-wide allocation of start
// places over horizon months takes (Estate.Allocate with its defaults and
// a move of delay months, 4 weeks when 0), stated as a transfer analysis
// so the transfer tables, charts and report read it: the people not placed
// at their own prison, each either moved for a place (analysis.Placed, to
// the place's establishment and programme) or left without one — the
// places in reach taken by people of higher priority
// (analysis.PlacesTaken) or none in reach (analysis.NoPlaceAnywhere) — for
// a programme their prison runs too few places of (oversubscribed) or not
// at all (not run here).
func (e *Estate) AllocatedTransfers(horizon, delay float64) (*analysis.Transfers, *allocate.Allocation, error) {
	a, err := e.Allocate(allocate.Options{Horizon: horizon, Delay: delay})
	if err != nil {
		return nil, nil, err
	}
	runs := map[[2]string]bool{}
	for _, s := range a.Slots {
		runs[[2]string{s.Establishment, s.Programme}] = true
	}
	t := &analysis.Transfers{Options: analysis.TransferOptions{AsOf: e.AsOf, Horizon: a.Options.Horizon, Suites: e.Suites, Delay: a.Options.Delay},
		Matrix: map[string]map[string]int{}, Cost: a.Objective}
	for _, p := range a.People {
		if p.Kind == allocate.Local {
			continue
		}
		tp := analysis.TransferPerson{Person: p.Person, From: p.From, Region: p.Region, MonthsLeft: p.MonthsLeft}
		if runs[[2]string{p.From, p.Programme}] {
			tp.Oversubscribed = []string{p.Programme}
		} else {
			tp.NotRunHere = []string{p.Programme}
		}
		switch {
		case p.Kind != allocate.NoPlace:
			tp.Outcome, tp.To, tp.Programme, tp.Served = analysis.Placed, p.To, p.Programme, []string{p.Programme}
			if t.Matrix[p.From] == nil {
				t.Matrix[p.From] = map[string]int{}
			}
			t.Matrix[p.From][p.To]++
			t.NeedsServed++
		case p.InReach:
			tp.Outcome = analysis.PlacesTaken
		default:
			tp.Outcome = analysis.NoPlaceAnywhere
		}
		t.People = append(t.People, tp)
		t.Needs++
	}
	slices.SortFunc(t.People, func(x, y analysis.TransferPerson) int {
		return cmp.Or(strings.Compare(x.From, y.From), strings.Compare(x.Person, y.Person))
	})
	return t, a, nil
}

// StreamNeeds is Load, Classify and Needs in one pass: the people are
// read, classified and counted batch by batch and never all held
// (data.LoadStream, analysis.NeedsTally), so the needs of a large dataset
// take a few batches of memory instead of every profile. It needs a
// dataset read from files with its date given (in.Options.AsOf); the
// analysis is the same, to the last digit, as Needs after Load and
// Classify.
func StreamNeeds(ctx context.Context, in Input, by analysis.GroupBy, log Log) (*analysis.Needs, error) {
	var t *analysis.NeedsTally
	var plan analysis.SuitePlan
	d, err := data.LoadStream(ctx, in.Paths, in.Options, func(d *data.Dataset, ps []model.Profile) error {
		if t == nil {
			var err error
			if plan, err = analysis.ParseSuitePlan(in.Suite, d.Offerings, d.Catalogue); err != nil {
				return err
			}
			t = analysis.NewNeedsTally(d.Establishments, d.Catalogue, analysis.NeedsOptions{By: by, AsOf: d.AsOf, Suites: plan})
		}
		cls, err := analysis.ClassifyAll(ctx, ps, d.Catalogue, plan, d.AsOf)
		if err != nil {
			return err
		}
		t.Add(ps, cls)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, w := range d.Warnings {
		log.warn("%s", w)
	}
	return t.Needs(), nil
}
