package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Stream returns the random generator of replication rep for a seed: PCG
// seeded by (seed, rep), so every replication has its own stream whatever
// runs it.
func Stream(seed uint64, rep int) *rand.Rand { return rand.New(rand.NewPCG(seed, uint64(rep))) }

// Replicate runs n replications of run on workers goroutines (all cores
// when workers ≤ 0) and returns the results by replication index: the same
// whatever the number of workers. progress, when not nil, is called after
// each replication with the number done. The first error stops the rest.
func Replicate[R any](ctx context.Context, seed uint64, n, workers int, run func(ctx context.Context, rep int, r *rand.Rand) (R, error), progress func(done int)) ([]R, error) {
	return ReplicateFrom(ctx, seed, 0, n, workers, run, progress)
}

// ReplicateFrom runs replications first … first+n−1, as Replicate, and
// returns their results in order (result i is replication first+i). It lets
// a long run be folded chunk by chunk.
func ReplicateFrom[R any](ctx context.Context, seed uint64, first, n, workers int, run func(ctx context.Context, rep int, r *rand.Rand) (R, error), progress func(done int)) ([]R, error) {
	if n < 0 || first < 0 {
		return nil, fmt.Errorf("sim: %d replications", n)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(n, 1))
	out := make([]R, n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next, done atomic.Int64
	var once sync.Once
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				rep := first + i
				res, err := run(ctx, rep, Stream(seed, rep))
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
				out[i] = res
				d := done.Add(1)
				if progress != nil {
					progress(int(d))
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Summary is a figure across replications: its mean and the 95% confidence
// interval of the mean, mean ± t(0.975, n−1)·s/√n (Student's t; the
// replications are independent and identically distributed, Law 2015,
// Simulation Modeling and Analysis, §9.4.1). With fewer than two
// replications there is no interval: Lo and Hi are NaN.
type Summary struct {
	Mean, Lo, Hi float64
	N            int
}

// Summarise returns the mean and 95% interval of xs, ignoring NaNs.
func Summarise(xs []float64) Summary {
	var v []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	s := Summary{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), N: len(v)}
	if len(v) == 0 {
		return s
	}
	s.Mean = stat.Mean(v, nil)
	if len(v) == 1 {
		return s
	}
	sd := stat.StdDev(v, nil)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(v) - 1)}.Quantile(0.975)
	h := t * sd / math.Sqrt(float64(len(v)))
	s.Lo, s.Hi = s.Mean-h, s.Mean+h
	return s
}

// Band returns the given quantiles of xs (empirical, gonum's stat.Quantile
// with the Empirical kind), for quantile bands of a time series across
// replications.
func Band(xs []float64, qs ...float64) []float64 {
	v := slices.Clone(xs)
	slices.Sort(v)
	out := make([]float64, len(qs))
	for i, q := range qs {
		if len(v) == 0 {
			out[i] = math.NaN()
			continue
		}
		out[i] = stat.Quantile(q, stat.Empirical, v, nil)
	}
	return out
}

// Acc accumulates a figure across replications in a fixed order (Welford's
// online mean and variance: Welford 1962, Technometrics 4:419–420), so that
// memory does not grow with the number of replications. NaNs are skipped.
type Acc struct {
	n        int
	mean, m2 float64
}

// Add folds in one replication's value.
func (a *Acc) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	a.n++
	d := x - a.mean
	a.mean += d / float64(a.n)
	a.m2 += d * (x - a.mean)
}

// Summary returns the mean and its 95% interval, as Summarise.
func (a *Acc) Summary() Summary {
	s := Summary{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), N: a.n}
	if a.n == 0 {
		return s
	}
	s.Mean = a.mean
	if a.n > 1 {
		sd := math.Sqrt(a.m2 / float64(a.n-1))
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(a.n - 1)}.Quantile(0.975)
		h := t * sd / math.Sqrt(float64(a.n))
		s.Lo, s.Hi = a.mean-h, a.mean+h
	}
	return s
}
