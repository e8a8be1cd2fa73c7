package main

import (
	"bytes"
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

// TestSweepCLI: the sweep and merge commands end to end (the logic itself
// is tested in package sweep): --shard splits the units and merge
// combines the shards to the single run's summary, byte for byte; the
// files are where docs/scale-out.md says; a rerun says what it resumed;
// and the exit statuses: 2 for a mistake in the command line, 3 for
// invalid inputs (nothing written), 1 for a missing shard or a directory
// written by another sweep.
func TestSweepCLI(t *testing.T) {
	dir := t.TempDir()
	sweep := writeSweep(t, dir)
	one, two := filepath.Join(dir, "one"), filepath.Join(dir, "two")
	code, whole, errb := runCLI(t, "sweep", sweep, "--out", one, "--format", "csv")
	if code != 0 || !strings.HasPrefix(whole, "point,growth,policy,measure,mean,ci_low,ci_high,replications\n0,0,release-date,completed_in_time,") {
		t.Fatalf("sweep: exit %d: %s\n%s", code, errb, whole)
	}
	code, _, errb = runCLI(t, "sweep", sweep, "--out", two, "--shard", "0/2")
	if code != 0 || !strings.Contains(errb, "shard 0/2 done (10 units); when all 2 shards have finished, run 'needsplan merge "+two+"'") {
		t.Fatalf("shard 0/2: exit %d: %s", code, errb)
	}
	if code, _, errb := runCLI(t, "merge", two); code != 1 || !strings.Contains(errb, "10 of 20 units are missing") {
		t.Errorf("merge with a shard missing: exit %d, %s", code, errb)
	}
	if code, _, errb := runCLI(t, "sweep", sweep, "--out", two, "--shard", "1/2"); code != 0 {
		t.Fatalf("shard 1/2: exit %d: %s", code, errb)
	}
	if code, merged, errb := runCLI(t, "merge", two, "--format", "csv"); code != 0 || merged != whole {
		t.Errorf("merge of 2 shards: exit %d, same as one shard %v: %s", code, merged == whole, errb)
	}
	for _, f := range []string{"point=3/shard=1/part.parquet", "point=3/shard=1/_manifest.json", "_points.csv", "_sweep.json"} {
		if _, err := os.Stat(filepath.Join(two, f)); err != nil {
			t.Errorf("no %s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(two, "points.csv")); err == nil {
		t.Errorf("points.csv in the dataset root: pyarrow would read it as data")
	}
	// A rerun resumes, and says so.
	if err := os.Remove(filepath.Join(one, "point=3", "shard=0", "part.parquet")); err != nil {
		t.Fatal(err)
	}
	code, again, errb := runCLI(t, "sweep", sweep, "--out", one, "--format", "csv")
	if code != 0 || again != whole || !strings.Contains(errb, "needsplan: sweep progress: 20/20 units (15 from an earlier run)") {
		t.Errorf("resume: exit %d, same summary %v: %s", code, again == whole, errb)
	}
	// Exit statuses.
	if code, _, _ := runCLI(t, "sweep", sweep, "--out", two, "--shard", "2/2"); code != 2 {
		t.Errorf("--shard 2/2: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "sweep", sweep); code != 2 {
		t.Errorf("no --out: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "sweep", sweep, "--out", two, "--format", "parquet"); code != 2 {
		t.Errorf("--format parquet: exit %d, want 2", code)
	}
	if code, _, errb := runCLI(t, "sweep", sweep, "--out", one, "--shard", "0/3"); code != 1 || !strings.Contains(errb, "split into 1 shards then, 3 now") {
		t.Errorf("changed shard count: exit %d, %s", code, errb)
	}
	if code, _, errb := runCLI(t, "merge", dir); code != 3 || !strings.Contains(errb, "not a sweep directory") {
		t.Errorf("merge of a directory that is not a sweep's: exit %d, %s", code, errb)
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

// TestSweepProgress: off a terminal, progress is a plain line every
// twentieth of the units or 30 seconds, and units resumed from an earlier
// run do not count towards the rate: 100 units of which 60 were done
// before, 20 computed in 10 seconds (a fake clock) is 2 a second and 10
// seconds left.
func TestSweepProgress(t *testing.T) {
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	p := newProgress(&buf, true, func() time.Time { return now })
	p.Start(100)
	p.Resume(60)
	now = now.Add(10 * time.Second)
	p.Set(80)
	if got := buf.String(); !strings.Contains(got, "80/100 units (60 from an earlier run), 2.00 a second, about 10s left") {
		t.Errorf("progress line %q", got)
	}
	buf.Reset()
	p.Set(81) // neither 5 units nor 30 s since the last line
	if buf.Len() != 0 {
		t.Errorf("a line after one unit: %q", buf.String())
	}
	now = now.Add(31 * time.Second)
	p.Set(82)
	if !strings.HasPrefix(buf.String(), "needsplan: sweep progress: 82/100") {
		t.Errorf("after 30 s: %q", buf.String())
	}
}

// TestReplicationProgress: a simulation's progress goes to a file (a
// scheduler's log) as a line at every twentieth of the replications, only
// forwards; other writers get none.
func TestReplicationProgress(t *testing.T) {
	if replicationProgress(&bytes.Buffer{}, 40) != nil {
		t.Error("progress for a writer that is not a file")
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set := replicationProgress(f, 40)
	for _, d := range []int{1, 2, 4, 3, 5, 40} {
		set(d)
	}
	b, _ := os.ReadFile(f.Name())
	want := "needsplan: progress: 2/40 replications\nneedsplan: progress: 4/40 replications\nneedsplan: progress: 40/40 replications\n"
	if string(b) != want {
		t.Errorf("progress lines:\n%s\nwant\n%s", b, want)
	}
}
