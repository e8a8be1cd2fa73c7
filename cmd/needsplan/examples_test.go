package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"needsplan/data"
	"needsplan/pipeline"
)

// examplesDir is the repository's examples/ from this package's directory.
var examplesDir = filepath.Join("..", "..", "examples")

// exampleRuns is how much of the examples TestExamples simulates:
// compare with 2 replications (enough for an interval), each sweep whole.
// Under the race detector, which simulates about ten times slower (and
// which is how CI runs the tests), compare runs 1 replication and each
// sweep its shard 0 of as many shards as it has replications, which is
// replication 0 of every point: every scenario and every point still
// runs, in a third of the time.
func exampleRuns() (compareReplications int, wholeSweeps bool) {
	if raceEnabled {
		return 1, false
	}
	return 2, true
}

// sweepFile tells a sweep file from a scenario file: a sweep names its
// base scenario at the top.
var sweepFile = regexp.MustCompile(`(?m)^base:`)

// exampleFiles returns examples/*.yaml, sorted, split into the base
// (examples/base.yaml), the other scenarios and the sweeps.
func exampleFiles(t *testing.T) (base string, alternatives, sweeps []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	for _, f := range files {
		switch {
		case filepath.Base(f) == "base.yaml":
			base = f
		case sweepFile.Match(mustRead(t, f)):
			sweeps = append(sweeps, f)
		default:
			alternatives = append(alternatives, f)
		}
	}
	if base == "" || len(alternatives) < 2 || len(sweeps) == 0 {
		t.Fatalf("examples/ has base %q, alternatives %q and sweeps %q: want base.yaml, at least two alternatives and a sweep", base, alternatives, sweeps)
	}
	return base, alternatives, sweeps
}

// TestExamples: every scenario and sweep file under examples/ reads and
// checks against the embedded dataset (every point of a sweep), every
// alternative extends examples/base.yaml; compare runs the base and every
// alternative together without a warning and prints each alternative's
// differences with intervals; and each sweep runs, writing a part for
// every point and printing every point's summary.
func TestExamples(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base, alternatives, sweeps := exampleFiles(t)
	var warnings []string
	log := pipeline.Log{Warn: func(msg string) { warnings = append(warnings, msg) }}
	check := pipeline.NewScenarios(loadDataset, log) // loads the embedded dataset once
	baseAbs, _ := filepath.Abs(base)
	names := map[string]string{} // file → scenario name
	for _, f := range append([]string{base}, alternatives...) {
		t.Run("check/"+filepath.Base(f), func(t *testing.T) {
			sc, err := data.ReadScenario(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := check.Check(ctx, sc); err != nil {
				t.Fatal(err)
			}
			if sc.Dataset.OK {
				t.Errorf("names a dataset (%s): the examples run on the embedded one", sc.Dataset.Val)
			}
			if ext, _ := filepath.Abs(sc.Extends); f != base && ext != baseAbs {
				t.Errorf("extends %q: want base.yaml, so that compare pairs it with the base", sc.Extends)
			}
			names[f] = pipeline.ScenarioName(sc)
		})
	}
	for _, f := range sweeps {
		t.Run("check/"+filepath.Base(f), func(t *testing.T) {
			s, err := data.ReadSweep(f)
			if err != nil {
				t.Fatal(err)
			}
			for k := range s.NumPoints() {
				sc, err := s.Scenario(k)
				if err != nil {
					t.Fatal(err)
				}
				if err := check.Check(ctx, sc); err != nil {
					t.Errorf("point %d %v: %v", k, s.Point(k), err)
				}
			}
		})
	}
	if len(warnings) > 0 {
		t.Errorf("warnings checking the examples: %q", warnings)
	}
	if t.Failed() {
		return
	}

	reps, wholeSweeps := exampleRuns()
	t.Run("compare", func(t *testing.T) {
		args := append([]string{"compare", base}, alternatives...)
		args = append(args, "--replications", strconv.Itoa(reps), "--format", "csv")
		code, out, errb := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("needsplan %s: exit %d: %s", strings.Join(args, " "), code, errb)
		}
		if strings.Contains(errb, "warning:") {
			t.Errorf("compare warns of the examples (they should share a dataset, horizon and seeds):\n%s", errb)
		}
		rows := parseCSV(t, "compare", []byte(out))
		perAlt := map[string]int{}
		for _, r := range rows {
			perAlt[r["scenario"]]++
			if hasCI := r["ci_low"] != "" && r["ci_high"] != ""; hasCI != (reps > 1) {
				t.Errorf("%s %s: interval %q to %q with %d replications", r["scenario"], r["measure"], r["ci_low"], r["ci_high"], reps)
			}
		}
		for _, f := range alternatives {
			if n := perAlt[names[f]]; n == 0 || n != perAlt[names[alternatives[0]]] {
				t.Errorf("%s (%q): %d rows of differences, %s %d; want the same measures for every alternative", f, names[f], n, alternatives[0], perAlt[names[alternatives[0]]])
			}
		}
		if len(perAlt) != len(alternatives) {
			t.Errorf("differences for %d scenarios, want the %d alternatives: %v", len(perAlt), len(alternatives), perAlt)
		}
	})

	for _, f := range sweeps {
		t.Run("sweep/"+filepath.Base(f), func(t *testing.T) {
			s, err := data.ReadSweep(f)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "runs")
			args := []string{"sweep", f, "--out", out, "--format", "csv"}
			if !wholeSweeps {
				args = append(args, "--shard", fmt.Sprintf("0/%d", s.Replications))
			}
			code, summary, errb := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("needsplan %s: exit %d: %s", strings.Join(args, " "), code, errb)
			}
			if wholeSweeps {
				perPoint := map[string]int{}
				for _, r := range parseCSV(t, "sweep summary", []byte(summary)) {
					perPoint[r["point"]]++
					if r["replications"] != strconv.Itoa(s.Replications) {
						t.Errorf("point %s %s: %s replications, want %d", r["point"], r["measure"], r["replications"], s.Replications)
					}
				}
				if len(perPoint) != s.NumPoints() {
					t.Errorf("the summary has %d points, want %d", len(perPoint), s.NumPoints())
				}
				for k := range s.NumPoints() {
					if n := perPoint[strconv.Itoa(k)]; n == 0 || n != perPoint["0"] {
						t.Errorf("point %d: %d rows in the summary, point 0 %d", k, n, perPoint["0"])
					}
				}
			} else if want := fmt.Sprintf("shard 0/%d done (%d units)", s.Replications, s.NumPoints()); !strings.Contains(errb, want) {
				t.Errorf("sweep --shard: no %q in:\n%s", want, errb)
			}
			points := parseCSV(t, "_points", mustRead(t, filepath.Join(out, "_points.csv")))
			if len(points) != s.NumPoints() {
				t.Errorf("_points.csv lists %d points, want %d", len(points), s.NumPoints())
			}
			for k := range s.NumPoints() {
				if _, err := os.Stat(filepath.Join(out, fmt.Sprintf("point=%d", k), "shard=0", "part.parquet")); err != nil {
					t.Errorf("point %d: %v", k, err)
				}
			}
		})
	}
}

// examplePath finds a path under examples/ in prose, Markdown or help: not
// part of a longer path, and without a sentence's full stop after it.
var examplePath = regexp.MustCompile(`(?:^|[^A-Za-z0-9_./-])(examples/[A-Za-z0-9_.-]*[A-Za-z0-9_])`)

// helpTexts returns every command's help (long text, examples and flags)
// by the command's path.
func helpTexts() map[string]string {
	out := map[string]string{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		out[c.CommandPath()+" --help"] = c.Long + "\n" + c.Example + "\n" + c.LocalFlags().FlagUsages()
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newRootCommand())
	return out
}

// TestExamplePaths: every file under examples/ that README.md, docs/*.md,
// examples/README.md or a command's --help names exists, so that no doc
// points at a missing example; every example file is described in
// examples/README.md; and the help of the commands that read scenario and
// sweep files shows them on files that exist.
func TestExamplePaths(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	texts := helpTexts()
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(docs, filepath.Join(root, "README.md"), filepath.Join(examplesDir, "README.md")) {
		rel, _ := filepath.Rel(root, f)
		texts[filepath.ToSlash(rel)] = string(mustRead(t, f))
	}
	seen := map[string]bool{}
	for where, text := range texts {
		for _, m := range examplePath.FindAllStringSubmatch(text, -1) {
			p := m[1]
			seen[p] = true
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err != nil {
				t.Errorf("%s names %s, which does not exist", where, p)
			}
		}
	}
	if len(seen) < 5 {
		t.Errorf("found %d example paths in the docs and help (%v); the pattern has stopped matching them", len(seen), seen)
	}
	readme := texts["examples/README.md"]
	files, _ := filepath.Glob(filepath.Join(examplesDir, "*.yaml"))
	for _, f := range files {
		if row := "| `examples/" + filepath.Base(f) + "` |"; !strings.Contains(readme, row) {
			t.Errorf("examples/README.md does not describe %s (no table row starting %s)", filepath.Base(f), row)
		}
	}
	tests := []struct {
		help string
		want string // an example on files under examples/
	}{
		{"needsplan compare --help", "needsplan compare examples/base.yaml examples/"},
		{"needsplan sweep --help", "needsplan sweep examples/"},
		{"needsplan report --help", "needsplan report --scenario examples/"},
	}
	for _, tt := range tests {
		if !strings.Contains(texts[tt.help], tt.want) {
			t.Errorf("%s has no example %q…:\n%s", tt.help, tt.want, texts[tt.help])
		}
	}
}
