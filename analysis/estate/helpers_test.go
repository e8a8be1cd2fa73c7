package estate_test

import "needsplan/internal/testkit"

// simAsOf is the dataset date of the fixtures.
var simAsOf = testkit.AsOf

// mover is a person for the transfer fixtures (testkit.Mover).
type mover = testkit.Mover
