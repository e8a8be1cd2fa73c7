package analysis_test

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/model"
)

// TestAllocate checks the strategies by hand: TSP (12 places a group, 8
// weeks) runs 4 groups a year nationally, all at AAA, while demand over the
// horizon is AAA 10, BBB 30, CCC 0 (CCC is an open prison running a
// high-intensity programme it may not run).
func TestAllocate(t *testing.T) {
	cat, _ := data.DefaultCatalogue()
	ests := []model.Establishment{
		{Code: "AAA", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "N", FacilitatorTeams: model.Some(1)},
		{Code: "BBB", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "N", FacilitatorTeams: model.Some(1)},
		{Code: "CCC", Holds: model.HoldsMen, Function: model.OpenPrison, Region: "S", FacilitatorTeams: model.Some(1)},
	}
	offs := []model.Offering{
		{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true},
		{Establishment: "AAA", Programme: "HII", OneToOnePlaces: 3, Referable: true},
	}
	gs := analysis.NewGaps([]analysis.Gap{
		{Establishment: "AAA", Region: "N", Programme: "TSP", Demand: 10, Places: 48},
		{Establishment: "BBB", Region: "N", Programme: "TSP", Demand: 30},
	}, analysis.GapOptions{Horizon: 12})
	groups := func(os []model.Offering) map[string]float64 {
		m := map[string]float64{}
		for _, o := range os {
			if o.Programme == "TSP" {
				m[o.Establishment] = o.GroupsPerYear
			}
			if o.Programme == "HII" && o.OneToOnePlaces != 3 {
				t.Errorf("one-to-one places changed: %+v", o)
			}
		}
		return m
	}
	if got := groups(analysis.Allocate(model.PreviousTakeUp, gs, ests, offs, cat).Offerings); got["AAA"] != 4 || len(got) != 1 {
		t.Errorf("previous take-up: %v, want AAA 4", got)
	}
	// Need-proportional: 8 half-groups split 10:30 → 2 and 6 half-groups:
	// AAA 1 group, BBB 3 (team time 41.6 weeks, 3 × 8 = 24 used: no cap).
	if got := groups(analysis.Allocate(model.NeedProportional, gs, ests, offs, cat).Offerings); got["AAA"] != 1 || got["BBB"] != 3 || got["CCC"] != 0 {
		t.Errorf("need-proportional: %v, want AAA 1, BBB 3", got)
	}
	// Optimised: from today's 4 groups at AAA (48 places for a demand of
	// 10), half-groups (6 places) move to BBB while BBB's 30 are unmet:
	// five of them (30 places). Then AAA still has 8 spare, but nowhere
	// needs them: AAA keeps 1.5 groups, BBB gets 2.5; the national 4 kept.
	got := groups(analysis.Allocate(model.Optimised, gs, ests, offs, cat).Offerings)
	if got["BBB"] != 2.5 || got["AAA"] != 1.5 || got["CCC"] != 0 {
		t.Errorf("optimised: %v, want AAA 1.5, BBB 2.5", got)
	}
	total := 0.0
	for _, v := range got {
		total += v
	}
	if math.Abs(total-4) > 1e-9 {
		t.Errorf("optimised placed %.1f groups, want the national 4", total)
	}
	if _, err := model.ParseStrategy("random"); err == nil {
		t.Error("strategy random: want an error")
	}
}

// TestAllocateRedistributes: 10 BSR groups a year (10 weeks each) shared
// 10:20:70 give 20 half-groups as 2, 4 and 14: AAA 1, BBB 2, CCC 7. CCC has
// one team, 52 × 0.8 = 41.6 weeks: 7 groups need 70, so it keeps
// ⌊14 × 41.6/70⌋ = 8 half-groups (4 groups, 40 weeks) and gives up 6. AAA
// and BBB (two teams, 83.2 weeks) have time: the 6 go 10:20, 2 and 4
// half-groups, so AAA 2, BBB 4, CCC 4: the national 10 kept (the old code
// dropped them: 1/2/4 = 7).
//
// With one team each and 15 groups: 30 half-groups as 3, 6, 21; CCC keeps
// ⌊21 × 41.6/105⌋ = 8 (4 groups) and frees 13. AAA (1.5 groups, 15 weeks)
// has room for 5 half-groups, BBB (3 groups, 30 weeks) for 2: the 13 split
// 10:20 as 4 and 9, of which AAA takes 4 and BBB 2; the 7 left go to AAA,
// the only one with room (1 half-group): AAA 4, BBB 4, CCC 4 — every team
// full — and 3 groups a year cannot be placed: the shortfall.
func TestAllocateRedistributes(t *testing.T) {
	cat, _ := data.DefaultCatalogue()
	if g, _ := cat.Lookup("BSR"); g.DurationWeeks.Value != 10 {
		t.Fatalf("BSR runs %v weeks in the catalogue; the hand figures assume 10", g.DurationWeeks.Value)
	}
	gs := analysis.NewGaps([]analysis.Gap{
		{Establishment: "AAA", Programme: "BSR", Demand: 10},
		{Establishment: "BBB", Programme: "BSR", Demand: 20},
		{Establishment: "CCC", Programme: "BSR", Demand: 70},
	}, analysis.GapOptions{Horizon: 12})
	for _, tt := range []struct {
		teams         []int
		national      float64
		want          map[string]float64
		wantShortfall float64
	}{
		{[]int{2, 2, 1}, 10, map[string]float64{"AAA": 2, "BBB": 4, "CCC": 4}, 0},
		{[]int{1, 1, 1}, 15, map[string]float64{"AAA": 4, "BBB": 4, "CCC": 4}, 3},
	} {
		var ests []model.Establishment
		for i, c := range []string{"AAA", "BBB", "CCC"} {
			ests = append(ests, model.Establishment{Code: c, Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "N", FacilitatorTeams: model.Some(tt.teams[i])})
		}
		offs := []model.Offering{{Establishment: "AAA", Programme: "BSR", GroupsPerYear: tt.national, Referable: true}}
		pl := analysis.Allocate(model.NeedProportional, gs, ests, offs, cat)
		got, short := pl.Offerings, pl.Shortfall
		m := map[string]float64{}
		for _, o := range got {
			m[o.Establishment] = o.GroupsPerYear
		}
		for c, w := range tt.want {
			if m[c] != w {
				t.Errorf("teams %v: %s gets %v groups, want %v (all: %v)", tt.teams, c, m[c], w, m)
			}
		}
		sf := 0.0
		for _, s := range short {
			sf += s.Groups
		}
		if sf != tt.wantShortfall {
			t.Errorf("teams %v: shortfall %v, want %v", tt.teams, short, tt.wantShortfall)
		}
	}
}

// TestAllocateMoves checks, by hand, what each strategy moves and says.
// TSP (12 places a group, 8 weeks) runs 4 groups a year, all at AAA: 8
// half-groups of 6 places over the 12-month horizon, 48 places, where the
// demand is 10. BBB's demand is 20 and CCC's 40; neither runs it. Each
// establishment has one team: 52 × 0.8 = 41.6 weeks, 4 a half-group.
func TestAllocateMoves(t *testing.T) {
	cat, _ := data.DefaultCatalogue()
	if g, _ := cat.Lookup("TSP"); g.GroupSize.Value != 12 || g.DurationWeeks.Value != 8 {
		t.Fatalf("TSP: %v places, %v weeks in the catalogue; the hand figures assume 12 and 8", g.GroupSize.Value, g.DurationWeeks.Value)
	}
	est := func(code string, teams int) model.Establishment {
		return model.Establishment{Code: code, Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "N", FacilitatorTeams: model.Some(teams)}
	}
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true}}
	gs := func(demand ...float64) *analysis.Gaps {
		var rows []analysis.Gap
		for i, c := range []string{"AAA", "BBB", "CCC"} {
			rows = append(rows, analysis.Gap{Establishment: c, Programme: "TSP", Demand: demand[i]})
		}
		return analysis.NewGaps(rows, analysis.GapOptions{Horizon: 12})
	}
	groups := func(pl analysis.Placement) map[string]float64 {
		m := map[string]float64{}
		for _, o := range pl.Offerings {
			m[o.Establishment] = o.GroupsPerYear
		}
		return m
	}
	for _, tt := range []struct {
		name       string
		strategy   model.Strategy
		demand     []float64
		teamsCCC   int
		wantGroups map[string]float64
		wantMoves  []analysis.Move
		unmoved    string
	}{
		// Optimised: AAA has 38 places beyond its demand, so six
		// half-groups serve nobody there (38, 32, 26, 20, 14, 8 ≥ 6; the
		// seventh would take places 4 of its 10 need). Each goes where
		// demand exceeds places most: CCC (unmet 40, 34, 28, 22), then
		// BBB (20 against CCC's 16), then CCC (16 against BBB's 14).
		// AAA keeps 1 group, BBB gets 0.5, CCC 2.5; the demand served
		// rises from 10 to 10 + 6 + 30 = 46 (each move serves 6).
		{"optimised", model.Optimised, []float64{10, 20, 40}, 1,
			map[string]float64{"AAA": 1, "BBB": 0.5, "CCC": 2.5},
			[]analysis.Move{{Programme: "TSP", From: "AAA", To: "CCC", HalfGroups: 5}, {Programme: "TSP", From: "AAA", To: "BBB", HalfGroups: 1}}, ""},
		// CCC with no teams has no facilitator time: BBB takes the
		// half-groups while its demand is unmet (20, 14, 8, 2: four);
		// AAA's two more surplus half-groups have nowhere to go.
		{"optimised, CCC without teams", model.Optimised, []float64{10, 20, 40}, 0,
			map[string]float64{"AAA": 2, "BBB": 2},
			[]analysis.Move{{Programme: "TSP", From: "AAA", To: "BBB", HalfGroups: 4}}, ""},
		// Need-proportional: 8 half-groups split 10:20:40 give quotas
		// 1.14, 2.29, 4.57: floors 1, 2, 4 and the one left to the
		// largest remainder (CCC): AAA 0.5 groups, BBB 1, CCC 2.5
		// (20 weeks, within its 41.6). AAA's 7 half-groups fewer pair off
		// with the largest increase first: 5 to CCC, 2 to BBB.
		{"need-proportional", model.NeedProportional, []float64{10, 20, 40}, 1,
			map[string]float64{"AAA": 0.5, "BBB": 1, "CCC": 2.5},
			[]analysis.Move{{Programme: "TSP", From: "AAA", To: "CCC", HalfGroups: 5}, {Programme: "TSP", From: "AAA", To: "BBB", HalfGroups: 2}}, ""},
		// Demand beyond places everywhere: no half-group serves nobody.
		{"optimised, no surplus", model.Optimised, []float64{50, 20, 40}, 1,
			map[string]float64{"AAA": 4}, nil, "no offering's places exceed its demand over 12 months by half a group or more"},
		// A surplus but no demand elsewhere: 38 places beyond AAA's 10 are
		// 6 half-groups (of 6 places) with nowhere to go.
		{"optimised, nowhere to go", model.Optimised, []float64{10, 0, 0}, 1,
			map[string]float64{"AAA": 4}, nil, "1 offering has 6 half-groups beyond its demand over 12 months, and nowhere to send them"},
		// Today's places already in proportion to demand.
		{"need-proportional, nothing to move", model.NeedProportional, []float64{10, 0, 0}, 1,
			map[string]float64{"AAA": 4}, nil, "already shared in proportion to demand"},
	} {
		ests := []model.Establishment{est("AAA", 1), est("BBB", 1), est("CCC", tt.teamsCCC)}
		pl := analysis.Allocate(tt.strategy, gs(tt.demand...), ests, offs, cat)
		if got := groups(pl); !reflect.DeepEqual(got, tt.wantGroups) {
			t.Errorf("%s: groups %v, want %v", tt.name, got, tt.wantGroups)
		}
		if !reflect.DeepEqual(pl.Moves, tt.wantMoves) {
			t.Errorf("%s: moves %+v, want %+v", tt.name, pl.Moves, tt.wantMoves)
		}
		if pl.HalfGroups != 8 {
			t.Errorf("%s: %v half-groups today, want 8", tt.name, pl.HalfGroups)
		}
		if tt.unmoved == "" && pl.Unmoved != "" || !strings.Contains(pl.Unmoved, tt.unmoved) {
			t.Errorf("%s: unmoved %q, want %q", tt.name, pl.Unmoved, tt.unmoved)
		}
	}
	if pl := analysis.Allocate(model.PreviousTakeUp, gs(10, 20, 40), []model.Establishment{est("AAA", 1)}, offs, cat); pl.Moves != nil || pl.Unmoved != "" {
		t.Errorf("previous take-up: %+v, want no moves and nothing to say", pl)
	}
}
