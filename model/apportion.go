package model

import (
	"math"
	"slices"
)

// Apportion shares total whole units (people, half-groups) out in proportion
// to non-negative weights by the largest-remainder (Hamilton) method: each
// gets the whole part of its quota, and the units left go one each to the
// largest remainders, ties to the earlier weight. The shares sum to total
// whenever a weight is positive; all zero weights give all zeros.
func Apportion(total int, weights []float64) []int {
	out := make([]int, len(weights))
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	if sum <= 0 || total <= 0 {
		return out
	}
	type rem struct {
		i    int
		frac float64
	}
	rems := make([]rem, 0, len(weights))
	given := 0
	for i, w := range weights {
		if w <= 0 {
			continue
		}
		x := float64(total) * w / sum
		out[i] = int(math.Floor(x))
		given += out[i]
		rems = append(rems, rem{i, x - math.Floor(x)})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.frac > b.frac:
			return -1
		case a.frac < b.frac:
			return 1
		}
		return 0
	})
	for k := 0; given < total && k < len(rems); k++ {
		out[rems[k].i]++
		given++
	}
	return out
}
