package analysis_test

import (
	"needsplan/internal/testkit"
	"needsplan/model"
)

// simAsOf is the dataset date of the fixtures.
var simAsOf = testkit.AsOf

// mover is a person for the transfer fixtures (testkit.Mover).
type mover = testkit.Mover

// tspPerson needs TSP at AAA, six months into a sentence that ends
// releaseMonths after simAsOf.
func tspPerson(id string, releaseMonths int) model.Profile {
	return testkit.NeedyPerson(id, "AAA", 6, releaseMonths)
}
