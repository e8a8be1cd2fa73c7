package analysis

import (
	"fmt"
	"math"
	"testing"
)

// TestWilson checks the Wilson score interval against values worked by hand
// from the formula (z = 1.959964, the 97.5% normal quantile) and against
// Newcombe (1998) Table I, method 3, which gives 81/263 → 0.2553–0.3662 and
// 15/148 → 0.0624–0.1605 and 0/20 → 0–0.1611 and 1/29 → 0.0061–0.1718.
func TestWilson(t *testing.T) {
	tests := []struct {
		k, n     int
		lo, hi   float64
		tol      float64
		fromWhom string
	}{
		{81, 263, 0.2553, 0.3662, 5e-5, "Newcombe 1998 Table I"},
		{15, 148, 0.0624, 0.1605, 5e-5, "Newcombe 1998 Table I"},
		{0, 20, 0, 0.1611, 5e-5, "Newcombe 1998 Table I"},
		{1, 29, 0.0061, 0.1718, 5e-5, "Newcombe 1998 Table I"},
		// 8/23: p = .347826; centre = p + z²/46 = .431338; half =
		// z·sqrt(p(1−p)/23 + z²/(4·529)) = .211818; /(1 + z²/23 = 1.167020)
		// → (.188113, .551097).
		{8, 23, 0.188113, 0.551097, 2e-6, "hand"},
		{5, 5, 0.565518, 1, 2e-6, "hand: k = n gives hi = 1; lo = 5/(5 + z²)"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/%d", tt.k, tt.n), func(t *testing.T) {
			p := NewProportion(tt.k, tt.n, 0.95)
			if math.Abs(p.Low-tt.lo) > tt.tol || math.Abs(p.High-tt.hi) > tt.tol {
				t.Errorf("Wilson(%d, %d) = (%.6f, %.6f), want (%.6f, %.6f) (%s)", tt.k, tt.n, p.Low, p.High, tt.lo, tt.hi, tt.fromWhom)
			}
			if p.Low > p.Share || p.High < p.Share {
				t.Errorf("interval (%.4f, %.4f) does not hold the share %.4f", p.Low, p.High, p.Share)
			}
		})
	}
	if p := NewProportion(0, 0, 0.95); !math.IsNaN(p.Share) || !math.IsNaN(p.Low) {
		t.Errorf("0/0: want NaN share and bounds, got %+v", p)
	}
}

func ExampleNewProportion() {
	p := NewProportion(68, 100, 0.95)
	fmt.Printf("%.2f (95%% CI %.3f–%.3f)\n", p.Share, p.Low, p.High)
	// Output: 0.68 (95% CI 0.583–0.763)
}
