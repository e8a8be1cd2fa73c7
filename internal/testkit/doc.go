// Package testkit holds the fixtures that the tests of several packages
// share — a person who needs TSP, the people of the transfer tests, a
// linear-programming check of a transportation optimum — so that a test
// moved with the code it tests keeps the same fixture instead of a copy.
// It is for tests only: no package of the module imports it outside its
// _test.go files (TestLayout).
package testkit
