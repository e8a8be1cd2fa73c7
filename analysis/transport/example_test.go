package transport_test

import (
	"fmt"
	"math"

	"needsplan/analysis/transport"
)

// Two groups wait for places: 2 people at source 0 and 1 at source 1.
// Destination 0 has 1 spare place, destination 1 has 2. Source 1 may only
// go to destination 0, and leaving its person unplaced costs 8.
//
// Checked by hand: if source 1's person takes destination 0 (3), source 0
// does best to send both to destination 1 (2 × 4, less than 5 each for
// leaving them): 11. Otherwise source 1 stays unplaced (8) and source 0 at
// best sends one to each destination (1 + 4): 13. So the optimum leaves
// the cheapest move of all, source 0 to destination 0, unused.
func ExampleSolve() {
	inf := math.Inf(1)
	sol, err := transport.Solve(transport.Problem{
		Supply:   []int{2, 1},
		Capacity: []int{1, 2},
		Cost: [][]float64{
			{1, 4},
			{3, inf},
		},
		Unplaced: []float64{5, 8},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("flow:", sol.Flow)
	fmt.Println("left:", sol.Left)
	fmt.Println("cost:", sol.Cost)
	// Output:
	// flow: [[0 2] [1 0]]
	// left: [0 0]
	// cost: 11
}
