package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"needsplan/model"
)

// Strategy is a rule that places the estate's group programmes.
type Strategy string

// Allocation strategies (docs/scenarios.md).
const (
	// PreviousTakeUp keeps today's places: the way inspectors found
	// programmes are allocated (seed 003, 4.1).
	PreviousTakeUp Strategy = "previous-take-up"
	// NeedProportional shares each programme's national number of groups
	// out in proportion to each establishment's demand, within what its
	// facilitator teams can deliver.
	NeedProportional Strategy = "need-proportional"
	// Optimised places half-groups one at a time where they serve the most
	// unmet demand per week of facilitator time (a greedy heuristic).
	Optimised Strategy = "optimised"
)

// ParseStrategy reads a strategy name.
func ParseStrategy(s string) (Strategy, error) {
	switch Strategy(s) {
	case PreviousTakeUp, NeedProportional, Optimised:
		return Strategy(s), nil
	}
	return "", fmt.Errorf("strategy %q: want previous-take-up, need-proportional or optimised", s)
}

// teamWeeks is the facilitator time an establishment has in a year, in
// group-weeks: teams × 52 × teamUtilisation (0.8 of a year delivering: leave,
// training and the gaps between cohorts, an assumption; data/synth uses the
// same).
func teamWeeks(e *model.Establishment) float64 {
	const teamUtilisation = 0.8
	return float64(e.FacilitatorTeams.Or(1)) * 52 * teamUtilisation
}

// canRun reports whether establishment e may run programme g: it holds a
// sex the programme takes, it is not the children's estate, and an open
// prison runs no high-intensity programme.
func canRun(e *model.Establishment, g *model.Programme) bool {
	if e.Function == model.OtherFunc || e.Function == model.OpenPrison && g.Intensity == model.IntensityHigh {
		return false
	}
	return len(g.Sexes) == 0 || slices.ContainsFunc(g.Sexes, e.Holds.Admits)
}

// Allocate returns the offerings with every group programme's
// groups_per_year placed by the strategy (one-to-one places and other
// columns unchanged; new offerings where the strategy places groups where
// there were none). The national number of groups of each programme is
// kept. gs gives the demand over the horizon.
func Allocate(s Strategy, gs *Gaps, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue) []model.Offering {
	if s == PreviousTakeUp || s == "" {
		return slices.Clone(offs)
	}
	est := map[string]*model.Establishment{}
	for i := range ests {
		est[ests[i].Code] = &ests[i]
	}
	demand := map[[2]string]float64{}
	for _, g := range gs.Rows {
		demand[[2]string{g.Establishment, g.Programme}] = g.Demand
	}
	// National groups per programme, kept in half-group units.
	total := map[string]float64{}
	var progs []string
	for _, o := range offs {
		if g, ok := cat.Lookup(o.Programme); ok && g.Format != model.OneToOneFormat && o.GroupsPerYear > 0 {
			if total[o.Programme] == 0 {
				progs = append(progs, o.Programme)
			}
			total[o.Programme] += o.GroupsPerYear
		}
	}
	slices.Sort(progs)
	codes := make([]string, 0, len(ests))
	for _, e := range ests {
		codes = append(codes, e.Code)
	}
	slices.Sort(codes)
	capLeft := map[string]float64{}
	for _, c := range codes {
		capLeft[c] = teamWeeks(est[c])
	}
	groups := map[[2]string]float64{} // the new groups_per_year
	switch s {
	case NeedProportional:
		for _, p := range progs {
			g, _ := cat.Lookup(p)
			share := map[string]float64{}
			sum := 0.0
			for _, c := range codes {
				if d := demand[[2]string{c, p}]; d > 0 && canRun(est[c], g) {
					share[c] = d
					sum += d
				}
			}
			if sum == 0 {
				continue
			}
			units := int(math.Round(2 * total[p])) // half-groups
			w := make([]float64, len(codes))
			for k, c := range codes {
				w[k] = share[c]
			}
			for k, n := range model.Apportion(units, w) {
				if n > 0 {
					groups[[2]string{codes[k], p}] = float64(n) / 2
				}
			}
		}
		// Within facilitator time: an establishment over its capacity
		// keeps the same share of each programme; the excess is lost
		// (more would need more teams).
		for _, c := range codes {
			load := 0.0
			for _, p := range progs {
				g, _ := cat.Lookup(p)
				load += groups[[2]string{c, p}] * g.DurationWeeks.Value
			}
			if load > capLeft[c] && load > 0 {
				f := capLeft[c] / load
				for _, p := range progs {
					k := [2]string{c, p}
					groups[k] = math.Floor(2*groups[k]*f) / 2
				}
			}
		}
	case Optimised:
		// Greedy: each half-group of a programme goes to the establishment
		// where it serves the most unmet demand per week of facilitator
		// time, within the time left there. Half-groups that serve nobody
		// are not placed.
		left := map[string]int{}
		for _, p := range progs {
			left[p] = int(math.Round(2 * total[p]))
		}
		served := map[[2]string]float64{}
		for {
			bestC, bestP, best := "", "", 0.0
			for _, p := range progs {
				if left[p] == 0 {
					continue
				}
				g, _ := cat.Lookup(p)
				half := 0.5 * g.GroupSize.Value * gs.Options.Horizon / 12 // places a half-group adds over the horizon
				weeks := 0.5 * g.DurationWeeks.Value
				for _, c := range codes {
					k := [2]string{c, p}
					if !canRun(est[c], g) || capLeft[c] < weeks {
						continue
					}
					gain := math.Min(half, math.Max(0, demand[k]-served[k])) / math.Max(weeks, 1)
					if gain > best {
						bestC, bestP, best = c, p, gain
					}
				}
			}
			if best == 0 {
				break
			}
			g, _ := cat.Lookup(bestP)
			k := [2]string{bestC, bestP}
			groups[k] += 0.5
			served[k] += 0.5 * g.GroupSize.Value * gs.Options.Horizon / 12
			capLeft[bestC] -= 0.5 * g.DurationWeeks.Value
			left[bestP]--
		}
	}
	// Rebuild the offerings: group programmes take the new numbers.
	var out []model.Offering
	seen := map[[2]string]bool{}
	for _, o := range offs {
		k := [2]string{o.Establishment, o.Programme}
		if total[o.Programme] > 0 {
			o.GroupsPerYear = groups[k]
			seen[k] = true
			if o.GroupsPerYear == 0 && o.OneToOnePlaces == 0 {
				continue
			}
		}
		out = append(out, o)
	}
	var keys [][2]string
	for k, v := range groups {
		if v > 0 && !seen[k] {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	for _, k := range keys {
		out = append(out, model.Offering{Establishment: k[0], Programme: k[1], GroupsPerYear: groups[k], Referable: true})
	}
	return out
}
