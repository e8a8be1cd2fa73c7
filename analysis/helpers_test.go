package analysis_test

import "needsplan/model"

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

// tspPerson needs TSP at AAA, six months into a sentence that ends
// releaseMonths after simAsOf.
func tspPerson(id string, releaseMonths int) model.Profile {
	return needyPerson(id, "AAA", 6, releaseMonths)
}
