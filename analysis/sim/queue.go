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

// Check reports a configuration that cannot run.
func (c *QueueConfig) Check() error {
	switch {
	case !(c.ArrivalRate > 0):
		return fmt.Errorf("arrival rate %v: want > 0", c.ArrivalRate)
	case c.MinCohort < 1 || c.MaxCohort < c.MinCohort:
		return fmt.Errorf("cohorts from %d to %d: want 1 ≤ min ≤ max", c.MinCohort, c.MaxCohort)
	case c.Teams < 0:
		return fmt.Errorf("teams %d: want ≥ 0 (0: no limit)", c.Teams)
	case c.AbandonRate < 0:
		return fmt.Errorf("abandon rate %v: want ≥ 0", c.AbandonRate)
	case !(c.Horizon > c.Warmup) || c.Warmup < 0:
		return fmt.Errorf("horizon %v and warm-up %v: want 0 ≤ warm-up < horizon", c.Horizon, c.Warmup)
	case !(c.Duration.Mean > 0):
		return fmt.Errorf("duration mean %v: want > 0", c.Duration.Mean)
	}
	return nil
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

// RunQueue simulates one replication of the cohort queue with r.
func RunQueue(ctx context.Context, cfg QueueConfig, r *rand.Rand) (QueueResult, error) {
	if err := cfg.Check(); err != nil {
		return QueueResult{}, fmt.Errorf("sim: %w", err)
	}
	var cal Calendar
	var arrival []float64 // by person id
	var status []uint8
	var fifo []int32 // waiting ids in arrival order; abandoned ones are skipped lazily
	head := 0
	nWaiting, free := 0, cfg.Teams
	unlimited := cfg.Teams == 0

	w0, w1 := cfg.Warmup, cfg.Horizon
	var areaQ, areaIdle float64 // integrals over the window
	last := 0.0
	advance := func(t float64) {
		a, b := math.Max(last, w0), math.Min(t, w1)
		if b > a {
			areaQ += float64(nWaiting) * (b - a)
			if !unlimited {
				areaIdle += float64(free) * (b - a)
			}
		}
		last = t
	}
	var res QueueResult
	var sumWait, sumWaitAll float64
	nStarted, nStartsInWindow, nAbandoned := 0, 0, 0
	inWindow := func(id int32) bool { return arrival[id] > w0 && arrival[id] <= w1 }

	tryStart := func(now float64) {
		for nWaiting >= cfg.MinCohort && (unlimited || free > 0) {
			take := min(nWaiting, cfg.MaxCohort)
			for k := 0; k < take; {
				id := fifo[head]
				head++
				if status[id] != waiting {
					continue
				}
				status[id] = started
				nWaiting--
				k++
				if inWindow(id) {
					nStarted++
					sumWait += now - arrival[id]
					sumWaitAll += now - arrival[id]
				}
				if now > w0 && now <= w1 {
					nStartsInWindow++
				}
			}
			if !unlimited {
				free--
				cal.Schedule(now+cfg.Duration.Draw(r), qEnd, 0, 0)
			}
			// Compact the FIFO now and then so it does not grow without end.
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
		advance(e.T)
		switch e.Kind {
		case qArrive:
			id := int32(len(arrival))
			arrival = append(arrival, e.T)
			status = append(status, waiting)
			fifo = append(fifo, id)
			nWaiting++
			if inWindow(id) {
				res.Arrivals++
			}
			if cfg.AbandonRate > 0 {
				cal.Schedule(e.T+r.ExpFloat64()/cfg.AbandonRate, qAbandon, id, 0)
			}
			cal.Schedule(e.T+r.ExpFloat64()/cfg.ArrivalRate, qArrive, 0, 0)
			tryStart(e.T)
		case qEnd:
			free++
			tryStart(e.T)
		case qAbandon:
			id := e.A
			if status[id] == waiting {
				status[id] = abandoned
				nWaiting--
				if inWindow(id) {
					nAbandoned++
					sumWaitAll += e.T - arrival[id]
				}
			}
		}
	}
	advance(w1)
	// People still waiting at the horizon count their wait so far.
	for k := head; k < len(fifo); k++ {
		if id := fifo[k]; status[id] == waiting && inWindow(id) {
			sumWaitAll += w1 - arrival[id]
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
