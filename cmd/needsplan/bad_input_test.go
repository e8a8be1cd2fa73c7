package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badCasesDir holds the corpus of malformed datasets: one directory per
// case, each a complete dataset (the sample's three tables) with exactly one
// defect, named after it. want.txt holds the substring the error output must
// contain; gap.txt, when present, describes a known loader gap and skips the
// case until the loader is fixed.
const badCasesDir = "testdata/bad"

// badMinCases is the fewest cases the corpus must hold, so that losing the
// directory (or most of it) fails the test instead of passing vacuously.
const badMinCases = 32

// badSampleDir is the valid sample dataset the cases were made from.
var badSampleDir = filepath.Join("..", "..", "testdata", "sample")

type badResult struct {
	code           int
	stdout, stderr string
}

// badRun runs the command line args in process.
func badRun(t *testing.T, args ...string) badResult {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(t.Context(), args, &out, &errb)
	return badResult{code: code, stdout: out.String(), stderr: errb.String()}
}

// badReadLine returns the first line of file, trimmed.
func badReadLine(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimSpace(line)
}

// badAssertEmptyDir fails unless dir holds no file at all: neither the
// output nor a temporary file left by an atomic write.
func badAssertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("left behind in the output directory: %s", e.Name())
	}
}

// badProblems returns the problems listed in a refusal: the indented lines
// under "needsplan: invalid input data".
func badProblems(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "  ") {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return out
}

// badAssertRefused checks a run refused its input: exit status 3, the
// expected message, one problem only (each case has one defect) and nothing
// on standard output.
func badAssertRefused(t *testing.T, r badResult, want string) {
	t.Helper()
	if r.code != exitInvalidData {
		t.Errorf("exit status %d, want %d (invalid input data)\nstdout:\n%s\nstderr:\n%s", r.code, exitInvalidData, r.stdout, r.stderr)
		return
	}
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr does not contain\n  %s\nstderr:\n%s", want, r.stderr)
	}
	if !strings.Contains(r.stderr, "nothing was written") {
		t.Errorf("stderr does not say nothing was written:\n%s", r.stderr)
	}
	if p := badProblems(r.stderr); len(p) != 1 {
		t.Errorf("%d problems reported, want 1 (the case has one defect):\n%s", len(p), r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout not empty:\n%s", r.stdout)
	}
}

// badCases lists the case directories, in name order.
func badCases(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir(badCasesDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if len(names) < badMinCases {
		t.Fatalf("%s holds %d cases, want at least %d", badCasesDir, len(names), badMinCases)
	}
	return names
}

// TestBadInput runs validate and needs on every malformed dataset and checks
// each is refused with exit status 3, a message naming the file, row, column
// and value, and no output file.
func TestBadInput(t *testing.T) {
	for _, name := range badCases(t) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(badCasesDir, name)
			want := badReadLine(t, filepath.Join(dir, "want.txt"))
			if want == "" {
				t.Fatalf("%s/want.txt is empty", dir)
			}
			if _, err := os.Stat(filepath.Join(dir, "gap.txt")); err == nil {
				t.Skip("LOADER GAP: " + badReadLine(t, filepath.Join(dir, "gap.txt")))
			}

			t.Run("validate", func(t *testing.T) {
				badAssertRefused(t, badRun(t, "validate", dir), want)
			})

			t.Run("needs", func(t *testing.T) {
				tmp := t.TempDir()
				out := filepath.Join(tmp, "needs.csv")
				r := badRun(t, "needs", "--dataset", dir, "--format", "csv", "--out", out)
				badAssertRefused(t, r, want)
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("--out file %s exists after a refusal (stat: %v)", out, err)
				}
				badAssertEmptyDir(t, tmp)
			})
		})
	}
}

// TestBadControlSample checks the sample the cases were made from is valid,
// so each case is refused for its one defect and nothing else.
func TestBadControlSample(t *testing.T) {
	if r := badRun(t, "validate", badSampleDir); r.code != exitOK {
		t.Fatalf("validate sample: exit status %d\n%s", r.code, r.stderr)
	}
	out := filepath.Join(t.TempDir(), "needs.csv")
	if r := badRun(t, "needs", "--dataset", badSampleDir, "--format", "csv", "--out", out); r.code != exitOK {
		t.Fatalf("needs on the sample: exit status %d\n%s", r.code, r.stderr)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("needs on the sample wrote no %s (stat: %v)", out, err)
	}
}

// TestBadUsage checks command-line mistakes exit with status 2, say what is
// wrong and write nothing.
func TestBadUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string // "OUT" is replaced by a file in an empty directory
		want string
	}{
		{"unknown-flag", []string{"needs", "--dataset", badSampleDir, "--bogus", "--out", "OUT"}, "unknown flag: --bogus"},
		{"unknown-command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"needs-by-city", []string{"needs", "--by", "city", "--out", "OUT"}, `--by "city"`},
		{"needs-format-xml", []string{"needs", "--format", "xml", "--out", "OUT"}, `--format "xml"`},
		{"validate-no-args", []string{"validate"}, "validate needs a dataset directory or files"},
		{"parquet-without-out", []string{"needs", "--dataset", badSampleDir, "--format", "parquet"}, "--format parquet writes a binary file: give --out FILE"},
		{"needs-positional-arg", []string{"needs", badSampleDir, "--out", "OUT"}, "unexpected argument"},
		{"synth-no-out", []string{"synth", "--people", "500"}, "synth needs --out DIR"},
		{"needs-bad-suite", []string{"needs", "--dataset", badSampleDir, "--suite", "nope", "--out", "OUT"}, `--suite "nope"`},
		{"needs-bad-as-of", []string{"needs", "--dataset", badSampleDir, "--as-of", "2024-02-30", "--out", "OUT"}, `--as-of "2024-02-30"`},
		{"validate-bad-input-format", []string{"validate", "--input-format", "xlsx", badSampleDir}, "--input-format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			args := append([]string(nil), tc.args...)
			for i, a := range args {
				if a == "OUT" {
					args[i] = filepath.Join(tmp, "out.csv")
				}
			}
			r := badRun(t, args...)
			if r.code != exitUsage {
				t.Fatalf("exit status %d, want %d (usage error)\nstdout:\n%s\nstderr:\n%s", r.code, exitUsage, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr does not contain %q:\n%s", tc.want, r.stderr)
			}
			if !strings.Contains(r.stderr, "needsplan --help") {
				t.Errorf("stderr does not point to --help:\n%s", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout not empty:\n%s", r.stdout)
			}
			badAssertEmptyDir(t, tmp)
		})
	}
}
