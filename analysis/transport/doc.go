// Package transport solves the transportation problem with an "unplaced"
// option at minimum total cost: units waiting at sources (people in a group
// who need a programme) are sent to destinations with limited capacity
// (spare places elsewhere), each move at its own cost or not allowed at
// all, and whatever cannot be placed, or is not worth placing, stays where
// it is at a penalty. The transfer analysis (analysis.AnalyseTransfers)
// states who must move to reach a programme as such a problem; this
// package only solves it, knows nothing of people or programmes, and uses
// the standard library alone, so the solver can be checked on its own
// against exhaustive enumeration and an LP.
//
// Solve returns an optimal integer solution. The problem is solved as a
// minimum-cost flow by successive shortest paths (Ahuja, Magnanti & Orlin
// 1993, Network Flows: Theory, Algorithms, and Applications, §9.7), each
// path found by Dijkstra's algorithm on costs made non-negative by node
// potentials (Edmonds & Karp 1972, "Theoretical improvements in
// algorithmic efficiency for network flow problems", J. ACM 19(2),
// 248–264; Johnson 1977, J. ACM 24(1)). The capacities are integers and
// the transportation LP is totally unimodular, so the integer solution is
// optimal among fractional ones too. Solve's documentation gives the
// network, the method and its complexity.
package transport
