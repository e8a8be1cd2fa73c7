package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// slurmRequired makes TestSlurmSweep fail, rather than skip, where Slurm
// is missing (CI sets it, as NEEDSPLAN_BROWSER_TEST for the browser test).
const slurmRequired = "NEEDSPLAN_SLURM_TEST"

// TestSlurmSweep runs examples/sweep.yaml on a real single-node Slurm
// cluster (scripts/slurm-local.sh): the sweep as a job array of four
// tasks, each taking its shard from SLURM_ARRAY_TASK_ID and
// SLURM_ARRAY_TASK_COUNT, and the merge as a job that depends on the
// array (afterok); the merged summary must equal, byte for byte, the one
// of the same sweep run in one process. The program is this test binary
// run as needsplan (faultChildEnv). Issue 21; the kill and resubmission
// of one task is not tested yet.
func TestSlurmSweep(t *testing.T) {
	if _, err := exec.LookPath("sbatch"); err != nil || os.Geteuid() != 0 {
		if os.Getenv(slurmRequired) == "required" {
			t.Fatalf("Slurm missing or not root, and %s=required: .ci/run should have installed it", slurmRequired)
		}
		t.Skip("Slurm not installed, or not root: scripts/slurm-local.sh says how")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	dir := t.TempDir()
	// munged refuses a socket under a directory others cannot search, and
	// t.TempDir's parent is 0700.
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "SLURM_DIR="+filepath.Join(dir, "slurm"), "SLURM_CONF="+filepath.Join(dir, "slurm", "slurm.conf"))
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out.String(), errb.String())
		}
		return strings.TrimSpace(out.String())
	}
	script := filepath.Join(root, "scripts", "slurm-local.sh")
	run(script, "start")
	t.Cleanup(func() {
		cmd := exec.Command(script, "stop")
		cmd.Env = env
		_ = cmd.Run()
	})
	self, _ := filepath.Abs(os.Args[0])
	sweep := filepath.Join(root, "examples", "sweep.yaml")
	body := fmt.Sprintf("#!/bin/sh\nexport %s=1\nexec %s sweep %s --out %s\n", faultChildEnv, self, sweep, filepath.Join(dir, "runs"))
	if err := os.WriteFile(filepath.Join(dir, "sweep.sh"), []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	array := run("sbatch", "--parsable", "--array=0-3", "--output="+filepath.Join(dir, "task-%a.out"), filepath.Join(dir, "sweep.sh"))
	merge := fmt.Sprintf("%s=1 %s merge %s --format csv --out %s", faultChildEnv, self, filepath.Join(dir, "runs"), filepath.Join(dir, "summary.csv"))
	run("sbatch", "--parsable", "--dependency=afterok:"+array, "--output="+filepath.Join(dir, "merge.out"), "--wrap", merge)
	deadline := time.Now().Add(3 * time.Minute)
	for run("squeue", "-h") != "" {
		if time.Now().After(deadline) {
			t.Fatalf("jobs still queued after 3 minutes:\n%s", run("squeue"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	got, err := os.ReadFile(filepath.Join(dir, "summary.csv"))
	if err != nil { // sbatch may report success for a dependent job that never ran
		out, _ := os.ReadFile(filepath.Join(dir, "merge.out"))
		t.Fatalf("no merged summary: %v\nmerge job's output:\n%s", err, out)
	}
	single := filepath.Join(dir, "single")
	for _, args := range [][]string{{"sweep", sweep, "--out", single}, {"merge", single, "--format", "csv", "--out", filepath.Join(dir, "single.csv")}} {
		cmd := exec.Command(self, args...)
		cmd.Env = append(env, faultChildEnv+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("needsplan %s, in one process: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	want, err := os.ReadFile(filepath.Join(dir, "single.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the summary merged from the Slurm array differs from the single-process one (%d and %d bytes)", len(got), len(want))
	}
}
