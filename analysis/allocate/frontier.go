package allocate

import (
	"errors"
	"runtime"
	"sync"

	"needsplan/model"
)

// Point is the allocation at one λ: the people placed, the priority
// weight they carry, and the moves it takes.
type Point struct {
	Lambda                       float64
	Placed                       int
	Priority                     float64 // Σ priority weights of the people placed
	WithinRegion, BetweenRegions int
}

// Moves is the people moved for a place.
func (p *Point) Moves() int { return p.WithinRegion + p.BetweenRegions }

// Lambdas are the weights of moves the frontier is traced at: from the
// pure priority allocation (0) to local places only (100).
var Lambdas = []float64{0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 100}

// Frontier allocates at each of lambdas (opt's other settings kept) and
// returns the priority served against the moves taken: the trade-off λ
// sets (docs/transfers.md). The allocations run on up to GOMAXPROCS
// goroutines, each result stored by its λ's index, so the points never
// depend on the number of workers (as sim.Replicate).
func Frontier(ps []model.Profile, cls []model.Classification, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue, opt Options, lambdas []float64) ([]Point, error) {
	out := make([]Point, len(lambdas))
	errs := make([]error, len(lambdas))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(lambdas)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = frontierPoint(ps, cls, ests, offs, cat, opt, lambdas[i])
			}
		}()
	}
	for i := range lambdas {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, errors.Join(errs...)
}

// frontierPoint is the allocation at λ l as a Point.
func frontierPoint(ps []model.Profile, cls []model.Classification, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue, opt Options, l float64) (Point, error) {
	opt.Lambda = model.Some(l)
	a, err := Allocate(ps, cls, ests, offs, cat, opt)
	if err != nil {
		return Point{}, err
	}
	pt := Point{Lambda: l}
	for _, p := range a.People {
		switch p.Kind {
		case NoPlace:
			continue
		case WithinRegion:
			pt.WithinRegion++
		case BetweenRegions:
			pt.BetweenRegions++
		}
		pt.Placed++
		pt.Priority += p.Weight
	}
	return pt, nil
}
