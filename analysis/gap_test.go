package analysis_test

import (
	"context"
	"fmt"
	"math"
	"needsplan/internal/testkit"
	"strings"
	"testing"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/model"
)

// TestAnalyseGaps checks demand, places, gaps and classes on a fixture
// computed by hand. Everyone is a man with medium need (PNI items as in
// TestAnalyseNeeds) and OGRS3 60 (medium risk) → moderate pathway → TSP
// (6 months needed); drug score 3 adds BSR (6 months). Stays are chosen so
// 1/stay is easy: a determinate person who started 6 months before the
// dataset date with 18 months left has a stay of 24 months, standing for
// 1/24 receptions a month, 12/24 = 0.5 over a 12-month horizon.
func TestAnalyseGaps(t *testing.T) {
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	asOf := simAsOf
	ests := []model.Establishment{
		{Code: "AAA", Name: "A", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
		{Code: "BBB", Name: "B", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
		{Code: "CCC", Name: "C", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "South"},
	}
	mk := func(id, est string, servedMonths, leftMonths int, drugs int) model.Profile {
		p := testkit.NeedyPerson(id, est, servedMonths, leftMonths)
		p.Scores[model.DrugMisuse] = model.Some(int8(drugs))
		return p
	}
	var ps []model.Profile
	// AAA: 8 people, 6 months served, 18 left (stay 24): all need TSP in
	// time; 4 of them (drugs 3) need BSR. Stock TSP 8, flow 8 × 12/24 = 4.
	for i := range 8 {
		drugs := 0
		if i < 4 {
			drugs = 3
		}
		ps = append(ps, mk("a"+string(rune('0'+i)), "AAA", 6, 18, drugs))
	}
	// BBB: 2 people with 3 months left, 9 served (stay 12): TSP needed but
	// not in time (stock 0); the stay of 12 ≥ 6, so each stands for 1/12 a
	// month of receptions who could complete: flow 2 × 12/12 = 2.
	ps = append(ps, mk("b0", "BBB", 9, 3, 0), mk("b1", "BBB", 9, 3, 0))
	// CCC: nobody.
	offs := []model.Offering{
		// AAA runs TSP once a year with 13 places; BSR twice, 24 places.
		{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 1, GroupSize: model.Some(13), Referable: true},
		{Establishment: "AAA", Programme: "BSR", GroupsPerYear: 2, Referable: true},
		// CCC runs TSP twice a year: 24 places and no need.
		{Establishment: "CCC", Programme: "TSP", GroupsPerYear: 2, Referable: true},
		// BBB lists BSR but paused: not counted.
		{Establishment: "BBB", Programme: "BSR", GroupsPerYear: 1, Referable: false},
	}
	legacy := analysis.SuitePlan{Default: model.LegacySuite}
	cls, err := analysis.ClassifyAll(context.Background(), ps, cat, legacy, asOf)
	if err != nil {
		t.Fatal(err)
	}
	gs := analysis.AnalyseGaps(ps, cls, ests, offs, cat, analysis.GapOptions{AsOf: asOf, Horizon: 12, Suites: legacy})
	rows := map[string]analysis.Gap{}
	for _, g := range gs.Rows {
		rows[g.Establishment+" "+g.Programme] = g
	}
	// Months are average months, so stays are not exactly 24 and 12: the
	// tolerance covers calendar months against 30.44-day months.
	const tol = 0.05
	want := []struct {
		key                      string
		stock, flow, places, gap float64
		class                    analysis.GapClass
	}{
		// TSP at AAA: demand 8 + 4 = 12, places 13 → gap 1, coverage 1.08: sufficient.
		{"AAA TSP", 8, 4, 13, 1, analysis.Sufficient},
		// BSR at AAA: demand 4 + 2 = 6, places 24 → coverage 4 ≥ 2: surplus.
		{"AAA BSR", 4, 2, 24, 18, analysis.Surplus},
		// TSP at BBB: demand 0 + 2, no places: not run here.
		{"BBB TSP", 0, 2, 0, -2, analysis.NotRunHere},
		// TSP at CCC: no demand, 24 places: surplus.
		{"CCC TSP", 0, 0, 24, 24, analysis.Surplus},
	}
	for _, w := range want {
		g, ok := rows[w.key]
		if !ok {
			t.Errorf("%s: no row", w.key)
			continue
		}
		if math.Abs(g.Stock-w.stock) > tol || math.Abs(g.Flow-w.flow) > tol || math.Abs(g.Places-w.places) > tol ||
			math.Abs(g.Gap-w.gap) > tol || g.Class != w.class {
			t.Errorf("%s: stock %.3f flow %.3f places %.3f gap %.3f %s; want %.0f %.0f %.0f %.0f %s",
				w.key, g.Stock, g.Flow, g.Places, g.Gap, g.Class, w.stock, w.flow, w.places, w.gap, w.class)
		}
	}
	if _, ok := rows["BBB BSR"]; ok {
		t.Error("a paused offering with no need should give no row")
	}
	if len(gs.Rows) != 4 {
		t.Errorf("%d rows, want 4", len(gs.Rows))
	}
	// Completions: places × the catalogue's completion rate (0.91, the
	// published completions ÷ starts of 2019/20): 13 × 0.91 = 11.83.
	if g := rows["AAA TSP"]; math.Abs(g.Completions-13*0.91) > 1e-9 {
		t.Errorf("AAA TSP completions %.3f, want 11.83", g.Completions)
	}
	// Estate: demand 12 + 6 + 2 = 20, places 13 + 24 + 24 = 61; unmet 2, all
	// "not run here".
	e := gs.Estate
	if math.Abs(e.Demand-20) > 3*tol || e.Places != 61 || math.Abs(e.UnmetNotRun-2) > tol || e.UnmetNotOften != 0 {
		t.Errorf("estate: demand %.3f places %.0f unmet %.3f/%.3f; want 20, 61, 2/0", e.Demand, e.Places, e.UnmetNotRun, e.UnmetNotOften)
	}
	if e.Count[analysis.Surplus] != 2 || e.Count[analysis.Sufficient] != 1 || e.Count[analysis.NotRunHere] != 1 {
		t.Errorf("estate class counts %v", e.Count)
	}
	// Receptions: AAA's 8 people with stays of 24 months stand for 8/24 a
	// month, 4 a year.
	if r := gs.Receptions["AAA"]; math.Abs(r-4) > 0.02 {
		t.Errorf("AAA receptions %.3f a year, want 4", r)
	}
	// Regions: North TSP = AAA + BBB: demand 14, places 13, unmet 2 not run.
	for _, r := range gs.ByRegion {
		if r.Key == "North" && r.Programme == "TSP" {
			if math.Abs(r.Demand-14) > 2*tol || r.Places != 13 || math.Abs(r.UnmetNotRun-2) > tol {
				t.Errorf("North TSP: %+v", r)
			}
		}
	}

	// An explicit receptions rate: 24 a year at AAA over 6 months is 12
	// receptions, all of whom need TSP in time: flow 12, and half need BSR: 6.
	gs2 := analysis.AnalyseGaps(ps, cls, ests, offs, cat, analysis.GapOptions{AsOf: asOf, Horizon: 6, Suites: legacy,
		Receptions: map[string]float64{"AAA": 24}})
	for _, g := range gs2.Rows {
		switch g.Establishment + " " + g.Programme {
		case "AAA TSP":
			if math.Abs(g.Flow-12) > 1e-9 || g.Places != 6.5 {
				t.Errorf("AAA TSP with receptions: flow %.3f places %.1f, want 12 and 6.5", g.Flow, g.Places)
			}
		case "AAA BSR":
			if math.Abs(g.Flow-6) > 1e-9 {
				t.Errorf("AAA BSR with receptions: flow %.3f, want 6", g.Flow)
			}
		}
	}
}

// TestFit checks the fit score and served share by hand on the same kind
// of fixture: one establishment with TSP demand 10 and places 5, and BSR
// demand 0 with places 5: Σmin = 5, Σmax = 10 + 5 = 15, fit 1/3; served
// 5/10.
func TestFit(t *testing.T) {
	gs := &analysis.Gaps{Rows: []analysis.Gap{
		{Establishment: "AAA", Region: "North", Programme: "TSP", Demand: 10, Places: 5, Gap: -5, Class: analysis.NotRunOftenEnough},
		{Establishment: "AAA", Region: "North", Programme: "BSR", Demand: 0, Places: 5, Gap: 5, Class: analysis.Surplus},
		{Establishment: "BBB", Region: "North", Programme: "TSP", Demand: 2, Places: 12, Gap: 10, Class: analysis.Surplus},
		{Establishment: "CCC", Region: "South", Programme: "TSP", Demand: 0, Places: 24, Gap: 24, Class: analysis.Surplus},
		{Establishment: "DDD", Region: "North", Programme: "TSP", Demand: 0, Places: 24, Gap: 24, Class: analysis.Surplus},
	}}
	ests := []model.Establishment{
		{Code: "AAA", Holds: model.HoldsMen, Region: "North"},
		{Code: "BBB", Holds: model.HoldsMen, Region: "North"},
		{Code: "CCC", Holds: model.HoldsMen, Region: "South"},
		{Code: "DDD", Holds: model.HoldsWomen, Region: "North"},
	}
	n := &analysis.Needs{}
	f, err := analysis.EstablishmentFit("AAA", gs, n, n, ests)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(f.Score-1.0/3) > 1e-12 || math.Abs(f.Served-0.5) > 1e-12 {
		t.Errorf("fit %.4f served %.4f, want 0.3333 and 0.5", f.Score, f.Served)
	}
	if f.Programmes[0].Row.Programme != "TSP" {
		t.Fatalf("programmes not sorted by demand: %+v", f.Programmes)
	}
	// Nearby for TSP: BBB (same region, 10 spare) first, then CCC (24 spare,
	// other region); DDD holds women and is left out.
	near := f.Programmes[0].Nearby
	if len(near) != 2 || near[0].Code != "BBB" || near[1].Code != "CCC" {
		t.Errorf("nearby %+v, want BBB then CCC", near)
	}
	if _, err := analysis.EstablishmentFit("ZZZ", gs, n, n, ests); err == nil {
		t.Error("fit of an unknown establishment: want an error")
	}
}

// TestGapClassesByHand checks every class, every boundary of the rules and
// every rollup total on a fixture whose demand and places are whole numbers
// worked out by hand. Horizon 12 months, legacy suite; everyone is a
// needyPerson (needs TSP) with 6 months served and 18 left, so in time for
// TSP and BSR (6 months needed each); drugs 3 adds BSR. The catalogue's
// min_group_size is 6 for both; SurplusRatio is 2.
//
// Receptions are given, so the flow is known exactly: 0 a year everywhere
// (flow 0) except BBB, 12 a year: over 12 months 12 receptions, shared as
// BBB's sentenced people are (all 10 need TSP: 12; 5 of 10 need BSR: 6).
//
//	row       stock flow demand places  gap coverage  class (rule)
//	AAA TSP     6    0     6      6      0   1.00    sufficient: places = demand, demand = one cohort
//	BBB TSP    10   12    22      8    −14   0.36    not run often enough (places < demand)
//	BBB BSR     5    6    11      0    −11   0       not run here (offering paused)
//	CCC TSP     6    0     6     12      6   2.00    surplus: exactly twice the demand
//	CCC BSR     6    0     6     11      5   1.83    sufficient: just under twice
//	DDD TSP     3    0     3      4      1   1.33    surplus: demand 3 below one cohort of 6
//	DDD BSR     3    0     3      5      2   1.67    sufficient: the offering's min_group_size 3
//	EEE TSP     0    0     0     24     24   ∞       surplus: no local need
//
// Unmet: "not run here" rows count their demand, "not run often enough"
// rows demand − places. Regions: North = AAA, BBB; South = CCC, DDD, EEE.
//
//	rollup       demand places  gap unmet(not run) unmet(not often) classes
//	North TSP      28     14   −14       0             14           1 sufficient, 1 not often
//	North BSR      11      0   −11      11              0           1 not run
//	North all      39     14   −25      11             14           1 each of those three
//	South TSP       9     40    31       0              0           3 surplus
//	South BSR       9     16     7       0              0           2 sufficient
//	South all      18     56    38       0              0           3 surplus, 2 sufficient
//	TSP            37     54    17       0             14           1 sufficient, 1 not often, 3 surplus
//	BSR            20     16    −4      11              0           1 not run, 2 sufficient
//	estate         57     70    13      11             14           1 not run, 1 not often, 3 sufficient, 3 surplus
func TestGapClassesByHand(t *testing.T) {
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"TSP", "BSR"} {
		if g, _ := cat.Lookup(code); g.MinGroupSize.Value != 6 || g.MonthsNeeded.Value != 6 {
			t.Fatalf("%s: catalogue min_group_size %v, months_needed %v; the fixture assumes 6 and 6", code, g.MinGroupSize.Value, g.MonthsNeeded.Value)
		}
	}
	ests := []model.Establishment{
		{Code: "AAA", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
		{Code: "BBB", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
		{Code: "CCC", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "South"},
		{Code: "DDD", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "South"},
		{Code: "EEE", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "South"},
	}
	var ps []model.Profile
	add := func(est string, n, withDrugs int) {
		for i := range n {
			p := testkit.NeedyPerson(fmt.Sprintf("%s%02d", est, i), est, 6, 18)
			p.Scores[model.DrugMisuse] = model.Some(int8(0))
			if i < withDrugs {
				p.Scores[model.DrugMisuse] = model.Some(int8(3))
			}
			ps = append(ps, p)
		}
	}
	add("AAA", 6, 0)
	add("BBB", 10, 5)
	add("CCC", 6, 6)
	add("DDD", 3, 3)
	offs := []model.Offering{
		{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 1, GroupSize: model.Some(6), Referable: true},
		{Establishment: "BBB", Programme: "TSP", GroupsPerYear: 1, GroupSize: model.Some(8), Referable: true},
		{Establishment: "BBB", Programme: "BSR", GroupsPerYear: 2, Referable: false},
		{Establishment: "CCC", Programme: "TSP", GroupsPerYear: 1, GroupSize: model.Some(12), Referable: true},
		{Establishment: "CCC", Programme: "BSR", GroupsPerYear: 1, GroupSize: model.Some(11), Referable: true},
		{Establishment: "DDD", Programme: "TSP", GroupsPerYear: 1, GroupSize: model.Some(4), Referable: true},
		{Establishment: "DDD", Programme: "BSR", GroupsPerYear: 1, GroupSize: model.Some(5), MinGroupSize: model.Some(3), Referable: true},
		{Establishment: "EEE", Programme: "TSP", GroupsPerYear: 2, Referable: true},
	}
	legacy := analysis.SuitePlan{Default: model.LegacySuite}
	cls, err := analysis.ClassifyAll(context.Background(), ps, cat, legacy, simAsOf)
	if err != nil {
		t.Fatal(err)
	}
	rec := map[string]float64{"AAA": 0, "BBB": 12, "CCC": 0, "DDD": 0, "EEE": 0}
	gs := analysis.AnalyseGaps(ps, cls, ests, offs, cat, analysis.GapOptions{AsOf: simAsOf, Horizon: 12, Suites: legacy, Receptions: rec})

	const tol = 1e-9
	near := func(a, b float64) bool { return math.Abs(a-b) <= tol || math.IsInf(a, 1) && math.IsInf(b, 1) }
	inf := math.Inf(1)
	rows := []struct {
		key                                   string
		stock, flow, demand, places, gap, cov float64
		class                                 analysis.GapClass
		by                                    analysis.SurplusRule
	}{
		{"AAA TSP", 6, 0, 6, 6, 0, 1, analysis.Sufficient, ""},
		{"BBB BSR", 5, 6, 11, 0, -11, 0, analysis.NotRunHere, ""},
		{"BBB TSP", 10, 12, 22, 8, -14, 8.0 / 22, analysis.NotRunOftenEnough, ""},
		{"CCC BSR", 6, 0, 6, 11, 5, 11.0 / 6, analysis.Sufficient, ""},
		{"CCC TSP", 6, 0, 6, 12, 6, 2, analysis.Surplus, analysis.CoverageAtLeast},
		{"DDD BSR", 3, 0, 3, 5, 2, 5.0 / 3, analysis.Sufficient, ""},
		{"DDD TSP", 3, 0, 3, 4, 1, 4.0 / 3, analysis.Surplus, analysis.BelowOneCohort},
		{"EEE TSP", 0, 0, 0, 24, 24, inf, analysis.Surplus, analysis.NoLocalNeed},
	}
	if len(gs.Rows) != len(rows) {
		t.Errorf("%d rows, want %d: %+v", len(gs.Rows), len(rows), gs.Rows)
	}
	for i, w := range rows {
		if i >= len(gs.Rows) {
			break
		}
		g := gs.Rows[i]
		if got := g.Establishment + " " + g.Programme; got != w.key {
			t.Errorf("row %d is %s, want %s (rows sorted by establishment, programme)", i, got, w.key)
			continue
		}
		if !near(g.Stock, w.stock) || !near(g.Flow, w.flow) || !near(g.Demand, w.demand) || !near(g.Places, w.places) ||
			!near(g.Gap, w.gap) || !near(g.Coverage, w.cov) || g.Class != w.class || g.SurplusBy != w.by {
			t.Errorf("%s: stock %g flow %g demand %g places %g gap %g coverage %g %s (%s);\nwant %g %g %g %g %g %g %s (%s)",
				w.key, g.Stock, g.Flow, g.Demand, g.Places, g.Gap, g.Coverage, g.Class, g.SurplusBy,
				w.stock, w.flow, w.demand, w.places, w.gap, w.cov, w.class, w.by)
		}
	}
	if g := gs.Rows[5]; g.MinGroup != 3 {
		t.Errorf("DDD BSR min group %g, want the offering's 3", g.MinGroup)
	}
	if g := gs.Rows[6]; g.MinGroup != 6 {
		t.Errorf("DDD TSP min group %g, want the catalogue's 6", g.MinGroup)
	}

	type counts struct{ notRun, notOften, sufficient, surplus int }
	rollups := []struct {
		name                       string
		get                        func() (analysis.Rollup, bool)
		demand, places, gap        float64
		unmetNotRun, unmetNotOften float64
		n                          counts
	}{
		{"North TSP", region(gs, "North", "TSP"), 28, 14, -14, 0, 14, counts{0, 1, 1, 0}},
		{"North BSR", region(gs, "North", "BSR"), 11, 0, -11, 11, 0, counts{1, 0, 0, 0}},
		{"North all", region(gs, "North", ""), 39, 14, -25, 11, 14, counts{1, 1, 1, 0}},
		{"South TSP", region(gs, "South", "TSP"), 9, 40, 31, 0, 0, counts{0, 0, 0, 3}},
		{"South BSR", region(gs, "South", "BSR"), 9, 16, 7, 0, 0, counts{0, 0, 2, 0}},
		{"South all", region(gs, "South", ""), 18, 56, 38, 0, 0, counts{0, 0, 2, 3}},
		{"TSP nationally", programme(gs, "TSP"), 37, 54, 17, 0, 14, counts{0, 1, 1, 3}},
		{"BSR nationally", programme(gs, "BSR"), 20, 16, -4, 11, 0, counts{1, 0, 2, 0}},
		{"estate", func() (analysis.Rollup, bool) { return gs.Estate, true }, 57, 70, 13, 11, 14, counts{1, 1, 3, 3}},
	}
	for _, w := range rollups {
		r, ok := w.get()
		if !ok {
			t.Errorf("%s: no rollup", w.name)
			continue
		}
		n := counts{r.Count[analysis.NotRunHere], r.Count[analysis.NotRunOftenEnough], r.Count[analysis.Sufficient], r.Count[analysis.Surplus]}
		if !near(r.Demand, w.demand) || !near(r.Places, w.places) || !near(r.Gap, w.gap) || !near(r.Coverage, w.places/w.demand) ||
			!near(r.UnmetNotRun, w.unmetNotRun) || !near(r.UnmetNotOften, w.unmetNotOften) || n != w.n {
			t.Errorf("%s: demand %g places %g gap %g coverage %g unmet %g/%g counts %+v;\nwant %g %g %g %g %g/%g %+v",
				w.name, r.Demand, r.Places, r.Gap, r.Coverage, r.UnmetNotRun, r.UnmetNotOften, n,
				w.demand, w.places, w.gap, w.places/w.demand, w.unmetNotRun, w.unmetNotOften, w.n)
		}
	}
	if len(gs.ByRegion) != 6 || len(gs.ByProgramme) != 2 {
		t.Errorf("%d region rollups and %d programme rollups, want 6 and 2", len(gs.ByRegion), len(gs.ByProgramme))
	}
	if len(gs.Warnings) != 0 {
		t.Errorf("warnings %q, want none", gs.Warnings)
	}
}

func region(gs *analysis.Gaps, name, prog string) func() (analysis.Rollup, bool) {
	return func() (analysis.Rollup, bool) {
		for _, r := range gs.ByRegion {
			if r.Key == name && r.Programme == prog {
				return r, true
			}
		}
		return analysis.Rollup{}, false
	}
}

func programme(gs *analysis.Gaps, prog string) func() (analysis.Rollup, bool) {
	return func() (analysis.Rollup, bool) {
		for _, r := range gs.ByProgramme {
			if r.Key == prog && r.Programme == prog {
				return r, true
			}
		}
		return analysis.Rollup{}, false
	}
}

// TestReceptionsWithoutSentenced checks an explicit receptions rate at an
// establishment holding only remand is not dropped: its programme mix comes
// from establishments of the same function holding the same sex (then the
// same sex, then all, within the suite), with a warning.
//
// AAA (local, men): 4 sentenced people with stays of 24 months, 2 needing
// BSR too: its mix is TSP 4/4 = 1 and BSR 2/4 = 1/2. CCC (cat C, men): 2
// people who need TSP only but too little time is left to count as stock,
// 9 served and 3 left (stay 12). LLL (local, men) holds one man on remand;
// with 100 receptions a year over 6 months it gets 50 receptions, shared as
// at AAA, the only other local: TSP 50, BSR 25. WWW (a women's prison, on
// remand only) has no establishment holding women with sentenced people, so
// it falls back to all establishments: weights AAA 4/24 and CCC 2/12, TSP
// (4/24 + 2/12) / (4/24 + 2/12) = 1, BSR (2/24) / (4/24 + 2/12) = 1/4; with
// 24 a year over 6 months: TSP 12, BSR 3.
func TestReceptionsWithoutSentenced(t *testing.T) {
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	ests := []model.Establishment{
		{Code: "AAA", Holds: model.HoldsMen, Function: model.Local, Region: "North"},
		{Code: "CCC", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
		{Code: "LLL", Holds: model.HoldsMen, Function: model.Local, Region: "North"},
		{Code: "WWW", Holds: model.HoldsWomen, Function: model.FemalePrison, Region: "Women's Estate"},
	}
	var ps []model.Profile
	for i := range 4 {
		p := testkit.NeedyPerson(fmt.Sprintf("a%d", i), "AAA", 6, 18)
		p.Scores[model.DrugMisuse] = model.Some(int8(0))
		if i < 2 {
			p.Scores[model.DrugMisuse] = model.Some(int8(3))
		}
		ps = append(ps, p)
	}
	for i := range 2 {
		p := testkit.NeedyPerson(fmt.Sprintf("c%d", i), "CCC", 9, 3)
		p.Scores[model.DrugMisuse] = model.Some(int8(0))
		ps = append(ps, p)
	}
	remand := func(id, est string, sex model.Sex) model.Profile {
		p := testkit.NeedyPerson(id, est, 1, 12)
		p.Sex, p.SentenceType, p.EarliestRelease = sex, model.Remand, model.Opt[model.Date]{}
		return p
	}
	ps = append(ps, remand("l0", "LLL", model.Male), remand("w0", "WWW", model.Female))
	legacy := analysis.SuitePlan{Default: model.LegacySuite}
	cls, err := analysis.ClassifyAll(context.Background(), ps, cat, legacy, simAsOf)
	if err != nil {
		t.Fatal(err)
	}
	gs := analysis.AnalyseGaps(ps, cls, ests, nil, cat, analysis.GapOptions{AsOf: simAsOf, Horizon: 6, Suites: legacy,
		Receptions: map[string]float64{"LLL": 100, "WWW": 24}})
	flow := map[string]float64{}
	for _, g := range gs.Rows {
		flow[g.Establishment+" "+g.Programme] = g.Flow
	}
	// Months are average months: stays are 24 and 12 months give or take a
	// day, so the shares of the fallback to all establishments (which mixes
	// the two) are within a small tolerance.
	for _, w := range []struct {
		key  string
		want float64
		tol  float64
	}{
		{"LLL TSP", 50, 1e-9}, {"LLL BSR", 25, 1e-9}, {"WWW TSP", 12, 1e-9}, {"WWW BSR", 3, 0.01},
	} {
		if got, ok := flow[w.key]; !ok || math.Abs(got-w.want) > w.tol {
			t.Errorf("%s flow %.4f (row %v), want %g", w.key, got, ok, w.want)
		}
	}
	if len(gs.Warnings) != 2 ||
		!strings.Contains(gs.Warnings[0], "LLL holds no sentenced people to split its 100 receptions a year by programme: used the programme mix of local prisons holding men with suite legacy (AAA)") ||
		!strings.Contains(gs.Warnings[1], "WWW") || !strings.Contains(gs.Warnings[1], "all establishments with suite legacy (AAA, CCC)") {
		t.Errorf("warnings %q", gs.Warnings)
	}
	if gs.Receptions["LLL"] != 100 {
		t.Errorf("LLL receptions %g, want the 100 given", gs.Receptions["LLL"])
	}
}
