package allocate_test

import (
	"testing"

	"needsplan/analysis"
	"needsplan/analysis/allocate"
	"needsplan/internal/testkit"
	"needsplan/model"
)

// TestFitAndAllocationAgree: fit (and the directory, which shows fit's
// list) and the allocation apply one rule for where people may go,
// model.MoveAllowed. For every pair of the embedded dataset's
// establishments, a typical person of the first (model.Typical) who needs
// TSP, which only the second runs, is placed there by the allocation
// exactly when the rule allows it; and every establishment fit suggests
// for a programme an establishment lacks satisfies the rule for its
// typical person, and none that satisfies it with spare places is missing
// where fit lists fewer than it may.
func TestFitAndAllocationAgree(t *testing.T) {
	d, cls := national(t)
	cat := d.Catalogue
	tsp, _ := cat.Index("TSP")
	allowed, placed := 0, 0
	for i := range d.Establishments {
		from := &d.Establishments[i]
		if from.Function == model.OtherFunc {
			continue
		}
		sex, sc, age := model.Typical(from)
		p := testkit.NeedyPerson("x", from.Code, 12, 60)
		p.Sex, p.SecurityCategory, p.Age = sex, sc, age
		c := model.Classification{MonthsLeft: 60}
		c.Needed.Add(tsp)
		for j := range d.Establishments {
			to := &d.Establishments[j]
			if j == i {
				continue
			}
			a, err := allocate.Allocate([]model.Profile{p}, []model.Classification{c}, d.Establishments,
				[]model.Offering{{Establishment: to.Code, Programme: "TSP", GroupsPerYear: 12, GroupSize: model.Some(10), Referable: true}},
				cat, allocate.Options{AsOf: d.AsOf})
			if err != nil {
				t.Fatal(err)
			}
			got := a.People[0].To == to.Code
			want := model.MoveAllowed(to, sex, sc, age)
			if got != want {
				t.Fatalf("%s (%s) → %s (%s): placed %v, the rule allows %v", from.Code, from.Function, to.Code, to.Function, got, want)
			}
			if want {
				allowed++
			}
			if got {
				placed++
			}
		}
	}
	if allowed < 1000 || placed != allowed {
		t.Errorf("%d pairs allowed, %d placed", allowed, placed)
	}

	plan, _ := analysis.ParseSuitePlan("auto", d.Offerings, cat)
	gs := analysis.AnalyseGaps(d.Profiles, cls, d.Establishments, d.Offerings, cat, analysis.GapOptions{AsOf: d.AsOf, Suites: plan})
	byEst := analysis.AnalyseNeeds(d.Profiles, cls, d.Establishments, cat, analysis.NeedsOptions{By: analysis.ByEstablishment})
	estate := analysis.AnalyseNeeds(d.Profiles, cls, d.Establishments, cat, analysis.NeedsOptions{By: analysis.ByEstate})
	holds := map[string]*model.Establishment{}
	for i := range d.Establishments {
		holds[d.Establishments[i].Code] = &d.Establishments[i]
	}
	listed := 0
	for i := range d.Establishments {
		from := &d.Establishments[i]
		f, err := analysis.EstablishmentFit(from.Code, gs, byEst, estate, d.Establishments)
		if err != nil {
			t.Fatal(err)
		}
		sex, sc, age := model.Typical(from)
		for _, fp := range f.Programmes {
			for _, n := range fp.Nearby {
				listed++
				if !model.MoveAllowed(holds[n.Code], sex, sc, age) {
					t.Errorf("fit of %s suggests %s (%s) for %s: it cannot hold %s's people", from.Code, n.Code, holds[n.Code].Function, fp.Row.Programme, from.Function)
				}
			}
			if len(fp.Nearby) == 0 || len(fp.Nearby) >= analysis.MaxNearby {
				continue
			}
			for _, g := range gs.Rows {
				if g.Programme == fp.Row.Programme && g.Establishment != from.Code && g.Places > g.Demand &&
					model.MoveAllowed(holds[g.Establishment], sex, sc, age) &&
					!containsCode(fp.Nearby, g.Establishment) {
					t.Errorf("fit of %s leaves out %s for %s: it has spare places and can hold them", from.Code, g.Establishment, fp.Row.Programme)
				}
			}
		}
	}
	if listed < 50 {
		t.Errorf("fit listed only %d suggestions: the check is weak", listed)
	}
}

func containsCode(ns []analysis.Nearby, code string) bool {
	for _, n := range ns {
		if n.Code == code {
			return true
		}
	}
	return false
}
