package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Dist is a duration distribution: exponential with a mean, or fixed.
type Dist struct {
	Exp  bool
	Mean float64
}

// ParseDist reads "exp:MEAN" or "fixed:LENGTH".
func ParseDist(s string) (Dist, error) {
	kind, v, ok := strings.Cut(s, ":")
	x, err := strconv.ParseFloat(v, 64)
	if !ok || err != nil || !(x > 0) || math.IsInf(x, 0) {
		return Dist{}, fmt.Errorf("duration %q: want exp:MEAN or fixed:LENGTH with a positive number", s)
	}
	switch kind {
	case "exp":
		return Dist{Exp: true, Mean: x}, nil
	case "fixed":
		return Dist{Mean: x}, nil
	}
	return Dist{}, fmt.Errorf("duration %q: want exp:MEAN or fixed:LENGTH", s)
}

// Draw returns one duration.
func (d Dist) Draw(r *rand.Rand) float64 {
	if d.Exp {
		return r.ExpFloat64() * d.Mean
	}
	return d.Mean
}

// QueueConfig is a textbook cohort queue: Poisson arrivals at ArrivalRate;
// a cohort starts when at least MinCohort wait and a team is free, takes up
// to MaxCohort first come first served, and lasts a Duration; people waiting
// abandon at AbandonRate (exponential patience; 0: never). Teams 0 means no
// limit on teams (the quorum queue). Statistics cover (Warmup, Horizon].
type QueueConfig struct {
	ArrivalRate          float64
	Duration             Dist
	MinCohort, MaxCohort int
	Teams                int
	AbandonRate          float64
	Horizon, Warmup      float64
}

// MaxQueueArrivals bounds the expected arrivals of one replication,
// ArrivalRate × Horizon, so that no configuration runs for ever or fills
// memory: each arrival costs at most three events (its arrival, the end of
// its cohort, its abandonment) and, in an unstable queue, 16 bytes on the
// waiting list, so a replication stays under about 3×10⁷ events and 160 MB.
// The theory tests use at most 5×10⁵.
const MaxQueueArrivals = 1e7

// Check reports a configuration that cannot run: rates, times and
// durations must be finite numbers in range, and ArrivalRate × Horizon at
// most MaxQueueArrivals.
func (c *QueueConfig) Check() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case !(c.ArrivalRate > 0) || !finite(c.ArrivalRate):
		return fmt.Errorf("arrival rate %v: want a finite number > 0", c.ArrivalRate)
	case c.MinCohort < 1 || c.MaxCohort < c.MinCohort:
		return fmt.Errorf("cohorts from %d to %d: want 1 ≤ min ≤ max", c.MinCohort, c.MaxCohort)
	case c.Teams < 0:
		return fmt.Errorf("teams %d: want ≥ 0 (0: no limit)", c.Teams)
	case !(c.AbandonRate >= 0) || !finite(c.AbandonRate):
		return fmt.Errorf("abandon rate %v: want a finite number ≥ 0", c.AbandonRate)
	case !finite(c.Horizon) || !finite(c.Warmup) || !(c.Horizon > c.Warmup) || !(c.Warmup >= 0):
		return fmt.Errorf("horizon %v and warm-up %v: want finite times with 0 ≤ warm-up < horizon", c.Horizon, c.Warmup)
	case !(c.Duration.Mean > 0) || !finite(c.Duration.Mean):
		return fmt.Errorf("duration mean %v: want a finite number > 0", c.Duration.Mean)
	case c.ArrivalRate*c.Horizon > MaxQueueArrivals:
		return fmt.Errorf("arrival rate %v × horizon %v = %.3g expected arrivals: want at most %.0e a replication", c.ArrivalRate, c.Horizon, c.ArrivalRate*c.Horizon, float64(MaxQueueArrivals))
	}
	return nil
}

// Load returns the offered load ρ = λ·E[S]/(teams·MaxCohort): the share of
// the teams' time full cohorts would need. With ρ ≥ 1 and no abandonment the
// queue has no steady state (waits grow with the horizon); with no team
// limit (Teams 0) it is always stable and Load returns 0.
func (c *QueueConfig) Load() float64 {
	if c.Teams == 0 {
		return 0
	}
	return c.ArrivalRate * c.Duration.Mean / (float64(c.Teams) * float64(c.MaxCohort))
}

// QueueResult holds one replication's figures over the statistics window.
type QueueResult struct {
	MeanWait          float64 // arrival to cohort start, over those who started
	MeanWaitAll       float64 // time waiting over all arrivals (abandoners until they left, the unserved until the horizon)
	MeanQueueLength   float64 // time-average number waiting
	IdleFraction      float64 // time-average share of teams idle; NaN with no team limit
	AbandonedFraction float64
	Throughput        float64 // starts per unit time
	Arrivals          int
	Events            int // events processed, for throughput benchmarks
}

// Queue event kinds.
const (
	qArrive int32 = iota
	qEnd
	qAbandon
)

// Queue statuses of a person.
const (
	waiting uint8 = iota
	started
	abandoned
)

// qEntry is a person waiting: arrival time and id (the id is used only to
// recognise abandonment).
type qEntry struct {
	arr float64
	id  int32
}

// RunQueue simulates one replication of the cohort queue with r. Without
// abandonment it keeps nothing per person but the waiting list itself.
func RunQueue(ctx context.Context, cfg QueueConfig, r *rand.Rand) (QueueResult, error) {
	if err := cfg.Check(); err != nil {
		return QueueResult{}, fmt.Errorf("sim: %w", err)
	}
	var cal Calendar
	abandon := cfg.AbandonRate > 0
	var status []uint8 // by id, only with abandonment
	var arrival []float64
	var fifo []qEntry // in arrival order; abandoned ones are skipped lazily
	head := 0
	var nextID int32
	nWaiting, free := 0, cfg.Teams
	unlimited := cfg.Teams == 0
	minCohort := cfg.MinCohort

	w0, w1 := cfg.Warmup, cfg.Horizon
	var areaQ, areaIdle float64 // integrals over the window
	last := 0.0
	var res QueueResult
	var sumWait, sumWaitAll float64
	nStarted, nStartsInWindow, nAbandoned := 0, 0, 0

	tryStart := func(now float64) {
		for nWaiting >= cfg.MinCohort && (unlimited || free > 0) {
			take := min(nWaiting, cfg.MaxCohort)
			for k := 0; k < take; {
				q := fifo[head]
				head++
				if abandon {
					if status[q.id] != waiting {
						continue
					}
					status[q.id] = started
				}
				nWaiting--
				k++
				if q.arr > w0 && q.arr <= w1 {
					nStarted++
					sumWait += now - q.arr
					sumWaitAll += now - q.arr
				}
			}
			if now > w0 && now <= w1 {
				nStartsInWindow += take
			}
			if !unlimited {
				free--
				cal.Schedule(now+cfg.Duration.Draw(r), qEnd, 0, 0)
			}
			// Compact the list now and then so it does not grow without end.
			if head > 4096 && head > len(fifo)/2 {
				fifo = append(fifo[:0], fifo[head:]...)
				head = 0
			}
		}
	}

	cal.Schedule(r.ExpFloat64()/cfg.ArrivalRate, qArrive, 0, 0)
	for {
		e, ok := cal.Next()
		if !ok || e.T > w1 {
			break
		}
		res.Events++
		if res.Events&4095 == 0 && ctx.Err() != nil {
			return res, ctx.Err()
		}
		// Time integrals over the window, from the last event to this one.
		if t := e.T; t > w0 {
			a := last
			if a < w0 {
				a = w0
			}
			d := t - a
			areaQ += float64(nWaiting) * d
			areaIdle += float64(free) * d
		}
		last = e.T
		switch e.Kind {
		case qArrive:
			id := nextID
			nextID++
			fifo = append(fifo, qEntry{e.T, id})
			nWaiting++
			if e.T > w0 {
				res.Arrivals++
			}
			if abandon {
				status = append(status, waiting)
				arrival = append(arrival, e.T)
				cal.Schedule(e.T+r.ExpFloat64()/cfg.AbandonRate, qAbandon, id, 0)
			}
			cal.Schedule(e.T+r.ExpFloat64()/cfg.ArrivalRate, qArrive, 0, 0)
			if nWaiting >= minCohort && (unlimited || free > 0) {
				tryStart(e.T)
			}
		case qEnd:
			free++
			if nWaiting >= minCohort {
				tryStart(e.T)
			}
		case qAbandon:
			id := e.A
			if status[id] == waiting {
				status[id] = abandoned
				nWaiting--
				if arrival[id] > w0 {
					nAbandoned++
					sumWaitAll += e.T - arrival[id]
				}
			}
		}
	}
	if last < w1 {
		a := math.Max(last, w0)
		areaQ += float64(nWaiting) * (w1 - a)
		areaIdle += float64(free) * (w1 - a)
	}
	// People still waiting at the horizon count their wait so far.
	for _, q := range fifo[head:] {
		if (!abandon || status[q.id] == waiting) && q.arr > w0 {
			sumWaitAll += w1 - q.arr
		}
	}
	span := w1 - w0
	res.MeanWait = sumWait / float64(nStarted)
	res.MeanWaitAll = sumWaitAll / float64(res.Arrivals)
	res.MeanQueueLength = areaQ / span
	res.IdleFraction = math.NaN()
	if !unlimited {
		res.IdleFraction = areaIdle / (span * float64(cfg.Teams))
	}
	res.AbandonedFraction = float64(nAbandoned) / float64(res.Arrivals)
	res.Throughput = float64(nStartsInWindow) / span
	return res, nil
}
