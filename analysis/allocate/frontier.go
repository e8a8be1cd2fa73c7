package allocate

import "needsplan/model"

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
// sets (docs/transfers.md).
func Frontier(ps []model.Profile, cls []model.Classification, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue, opt Options, lambdas []float64) ([]Point, error) {
	out := make([]Point, 0, len(lambdas))
	for _, l := range lambdas {
		opt.Lambda = model.Some(l)
		a, err := Allocate(ps, cls, ests, offs, cat, opt)
		if err != nil {
			return nil, err
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
		out = append(out, pt)
	}
	return out, nil
}
