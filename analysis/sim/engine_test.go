package sim

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"
)

func TestCalendarOrdersByTimeThenScheduling(t *testing.T) {
	var c Calendar
	if _, ok := c.Next(); ok {
		t.Fatal("Next on an empty calendar: ok")
	}
	if _, ok := c.Peek(); ok {
		t.Fatal("Peek on an empty calendar: ok")
	}
	// Ties at 1 and 3, scheduled out of order: A records the scheduling order.
	times := []float64{3, 1, 2, 1, 3, 1, 0.5}
	for i, x := range times {
		c.Schedule(x, int32(i%3), int32(i), 0)
	}
	if c.Len() != len(times) {
		t.Fatalf("Len = %d, want %d", c.Len(), len(times))
	}
	if p, _ := c.Peek(); p != 0.5 {
		t.Errorf("Peek = %v, want 0.5", p)
	}
	var got []int32
	for {
		e, ok := c.Next()
		if !ok {
			break
		}
		if c.Now() != e.T {
			t.Errorf("Now = %v after taking an event at %v", c.Now(), e.T)
		}
		if e.Kind != e.A%3 || e.Seq != uint64(e.A)+1 {
			t.Errorf("event %d came back as kind %d seq %d", e.A, e.Kind, e.Seq)
		}
		got = append(got, e.A)
	}
	if want := []int32{6, 1, 3, 5, 2, 0, 4}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

// TestCalendarAgainstStableSort schedules many events on few distinct
// times (so ties are common), some of them while taking others, and checks
// that they come out as a stable sort by time would give them: through the
// heap alone, and with a share of them through ScheduleInOrder (which
// takes the queue or, out of order, the heap), enough to move the queue
// down as it is taken.
func TestCalendarAgainstStableSort(t *testing.T) {
	for _, inOrder := range []int{0, 1, 2} { // of 2: none, half, all
		r := rand.New(rand.NewPCG(1, 2))
		var c Calendar
		type rec struct {
			t float64
			n int32
		}
		var all, out []rec
		n := int32(0)
		add := func(x float64) {
			if n >= 500 && r.IntN(2) < inOrder { // the first 500, far ahead, in the heap
				if r.IntN(4) > 0 {
					x = c.Now() + 3 // a fixed delay: in order, so queued
				}
				c.ScheduleInOrder(x, 0, n, 0)
			} else {
				c.Schedule(x, 0, n, 0)
			}
			all = append(all, rec{x, n})
			n++
		}
		for range 500 {
			add(float64(r.IntN(20)))
		}
		for c.Len() > 0 {
			p, _ := c.Peek()
			e, _ := c.Next()
			if p != e.T {
				t.Fatalf("Peek %v, then Next at %v", p, e.T)
			}
			out = append(out, rec{e.T, e.A})
			if n < 20000 {
				add(e.T + float64(r.IntN(5))) // never before now
			}
		}
		// A stable sort by time of everything scheduled is the order the
		// calendar must produce, since every event scheduled later than
		// another at the same time also has a larger sequence number.
		slices.SortStableFunc(all, func(a, b rec) int { return cmp.Compare(a.t, b.t) })
		if !slices.Equal(out, all) {
			t.Fatalf("in order %d/2: calendar order differs from a stable sort by time (%d events)", inOrder, len(all))
		}
	}
}

func TestCalendarReset(t *testing.T) {
	var c Calendar
	c.Schedule(5, 1, 0, 0)
	c.Schedule(2, 1, 0, 0)
	c.Next()
	c.Reset()
	if c.Len() != 0 || c.Now() != 0 {
		t.Fatalf("after Reset: Len %d, Now %v; want 0, 0", c.Len(), c.Now())
	}
	if _, ok := c.Next(); ok {
		t.Fatal("Next after Reset: ok")
	}
	c.Schedule(1, 2, 7, 8)
	e, ok := c.Next()
	if !ok || e != (Event{T: 1, Seq: 1, Kind: 2, A: 7, B: 8}) {
		t.Errorf("after Reset got %+v, %v; want the new event with Seq 1", e, ok)
	}
}

// replicateCfg is a short M/M/2 with abandonment; it has a team limit so
// no field of QueueResult is NaN (reflect.DeepEqual fails on NaN).
var replicateCfg = QueueConfig{
	ArrivalRate: 1.5, Duration: Dist{Exp: true, Mean: 1}, MinCohort: 1, MaxCohort: 2,
	Teams: 2, AbandonRate: 0.2, Horizon: 2000, Warmup: 200,
}

func runReplicateCfg(ctx context.Context, _ int, r *rand.Rand) (QueueResult, error) {
	return RunQueue(ctx, replicateCfg, r)
}

func TestReplicateSameForAnyWorkers(t *testing.T) {
	var ref []QueueResult
	for _, w := range []int{1, 2, 8, 0} {
		var calls, last atomic.Int64
		res, err := Replicate(context.Background(), 42, 24, w, runReplicateCfg, func(done int) {
			calls.Add(1)
			if int64(done) > last.Load() {
				last.Store(int64(done))
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 24 || calls.Load() != 24 || last.Load() != 24 {
			t.Fatalf("workers %d: %d results, %d progress calls up to %d; want 24", w, len(res), calls.Load(), last.Load())
		}
		if ref == nil {
			ref = res
			if reflect.DeepEqual(res[0], res[1]) {
				t.Fatal("replications 0 and 1 are identical: streams not distinct")
			}
			continue
		}
		if !reflect.DeepEqual(res, ref) {
			t.Errorf("workers %d: results differ from workers 1", w)
		}
	}
	// Replication i is Stream(seed, i), whoever runs it.
	one, err := RunQueue(context.Background(), replicateCfg, Stream(42, 5))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, ref[5]) {
		t.Errorf("RunQueue with Stream(42, 5) differs from replication 5")
	}
}

func TestReplicateStopsOnError(t *testing.T) {
	boom := errors.New("boom")
	for _, w := range []int{1, 2, 8} {
		var ran atomic.Int64
		res, err := Replicate(context.Background(), 1, 100, w, func(ctx context.Context, rep int, r *rand.Rand) (int, error) {
			ran.Add(1)
			switch {
			case rep == 3:
				return 0, boom
			case rep > 3:
				// Later replications wait for the error to cancel their
				// context: Replicate returning at all shows it did.
				<-ctx.Done()
				return 0, ctx.Err()
			}
			return rep, nil
		}, nil)
		if !errors.Is(err, boom) || res != nil {
			t.Errorf("workers %d: got %v, %v; want nil, boom", w, res, err)
		}
		// Replications 0–3, and at most one more per other worker, already
		// started when the error came; with one worker nothing runs after it.
		if n := ran.Load(); n > int64(3+w) || w == 1 && n != 4 {
			t.Errorf("workers %d: %d replications ran after an error at the 4th", w, n)
		}
	}
}

func TestReplicateCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Int64
	res, err := Replicate(ctx, 1, 10, 2, func(ctx context.Context, rep int, r *rand.Rand) (int, error) {
		ran.Add(1)
		return rep, nil
	}, nil)
	if !errors.Is(err, context.Canceled) || res != nil || ran.Load() != 0 {
		t.Errorf("cancelled before: %v, %v after %d runs; want nil, context.Canceled, 0 runs", res, err, ran.Load())
	}

	// Cancelled while running: the replication in progress (RunQueue checks
	// the context every 4096 events) and the rest stop.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	cfg := QueueConfig{ArrivalRate: 1, Duration: Dist{Exp: true, Mean: 0.5}, MinCohort: 1, MaxCohort: 1, Teams: 1, Horizon: MaxQueueArrivals}
	ran.Store(0)
	res2, err := Replicate(ctx, 1, 10, 1, func(ctx context.Context, rep int, r *rand.Rand) (QueueResult, error) {
		ran.Add(1)
		cancel()
		return RunQueue(ctx, cfg, r)
	}, nil)
	if !errors.Is(err, context.Canceled) || res2 != nil || ran.Load() != 1 {
		t.Errorf("cancelled during: %v after %d runs; want context.Canceled after 1", err, ran.Load())
	}
}

func TestReplicateCounts(t *testing.T) {
	if _, err := Replicate(context.Background(), 1, -1, 1, func(context.Context, int, *rand.Rand) (int, error) { return 0, nil }, nil); err == nil {
		t.Error("n = -1: no error")
	}
	res, err := Replicate(context.Background(), 1, 0, 4, func(context.Context, int, *rand.Rand) (int, error) { return 0, nil }, nil)
	if err != nil || len(res) != 0 {
		t.Errorf("n = 0: %v, %v; want no results, no error", res, err)
	}
}

func TestSummarise(t *testing.T) {
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("%s = %.9f, want %.9f", name, got, want)
		}
	}
	// [1,2,3,4]: mean 2.5, s = √(5/3), half-width t(0.975, 3)·s/√4 with
	// t(0.975, 3) = 3.182446 (tables).
	s := Summarise([]float64{1, 2, 3, 4})
	h := 3.182446 * math.Sqrt(5.0/3) / 2
	if s.N != 4 {
		t.Errorf("N = %d, want 4", s.N)
	}
	near("mean", s.Mean, 2.5)
	near("lo", s.Lo, 2.5-h)
	near("hi", s.Hi, 2.5+h)

	// NaNs are ignored: [2, NaN, 4] is [2, 4], s = √2, t(0.975, 1) = 12.706205.
	s = Summarise([]float64{2, math.NaN(), 4})
	h = 12.706205 * math.Sqrt(2) / math.Sqrt(2)
	if s.N != 2 {
		t.Errorf("N = %d, want 2", s.N)
	}
	near("mean with NaN", s.Mean, 3)
	near("hi with NaN", s.Hi, 3+h)

	// One value: a mean but no interval (NaN bounds, printed as null or –),
	// from Summarise and from the running Acc alike.
	var acc Acc
	acc.Add(7)
	for name, s := range map[string]Summary{"Summarise": Summarise([]float64{7}), "Acc": acc.Summary()} {
		if s.Mean != 7 || s.N != 1 || !math.IsNaN(s.Lo) || !math.IsNaN(s.Hi) {
			t.Errorf("%s of one value: %+v, want mean 7, N 1 and no interval", name, s)
		}
	}
	if s := Summarise([]float64{math.NaN()}); s.N != 0 || !math.IsNaN(s.Mean) || !math.IsNaN(s.Lo) || !math.IsNaN(s.Hi) {
		t.Errorf("no values: %+v, want NaNs and N 0", s)
	}
}

func TestBand(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	got := Band(xs, 0.1, 0.5, 1)
	if want := []float64{1, 3, 5}; !slices.Equal(got, want) {
		t.Errorf("Band = %v, want %v", got, want)
	}
	if !slices.Equal(xs, []float64{5, 1, 4, 2, 3}) {
		t.Errorf("Band changed its input: %v", xs)
	}
	if got := Band(nil, 0.5); len(got) != 1 || !math.IsNaN(got[0]) {
		t.Errorf("Band of nothing = %v, want [NaN]", got)
	}
}

func TestParseDist(t *testing.T) {
	for s, want := range map[string]Dist{
		"exp:1":     {Exp: true, Mean: 1},
		"fixed:2.5": {Mean: 2.5},
		"exp:0.25":  {Exp: true, Mean: 0.25},
	} {
		got, err := ParseDist(s)
		if err != nil || got != want {
			t.Errorf("ParseDist(%q) = %+v, %v; want %+v", s, got, err, want)
		}
	}
	for _, s := range []string{"exp:-1", "gamma:1", "fixed:abc", "fixed:0", "exp:Inf", "exp:NaN", "exp", "", "1"} {
		if d, err := ParseDist(s); err == nil {
			t.Errorf("ParseDist(%q) = %+v, want an error", s, d)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	if x := (Dist{Mean: 2.5}).Draw(r); x != 2.5 {
		t.Errorf("fixed:2.5 drew %v", x)
	}
	sum := 0.0
	for range 100_000 {
		sum += Dist{Exp: true, Mean: 2}.Draw(r)
	}
	// Standard error of the mean of 1e5 exponentials of mean 2: 2/√1e5 ≈ 0.0063.
	if m := sum / 100_000; math.Abs(m-2) > 0.03 {
		t.Errorf("exp:2 drew mean %v", m)
	}
}

func TestQueueConfigCheck(t *testing.T) {
	ok := QueueConfig{ArrivalRate: 1, Duration: Dist{Mean: 1}, MinCohort: 1, MaxCohort: 1, Horizon: 10}
	if err := ok.Check(); err != nil {
		t.Fatalf("valid configuration refused: %v", err)
	}
	edge := ok
	edge.Horizon = MaxQueueArrivals // exactly at the limit: accepted
	if err := edge.Check(); err != nil {
		t.Errorf("λ × horizon = MaxQueueArrivals refused: %v", err)
	}
	for name, mod := range map[string]func(*QueueConfig){
		"rate 0":            func(c *QueueConfig) { c.ArrivalRate = 0 },
		"rate NaN":          func(c *QueueConfig) { c.ArrivalRate = math.NaN() },
		"min 0":             func(c *QueueConfig) { c.MinCohort = 0 },
		"max < min":         func(c *QueueConfig) { c.MinCohort, c.MaxCohort = 3, 2 },
		"teams -1":          func(c *QueueConfig) { c.Teams = -1 },
		"abandon -1":        func(c *QueueConfig) { c.AbandonRate = -1 },
		"horizon = warm-up": func(c *QueueConfig) { c.Warmup = 10 },
		"warm-up -1":        func(c *QueueConfig) { c.Warmup = -1 },
		"duration 0":        func(c *QueueConfig) { c.Duration.Mean = 0 },
		"rate Inf":          func(c *QueueConfig) { c.ArrivalRate = math.Inf(1) },
		"rate 1e308":        func(c *QueueConfig) { c.ArrivalRate = 1e308 },
		"horizon Inf":       func(c *QueueConfig) { c.Horizon = math.Inf(1) },
		"horizon NaN":       func(c *QueueConfig) { c.Horizon = math.NaN() },
		"warm-up NaN":       func(c *QueueConfig) { c.Warmup = math.NaN() },
		"abandon NaN":       func(c *QueueConfig) { c.AbandonRate = math.NaN() },
		"abandon Inf":       func(c *QueueConfig) { c.AbandonRate = math.Inf(1) },
		"duration Inf":      func(c *QueueConfig) { c.Duration.Mean = math.Inf(1) },
		"duration NaN":      func(c *QueueConfig) { c.Duration.Mean = math.NaN() },
		// λ × horizon = 1e7 + 1 expected arrivals, one over the limit.
		"too many arrivals": func(c *QueueConfig) { c.ArrivalRate, c.Horizon = 1, MaxQueueArrivals+1 },
	} {
		c := ok
		mod(&c)
		if err := c.Check(); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if _, err := RunQueue(context.Background(), c, Stream(1, 0)); err == nil {
			t.Errorf("%s: RunQueue ran", name)
		}
	}
}

// TestRunQueueMatchesBareLoop runs RunQueue and the bare loop of
// bench_test.go on the same M/M/3 and the same stream. Both draw the next
// arrival and then the service of whoever starts, in the same order, so
// with no warm-up they must see the same sample path: the same events and
// the same mean wait.
func TestRunQueueMatchesBareLoop(t *testing.T) {
	cfg := QueueConfig{ArrivalRate: 2, Duration: Dist{Exp: true, Mean: 1}, MinCohort: 1, MaxCohort: 1, Teams: 3, Horizon: 20_000}
	res, err := RunQueue(context.Background(), cfg, Stream(9, 0))
	if err != nil {
		t.Fatal(err)
	}
	events, arrivals, wait := bareMM3(Stream(9, 0), 2, 3, 20_000)
	if res.Events != events || res.Arrivals != arrivals || res.MeanWait != wait {
		t.Errorf("RunQueue: %d events, %d arrivals, mean wait %v; bare loop: %d, %d, %v",
			res.Events, res.Arrivals, res.MeanWait, events, arrivals, wait)
	}
}

func ExampleRunQueue() {
	// M/M/1 at ρ = 0.5: theory gives a mean wait of 1 and half the time idle.
	cfg := QueueConfig{
		ArrivalRate: 0.5, Duration: Dist{Exp: true, Mean: 1},
		MinCohort: 1, MaxCohort: 1, Teams: 1,
		Horizon: 200_000, Warmup: 20_000,
	}
	res, err := RunQueue(context.Background(), cfg, Stream(1, 0))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mean wait %.2f\n", res.MeanWait)
	fmt.Printf("idle fraction %.2f\n", res.IdleFraction)
	// One replication of 180,000 time units: within Monte Carlo error of
	// theory (the 95% half-width of one such run is about ±3%).

	// Output:
	// mean wait 1.03
	// idle fraction 0.50
}

// TestQueueLoad: ρ = λ·E[S]/(teams·max cohort), by hand.
func TestQueueLoad(t *testing.T) {
	for _, tc := range []struct {
		cfg  QueueConfig
		want float64
	}{
		{QueueConfig{ArrivalRate: 1, Duration: Dist{Exp: true, Mean: 1}, MaxCohort: 1, Teams: 1}, 1},       // the old --queue defaults
		{QueueConfig{ArrivalRate: 2, Duration: Dist{Exp: true, Mean: 1}, MaxCohort: 1, Teams: 3}, 2.0 / 3}, // the issue's M/M/3
		{QueueConfig{ArrivalRate: 1, Duration: Dist{Mean: 3}, MaxCohort: 6, Teams: 2}, 0.25},               // 1·3/(2·6)
		{QueueConfig{ArrivalRate: 5, Duration: Dist{Mean: 3}, MaxCohort: 6}, 0},                            // no team limit
	} {
		if got := tc.cfg.Load(); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%+v: load %v, want %v", tc.cfg, got, tc.want)
		}
	}
}
