package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"needsplan/analysis/estate"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"needsplan/analysis/sim"
	"needsplan/data"
	"needsplan/model"
	"needsplan/pipeline"
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

// shardOf reads --shard or the cluster's environment (getenv):
//
//   - Slurm job arrays: I = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN and
//     N = SLURM_ARRAY_TASK_COUNT, so --array=0-19 and --array=1-20 both give
//     shards 0…19 of 20; an array with a step or a list (MAX − MIN + 1 ≠
//     COUNT) is refused, since its IDs do not number the shards.
//   - Kubernetes Indexed Jobs: I = JOB_COMPLETION_INDEX and N =
//     NEEDSPLAN_SHARDS (Kubernetes does not expose completions).
//
// A variable set without its partner is an error naming the one to set:
// falling back to 0/1 would run the whole sweep in every task.
func shardOf(flag string, getenv func(string) string) (int, int, error) {
	parse := func(i, n, what string) (int, int, error) {
		a, err1 := strconv.Atoi(strings.TrimSpace(i))
		b, err2 := strconv.Atoi(strings.TrimSpace(n))
		if err1 != nil || err2 != nil || b < 1 || a < 0 || a >= b {
			return 0, 0, usagef("%s: shard %s/%s: want I/N with 0 ≤ I < N", what, i, n)
		}
		return a, b, nil
	}
	if flag != "" {
		i, n, ok := strings.Cut(flag, "/")
		if !ok {
			return 0, 0, usagef("--shard %q: want I/N", flag)
		}
		return parse(i, n, "--shard")
	}
	if id := getenv("SLURM_ARRAY_TASK_ID"); id != "" {
		count, lo, hi := getenv("SLURM_ARRAY_TASK_COUNT"), getenv("SLURM_ARRAY_TASK_MIN"), getenv("SLURM_ARRAY_TASK_MAX")
		if count == "" || lo == "" {
			return 0, 0, usagef("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MIN is not: run as a Slurm job array (sbatch --array=0-19) or give --shard I/N")
		}
		a, err1 := strconv.Atoi(strings.TrimSpace(id))
		m, err2 := strconv.Atoi(strings.TrimSpace(lo))
		c, err3 := strconv.Atoi(strings.TrimSpace(count))
		if err1 != nil || err2 != nil || err3 != nil {
			return 0, 0, usagef("SLURM_ARRAY_TASK_ID %q, SLURM_ARRAY_TASK_MIN %q, SLURM_ARRAY_TASK_COUNT %q: want whole numbers", id, lo, count)
		}
		if hi != "" {
			if x, err := strconv.Atoi(strings.TrimSpace(hi)); err != nil || x-m+1 != c {
				return 0, 0, usagef("the Slurm array runs %s to %s but has %d tasks: use a contiguous range with no step (--array=0-%d, or 1-%d) or give --shard I/N", lo, hi, c, c-1, c)
			}
		}
		return parse(strconv.Itoa(a-m), count, "Slurm array task "+id)
	}
	if i := getenv("JOB_COMPLETION_INDEX"); i != "" {
		n := getenv("NEEDSPLAN_SHARDS")
		if n == "" {
			return 0, 0, usagef("JOB_COMPLETION_INDEX is set but NEEDSPLAN_SHARDS is not: set NEEDSPLAN_SHARDS to the Job's completions (docs/scale-out.md) or give --shard I/N")
		}
		return parse(i, n, "JOB_COMPLETION_INDEX and NEEDSPLAN_SHARDS")
	}
	return 0, 1, nil
}

// progressReporter reports a sweep's units done, the rate and the time
// left on stderr: redrawn in place on a terminal, otherwise (Slurm and
// Kubernetes logs) as a plain line every progressEvery or every twentieth
// of the units, whichever comes first, and at the end. Units found
// complete from an earlier run count as done but not towards the rate.
type progressReporter struct {
	w          io.Writer
	tty        bool
	now        func() time.Time // the clock: progress display only, never in outputs
	mu         sync.Mutex
	total      int
	resumed    int
	done       int
	start      time.Time
	lastLine   time.Time
	lastUnits  int
	everyUnits int
}

// progressEvery is how often a log line is written when stderr is not a
// terminal.
const progressEvery = 30 * time.Second

func newProgress(stderr io.Writer, total int, now func() time.Time) *progressReporter {
	p := &progressReporter{w: stderr, total: total, now: now, everyUnits: max(1, total/20)}
	if f, ok := stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	p.start, p.lastLine = now(), now()
	return p
}

// resume counts n units already complete.
func (p *progressReporter) resume(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.resumed += n
	p.done += n
	p.lastUnits = p.done
}

// set records that done units are complete in all (resumed included).
func (p *progressReporter) set(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = done
	t := p.now()
	computed := p.done - p.resumed
	el := t.Sub(p.start).Seconds()
	left := "unknown"
	rate := 0.0
	if computed > 0 && el > 0 {
		rate = float64(computed) / el
		left = (time.Duration(float64(p.total-p.done)/rate) * time.Second).Round(time.Second).String()
	}
	line := fmt.Sprintf("%d/%d units", p.done, p.total)
	if p.resumed > 0 {
		line += fmt.Sprintf(" (%d from an earlier run)", p.resumed)
	}
	line += fmt.Sprintf(", %.2f a second, about %s left", rate, left)
	switch {
	case p.tty:
		fmt.Fprintf(p.w, "\r  %s   ", line)
		if p.done == p.total {
			fmt.Fprintln(p.w)
		}
	case p.done == p.total || t.Sub(p.lastLine) >= progressEvery || p.done-p.lastUnits >= p.everyUnits:
		fmt.Fprintf(p.w, "needsplan: sweep progress: %s\n", line)
		p.lastLine, p.lastUnits = t, p.done
	}
}

// partColumns are a part's columns: the replication and the estate
// outcomes. The point and the shard are the partition keys in the path
// (point=K/shard=I), not columns, so that readers of Hive partitioning
// (pyarrow, pandas, Spark, R arrow, DuckDB) do not meet the same name twice.
var partColumns = append([]string{"replication"}, func() []string {
	var out []string
	for _, j := range estate.CompareMeasures {
		out = append(out, estate.MeasureNames[j])
	}
	return out
}()...)

// Files of a sweep directory besides the parts. Their names start with an
// underscore, which pyarrow, pandas, Spark and R arrow skip when reading
// the directory as a dataset.
const (
	pointsFile   = "_points.csv"
	sweepFile    = "_sweep.json"
	manifestFile = "_manifest.json"
)

// sweepManifest is what a sweep directory, and each part in it, was made
// from. A part is reused only when its manifest matches the run's.
type sweepManifest struct {
	Inputs       string `json:"inputs_sha256"` // the sweep and scenario files and the datasets
	Version      string `json:"version"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"`
	Points       int    `json:"points"`
	Shards       int    `json:"shards"`
	// Per part:
	Point        *int   `json:"point,omitempty"`
	Shard        *int   `json:"shard,omitempty"`
	Units        []int  `json:"replications_in_part,omitempty"`
	Rows         int    `json:"rows,omitempty"`
	PartChecksum string `json:"part_sha256,omitempty"`
}

// differences says how a manifest found differs from the one wanted.
func (m *sweepManifest) differences(want *sweepManifest) []string {
	var d []string
	if m.Inputs != want.Inputs {
		d = append(d, "the inputs changed (the sweep file, a scenario file or a dataset)")
	}
	if m.Version != want.Version {
		d = append(d, fmt.Sprintf("written by needsplan %s, this is %s", m.Version, want.Version))
	}
	if m.Seed != want.Seed || m.Replications != want.Replications || m.Points != want.Points {
		d = append(d, fmt.Sprintf("seed %d, %d replications, %d points then; %d, %d, %d now", m.Seed, m.Replications, m.Points, want.Seed, want.Replications, want.Points))
	}
	if m.Shards != want.Shards {
		d = append(d, fmt.Sprintf("split into %d shards then, %d now", m.Shards, want.Shards))
	}
	if want.Point != nil && (m.Point == nil || *m.Point != *want.Point || m.Shard == nil || *m.Shard != *want.Shard || !slices.Equal(m.Units, want.Units)) {
		d = append(d, "a different point, shard or set of replications")
	}
	return d
}

func readManifest(path string) (*sweepManifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m sweepManifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: not a manifest: %w", path, err)
	}
	return &m, nil
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return data.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// sweepInputs hashes what a sweep's numbers depend on: the contents of the
// sweep file and the scenario files it reads, and the checksums of every
// dataset its points use (the embedded one too).
func sweepInputs(sw *data.Sweep, datasets []string) (string, error) {
	h := sha256.New()
	for _, f := range sw.Files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", fmt.Errorf("hashing %s: %w", f, err)
		}
		fmt.Fprintf(h, "file %d\n", len(b))
		h.Write(b)
	}
	for _, ds := range datasets {
		paths := data.DefaultPaths()
		if ds != "" {
			var err error
			if paths, err = data.DatasetPaths(ds); err != nil {
				return "", err
			}
		}
		sums, err := data.Checksums(paths)
		if err != nil {
			return "", err
		}
		for _, s := range sums {
			fmt.Fprintf(h, "dataset %s\n", s[1])
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// partComplete reports whether a part on disk is complete: readable
// Parquet with the manifest's checksum, rows and replications.
func partComplete(ctx context.Context, path string, m *sweepManifest) bool {
	b, err := os.ReadFile(path)
	if err != nil || data.Checksum(b) != m.PartChecksum {
		return false
	}
	t, err := data.ReadTableParquet(ctx, bytes.NewReader(b), path)
	if err != nil || t.Rows() != m.Rows || len(t.Columns) != len(partColumns) || t.Columns[0].Name != "replication" {
		return false
	}
	for i, r := range t.Columns[0].Ints {
		if i >= len(m.Units) || int(r) != m.Units[i] {
			return false
		}
	}
	return true
}

func runSweep(ctx context.Context, o *sweepOptions, file string, stdout, stderr io.Writer) error {
	if o.out == "" {
		return usagef("sweep needs --out DIR")
	}
	if o.format != "table" && o.format != "csv" && o.format != "json" {
		return usagef("--format %q: want table, csv or json", o.format)
	}
	si, sn, err := shardOf(o.shard, os.Getenv)
	if err != nil {
		return err
	}
	sw, err := data.ReadSweep(file)
	if err != nil {
		return err
	}
	// Every point checked against its dataset before anything is written.
	scenarios := pipeline.NewScenarios(loadDataset, stderrLog(stderr))
	var datasets []string
	scs := make([]*model.Scenario, sw.NumPoints())
	for k := range scs {
		if scs[k], err = sw.Scenario(k); err != nil {
			return err
		}
		if err := scenarios.Check(ctx, scs[k]); err != nil {
			if k > 0 {
				return fmt.Errorf("sweep point %d (%s): %w", k, strings.Join(sw.Point(k), ", "), err)
			}
			return err
		}
		if ds := scs[k].Dataset.Or(""); !slices.Contains(datasets, ds) {
			datasets = append(datasets, ds)
		}
	}
	slices.Sort(datasets)
	inputs, err := sweepInputs(sw, datasets)
	if err != nil {
		return err
	}
	R := sw.Replications
	want := sweepManifest{Inputs: inputs, Version: version(), Seed: sw.Seed, Replications: R, Points: len(scs), Shards: sn}
	if old, err := readManifest(filepath.Join(o.out, sweepFile)); err == nil {
		if d := old.differences(&want); len(d) > 0 {
			return fmt.Errorf("%s holds another sweep (%s): use a new --out, or remove it to start again", o.out, strings.Join(d, "; "))
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", o.out, err)
	}
	// The points and the settings every shard shares (written identically by
	// each, atomically).
	var pts bytes.Buffer
	cw := csv.NewWriter(&pts)
	head := []string{"point"}
	for _, p := range sw.Params {
		head = append(head, p.Name)
	}
	_ = cw.Write(append(head, "replications", "seed"))
	for k := range scs {
		_ = cw.Write(append(append([]string{strconv.Itoa(k)}, sw.Point(k)...), strconv.Itoa(R), strconv.FormatUint(scs[k].Seed.Or(sw.Seed), 10)))
	}
	cw.Flush()
	if err := data.WriteFileAtomic(filepath.Join(o.out, pointsFile), func(w io.Writer) error {
		_, err := w.Write(pts.Bytes())
		return err
	}); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(o.out, sweepFile), want); err != nil {
		return err
	}
	total := 0
	for k := range scs {
		for r := range R {
			if (k*R+r)%sn == si {
				total++
			}
		}
	}
	progress := newProgress(stderr, total, time.Now)
	done := 0
	for k := range scs {
		var reps []int
		for r := range R {
			if (k*R+r)%sn == si {
				reps = append(reps, r)
			}
		}
		if len(reps) == 0 {
			continue
		}
		dir := filepath.Join(o.out, fmt.Sprintf("point=%d", k), fmt.Sprintf("shard=%d", si))
		part, manPath := filepath.Join(dir, "part.parquet"), filepath.Join(dir, manifestFile)
		pk, ps := k, si
		wantPart := want
		wantPart.Point, wantPart.Shard, wantPart.Units = &pk, &ps, reps
		if m, err := readManifest(manPath); err == nil {
			if d := m.differences(&wantPart); len(d) > 0 {
				return fmt.Errorf("%s was written for another sweep (%s): use a new --out, or remove %s to start again", dir, strings.Join(d, "; "), o.out)
			}
			if partComplete(ctx, part, m) {
				done += len(reps)
				progress.resume(len(reps))
				continue
			}
			fmt.Fprintf(stderr, "needsplan: %s is incomplete or damaged: computing it again\n", part)
		} else if _, err := os.Stat(part); err == nil {
			fmt.Fprintf(stderr, "needsplan: %s has no manifest (interrupted while writing): computing it again\n", part)
		}
		sc := scs[k]
		m, err := scenarios.Model(ctx, sc)
		if err != nil {
			return err
		}
		seed := sc.Seed.Or(sw.Seed)
		base := done
		figs, err := sim.Replicate(ctx, seed, len(reps), o.workers, func(ctx context.Context, i int, _ *rand.Rand) ([]float64, error) {
			run, err := m.Run(ctx, sim.Stream(seed, reps[i]))
			if err != nil {
				return nil, err
			}
			return estate.Figures(run), nil
		}, func(d int) { progress.set(base + d) })
		if err != nil {
			return err
		}
		done += len(reps)
		t := model.Table{Name: "part"}
		for j, name := range partColumns {
			c := model.Column{Name: name, Kind: model.FloatColumn}
			if j == 0 {
				c.Kind = model.IntColumn
			}
			t.Columns = append(t.Columns, c)
		}
		for i, r := range reps {
			t.Columns[0].Ints = append(t.Columns[0].Ints, int64(r))
			for j, v := range figs[i] {
				t.Columns[1+j].Floats = append(t.Columns[1+j].Floats, v)
			}
		}
		var buf bytes.Buffer
		if err := data.WriteParquet(&buf, &t); err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", part, err)
		}
		// The part, then its manifest, each atomically: a part without a
		// manifest is never taken as complete.
		if err := data.WriteFileAtomic(part, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
			return err
		}
		wantPart.Rows, wantPart.PartChecksum = len(reps), data.Checksum(buf.Bytes())
		if err := writeJSON(manPath, wantPart); err != nil {
			return err
		}
	}
	if total == 0 {
		progress.set(0)
	}
	if sn > 1 {
		fmt.Fprintf(stderr, "needsplan: shard %d/%d done (%d units); when all %d shards have finished, run 'needsplan merge %s'\n", si, sn, total, sn, o.out)
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
	sweep, err := readManifest(filepath.Join(dir, sweepFile))
	if err != nil {
		return &data.Error{File: filepath.Join(dir, sweepFile), Msg: "not a sweep directory (no readable " + sweepFile + "): " + err.Error()}
	}
	pf := filepath.Join(dir, pointsFile)
	b, err := os.ReadFile(pf)
	if err != nil {
		return &data.Error{File: pf, Msg: "not a sweep directory (no " + pointsFile + ")"}
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) != sweep.Points+1 || len(rows[0]) < 3 {
		return &data.Error{File: pf, Msg: fmt.Sprintf("want a header and %d points", sweep.Points)}
	}
	params := rows[0][1 : len(rows[0])-2]
	rows = rows[1:]
	R := sweep.Replications
	figs := make([][][]float64, len(rows)) // [point][replication]
	for k := range figs {
		figs[k] = make([][]float64, R)
	}
	err = filepath.WalkDir(dir, func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || de.Name() != "part.parquet" {
			return err
		}
		m, err := readManifest(filepath.Join(filepath.Dir(path), manifestFile))
		if err != nil {
			return fmt.Errorf("%s: no manifest beside it (an interrupted run): rerun its shard, which computes it again", path)
		}
		if d := m.differences(sweep); len(d) > 0 || m.Point == nil || m.Shard == nil {
			return fmt.Errorf("%s does not belong to the sweep in %s (%s): rerun its shard in a new directory", path, dir, strings.Join(d, "; "))
		}
		if rel, _ := filepath.Rel(dir, path); rel != filepath.Join(fmt.Sprintf("point=%d", *m.Point), fmt.Sprintf("shard=%d", *m.Shard), "part.parquet") {
			return fmt.Errorf("%s: its manifest says point %d, shard %d", path, *m.Point, *m.Shard)
		}
		if !partComplete(ctx, path, m) {
			return fmt.Errorf("%s is incomplete or damaged: rerun shard %d/%d, which computes it again", path, *m.Shard, m.Shards)
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
		k := *m.Point
		for i := range t.Rows() {
			r := int(t.Columns[0].Ints[i])
			if k < 0 || k >= len(figs) || r < 0 || r >= R {
				return &data.Error{File: path, Row: i + 1, Record: true, Msg: fmt.Sprintf("unit (point %d, replication %d) is not in the sweep", k, r)}
			}
			if figs[k][r] != nil {
				return &data.Error{File: path, Row: i + 1, Record: true, Msg: fmt.Sprintf("unit (point %d, replication %d) appears twice", k, r)}
			}
			v := make([]float64, len(t.Columns)-1)
			for j := range v {
				v[j] = t.Columns[1+j].Floats[i]
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
	t.Columns = append(t.Columns, model.Column{Name: "measure"})
	for _, name := range []string{"mean", "ci_low", "ci_high"} {
		t.Columns = append(t.Columns, model.Column{Name: name, Kind: model.FloatColumn})
	}
	t.Columns = append(t.Columns, model.Column{Name: "replications", Kind: model.IntColumn})
	np := len(params)
	for k := range figs {
		for j, mi := range estate.CompareMeasures {
			var v []float64
			for r := range R {
				v = append(v, figs[k][r][j])
			}
			s := sim.Summarise(v)
			if !hasInterval(s) {
				s.Lo, s.Hi = math.NaN(), math.NaN() // no interval from one replication
			}
			t.Columns[0].Ints = append(t.Columns[0].Ints, int64(k))
			for p := range params {
				t.Columns[1+p].Text = append(t.Columns[1+p].Text, rows[k][1+p])
			}
			t.Columns[1+np].Text = append(t.Columns[1+np].Text, estate.MeasureNames[mi])
			t.Columns[2+np].Floats = append(t.Columns[2+np].Floats, s.Mean)
			t.Columns[3+np].Floats = append(t.Columns[3+np].Floats, s.Lo)
			t.Columns[4+np].Floats = append(t.Columns[4+np].Floats, s.Hi)
			t.Columns[5+np].Ints = append(t.Columns[5+np].Ints, int64(s.N))
		}
	}
	return o.out.write(stdout, &t, func(w io.Writer) error { return reports.WriteText(w, &t) })
}
