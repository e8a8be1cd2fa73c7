package model

import (
	"slices"
	"testing"
)

func TestApportion(t *testing.T) {
	tests := []struct {
		total   int
		weights []float64
		want    []int
	}{
		// Quotas 3.333, 6.667: floors 3, 6; the one left goes to the
		// larger remainder (0.667).
		{10, []float64{1, 2}, []int{3, 7}},
		// Equal remainders: the earlier weight wins.
		{3, []float64{1, 1}, []int{2, 1}},
		{7, []float64{0, 1, 0}, []int{0, 7, 0}},
		{5, []float64{0, 0}, []int{0, 0}},
		{0, []float64{1, 1}, []int{0, 0}},
		// Quotas 4.3, 2.9, 2.8: floors 4, 2, 2 (8); two left: 0.9 then 0.8.
		{10, []float64{43, 29, 28}, []int{4, 3, 3}},
	}
	for _, tt := range tests {
		if got := Apportion(tt.total, tt.weights); !slices.Equal(got, tt.want) {
			t.Errorf("Apportion(%d, %v) = %v, want %v", tt.total, tt.weights, got, tt.want)
		}
	}
}
