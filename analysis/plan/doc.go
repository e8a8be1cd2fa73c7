// Package plan proposes what to commission: whole groups of accredited
// programmes to add — or, where places run for nobody with time, to cut
// and move — at each establishment, within a budget, to serve the most
// priority-weighted people who would otherwise leave untreated although
// they had time (docs/plan.md).
//
// The analytic plan is a steady-state flow model: an establishment ×
// programme needs places for its yearly flow of people with time, at a
// target share and a fill rate, plus its backlog spread over the years
// allowed; each group added serves its places up to that need. Choosing
// whole groups within the budget and each establishment's room for more
// groups is a knapsack with concave values; Solve solves it exactly by
// dynamic programming over the budget in whole steps (docs/decisions/
// 0003-plan-solver.md says why not branch and bound on gonum's LP).
// Whether the plan works is for the simulation to say: the pipeline
// simulates it against the baseline with common random numbers.
package plan
