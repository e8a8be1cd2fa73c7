package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Determinism: every command that takes a seed gives byte-identical
// outputs for the same inputs and seed across runs, across --workers 1
// and 3, and, for sweeps, across 1, 2 and 3 shards once merged. Directory
// outputs are compared file by file. The runs are small (the sample
// dataset, a few replications, short years), so the whole test takes
// seconds.

// seededRun runs args with "OUT" replaced by a path in a fresh directory
// and returns standard output and every file written under that
// directory, by path relative to it (the directory's own name replaced by
// OUT in standard output, which may name it).
func seededRun(t *testing.T, args []string) map[string]string {
	t.Helper()
	tmp := t.TempDir()
	args = slices.Clone(args)
	for i, a := range args {
		if strings.HasPrefix(a, "OUT") {
			args[i] = filepath.Join(tmp, a)
		}
	}
	code, stdout, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("needsplan %s: exit %d:\n%s", strings.Join(args, " "), code, stderr)
	}
	files := map[string]string{"stdout": strings.ReplaceAll(stdout, tmp, "TMP")}
	for _, rel := range listPaths(t, tmp) {
		p := filepath.Join(tmp, rel)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			files[rel] = string(mustRead(t, p))
		}
	}
	return files
}

// sameOutputs fails unless a and b hold the same files with the same bytes.
func sameOutputs(t *testing.T, what string, a, b map[string]string) {
	t.Helper()
	var names []string
	for n := range a {
		names = append(names, n)
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		x, inA := a[n]
		y, inB := b[n]
		switch {
		case !inA || !inB:
			t.Errorf("%s: %s written by one run only", what, n)
		case x != y:
			t.Errorf("%s: %s differs (%d and %d bytes)%s", what, n, len(x), len(y), firstDiff(x, y))
		}
	}
	if len(a) < 2 && a["stdout"] == "" {
		t.Errorf("%s: no output at all: the comparison proves nothing", what)
	}
}

// firstDiff shows where two texts first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	cut := func(s string) string { return s[max(0, i-40):min(len(s), i+40)] }
	return fmt.Sprintf(" at byte %d:\n  %q\n  %q", i, cut(a), cut(b))
}

// TestDeterminismSeeded runs each seeded command three times: twice with
// --workers 1 and once with --workers 3 (synth has no workers: twice).
func TestDeterminismSeeded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := sampleAbs(t)
	base := filepath.Join(dir, "base.yaml")
	alt := filepath.Join(dir, "alt.yaml")
	_ = os.WriteFile(base, []byte("name: base\ndataset: "+s+"\nyears: 2\nreplications: 6\nseed: 11\n"), 0o644)
	_ = os.WriteFile(alt, []byte("extends: base.yaml\nname: more-tsp\nofferings:\n  - {establishment: HMI, programme: TSP, action: scale, factor: 2}\nsuspensions:\n  - {establishment: LEI, from: 0, to: 6}\n"), 0o644)
	sim := []string{"simulate", "--dataset", s, "--years", "2", "--replications", "6", "--seed", "7"}
	tests := []struct {
		name    string
		args    []string
		workers bool
	}{
		{"simulate by programme", append(slices.Clone(sim), "--format", "csv", "--out", "OUT"), true},
		{"simulate by establishment", append(slices.Clone(sim), "--by", "establishment", "--format", "json"), true},
		{"simulate table", slices.Clone(sim), true},
		{"simulate series", append(slices.Clone(sim), "--series", "--format", "csv"), true},
		{"simulate parquet and trace", append(slices.Clone(sim), "--format", "parquet", "--out", "OUT.parquet", "--trace", "OUT-trace.parquet"), true},
		{"simulate transfers", append(slices.Clone(sim), "--transfers", "--stale-directory", "0.2", "--by", "flows", "--format", "csv"), true},
		{"simulate shocks", append(slices.Clone(sim), "--shock", "suspend:*@0-3", "--shock", "teams:HMI=0.5@3-12", "--schedule", "ready", "--policy", "right-time", "--format", "csv"), true},
		{"simulate queue", []string{"simulate", "--queue", "--arrival-rate", "2", "--duration", "exp:1", "--min-cohort", "2", "--max-cohort", "4",
			"--teams", "2", "--abandon-rate", "0.1", "--horizon", "2000", "--warmup", "100", "--replications", "6", "--seed", "3", "--out", "OUT.json"}, true},
		{"compare", []string{"compare", base, alt, "--format", "csv", "--out", "OUT.csv", "--chart", "OUT.svg"}, true},
		{"compare independent", []string{"compare", base, alt, "--independent", "--seed", "4", "--replications", "5"}, true},
		{"report", []string{"report", "--dataset", s, "--years", "1", "--replications", "4", "--seed", "5", "--out", "OUT"}, true},
		{"plan", []string{"plan", "--dataset", s, "--years", "1", "--replications", "4", "--seed", "5", "--budget", "30000", "--refine", "2",
			"--actions", "2", "--scenario-out", "OUT.yaml", "--chart", "OUT.svg"}, true},
		{"synth", []string{"synth", "--people", "400", "--seed", "9", "--format", "both", "--out", "OUT"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := func(w string) []string {
				if !tt.workers {
					return tt.args
				}
				return append(slices.Clone(tt.args), "--workers", w)
			}
			first := seededRun(t, args("1"))
			sameOutputs(t, "two runs", first, seededRun(t, args("1")))
			if tt.workers {
				sameOutputs(t, "--workers 1 and 3", first, seededRun(t, args("3")))
			}
		})
	}
}

// TestDeterminismSweep runs one sweep as 1, 2 and 3 shards, each with
// --workers 1 and 3: every part is byte-identical across worker counts,
// and the merged summaries are byte-identical across shard counts and
// worker counts.
func TestDeterminismSweep(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sweep := writeSweep(t, dir) // 4 points, 5 replications
	var want string
	for _, shards := range []int{1, 2, 3} {
		parts := map[string]map[string]string{}
		for _, w := range []string{"1", "3"} {
			out := filepath.Join(dir, fmt.Sprintf("runs-%d-%s", shards, w))
			for i := range shards {
				if code, _, errb := runCLI(t, "sweep", sweep, "--out", out, "--shard", fmt.Sprintf("%d/%d", i, shards), "--workers", w); code != 0 {
					t.Fatalf("shard %d/%d, --workers %s: exit %d: %s", i, shards, w, code, errb)
				}
			}
			code, summary, errb := runCLI(t, "merge", out, "--format", "csv")
			if code != 0 {
				t.Fatalf("merge %d shards: exit %d: %s", shards, code, errb)
			}
			if want == "" {
				want = summary
			} else if summary != want {
				t.Errorf("%d shards, --workers %s: the merged summary differs%s", shards, w, firstDiff(summary, want))
			}
			files := map[string]string{}
			for _, rel := range listPaths(t, out) {
				if st, err := os.Stat(filepath.Join(out, rel)); err == nil && !st.IsDir() {
					files[rel] = string(mustRead(t, filepath.Join(out, rel)))
				}
			}
			parts[w] = files
		}
		sameOutputs(t, fmt.Sprintf("%d shards, --workers 1 and 3", shards), parts["1"], parts["3"])
		if n := len(parts["1"]); n < 2+2*4 {
			t.Errorf("%d shards: %d files in the sweep directory, want at least the points, the sweep and a part with its manifest per point", shards, n)
		}
	}
	if !bytes.HasPrefix([]byte(want), []byte("point,growth,policy,measure,mean,ci_low,ci_high,replications\n")) {
		t.Errorf("summary:\n%s", want)
	}
}
