package sim

import "math/rand/v2"

// Alias draws indices with given weights in constant time, by Vose's alias
// method (M. D. Vose 1991, "A linear algorithm for generating random
// numbers with a given distribution", IEEE TSE 17:972–975).
type Alias struct {
	prob  []float64
	alias []int32
}

// NewAlias builds the tables for weights w (non-negative, not all zero).
func NewAlias(w []float64) *Alias {
	n := len(w)
	a := &Alias{prob: make([]float64, n), alias: make([]int32, n)}
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	scaled := make([]float64, n)
	var small, large []int32
	for i, x := range w {
		scaled[i] = x * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.prob[s], a.alias[s] = scaled[s], l
		scaled[l] += scaled[s] - 1
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range large {
		a.prob[i], a.alias[i] = 1, i
	}
	for _, i := range small { // rounding leftovers
		a.prob[i], a.alias[i] = 1, i
	}
	return a
}

// Draw returns an index with probability proportional to its weight.
func (a *Alias) Draw(r *rand.Rand) int {
	i := r.IntN(len(a.prob))
	if r.Float64() < a.prob[i] {
		return i
	}
	return int(a.alias[i])
}
