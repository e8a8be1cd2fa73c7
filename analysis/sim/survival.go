package sim

import (
	"fmt"
	"math"
	"slices"
)

// Survival is a Kaplan–Meier estimate of a survival function from
// right-censored times (Kaplan & Meier 1958, JASA 53:457–481).
//
// The product-limit estimate is S(t) = Π_{t_j ≤ t} (1 − d_j/n_j), the
// product over the distinct event times t_j up to t, where d_j is the
// number of events at t_j and n_j the number at risk just before t_j (times
// ≥ t_j, censored or not). S is a right-continuous step function equal to 1
// before the first event time; it falls to 0 only if the largest time is an
// event, and otherwise stays at its last value after the last event time.
type Survival struct {
	times  []float64 // distinct event times, increasing
	surv   []float64 // surv[j] = S(times[j]), the value from times[j] on
	n      int       // number of times
	events int       // number of events
}

// quantileTol is the relative tolerance of Quantile's comparison S(t) ≤ 1 − p.
// S is a product of correctly rounded factors (n_j − d_j)/n_j, so a value that
// is exactly 1 − p in exact arithmetic may come out an ulp above it (4/5·3/4
// gives 0.6000000000000001); without the tolerance a quantile that falls on
// a step, such as the median of an even number of uncensored times, could
// move one event later. A genuine step changes S by
// at least a relative 1/n, far above 1e-9 for any n that fits in memory.
const quantileTol = 1e-9

// KaplanMeier estimates S(t) = P(T > t) from times[i] with event[i] true when
// the event (a start) was seen at times[i] and false when the time is
// censored (released or the horizon first). Ties: events before censorings at
// the same time (the usual convention): someone censored at t was still at
// risk of the event at t. len(times) == len(event); NaN or negative times are
// an error-free programming mistake: panic. It sorts a copy; the arguments
// are not changed. Cost O(n log n).
func KaplanMeier(times []float64, event []bool) *Survival {
	if len(times) != len(event) {
		panic(fmt.Sprintf("sim.KaplanMeier: %d times but %d event flags", len(times), len(event)))
	}
	nev := 0
	for i, t := range times {
		if math.IsNaN(t) || t < 0 {
			panic(fmt.Sprintf("sim.KaplanMeier: time %d is %v", i, t))
		}
		if event[i] {
			nev++
		}
	}
	ev, cens := make([]float64, 0, nev), make([]float64, 0, len(times)-nev)
	for i, t := range times {
		if event[i] {
			ev = append(ev, t)
		} else {
			cens = append(cens, t)
		}
	}
	// Event and censoring times sorted apart and merged: at each distinct
	// event time t the number at risk is everyone not yet past, which
	// counts the censorings at t (events before censorings in a tie).
	slices.Sort(ev)
	slices.Sort(cens)
	s := &Survival{n: len(times), events: len(ev)}
	// The distinct event times overwrite ev's prefix: write index ≤ i.
	s.times, s.surv = ev[:0], make([]float64, 0, len(ev))
	atRisk, surv, c := len(times), 1.0, 0
	for i := 0; i < len(ev); {
		t, j := ev[i], i+1
		for j < len(ev) && ev[j] == t {
			j++
		}
		for c < len(cens) && cens[c] < t {
			c++
			atRisk--
		}
		d := j - i
		surv *= float64(atRisk-d) / float64(atRisk)
		s.times = append(s.times, t)
		s.surv = append(s.surv, surv)
		atRisk -= d
		i = j
	}
	s.times, s.surv = slices.Clip(s.times), slices.Clip(s.surv)
	return s
}

// Quantile returns the smallest observed event time t with S(t) ≤ 1 − p
// (p = 0.5: the median; 0.9: the 90th percentile), or +Inf when the
// estimate never falls that far (too much censoring), NaN with no data.
// Without censoring this is the empirical quantile x_(⌈np⌉) of the sorted
// times (inverse of the empirical distribution function): for an even n
// the median is the lower of the two middle times, not their mean. The
// comparison allows a relative 1e-9 for rounding in the product, so a
// quantile that falls exactly on a step is that step's time. p must be in
// [0, 1]; anything else panics.
func (s *Survival) Quantile(p float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("sim.Survival.Quantile: p = %v, want 0 ≤ p ≤ 1", p))
	}
	if s.n == 0 {
		return math.NaN()
	}
	lim := (1 - p) * (1 + quantileTol)
	// s.surv decreases; the first index with surv ≤ lim is the answer. The
	// comparison never reports equality, so the search returns that index.
	j, _ := slices.BinarySearchFunc(s.surv, lim, func(e, lim float64) int {
		if e > lim {
			return -1
		}
		return 1
	})
	if j == len(s.surv) {
		return math.Inf(1)
	}
	return s.times[j]
}

// At returns S(t): 1 before the first event time, the estimate's value from
// the last event time ≤ t on (right-continuous), NaN with no data or a NaN t.
func (s *Survival) At(t float64) float64 {
	if s.n == 0 || math.IsNaN(t) {
		return math.NaN()
	}
	j, found := slices.BinarySearch(s.times, t)
	if found {
		return s.surv[j]
	}
	if j == 0 {
		return 1
	}
	return s.surv[j-1]
}

// N returns the number of times, Events the number of events.
func (s *Survival) N() int { return s.n }

// Events returns the number of times that are events (not censored).
func (s *Survival) Events() int { return s.events }
