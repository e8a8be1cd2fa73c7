package analysis

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Proportion is a count out of a total with its share and a confidence
// interval for the share.
type Proportion struct {
	Count, N  int
	Share     float64 // Count/N; NaN when N is 0
	Low, High float64 // interval bounds; NaN when N is 0
}

// NewProportion returns k out of n with its Wilson score interval at the
// given confidence level (e.g. 0.95).
func NewProportion(k, n int, confidence float64) Proportion {
	p := Proportion{Count: k, N: n, Share: math.NaN(), Low: math.NaN(), High: math.NaN()}
	if n > 0 {
		p.Share = float64(k) / float64(n)
		z := distuv.UnitNormal.Quantile(1 - (1-confidence)/2)
		p.Low, p.High = Wilson(k, n, z)
	}
	return p
}

// Wilson returns the Wilson score interval for k successes in n trials at
// normal quantile z (1.959964 for 95%):
//
//	(p̂ + z²/2n ± z·sqrt(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)
//
// Source: E. B. Wilson (1927), "Probable inference, the law of succession,
// and statistical inference", JASA 22:209–212; recommended for proportions
// by R. G. Newcombe (1998), Statistics in Medicine 17:857–872 (method 3).
// It stays inside [0, 1] and behaves at k = 0 and k = n, where the Wald
// interval fails. n must be positive.
func Wilson(k, n int, z float64) (lo, hi float64) {
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	centre := p + z2/(2*nf)
	half := z * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	den := 1 + z2/nf
	lo, hi = (centre-half)/den, (centre+half)/den
	// Exact bounds at the edges, free of rounding.
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return lo, hi
}
