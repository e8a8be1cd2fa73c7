package reports

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
)

// handComparison is one alternative against a base in two measures: a
// difference whose interval excludes zero, and a mean wait with none.
func handComparison(reps int) *Comparison {
	return &Comparison{Base: "base", Alternatives: []string{"more groups"}, Replications: reps, Seed: 5,
		Notes: []string{"more groups runs 3 years, the base 2"},
		Differences: [][]estate.Difference{{
			{Measure: "released_untreated", Base: 1234, Alt: 1200, Difference: sim.Summary{Mean: -34, Lo: -40.25, Hi: -28, N: reps}},
			{Measure: "mean_wait_months", Base: 6.25, Alt: math.NaN(), Difference: sim.Summary{Mean: 0.5, Lo: math.NaN(), Hi: math.NaN(), N: reps}},
		}}}
}

// TestComparisonTable: a row per alternative and measure; an interval that
// is not there is NaN (empty in CSV, null in JSON).
func TestComparisonTable(t *testing.T) {
	tab := ComparisonTable(handComparison(4))
	if tab.Name != "comparison" || len(tab.Columns[0].Text) != 2 {
		t.Fatalf("%s: %d rows", tab.Name, len(tab.Columns[0].Text))
	}
	if got := strings.Join(tab.Columns[0].Text, ","); got != "more groups,more groups" {
		t.Errorf("scenarios %q", got)
	}
	if lo, hi := tab.Columns[5].Floats, tab.Columns[6].Floats; lo[0] != -40.25 || hi[0] != -28 || !math.IsNaN(lo[1]) || !math.IsNaN(hi[1]) {
		t.Errorf("intervals %v to %v", lo, hi)
	}
	if one := ComparisonTable(handComparison(1)); !math.IsNaN(one.Columns[5].Floats[0]) {
		t.Errorf("one replication: interval %v, want none", one.Columns[5].Floats[0])
	}
}

// TestWriteComparisonText: the notes as warnings, a table per alternative
// with the interval or "unavailable", * where it excludes zero, and the
// note on one replication.
func TestWriteComparisonText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteComparisonText(&b, handComparison(4)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"Scenario comparison: 4 replications, seed 5, common random numbers (the same seeds in every scenario).",
		"Warning: more groups runs 3 years, the base 2.\n",
		"\nMORE GROUPS against base\n",
		"released_untreated  1234         1200       -34.0  -40.2 to -28.0  *",
		"  mean_wait_months   6.2            –        +0.5     unavailable   \n",
		"\n* the interval excludes zero.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "one replication") {
		t.Errorf("the note on one replication with four:\n%s", out)
	}
	b.Reset()
	c := handComparison(1)
	c.Independent = true
	if err := WriteComparisonText(&b, c); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.Contains(out, "seed 5, independent seeds.") || strings.Contains(out, "*\n") ||
		!strings.HasSuffix(out, "With one replication there is no interval: run at least two (20 or more for a useful one).\n") {
		t.Errorf("one replication, independent seeds:\n%s", out)
	}
}

// TestOneDecimalBelow100 pins the comparison's means.
func TestOneDecimalBelow100(t *testing.T) {
	for v, want := range map[float64]string{6.25: "6.2", -99.94: "-99.9", 100: "100", -1234.5: "-1234", math.NaN(): "–"} {
		if got := oneDecimalBelow100(v); got != want {
			t.Errorf("%v: %q, want %q", v, got, want)
		}
	}
}
