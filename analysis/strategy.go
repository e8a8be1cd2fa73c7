package analysis

import (
	"math"
	"slices"
	"strings"

	"needsplan/model"
)

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

// Shortfall is the groups a year of a programme a strategy could not
// place: no establishment that may run it has facilitator time left.
type Shortfall struct {
	Programme string
	Groups    float64
}

// Allocate returns the offerings with every group programme's
// groups_per_year placed by the strategy (one-to-one places and other
// columns unchanged; new offerings where the strategy places groups where
// there were none). The national number of groups of each programme is
// kept, except for the shortfall it returns: groups for which no
// establishment that may run the programme has facilitator time. gs gives
// the demand over the horizon.
func Allocate(s model.Strategy, gs *Gaps, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue) ([]model.Offering, []Shortfall) {
	if s == model.PreviousTakeUp || s == "" {
		return slices.Clone(offs), nil
	}
	var short []Shortfall
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
	case model.NeedProportional:
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
		// keeps the same share of each programme (rounded down to
		// half-groups), and the half-groups it gives up go to the
		// establishments with spare time, in proportion to their demand
		// (largest remainders again), until all are placed or nobody that
		// may run the programme has time for another half-group: the
		// national number is kept unless facilitator time runs out.
		load := func(c string) float64 {
			l := 0.0
			for _, p := range progs {
				g, _ := cat.Lookup(p)
				l += groups[[2]string{c, p}] * g.DurationWeeks.Value
			}
			return l
		}
		freed := map[string]int{} // half-groups to place again
		for _, c := range codes {
			if l := load(c); l > capLeft[c] && l > 0 {
				f := capLeft[c] / l
				for _, p := range progs {
					k := [2]string{c, p}
					cut := math.Floor(2*groups[k]*f) / 2
					freed[p] += int(math.Round(2 * (groups[k] - cut)))
					groups[k] = cut
				}
			}
		}
		for moved := true; moved; {
			moved = false
			for _, p := range progs {
				if freed[p] == 0 {
					continue
				}
				g, _ := cat.Lookup(p)
				halfWeeks := 0.5 * g.DurationWeeks.Value
				room := make([]int, len(codes)) // half-groups of p each establishment has time for
				w := make([]float64, len(codes))
				for i, c := range codes {
					d := demand[[2]string{c, p}]
					if d <= 0 || !canRun(est[c], g) {
						continue
					}
					spare := capLeft[c] - load(c)
					switch {
					case halfWeeks <= 0:
						room[i] = freed[p]
					case spare >= halfWeeks:
						room[i] = int(math.Floor(spare/halfWeeks + 1e-9))
					}
					if room[i] > 0 {
						w[i] = d
					}
				}
				for i, n := range model.Apportion(freed[p], w) {
					if take := min(n, room[i]); take > 0 {
						groups[[2]string{codes[i], p}] += float64(take) / 2
						freed[p] -= take
						moved = true
					}
				}
			}
		}
		for _, p := range progs {
			if freed[p] > 0 {
				short = append(short, Shortfall{Programme: p, Groups: float64(freed[p]) / 2})
			}
		}
	case model.Optimised:
		// Start from today's groups and move half-groups, one at a time,
		// from where places exceed demand to where demand exceeds places
		// most per week of facilitator time, within each establishment's
		// facilitator time: "move places from surplus to gap". A move is
		// made only when the half-group taken serves nobody (its places are
		// beyond the demand there), so the served demand never falls.
		places := map[[2]string]float64{}
		weeksUsed := map[string]float64{}
		for _, o := range offs {
			g, ok := cat.Lookup(o.Programme)
			if !ok || total[o.Programme] == 0 {
				continue
			}
			k := [2]string{o.Establishment, o.Programme}
			groups[k] = o.GroupsPerYear
			places[k] = o.AnnualPlaces(g) * gs.Options.Horizon / 12
			weeksUsed[o.Establishment] += o.GroupsPerYear * g.DurationWeeks.Value
		}
		for _, c := range codes {
			capLeft[c] -= weeksUsed[c]
		}
		for range 100_000 {
			// The surplus half-group to take: places beyond demand by at
			// least half a group.
			var from [2]string
			fromSpare := 0.0
			for _, p := range progs {
				g, _ := cat.Lookup(p)
				half := 0.5 * g.GroupSize.Value * gs.Options.Horizon / 12
				for _, c := range codes {
					k := [2]string{c, p}
					if groups[k] < 0.5 {
						continue
					}
					if spare := places[k] - demand[k]; spare >= half && spare > fromSpare {
						from, fromSpare = k, spare
					}
				}
			}
			if fromSpare == 0 {
				break
			}
			p := from[1]
			g, _ := cat.Lookup(p)
			half := 0.5 * g.GroupSize.Value * gs.Options.Horizon / 12
			weeks := 0.5 * g.DurationWeeks.Value
			bestC, best := "", 0.0
			for _, c := range codes {
				k := [2]string{c, p}
				if c == from[0] || !canRun(est[c], g) || capLeft[c] < weeks {
					continue
				}
				if gain := math.Min(half, math.Max(0, demand[k]-places[k])); gain > best {
					bestC, best = c, gain
				}
			}
			if best == 0 {
				// Nowhere to use it: leave it (and stop looking at it).
				demand[from] = places[from]
				continue
			}
			to := [2]string{bestC, p}
			groups[from] -= 0.5
			places[from] -= half
			capLeft[from[0]] += weeks
			groups[to] += 0.5
			places[to] += half
			capLeft[bestC] -= weeks
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
	return out, short
}
