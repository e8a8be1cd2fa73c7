package pipeline

import (
	"context"
	"fmt"
	"path/filepath"

	"needsplan/analysis/estate"
	"needsplan/data"
	"needsplan/model"
)

// CompareOptions say how to compare scenarios.
type CompareOptions struct {
	Replications int    // 0: the base scenario's, or 20
	Seed         uint64 // 0: the base scenario's, or 1
	Workers      int    // goroutines running replications (0: all cores)
	// Independent gives each scenario its own seeds instead of common
	// random numbers (to see what they buy).
	Independent bool
}

// Comparison is alternative scenarios compared with a base.
type Comparison struct {
	Scenarios    []*model.Scenario // the base first
	Replications int
	Seed         uint64
	// Independent says each scenario had its own seeds instead of common
	// random numbers (CompareOptions.Independent).
	Independent bool
	// Notes say why the replications paired may not be common random
	// numbers, and what a scenario asked for that it did not get.
	Notes []string
	// Differences[k] is Scenarios[k+1] against the base (estate.Compare).
	Differences [][]estate.Difference
}

// Compare reads the scenario files — the base, then the alternatives —
// and simulates each with the same seeds for the same replications
// (common random numbers, unless opt.Independent), each on its own
// dataset (docs/scenarios.md), and compares every alternative with the
// base replication by replication. Every scenario is checked against its
// dataset before any is simulated. The notes are also warned of, and a
// note says when each scenario is simulated.
func (s *Scenarios) Compare(ctx context.Context, files []string, opt CompareOptions) (*Comparison, error) {
	c := &Comparison{Replications: opt.Replications, Seed: opt.Seed, Independent: opt.Independent}
	for _, f := range files {
		sc, err := data.ReadScenario(f)
		if err != nil {
			return nil, err
		}
		c.Scenarios = append(c.Scenarios, sc)
	}
	base := c.Scenarios[0]
	if c.Replications == 0 {
		c.Replications = base.Replications.Or(20)
	}
	if c.Seed == 0 {
		c.Seed = base.Seed.Or(1)
	}
	c.Notes = pairingNotes(c, opt)
	for _, n := range c.Notes {
		s.log.warn("%s", n)
	}
	for _, sc := range c.Scenarios { // every scenario checked before any is simulated
		if err := s.Check(ctx, sc); err != nil {
			return nil, err
		}
	}
	var figs [][][]float64
	for k, sc := range c.Scenarios {
		seed := c.Seed
		if opt.Independent {
			seed = c.Seed + uint64(k)*1_000_003 // distinct streams: no common random numbers
		}
		s.log.note("simulating %s (%d replications)…", ScenarioName(sc), c.Replications)
		f, err := s.Figures(ctx, sc, seed, c.Replications, opt.Workers)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	for k := 1; k < len(figs); k++ {
		c.Differences = append(c.Differences, estate.Compare(figs[0], figs[k]))
	}
	return c, nil
}

// Names are the scenarios' names (ScenarioName), the base first.
func (c *Comparison) Names() []string {
	names := make([]string, len(c.Scenarios))
	for k, sc := range c.Scenarios {
		names[k] = ScenarioName(sc)
	}
	return names
}

// pairingNotes says where pairing replication i of two scenarios is not
// common random numbers (they do not simulate the same people over the
// same horizon), and what an alternative asked for that it does not get.
func pairingNotes(c *Comparison, opt CompareOptions) []string {
	var notes []string
	base := c.Scenarios[0]
	for _, sc := range c.Scenarios[1:] {
		if a, b := sc.Dataset.Or("the embedded dataset"), base.Dataset.Or("the embedded dataset"); filepath.Clean(a) != filepath.Clean(b) {
			notes = append(notes, fmt.Sprintf("%s uses %s, the base %s: the replications are paired but not common random numbers, so the intervals may be wide", ScenarioName(sc), a, b))
		}
		if a, b := sc.Years.Or(5), base.Years.Or(5); a != b {
			notes = append(notes, fmt.Sprintf("%s runs %g years, the base %g: the outcomes are totals over different horizons", ScenarioName(sc), a, b))
		}
		if r, ok := sc.Replications.Get(); ok && r != base.Replications.Or(20) && opt.Replications == 0 {
			notes = append(notes, fmt.Sprintf("%s asks for %d replications: every scenario runs the base's %d", ScenarioName(sc), r, c.Replications))
		}
		if s, ok := sc.Seed.Get(); ok && s != base.Seed.Or(1) && opt.Seed == 0 {
			notes = append(notes, fmt.Sprintf("%s asks for seed %d: every scenario runs the base's %d", ScenarioName(sc), s, c.Seed))
		}
	}
	return notes
}
