// Package allocate allocates the estate's cohort start places to the
// people who need them, estate-wide and by priority, and says what moves
// that takes (docs/transfers.md, "The estate-wide allocation").
//
// Each person with a current programme they can still finish and
// consolidate before release (the plan of issue 11: one core programme at
// a time, with its add-ons) may take one start place over the horizon: a
// place in a cohort of one of their programmes, at their own establishment
// or, after a move, at one that can hold them (model.MoveAllowed), that
// starts by their latest start. Places go by priority first — release date
// by default, or another of the simulation's policies — and moves second:
// the allocation minimises
//
//	Σ unplaced people's priority weight + λ × Σ placed people's move cost
//
// (½ + model.MoveCost; 0 for a local place). With λ → 0 it is the pure
// priority allocation: the people placed are those a greedy pass in
// priority order would place (the people who can be placed together form a
// transversal matroid, so a maximum-weight set is the greedy one); a large
// λ gives local places first. The problem is a transportation problem from
// groups of identical people to the start places of each establishment ×
// programme × month, solved exactly (analysis/transport, successive
// shortest paths), whose capacity duals are the shadow prices: how much
// priority-weighted service one more place would buy.
//
// Files:
//   - slots.go: the start places of each offering over the horizon.
//   - priority.go: the priority order and weights.
//   - allocate.go: the problem, its solution and each person's place.
//   - tally.go: places filled locally, within the region and between
//     regions; flows; people with no place; shadow prices.
package allocate
