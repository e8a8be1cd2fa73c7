package testkit

import (
	"testing"

	"needsplan/model"
)

// AsOf is the fixtures' dataset date.
var AsOf = model.DateOf(2025, 6, 30)

// NeedyPerson is a man at establishment est with medium PNI need (thinking
// 1, relationships 1, self-management 1: total 3) and OGRS3 60 (medium
// risk): the moderate pathway, so he needs TSP. He began his sentence
// servedMonths before AsOf and is released leftMonths after it.
func NeedyPerson(id, est string, servedMonths, leftMonths int) model.Profile {
	p := model.Profile{PersonID: id, Establishment: est, Sex: model.Male, Age: 30, SentenceType: model.Determinate,
		SentenceStart: AsOf.AddMonths(-servedMonths), EarliestRelease: model.Some(AsOf.AddMonths(leftMonths)),
		OffenceGroup: model.Theft, OGRS3: model.Some(60.0), OVP: model.Some(10.0), RSR: model.Some(0.5)}
	for it := range model.NumItems {
		p.Items[it] = model.Some(int8(0))
	}
	p.Items[model.Q12_1] = model.Some(int8(1))
	p.Items[model.Q6_1], p.Items[model.Q6_6] = model.Some(int8(1)), model.Some(int8(1))
	p.Items[model.Q11_2], p.Items[model.Q11_4] = model.Some(int8(1)), model.Some(int8(1))
	return p
}

// Mover is a person for the transfer fixtures: their home, sex, security
// category (0: missing), age, months left and the programmes they need.
type Mover struct {
	ID, Home string
	Sex      model.Sex
	Cat      model.SecurityCategory
	Age      int
	Left     float64
	Progs    []string
}

// Man is a category C man of 30 at HOM with two years left who needs TSP.
func Man(id string) Mover {
	return Mover{ID: id, Home: "HOM", Sex: model.Male, Cat: model.CatC, Age: 30, Left: 24, Progs: []string{"TSP"}}
}

// Woman is a woman of 30 in closed conditions at HOF with two years left
// who needs TSP.
func Woman(id string) Mover {
	return Mover{ID: id, Home: "HOF", Sex: model.Female, Cat: model.Closed, Age: 30, Left: 24, Progs: []string{"TSP"}}
}

// Homes are the establishments the movers start at: HOM (men, category C
// trainer) and HOF (women), both in the North, running nothing.
var Homes = []model.Establishment{
	{Code: "HOM", Name: "Home", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
	{Code: "HOF", Name: "Home F", Holds: model.HoldsWomen, Function: model.FemalePrison, Region: "North"},
}

// MoverPeople makes the movers' profiles (determinate sentences, with
// their establishment, sex, age and security category) and
// classifications (their needed programmes and months left).
func MoverPeople(t testing.TB, cat *model.Catalogue, people []Mover) ([]model.Profile, []model.Classification) {
	t.Helper()
	var ps []model.Profile
	var cls []model.Classification
	for _, m := range people {
		p := model.Profile{PersonID: m.ID, Establishment: m.Home, Sex: m.Sex, Age: m.Age, SentenceType: model.Determinate}
		if m.Cat != 0 {
			p.SecurityCategory = model.Some(m.Cat)
		}
		c := model.Classification{MonthsLeft: m.Left}
		for _, g := range m.Progs {
			j, ok := cat.Index(g)
			if !ok {
				t.Fatalf("no programme %s", g)
			}
			c.Needed.Add(j)
		}
		ps, cls = append(ps, p), append(cls, c)
	}
	return ps, cls
}
