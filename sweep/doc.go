// Package sweep runs a grid of scenarios (a sweep file, docs/scale-out.md)
// as deterministic units of work — one (point, replication) pair each —
// split into shards that can run on different machines, and merges the
// shards' parts into the sweep's summary.
//
// A sweep directory holds _points.csv (each point's parameters),
// _sweep.json (the manifest of the whole sweep) and, per point and shard,
// point=K/shard=I/part.parquet with its _manifest.json: a hash of the
// inputs, the version, seed, replications and shards. A rerun skips the
// parts that are complete and match, computes again those that are not,
// and refuses a directory written from other inputs; Merge checks every
// part and that each unit is there exactly once.
//
// It exists so that this logic — units, shards, manifests, resume, merge,
// and which shard a task runs (ShardOf: --shard, or the Slurm or
// Kubernetes environment the command passes it) — can be used and tested
// without the command line, which keeps what is the command's own: the
// flags, the process's environment, the progress display and the exit
// statuses.
package sweep
