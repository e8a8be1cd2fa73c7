package analysis_test

import (
	"math"
	"testing"

	"needsplan/analysis"
	"needsplan/internal/testkit"
	"needsplan/model"
)

// headlineCatalogue is a small catalogue for the headline's hand checks:
// two core families, violence (VIO, 10 weeks) before general (GEN, 8
// weeks), and an add-on (ADD, 4 weeks), with 6 months' consolidation. Time
// needed = weeks × 7 / 30.436875 + 6: GEN 7.840, VIO 8.300, ADD 6.920.
func headlineCatalogue(t *testing.T) *model.Catalogue {
	t.Helper()
	prog := func(code, family string, weeks float64) model.Programme {
		return model.Programme{Code: code, Name: code, Status: model.Current, Suites: []model.Suite{model.LegacySuite},
			Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive, Family: family,
			DurationWeeks: model.Figure{Value: weeks}, GroupSize: model.Figure{Value: 10}, MinGroupSize: model.Figure{Value: 1}}
	}
	cat, err := model.NewCatalogue("t", []model.Programme{prog("GEN", "gen", 8), prog("VIO", "vio", 10), prog("ADD", "sub", 4)},
		model.Rules{Consolidation: model.Figure{Value: 6}, Families: []model.Family{
			{Name: "vio", Role: model.CoreRole}, {Name: "gen", Role: model.CoreRole}, {Name: "sub", Role: model.AddOnRole}}})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestHeadlines checks the headline's decomposition against a hand count
// (docs/gap-analysis.md, "The headline"). People, by days served and left
// (a month is 30.436875 days), and what they need now:
//
//	p1 AAA  183 served,  913 left (30.0 months): GEN and ADD — slack 22.2 and 23.1: later
//	p2 AAA  183 served,  304 left (9.99):        VIO — slack 1.69: must start
//	p3 AAA  183 served,  152 left (4.99):        ADD — slack −1.93: no time
//	p4 AAA  remand:                              GEN — no release date: no time, no flow
//	p5 BBB  183 served,  243 left (7.98):        VIO and ADD — VIO −0.32 (no time), ADD 1.06 (must start)
//	p6 AAA  183 served,  365 left:               nothing (counts only in the receptions)
//	p7 AAA  indeterminate, 3,650 days served, past tariff (open-ended): GEN — slack +Inf: later
//
// Flow: 12 × Σ 1/stay over people whose stay (served + left) is at least
// the least time needed of the unit's programmes they need: every
// sentenced person needing something here has a stay of 11 months or more,
// above every time needed, so each counts in every unit they need (p7's
// stay is the 3,650 days so far).
func TestHeadlines(t *testing.T) {
	cat := headlineCatalogue(t)
	asOf := testkit.AsOf
	person := func(id, est string, served, left int) model.Profile {
		return model.Profile{PersonID: id, Establishment: est, Sex: model.Male, SentenceType: model.Determinate,
			SentenceStart: asOf - model.Date(served), EarliestRelease: model.Some(asOf + model.Date(left))}
	}
	remand := model.Profile{PersonID: "p4", Establishment: "AAA", Sex: model.Male, SentenceType: model.Remand}
	open := model.Profile{PersonID: "p7", Establishment: "AAA", Sex: model.Male, SentenceType: model.Indeterminate,
		SentenceStart: asOf - 3650}
	ps := []model.Profile{person("p1", "AAA", 183, 913), person("p2", "AAA", 183, 304), person("p3", "AAA", 183, 152),
		remand, person("p5", "BBB", 183, 243), person("p6", "AAA", 183, 365), open}
	needs := [][]string{{"GEN", "ADD"}, {"VIO"}, {"ADD"}, {"GEN"}, {"VIO", "ADD"}, nil, {"GEN"}}
	cls := make([]model.Classification, len(ps))
	for i := range ps {
		cls[i].MonthsLeft = math.NaN()
		if r, ok := ps[i].EarliestRelease.Get(); ok {
			cls[i].MonthsLeft = float64(r-asOf) / 30.436875
		}
		if ps[i].SentenceType == model.Indeterminate {
			cls[i].MonthsLeft = math.Inf(1)
		}
		for _, code := range needs[i] {
			j, _ := cat.Index(code)
			cls[i].Needed.Add(j)
		}
	}
	ests := []model.Establishment{{Code: "AAA", Region: "R1"}, {Code: "BBB", Region: "R2"}}
	offs := []model.Offering{
		{Establishment: "AAA", Programme: "GEN", GroupsPerYear: 2, Referable: true},                    // 20 places a year
		{Establishment: "BBB", Programme: "ADD", GroupsPerYear: 1, OneToOnePlaces: 2, Referable: true}, // 12
	}
	hs := analysis.Headlines(ps, cls, ests, offs, cat, analysis.GapOptions{AsOf: asOf, Suites: analysis.SuitePlan{Default: model.LegacySuite}})
	stay := func(days int) float64 { return float64(days) / 30.436875 }
	s1, s2, s3, s5, s7 := stay(183+913), stay(183+304), stay(183+152), stay(183+243), stay(3650)
	anyFlow, coreFlow := 12*(1/s1+1/s2+1/s3+1/s5+1/s7), 12*(1/s1+1/s2+1/s5+1/s7)
	type want struct {
		people, noTime, must, later int
		flow, places                float64
	}
	tests := []struct {
		level      analysis.GroupBy
		key, unit  string
		want       want
		years, cov float64 // NaN: not checked
	}{
		{analysis.ByEstate, "estate", "any", want{6, 2, 2, 2, anyFlow, 32}, 2 / (32 - anyFlow), 32 / anyFlow},
		{analysis.ByEstate, "estate", "core", want{5, 2, 1, 2, coreFlow, 20}, 1 / (20 - coreFlow), 20 / coreFlow},
		{analysis.ByEstate, "estate", "vio", want{2, 1, 1, 0, 12 * (1/s2 + 1/s5), 0}, math.Inf(1), 0},
		{analysis.ByEstate, "estate", "gen", want{3, 1, 0, 2, 12 * (1/s1 + 1/s7), 20}, 0, 20 / (12 * (1/s1 + 1/s7))},
		{analysis.ByEstate, "estate", "sub", want{3, 1, 1, 1, 12 * (1/s1 + 1/s3 + 1/s5), 12}, 1 / (12 - 12*(1/s1+1/s3+1/s5)), math.NaN()},
		{analysis.ByEstate, "estate", "ADD", want{3, 1, 1, 1, 12 * (1/s1 + 1/s3 + 1/s5), 12}, math.NaN(), math.NaN()},
		{analysis.ByRegion, "R1", "any", want{5, 2, 1, 2, 12 * (1/s1 + 1/s2 + 1/s3 + 1/s7), 20}, math.NaN(), math.NaN()},
		{analysis.ByRegion, "R2", "any", want{1, 0, 1, 0, 12 / s5, 12}, math.NaN(), math.NaN()},
		{analysis.ByEstablishment, "BBB", "core", want{1, 1, 0, 0, 12 / s5, 0}, 0, 0},
		{analysis.ByEstablishment, "AAA", "ADD", want{2, 1, 0, 1, 12 * (1/s1 + 1/s3), 0}, 0, 0},
	}
	for _, tt := range tests {
		var h *analysis.Headline
		for i := range hs {
			if hs[i].Level == tt.level && hs[i].Key == tt.key && hs[i].Unit == tt.unit {
				h = &hs[i]
			}
		}
		if h == nil {
			t.Errorf("%s %s %s: no row", tt.level, tt.key, tt.unit)
			continue
		}
		got := want{h.People, h.NoTime, h.MustStart, h.Later, h.Flow, h.Places}
		if got.people != tt.want.people || got.noTime != tt.want.noTime || got.must != tt.want.must || got.later != tt.want.later ||
			math.Abs(got.flow-tt.want.flow) > 1e-9 || got.places != tt.want.places {
			t.Errorf("%s %s %s: got %+v, want %+v", tt.level, tt.key, tt.unit, got, tt.want)
		}
		if y := h.YearsToClear(); !math.IsNaN(tt.years) && !(y == tt.years || math.Abs(y-tt.years) < 1e-9) {
			t.Errorf("%s %s %s: years to clear %v, want %v", tt.level, tt.key, tt.unit, y, tt.years)
		}
		if c := h.Coverage(); !math.IsNaN(tt.cov) && math.Abs(c-tt.cov) > 1e-9 {
			t.Errorf("%s %s %s: coverage %v, want %v", tt.level, tt.key, tt.unit, c, tt.cov)
		}
	}
	// Order: the estate, then regions, then establishments; within each,
	// any, core, the families in routing order, the programmes in code
	// order.
	var order []string
	for _, h := range hs {
		if h.Level == analysis.ByEstate {
			order = append(order, h.Unit)
		}
	}
	if want := []string{"any", "core", "vio", "gen", "sub", "ADD", "GEN", "VIO"}; !equalStrings(order, want) {
		t.Errorf("estate rows %v, want %v", order, want)
	}
	if hs[0].Level != analysis.ByEstate || hs[len(hs)-1].Level != analysis.ByEstablishment {
		t.Errorf("rows not ordered estate, region, establishment: first %s, last %s", hs[0].Level, hs[len(hs)-1].Level)
	}
}

// TestHeadlineMeasures checks coverage and years to clear at their edges.
func TestHeadlineMeasures(t *testing.T) {
	tests := []struct {
		name      string
		h         analysis.Headline
		cov, year float64
	}{
		{"places and flow", analysis.Headline{MustStart: 30, Flow: 40, Places: 50}, 1.25, 3},
		{"places below the flow: never", analysis.Headline{MustStart: 30, Flow: 40, Places: 20}, 0.5, math.Inf(1)},
		{"places equal to the flow: never", analysis.Headline{MustStart: 1, Flow: 40, Places: 40}, 1, math.Inf(1)},
		{"no backlog", analysis.Headline{Flow: 40, Places: 20}, 0.5, 0},
		{"places, no flow", analysis.Headline{MustStart: 2, Places: 10}, math.Inf(1), 0.2},
		{"neither", analysis.Headline{}, math.NaN(), 0},
	}
	for _, tt := range tests {
		c, y := tt.h.Coverage(), tt.h.YearsToClear()
		if !(c == tt.cov || math.IsNaN(c) && math.IsNaN(tt.cov)) || y != tt.year {
			t.Errorf("%s: coverage %v, years %v; want %v, %v", tt.name, c, y, tt.cov, tt.year)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestUnroutedNeeds: people with an identified need no programme fits are
// listed by family, suite and reason, largest first.
func TestUnroutedNeeds(t *testing.T) {
	need := []model.Criterion{{Field: "ovp", Op: ">=", Values: []string{"30"}}}
	vio := model.Programme{Code: "VIO", Name: "VIO", Status: model.Current, Suites: []model.Suite{model.LegacySuite},
		Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive, Family: "vio",
		Eligibility: []model.Criterion{{Field: "ovp", Op: ">=", Values: []string{"60"}}}}
	cat, err := model.NewCatalogue("t", []model.Programme{vio}, model.Rules{Families: []model.Family{{Name: "vio", Role: model.CoreRole, Need: need}}})
	if err != nil {
		t.Fatal(err)
	}
	person := func(id string, ovp float64) model.Profile {
		p := testkit.NeedyPerson(id, "AAA", 6, 24)
		p.OVP = model.Some(ovp)
		return p
	}
	// OVP 40 and 45: a need (≥ 30) VIO does not take (≥ 60); OVP 70: VIO;
	// OVP 10: no need.
	ps := []model.Profile{person("a", 40), person("b", 45), person("c", 70), person("d", 10)}
	plan := analysis.SuitePlan{Default: model.LegacySuite}
	cls := make([]model.Classification, len(ps))
	for i := range ps {
		cls[i] = model.Classify(&ps[i], cat, model.LegacySuite, testkit.AsOf)
	}
	got := analysis.UnroutedNeeds(ps, cls, cat, plan)
	want := []analysis.Unrouted{{Family: "vio", Suite: model.LegacySuite, Reason: "no programme fits (VIO: needs ovp >= 60)", People: 2}}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
