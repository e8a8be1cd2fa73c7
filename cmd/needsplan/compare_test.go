package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCompareCommonRandomNumbers: on a small synthetic estate, doubling
// every TSP group changes the outcomes; with common random numbers the 95%
// interval of the difference is narrower than with independent seeds (Law
// 2015, §11.2: positive correlation between the paired runs cuts the
// variance of the difference).
func TestCompareCommonRandomNumbers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ds := filepath.Join(dir, "estate")
	if code, _, errb := runCLI(t, "synth", "--seed", "4", "--people", "6000", "--format", "parquet", "--out", ds); code != 0 {
		t.Fatalf("synth: %d %s", code, errb)
	}
	base := filepath.Join(dir, "base.yaml")
	alt := filepath.Join(dir, "alt.yaml")
	if err := os.WriteFile(base, []byte("name: base\ndataset: estate\nyears: 2\nreplications: 16\nseed: 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(alt, []byte("name: more groups\nextends: base.yaml\nofferings:\n  - {action: scale, factor: 2}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	width := func(extra ...string) map[string]float64 {
		t.Helper()
		code, out, errb := runCLI(t, append([]string{"compare", base, alt, "--format", "csv"}, extra...)...)
		if code != 0 {
			t.Fatalf("compare %v: exit %d: %s", extra, code, errb)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		w := map[string]float64{}
		for _, r := range rows[1:] {
			lo, _ := strconv.ParseFloat(r[5], 64)
			hi, _ := strconv.ParseFloat(r[6], 64)
			w[r[1]] = hi - lo
		}
		return w
	}
	crn, ind := width(), width("--independent")
	// (completed_late is 0 in both: the start rule takes nobody who would
	// finish late.)
	for _, m := range []string{"starts", "released_untreated", "completed_in_time"} {
		if !(crn[m] < ind[m]) {
			t.Errorf("%s: interval width %.2f with common random numbers, %.2f independent: want narrower", m, crn[m], ind[m])
		}
	}
	// The optimised strategy, checked by simulation: fewer released
	// untreated than today's places, the whole interval below zero.
	opt := filepath.Join(dir, "opt.yaml")
	_ = os.WriteFile(opt, []byte("name: optimised\nextends: base.yaml\nstrategy: optimised\n"), 0o644)
	code, out, errb := runCLI(t, "compare", base, opt, "--format", "csv")
	if code != 0 {
		t.Fatalf("compare optimised: exit %d: %s", code, errb)
	}
	rows, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
	for _, r := range rows[1:] {
		if r[1] == "released_untreated" {
			if hi, _ := strconv.ParseFloat(r[6], 64); !(hi < 0) {
				t.Errorf("optimised: released untreated difference %s (%s to %s), want below zero", r[4], r[5], r[6])
			}
		}
	}
	chart := filepath.Join(dir, "compare.svg")
	if code, _, errb := runCLI(t, "compare", base, alt, "--replications", "4", "--chart", chart); code != 0 {
		t.Errorf("--chart: exit %d: %s", code, errb)
	}
	if code, _, _ := runCLI(t, "compare", base); code != 2 {
		t.Errorf("compare with one scenario: exit %d, want 2", code)
	}
	bad := filepath.Join(dir, "bad.yaml")
	_ = os.WriteFile(bad, []byte("extends: base.yaml\noffereings: []\n"), 0o644)
	if code, _, errb := runCLI(t, "compare", base, bad); code != 3 || !strings.Contains(errb, "line 2") {
		t.Errorf("a misspelt key: exit %d, %s; want 3 naming line 2", code, errb)
	}
}

// TestCompareDetails: with one replication there is no interval (it used
// to print a zero-width one flagged *); a bad --chart name is a usage error
// naming --chart before anything is simulated; an alternative without a
// name is called by its file's base name, not its parent's; scenarios over
// different horizons are warned about.
func TestCompareDetails(t *testing.T) {
	dir := t.TempDir()
	sampleAbs, _ := filepath.Abs(sample)
	base := filepath.Join(dir, "base.yaml")
	alt := filepath.Join(dir, "more-groups.yaml")
	_ = os.WriteFile(base, []byte("name: base\ndataset: "+sampleAbs+"\nyears: 2\nreplications: 4\n"), 0o644)
	_ = os.WriteFile(alt, []byte("extends: base.yaml\nofferings:\n  - {action: scale, factor: 2}\n"), 0o644)
	code, out, errb := runCLI(t, "compare", base, alt, "--replications", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if !strings.Contains(out, "MORE-GROUPS against base") || strings.Contains(out, "BASE against base") {
		t.Errorf("the alternative's name:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "_") && (!strings.Contains(l, "unavailable") || strings.HasSuffix(strings.TrimSpace(l), "*")) {
			t.Errorf("one replication: %q, want the interval unavailable and no *", l)
		}
	}
	code, csvOut, _ := runCLI(t, "compare", base, alt, "--replications", "1", "--format", "csv")
	if code != 0 || !strings.Contains(csvOut, "more-groups,released_untreated,") || !strings.Contains(csvOut, ",,\n") {
		t.Errorf("csv with one replication: empty ci_low and ci_high wanted:\n%s", csvOut)
	}
	code, _, errb = runCLI(t, "compare", base, alt, "--chart", filepath.Join(dir, "c.jpg"))
	if code != 2 || !strings.Contains(errb, "--chart") || strings.Contains(errb, "--chart-format") || strings.Contains(errb, "simulating") {
		t.Errorf("--chart c.jpg: exit %d, %s", code, errb)
	}
	longer := filepath.Join(dir, "longer.yaml")
	_ = os.WriteFile(longer, []byte("extends: base.yaml\nyears: 3\n"), 0o644)
	chart := filepath.Join(dir, "c.png")
	code, out, errb = runCLI(t, "compare", base, longer, "--replications", "2", "--chart", chart)
	if code != 0 || !strings.Contains(errb, "longer runs 3 years, the base 2") || !strings.Contains(out, "Warning: longer runs 3 years") {
		t.Errorf("different horizons: exit %d, %s\n%s", code, errb, out)
	}
	if st, err := os.Stat(chart); err != nil || st.Size() == 0 {
		t.Errorf("no chart: %v", err)
	}
}
