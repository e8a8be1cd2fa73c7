package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"needsplan/data"
)

// badCasesDir holds the corpus of malformed inputs: one directory per
// case, named after its one defect. Most are a complete dataset (the
// sample's three tables) with exactly one defect; the others hold one
// other input, run against the sample dataset through the command that
// reads it (badCommands): catalogue.yaml (--catalogue), base.yaml with
// alt.yaml (compare), sweep.yaml (sweep), receptions.csv (gap
// --receptions) or flow.csv (simulate --flow). want.txt holds the
// substring the error output must contain; gap.txt, when present,
// describes a known loader gap and skips the case until the loader is
// fixed.
const badCasesDir = "testdata/bad"

// badMinCases is the fewest cases the corpus must hold, so that losing the
// directory (or most of it) fails the test instead of passing vacuously.
const badMinCases = 120

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

// badCommands returns the command lines that must refuse the case in dir,
// by the input it holds; "OUT" stands for an output path in a fresh
// directory.
func badCommands(dir string) [][]string {
	file := func(name string) string { return filepath.Join(dir, name) }
	has := func(name string) bool { _, err := os.Stat(file(name)); return err == nil }
	switch {
	case has("catalogue.yaml"):
		return [][]string{
			{"validate", "--catalogue", file("catalogue.yaml"), badSampleDir},
			{"needs", "--catalogue", file("catalogue.yaml"), "--dataset", badSampleDir, "--format", "csv", "--out", "OUT"},
		}
	case has("alt.yaml"):
		return [][]string{{"compare", file("base.yaml"), file("alt.yaml"), "--replications", "2", "--format", "csv", "--out", "OUT"}}
	case has("sweep.yaml"):
		return [][]string{{"sweep", file("sweep.yaml"), "--out", "OUT"}}
	case has("receptions.csv"):
		return [][]string{{"gap", "--dataset", badSampleDir, "--receptions", file("receptions.csv"), "--format", "csv", "--out", "OUT"}}
	case has("flow.csv"):
		return [][]string{{"simulate", "--dataset", badSampleDir, "--flow", file("flow.csv"), "--years", "1", "--replications", "1", "--format", "csv", "--out", "OUT"}}
	}
	return [][]string{
		{"validate", dir},
		{"needs", "--dataset", dir, "--format", "csv", "--out", "OUT"},
	}
}

// TestBadInput runs every malformed input through the commands that read
// it (validate and needs for a dataset) and checks each is refused with
// exit status 3, a message naming the file, row (or line), column and
// value, and nothing written: no output file or directory, and no
// temporary file beside it.
func TestBadInput(t *testing.T) {
	t.Parallel()
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
			for _, args := range badCommands(dir) {
				t.Run(args[0], func(t *testing.T) {
					tmp := t.TempDir()
					out := filepath.Join(tmp, "out")
					args := slices.Clone(args)
					if i := slices.Index(args, "OUT"); i >= 0 {
						args[i] = out
					}
					badAssertRefused(t, badRun(t, args...), want)
					if _, err := os.Stat(out); !os.IsNotExist(err) {
						t.Errorf("--out %s exists after a refusal (stat: %v)", out, err)
					}
					badAssertEmptyDir(t, tmp)
				})
			}
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

// TestBadControlBOMCRLF checks that a UTF-8 byte-order mark, CRLF line
// ends, quoted fields and a quoted newline inside a value are legal: the
// sample written that way loads to the same dataset and gives the same
// outputs, so the bom-*, crlf-* and quoted-newline-* cases are refused for
// their one other defect alone.
func TestBadControlBOMCRLF(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"profiles.csv", "establishments.csv", "offerings.csv"} {
		b, err := os.ReadFile(filepath.Join(badSampleDir, name))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		switch name {
		case "profiles.csv":
			// Row 23 completed ETS;PASRO: the codes split over two lines.
			if !strings.Contains(s, ",ETS;PASRO,") {
				t.Fatal("the sample has no completed ETS;PASRO")
			}
			s = strings.Replace(s, ",ETS;PASRO,", ",\"ETS;\nPASRO\",", 1)
		case "establishments.csv":
			s = strings.Replace(s, "Leeds (HMP)", `"Leeds (HMP)"`, 1)
		case "offerings.csv":
			s = strings.Replace(s, "HMI,KAIZEN_GV,", `"HMI","KAIZEN_GV",`, 1)
		}
		s = "\ufeff" + strings.ReplaceAll(s, "\n", "\r\n")
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	load := func(dir string) *data.Dataset {
		t.Helper()
		paths, err := data.DatasetPaths(dir)
		if err != nil {
			t.Fatal(err)
		}
		d, err := data.Load(t.Context(), paths, data.LoadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		d.Files = nil
		for i, w := range d.Warnings {
			d.Warnings[i] = strings.ReplaceAll(w, dir, "DIR")
		}
		return d
	}
	want, got := load(badSampleDir), load(dir)
	for _, c := range []struct {
		name      string
		got, want any
	}{{"profiles", got.Profiles, want.Profiles}, {"establishments", got.Establishments, want.Establishments},
		{"offerings", got.Offerings, want.Offerings}, {"warnings", got.Warnings, want.Warnings}, {"dataset date", got.AsOf, want.AsOf}} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s differ with a BOM, CRLF and quoted newlines:\n%+v\nwant\n%+v", c.name, c.got, c.want)
		}
	}
	if c := got.Profiles[21].Completed; !slices.Equal(c, []string{"ETS", "PASRO"}) {
		t.Errorf("row 23 completed %q, want ETS and PASRO", c)
	}
	for _, args := range [][]string{{"needs", "--format", "csv"}, {"pni", "--format", "csv"}, {"gap", "--format", "csv"}} {
		a, b := badRun(t, append(args, "--dataset", badSampleDir)...), badRun(t, append(args, "--dataset", dir)...)
		if a.code != exitOK || b.code != exitOK || a.stdout != b.stdout {
			t.Errorf("%s: exit %d and %d, same output %v\n%s", strings.Join(args, " "), a.code, b.code, a.stdout == b.stdout, b.stderr)
		}
	}
}
