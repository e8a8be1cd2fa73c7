package sim

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"
)

// The benchmark model: M/M/3 at ρ = 2/3 (λ = 2, exponential durations of
// mean 1, cohorts of exactly one, 3 teams). RunQueue processes one event
// per arrival and one per end of service, about 2λ = 4 events per unit of
// time, so a horizon of 250,000 gives about 1M events per operation.
const (
	benchRate    = 2.0
	benchTeams   = 3
	benchHorizon = 250_000.0
)

// BenchmarkQueueKernel times RunQueue (calendar, per-person bookkeeping,
// time-weighted statistics over the window) on the busy M/M/3 queue.
func BenchmarkQueueKernel(b *testing.B) {
	cfg := QueueConfig{
		ArrivalRate: benchRate, Duration: Dist{Exp: true, Mean: 1},
		MinCohort: 1, MaxCohort: 1, Teams: benchTeams,
		Horizon: benchHorizon, Warmup: benchHorizon / 10,
	}
	ctx := context.Background()
	events, arrivals, rep := 0, 0, 0
	for b.Loop() {
		res, err := RunQueue(ctx, cfg, Stream(1, rep))
		if err != nil {
			b.Fatal(err)
		}
		rep++
		events += res.Events
		// res.Arrivals covers the window only; scale to the whole run so
		// that arrivals/s compares with a simulator that counts them all.
		arrivals += int(float64(res.Arrivals) * cfg.Horizon / (cfg.Horizon - cfg.Warmup))
	}
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(events)/s, "events/s")
	b.ReportMetric(float64(arrivals)/s, "arrivals/s")
	b.ReportMetric(float64(events)/float64(rep), "events/op")
}

// bareEvent is the bare loop's event: time, scheduling order, kind.
type bareEvent struct {
	t    float64
	seq  uint64
	kind uint8 // 0 arrival, 1 end of service
}

// bareMM3 is the same M/M/3 FIFO queue as BenchmarkQueueKernel written as
// one loop over a hand-written binary heap, with no configuration, no
// per-person arrays and no statistics window: the practical speed limit of
// an event loop in Go. It returns the events processed, the arrivals, and
// the mean wait of those served (to keep the work observable).
func bareMM3(r *rand.Rand, lambda float64, c int, horizon float64) (events, arrivals int, meanWait float64) {
	h := make([]bareEvent, 0, 16)
	var seq uint64
	push := func(e bareEvent) {
		seq++
		e.seq = seq
		h = append(h, e)
		j := len(h) - 1
		for j > 0 {
			i := (j - 1) / 2
			if h[i].t < h[j].t || h[i].t == h[j].t && h[i].seq < h[j].seq {
				break
			}
			h[i], h[j] = h[j], h[i]
			j = i
		}
	}
	pop := func() bareEvent {
		e := h[0]
		n := len(h) - 1
		h[0] = h[n]
		h = h[:n]
		i := 0
		for {
			l := 2*i + 1
			if l >= n {
				break
			}
			j := l
			if l+1 < n && (h[l+1].t < h[l].t || h[l+1].t == h[l].t && h[l+1].seq < h[l].seq) {
				j = l + 1
			}
			if h[i].t < h[j].t || h[i].t == h[j].t && h[i].seq < h[j].seq {
				break
			}
			h[i], h[j] = h[j], h[i]
			i = j
		}
		return e
	}
	var queue []float64 // arrival times of those waiting, FIFO
	head, free, served := 0, c, 0
	sumWait := 0.0
	push(bareEvent{t: r.ExpFloat64() / lambda})
	for len(h) > 0 {
		e := pop()
		if e.t > horizon {
			break
		}
		events++
		if e.kind == 0 {
			arrivals++
			push(bareEvent{t: e.t + r.ExpFloat64()/lambda})
			if free > 0 {
				free--
				served++
				push(bareEvent{t: e.t + r.ExpFloat64(), kind: 1})
			} else {
				queue = append(queue, e.t)
			}
			continue
		}
		if head < len(queue) {
			sumWait += e.t - queue[head]
			head++
			served++
			push(bareEvent{t: e.t + r.ExpFloat64(), kind: 1})
			if head > 4096 && head > len(queue)/2 {
				queue = append(queue[:0], queue[head:]...)
				head = 0
			}
		} else {
			free++
		}
	}
	return events, arrivals, sumWait / float64(served)
}

// BenchmarkBareHeap times bareMM3 on the model of BenchmarkQueueKernel.
func BenchmarkBareHeap(b *testing.B) {
	events, arrivals, rep := 0, 0, 0
	wait := 0.0
	for b.Loop() {
		e, a, w := bareMM3(Stream(1, rep), benchRate, benchTeams, benchHorizon)
		rep++
		events += e
		arrivals += a
		wait += w
	}
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(events)/s, "events/s")
	b.ReportMetric(float64(arrivals)/s, "arrivals/s")
	b.ReportMetric(float64(events)/float64(rep), "events/op")
	b.ReportMetric(wait/float64(rep), "mean_wait")
}

// BenchmarkKernelOverBare times RunQueue and the bare loop on the same
// stream in each operation, one after the other, and reports the ratio of
// their times (kernel/bare): a like-for-like comparison that other work on
// the machine affects alike, unlike two benchmarks run minutes apart. Both
// process the same events (TestRunQueueMatchesBareLoop), so the ratio is
// also that of their events per second.
func BenchmarkKernelOverBare(b *testing.B) {
	cfg := QueueConfig{
		ArrivalRate: benchRate, Duration: Dist{Exp: true, Mean: 1},
		MinCohort: 1, MaxCohort: 1, Teams: benchTeams,
		Horizon: benchHorizon, Warmup: benchHorizon / 10,
	}
	ctx := context.Background()
	var kernel, bare time.Duration
	rep, total := 0, 0
	for b.Loop() {
		t0 := time.Now()
		res, err := RunQueue(ctx, cfg, Stream(1, rep))
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		events, _, _ := bareMM3(Stream(1, rep), benchRate, benchTeams, benchHorizon)
		t2 := time.Now()
		if events != res.Events {
			b.Fatalf("kernel %d events, bare loop %d", res.Events, events)
		}
		kernel += t1.Sub(t0)
		bare += t2.Sub(t1)
		total += events
		rep++
	}
	b.ReportMetric(kernel.Seconds()/bare.Seconds(), "kernel/bare")
	b.ReportMetric(float64(total)/kernel.Seconds(), "kernel_events/s")
	b.ReportMetric(float64(total)/bare.Seconds(), "bare_events/s")
}

// BenchmarkQueueKernelCohort times RunQueue on a cohort queue, a > 1: a
// cohort starts when 4 wait and takes up to 8, 2 teams, fixed durations of
// 3 (ρ = λ·3/(2·8) = 0.375 at λ = 2, busy enough that cohorts often form
// from a backlog), horizon 250,000 as BenchmarkQueueKernel.
func BenchmarkQueueKernelCohort(b *testing.B) {
	cfg := QueueConfig{
		ArrivalRate: benchRate, Duration: Dist{Mean: 3},
		MinCohort: 4, MaxCohort: 8, Teams: 2,
		Horizon: benchHorizon, Warmup: benchHorizon / 10,
	}
	ctx := context.Background()
	events, started, rep := 0, 0.0, 0
	for b.Loop() {
		res, err := RunQueue(ctx, cfg, Stream(1, rep))
		if err != nil {
			b.Fatal(err)
		}
		rep++
		events += res.Events
		started += res.Throughput * (cfg.Horizon - cfg.Warmup)
	}
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(events)/s, "events/s")
	b.ReportMetric(started/s, "people_started/s")
	b.ReportMetric(float64(events)/float64(rep), "events/op")
}
