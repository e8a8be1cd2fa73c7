package analysis_test

import (
	"context"
	"testing"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/model"
)

// TestTransferConstraints checks each constraint with a case that would
// pass if the constraint were dropped: people at HOM need TSP (not run
// there); DST runs TSP with spare places.
func TestTransferConstraints(t *testing.T) {
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	legacy := analysis.SuitePlan{Default: model.LegacySuite}
	home := model.Establishment{Code: "HOM", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"}
	dst := func(holds model.Holds, f model.Function, region string) model.Establishment {
		return model.Establishment{Code: "DST", Holds: holds, Function: f, Region: region, Resettlement: true}
	}
	man := func(id string, left int, cat model.SecurityCategory) model.Profile {
		p := needyPerson(id, "HOM", 6, left)
		p.SecurityCategory = model.Some(cat)
		return p
	}
	tests := []struct {
		name   string
		people []model.Profile
		to     model.Establishment
		spare  float64
		want   map[string]int
	}{
		{"placed", []model.Profile{man("a", 24, model.CatC)}, dst(model.HoldsMen, model.CatCTrainer, "North"), 5,
			map[string]int{analysis.Placed: 1}},
		{"sex: a women's prison", []model.Profile{man("a", 24, model.CatC)}, dst(model.HoldsWomen, model.FemalePrison, "North"), 5,
			map[string]int{analysis.NoCompatible: 1}},
		{"category: C to open conditions", []model.Profile{man("a", 24, model.CatC)}, dst(model.HoldsMen, model.OpenPrison, "North"), 5,
			map[string]int{analysis.NoCompatible: 1}},
		{"category: A only to high security", []model.Profile{man("a", 24, model.CatA)}, dst(model.HoldsMen, model.CatBTrainer, "North"), 5,
			map[string]int{analysis.NoCompatible: 1}},
		{"capacity: two people, one place", []model.Profile{man("a", 24, model.CatC), man("b", 30, model.CatC)},
			dst(model.HoldsMen, model.CatCTrainer, "South"), 1, map[string]int{analysis.Placed: 1, analysis.PlacesTaken: 1}},
		// TSP needs 6 months; a move takes 0.92: 6.5 months left is in time
		// for TSP at home, but not to move first.
		{"time: cannot move and complete", []model.Profile{man("a", 0, model.CatC)}, dst(model.HoldsMen, model.CatCTrainer, "North"), 5,
			map[string]int{analysis.NotEnoughTime: 1}},
		{"no spare place anywhere", []model.Profile{man("a", 24, model.CatC)}, dst(model.HoldsMen, model.CatCTrainer, "North"), 0,
			map[string]int{analysis.NoPlaceAnywhere: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := tt.people
			if tt.name == "time: cannot move and complete" {
				ps[0].EarliestRelease = model.Some(simAsOf + 198) // 6.5 months
			}
			ests := []model.Establishment{home, tt.to}
			cls, err := analysis.ClassifyAll(context.Background(), ps, cat, legacy, simAsOf)
			if err != nil {
				t.Fatal(err)
			}
			var rows []analysis.Gap
			if tt.spare > 0 {
				rows = append(rows, analysis.Gap{Establishment: "DST", Region: tt.to.Region, Programme: "TSP", Places: tt.spare})
			}
			gs := analysis.NewGaps(rows, analysis.GapOptions{Horizon: 12, Suites: legacy})
			tr, err := analysis.AnalyseTransfers(ps, cls, ests, gs, cat, analysis.TransferOptions{AsOf: simAsOf, Suites: legacy})
			if err != nil {
				t.Fatal(err)
			}
			got := tr.Counts()
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %d, want %d (all: %v)", k, got[k], v, got)
				}
			}
			if len(tr.Needs) != len(ps) {
				t.Errorf("%d needs to move, want %d", len(tr.Needs), len(ps))
			}
			for _, n := range tr.Needs {
				if n.Reason != analysis.ReasonNotRunHere || n.Programme != "TSP" {
					t.Errorf("need %+v: want TSP, not run here", n)
				}
				if n.Outcome == analysis.Placed && n.To != "DST" {
					t.Errorf("placed at %q, want DST", n.To)
				}
			}
		})
	}
}

// TestTransferPrefersSameRegion: one person, spare places in their region
// and in another: the allocation picks the same region (cost 0 against 1).
func TestTransferPrefersSameRegion(t *testing.T) {
	cat, _ := data.DefaultCatalogue()
	legacy := analysis.SuitePlan{Default: model.LegacySuite}
	ests := []model.Establishment{
		{Code: "HOM", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
		{Code: "FAR", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "South", Resettlement: true},
		{Code: "NEA", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North", Resettlement: true},
	}
	ps := []model.Profile{needyPerson("a", "HOM", 6, 24)}
	cls, _ := analysis.ClassifyAll(context.Background(), ps, cat, legacy, simAsOf)
	gs := analysis.NewGaps([]analysis.Gap{
		{Establishment: "FAR", Region: "South", Programme: "TSP", Places: 10},
		{Establishment: "NEA", Region: "North", Programme: "TSP", Places: 10},
	}, analysis.GapOptions{Horizon: 12, Suites: legacy})
	tr, err := analysis.AnalyseTransfers(ps, cls, ests, gs, cat, analysis.TransferOptions{AsOf: simAsOf, Suites: legacy})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Needs) != 1 || tr.Needs[0].To != "NEA" || tr.Cost != 0 {
		t.Errorf("needs %+v, cost %v: want a move to NEA at cost 0", tr.Needs, tr.Cost)
	}
}
