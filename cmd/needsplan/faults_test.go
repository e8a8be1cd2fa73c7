package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Fault tests: the real program, run as a subprocess (this test binary
// re-executed with faultChildEnv set, which makes TestMain call main),
// interrupted by SIGINT and SIGTERM while it works, and pointed at outputs
// it cannot write. Nothing waits a fixed time: each test polls for a
// marker (a progress line on stderr, a file on disk) and every wait has a
// generous deadline.

// faultChildEnv makes the test binary run main instead of the tests.
const faultChildEnv = "NEEDSPLAN_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(faultChildEnv) == "1" {
		main() // exits
	}
	os.Exit(m.Run())
}

// faultDeadline bounds every wait on a child: far beyond what the work
// takes (seconds), so that only a hang reaches it.
const faultDeadline = 3 * time.Minute

// child is a needsplan subprocess with its standard error collected as it
// comes.
type child struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr bytes.Buffer
	stdout bytes.Buffer
	exited chan struct{}
	code   int
}

// startChild runs needsplan with args in dir.
func startChild(t *testing.T, dir string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(os.Args[0], args...), exited: make(chan struct{})}
	c.cmd.Dir = dir
	c.cmd.Env = append(os.Environ(), faultChildEnv+"=1")
	c.cmd.Stdout = &lockedWriter{mu: &c.mu, w: &c.stdout}
	pipe, err := c.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			c.mu.Lock()
			c.stderr.Write(sc.Bytes())
			c.stderr.WriteByte('\n')
			c.mu.Unlock()
		}
		err := c.cmd.Wait()
		c.code = c.cmd.ProcessState.ExitCode()
		if err != nil && c.code < 0 {
			c.code = -1 // killed by a signal it did not handle
		}
		close(c.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-c.exited:
		default:
			_ = c.cmd.Process.Kill()
			<-c.exited
		}
	})
	return c
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// errOut returns the standard error so far.
func (c *child) errOut() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stderr.String()
}

// waitFor polls until ready says yes, failing if the child exits first or
// the deadline passes.
func (c *child) waitFor(t *testing.T, what string, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(faultDeadline)
	for !ready() {
		select {
		case <-c.exited:
			t.Fatalf("needsplan exited (status %d) before %s:\n%s", c.code, what, c.errOut())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s after %v:\n%s", what, faultDeadline, c.errOut())
		}
		time.Sleep(10 * time.Millisecond) // a polling interval, not a synchronisation
	}
}

// wait returns the child's exit status, failing at the deadline.
func (c *child) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-c.exited:
		return c.code
	case <-time.After(faultDeadline):
		t.Fatalf("needsplan still running %v after it was stopped:\n%s", faultDeadline, c.errOut())
	}
	return 0
}

// listTree returns every path under dir, relative to it, and fails on
// none of them: it is what a test compares before and after.
func listPaths(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if rel, _ := filepath.Rel(dir, p); rel != "." {
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// snapshot returns every file under dir with its bytes and modification
// time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, rel := range listPaths(t, dir) {
		p := filepath.Join(dir, rel)
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.IsDir() {
			out[rel] = "dir"
			continue
		}
		out[rel] = st.ModTime().String() + " " + string(mustRead(t, p))
	}
	return out
}

// sampleAbs is the sample dataset's absolute path, for children run in
// other directories.
func sampleAbs(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(sample)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// faultScale shrinks the work under the race detector, which runs the
// simulation about ten times slower, so that the tests take seconds
// either way.
func faultScale(n int) int {
	if raceEnabled {
		return max(1, n/5)
	}
	return n
}

var faultSignals = []struct {
	name string
	sig  syscall.Signal
}{{"SIGINT", syscall.SIGINT}, {"SIGTERM", syscall.SIGTERM}}

// TestInterruptSimulate: SIGINT or SIGTERM during a long simulate --out
// ends it with status 130, says nothing was written, and leaves neither
// the output nor a temporary file beside it.
func TestInterruptSimulate(t *testing.T) {
	t.Parallel()
	for _, s := range faultSignals {
		t.Run(s.name, func(t *testing.T) {
			dir := t.TempDir()
			reps := faultScale(10_000) // 2 ms each: 20 s, stopped after 1 s
			c := startChild(t, dir, "simulate", "--dataset", sampleAbs(t), "--years", "50", "--replications", fmt.Sprint(reps),
				"--workers", "1", "--format", "csv", "--out", "sim.csv")
			c.waitFor(t, "a progress line", func() bool { return strings.Contains(c.errOut(), "needsplan: progress: ") })
			if err := c.cmd.Process.Signal(s.sig); err != nil {
				t.Fatal(err)
			}
			if code := c.wait(t); code != exitInterrupted {
				t.Fatalf("exit status %d, want %d:\n%s", code, exitInterrupted, c.errOut())
			}
			if !strings.Contains(c.errOut(), "needsplan: interrupted; nothing was written") {
				t.Errorf("stderr does not say nothing was written:\n%s", c.errOut())
			}
			if strings.Contains(c.errOut(), fmt.Sprintf("progress: %d/%d", reps, reps)) {
				t.Errorf("the run finished before the signal: the test proves nothing:\n%s", c.errOut())
			}
			if left := listPaths(t, dir); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// TestInterruptReport: SIGINT or SIGTERM while report --out DIR replaces a
// previous report leaves the previous report exactly as it was (every
// file's bytes and time) and no temporary or old directory beside it.
func TestInterruptReport(t *testing.T) {
	t.Parallel()
	for _, s := range faultSignals {
		t.Run(s.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "report")
			if code, _, errb := runCLI(t, "report", "--dataset", sample, "--years", "1", "--replications", "2", "--out", out); code != 0 {
				t.Fatalf("the previous report: exit %d: %s", code, errb)
			}
			before := snapshot(t, dir)
			if _, ok := before[filepath.Join("report", "index.html")]; !ok {
				t.Fatalf("the previous report has no index.html: %v", listPaths(t, dir))
			}
			reps := faultScale(10_000)
			c := startChild(t, dir, "report", "--dataset", sampleAbs(t), "--years", "50", "--replications", fmt.Sprint(reps),
				"--workers", "1", "--out", "report")
			c.waitFor(t, "a progress line", func() bool { return strings.Contains(c.errOut(), "needsplan: progress: ") })
			if err := c.cmd.Process.Signal(s.sig); err != nil {
				t.Fatal(err)
			}
			if code := c.wait(t); code != exitInterrupted {
				t.Fatalf("exit status %d, want %d:\n%s", code, exitInterrupted, c.errOut())
			}
			after := snapshot(t, dir)
			for p, v := range before {
				if after[p] != v {
					t.Errorf("%s changed or went", p)
				}
			}
			for p := range after {
				if _, ok := before[p]; !ok {
					t.Errorf("left behind: %s", p)
				}
			}
		})
	}
}

// TestUnwritableOutput: an output whose parent is a regular file (which
// stops root too), and, when not root, one in a directory without write
// permission, make every command that writes exit with status 1 and a
// message naming the path, and write nothing.
func TestUnwritableOutput(t *testing.T) {
	t.Parallel()
	s := sampleAbs(t)
	commands := [][]string{
		{"needs", "--dataset", s, "--format", "csv", "--out", "OUT/needs.csv"},
		{"simulate", "--dataset", s, "--years", "1", "--replications", "2", "--format", "csv", "--out", "OUT/sim.csv"},
		{"simulate", "--dataset", s, "--years", "1", "--replications", "2", "--trace", "OUT/trace.parquet"},
		{"report", "--dataset", s, "--years", "1", "--replications", "2", "--out", "OUT/report"},
		{"sweep", "SWEEP", "--out", "OUT/runs"},
		{"synth", "--people", "300", "--out", "OUT/synthetic"},
		{"gap", "--dataset", s, "--charts", "OUT/charts"},
	}
	type place struct {
		name string
		// make returns the directory standing for OUT; nothing may be
		// created in root.
		make func(t *testing.T, root string) string
	}
	places := []place{{"parent is a file", func(t *testing.T, root string) string {
		p := filepath.Join(root, "file")
		if err := os.WriteFile(p, []byte("not a directory\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}}}
	if os.Geteuid() != 0 {
		places = append(places, place{"read-only directory", func(t *testing.T, root string) string {
			p := filepath.Join(root, "ro")
			if err := os.Mkdir(p, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(p, 0o755) })
			return p
		}})
	} else {
		t.Log("running as root: the read-only directory case is skipped (root writes through permissions)")
	}
	sweepFile := writeSweep(t, t.TempDir())
	for _, pl := range places {
		for _, args := range commands {
			t.Run(pl.name+"/"+args[0], func(t *testing.T) {
				root := t.TempDir()
				outDir := pl.make(t, root)
				before := snapshot(t, root)
				args := append([]string(nil), args...)
				var target string
				for i, a := range args {
					if rest, ok := strings.CutPrefix(a, "OUT/"); ok {
						target = filepath.Join(outDir, rest)
						args[i] = target
					}
					if a == "SWEEP" {
						args[i] = sweepFile
					}
				}
				c := startChild(t, root, args...)
				if code := c.wait(t); code != exitFailure {
					t.Fatalf("exit status %d, want %d:\n%s", code, exitFailure, c.errOut())
				}
				if !strings.Contains(c.errOut(), target) {
					t.Errorf("stderr does not name %s:\n%s", target, c.errOut())
				}
				after := snapshot(t, root)
				if len(after) != len(before) {
					t.Errorf("written: %v (before: %d entries)", listPaths(t, root), len(before))
				}
			})
		}
	}
}

// TestInterruptedSweepResumes: a sweep stopped by SIGINT after some of its
// parts are written exits with status 130 and leaves no temporary file;
// run again, it reuses those parts (says so; their bytes and times are
// unchanged) and merges to the same summary, byte for byte, as a sweep
// never interrupted.
func TestInterruptedSweepResumes(t *testing.T) {
	t.Parallel()
	const manifestFile = "_manifest.json" // a part's manifest, beside it
	dir := t.TempDir()
	reps := faultScale(300) // 2 ms each: 0.6 s a point, 6 points
	_ = os.WriteFile(filepath.Join(dir, "base.yaml"), []byte("name: base\ndataset: "+sampleAbs(t)+"\nyears: 50\n"), 0o644)
	sweep := filepath.Join(dir, "sweep.yaml")
	_ = os.WriteFile(sweep, []byte(fmt.Sprintf("base: base.yaml\nreplications: %d\nseed: 5\ngrid:\n  policy: [release-date, fifo, risk]\n  growth: [0, 0.5]\n", reps)), 0o644)
	out := filepath.Join(dir, "runs")
	first := filepath.Join(out, "point=0", "shard=0", manifestFile)
	c := startChild(t, dir, "sweep", sweep, "--out", out, "--workers", "1", "--format", "csv")
	c.waitFor(t, "the first part", func() bool { _, err := os.Stat(first); return err == nil })
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := c.wait(t); code != exitInterrupted {
		t.Fatalf("exit status %d, want %d:\n%s", code, exitInterrupted, c.errOut())
	}
	// The parts written, each with its manifest; nothing half-written.
	var done []string
	for _, p := range listPaths(t, out) {
		if strings.Contains(filepath.Base(p), ".tmp-") {
			t.Errorf("temporary file left: %s", p)
		}
		if filepath.Base(p) == manifestFile {
			done = append(done, filepath.Dir(p))
			if _, err := os.Stat(filepath.Join(out, filepath.Dir(p), "part.parquet")); err != nil {
				t.Errorf("%s: a manifest without its part", p)
			}
		}
	}
	if len(done) == 0 || len(done) == 6 {
		t.Fatalf("%d of 6 parts written when interrupted: want some, not all:\n%s", len(done), c.errOut())
	}
	before := snapshot(t, out)

	code, resumed, errb := runCLI(t, "sweep", sweep, "--out", out, "--format", "csv")
	if code != 0 {
		t.Fatalf("resume: exit %d: %s", code, errb)
	}
	if want := fmt.Sprintf("(%d from an earlier run)", len(done)*reps); !strings.Contains(errb, want) {
		t.Errorf("resume does not say %s:\n%s", want, errb)
	}
	after := snapshot(t, out)
	for _, d := range done {
		for _, f := range []string{"part.parquet", manifestFile} {
			p := filepath.Join(d, f)
			if after[p] != before[p] {
				t.Errorf("%s was written again", p)
			}
		}
	}
	// The same sweep, never interrupted.
	code, whole, errb := runCLI(t, "sweep", sweep, "--out", filepath.Join(dir, "whole"), "--format", "csv")
	if code != 0 {
		t.Fatalf("uninterrupted sweep: exit %d: %s", code, errb)
	}
	if resumed != whole {
		t.Errorf("the resumed sweep's summary differs from an uninterrupted one:\n%s\nwant\n%s", resumed, whole)
	}
	if _, err := os.Stat(filepath.Join(out, "point=5", "shard=0", "part.parquet")); errors.Is(err, fs.ErrNotExist) {
		t.Error("the resumed sweep did not write the last part")
	}
}
