package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"needsplan/pipeline"
	"needsplan/sweep"
)

type sweepOptions struct {
	out     string
	shard   string
	workers int
	format  string
}

func newSweepCommand() *cobra.Command {
	var o sweepOptions
	cmd := &cobra.Command{
		Use:   "sweep SWEEP.yaml",
		Short: "Run a grid of scenarios as units of work that can be split across machines",
		Long: `sweep expands a grid over scenario parameters (docs/scale-out.md: any
setting by its path, such as growth or transfers.delay, or a field of a
change, such as offerings[0].factor) and runs every (point, replication)
pair as a deterministic unit of work. Results go to
DIR/point=K/shard=I/part.parquet (one row per replication: the estate
outcomes; the point and shard are the partition keys), readable by DuckDB,
Spark, pandas and R arrow; DIR/_points.csv names each point's parameters.

--shard I/N runs units u = K × replications + r with u mod N = I; without it
the shard comes from a Slurm job array (SLURM_ARRAY_TASK_ID minus
SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT), or from a Kubernetes Indexed
Job (JOB_COMPLETION_INDEX, of NEEDSPLAN_SHARDS, which you set to the Job's
completions), or is 0/1.

Every part is written atomically with a manifest (DIR/point=K/shard=I/
_manifest.json: a hash of the sweep and scenario files and datasets, the
version, seed, shards and replications), so a rerun skips the parts that are
complete and match, computes again those that are not, and refuses a
directory written from other inputs or another number of shards. Progress
goes to stderr (a log line every 30 seconds when it is not a terminal). With
one shard the summary is printed at the end; otherwise run 'needsplan merge
DIR' when every shard has finished.`,
		Example: `  needsplan sweep examples/sweep.yaml --out runs
  needsplan sweep examples/sweep.yaml --out runs --shard 3/10
  needsplan merge runs --format csv --out summary.csv`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("sweep needs one sweep file")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSweep(cmd.Context(), &o, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVarP(&o.out, "out", "o", "", "output `DIR` (required)")
	cmd.Flags().StringVar(&o.shard, "shard", "", "run shard `I/N` of the units (default: from Slurm or Kubernetes, else 0/1)")
	cmd.Flags().IntVar(&o.workers, "workers", 0, "goroutines running replications (0: all cores)")
	cmd.Flags().StringVar(&o.format, "format", "table", "summary format when there is one shard: table, csv or json")
	return cmd
}

func runSweep(ctx context.Context, o *sweepOptions, file string, stdout, stderr io.Writer) error {
	if o.out == "" {
		return usagef("sweep needs --out DIR")
	}
	if o.format != "table" && o.format != "csv" && o.format != "json" {
		return usagef("--format %q: want table, csv or json", o.format)
	}
	shard, err := sweep.ShardOf(o.shard, os.Getenv)
	if err != nil {
		return usageError{err}
	}
	log := stderrLog(stderr)
	s, err := sweep.Open(ctx, file, pipeline.NewScenarios(loadDataset, log))
	if err != nil {
		return err
	}
	err = s.Run(ctx, o.out, shard, sweep.Options{Workers: o.workers, Version: versionLine(),
		Progress: newProgress(stderr, true, time.Now), Note: log.Note})
	if err != nil {
		return err
	}
	if shard.Of > 1 {
		fmt.Fprintf(stderr, "needsplan: shard %d/%d done (%d units); when all %d shards have finished, run 'needsplan merge %s'\n", shard.Index, shard.Of, s.Units(shard), shard.Of, o.out)
		return nil
	}
	return runMerge(ctx, &mergeOptions{out: outputOptions{format: o.format}}, o.out, stdout)
}

type mergeOptions struct {
	out outputOptions
}

func newMergeCommand() *cobra.Command {
	var o mergeOptions
	cmd := &cobra.Command{
		Use:   "merge DIR",
		Short: "Combine a sweep's shards into its summary",
		Long: `merge reads every DIR/point=K/shard=I/part.parquet of a sweep, checks that
each part is complete and that its manifest matches the sweep's (the same
inputs, version and shards), that every (point, replication) unit is there
exactly once, and prints for each point and outcome the mean across
replications with its 95% interval (none with one replication) — the same
summary, byte for byte, that a single-machine run gives.`,
		Example: `  needsplan merge runs
  needsplan merge runs --format csv --out summary.csv`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("merge needs the sweep's output directory")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMerge(cmd.Context(), &o, args[0], cmd.OutOrStdout())
		},
	}
	o.out.register(cmd.Flags())
	return cmd
}

func runMerge(ctx context.Context, o *mergeOptions, dir string, stdout io.Writer) error {
	if err := o.out.check(); err != nil {
		return err
	}
	t, err := sweep.Merge(ctx, dir)
	if err != nil {
		return err
	}
	return o.out.write(stdout, t, nil)
}
