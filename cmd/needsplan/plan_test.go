package main

import (
	"html"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPlanScenarioReproduces: on a small synthetic estate, the plan's
// scenario file run through compare against the baseline it writes gives
// the effect plan reported, measure by measure, to the last digit; the
// scenario names its dataset, so it runs from anywhere; the actions
// table's simulated effects lie inside their intervals; and plan refuses
// bad flags with exit status 2 and a bad weights file with 3, naming its
// row.
func TestPlanScenarioReproduces(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ds := filepath.Join(dir, "estate")
	if code, _, errb := runCLI(t, "synth", "--seed", "4", "--people", "6000", "--out", ds); code != 0 {
		t.Fatalf("synth: %d %s", code, errb)
	}
	planFile, baseFile := filepath.Join(dir, "plan.yaml"), filepath.Join(dir, "base.yaml")
	args := []string{"plan", "--dataset", ds, "--years", "2", "--replications", "6", "--seed", "3", "--actions", "2", "--refine", "1",
		"--budget", "40000", "--scenario-out", planFile, "--baseline-out", baseFile, "--format", "csv"}
	code, out, errb := runCLI(t, append(args, "--by", "effect")...)
	if code != 0 {
		t.Fatalf("plan: exit %d: %s", code, errb)
	}
	if !strings.Contains(errb, "simulating the baseline") || !strings.Contains(errb, "analytic plan:") {
		t.Errorf("no progress on stderr:\n%s", errb)
	}
	effect := map[string]map[string]string{}
	for _, r := range parseCSV(t, "plan", []byte(out)) {
		effect[r["measure"]] = r
	}
	code, out, errb = runCLI(t, "compare", baseFile, planFile, "--format", "csv")
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, errb)
	}
	for _, r := range parseCSV(t, "plan", []byte(out)) {
		e, ok := effect[r["measure"]]
		if !ok {
			t.Errorf("compare gives %s, plan does not", r["measure"])
			continue
		}
		for _, pair := range [][2]string{{"difference", "difference"}, {"ci_low", "difference_lo"}, {"ci_high", "difference_hi"}, {"base", "baseline"}, {"alternative", "plan"}} {
			a, _ := strconv.ParseFloat(r[pair[0]], 64)
			b, _ := strconv.ParseFloat(e[pair[1]], 64)
			if a != b && !(a != a && b != b) {
				t.Errorf("%s %s: compare %s, plan %s", r["measure"], pair[0], r[pair[0]], e[pair[1]])
			}
		}
	}
	if d, _ := strconv.ParseFloat(effect["completed_in_time"]["difference"], 64); !(d > 0) {
		t.Errorf("the plan completes %g more in time: want more", d)
	}
	code, out, errb = runCLI(t, append(args, "--by", "actions")...)
	if code != 0 {
		t.Fatalf("plan --by actions: exit %d: %s", code, errb)
	}
	simulated := 0
	for _, r := range parseCSV(t, "plan", []byte(out)) {
		if r["treated_in_time"] == "" {
			continue
		}
		simulated++
		m, _ := strconv.ParseFloat(r["treated_in_time"], 64)
		lo, _ := strconv.ParseFloat(r["treated_in_time_lo"], 64)
		hi, _ := strconv.ParseFloat(r["treated_in_time_hi"], 64)
		if !(lo <= m && m <= hi) {
			t.Errorf("%s: %g outside (%g, %g)", r["action"], m, lo, hi)
		}
	}
	if simulated != 2 {
		t.Errorf("%d actions simulated, want 2 (--actions 2)", simulated)
	}
	bad := filepath.Join(dir, "weights.csv")
	if err := os.WriteFile(bad, []byte("rule,weight\nbase,1\nburglary,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"plan", "--budget", "1", "--facilitators", "1"}, 2, "give one"},
		{[]string{"plan", "--fill", "0"}, 2, "--fill"},
		{[]string{"plan", "--by", "money"}, 2, "--by"},
		{[]string{"plan", "--dataset", ds, "--weights", bad}, 3, "row 3"},
	} {
		if code, _, errb := runCLI(t, c.args...); code != c.code || !strings.Contains(errb, c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, code, errb, c.code, c.want)
		}
	}
}

// TestReportCommission: the report's "What to commission" section on a
// small synthetic estate gives the plan and the effect that plan itself
// gives with the same settings and no refinement, and says why it is left
// out under --no-plan.
func TestReportCommission(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ds := filepath.Join(dir, "estate")
	if code, _, errb := runCLI(t, "synth", "--seed", "4", "--people", "6000", "--out", ds); code != 0 {
		t.Fatalf("synth: %d %s", code, errb)
	}
	out := filepath.Join(dir, "report")
	if code, _, errb := runCLI(t, "report", "--dataset", ds, "--out", out, "--replications", "2", "--years", "2", "--seed", "5",
		"--plan-replications", "3", "--plan-budget", "60000", "--no-suppression"); code != 0 {
		t.Fatalf("report: exit %d: %s", code, errb)
	}
	index := html.UnescapeString(string(mustRead(t, filepath.Join(out, "index.html"))))
	code, csvOut, errb := runCLI(t, "plan", "--dataset", ds, "--years", "2", "--replications", "3", "--seed", "5", "--budget", "60000",
		"--actions", "0", "--refine", "0", "--by", "effect", "--format", "csv")
	if code != 0 {
		t.Fatalf("plan: exit %d: %s", code, errb)
	}
	for _, r := range parseCSV(t, "plan", []byte(csvOut)) {
		if r["measure"] != "completed_in_time" {
			continue
		}
		d, _ := strconv.ParseFloat(r["difference"], 64)
		want := "<strong>+" + strconv.FormatFloat(d, 'f', 0, 64)
		if !(d >= 1) || !strings.Contains(index, want) {
			i := strings.Index(index, `id="commission"`)
			t.Errorf("plan completes %g more in time; the report's section lacks %q:\n%s", d, want, index[i:min(len(index), i+1200)])
		}
	}
	rows := tableRows(index, "commission-table")
	if len(rows) < 2 || !strings.HasPrefix(rows[1][1], "add ") {
		t.Errorf("commission table %q", rows)
	}
	// The decision headline opens the page: need, the largest shortfalls
	// and the plan's first action, before any other section.
	main := index[strings.Index(index, `<main id="main">`):]
	first := main[:strings.Index(main, "</section>")]
	for _, want := range []string{`id="decision"`, "people need an accredited programme now", "Largest shortfalls of places", "What to commission", rows[0][1]} {
		if !strings.Contains(first, want) {
			t.Errorf("the first section lacks %q:\n%s", want, first)
		}
	}
	out2 := filepath.Join(dir, "report2")
	if code, _, errb := runCLI(t, "report", "--dataset", ds, "--out", out2, "--replications", "2", "--years", "1", "--no-plan"); code != 0 {
		t.Fatalf("report --no-plan: exit %d: %s", code, errb)
	}
	if !strings.Contains(string(mustRead(t, filepath.Join(out2, "index.html"))), "Left out (--no-plan)") {
		t.Error("--no-plan: the section does not say it was left out")
	}
}
