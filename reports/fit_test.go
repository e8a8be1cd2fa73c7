package reports_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"needsplan/analysis"
	"needsplan/model"
	"needsplan/reports"
)

// TestFitTextProvision checks the fit page says which rule made a row
// surplus (docs/gap-analysis.md), and prints "no data" for a need with no
// one assessed.
func TestFitTextProvision(t *testing.T) {
	rows := []analysis.Gap{
		{Establishment: "AAA", Programme: "TSP", Demand: 10, Places: 24, Gap: 14, Coverage: 2.4, MinGroup: 6, Class: analysis.Surplus, SurplusBy: analysis.CoverageAtLeast},
		{Establishment: "AAA", Programme: "BSR", Demand: 3, Places: 4, Gap: 1, Coverage: 4.0 / 3, MinGroup: 6, Class: analysis.Surplus, SurplusBy: analysis.BelowOneCohort},
		{Establishment: "AAA", Programme: "COVAID", Demand: 0, Places: 12, Gap: 12, Coverage: math.Inf(1), MinGroup: 6, Class: analysis.Surplus, SurplusBy: analysis.NoLocalNeed},
		{Establishment: "AAA", Programme: "RESOLVE", Demand: 8, Places: 0, Gap: -8, Class: analysis.NotRunHere},
		{Establishment: "AAA", Programme: "HSP", Demand: 9, Places: 8, Gap: -1, Coverage: 8.0 / 9, Class: analysis.NotRunOftenEnough},
		{Establishment: "AAA", Programme: "LNM", Demand: 7, Places: 8, Gap: 1, Coverage: 8.0 / 7, Class: analysis.Sufficient},
	}
	gs := analysis.NewGaps(rows, analysis.GapOptions{Horizon: 12, SurplusRatio: 2})
	ests := []model.Establishment{{Code: "AAA", Name: "Alpha", Holds: model.HoldsMen, Region: "North"}}
	f, err := analysis.EstablishmentFit("AAA", gs, &analysis.Needs{}, &analysis.Needs{}, ests)
	if err != nil {
		t.Fatal(err)
	}
	for i := range f.Needs {
		f.Needs[i] = analysis.NewProportion(0, 0, 0.95)
		f.Estate[i] = analysis.NewProportion(1, 4, 0.95)
	}
	var buf bytes.Buffer
	if err := reports.WriteFitText(&buf, f, gs); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if fs := strings.Fields(l); len(fs) > 0 {
			lines[fs[0]] = l
		}
	}
	for prog, want := range map[string]string{
		"TSP":     "surplus: places at least 2× demand",
		"BSR":     "surplus: need below one cohort of 6",
		"COVAID":  "surplus: no local need",
		"RESOLVE": "no local provision",
		"HSP":     "not run often enough",
		"LNM":     "sufficient",
	} {
		if !strings.HasSuffix(lines[prog], want) {
			t.Errorf("%s: line %q, want it to end %q", prog, lines[prog], want)
		}
	}
	// Nobody assessed here: no share, no interval.
	if !strings.Contains(lines["accommodation"], "no data  no data") || strings.Contains(out, "–––") {
		t.Errorf("need profile without data:\n%s", out)
	}
}

// TestFitTableTotal checks the fit table ends with a total row carrying the
// fit score, also for an establishment with no programme rows.
func TestFitTableTotal(t *testing.T) {
	ests := []model.Establishment{{Code: "AAA", Holds: model.HoldsMen}, {Code: "BBB", Holds: model.HoldsMen}}
	gs := analysis.NewGaps([]analysis.Gap{
		{Establishment: "AAA", Programme: "TSP", Demand: 10, Places: 5, Gap: -5, Class: analysis.NotRunOftenEnough},
		{Establishment: "AAA", Programme: "BSR", Demand: 0, Places: 5, Gap: 5, Class: analysis.Surplus},
	}, analysis.GapOptions{Horizon: 12})
	for _, tt := range []struct {
		code                             string
		rows                             int
		demand, places, gap, score, serv float64
	}{
		// Σmin 5, Σmax 15: fit 1/3; served 5/10.
		{"AAA", 3, 10, 10, 0, 1.0 / 3, 0.5},
		{"BBB", 1, 0, 0, 0, math.NaN(), math.NaN()},
	} {
		f, err := analysis.EstablishmentFit(tt.code, gs, &analysis.Needs{}, &analysis.Needs{}, ests)
		if err != nil {
			t.Fatal(err)
		}
		tab := reports.FitTable(f)
		if tab.Rows() != tt.rows {
			t.Fatalf("%s: %d rows, want %d", tt.code, tab.Rows(), tt.rows)
		}
		col := func(name string) model.Column {
			for _, c := range tab.Columns {
				if c.Name == name {
					return c
				}
			}
			t.Fatalf("no column %s", name)
			return model.Column{}
		}
		last := tt.rows - 1
		same := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 || math.IsNaN(a) && math.IsNaN(b) }
		if p := col("programme").Text[last]; p != "all" {
			t.Errorf("%s: last row programme %q, want all", tt.code, p)
		}
		if !same(col("demand").Floats[last], tt.demand) || !same(col("places").Floats[last], tt.places) || !same(col("gap").Floats[last], tt.gap) ||
			!same(col("fit_score").Floats[last], tt.score) || !same(col("served_share").Floats[last], tt.serv) {
			t.Errorf("%s total: demand %g places %g gap %g fit %g served %g", tt.code, col("demand").Floats[last], col("places").Floats[last],
				col("gap").Floats[last], col("fit_score").Floats[last], col("served_share").Floats[last])
		}
	}
}
