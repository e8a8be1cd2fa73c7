package pipeline

import (
	"context"

	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
)

// SimulatedReleases simulates the estate of b (its receptions, the
// default policy and schedule) over years, reps replications from seed,
// and returns the sentenced releases a year, everyone counted whether they
// need a programme or not: from sentences, and after recall — the flows
// `needsplan calibration` checks against the published figures
// (model.PublishedReleases, model.PublishedRecalls).
func SimulatedReleases(ctx context.Context, b *Baseline, years float64, reps int, seed uint64, workers int) (sentences, recalls sim.Summary, err error) {
	m, err := b.Estate.Model(Settings{Years: years}.Options(b.Estate, b.Gaps.Receptions))
	if err != nil {
		return sentences, recalls, err
	}
	s, err := estate.Simulate(ctx, m, seed, reps, workers, nil)
	if err != nil {
		return sentences, recalls, err
	}
	return s.ReleasesPerYear, s.RecallReleasesPerYear, nil
}
