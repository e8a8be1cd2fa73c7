package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeSweep writes a base scenario on the sample dataset and a sweep of
// 2 × 2 points and 5 replications.
func writeSweep(t *testing.T, dir string) string {
	t.Helper()
	sampleAbs, _ := filepath.Abs(sample)
	_ = os.WriteFile(filepath.Join(dir, "base.yaml"), []byte("# base\nname: base\ndataset: "+sampleAbs+"\nyears: 2\n"), 0o644)
	sweep := filepath.Join(dir, "sweep.yaml")
	_ = os.WriteFile(sweep, []byte("# a sweep\nbase: base.yaml\nreplications: 5\nseed: 3\ngrid:\n  policy: [release-date, fifo]\n  growth: [0, 0.5]\n"), 0o644)
	return sweep
}

// TestSweepShardsMerge: the same sweep run as 1, 2 and 3 shards merges to
// byte-identical summaries; a missing shard is reported.
func TestSweepShardsMerge(t *testing.T) {
	dir := t.TempDir()
	sweep := writeSweep(t, dir)
	var summaries []string
	for _, n := range []int{1, 2, 3} {
		out := filepath.Join(dir, "runs", fmt.Sprint(n))
		for i := range n {
			code, _, errb := runCLI(t, "sweep", sweep, "--out", out, "--shard", fmt.Sprintf("%d/%d", i, n), "--format", "csv")
			if code != 0 {
				t.Fatalf("shard %d/%d: exit %d: %s", i, n, code, errb)
			}
		}
		code, s, errb := runCLI(t, "merge", out, "--format", "csv")
		if code != 0 {
			t.Fatalf("merge %d shards: exit %d: %s", n, code, errb)
		}
		summaries = append(summaries, s)
		for _, f := range []string{"point=3/shard=0/part.parquet", "point=3/shard=0/_manifest.json", "_points.csv", "_sweep.json"} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Errorf("%d shards: no %s: %v", n, f, err)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "points.csv")); err == nil {
			t.Errorf("points.csv in the dataset root: pyarrow would read it as data")
		}
	}
	if summaries[0] != summaries[1] || summaries[0] != summaries[2] {
		t.Error("merged summaries differ with the number of shards")
	}
	if !strings.HasPrefix(summaries[0], "point,growth,policy,measure,mean,ci_low,ci_high,replications\n0,0,release-date,completed_in_time,") {
		t.Errorf("summary:\n%s", summaries[0][:min(300, len(summaries[0]))])
	}
	// One shard of two missing: merge says what is missing.
	out := filepath.Join(dir, "runs", "partial")
	runCLI(t, "sweep", sweep, "--out", out, "--shard", "0/2")
	if code, _, errb := runCLI(t, "merge", out); code == 0 || !strings.Contains(errb, "units are missing") {
		t.Errorf("merge with a shard missing: exit %d, %s", code, errb)
	}
	if code, _, _ := runCLI(t, "sweep", sweep, "--out", out, "--shard", "2/2"); code != 2 {
		t.Errorf("--shard 2/2: exit %d, want 2", code)
	}
}

// TestSweepResume: a rerun skips the parts that are complete and match;
// computes again one removed, one truncated and one without a manifest;
// refuses a directory written from another sweep file or another number of
// shards (which used to give stale numbers under new labels, or "appears
// twice" in merge); and merge refuses a part from another sweep.
func TestSweepResume(t *testing.T) {
	dir := t.TempDir()
	sweep := writeSweep(t, dir)
	out := filepath.Join(dir, "runs")
	code, first, errb := runCLI(t, "sweep", sweep, "--out", out, "--format", "csv")
	if code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, errb)
	}
	part := func(k int) string { return filepath.Join(out, fmt.Sprintf("point=%d", k), "shard=0", "part.parquet") }
	keep, _ := os.Stat(part(0))
	if err := os.Remove(part(1)); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(part(2), 10); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(filepath.Dir(part(3)), "_manifest.json")); err != nil {
		t.Fatal(err)
	}
	// A damaged part is not merged.
	if code, _, errb := runCLI(t, "merge", out); code == 0 || !strings.Contains(errb, "point=2") {
		t.Errorf("merge with a truncated part: exit %d, %s", code, errb)
	}
	code, again, errb := runCLI(t, "sweep", sweep, "--out", out, "--format", "csv")
	if code != 0 || again != first {
		t.Fatalf("resume: exit %d, same summary %v: %s", code, again == first, errb)
	}
	if after, _ := os.Stat(part(0)); !after.ModTime().Equal(keep.ModTime()) {
		t.Error("a complete part was written again")
	}
	if !strings.Contains(errb, "point=2/shard=0/part.parquet is incomplete") || !strings.Contains(errb, "point=3/shard=0/part.parquet has no manifest") ||
		!strings.Contains(errb, "(16 from an earlier run)") && !strings.Contains(errb, "from an earlier run") {
		t.Errorf("resume messages:\n%s", errb)
	}
	// Another sweep file into the same directory: refused, nothing changed.
	b, _ := os.ReadFile(sweep)
	_ = os.WriteFile(sweep, bytes.Replace(b, []byte("growth: [0, 0.5]"), []byte("growth: [0, 0.2]"), 1), 0o644)
	if code, _, errb := runCLI(t, "sweep", sweep, "--out", out); code != 1 || !strings.Contains(errb, "the inputs changed") {
		t.Errorf("changed sweep file: exit %d, %s; want 1 saying the inputs changed", code, errb)
	}
	_ = os.WriteFile(sweep, b, 0o644)
	if code, _, errb := runCLI(t, "sweep", sweep, "--out", out, "--shard", "0/3"); code != 1 || !strings.Contains(errb, "split into 1 shards then, 3 now") {
		t.Errorf("changed shard count: exit %d, %s", code, errb)
	}
	// A part from another sweep copied in: merge refuses it.
	other := filepath.Join(dir, "other")
	_ = os.WriteFile(filepath.Join(dir, "sweep2.yaml"), bytes.Replace(b, []byte("seed: 3"), []byte("seed: 4"), 1), 0o644)
	if code, _, errb := runCLI(t, "sweep", filepath.Join(dir, "sweep2.yaml"), "--out", other); code != 0 {
		t.Fatalf("second sweep: %s", errb)
	}
	for _, f := range []string{"part.parquet", "_manifest.json"} {
		src, _ := os.ReadFile(filepath.Join(other, "point=1", "shard=0", f))
		_ = os.WriteFile(filepath.Join(out, "point=1", "shard=0", f), src, 0o644)
	}
	if code, _, errb := runCLI(t, "merge", out); code == 0 || !strings.Contains(errb, "does not belong to the sweep") {
		t.Errorf("merge of a foreign part: exit %d, %s", code, errb)
	}
}

// TestSweepChecksFirst: a base naming an unknown establishment is an input
// error before anything is written (it used to write points.csv, then say
// "nothing was written").
func TestSweepChecksFirst(t *testing.T) {
	dir := t.TempDir()
	sweep := writeSweep(t, dir)
	b, _ := os.ReadFile(filepath.Join(dir, "base.yaml"))
	_ = os.WriteFile(filepath.Join(dir, "base.yaml"), append(b, "suspensions:\n  - {establishment: XYZ, to: 6}\n"...), 0o644)
	out := filepath.Join(dir, "runs")
	code, _, errb := runCLI(t, "sweep", sweep, "--out", out)
	if code != 3 || !strings.Contains(errb, "base.yaml: line 6") {
		t.Errorf("exit %d, %s; want 3 naming base.yaml line 6", code, errb)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the output directory was created")
	}
}

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
		i, n, err := shardOf(tt.flag, tt.env)
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

// TestSweepProgress: off a terminal, progress is a plain line every
// twentieth of the units or 30 seconds, and units resumed from an earlier
// run do not count towards the rate: 100 units of which 60 were done
// before, 20 computed in 10 seconds (a fake clock) is 2 a second and 10
// seconds left.
func TestSweepProgress(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	p := newProgress(&buf, 100, func() time.Time { return now })
	p.resume(60)
	now = now.Add(10 * time.Second)
	p.set(80)
	if got := buf.String(); !strings.Contains(got, "80/100 units (60 from an earlier run), 2.00 a second, about 10s left") {
		t.Errorf("progress line %q", got)
	}
	buf.Reset()
	p.set(81) // neither 5 units nor 30 s since the last line
	if buf.Len() != 0 {
		t.Errorf("a line after one unit: %q", buf.String())
	}
	now = now.Add(31 * time.Second)
	p.set(82)
	if !strings.HasPrefix(buf.String(), "needsplan: sweep progress: 82/100") {
		t.Errorf("after 30 s: %q", buf.String())
	}
}
