package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"needsplan/data"
	"needsplan/model"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

const sample = "../../testdata/sample"

// runCLI runs the command line and returns its exit status and outputs.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// checkGolden compares got with testdata/golden/name, or rewrites it with
// -update. The golden files were checked by hand against
// docs/reference/pni.md and the catalogue (see testdata/sample/README.md).
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test ./cmd/needsplan -update if the change is intended)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"pni.csv", []string{"pni", "--dataset", sample, "--format", "csv"}},
		{"pni.txt", []string{"pni", "--dataset", sample}},
		{"pni-building-choices.csv", []string{"pni", "--dataset", sample, "--format", "csv", "--suite", "building-choices"}},
		{"needs-establishment.txt", []string{"needs", "--dataset", sample}},
		{"needs-establishment.csv", []string{"needs", "--dataset", sample, "--format", "csv"}},
		{"needs-region.txt", []string{"needs", "--dataset", sample, "--by", "region"}},
		{"needs-estate.txt", []string{"needs", "--dataset", sample, "--by", "estate"}},
		{"needs-estate.json", []string{"needs", "--dataset", sample, "--by", "estate", "--format", "json"}},
		{"validate.txt", []string{"validate", sample}},
		{"catalogue.csv", []string{"catalogue", "--format", "csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errb := runCLI(t, tt.args...)
			if code != 0 {
				t.Fatalf("needsplan %s: exit %d, stderr:\n%s", strings.Join(tt.args, " "), code, errb)
			}
			checkGolden(t, tt.name, out)
		})
	}
}

// copyFile copies a file into dir.
func copyFile(t *testing.T, src, dir string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(src)), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// sampleAs writes the sample dataset with its profiles in another format and
// returns the dataset directory.
func sampleAs(t *testing.T, name string, write func(io.Writer) error) string {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, filepath.Join(sample, "establishments.csv"), dir)
	copyFile(t, filepath.Join(sample, "offerings.csv"), dir)
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := write(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestFormatsAgree proves that the same people as CSV, as Parquet and Arrow
// IPC with native column types, and as Parquet with every column as utf8
// text give byte-identical pni and needs outputs.
func TestFormatsAgree(t *testing.T) {
	f, err := os.Open(filepath.Join(sample, "profiles.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := data.ReadProfiles(context.Background(), f, "profiles.csv", data.ReadOptions{})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(sample, "profiles.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	textTable := &model.Table{Name: "profiles"}
	for j, h := range rows[0] {
		c := model.Column{Name: h}
		for _, r := range rows[1:] {
			c.Text = append(c.Text, r[j])
		}
		textTable.Columns = append(textTable.Columns, c)
	}
	dirs := map[string]string{
		"csv":             sample,
		"parquet-native":  sampleAs(t, "profiles.parquet", func(w io.Writer) error { return data.WriteProfilesParquet(w, ps) }),
		"arrow-native":    sampleAs(t, "profiles.arrow", func(w io.Writer) error { return data.WriteProfilesArrow(w, ps) }),
		"parquet-as-text": sampleAs(t, "profiles.parquet", func(w io.Writer) error { return data.WriteParquet(w, textTable) }),
		"csv-rewritten":   sampleAs(t, "profiles.csv", func(w io.Writer) error { return data.WriteProfilesCSV(w, ps) }),
	}
	for _, args := range [][]string{
		{"pni", "--format", "csv"},
		{"needs", "--format", "csv"},
		{"needs", "--by", "region"},
	} {
		want := ""
		for _, kind := range []string{"csv", "parquet-native", "arrow-native", "parquet-as-text", "csv-rewritten"} {
			code, out, errb := runCLI(t, append(args, "--dataset", dirs[kind])...)
			if code != 0 {
				t.Fatalf("%s on %s: exit %d: %s", strings.Join(args, " "), kind, code, errb)
			}
			if kind == "csv" {
				want = out
				continue
			}
			if out != want {
				t.Errorf("%s: %s output differs from csv\n--- %s ---\n%s\n--- csv ---\n%s", strings.Join(args, " "), kind, kind, out, want)
			}
		}
	}
}

// TestDeterministic runs the same command twice and on a shuffled copy of the
// profiles: outputs must be byte-identical.
func TestDeterministic(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(sample, "profiles.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	reversed := []string{lines[0]}
	for i := len(lines) - 1; i >= 1; i-- {
		reversed = append(reversed, lines[i])
	}
	dir := sampleAs(t, "profiles.csv", func(w io.Writer) error {
		_, err := io.WriteString(w, strings.Join(reversed, "\n")+"\n")
		return err
	})
	for _, args := range [][]string{{"pni", "--format", "csv"}, {"needs", "--format", "json"}} {
		_, a, _ := runCLI(t, append(args, "--dataset", sample)...)
		_, b, _ := runCLI(t, append(args, "--dataset", sample)...)
		_, c, _ := runCLI(t, append(args, "--dataset", dir)...)
		if a != b || a != c {
			t.Errorf("%s: outputs differ between runs or row orders", strings.Join(args, " "))
		}
	}
}

// TestOutAtomic checks that --out writes the file whole, leaves no
// temporary file, and that parquet output reads back.
func TestOutAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "needs.parquet")
	if code, _, errb := runCLI(t, "needs", "--dataset", sample, "--format", "parquet", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "needs.parquet" {
		t.Fatalf("output directory holds %v, want only needs.parquet", entries)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if st, _ := f.Stat(); st.Size() < 100 || !bytes.HasPrefix(mustRead(t, out), []byte("PAR1")) {
		t.Errorf("needs.parquet is not a Parquet file")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != 0 || !strings.Contains(out, "needsplan ") || !strings.Contains(out, "catalogue ") {
		t.Errorf("version: exit %d, output %q", code, out)
	}
	for _, cmd := range []string{"validate", "needs", "pni", "gap", "fit", "establishments", "synth", "calibration", "catalogue", "version"} {
		code, out, _ := runCLI(t, cmd, "--help")
		if code != 0 || !strings.Contains(out, "Examples:") {
			t.Errorf("%s --help: exit %d, no worked example in:\n%s", cmd, code, out)
		}
	}
}

// TestGapAndFitGolden checks gap and fit on the sample (hand-checked parts
// are in analysis/gap_test.go; these goldens catch regressions in wiring
// and rendering).
func TestGapAndFitGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"gap.txt", []string{"gap", "--dataset", sample}},
		{"gap-establishment.csv", []string{"gap", "--dataset", sample, "--format", "csv"}},
		{"gap-region.csv", []string{"gap", "--dataset", sample, "--format", "csv", "--by", "region"}},
		{"gap-programme.csv", []string{"gap", "--dataset", sample, "--format", "csv", "--by", "programme", "--horizon", "24"}},
		{"fit-sfi.txt", []string{"fit", "--dataset", sample, "--establishment", "SFI"}},
		{"fit-hmi.csv", []string{"fit", "--dataset", sample, "--establishment", "hmi", "--format", "csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errb := runCLI(t, tt.args...)
			if code != 0 {
				t.Fatalf("needsplan %s: exit %d, stderr:\n%s", strings.Join(tt.args, " "), code, errb)
			}
			checkGolden(t, tt.name, out)
		})
	}
}

// TestGapCharts writes the charts in each format, atomically, and refuses
// a bad format or focus.
func TestGapCharts(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"png", "svg", "pdf"} {
		dir := filepath.Join(t.TempDir(), "charts")
		code, _, errb := runCLI(t, "gap", "--dataset", sample, "--charts", dir, "--chart-format", format, "--focus", "lei")
		if code != 0 {
			t.Fatalf("gap --charts (%s): exit %d: %s", format, code, errb)
		}
		for _, name := range []string{"establishment-lei", "gap-heatmap", "gap-national", "gap-largest"} {
			if st, err := os.Stat(filepath.Join(dir, name+"."+format)); err != nil || st.Size() < 1000 {
				t.Errorf("%s.%s: %v", name, format, err)
			}
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 4 {
			t.Errorf("chart directory holds %d files, want 4 (no temporary files)", len(entries))
		}
	}
	if code, _, _ := runCLI(t, "gap", "--dataset", sample, "--charts", t.TempDir(), "--chart-format", "gif"); code != 2 {
		t.Errorf("--chart-format gif: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "gap", "--dataset", sample, "--focus", "XYZ"); code != 2 {
		t.Errorf("--focus XYZ: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "fit", "--dataset", sample); code != 2 {
		t.Errorf("fit without --establishment: exit %d, want 2", code)
	}
}

// TestSuspiciousOfferingsWarn checks legal but odd offerings load with a
// warning on stderr: a high-intensity programme in an open prison, an
// offering with no places.
func TestSuspiciousOfferingsWarn(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(sample, "profiles.csv"), dir)
	ests := string(mustRead(t, filepath.Join(sample, "establishments.csv"))) + "NSI,North Sea Camp (HMP),M,open,East,,false,1\n"
	offs := string(mustRead(t, filepath.Join(sample, "offerings.csv"))) + "NSI,KAIZEN_GV,1,,,,true\nNSI,TSP,0,,,,true\n"
	if err := os.WriteFile(filepath.Join(dir, "establishments.csv"), []byte(ests), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "offerings.csv"), []byte(offs), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errb := runCLI(t, "validate", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	for _, want := range []string{"KAIZEN_GV at NSI: a high-intensity programme in an open prison", "TSP at NSI: listed with no places"} {
		if !strings.Contains(errb, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb)
		}
	}
}
