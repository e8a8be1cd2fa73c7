package analysis_test

import (
	"context"
	"math"
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
		p := needyPerson(id, est, servedMonths, leftMonths)
		p.Scores[model.DrugMisuse] = model.Some(drugs)
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
	// Completions: places × the catalogue's completion rate (0.85).
	if g := rows["AAA TSP"]; math.Abs(g.Completions-13*0.85) > 1e-9 {
		t.Errorf("AAA TSP completions %.3f, want 11.05", g.Completions)
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
