package analysis_test

import (
	"context"
	"testing"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/model"
)

// TestAnalyseNeeds builds four people by hand and checks every count.
func TestAnalyseNeeds(t *testing.T) {
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	asOf := model.DateOf(2025, 6, 30)
	ests := []model.Establishment{
		{Code: "AAA", Name: "A", Holds: model.HoldsMen, Function: model.Local, Region: "North"},
		{Code: "BBB", Name: "B", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
		{Code: "CCC", Name: "C", Holds: model.HoldsWomen, Function: model.FemalePrison, Region: "South"},
	}
	person := func(id, est string, sex model.Sex, months int, ogrs float64, drugs int, assessed model.Date) model.Profile {
		p := model.Profile{PersonID: id, Establishment: est, Sex: sex, Age: 30, SentenceType: model.Determinate,
			SentenceStart: asOf.AddMonths(-12), EarliestRelease: model.Some(asOf.AddMonths(months)),
			OffenceGroup: model.Theft, OGRS3: model.Some(ogrs), OVP: model.Some(10.0), RSR: model.Some(0.5)}
		// Need: thinking 1 (q12_1 = 1), relationships 1 (q6_1 = q6_6 = 1),
		// self-management 1 (q11_2 = q11_4 = 1): total 3, medium.
		for _, it := range model.DomainItems(model.ThinkingDomain) {
			p.Items[it] = model.Some(int8(0))
		}
		for _, d := range []model.Domain{model.SexDomain, model.RelationshipsDomain, model.SelfManagementDomain} {
			for _, it := range model.DomainItems(d) {
				p.Items[it] = model.Some(int8(0))
			}
		}
		p.Items[model.Q12_1] = model.Some(int8(1))
		p.Items[model.Q6_1], p.Items[model.Q6_6] = model.Some(int8(1)), model.Some(int8(1))
		p.Items[model.Q11_2], p.Items[model.Q11_4] = model.Some(int8(1)), model.Some(int8(1))
		p.Scores[model.DrugMisuse] = model.Some(int8(drugs))
		if assessed != 0 {
			p.AssessedOn = model.Some(assessed)
		}
		return p
	}
	ps := []model.Profile{
		// medium need, OGRS3 60 → medium risk → moderate: TSP; drugs 3 → BSR. 18 months left: both in time.
		person("a1", "AAA", model.Male, 18, 60, 3, asOf.AddMonths(-2)),
		// as a1 but 3 months left: TSP and BSR needed, neither in time; stale (13 months).
		person("a2", "AAA", model.Male, 3, 60, 3, asOf.AddMonths(-13)),
		// OGRS3 20 → low risk → not eligible: no TSP; drugs 1 → no need.
		person("b1", "BBB", model.Male, 18, 20, 1, 0),
		// a woman like a1: TSP and BSR in time.
		person("c1", "CCC", model.Female, 18, 60, 2, asOf),
	}
	legacy := analysis.SuitePlan{Default: model.LegacySuite}
	cls, err := analysis.ClassifyAll(context.Background(), ps, cat, legacy, asOf)
	if err != nil {
		t.Fatal(err)
	}
	byRegion := analysis.AnalyseNeeds(ps, cls, ests, cat, analysis.NeedsOptions{By: analysis.ByRegion, AsOf: asOf, Suites: legacy})
	if len(byRegion.Groups) != 2 || byRegion.Groups[0].Key != "North" || byRegion.Groups[1].Key != "South" {
		t.Fatalf("regions: %+v", byRegion.Groups)
	}
	north := byRegion.Groups[0]
	demand := map[string]analysis.Demand{}
	for _, d := range north.Demand {
		demand[d.Programme] = d
	}
	checks := []struct {
		what      string
		got, want int
	}{
		{"North people", north.People, 3},
		{"North moderate", north.Pathways[model.ModerateIntensity], 2},
		{"North not eligible", north.Pathways[model.NotEligible], 1},
		{"North drug need", north.Needs[model.DrugMisuse].Count, 2},
		{"North drugs assessed", north.Needs[model.DrugMisuse].N, 3},
		{"North accommodation assessed", north.Needs[model.Accommodation].N, 0},
		{"North stale", north.Stale, 1},
		{"North no date", north.Unassessed, 1},
		{"North TSP need", demand["TSP"].Need, 2},
		{"North TSP in time", demand["TSP"].InTime, 1},
		{"North BSR need", demand["BSR"].Need, 2},
		{"North BSR in time", demand["BSR"].InTime, 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.what, c.got, c.want)
		}
	}
	byEst := analysis.AnalyseNeeds(ps, cls, ests, cat, analysis.NeedsOptions{By: analysis.ByEstablishment, AsOf: asOf, Suites: legacy})
	if len(byEst.Groups) != 3 || byEst.Groups[1].Key != "BBB" || byEst.Groups[1].People != 1 {
		t.Errorf("establishments: %+v", byEst.Groups)
	}
	estate := analysis.AnalyseNeeds(ps, cls, ests, cat, analysis.NeedsOptions{By: analysis.ByEstate, AsOf: asOf, Suites: legacy})
	if len(estate.Groups) != 1 || estate.Groups[0].People != 4 || estate.Groups[0].Needs[model.DrugMisuse].Count != 3 {
		t.Errorf("estate: %+v", estate.Groups)
	}
}
