// Package sim is needsplan's discrete-event simulation engine: an event
// calendar ordered by (time, sequence number), replications run in parallel
// with one random stream per replication, summaries across replications,
// and a textbook cohort queue (Queue) that checks the engine against
// queueing theory. It knows queues, not programmes, and imports nothing of
// the module.
// KaplanMeier estimates waits with release as censoring (Kaplan & Meier 1958).
//
// Determinism: replication i draws only from rand.New(rand.NewPCG(seed, i))
// and its result is stored at index i, so results do not depend on the
// number of workers (shared/research/aesthetics-anchors.md §2).
package sim
