// Package analysis holds needsplan's static analyses of a population at its
// dataset date: the classification of every person (ClassifyAll), needs by
// establishment, region and estate with Wilson intervals (AnalyseNeeds),
// demand over a horizon against places and the gap classes (AnalyseGaps),
// an establishment's fit (EstablishmentFit), the transfers places elsewhere
// could absorb (AnalyseTransfers, solved as a transportation problem), the
// strategies that place group programmes (Allocate), the programme suites
// people are matched to (SuitePlan) and the application of a scenario to a
// baseline (PrepareScenario, ApplyScenario).
//
// It does no I/O and holds no global state. Simulation over time lives in
// analysis/estate (the estate model) on analysis/sim (the engine).
package analysis
