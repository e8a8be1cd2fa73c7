package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"needsplan/analysis"
	"needsplan/analysis/sim"
	"needsplan/data"
	"needsplan/model"
	"needsplan/reports"
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
		Long: `sweep expands a grid over scenario parameters (docs/scale-out.md) and runs
every (point, replication) pair as a deterministic unit of work. Results go
to DIR/point=K/shard=I/part.parquet (one row per replication: the estate
outcomes), readable by DuckDB, Spark, pandas and R arrow; DIR/points.csv
names each point's parameters.

--shard I/N runs units u = K × replications + r with u mod N = I; without it
the shard comes from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, or
JOB_COMPLETION_INDEX and NEEDSPLAN_SHARDS (Kubernetes Indexed Jobs), or is
0/1. A part already written is not run again, so an interrupted sweep
resumes. With one shard the summary is printed at the end; otherwise run
'needsplan merge DIR' when every shard has finished.`,
		Example: `  needsplan sweep policies.yaml --out runs
  needsplan sweep policies.yaml --out runs --shard 3/10
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

// shardOf reads --shard or the cluster's environment.
func shardOf(flag string) (int, int, error) {
	parse := func(i, n string) (int, int, error) {
		a, err1 := strconv.Atoi(strings.TrimSpace(i))
		b, err2 := strconv.Atoi(strings.TrimSpace(n))
		if err1 != nil || err2 != nil || b < 1 || a < 0 || a >= b {
			return 0, 0, usagef("shard %s/%s: want I/N with 0 ≤ I < N", i, n)
		}
		return a, b, nil
	}
	if flag != "" {
		i, n, ok := strings.Cut(flag, "/")
		if !ok {
			return 0, 0, usagef("--shard %q: want I/N", flag)
		}
		return parse(i, n)
	}
	if i, n := os.Getenv("SLURM_ARRAY_TASK_ID"), os.Getenv("SLURM_ARRAY_TASK_COUNT"); i != "" && n != "" {
		return parse(i, n)
	}
	if i, n := os.Getenv("JOB_COMPLETION_INDEX"), os.Getenv("NEEDSPLAN_SHARDS"); i != "" && n != "" {
		return parse(i, n)
	}
	return 0, 1, nil
}

// sweepProgress reports units done, the rate and the time left on stderr
// when it is a terminal.
func sweepProgress(stderr io.Writer, total int) func(done int) {
	f, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	start := time.Now() // progress display only; never in outputs
	var mu sync.Mutex
	return func(done int) {
		mu.Lock()
		defer mu.Unlock()
		el := time.Since(start).Seconds()
		rate := float64(done) / math.Max(el, 1e-9)
		left := time.Duration(float64(total-done)/math.Max(rate, 1e-9)) * time.Second
		fmt.Fprintf(f, "\r  %d/%d units, %.1f a second, about %s left   ", done, total, rate, left.Round(time.Second))
		if done == total {
			fmt.Fprintln(f)
		}
	}
}

var partColumns = append([]string{"point", "replication"}, func() []string {
	var out []string
	for _, j := range analysis.CompareMeasures {
		out = append(out, analysis.SimMeasures[j])
	}
	return out
}()...)

func runSweep(ctx context.Context, o *sweepOptions, file string, stdout, stderr io.Writer) error {
	if o.out == "" {
		return usagef("sweep needs --out DIR")
	}
	if o.format != "table" && o.format != "csv" && o.format != "json" {
		return usagef("--format %q: want table, csv or json", o.format)
	}
	si, sn, err := shardOf(o.shard)
	if err != nil {
		return err
	}
	sw, err := data.ReadSweep(file)
	if err != nil {
		return err
	}
	points := make([][]string, sw.NumPoints())
	for k := range points {
		points[k] = sw.Point(k)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", o.out, err)
	}
	// The points and the settings every shard shares (written identically by
	// each, atomically).
	var pts bytes.Buffer
	fmt.Fprintf(&pts, "point")
	for _, p := range sw.Params {
		fmt.Fprintf(&pts, ",%s", p.Name)
	}
	fmt.Fprintf(&pts, ",replications,seed\n")
	for k, pt := range points {
		fmt.Fprintf(&pts, "%d", k)
		for _, p := range sw.Params {
			fmt.Fprintf(&pts, ",%s", pt[slices.IndexFunc(sw.Params, func(q data.SweepParam) bool { return q.Name == p.Name })])
		}
		fmt.Fprintf(&pts, ",%d,%d\n", sw.Replications, sw.Seed)
	}
	if err := data.WriteFileAtomic(filepath.Join(o.out, "points.csv"), func(w io.Writer) error {
		_, err := w.Write(pts.Bytes())
		return err
	}); err != nil {
		return err
	}
	R := sw.Replications
	total := 0
	for k := range points {
		for r := range R {
			if (k*R+r)%sn == si {
				total++
			}
		}
	}
	progress := sweepProgress(stderr, total)
	done := 0
	cache := map[string]*data.Dataset{}
	for k := range points {
		var reps []int
		for r := range R {
			if (k*R+r)%sn == si {
				reps = append(reps, r)
			}
		}
		part := filepath.Join(o.out, fmt.Sprintf("point=%d", k), fmt.Sprintf("shard=%d", si), "part.parquet")
		if _, err := os.Stat(part); err == nil || len(reps) == 0 {
			done += len(reps) // written by an earlier run: resume past it
			continue
		}
		sc, err := sw.Scenario(k)
		if err != nil {
			return err
		}
		m, err := scenarioModel(ctx, sc, stderr, cache)
		if err != nil {
			return err
		}
		base := done
		figs, err := sim.Replicate(ctx, sw.Seed, len(reps), o.workers, func(ctx context.Context, i int, _ *rand.Rand) ([]float64, error) {
			run, err := m.Run(ctx, sim.Stream(sw.Seed, reps[i]))
			if err != nil {
				return nil, err
			}
			return analysis.EstateFigures(run), nil
		}, func(d int) {
			if progress != nil {
				progress(base + d)
			}
		})
		if err != nil {
			return err
		}
		done += len(reps)
		t := model.Table{Name: "part"}
		for j, name := range partColumns {
			c := model.Column{Name: name, Kind: model.FloatColumn}
			if j < 2 {
				c.Kind = model.IntColumn
			}
			t.Columns = append(t.Columns, c)
		}
		for i, r := range reps {
			t.Columns[0].Ints = append(t.Columns[0].Ints, int64(k))
			t.Columns[1].Ints = append(t.Columns[1].Ints, int64(r))
			for j, v := range figs[i] {
				t.Columns[2+j].Floats = append(t.Columns[2+j].Floats, v)
			}
		}
		if err := os.MkdirAll(filepath.Dir(part), 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", part, err)
		}
		if err := data.WriteFileAtomic(part, func(w io.Writer) error { return data.WriteParquet(w, &t) }); err != nil {
			return err
		}
	}
	if sn > 1 {
		fmt.Fprintf(stderr, "needsplan: shard %d/%d done (%d units); run 'needsplan merge %s' when all shards are\n", si, sn, total, o.out)
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
every (point, replication) unit is there exactly once, and prints for each
point and outcome the mean across replications with its 95% interval — the
same summary, byte for byte, that a single-machine run gives.`,
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
	pts, err := os.ReadFile(filepath.Join(dir, "points.csv"))
	if err != nil {
		return &data.Error{File: filepath.Join(dir, "points.csv"), Msg: "not a sweep directory (no points.csv)"}
	}
	lines := strings.Split(strings.TrimSpace(string(pts)), "\n")
	header := strings.Split(lines[0], ",")
	params := header[1 : len(header)-2]
	var R int
	rows := make([][]string, 0, len(lines)-1)
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		rows = append(rows, f)
		R, _ = strconv.Atoi(f[len(f)-2])
	}
	figs := make([][][]float64, len(rows)) // [point][replication]
	for k := range figs {
		figs[k] = make([][]float64, R)
	}
	err = filepath.WalkDir(dir, func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || de.Name() != "part.parquet" {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		t, err := data.ReadTableParquet(ctx, f, path)
		if err != nil {
			return err
		}
		for i := range t.Rows() {
			k, r := int(t.Columns[0].Ints[i]), int(t.Columns[1].Ints[i])
			if k < 0 || k >= len(figs) || r < 0 || r >= R {
				return &data.Error{File: path, Row: i + 1, Record: true, Msg: fmt.Sprintf("unit (point %d, replication %d) is not in the sweep", k, r)}
			}
			if figs[k][r] != nil {
				return &data.Error{File: path, Row: i + 1, Record: true, Msg: fmt.Sprintf("unit (point %d, replication %d) appears twice", k, r)}
			}
			v := make([]float64, len(t.Columns)-2)
			for j := range v {
				v[j] = t.Columns[2+j].Floats[i]
			}
			figs[k][r] = v
		}
		return nil
	})
	if err != nil {
		var de *data.Error
		if errors.As(err, &de) {
			return err
		}
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	missing := 0
	for k := range figs {
		for r := range figs[k] {
			if figs[k][r] == nil {
				missing++
			}
		}
	}
	if missing > 0 {
		return fmt.Errorf("%s: %d of %d units are missing: run the remaining shards (a rerun resumes)", dir, missing, len(figs)*R)
	}
	t := model.Table{Name: "sweep_summary"}
	t.Columns = append(t.Columns, model.Column{Name: "point", Kind: model.IntColumn})
	for _, p := range params {
		t.Columns = append(t.Columns, model.Column{Name: p})
	}
	for _, name := range []string{"measure"} {
		t.Columns = append(t.Columns, model.Column{Name: name})
	}
	for _, name := range []string{"mean", "ci_low", "ci_high"} {
		t.Columns = append(t.Columns, model.Column{Name: name, Kind: model.FloatColumn})
	}
	t.Columns = append(t.Columns, model.Column{Name: "replications", Kind: model.IntColumn})
	np := len(params)
	for k := range figs {
		for j, mi := range analysis.CompareMeasures {
			var v []float64
			for r := range R {
				v = append(v, figs[k][r][j])
			}
			s := sim.Summarise(v)
			t.Columns[0].Ints = append(t.Columns[0].Ints, int64(k))
			for p := range params {
				t.Columns[1+p].Text = append(t.Columns[1+p].Text, rows[k][1+p])
			}
			t.Columns[1+np].Text = append(t.Columns[1+np].Text, analysis.SimMeasures[mi])
			t.Columns[2+np].Floats = append(t.Columns[2+np].Floats, s.Mean)
			t.Columns[3+np].Floats = append(t.Columns[3+np].Floats, s.Lo)
			t.Columns[4+np].Floats = append(t.Columns[4+np].Floats, s.Hi)
			t.Columns[5+np].Ints = append(t.Columns[5+np].Ints, int64(s.N))
		}
	}
	return o.out.write(stdout, &t, func(w io.Writer) error { return reports.WriteText(w, &t) })
}
