package analysis_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/model"
)

var scenEsts = []model.Establishment{
	{Code: "AAA", Region: "North", Holds: model.HoldsMen, Function: model.CatCTrainer, FacilitatorTeams: model.Some(1)},
	{Code: "BBB", Region: "South", Holds: model.HoldsMen, Function: model.CatCTrainer, FacilitatorTeams: model.Some(1)},
}

func shockGroups(ch analysis.ScenarioChanges, est, prog string) [][2]float64 {
	var out [][2]float64
	for _, s := range ch.Shocks {
		if s.Establishment == est && s.Programme == prog && s.Groups >= 0 {
			out = append(out, [2]float64{s.From, s.Groups})
		}
	}
	return out
}

// TestApplyScenarioTimed: timed changes, by hand. AAA runs TSP 4 groups a
// year. "add 0.5 from 1" makes 4.5 from month 1 (it replaced: 0.5); "set
// 0.5 from 1" makes 0.5. Changes apply in the order of their months to the
// value left by earlier ones: scale ×2 from 12 listed before add 1 from 6
// gives 5 from 6 and 10 from 12. A timed add of a new offering lists it
// with no places (what runs at the start), and its shock gives the groups
// from its month.
func TestApplyScenarioTimed(t *testing.T) {
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true}}
	apply := func(cs ...model.OfferingChange) analysis.ScenarioChanges {
		t.Helper()
		ch, err := analysis.ApplyScenario(&model.Scenario{Offerings: cs}, scenEsts, offs, map[string]float64{"AAA": 10})
		if err != nil {
			t.Fatal(err)
		}
		return ch
	}
	eq := func(name string, got, want [][2]float64) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: shocks %v, want %v", name, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: shocks %v, want %v", name, got, want)
				return
			}
		}
	}
	eq("add 0.5 from 1", shockGroups(apply(model.OfferingChange{Establishment: "AAA", Programme: "TSP", Action: model.ActionAdd, GroupsPerYear: 0.5, From: 1}), "AAA", "TSP"),
		[][2]float64{{1, 4.5}})
	eq("set 0.5 from 1", shockGroups(apply(model.OfferingChange{Establishment: "AAA", Programme: "TSP", Action: model.ActionSet, GroupsPerYear: 0.5, From: 1}), "AAA", "TSP"),
		[][2]float64{{1, 0.5}})
	eq("scale from 12, add from 6", shockGroups(apply(
		model.OfferingChange{Programme: "TSP", Action: model.ActionScale, Factor: 2, From: 12},
		model.OfferingChange{Establishment: "AAA", Programme: "TSP", Action: model.ActionAdd, GroupsPerYear: 1, From: 6}), "AAA", "TSP"),
		[][2]float64{{6, 5}, {12, 10}})
	ch := apply(model.OfferingChange{Establishment: "BBB", Programme: "TSP", Action: model.ActionAdd, GroupsPerYear: 2, From: 6})
	eq("a new offering from 6", shockGroups(ch, "BBB", "TSP"), [][2]float64{{6, 2}})
	found := false
	for _, o := range ch.Offerings {
		if o.Establishment == "BBB" && o.Programme == "TSP" {
			found = o.GroupsPerYear == 0 && o.OneToOnePlaces == 0 && o.Referable
		}
	}
	if !found {
		t.Errorf("the timed add should list BBB TSP with no places until its month: %+v", ch.Offerings)
	}
	// Growth scales receptions.
	g, _ := analysis.ApplyScenario(&model.Scenario{Growth: model.Some(0.05)}, scenEsts, offs, map[string]float64{"AAA": 10})
	if math.Abs(g.Receptions["AAA"]-10.5) > 1e-12 {
		t.Errorf("receptions %v, want 10.5", g.Receptions["AAA"])
	}
}

// TestApplyScenarioLimits: a scale factor that would take an offering past
// 366 groups a year is refused, naming the change, at month 0 and later
// (a factor of a million used to hang the simulation).
func TestApplyScenarioLimits(t *testing.T) {
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true}}
	for _, from := range []float64{0, 6} {
		sc := &model.Scenario{Offerings: []model.OfferingChange{{File: "s.yaml", Line: 7, Programme: "TSP", Action: model.ActionScale, Factor: 1e6, From: from}}}
		_, err := analysis.ApplyScenario(sc, scenEsts, offs, nil)
		var ce *analysis.ChangeError
		if !errors.As(err, &ce) || ce.File != "s.yaml" || ce.Line != 7 {
			t.Errorf("from %v: error %v, want a ChangeError at s.yaml line 7", from, err)
		}
	}
}

// TestStockIndex: systematic sampling by hand. 20 people grown 5% are 21
// (⌊20 × 1.05⌋), the 20 first in their places; shrunk by half, 10; grown
// by 150%, 50 (each person twice, every other one three times).
func TestStockIndex(t *testing.T) {
	var ps []model.Profile
	for i := range 20 {
		ps = append(ps, model.Profile{PersonID: string(rune('A' + i)), Establishment: "AAA"})
	}
	for i := range 6 {
		ps = append(ps, model.Profile{PersonID: string(rune('a' + i)), Establishment: "BBB"})
	}
	count := func(idx []int, est string) int {
		n := 0
		for _, i := range idx {
			if ps[i].Establishment == est {
				n++
			}
		}
		return n
	}
	for _, tt := range []struct {
		g          float64
		aaa, bbb   int
		baseInSitu bool
	}{{0, 20, 6, true}, {0.05, 21, 6, true}, {-0.5, 10, 3, false}, {1.5, 50, 15, true}} {
		idx := analysis.StockIndex(ps, tt.g)
		if count(idx, "AAA") != tt.aaa || count(idx, "BBB") != tt.bbb {
			t.Errorf("growth %v: AAA %d, BBB %d; want %d, %d", tt.g, count(idx, "AAA"), count(idx, "BBB"), tt.aaa, tt.bbb)
		}
		if tt.baseInSitu {
			for i := range ps {
				if idx[i] != i {
					t.Errorf("growth %v: person %d moved to %d", tt.g, i, idx[i])
					break
				}
			}
		}
	}
	grown, cls := analysis.GrowStock(ps, 1.5, make([]model.Classification, len(ps)))
	seen := map[string]bool{}
	for _, p := range grown {
		if seen[p.PersonID] {
			t.Errorf("person ID %s twice", p.PersonID)
		}
		seen[p.PersonID] = true
	}
	if len(cls[0]) != len(grown) {
		t.Errorf("%d classifications for %d people", len(cls[0]), len(grown))
	}
}

// TestShiftMix: AAA holds one person needing TSP (theft) and one needing
// nothing (sexual offence), both with the same stay: each is half of the
// reception templates, so TSP's flow is half the receptions. A mix with
// three times the sexual offences makes the theft template 1 in 4: the
// flow halves, the stock is unchanged.
func TestShiftMix(t *testing.T) {
	a := tspPerson("a", 24)
	b := tspPerson("b", 24)
	b.OffenceGroup = model.Sexual
	for it := range model.NumItems {
		b.Items[it] = model.Some(int8(0))
	}
	b.OGRS3, b.OVP, b.RSR = model.Some(5.0), model.Some(5.0), model.Some(0.1)
	ps := []model.Profile{a, b}
	cat := mustCatalogue(t)
	plan := analysis.SuitePlan{Default: model.LegacySuite}
	cls, err := analysis.ClassifyAll(context.Background(), ps, cat, plan, simAsOf)
	if err != nil {
		t.Fatal(err)
	}
	gs := analysis.AnalyseGaps(ps, cls, scenEsts[:1], nil, cat, analysis.GapOptions{AsOf: simAsOf, Suites: plan, Receptions: map[string]float64{"AAA": 40}})
	shifted := analysis.ShiftMix(gs, ps, cls, cat, map[model.OffenceGroup]float64{model.Sexual: 3})
	row := func(g *analysis.Gaps) analysis.Gap {
		for _, r := range g.Rows {
			if r.Programme == "TSP" {
				return r
			}
		}
		t.Fatal("no TSP row")
		return analysis.Gap{}
	}
	before, after := row(gs), row(shifted)
	if math.Abs(before.Flow-20) > 1e-9 || math.Abs(after.Flow-10) > 1e-9 || after.Stock != before.Stock || after.Demand != after.Stock+after.Flow {
		t.Errorf("flow %v → %v (stock %v → %v), want 20 → 10", before.Flow, after.Flow, before.Stock, after.Stock)
	}
	// With 15 places the row was short (demand 21) and is sufficient after
	// the shift (demand 11): the class follows the new demand, and the
	// analysis keeps its warnings.
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 1, GroupSize: model.Some(15), Referable: true}}
	gs = analysis.AnalyseGaps(ps, cls, scenEsts[:1], offs, cat, analysis.GapOptions{AsOf: simAsOf, Suites: plan, Receptions: map[string]float64{"AAA": 40}})
	shifted = analysis.ShiftMix(gs, ps, cls, cat, map[model.OffenceGroup]float64{model.Sexual: 3})
	before, after = row(gs), row(shifted)
	if before.Places != 15 || before.Class != analysis.NotRunOftenEnough || after.Class != analysis.Sufficient || after.Gap != after.Places-after.Demand {
		t.Errorf("15 places: %v (demand %v) → %v (demand %v, gap %v), want not run often enough → sufficient",
			before.Class, before.Demand, after.Class, after.Demand, after.Gap)
	}
	if !slices.Equal(shifted.Warnings, gs.Warnings) {
		t.Errorf("warnings %q, want %q", shifted.Warnings, gs.Warnings)
	}
}

func mustCatalogue(t *testing.T) *model.Catalogue {
	t.Helper()
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}
