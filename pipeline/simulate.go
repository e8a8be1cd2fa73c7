package pipeline

import (
	"context"
	"math/rand/v2"

	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
)

// Queue runs the textbook cohort queue cfg (sim.RunQueue; cfg.Check has
// passed it) for reps replications of seed on workers goroutines (0: all
// cores). It warns first when the load λ·E[duration]/(teams × max cohort)
// is 1 or more with no abandonment: the queue then has no steady state to
// compare with theory.
func Queue(ctx context.Context, cfg sim.QueueConfig, seed uint64, reps, workers int, log Log) ([]sim.QueueResult, error) {
	if rho := cfg.Load(); rho >= 1 && cfg.AbandonRate == 0 {
		log.warn("load ρ = λ·E[duration]/(teams × max cohort) = %.3g ≥ 1 with no abandonment: the queue is unstable, waits grow with the horizon and there is no steady state to compare with theory", rho)
	}
	return sim.Replicate(ctx, seed, reps, workers, func(ctx context.Context, _ int, r *rand.Rand) (sim.QueueResult, error) {
		return sim.RunQueue(ctx, cfg, r)
	}, nil)
}

// Trace runs replication 0 of seed on model m once more, recording every
// person's events (estate.Model.RunTraced): the same run as the first
// replication of estate.Simulate.
func Trace(ctx context.Context, m *estate.Model, seed uint64) ([]estate.TraceEvent, error) {
	var events []estate.TraceEvent
	if _, err := m.RunTraced(ctx, sim.Stream(seed, 0), func(e estate.TraceEvent) { events = append(events, e) }); err != nil {
		return nil, err
	}
	return events, nil
}
