package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepShardsMerge: the same sweep run as 1, 2 and 3 shards merges to
// byte-identical summaries; a rerun resumes past written parts; a missing
// shard is reported.
func TestSweepShardsMerge(t *testing.T) {
	dir := t.TempDir()
	sampleAbs, _ := filepath.Abs(sample)
	base := filepath.Join(dir, "base.yaml")
	_ = os.WriteFile(base, []byte("name: base\ndataset: "+sampleAbs+"\nyears: 2\n"), 0o644)
	sweep := filepath.Join(dir, "sweep.yaml")
	_ = os.WriteFile(sweep, []byte("base: base.yaml\nreplications: 5\nseed: 3\ngrid:\n  policy: [release-date, fifo]\n  growth: [0, 0.5]\n"), 0o644)
	var summaries []string
	for _, n := range []int{1, 2, 3} {
		out := filepath.Join(dir, "runs", string(rune('0'+n)))
		for i := range n {
			code, _, errb := runCLI(t, "sweep", sweep, "--out", out, "--shard", strings.Join([]string{string(rune('0' + i)), string(rune('0' + n))}, "/"), "--format", "csv")
			if code != 0 {
				t.Fatalf("shard %d/%d: exit %d: %s", i, n, code, errb)
			}
		}
		code, s, errb := runCLI(t, "merge", out, "--format", "csv")
		if code != 0 {
			t.Fatalf("merge %d shards: exit %d: %s", n, code, errb)
		}
		summaries = append(summaries, s)
		if _, err := os.Stat(filepath.Join(out, "point=3", "shard=0", "part.parquet")); err != nil {
			t.Errorf("%d shards: no point=3/shard=0/part.parquet: %v", n, err)
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
	// Resume: remove one part, rerun: only it is written again.
	out = filepath.Join(dir, "runs", "1")
	keep := filepath.Join(out, "point=0", "shard=0", "part.parquet")
	gone := filepath.Join(out, "point=1", "shard=0", "part.parquet")
	before, _ := os.Stat(keep)
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	code, again, _ := runCLI(t, "sweep", sweep, "--out", out, "--format", "csv")
	after, _ := os.Stat(keep)
	if code != 0 || again != summaries[0] || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("resume: exit %d, same summary %v, untouched part kept %v", code, again == summaries[0], after.ModTime().Equal(before.ModTime()))
	}
	if _, err := os.Stat(gone); err != nil {
		t.Errorf("the removed part was not written again: %v", err)
	}
	if code, _, _ := runCLI(t, "sweep", sweep, "--out", out, "--shard", "2/2"); code != 2 {
		t.Errorf("--shard 2/2: exit %d, want 2", code)
	}
}

func TestShardFromEnvironment(t *testing.T) {
	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	t.Setenv("JOB_COMPLETION_INDEX", "")
	if i, n, err := shardOf(""); err != nil || i != 0 || n != 1 {
		t.Errorf("no environment: %d/%d %v, want 0/1", i, n, err)
	}
	t.Setenv("JOB_COMPLETION_INDEX", "4")
	t.Setenv("NEEDSPLAN_SHARDS", "8")
	if i, n, err := shardOf(""); err != nil || i != 4 || n != 8 {
		t.Errorf("Kubernetes: %d/%d %v, want 4/8", i, n, err)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "2")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "10")
	if i, n, err := shardOf(""); err != nil || i != 2 || n != 10 {
		t.Errorf("Slurm: %d/%d %v, want 2/10", i, n, err)
	}
	if i, n, err := shardOf("1/3"); err != nil || i != 1 || n != 3 {
		t.Errorf("--shard 1/3: %d/%d %v", i, n, err)
	}
}
