//go:build race

package data

// raceEnabled says the tests run under the race detector.
const raceEnabled = true
