package sweep_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"needsplan/data"
	"needsplan/model"
	"needsplan/pipeline"
	"needsplan/sweep"
)

const sample = "../testdata/sample"

// writeSweep writes a base scenario on the sample dataset and a sweep of
// 2 × 2 points and 5 replications into dir.
func writeSweep(t testing.TB, dir string) string {
	t.Helper()
	sampleAbs, err := filepath.Abs(sample)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "base.yaml"), []byte("# base\nname: base\ndataset: "+sampleAbs+"\nyears: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "sweep.yaml")
	body := "# a sweep\nbase: base.yaml\nreplications: 5\nseed: 3\ngrid:\n  policy: [release-date, fifo]\n  growth: [0, 0.5]\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// events records what a run tells its Progress and Note.
type events struct {
	mu             sync.Mutex
	start, resumed int
	last           int
	notes          []string
}

func (e *events) Start(n int)  { e.start = n }
func (e *events) Resume(n int) { e.resumed += n }
func (e *events) Set(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.last = max(e.last, n)
}

func (e *events) options() sweep.Options {
	return sweep.Options{Workers: 2, Version: "test", Progress: e, Note: func(s string) { e.notes = append(e.notes, s) }}
}

func open(t *testing.T, file string) *sweep.Sweep {
	t.Helper()
	s, err := sweep.Open(context.Background(), file, pipeline.NewScenarios(nil, pipeline.Log{}))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// csvOf renders a summary as CSV.
func csvOf(t *testing.T, tab *model.Table) string {
	t.Helper()
	var b bytes.Buffer
	if err := data.WriteCSV(&b, tab); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestShardsMerge: the same sweep run as 1, 2 and 3 shards has every unit
// in exactly one shard and merges to byte-identical summaries; with a
// shard missing, Merge says how many units are missing.
func TestShardsMerge(t *testing.T) {
	dir := t.TempDir()
	s := open(t, writeSweep(t, dir))
	if s.Points() != 4 || s.Replications() != 5 {
		t.Fatalf("%d points of %d replications, want 4 of 5", s.Points(), s.Replications())
	}
	ctx := context.Background()
	var summaries []string
	for _, n := range []int{1, 2, 3} {
		out := filepath.Join(dir, "runs", fmt.Sprint(n))
		units := 0
		for i := range n {
			var ev events
			if err := s.Run(ctx, out, sweep.Shard{Index: i, Of: n}, ev.options()); err != nil {
				t.Fatalf("shard %d/%d: %v", i, n, err)
			}
			if ev.start != s.Units(sweep.Shard{Index: i, Of: n}) || ev.last != ev.start || ev.resumed != 0 {
				t.Errorf("shard %d/%d: progress started at %d, ended at %d, %d resumed", i, n, ev.start, ev.last, ev.resumed)
			}
			units += ev.start
		}
		if units != 20 {
			t.Errorf("%d shards run %d units, want 20", n, units)
		}
		tab, err := sweep.Merge(ctx, out)
		if err != nil {
			t.Fatalf("merge %d shards: %v", n, err)
		}
		summaries = append(summaries, csvOf(t, tab))
		for _, f := range []string{"point=3/shard=0/part.parquet", "point=3/shard=0/_manifest.json", "_points.csv", "_sweep.json"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Errorf("%d shards: no %s: %v", n, f, err)
			}
		}
	}
	if summaries[0] != summaries[1] || summaries[0] != summaries[2] {
		t.Error("merged summaries differ with the number of shards")
	}
	if !strings.HasPrefix(summaries[0], "point,growth,policy,measure,mean,ci_low,ci_high,replications\n0,0,release-date,completed_in_time,") {
		t.Errorf("summary:\n%s", summaries[0][:min(300, len(summaries[0]))])
	}
	out := filepath.Join(dir, "runs", "partial")
	if err := s.Run(ctx, out, sweep.Shard{Index: 0, Of: 2}, sweep.Options{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := sweep.Merge(ctx, out); err == nil || !strings.Contains(err.Error(), "10 of 20 units are missing") {
		t.Errorf("merge with a shard missing: %v", err)
	}
	if err := s.Run(ctx, out, sweep.Shard{Index: 2, Of: 2}, sweep.Options{}); err == nil {
		t.Error("shard 2/2 ran")
	}
}

// TestResume: a rerun skips the parts that are complete and match;
// computes again one removed, one truncated and one without a manifest;
// refuses a directory written from another sweep file or another number of
// shards; and Merge refuses a damaged part and a part from another sweep.
func TestResume(t *testing.T) {
	dir := t.TempDir()
	file := writeSweep(t, dir)
	ctx := context.Background()
	out := filepath.Join(dir, "runs")
	one := sweep.Shard{Index: 0, Of: 1}
	if err := open(t, file).Run(ctx, out, one, sweep.Options{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	first, err := sweep.Merge(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	part := func(k int) string { return filepath.Join(out, fmt.Sprintf("point=%d", k), "shard=0", "part.parquet") }
	keep, _ := os.Stat(part(0))
	must(t, os.Remove(part(1)))
	must(t, os.Truncate(part(2), 10))
	must(t, os.Remove(filepath.Join(filepath.Dir(part(3)), "_manifest.json")))
	if _, err := sweep.Merge(ctx, out); err == nil || !strings.Contains(err.Error(), "point=2") {
		t.Errorf("merge with a truncated part: %v", err)
	}
	var ev events
	if err := open(t, file).Run(ctx, out, one, ev.options()); err != nil {
		t.Fatal(err)
	}
	again, err := sweep.Merge(ctx, out)
	if err != nil || csvOf(t, again) != csvOf(t, first) {
		t.Fatalf("resumed: %v, same summary %v", err, err == nil && csvOf(t, again) == csvOf(t, first))
	}
	if after, _ := os.Stat(part(0)); !after.ModTime().Equal(keep.ModTime()) {
		t.Error("a complete part was written again")
	}
	notes := strings.Join(ev.notes, "\n")
	if ev.resumed != 5 || ev.last != 20 || !strings.Contains(notes, "point=2/shard=0/part.parquet is incomplete") ||
		!strings.Contains(notes, "point=3/shard=0/part.parquet has no manifest") {
		t.Errorf("resumed %d, last %d, notes:\n%s", ev.resumed, ev.last, notes)
	}
	// Another sweep file into the same directory: refused.
	b, _ := os.ReadFile(file)
	must(t, os.WriteFile(file, bytes.Replace(b, []byte("growth: [0, 0.5]"), []byte("growth: [0, 0.2]"), 1), 0o644))
	if err := open(t, file).Run(ctx, out, one, sweep.Options{Version: "test"}); err == nil || !strings.Contains(err.Error(), "the inputs changed") {
		t.Errorf("changed sweep file: %v", err)
	}
	must(t, os.WriteFile(file, b, 0o644))
	if err := open(t, file).Run(ctx, out, sweep.Shard{Index: 0, Of: 3}, sweep.Options{Version: "test"}); err == nil || !strings.Contains(err.Error(), "split into 1 shards then, 3 now") {
		t.Errorf("changed shard count: %v", err)
	}
	if err := open(t, file).Run(ctx, out, one, sweep.Options{Version: "other"}); err == nil || !strings.Contains(err.Error(), "written by needsplan test, this is other") {
		t.Errorf("another version: %v", err)
	}
	// A part from another sweep copied in: Merge refuses it.
	other := filepath.Join(dir, "other")
	file2 := filepath.Join(dir, "sweep2.yaml")
	must(t, os.WriteFile(file2, bytes.Replace(b, []byte("seed: 3"), []byte("seed: 4"), 1), 0o644))
	if err := open(t, file2).Run(ctx, other, one, sweep.Options{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"part.parquet", "_manifest.json"} {
		src, _ := os.ReadFile(filepath.Join(other, "point=1", "shard=0", f))
		must(t, os.WriteFile(filepath.Join(out, "point=1", "shard=0", f), src, 0o644))
	}
	if _, err := sweep.Merge(ctx, out); err == nil || !strings.Contains(err.Error(), "does not belong to the sweep") {
		t.Errorf("merge of a foreign part: %v", err)
	}
}

// TestChecksFirst: a base naming an unknown establishment is an input
// error from Open, naming the line, before anything is written.
func TestChecksFirst(t *testing.T) {
	dir := t.TempDir()
	file := writeSweep(t, dir)
	b, _ := os.ReadFile(filepath.Join(dir, "base.yaml"))
	must(t, os.WriteFile(filepath.Join(dir, "base.yaml"), append(b, "suspensions:\n  - {establishment: XYZ, to: 6}\n"...), 0o644))
	_, err := sweep.Open(context.Background(), file, pipeline.NewScenarios(nil, pipeline.Log{}))
	if !errors.Is(err, data.ErrInvalid) || !strings.Contains(err.Error(), "base.yaml: line 6") {
		t.Errorf("%v; want an input error naming base.yaml line 6", err)
	}
}

// TestMergeNotASweep: a directory that is not a sweep's is an input error.
func TestMergeNotASweep(t *testing.T) {
	if _, err := sweep.Merge(context.Background(), t.TempDir()); !errors.Is(err, data.ErrInvalid) || !strings.Contains(err.Error(), "not a sweep directory") {
		t.Errorf("an empty directory: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestShardFromEnvironment: --shard wins; then a Slurm job array
// (0-based or 1-based, contiguous), then a Kubernetes Indexed Job; a
// variable without its partner is refused, naming what to set.
func TestShardFromEnvironment(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	tests := []struct {
		name     string
		flag     string
		env      func(string) string
		i, n     int
		errNames string // the variable the error must name
	}{
		{"none", "", env(), 0, 1, ""},
		{"flag", "1/3", env("SLURM_ARRAY_TASK_ID", "5"), 1, 3, ""},
		{"Kubernetes", "", env("JOB_COMPLETION_INDEX", "4", "NEEDSPLAN_SHARDS", "8"), 4, 8, ""},
		{"Kubernetes without NEEDSPLAN_SHARDS", "", env("JOB_COMPLETION_INDEX", "4"), 0, 0, "NEEDSPLAN_SHARDS"},
		{"Slurm 0-based", "", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "9", "SLURM_ARRAY_TASK_COUNT", "10"), 2, 10, ""},
		{"Slurm 1-based, last task", "", env("SLURM_ARRAY_TASK_ID", "20", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "20", "SLURM_ARRAY_TASK_COUNT", "20"), 19, 20, ""},
		{"Slurm with a step", "", env("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "8", "SLURM_ARRAY_TASK_COUNT", "5"), 0, 0, "contiguous"},
		{"Slurm without a count", "", env("SLURM_ARRAY_TASK_ID", "4"), 0, 0, "SLURM_ARRAY_TASK_COUNT"},
	}
	for _, tt := range tests {
		sh, err := sweep.ShardOf(tt.flag, tt.env)
		i, n := sh.Index, sh.Of
		if tt.errNames != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errNames) {
				t.Errorf("%s: %d/%d %v, want an error naming %s", tt.name, i, n, err, tt.errNames)
			}
			continue
		}
		if err != nil || i != tt.i || n != tt.n {
			t.Errorf("%s: %d/%d %v, want %d/%d", tt.name, i, n, err, tt.i, tt.n)
		}
	}
}
