package analysis_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"needsplan/analysis"
	"needsplan/model"
)

// imputeCatalogue is a small catalogue whose times needed are known by
// hand: no durations and a 6-month consolidation window, so X, W and B need
// 6 months and Y its published 12 (model.Catalogue.TimeNeeded). X, W and B
// are the core family "thinking", Y the add-on "substance"; W is for women
// only and B in the Building Choices suite only.
func imputeCatalogue(t *testing.T) *model.Catalogue {
	t.Helper()
	prog := func(code, family string, suite model.Suite) model.Programme {
		return model.Programme{Code: code, Name: code, Status: model.Current, Suites: []model.Suite{suite},
			Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive, Family: family}
	}
	y := prog("Y", "substance", model.LegacySuite)
	y.MonthsNeeded = model.Figure{Value: 12}
	w := prog("W", "thinking", model.LegacySuite)
	w.Sexes = []model.Sex{model.Female}
	cat, err := model.NewCatalogue("t", []model.Programme{
		prog("X", "thinking", model.LegacySuite), y, w, prog("B", "thinking", model.BuildingChoicesSuite),
	}, model.Rules{Families: []model.Family{{Name: "thinking", Role: model.CoreRole}, {Name: "substance", Role: model.AddOnRole}},
		Consolidation: model.Figure{Value: 6}})
	if err != nil {
		t.Fatal(err)
	}
	for code, months := range map[string]float64{"X": 6, "Y": 12, "W": 6, "B": 6} {
		if i, _ := cat.Index(code); cat.TimeNeeded(i) != months {
			t.Fatalf("%s needs %v months, want %v", code, cat.TimeNeeded(i), months)
		}
	}
	return cat
}

// imputeEstablishments: AAA and BBB in the North, CCC and ZZZ in the South;
// ZZZ uses Building Choices (imputePlan), the rest the legacy suite.
var imputeEstablishments = []model.Establishment{
	{Code: "AAA", Name: "A", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
	{Code: "BBB", Name: "B", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
	{Code: "CCC", Name: "C", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "South"},
	{Code: "ZZZ", Name: "Z", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "South"},
}

var imputePlan = analysis.SuitePlan{Default: model.LegacySuite, Except: map[string]model.Suite{"ZZZ": model.BuildingChoicesSuite}}

// Assessment states of the fixture's people.
const (
	assessedNow     = iota // a month before the dataset date
	assessedStale          // 13 months before: more than StaleAfter (12)
	notAssessed            // no assessment date
	assessedAtLimit        // exactly 12 months before: still current
)

// crowd is n men alike: where they are held, their sentence, assessment,
// months left and the programmes their classification says they need.
type crowd struct {
	n          int
	est        string
	sentence   model.SentenceType
	assessment int
	left       float64
	needs      []string
}

func (c crowd) people(t *testing.T, cat *model.Catalogue, ps []model.Profile, cls []model.Classification) ([]model.Profile, []model.Classification) {
	t.Helper()
	for k := range c.n {
		p := model.Profile{PersonID: fmt.Sprintf("%s%d-%d", c.est, len(ps), k), Establishment: c.est, Sex: model.Male,
			Age: 30, SentenceType: c.sentence, SentenceStart: simAsOf.AddMonths(-6)}
		switch c.assessment {
		case assessedNow:
			p.AssessedOn = model.Some(simAsOf.AddMonths(-1))
		case assessedStale:
			p.AssessedOn = model.Some(simAsOf.AddMonths(-13))
		case assessedAtLimit:
			p.AssessedOn = model.Some(simAsOf.AddMonths(-12))
		}
		if !math.IsNaN(c.left) && !math.IsInf(c.left, 1) {
			p.EarliestRelease = model.Some(simAsOf.AddMonths(int(c.left)))
		}
		cl := model.Classification{MonthsLeft: c.left}
		for _, code := range c.needs {
			i, ok := cat.Index(code)
			if !ok {
				t.Fatalf("no programme %s", code)
			}
			cl.Needed.Add(i)
		}
		ps, cls = append(ps, p), append(cls, cl)
	}
	return ps, cls
}

// aaa is AAA's 40 currently-assessed determinate men with two years left:
// exactly 10 need X. Their rate for X (and any, core, thinking) is
// 10/40 = 0.25, for Y 0/40.
var aaa = []crowd{
	{10, "AAA", model.Determinate, assessedNow, 24, []string{"X"}},
	{30, "AAA", model.Determinate, assessedNow, 24, nil},
}

// Upper bounds of 95% Wilson score intervals (Wilson 1927), worked from
// (p̂ + z²/2n + z·sqrt(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n) with
// z = 1.959963984540054 (z² = 3.841458820694124), not by the code under
// test:
const (
	// 10/40: p̂ 0.25; (0.25 + 0.0480182 + 1.959964 × sqrt(0.0046875 +
	// 0.0006002)) / 1.0960365 = 0.4405405 / 1.0960365.
	hi10of40 = 0.40193961420768026
	// 0/40: the bound is z²/(n + z²) = 3.8414588 / 43.8414588.
	hi0of40 = 0.08762160119728661
	// 11/45: p̂ 0.2444444; (0.2444444 + 0.0426829 + 1.959964 ×
	// sqrt(0.0041042 + 0.0004743)) / 1.0853657 = 0.4197476 / 1.0853657.
	hi11of45 = 0.3867338005702035
	// 1/5: p̂ 0.2; (0.2 + 0.3841459 + 1.959964 × sqrt(0.032 + 0.0384146))
	// / 1.7682918 = 1.1042370 / 1.7682918.
	hi1of5 = 0.6244653702374747
	// 12/40: p̂ 0.3; (0.3 + 0.0480182 + 1.959964 × sqrt(0.00525 +
	// 0.0006002)) / 1.0960365 = 0.4979296 / 1.0960365.
	hi12of40 = 0.45430018818144935
)

// rangeWant is one expected row of ImputeDemand: level/key/unit.
type rangeWant struct {
	row                string
	low, central, high float64
	by                 [analysis.NumComparisons]int
}

// TestImputeDemand checks Low, Central and High, and the stratum each
// imputed person was compared with, on fixtures worked by hand.
func TestImputeDemand(t *testing.T) {
	cat := imputeCatalogue(t)
	inf, nan := math.Inf(1), math.NaN()
	byLevel := func(l analysis.Comparison, n int) (b [analysis.NumComparisons]int) { b[l] = n; return b }
	cases := []struct {
		name   string
		crowds []crowd
		want   []rangeWant
		absent []string
	}{{
		// Central = 10 + 8 × 10/40 = 12; High = 10 + 8 × 0.4019396 =
		// 13.2155169. Nobody assessed needs Y: Central 0, but High
		// 8 × z²/(40 + z²) = 0.7009728. No man can take W; B is not in
		// AAA's suite: no rows.
		name:   "unassessed counted at the establishment's rate",
		crowds: append([]crowd{{8, "AAA", model.Determinate, notAssessed, 24, nil}}, aaa...),
		want: []rangeWant{
			{"estate/estate/any", 10, 12, 10 + 8*hi10of40, byLevel(analysis.SameEstablishment, 8)},
			{"estate/estate/core", 10, 12, 10 + 8*hi10of40, byLevel(analysis.SameEstablishment, 8)},
			{"estate/estate/thinking", 10, 12, 10 + 8*hi10of40, byLevel(analysis.SameEstablishment, 8)},
			{"estate/estate/X", 10, 12, 10 + 8*hi10of40, byLevel(analysis.SameEstablishment, 8)},
			{"estate/estate/Y", 0, 0, 8 * hi0of40, byLevel(analysis.SameEstablishment, 8)},
			{"region/North/X", 10, 12, 10 + 8*hi10of40, byLevel(analysis.SameEstablishment, 8)},
			{"establishment/AAA/X", 10, 12, 10 + 8*hi10of40, byLevel(analysis.SameEstablishment, 8)},
		},
		absent: []string{"estate/estate/W", "estate/estate/B", "region/South/any", "establishment/BBB/any"},
	}, {
		// The stale people's own (stale) plans say they all need X: they
		// are counted at the rate all the same, not as 8 more.
		name:   "stale counted at the rate, not by their stale plan",
		crowds: append([]crowd{{8, "AAA", model.Determinate, assessedStale, 24, []string{"X", "Y"}}}, aaa...),
		want: []rangeWant{
			{"estate/estate/X", 10, 12, 10 + 8*hi10of40, byLevel(analysis.SameEstablishment, 8)},
			{"estate/estate/Y", 0, 0, 8 * hi0of40, byLevel(analysis.SameEstablishment, 8)},
		},
	}, {
		// 3 and 5.9 months left are short of X's 6; remand has no release
		// date (NaN). Remand at AAA has no comparable people until the
		// estate's legacy suite as a whole.
		name: "people without time add nothing",
		crowds: append([]crowd{
			{4, "AAA", model.Determinate, notAssessed, 3, []string{"X"}},
			{2, "AAA", model.Determinate, assessedStale, 5.9, []string{"X"}},
			{2, "AAA", model.Remand, notAssessed, nan, nil},
		}, aaa...),
		want: []rangeWant{
			{"estate/estate/any", 10, 10, 10, [analysis.NumComparisons]int{6, 0, 0, 2, 0}},
			{"establishment/AAA/X", 10, 10, 10, [analysis.NumComparisons]int{6, 0, 0, 2, 0}},
		},
		absent: []string{"estate/estate/Y"},
	}, {
		// Two assessed need X with 3 months left: not in Low, which counts
		// those with time, but in the rate, which counts need: 12/40.
		// Central 10 + 8 × 0.3 = 12.4.
		name: "Low counts those with time, the rate those in need",
		crowds: []crowd{
			{10, "AAA", model.Determinate, assessedNow, 24, []string{"X"}},
			{2, "AAA", model.Determinate, assessedNow, 3, []string{"X"}},
			{28, "AAA", model.Determinate, assessedNow, 24, nil},
			{8, "AAA", model.Determinate, notAssessed, 24, nil},
		},
		want: []rangeWant{
			{"establishment/AAA/X", 10, 12.4, 10 + 8*hi12of40, byLevel(analysis.SameEstablishment, 8)},
		},
	}, {
		// BBB has 5 assessed (1 needs X): too few, so its 4 unassessed are
		// counted at the North's legacy determinate rate, (10 + 1)/(40 + 5)
		// = 11/45: 1 + 4 × 11/45 = 1.9777778, not BBB's own 1 + 4 × 1/5.
		name: "too few assessed: the region's rate",
		crowds: append([]crowd{
			{1, "BBB", model.Determinate, assessedNow, 24, []string{"X"}},
			{4, "BBB", model.Determinate, assessedNow, 24, nil},
			{4, "BBB", model.Determinate, notAssessed, 24, nil},
		}, aaa...),
		want: []rangeWant{
			{"establishment/BBB/X", 1, 1 + 4*11.0/45, 1 + 4*hi11of45, byLevel(analysis.SameRegion, 4)},
			{"establishment/AAA/X", 10, 10, 10, [analysis.NumComparisons]int{}},
			{"region/North/X", 11, 11 + 4*11.0/45, 11 + 4*hi11of45, byLevel(analysis.SameRegion, 4)},
		},
	}, {
		// CCC's South has 5 assessed: too few, so the estate's legacy
		// determinate rate, the same 11/45.
		name: "too few in the region: the estate's suite and sentence type",
		crowds: append([]crowd{
			{1, "CCC", model.Determinate, assessedNow, 24, []string{"X"}},
			{4, "CCC", model.Determinate, assessedNow, 24, nil},
			{4, "CCC", model.Determinate, notAssessed, 24, nil},
		}, aaa...),
		want: []rangeWant{
			{"establishment/CCC/X", 1, 1 + 4*11.0/45, 1 + 4*hi11of45, byLevel(analysis.SameSuiteSentence, 4)},
			{"region/South/X", 1, 1 + 4*11.0/45, 1 + 4*hi11of45, byLevel(analysis.SameSuiteSentence, 4)},
			{"estate/estate/X", 11, 11 + 4*11.0/45, 11 + 4*hi11of45, byLevel(analysis.SameSuiteSentence, 4)},
		},
	}, {
		// QQQ is not in the establishments table: no region to fall back
		// to, so the estate's legacy determinate rate, 11/45.
		name: "an establishment without a region: the estate",
		crowds: append([]crowd{
			{1, "QQQ", model.Determinate, assessedNow, 24, []string{"X"}},
			{4, "QQQ", model.Determinate, assessedNow, 24, nil},
			{4, "QQQ", model.Determinate, notAssessed, 24, nil},
		}, aaa...),
		want: []rangeWant{
			{"establishment/QQQ/X", 1, 1 + 4*11.0/45, 1 + 4*hi11of45, byLevel(analysis.SameSuiteSentence, 4)},
			{"estate/estate/X", 11, 11 + 4*11.0/45, 11 + 4*hi11of45, byLevel(analysis.SameSuiteSentence, 4)},
			{"region/North/X", 10, 10, 10, [analysis.NumComparisons]int{}},
		},
		absent: []string{"region//X"},
	}, {
		// Nobody indeterminate is assessed: the estate's legacy suite,
		// 10/40. Open-ended (+Inf months left) has time.
		name:   "no one of the sentence type: the estate's suite",
		crowds: append([]crowd{{2, "AAA", model.Indeterminate, notAssessed, inf, nil}}, aaa...),
		want: []rangeWant{
			{"establishment/AAA/X", 10, 10.5, 10 + 2*hi10of40, byLevel(analysis.SameSuite, 2)},
		},
		// Open-ended, but no programme of W is open to men.
		absent: []string{"establishment/AAA/W"},
	}, {
		// The estate's legacy suite has only BBB's 5 assessed (1 needs
		// X): fewer than MinComparable, but the last stratum is used
		// whatever its size: 1 + 2 × 1/5 = 1.4, High 1 + 2 × 0.6244654.
		name: "the estate's suite whatever its size",
		crowds: []crowd{
			{1, "BBB", model.Determinate, assessedNow, 24, []string{"X"}},
			{4, "BBB", model.Determinate, assessedNow, 24, nil},
			{2, "BBB", model.Indeterminate, notAssessed, 24, nil},
		},
		want: []rangeWant{
			{"establishment/BBB/X", 1, 1.4, 1 + 2*hi1of5, byLevel(analysis.SameSuite, 2)},
		},
	}, {
		// ZZZ uses Building Choices and no one with it is assessed.
		name:   "no one comparable: nothing added",
		crowds: append([]crowd{{3, "ZZZ", model.Determinate, notAssessed, 24, nil}}, aaa...),
		want: []rangeWant{
			{"estate/estate/any", 10, 10, 10, byLevel(analysis.NoComparable, 3)},
		},
		absent: []string{"estate/estate/B", "establishment/ZZZ/any"},
	}, {
		// Assessed exactly StaleAfter months before the dataset date is
		// still current (stale is strictly older, as AnalyseNeeds).
		name: "an assessment exactly 12 months old is current",
		crowds: []crowd{
			{10, "AAA", model.Determinate, assessedAtLimit, 24, []string{"X"}},
			{30, "AAA", model.Determinate, assessedAtLimit, 24, nil},
		},
		want: []rangeWant{{"estate/estate/X", 10, 10, 10, [analysis.NumComparisons]int{}}},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ps []model.Profile
			var cls []model.Classification
			for _, c := range tc.crowds {
				ps, cls = c.people(t, cat, ps, cls)
			}
			rows := analysis.ImputeDemand(ps, cls, imputeEstablishments, cat, analysis.ImputeOptions{AsOf: simAsOf, Suites: imputePlan})
			got := map[string]analysis.DemandRange{}
			for _, r := range rows {
				got[fmt.Sprintf("%s/%s/%s", r.Level, r.Key, r.Unit)] = r
			}
			for _, w := range tc.want {
				r, ok := got[w.row]
				if !ok {
					t.Errorf("%s: no row", w.row)
					continue
				}
				const tol = 1e-9
				if math.Abs(r.Low-w.low) > tol || math.Abs(r.Central-w.central) > tol || math.Abs(r.High-w.high) > tol {
					t.Errorf("%s: low %.7f central %.7f high %.7f; want %.7f %.7f %.7f", w.row, r.Low, r.Central, r.High, w.low, w.central, w.high)
				}
				if r.By != w.by || r.Imputed() != sumInts(w.by[:]) {
					t.Errorf("%s: imputed %d by %v; want by %v", w.row, r.Imputed(), r.By, w.by)
				}
			}
			for _, a := range tc.absent {
				if r, ok := got[a]; ok {
					t.Errorf("%s: unexpected row %+v", a, r)
				}
			}
		})
	}
}

func sumInts(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// imputeFixture is the region fall-back fixture with three stale people
// at AAA too, everyone imputed with 8 months left.
func imputeFixture(t *testing.T, cat *model.Catalogue) ([]model.Profile, []model.Classification) {
	t.Helper()
	var ps []model.Profile
	var cls []model.Classification
	for _, c := range append([]crowd{
		{1, "BBB", model.Determinate, assessedNow, 24, []string{"X"}},
		{4, "BBB", model.Determinate, assessedNow, 24, nil},
		{4, "BBB", model.Determinate, notAssessed, 8, nil},
		{3, "AAA", model.Determinate, assessedStale, 8, []string{"Y"}},
	}, aaa...) {
		ps, cls = c.people(t, cat, ps, cls)
	}
	return ps, cls
}

// TestImputeDemandCounts checks the people counts of a row and the order
// of the rows: estate, regions, establishments; units as Units gives them.
func TestImputeDemandCounts(t *testing.T) {
	cat := imputeCatalogue(t)
	ps, cls := imputeFixture(t, cat)
	opt := analysis.ImputeOptions{AsOf: simAsOf, Suites: imputePlan}
	rows := analysis.ImputeDemand(ps, cls, imputeEstablishments, cat, opt)
	var order []string
	for _, r := range rows {
		order = append(order, fmt.Sprintf("%s/%s/%s", r.Level, r.Key, r.Unit))
	}
	// The imputed have 8 months: time for X (6) but not Y (12), and no
	// one assessed needs Y, so no row has Y.
	want := []string{
		"estate/estate/any", "estate/estate/core", "estate/estate/thinking", "estate/estate/X",
		"region/North/any", "region/North/core", "region/North/thinking", "region/North/X",
		"establishment/AAA/any", "establishment/AAA/core", "establishment/AAA/thinking", "establishment/AAA/X",
		"establishment/BBB/any", "establishment/BBB/core", "establishment/BBB/thinking", "establishment/BBB/X",
	}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("rows\n%v\nwant\n%v", order, want)
	}
	e := rows[0]
	if e.Assessed != 45 || e.Stale != 3 || e.Unassessed != 4 || e.Imputed() != 7 {
		t.Errorf("estate: assessed %d stale %d unassessed %d; want 45 3 4", e.Assessed, e.Stale, e.Unassessed)
	}
	// AAA's stale three at 10/40, BBB's four at 11/45.
	if w := 11 + 3*0.25 + 4*11.0/45; math.Abs(e.Central-w) > 1e-9 {
		t.Errorf("estate central %.7f, want %.7f", e.Central, w)
	}
	if again := analysis.ImputeDemand(ps, cls, imputeEstablishments, cat, opt); !reflect.DeepEqual(rows, again) {
		t.Error("two runs differ")
	}
}

// TestRangesWired: AnalyseNeeds keeps the rows of its level, AnalyseGaps
// all of them.
func TestRangesWired(t *testing.T) {
	cat := imputeCatalogue(t)
	ps, cls := imputeFixture(t, cat)
	all := analysis.ImputeDemand(ps, cls, imputeEstablishments, cat, analysis.ImputeOptions{AsOf: simAsOf, Suites: imputePlan})
	for _, by := range []analysis.GroupBy{analysis.ByEstablishment, analysis.ByRegion, analysis.ByEstate} {
		n := analysis.AnalyseNeeds(ps, cls, imputeEstablishments, cat, analysis.NeedsOptions{By: by, AsOf: simAsOf, Suites: imputePlan})
		var want []analysis.DemandRange
		for _, r := range all {
			if r.Level == by {
				want = append(want, r)
			}
		}
		if len(want) == 0 || !reflect.DeepEqual(n.Ranges, want) {
			t.Errorf("needs by %s: %d ranges, want %d", by, len(n.Ranges), len(want))
		}
	}
	gs := analysis.AnalyseGaps(ps, cls, imputeEstablishments, nil, cat, analysis.GapOptions{AsOf: simAsOf, Suites: imputePlan})
	if !reflect.DeepEqual(gs.Ranges, all) {
		t.Errorf("gaps: %d ranges, want %d", len(gs.Ranges), len(all))
	}
}
