package sim

// Checks of the Kaplan–Meier estimator (survival.go). Every expected value
// below is worked out by hand in the comments from the product-limit
// formula S(t) = Π_{t_j ≤ t} (1 − d_j/n_j), with n_j the number at risk
// just before t_j (censored at t_j included: events come first in a tie).

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// kmPoint is one expected value S(t) = s.
type kmPoint struct{ t, s float64 }

// kmQuant is one expected quantile Quantile(p) = t.
type kmQuant struct{ p, t float64 }

func TestKaplanMeier(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, tc := range []struct {
		name      string
		times     []float64
		event     []bool
		n, events int
		at        []kmPoint
		quant     []kmQuant
	}{{
		// (1) No censoring: KM is the empirical survival (n − #{x ≤ t})/n.
		// Sorted: 1 1 2 3 4 5 6 9, n = 8.
		// S(1) = 6/8 (two events at 1: 1 − 2/8), S(2) = 6/8·(1 − 1/6) = 5/8,
		// S(3) = 5/8·4/5 = 4/8, S(4) = 3/8, S(5) = 2/8, S(6) = 1/8, S(9) = 0.
		// Quantile(p) = x_(⌈8p⌉): p = 0.5 → x_(4) = 3, the lower median (the
		// mean of the middle two would be 3.5); p = 0.25 → x_(2) = 1;
		// p = 0.9 → x_(⌈7.2⌉) = x_(8) = 9; p = 1 → first S ≤ 0 → 9;
		// p = 0 → first S ≤ 1 → the first event time 1.
		name:  "no censoring, even n",
		times: []float64{3, 1, 4, 1, 5, 9, 2, 6},
		event: []bool{true, true, true, true, true, true, true, true},
		n:     8, events: 8,
		at:    []kmPoint{{0, 1}, {0.99, 1}, {1, 6. / 8}, {2, 5. / 8}, {2.5, 5. / 8}, {3, 4. / 8}, {4, 3. / 8}, {5, 2. / 8}, {6, 1. / 8}, {8.9, 1. / 8}, {9, 0}, {100, 0}},
		quant: []kmQuant{{0.5, 3}, {0.25, 1}, {0.9, 9}, {1, 9}, {0, 1}, {0.6, 4}},
	}, {
		// (1) No censoring, odd n = 5: S(10k) = (5 − k)/5. Median: first
		// S ≤ 0.5 is S(30) = 2/5 → 30 = x_(⌈2.5⌉) = x_(3), the middle time.
		// p = 0.4: S ≤ 0.6 first at S(20) = 3/5 → 20 = x_(⌈2⌉) = x_(2)
		// (an exact step: 4/5·3/4 must count as ≤ 0.6 despite rounding).
		name:  "no censoring, odd n",
		times: []float64{50, 10, 40, 20, 30},
		event: []bool{true, true, true, true, true},
		n:     5, events: 5,
		at:    []kmPoint{{10, 0.8}, {20, 0.6}, {30, 0.4}, {45, 0.2}, {50, 0}},
		quant: []kmQuant{{0.5, 30}, {0.4, 20}, {0.2, 10}, {0.9, 50}},
	}, {
		// (2) Textbook: 1, 2+, 3, 4, 4+, 5 (+ censored), n = 6.
		// t=1: at risk 6, d=1 → S = 5/6 ≈ 0.8333.
		// t=2+: censored, no step; at risk drops to 4.
		// t=3: at risk 4, d=1 → S = 5/6·3/4 = 15/24 = 0.625.
		// t=4: at risk 3 (4, 4+, 5; the censored 4+ still at risk), d=1
		//      → S = 0.625·2/3 = 10/24 ≈ 0.4167.
		// t=5: at risk 1, d=1 → S = 0.
		// Median: first S ≤ 0.5 → 4. p = 0.375: S ≤ 0.625 → 3 (exact step).
		// p = 0.3: S ≤ 0.7 → 3. p = 0.9: S ≤ 0.1 → 5. p = 0.1: S ≤ 0.9 → 1.
		name:  "textbook with censoring",
		times: []float64{1, 2, 3, 4, 4, 5},
		event: []bool{true, false, true, true, false, true},
		n:     6, events: 4,
		at:    []kmPoint{{0.5, 1}, {1, 5. / 6}, {2, 5. / 6}, {2.9, 5. / 6}, {3, 0.625}, {3.5, 0.625}, {4, 10. / 24}, {4.5, 10. / 24}, {5, 0}, {7, 0}},
		quant: []kmQuant{{0.5, 4}, {0.375, 3}, {0.3, 3}, {0.9, 5}, {0.1, 1}},
	}, {
		// Largest time censored: 1, 2, 3+, n = 3. S(1) = 2/3, S(2) = 2/3·1/2
		// = 1/3, then flat at 1/3 for ever. Median → 2; p = 0.9 (S ≤ 0.1)
		// never reached → +Inf; p = 2/3 (S ≤ 1/3) → 2.
		name:  "last time censored",
		times: []float64{3, 2, 1},
		event: []bool{false, true, true},
		n:     3, events: 2,
		at:    []kmPoint{{1, 2. / 3}, {2, 1. / 3}, {3, 1. / 3}, {1e9, 1. / 3}},
		quant: []kmQuant{{0.5, 2}, {0.9, inf}, {2. / 3, 2}, {1, inf}},
	}, {
		// (3) All censored: no event time, S = 1 everywhere, every p > 0
		// unreachable → +Inf; p = 0 (S ≤ 1) has no event time either → +Inf.
		name:  "all censored",
		times: []float64{2, 5, 1},
		event: []bool{false, false, false},
		n:     3, events: 0,
		at:    []kmPoint{{0, 1}, {1, 1}, {5, 1}, {100, 1}},
		quant: []kmQuant{{0.5, inf}, {0.9, inf}, {0, inf}},
	}, {
		// (4) A tie of an event and a censoring: 2, 2+, 3, n = 3. Events
		// first: at t=2 all 3 are at risk → S(2) = 1 − 1/3 = 2/3 (censoring
		// first would give 1 − 1/2 = 1/2). t=3: at risk 1 → S = 0.
		// Median: S(2) = 2/3 > 0.5, S(3) = 0 → 3. p = 1/3 (S ≤ 2/3) → 2.
		name:  "tie event and censoring",
		times: []float64{2, 2, 3},
		event: []bool{false, true, true},
		n:     3, events: 2,
		at:    []kmPoint{{1.9, 1}, {2, 2. / 3}, {2.5, 2. / 3}, {3, 0}},
		quant: []kmQuant{{0.5, 3}, {1. / 3, 2}},
	}, {
		// (4) Tied events and a censoring, input unsorted: 1, 2, 2, 2+, 3+, 4.
		// t=1: at risk 6, d=1 → 5/6. t=2: at risk 5 (2, 2, 2+, 3+, 4), d=2
		// → 5/6·3/5 = 1/2 exactly. 3+: no step. t=4: at risk 1, d=1 → 0.
		// Median: first S ≤ 0.5 is S(2) = 1/2 → 2 (an exact step again).
		name:  "tied events with a censoring",
		times: []float64{4, 2, 3, 2, 1, 2},
		event: []bool{true, false, false, true, true, true},
		n:     6, events: 4,
		at:    []kmPoint{{1, 5. / 6}, {2, 0.5}, {3, 0.5}, {3.99, 0.5}, {4, 0}},
		quant: []kmQuant{{0.5, 2}, {0.2, 2}, {0.1, 1}, {0.6, 4}},
	}, {
		// Zero times are allowed: 0, 0+, 1. t=0: at risk 3, d=1 → 2/3;
		// t=1: at risk 1 → 0. At(−1) = 1 (before any event).
		name:  "zero times",
		times: []float64{0, 0, 1},
		event: []bool{true, false, true},
		n:     3, events: 2,
		at:    []kmPoint{{-1, 1}, {0, 2. / 3}, {0.5, 2. / 3}, {1, 0}},
		quant: []kmQuant{{0.3, 0}, {0.5, 1}},
	}, {
		// (5) Empty: no data, NaN everywhere.
		name: "empty",
		n:    0, events: 0,
		at:    []kmPoint{{0, nan}, {1, nan}},
		quant: []kmQuant{{0.5, nan}, {0.9, nan}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			times, event := slices.Clone(tc.times), slices.Clone(tc.event)
			s := KaplanMeier(tc.times, tc.event)
			if !slices.Equal(tc.times, times) || !slices.Equal(tc.event, event) {
				t.Errorf("KaplanMeier changed its arguments")
			}
			if s.N() != tc.n || s.Events() != tc.events {
				t.Errorf("N, Events = %d, %d, want %d, %d", s.N(), s.Events(), tc.n, tc.events)
			}
			for _, p := range tc.at {
				if got := s.At(p.t); !sameFloat(got, p.s, 1e-12) {
					t.Errorf("At(%v) = %v, want %v", p.t, got, p.s)
				}
			}
			for _, q := range tc.quant {
				if got := s.Quantile(q.p); !sameFloat(got, q.t, 0) {
					t.Errorf("Quantile(%v) = %v, want %v", q.p, got, q.t)
				}
			}
		})
	}
}

// sameFloat reports whether got equals want within an absolute tol, with
// NaN equal to NaN and infinities equal to themselves.
func sameFloat(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsInf(want, 0) {
		return math.IsNaN(got) && math.IsNaN(want) || got == want
	}
	return math.Abs(got-want) <= tol
}

func TestKaplanMeierPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"length mismatch", func() { KaplanMeier([]float64{1, 2}, []bool{true}) }},
		{"NaN time", func() { KaplanMeier([]float64{1, math.NaN()}, []bool{true, true}) }},
		{"negative time", func() { KaplanMeier([]float64{-0.5}, []bool{false}) }},
		{"p above 1", func() { KaplanMeier([]float64{1}, []bool{true}).Quantile(1.5) }},
		{"p NaN", func() { KaplanMeier(nil, nil).Quantile(math.NaN()) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic")
				}
			}()
			tc.f()
		})
	}
}

// TestKaplanMeierExponential checks the estimator against theory (6).
// T ~ Exp(1) is the time to the event, C ~ Exp(0.5) an independent censoring
// time; we observe min(T, C) and whether T came first (probability
// 1/(1 + 0.5) = 2/3, so about 13,333 events of 20,000). The survival of T
// is e^{−t}: median ln 2 ≈ 0.6931, 90th percentile ln 10 ≈ 2.3026.
//
// Precision (Greenwood): var log Ŝ(t) ≈ (1/n)∫₀ᵗ λ/P(min > u) du
// = (e^{1.5t} − 1)/(1.5n). At t = ln 2 that is (2^{1.5} − 1)/30,000 ≈ 6.1e-5,
// sd 0.0078 in log S, and since d log S/dt = −1 also 0.0078 in t, 1.1% of
// ln 2: the 3% bound is about 2.7 sd. At t = ln 10: (10^{1.5} − 1)/30,000
// ≈ 1.02e-3, sd 0.032, 1.4% of ln 10: the 5% bound is about 3.6 sd.
//
// The naive median over the uncensored times only is biased low: an
// uncensored time is min(T, C) given T < C, and for independent
// exponentials the minimum is independent of which one is smaller, so it is
// Exp(1 + 0.5): median ln 2/1.5 ≈ 0.462, far below ln 2 (sd of the sample
// median over 13,333 ≈ 1/(2·f(m)·√13,333) with f(m) = 1.5·0.5 = 0.75, about
// 0.0058). The test asserts it is below 0.6.
func TestKaplanMeierExponential(t *testing.T) {
	const n = 20_000
	r := rand.New(rand.NewPCG(16, 1958))
	times, event := make([]float64, n), make([]bool, n)
	var uncensored []float64
	for i := range n {
		ev, c := r.ExpFloat64(), r.ExpFloat64()/0.5
		times[i], event[i] = min(ev, c), ev <= c
		if event[i] {
			uncensored = append(uncensored, ev)
		}
	}
	s := KaplanMeier(times, event)
	if s.N() != n || s.Events() != len(uncensored) {
		t.Fatalf("N, Events = %d, %d, want %d, %d", s.N(), s.Events(), n, len(uncensored))
	}
	if f := float64(s.Events()) / n; math.Abs(f-2./3) > 0.02 {
		t.Errorf("event fraction %.4f, want about 2/3", f)
	}
	med, q90 := s.Quantile(0.5), s.Quantile(0.9)
	if rel := math.Abs(med/math.Ln2 - 1); rel > 0.03 {
		t.Errorf("KM median %.4f, ln 2 = %.4f: off by %.1f%% > 3%%", med, math.Ln2, 100*rel)
	}
	if rel := math.Abs(q90/math.Log(10) - 1); rel > 0.05 {
		t.Errorf("KM 90th percentile %.4f, ln 10 = %.4f: off by %.1f%% > 5%%", q90, math.Log(10), 100*rel)
	}
	// S at the true median should be near 1/2 (sd ≈ 0.5·0.0078 ≈ 0.004).
	if got := s.At(math.Ln2); math.Abs(got-0.5) > 0.015 {
		t.Errorf("At(ln 2) = %.4f, want about 0.5", got)
	}
	// Naive median with the same lower-median convention: x_(⌈m/2⌉).
	slices.Sort(uncensored)
	naive := uncensored[(len(uncensored)+1)/2-1]
	if naive >= 0.6 {
		t.Errorf("naive median over uncensored %.4f, want below 0.6 (expected ln 2/1.5 ≈ 0.462)", naive)
	}
	t.Logf("KM median %.4f (ln 2 %.4f), KM q90 %.4f (ln 10 %.4f), naive median %.4f (ln 2/1.5 %.4f), events %d/%d",
		med, math.Ln2, q90, math.Log(10), naive, math.Ln2/1.5, s.Events(), n)
}

// BenchmarkKaplanMeier estimates S from 100,000 times, a third censored
// (the exponential set-up of TestKaplanMeierExponential), and takes the
// median and 90th percentile.
func BenchmarkKaplanMeier(b *testing.B) {
	const n = 100_000
	r := rand.New(rand.NewPCG(16, 1958))
	times, event := make([]float64, n), make([]bool, n)
	for i := range n {
		ev, c := r.ExpFloat64(), r.ExpFloat64()/0.5
		times[i], event[i] = min(ev, c), ev <= c
	}
	for b.Loop() {
		s := KaplanMeier(times, event)
		_, _ = s.Quantile(0.5), s.Quantile(0.9)
	}
}
