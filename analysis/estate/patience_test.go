package estate_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"

	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
	"needsplan/internal/testkit"
	"needsplan/model"
)

// slottedStates is where the chain of slottedErlangA is cut: the number
// of people in time waiting before a slot runs 0…slottedStates−1.
const slottedStates = 150

// slottedErlangATransitions returns the transition matrix, cut at
// slottedStates, of the embedded chain of slottedErlangA: row k is the law
// of Q_{n+1} given Q_n = k. Mass beyond the cut is dropped (not moved), so
// a row's shortfall from 1 shows what the cut loses.
func slottedErlangATransitions(lambda, period, theta float64) [][]float64 {
	a := math.Exp(-theta * period) // a waiting person still in time a slot later
	mu := lambda * (1 - a) / theta // arrivals over an interval still in time at its end
	pois := func(k int, m float64) float64 {
		if m == 0 {
			return b2f(k == 0)
		}
		lg, _ := math.Lgamma(float64(k + 1))
		return math.Exp(float64(k)*math.Log(m) - m - lg)
	}
	binom := func(j, r int, p float64) float64 {
		if p == 0 {
			return b2f(j == 0)
		}
		if p == 1 {
			return b2f(j == r)
		}
		lr, _ := math.Lgamma(float64(r + 1))
		lj, _ := math.Lgamma(float64(j + 1))
		lrj, _ := math.Lgamma(float64(r - j + 1))
		return math.Exp(lr - lj - lrj + float64(j)*math.Log(p) + float64(r-j)*math.Log1p(-p))
	}
	n := slottedStates
	rows := make([][]float64, n)
	// Q_n = 0: the slot's start is held for the first arrival, at τ; the
	// later ones queue and are in time at the next slot with probability
	// e^{−θ(T−u)} for an arrival at u.
	rows[0] = make([]float64, n)
	rows[0][0] = math.Exp(-lambda * period)
	for k := range n {
		rows[0][k] += quad.Fixed(func(tau float64) float64 {
			return lambda * math.Exp(-lambda*tau) * pois(k, lambda/theta*(1-math.Exp(-theta*(period-tau))))
		}, 0, period, 64, nil, 0)
	}
	// Q_n = k ≥ 1: one starts; Bin(k−1, a) of the others and Poisson(μ)
	// arrivals are in time at the next slot.
	for k := 1; k < n; k++ {
		rows[k] = make([]float64, n)
		for j := 0; j < k; j++ {
			b := binom(j, k-1, a)
			for i := 0; j+i < n; i++ {
				rows[k][j+i] += b * pois(i, mu)
			}
		}
	}
	return rows
}

// b2f is 1 for true, 0 for false.
func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// slottedErlangA returns the share of people who start of a slotted
// single-server queue with abandonment (Erlang A, M/M/1+M, with the
// server replaced by slots; see shared/research/sim-anchors.md §4.6):
// Poisson arrivals, λ a month; a slot every T months, each giving one
// start, held until used or the next slot (at most one carried: an unused
// one is lost); a person can start while in time, for a patience from
// arrival Exp(θ); and the mass the chain's stationary law puts at or
// beyond 30 waiting (the cut at slottedStates should lose nothing).
//
// Derivation. Let Q_n be the number of people in time waiting just before
// slot n. Patience is memoryless, so each of them is still in time Exp(θ)
// later whatever they have waited, and the chain is Markov (for any order
// of service that does not look at the patience, such as FIFO). With
// a = e^{−θT}:
//
//   - Q_n ≥ 1: one starts at the slot. Each of the R = Q_n − 1 others is
//     still in time at slot n+1 with probability a. An arrival at u in
//     the interval is then in time with probability e^{−θ(T−u)}, so the
//     arrivals in time at its end are Poisson with mean
//     λ∫_0^T e^{−θ(T−u)} du = λ(1−a)/θ (thinning); the two are
//     independent: Q_{n+1} = Bin(R, a) + Poisson(λ(1−a)/θ).
//   - Q_n = 0: the start is held. With probability e^{−λT} no one comes
//     and Q_{n+1} = 0 (the start is lost). Otherwise the first arrival,
//     at τ with density λe^{−λτ} on [0, T), starts at once, and the later
//     ones are, again by thinning, Poisson with mean
//     (λ/θ)(1 − e^{−θ(T−τ)}) in time at the next slot:
//     P(Q_{n+1} = k | Q_n = 0) = e^{−λT}[k = 0] +
//     ∫_0^T λe^{−λτ} Pois(k; (λ/θ)(1 − e^{−θ(T−τ)})) dτ,
//     integrated by 64-point Gauss–Legendre (the integrand is smooth).
//
// A slot starts someone with probability π(Q ≥ 1) + π(0)(1 − e^{−λT}),
// and λT people arrive per slot on average, each of whom either starts or
// runs out of time, so P(start) = [π(Q ≥ 1) + π(0)(1 − e^{−λT})] / (λT).
// π is found by power iteration on the chain cut at slottedStates.
func slottedErlangA(lambda, period, theta float64) (pStart, tail float64) {
	rows := slottedErlangATransitions(lambda, period, theta)
	n := len(rows)
	pi := make([]float64, n)
	pi[0] = 1
	next := make([]float64, n)
	settled := false
	for range 100000 {
		clear(next)
		for i, p := range pi {
			if p == 0 {
				continue
			}
			for j, q := range rows[i] {
				next[j] += p * q
			}
		}
		tot, diff := 0.0, 0.0
		for _, p := range next {
			tot += p
		}
		for j := range next {
			next[j] /= tot
			diff = math.Max(diff, math.Abs(next[j]-pi[j]))
		}
		pi, next = next, pi
		if diff < 1e-15 {
			settled = true
			break
		}
	}
	if !settled {
		return math.NaN(), math.NaN()
	}
	for _, p := range pi[30:] {
		tail += p
	}
	perSlot := 1 - pi[0] + pi[0]*(1-math.Exp(-lambda*period))
	return perSlot / (lambda * period), tail
}

// checkSlottedErlangA checks the solver of slottedErlangA: its rows are
// laws; with next to no abandonment and λT < 1 everyone starts; with
// abandonment at once (θ → ∞) only a person arriving while a slot's start
// is held can start, one per slot at most, so a slot starts someone with
// probability 1 − e^{−λT} and P(start) = (1 − e^{−λT})/(λT).
func checkSlottedErlangA(t *testing.T) {
	t.Helper()
	for _, c := range []struct{ lambda, period, theta float64 }{{1, 1, 0.5}, {1, 1, 1.0 / 8}, {0.5, 1, 1e-9}, {1, 1, 1e6}} {
		rows := slottedErlangATransitions(c.lambda, c.period, c.theta)
		for k := range 60 {
			tot := 0.0
			for _, p := range rows[k] {
				tot += p
			}
			if !(math.Abs(tot-1) <= 1e-12) {
				t.Errorf("λ %v T %v θ %v: row %d sums to %v", c.lambda, c.period, c.theta, k, tot)
			}
		}
		if _, tail := slottedErlangA(c.lambda, c.period, c.theta); !(tail <= 1e-12) {
			t.Errorf("λ %v T %v θ %v: %g of the stationary law at or beyond 30 waiting", c.lambda, c.period, c.theta, tail)
		}
	}
	if p, _ := slottedErlangA(0.5, 1, 1e-9); !(math.Abs(p-1) <= 1e-6) {
		t.Errorf("no abandonment, λT = 0.5: P(start) %v, want 1", p)
	}
	if p, _ := slottedErlangA(1, 1, 1e6); !(math.Abs(p-(1-math.Exp(-1))) <= 1e-5) {
		t.Errorf("abandonment at once, λT = 1: P(start) %v, want 1 − 1/e = %v", p, 1-math.Exp(-1))
	}
	if p, _ := slottedErlangA(2, 0.5, 1e6); !(math.Abs(p-(1-math.Exp(-1))) <= 1e-5) {
		t.Errorf("abandonment at once, λT = 1 (λ 2, T 0.5): P(start) %v, want %v", p, 1-math.Exp(-1))
	}
}

// exponentialFlow returns the receptions at AAA, all needing TSP, of a
// Poisson stream of λ a month over the first months from the dataset date,
// drawn from seed: each arrives on the day its arrival time falls in and
// stays needed months (the time TSP needs before release: its duration
// plus the consolidation window) plus an Exp(θ) patience, to the nearest
// day but never less than needed (so everyone had time at referral).
func exponentialFlow(seed uint64, months, lambda, theta, needed float64) []model.Profile {
	r := rand.New(rand.NewPCG(seed, 0x5107))
	minDays := math.Ceil(needed * model.DaysPerMonth)
	var flow []model.Profile
	for at := r.ExpFloat64() / lambda; at < months; at += r.ExpFloat64() / lambda {
		stay := math.Max(minDays, math.Round((needed+r.ExpFloat64()/theta)*model.DaysPerMonth))
		p := testkit.NeedyPerson(fmt.Sprintf("e%05d", len(flow)), "AAA", 0, 0)
		p.SentenceStart = simAsOf + model.Date(math.Floor(at*model.DaysPerMonth))
		p.EarliestRelease = model.Some(p.SentenceStart + model.Date(stay))
		flow = append(flow, p)
	}
	return flow
}

// TestProbabilityOfStartingWithExponentialPatience checks p_start_in_time
// (Starts ÷ (Starts + released untreated who had time)) against the
// slotted Erlang A queue of slottedErlangA. Receptions at AAA come as a
// Poisson stream, λ = 1 a month (exponentialFlow), and are referred on
// arrival; TSP one to one, 12 places a year, gives a start every T = 1
// month at a phase of its own; each reception stays the time TSP needs
// (8 × 12/52 months and 6 months' consolidation) plus an Exp(θ) patience,
// θ = 0.5 a month, so they can start for Exp(θ) months after arrival and,
// if they do not, are released untreated having had time. They are taken
// first in, first out, as the chain assumes: the default, earliest release
// first, takes the one about to run out of time, so fewer run out
// (P(start) ≈ 0.806 against the chain's 0.785). Twenty independent flows of 200 years, each its own
// model, with everyone released before the horizon, so that every
// reception ends started or released untreated.
//
// The tolerance: over 400 such flows (960,638 receptions), the pooled
// share was 0.7846, 0.9 standard errors from the chain's 0.78502, and one
// flow's share had a standard deviation of 0.0089 (near the binomial
// 0.0084: the queue is short and forgets fast), so the pooled share of 20
// has a standard error of 0.0089/√20 = 0.0020. Allow 4 of them and 0.001
// for the day grid (arrivals on whole days, stays to the nearest day: a
// shift of patience of under half a day either way, and of the arrivals
// of under a day) and the queue's empty start: 0.009. The test has power: a start
// rule of the duration alone (LateStarts) gives everyone 6 months more
// patience, which puts P(start) at about 0.94 in the simulation, and an
// exponential patience 6 months longer on average gives 0.86 in the
// chain; both are far outside it.
func TestProbabilityOfStartingWithExponentialPatience(t *testing.T) {
	checkSlottedErlangA(t)
	const (
		lambda = 1.0    // receptions a month
		places = 12     // one-to-one places a year: a slot every T = 1 month
		theta  = 0.5    // a month: mean patience 2 months
		months = 2400.0 // of receptions in a flow
		flows  = 20
		tol    = 4*0.0020 + 0.001
	)
	period := 12.0 / places
	needed := tspDur + 6
	want, _ := slottedErlangA(lambda, period, theta)
	if longer, _ := slottedErlangA(lambda, period, theta/(1+6*theta)); !(math.Abs(longer-want) > 5*tol) {
		t.Errorf("the chain gives %.4f with θ %.2f, %.4f with a mean patience 6 months longer: the tolerance %.4f cannot tell them apart", want, theta, longer, tol)
	}
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", OneToOnePlaces: places, Referable: true}}
	type variant struct {
		name    string
		opt     estate.Options
		started int
		shares  []float64
	}
	vars := []*variant{{name: "FIFO", opt: estate.Options{Policy: model.FIFO}},
		{name: "FIFO, late starts", opt: estate.Options{Policy: model.FIFO, LateStarts: true}},
		{name: "release date first", opt: estate.Options{Policy: model.ReleaseDate}}}
	total := 0
	for f := range flows {
		flow := exponentialFlow(uint64(3000+f), months, lambda, theta, needed)
		last := 0.0
		for _, p := range flow {
			last = math.Max(last, simAsOf.MonthsUntil(p.EarliestRelease.Val))
		}
		total += len(flow)
		for _, v := range vars {
			opt := v.opt
			opt.Years, opt.Consolidation, opt.ReferralDelay, opt.Flow = (last+1)/12, model.Some(6.0), model.Some(0.0), flow
			m := simEstate(t, nil, offs, 1, opt)
			run, err := m.Run(context.Background(), sim.Stream(uint64(7+f), 0))
			if err != nil {
				t.Fatal(err)
			}
			s := sum(run, func(o *estate.Outcome) int { return o.Starts })
			u := sum(run, func(o *estate.Outcome) int { return o.Untreated })
			other := sum(run, func(o *estate.Outcome) int { return o.TooShort + o.Waiting + o.InProgress })
			if s+u != len(flow) || other != 0 {
				t.Fatalf("%s, flow %d: %d receptions, %d started, %d released untreated, %d other", v.name, f, len(flow), s, u, other)
			}
			if k := slices.IndexFunc(m.Keys, func(k estate.Key) bool { return k.Establishment == "AAA" && k.Programme == "TSP" }); k < 0 ||
				run.Outcomes[k].PStartInTime != float64(s)/float64(s+u) {
				t.Fatalf("%s, flow %d: no AAA × TSP outcome, or its p_start_in_time is not %d/%d", v.name, f, s, s+u)
			}
			v.started += s
			v.shares = append(v.shares, float64(s)/float64(len(flow)))
		}
	}
	est := func(v *variant) (p, se float64) {
		mean, ss := 0.0, 0.0
		for _, x := range v.shares {
			mean += x / float64(len(v.shares))
		}
		for _, x := range v.shares {
			ss += (x - mean) * (x - mean)
		}
		return float64(v.started) / float64(total), math.Sqrt(ss / float64(len(v.shares)-1) / float64(len(v.shares)))
	}
	got, se := est(vars[0])
	t.Logf("chain %.5f; simulated %.5f (standard error %.5f from the spread of %d flows, %d receptions)", want, got, se, flows, total)
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("p_start_in_time %.4f (standard error %.4f), want the chain's %.4f ± %.4f", got, se, want, tol)
	}
	late, _ := est(vars[1])
	edf, _ := est(vars[2])
	t.Logf("late starts %.5f; release date first %.5f", late, edf)
	if !(late-want > 5*tol) {
		t.Errorf("late starts: %.4f, want far above the chain's %.4f (6 months more patience)", late, want)
	}
	if !(edf-want > tol) {
		t.Errorf("release date first: %.4f, want above the chain's %.4f (the one about to run out goes first)", edf, want)
	}
}
