// Package lp solves linear programmes in standard form (minimise cᵀz
// subject to A·z = b, z ≥ 0) by the two-phase tableau simplex, with a
// bound on its pivots.
//
// gonum's lp.Simplex does the same but has no iteration limit, and it
// refactors the basis at every step; on the disclosure audit's degenerate
// programmes (hundreds of rows, sums of small counts) it ran for minutes
// where this takes milliseconds (docs/decisions/0006-tableau-simplex.md).
// The one phase I of a Program serves any number of costs, which is what
// bounding every hidden figure of one set of relations needs.
//
// Callers that must not trust the arithmetic check the point returned
// against their own constraints: the reports' disclosure audit accepts a
// width only from points it has checked.
package lp
