package estate_test

import (
	"testing"

	"needsplan/model"
)

// needyPerson is a man at establishment est with medium PNI need (thinking
// 1, relationships 1, self-management 1: total 3) and OGRS3 60 (medium
// risk): the moderate pathway, so he needs TSP. He began his sentence
// servedMonths before simAsOf and is released leftMonths after it.
func needyPerson(id, est string, servedMonths, leftMonths int) model.Profile {
	p := model.Profile{PersonID: id, Establishment: est, Sex: model.Male, Age: 30, SentenceType: model.Determinate,
		SentenceStart: simAsOf.AddMonths(-servedMonths), EarliestRelease: model.Some(simAsOf.AddMonths(leftMonths)),
		OffenceGroup: model.Theft, OGRS3: model.Some(60.0), OVP: model.Some(10.0), RSR: model.Some(0.5)}
	for it := range model.NumItems {
		p.Items[it] = model.Some(int8(0))
	}
	p.Items[model.Q12_1] = model.Some(int8(1))
	p.Items[model.Q6_1], p.Items[model.Q6_6] = model.Some(int8(1)), model.Some(int8(1))
	p.Items[model.Q11_2], p.Items[model.Q11_4] = model.Some(int8(1)), model.Some(int8(1))
	return p
}

// simAsOf is the dataset date of the fixtures.
var simAsOf = model.DateOf(2025, 6, 30)

// mover is a person for the transfer fixtures: their home, sex, security
// category (empty: missing), age, months left and the programmes they
// need.
type mover struct {
	id, home string
	sex      model.Sex
	cat      model.SecurityCategory
	age      int
	left     float64
	progs    []string
}

// man is a category C man of 30 at HOM with two years left who needs TSP.
func man(id string) mover {
	return mover{id: id, home: "HOM", sex: model.Male, cat: model.CatC, age: 30, left: 24, progs: []string{"TSP"}}
}

// woman is a woman of 30 in closed conditions at HOF with two years left who
// needs TSP.
func woman(id string) mover {
	return mover{id: id, home: "HOF", sex: model.Female, cat: model.Closed, age: 30, left: 24, progs: []string{"TSP"}}
}

// homes are the establishments the fixtures' people start at: HOM (men,
// category C trainer) and HOF (women), both in the North, running nothing.
var homes = []model.Establishment{
	{Code: "HOM", Name: "Home", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
	{Code: "HOF", Name: "Home F", Holds: model.HoldsWomen, Function: model.FemalePrison, Region: "North"},
}

// moverPeople makes the movers' profiles (determinate sentences, with
// their establishment, sex, age and security category) and
// classifications (their needed programmes and months left).
func moverPeople(t *testing.T, cat *model.Catalogue, people []mover) ([]model.Profile, []model.Classification) {
	t.Helper()
	var ps []model.Profile
	var cls []model.Classification
	for _, m := range people {
		p := model.Profile{PersonID: m.id, Establishment: m.home, Sex: m.sex, Age: m.age, SentenceType: model.Determinate}
		if m.cat != 0 {
			p.SecurityCategory = model.Some(m.cat)
		}
		c := model.Classification{MonthsLeft: m.left}
		for _, g := range m.progs {
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
