package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"needsplan/model"
)

// Nearby is another establishment offering a programme with places to
// spare.
type Nearby struct {
	Code, Name, Region string
	SameRegion         bool
	Spare              float64 // places − demand over the horizon
	// NextStart is the month of the year ahead (0 the first) of the first
	// cohort start there that a person moving now could take (a move takes
	// about a month: from month 1), or −1 when none is known (none in the
	// year, or not looked up: EstablishmentFit leaves it −1 and the caller
	// that knows the offerings' schedules fills it: Fit.SetNextStarts).
	NextStart int
}

// SetNextStarts sets each suggestion's NextStart from first, which gives
// the first month a person moving now could start a programme at an
// establishment, or false when none is known (allocate.FirstStarts).
func (f *Fit) SetNextStarts(first func(est, prog string) (int, bool)) {
	for i := range f.Programmes {
		fp := &f.Programmes[i]
		for j := range fp.Nearby {
			if m, ok := first(fp.Nearby[j].Code, fp.Row.Programme); ok {
				fp.Nearby[j].NextStart = m
			}
		}
	}
}

// FitProgramme is one programme an establishment's people need, or that it
// offers.
type FitProgramme struct {
	Row    Gap      // the establishment × programme row of the gap analysis
	Nearby []Nearby // for programmes without enough local places
}

// Fit is a governor's summary of how an establishment's programmes fit its
// population.
type Fit struct {
	Establishment model.Establishment
	People        int
	// Needs holds the local prevalence of each need; Estate the estate's.
	Needs, Estate [model.NumSections]Proportion
	Programmes    []FitProgramme // sorted by demand, largest first
	// Served is the share of local demand that local places can serve:
	// Σ min(places, demand) / Σ demand.
	Served float64
	// Score is the fit score: Σ min(places, demand) / Σ max(places, demand)
	// over the programmes (docs/gap-analysis.md).
	Score float64
}

// MaxNearby is how many other establishments a fit lists per programme.
const MaxNearby = 5

// EstablishmentFit summarises how establishment code's programmes fit its
// people, from a gap analysis and needs analyses by establishment and for
// the estate.
//
// The fit score is the weighted Jaccard (Ruzicka) similarity of the places
// and demand vectors over programmes, Σ min(s, d) / Σ max(s, d) (Ruzicka
// 1958; Ioffe 2010, "Improved consistent sampling, weighted minhash and L1
// sketching", ICDM): 1 when places match demand programme by programme, lower
// for unmet need and for places nobody local needs alike; 0 when nothing
// matches. NaN when there is neither demand nor places.
func EstablishmentFit(code string, gs *Gaps, byEst, estate *Needs, ests []model.Establishment) (*Fit, error) {
	i := slices.IndexFunc(ests, func(e model.Establishment) bool { return e.Code == code })
	if i < 0 {
		return nil, fmt.Errorf("no establishment %q in the dataset", code)
	}
	f := &Fit{Establishment: ests[i]}
	for _, g := range byEst.Groups {
		if g.Key == code {
			f.People, f.Needs = g.People, g.Needs
		}
	}
	if len(estate.Groups) > 0 {
		f.Estate = estate.Groups[0].Needs
	}
	holds := map[string]model.Establishment{}
	for _, e := range ests {
		holds[e.Code] = e
	}
	var minSum, maxSum, demand float64
	for _, g := range gs.Rows {
		if g.Establishment != code {
			continue
		}
		fp := FitProgramme{Row: g}
		minSum += math.Min(g.Places, g.Demand)
		maxSum += math.Max(g.Places, g.Demand)
		demand += g.Demand
		if g.Class == NotRunHere || g.Class == NotRunOftenEnough {
			fp.Nearby = nearby(gs, g.Programme, f.Establishment, holds)
		}
		f.Programmes = append(f.Programmes, fp)
	}
	slices.SortStableFunc(f.Programmes, func(a, b FitProgramme) int {
		switch {
		case a.Row.Demand > b.Row.Demand:
			return -1
		case a.Row.Demand < b.Row.Demand:
			return 1
		}
		return strings.Compare(a.Row.Programme, b.Row.Programme)
	})
	f.Served, f.Score = math.NaN(), math.NaN()
	if demand > 0 {
		f.Served = minSum / demand
	}
	if maxSum > 0 {
		f.Score = minSum / maxSum
	}
	return f, nil
}

// nearby lists establishments offering programme prog with spare places
// that can hold est's people — model.MoveAllowed for model.Typical(est),
// the rule the allocation applies to each person — same region first, then
// by spare places.
func nearby(gs *Gaps, prog string, est model.Establishment, ests map[string]model.Establishment) []Nearby {
	var out []Nearby
	for _, g := range gs.Rows {
		if g.Programme != prog || g.Establishment == est.Code || g.Places <= g.Demand {
			continue
		}
		o := ests[g.Establishment]
		if sex, cat, age := model.Typical(&est); !model.MoveAllowed(&o, sex, cat, age) {
			continue
		}
		out = append(out, Nearby{Code: o.Code, Name: o.Name, Region: o.Region, SameRegion: o.Region == est.Region, Spare: g.Places - g.Demand, NextStart: -1})
	}
	slices.SortStableFunc(out, func(a, b Nearby) int {
		switch {
		case a.SameRegion != b.SameRegion:
			if a.SameRegion {
				return -1
			}
			return 1
		case a.Spare > b.Spare:
			return -1
		case a.Spare < b.Spare:
			return 1
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out[:min(len(out), MaxNearby)]
}
