package analysis_test

import (
	"math"
	"needsplan/internal/testkit"
	"slices"
	"strings"
	"testing"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/model"
)

// place is spare places for a programme at an establishment (the gap
// analysis's places over the horizon, with no local demand), or, with
// demand, an establishment's own places and demand.
type place struct {
	est, prog      string
	places, demand float64
}

// analyseMovers runs the static transfer analysis on hand-made people:
// classifications are set directly (needed programmes, months left), so
// the test controls exactly what each person needs.
func analyseMovers(t *testing.T, people []mover, ests []model.Establishment, places []place) *analysis.Transfers {
	t.Helper()
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	ps, cls := testkit.MoverPeople(t, cat, people)
	region := map[string]string{}
	for _, e := range ests {
		region[e.Code] = e.Region
	}
	var rows []analysis.Gap
	for _, pl := range places {
		rows = append(rows, analysis.Gap{Establishment: pl.est, Region: region[pl.est], Programme: pl.prog, Places: pl.places, Demand: pl.demand})
	}
	legacy := analysis.SuitePlan{Default: model.LegacySuite}
	gs := analysis.NewGaps(rows, analysis.GapOptions{Horizon: 12, Suites: legacy})
	tr, err := analysis.AnalyseTransfers(ps, cls, ests, gs, cat, analysis.TransferOptions{AsOf: simAsOf, Suites: legacy})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// dest is an establishment DST in the North with the given holds and
// function, a resettlement prison.
func dest(holds model.Holds, f model.Function) model.Establishment {
	return model.Establishment{Code: "DST", Name: "Destination", Holds: holds, Function: f, Region: "North", Resettlement: true}
}

// TestTransferConstraints covers each constraint on a move with a case
// that FAILS if that constraint alone is dropped: the person could
// otherwise go to DST, the only establishment with a spare place (5 places
// of TSP), so dropping the constraint would place them. Each rule also has
// an allowed case next to it, so that making the rule stricter fails too.
func TestTransferConstraints(t *testing.T) {
	with := func(m mover, change func(*mover)) mover { change(&m); return m }
	catOf := func(c model.SecurityCategory) func(*mover) { return func(m *mover) { m.Cat = c } }
	ageOf := func(a int) func(*mover) { return func(m *mover) { m.Age = a } }
	tsp := []place{{est: "DST", prog: "TSP", places: 5}}
	tests := []struct {
		name   string
		people []mover
		to     model.Establishment
		places []place
		want   map[string]int
	}{
		{"allowed: C man to a C trainer", []mover{testkit.Man("a")}, dest(model.HoldsMen, model.CatCTrainer), tsp, map[string]int{analysis.Placed: 1}},
		// Sex: a women's establishment whose function (cat C trainer)
		// the man's category and age allow: only Holds stops him.
		{"sex: a man to a women's C trainer", []mover{testkit.Man("a")}, dest(model.HoldsWomen, model.CatCTrainer), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"sex: a woman to a men's female-function prison", []mover{testkit.Woman("a")}, dest(model.HoldsMen, model.FemalePrison), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"sex: mixed holds both", []mover{testkit.Man("a")}, dest(model.HoldsMixed, model.CatCTrainer), tsp, map[string]int{analysis.Placed: 1}},
		// Category A.
		{"category A: not to a B trainer", []mover{with(testkit.Man("a"), catOf(model.CatA))}, dest(model.HoldsMen, model.CatBTrainer), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"category A: to high security", []mover{with(testkit.Man("a"), catOf(model.CatA))}, dest(model.HoldsMen, model.HighSecurity), tsp, map[string]int{analysis.Placed: 1}},
		// Category B.
		{"category B: not to a C trainer", []mover{with(testkit.Man("a"), catOf(model.CatB))}, dest(model.HoldsMen, model.CatCTrainer), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"category B: not to open", []mover{with(testkit.Man("a"), catOf(model.CatB))}, dest(model.HoldsMen, model.OpenPrison), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"category B: to a local", []mover{with(testkit.Man("a"), catOf(model.CatB))}, dest(model.HoldsMen, model.Local), tsp, map[string]int{analysis.Placed: 1}},
		// Category C.
		{"category C: not to open", []mover{testkit.Man("a")}, dest(model.HoldsMen, model.OpenPrison), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"category C: not to high security", []mover{testkit.Man("a")}, dest(model.HoldsMen, model.HighSecurity), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"category C: to a B trainer", []mover{testkit.Man("a")}, dest(model.HoldsMen, model.CatBTrainer), tsp, map[string]int{analysis.Placed: 1}},
		// Category D.
		{"category D: not to a local", []mover{with(testkit.Man("a"), catOf(model.CatD))}, dest(model.HoldsMen, model.Local), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"category D: not to a B trainer", []mover{with(testkit.Man("a"), catOf(model.CatD))}, dest(model.HoldsMen, model.CatBTrainer), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"category D: to open", []mover{with(testkit.Man("a"), catOf(model.CatD))}, dest(model.HoldsMen, model.OpenPrison), tsp, map[string]int{analysis.Placed: 1}},
		// Women in closed conditions.
		{"closed woman: not to a women's open prison", []mover{testkit.Woman("a")}, dest(model.HoldsWomen, model.OpenPrison), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"closed woman: to a women's prison", []mover{testkit.Woman("a")}, dest(model.HoldsWomen, model.FemalePrison), tsp, map[string]int{analysis.Placed: 1}},
		// Women in open conditions: the women's open prison coded
		// sex=F, function=open took nobody before (audit, issue 6).
		{"open woman: to a women's open prison", []mover{with(testkit.Woman("a"), catOf(model.Open))}, dest(model.HoldsWomen, model.OpenPrison), tsp, map[string]int{analysis.Placed: 1}},
		{"open woman: to a women's prison", []mover{with(testkit.Woman("a"), catOf(model.Open))}, dest(model.HoldsWomen, model.FemalePrison), tsp, map[string]int{analysis.Placed: 1}},
		{"open woman: not to a women's local", []mover{with(testkit.Woman("a"), catOf(model.Open))}, dest(model.HoldsWomen, model.Local), tsp, map[string]int{analysis.NoCompatible: 1}},
		// No category recorded: anywhere but establishments of function other.
		{"no category: not to other", []mover{with(testkit.Man("a"), catOf(0))}, dest(model.HoldsMen, model.OtherFunc), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"no category: to a local", []mover{with(testkit.Man("a"), catOf(0))}, dest(model.HoldsMen, model.Local), tsp, map[string]int{analysis.Placed: 1}},
		// Age.
		{"age 17: not to a C trainer", []mover{with(testkit.Man("a"), ageOf(17))}, dest(model.HoldsMen, model.CatCTrainer), tsp, map[string]int{analysis.NoCompatible: 1}},
		{"age 17: to a YOI", []mover{with(testkit.Man("a"), ageOf(17))}, dest(model.HoldsMen, model.YOI), tsp, map[string]int{analysis.Placed: 1}},
		{"age 20: to a YOI", []mover{with(testkit.Man("a"), ageOf(20))}, dest(model.HoldsMen, model.YOI), tsp, map[string]int{analysis.Placed: 1}},
		{"age 18: to a C trainer", []mover{with(testkit.Man("a"), ageOf(18))}, dest(model.HoldsMen, model.CatCTrainer), tsp, map[string]int{analysis.Placed: 1}},
		{"age 21: not to a YOI", []mover{with(testkit.Man("a"), ageOf(21))}, dest(model.HoldsMen, model.YOI), tsp, map[string]int{analysis.NoCompatible: 1}},
		// Capacity: two people, one place.
		{"capacity: two people, one place", []mover{testkit.Man("a"), with(testkit.Man("b"), func(m *mover) { m.Left = 30 })}, dest(model.HoldsMen, model.CatCTrainer),
			[]place{{est: "DST", prog: "TSP", places: 1}}, map[string]int{analysis.Placed: 1, analysis.PlacesTaken: 1}},
		// Spare places are places − demand, rounded down: 3.9 places for
		// 3 people there leave none.
		{"capacity: places net of local demand", []mover{testkit.Man("a")}, dest(model.HoldsMen, model.CatCTrainer),
			[]place{{est: "DST", prog: "TSP", places: 3.9, demand: 3}}, map[string]int{analysis.NoPlaceAnywhere: 1}},
		// Time: TSP needs 8 weeks + 6 months' consolidation = 56/30.436875
		// + 6 = 7.84 months, and a move 28/30.436875 = 0.92: 8.5 months
		// left is in time for TSP where they are, not to move first
		// (8.76); 8.77 is.
		{"time: cannot move and complete", []mover{with(testkit.Man("a"), func(m *mover) { m.Left = 8.5 })}, dest(model.HoldsMen, model.CatCTrainer), tsp,
			map[string]int{analysis.NotEnoughTime: 1}},
		{"time: just enough", []mover{with(testkit.Man("a"), func(m *mover) { m.Left = 8.77 })}, dest(model.HoldsMen, model.CatCTrainer), tsp,
			map[string]int{analysis.Placed: 1}},
		{"no spare place anywhere", []mover{testkit.Man("a")}, dest(model.HoldsMen, model.CatCTrainer), nil, map[string]int{analysis.NoPlaceAnywhere: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := analyseMovers(t, tt.people, append(slices.Clone(testkit.Homes), tt.to), tt.places)
			got := tr.Counts()
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %d, want %d (all: %v)", k, got[k], v, got)
				}
			}
			if len(tr.People) != len(tt.people) {
				t.Errorf("%d people to move, want %d", len(tr.People), len(tt.people))
			}
			for _, p := range tr.People {
				if !slices.Equal(p.NotRunHere, []string{"TSP"}) || len(p.Oversubscribed) != 0 {
					t.Errorf("person %+v: want TSP, not run here", p)
				}
				if p.Outcome == analysis.Placed && (p.To != "DST" || p.Programme != "TSP" || !slices.Equal(p.Candidates, []string{"DST"})) {
					t.Errorf("placed %+v, want at DST for TSP with candidates [DST]", p)
				}
				if p.Outcome == analysis.NoCompatible && len(p.Candidates) != 0 {
					t.Errorf("no compatible place, but candidates %v", p.Candidates)
				}
			}
		})
	}
}

// TestMoveAllowedFunctions checks the category and age rules over every
// function, against the table in docs/transfers.md.
func TestMoveAllowedFunctions(t *testing.T) {
	allow := map[model.SecurityCategory][]model.Function{
		model.CatA:   {model.HighSecurity},
		model.CatB:   {model.Local, model.CatBTrainer, model.HighSecurity},
		model.CatC:   {model.Local, model.CatBTrainer, model.CatCTrainer, model.YOI},
		model.CatD:   {model.CatCTrainer, model.OpenPrison},
		model.Closed: {model.Local, model.CatBTrainer, model.CatCTrainer, model.HighSecurity, model.FemalePrison, model.YOI},
		model.Open:   {model.OpenPrison, model.FemalePrison},
		0:            {model.Local, model.CatBTrainer, model.CatCTrainer, model.OpenPrison, model.HighSecurity, model.FemalePrison, model.YOI},
	}
	for c, fs := range allow {
		var cat model.Opt[model.SecurityCategory]
		if c != 0 {
			cat = model.Some(c)
		}
		for _, f := range model.Functions {
			if got, want := model.CategoryAllows(cat, f), slices.Contains(fs, f); got != want {
				t.Errorf("model.CategoryAllows(%q, %s) = %v, want %v", c, f, got, want)
			}
		}
	}
	for _, tc := range []struct {
		age  int
		f    model.Function
		want bool
	}{
		{15, model.YOI, true}, {17, model.YOI, true}, {17, model.CatCTrainer, false}, {17, model.Local, false},
		{18, model.YOI, true}, {18, model.Local, true}, {20, model.YOI, true}, {20, model.CatCTrainer, true},
		{21, model.YOI, false}, {21, model.CatCTrainer, true}, {60, model.YOI, false}, {60, model.OpenPrison, true},
	} {
		if got := model.AgeAllows(tc.age, tc.f); got != tc.want {
			t.Errorf("model.AgeAllows(%d, %s) = %v, want %v", tc.age, tc.f, got, tc.want)
		}
	}
}

// TestTransferPersonOnce: the unit is the person. Someone who needs TSP and
// RESOLVE, neither run at HOM, with TSP places only at DST and RESOLVE
// places only at FAR, moves once (before, one need went to each and the
// person was placed at two prisons); with both at BTH (farther away, but
// serving both) they go there, and the move serves both needs, taking a
// place in each.
func TestTransferPersonOnce(t *testing.T) {
	ests := append(slices.Clone(testkit.Homes),
		model.Establishment{Code: "DST", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North", Resettlement: true},
		model.Establishment{Code: "FAR", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North", Resettlement: true})
	both := testkit.Man("a")
	both.Progs = []string{"TSP", "RESOLVE"}
	tr := analyseMovers(t, []mover{both}, ests, []place{{est: "DST", prog: "TSP", places: 3}, {est: "FAR", prog: "RESOLVE", places: 3}})
	if len(tr.People) != 1 || tr.Needs != 2 {
		t.Fatalf("%d people, %d needs; want 1 person with 2 needs", len(tr.People), tr.Needs)
	}
	p := tr.People[0]
	if p.Outcome != analysis.Placed || tr.Moved() != 1 || tr.NeedsServed != 1 || len(p.Served) != 1 {
		t.Errorf("person %+v, %d moved, %d needs served: want one move serving one need", p, tr.Moved(), tr.NeedsServed)
	}
	if !slices.Equal(p.NotRunHere, []string{"RESOLVE", "TSP"}) {
		t.Errorf("not run here %v, want RESOLVE;TSP", p.NotRunHere)
	}
	// BTH runs both, in another region (cost 1 + 0, against 0 + 0.05 for
	// one of two at DST or FAR): the same region wins; with BTH in the
	// North too, BTH wins (0 against 0.05) and serves both.
	for _, region := range []string{"South", "North"} {
		ests := append(slices.Clone(ests), model.Establishment{Code: "BTH", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: region, Resettlement: true})
		tr := analyseMovers(t, []mover{both}, ests, []place{{est: "DST", prog: "TSP", places: 3}, {est: "FAR", prog: "RESOLVE", places: 3},
			{est: "BTH", prog: "TSP", places: 1}, {est: "BTH", prog: "RESOLVE", places: 1}})
		p := tr.People[0]
		switch region {
		case "South":
			if p.To == "BTH" || tr.NeedsServed != 1 || math.Abs(tr.Cost-0.05) > 1e-9 {
				t.Errorf("BTH in the South: %+v, cost %v; want DST or FAR at 0.05", p, tr.Cost)
			}
			if !slices.Equal(p.Candidates, []string{"DST", "FAR", "BTH"}) {
				t.Errorf("candidates %v, want DST;FAR;BTH (same region first, then spare places, then code)", p.Candidates)
			}
		case "North":
			if p.To != "BTH" || tr.NeedsServed != 2 || !slices.Equal(p.Served, []string{p.Programme, other(p.Programme)}) || tr.Cost != 0 {
				t.Errorf("BTH in the North: %+v, %d served, cost %v; want BTH serving both at 0", p, tr.NeedsServed, tr.Cost)
			}
		}
	}
	// Two such people and one place of each at BTH: the first takes one
	// place, the second the other; neither can take the second programme
	// (no place left), so two moves serve two needs.
	b2 := both
	b2.ID = "b"
	ests2 := append(slices.Clone(testkit.Homes), model.Establishment{Code: "BTH", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North", Resettlement: true})
	tr = analyseMovers(t, []mover{both, b2}, ests2, []place{{est: "BTH", prog: "TSP", places: 1}, {est: "BTH", prog: "RESOLVE", places: 1}})
	if tr.Moved() != 2 || tr.NeedsServed != 2 || tr.Matrix["HOM"]["BTH"] != 2 {
		t.Errorf("two people, one place each: moved %d, served %d, matrix %v; want 2, 2", tr.Moved(), tr.NeedsServed, tr.Matrix)
	}
}

func other(g string) string {
	if g == "TSP" {
		return "RESOLVE"
	}
	return "TSP"
}

// TestTransferReasons: oversubscribed and not run here, per person. HOM
// runs TSP with 2 places over the horizon for 3 people: the one released
// last is beyond the places (oversubscribed); RESOLVE is not run.
func TestTransferReasons(t *testing.T) {
	a, b, c := testkit.Man("a"), testkit.Man("b"), testkit.Man("c")
	a.Left, b.Left, c.Left = 10, 20, 30
	c.Progs = []string{"TSP", "RESOLVE"}
	ests := append(slices.Clone(testkit.Homes), dest(model.HoldsMen, model.CatCTrainer))
	tr := analyseMovers(t, []mover{a, b, c}, ests, []place{{est: "HOM", prog: "TSP", places: 2, demand: 3}, {est: "DST", prog: "TSP", places: 5}})
	if len(tr.People) != 1 {
		t.Fatalf("people %+v: want c only", tr.People)
	}
	p := tr.People[0]
	if p.Person != "c" || !slices.Equal(p.Oversubscribed, []string{"TSP"}) || !slices.Equal(p.NotRunHere, []string{"RESOLVE"}) || tr.Needs != 2 {
		t.Errorf("person %+v, needs %d; want c, TSP oversubscribed, RESOLVE not run here, 2 needs", p, tr.Needs)
	}
	if p.Outcome != analysis.Placed || p.To != "DST" || !slices.Equal(p.Served, []string{"TSP"}) {
		t.Errorf("person %+v: want placed at DST for TSP", p)
	}
}

// TestTransferCandidatesOrder checks the candidate ordering: the same region
// first; for more than two years left, training prisons before locals; in
// the final year, resettlement prisons first; at most MaxCandidates.
func TestTransferCandidatesOrder(t *testing.T) {
	e := func(code string, f model.Function, region string, resettle bool) model.Establishment {
		return model.Establishment{Code: code, Holds: model.HoldsMen, Function: f, Region: region, Resettlement: resettle}
	}
	ests := append(slices.Clone(testkit.Homes),
		e("LOC", model.Local, "North", true),        // local, same region
		e("TRN", model.CatCTrainer, "North", false), // trainer, same region, not resettlement
		e("FAR", model.CatCTrainer, "South", true),  // other region
		e("RES", model.CatCTrainer, "North", true),  // trainer, resettlement
		e("BIG", model.CatBTrainer, "North", true),  // most spare places
		e("OP1", model.OpenPrison, "North", true),   // not for category C
		e("FA2", model.Local, "South", false))
	var pl []place
	for _, c := range []string{"LOC", "TRN", "FAR", "RES", "OP1", "FA2"} {
		pl = append(pl, place{est: c, prog: "TSP", places: 2})
	}
	pl = append(pl, place{est: "BIG", prog: "TSP", places: 9})
	long, short := testkit.Man("long"), testkit.Man("short")
	long.Left, short.Left = 36, 10
	tr := analyseMovers(t, []mover{long, short}, ests, pl)
	want := map[string][]string{
		// > 24 months: same-region non-locals (cost 0) by spare places (BIG
		// 9, then RES, TRN at 2 by code), then LOC (0.2), then FAR (1);
		// FA2 (1.2) is the sixth and left off.
		"long": {"BIG", "RES", "TRN", "LOC", "FAR"},
		// ≤ 12 months: same-region resettlement (BIG, LOC, RES at 0),
		// then TRN (0.2), then FAR (1); FA2 (1.2) left off.
		"short": {"BIG", "LOC", "RES", "TRN", "FAR"},
	}
	for _, p := range tr.People {
		if !slices.Equal(p.Candidates, want[p.Person]) {
			t.Errorf("%s: candidates %v, want %v", p.Person, p.Candidates, want[p.Person])
		}
		if len(p.Candidates) > analysis.MaxCandidates {
			t.Errorf("%s: %d candidates > %d", p.Person, len(p.Candidates), analysis.MaxCandidates)
		}
	}
}

// TestTransferPrefersSameRegion: one person, spare places in their region
// and in another: the allocation picks the same region (cost 0 against 1).
func TestTransferPrefersSameRegion(t *testing.T) {
	ests := append(slices.Clone(testkit.Homes),
		model.Establishment{Code: "FAR", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "South", Resettlement: true},
		model.Establishment{Code: "NEA", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North", Resettlement: true})
	tr := analyseMovers(t, []mover{testkit.Man("a")}, ests, []place{{est: "FAR", prog: "TSP", places: 10}, {est: "NEA", prog: "TSP", places: 10}})
	if len(tr.People) != 1 || tr.People[0].To != "NEA" || tr.Cost != 0 {
		t.Errorf("people %+v, cost %v: want a move to NEA at cost 0", tr.People, tr.Cost)
	}
	if !strings.EqualFold(strings.Join(tr.People[0].Candidates, ";"), "NEA;FAR") {
		t.Errorf("candidates %v, want NEA;FAR", tr.People[0].Candidates)
	}
}
