package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"needsplan/analysis"
	"needsplan/analysis/estate"
	"needsplan/data"
	"needsplan/model"
)

// Scenario is a scenario set up on a baseline estate (Estate.SetUp): the
// estate it simulates and the simulation's options.
type Scenario struct {
	// Estate is the scenario's estate: the stock grown by its growth, the
	// people classified, the offerings placed by its strategy and changed.
	Estate *Estate
	// Options are the simulation's: the settings with what the scenario
	// sets (its receptions, shocks, reception mix, suite switch, transfers).
	Options estate.Options
	sc      *model.Scenario
	setup   *analysis.ScenarioSetup
}

// SetUp applies scenario sc to the classified baseline e: it classifies
// the people under the scenario's suite switch, if any, and prepares it
// (analysis.PrepareScenario: growth of the stock and receptions, the
// strategy on the scenario's demand over the years simulated, the
// changes) with the baseline gap analysis's horizon and explicit
// receptions (gap; zero: 12 months, receptions estimated from the stock).
// It says what the strategy moved (a note; a warning when it moved
// nothing) and warns of the groups it could not place. A change that
// cannot be applied is an input error. It is the set-up of compare, sweep
// and report alike.
func (e *Estate) SetUp(ctx context.Context, sc *model.Scenario, set Settings, gap analysis.GapOptions, log Log) (*Scenario, error) {
	var switchClasses []model.Classification
	if sw, ok := sc.SwitchSuite.Get(); ok {
		var err error
		if switchClasses, err = analysis.ClassifyAll(ctx, e.Profiles, e.Catalogue, analysis.SuitePlan{Default: model.Suite(sw)}, e.AsOf); err != nil {
			return nil, err
		}
	}
	setup, err := analysis.PrepareScenario(sc, analysis.ScenarioInput{Profiles: e.Profiles, Classes: e.Classes, SwitchClasses: switchClasses,
		Establishments: e.Establishments, Offerings: e.Offerings, Catalogue: e.Catalogue, AsOf: e.AsOf, Suites: e.Suites,
		Horizon: gap.Horizon, Receptions: gap.Receptions, StrategyHorizon: 12 * set.Years})
	if err != nil {
		return nil, changeError(err)
	}
	for _, s := range setup.Placement.Shortfall {
		log.warn("%s: %s places %g groups a year of %s fewer than today: no establishment that may run it has facilitator time for more",
			ScenarioName(sc), sc.Strategy.Or(""), s.Groups, s.Programme)
	}
	reportMoves(sc, &setup.Placement, log)
	se := &Estate{Profiles: setup.Profiles, Classes: setup.Classes, Establishments: e.Establishments, Offerings: setup.Offerings,
		Catalogue: e.Catalogue, AsOf: e.AsOf, Suites: e.Suites}
	return &Scenario{Estate: se, Options: set.Options(e, nil).WithScenario(sc, setup), sc: sc, setup: setup}, nil
}

// movesListed is how many of a strategy's moves its note names.
const movesListed = 5

// reportMoves says what the scenario's strategy moved: a note with the
// half-groups moved and the largest moves, or a warning that it moved
// nothing and why (the scenario then runs today's places). Previous
// take-up, which moves nothing by design, says nothing.
func reportMoves(sc *model.Scenario, p *analysis.Placement, log Log) {
	strategy := sc.Strategy.Or(model.PreviousTakeUp)
	if strategy == model.PreviousTakeUp {
		return
	}
	if len(p.Moves) == 0 {
		log.warn("%s: strategy %s moved nothing: %s; it runs today's places", ScenarioName(sc), strategy, p.Unmoved)
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: strategy %s moved %g of %g half-groups a year: ", ScenarioName(sc), strategy, p.Moved(), p.HalfGroups)
	for i, m := range p.Moves[:min(movesListed, len(p.Moves))] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%g %s from %s to %s", m.HalfGroups, m.Programme, m.From, m.To)
	}
	if n := len(p.Moves) - movesListed; n > 0 {
		fmt.Fprintf(&b, " and %d more moves", n)
	}
	log.note("%s", b.String())
}

// Gaps is the scenario's gap analysis over horizon months: on its estate,
// with its receptions, and the reception mix shifted as the simulation
// shifts it.
func (s *Scenario) Gaps(horizon float64) *analysis.Gaps {
	g := s.Estate.Gaps(horizon, s.setup.Receptions)
	return analysis.ShiftMix(g, s.Estate.Profiles, s.Estate.Classes, s.Estate.Catalogue, s.sc.Mix)
}

// Model prepares the scenario's simulation.
func (s *Scenario) Model() (*estate.Model, error) { return s.Estate.Model(s.Options) }

// changeError turns a change that cannot be applied into an input error.
func changeError(err error) error {
	var ce *analysis.ChangeError
	if errors.As(err, &ce) {
		return &data.Error{File: ce.File, Line: ce.Line, Column: ce.Column, Value: ce.Value, Msg: ce.Msg}
	}
	return err
}

// ScenarioName is a scenario's name, or its file's without the extension.
func ScenarioName(sc *model.Scenario) string {
	if sc.Name != "" {
		return sc.Name
	}
	return strings.TrimSuffix(filepath.Base(sc.File), filepath.Ext(sc.File))
}

// Scenarios sets up scenarios that name their own datasets (compare,
// sweep), loading each dataset once.
type Scenarios struct {
	load   Loader
	log    Log
	loaded map[string]*data.Dataset // by the scenario's dataset directory; "" the embedded one
}

// NewScenarios returns a Scenarios that reads datasets with load (data.Load
// when nil) and passes on warnings to log.
func NewScenarios(load Loader, log Log) *Scenarios {
	return &Scenarios{load: load, log: log, loaded: map[string]*data.Dataset{}}
}

// dataset loads sc's dataset, once per directory, and checks sc against it.
func (s *Scenarios) dataset(ctx context.Context, sc *model.Scenario) (*data.Dataset, error) {
	key := sc.Dataset.Or("")
	d, ok := s.loaded[key]
	if !ok {
		in := Input{Load: s.load}
		if key != "" {
			var err error
			if in.Paths, err = data.DatasetPaths(key); err != nil {
				return nil, err
			}
		}
		var err error
		if d, err = in.read(ctx, s.log); err != nil {
			return nil, err
		}
		s.loaded[key] = d
	}
	if err := data.CheckScenario(sc, d); err != nil {
		return nil, err
	}
	return d, nil
}

// Check loads sc's dataset (once per directory) and checks sc against it,
// so that every scenario can be checked before any is simulated.
func (s *Scenarios) Check(ctx context.Context, sc *model.Scenario) error {
	_, err := s.dataset(ctx, sc)
	return err
}

// Model loads sc's dataset (once per directory), checks sc against it,
// classifies the people under the scenario's suite, sets the scenario up
// (Estate.SetUp) with its settings (ScenarioSettings: five years, by
// release date, spread, unless it says otherwise) and prepares the
// simulation.
func (s *Scenarios) Model(ctx context.Context, sc *model.Scenario) (*estate.Model, error) {
	d, err := s.dataset(ctx, sc)
	if err != nil {
		return nil, err
	}
	set := ScenarioSettings(sc, scenarioDefaults())
	// Strategy, schedule and consolidation were checked by data.ReadScenario.
	plan, err := analysis.ParseSuitePlan(sc.Suite.Or(analysis.Auto), d.Offerings, d.Catalogue)
	if err != nil {
		return nil, &data.Error{File: sc.File, Column: "suite", Value: sc.Suite.Val, Msg: err.Error()}
	}
	e := estateOf(d, plan)
	if err := e.Classify(ctx); err != nil {
		return nil, err
	}
	setup, err := e.SetUp(ctx, sc, set, analysis.GapOptions{}, s.log)
	if err != nil {
		return nil, err
	}
	return setup.Model()
}

// Figures simulates reps replications of sc from seed and returns each
// replication's estate figures (estate.Figures), in replication order, for
// comparisons paired replication by replication.
func (s *Scenarios) Figures(ctx context.Context, sc *model.Scenario, seed uint64, reps, workers int) ([][]float64, error) {
	m, err := s.Model(ctx, sc)
	if err != nil {
		return nil, err
	}
	figs := make([][]float64, reps)
	_, err = estate.SimulateEach(ctx, m, seed, reps, workers, nil, func(rep int, run *estate.Replication) {
		figs[rep] = estate.Figures(run)
	})
	return figs, err
}
