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
	a := newAllocation(gs, ests, offs, cat)
	var short []Shortfall
	switch s {
	case model.NeedProportional:
		short = a.needProportional()
	case model.Optimised:
		a.optimised(offs, gs.Options.Horizon)
	}
	return a.offerings(offs), short
}

// allocation is the state of Allocate: the demand, each establishment's
// facilitator time left and the groups placed so far.
type allocation struct {
	cat     *model.Catalogue
	est     map[string]*model.Establishment // by code
	demand  map[[2]string]float64           // by establishment and programme, over the horizon
	total   map[string]float64              // national groups a year of each group programme
	progs   []string                        // the group programmes with groups, in order
	codes   []string                        // the establishments, in order
	capLeft map[string]float64              // facilitator group-weeks left (teamWeeks)
	groups  map[[2]string]float64           // the new groups_per_year
}

// newAllocation gathers what Allocate works from: the establishments, the
// demand of gs, the national groups of each group programme in offs and
// each establishment's facilitator time.
func newAllocation(gs *Gaps, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue) *allocation {
	a := &allocation{cat: cat, est: map[string]*model.Establishment{}, demand: map[[2]string]float64{},
		total: map[string]float64{}, capLeft: map[string]float64{}, groups: map[[2]string]float64{}}
	for i := range ests {
		a.est[ests[i].Code] = &ests[i]
	}
	for _, g := range gs.Rows {
		a.demand[[2]string{g.Establishment, g.Programme}] = g.Demand
	}
	// National groups per programme, kept in half-group units.
	for _, o := range offs {
		if g, ok := cat.Lookup(o.Programme); ok && g.Format != model.OneToOneFormat && o.GroupsPerYear > 0 {
			if a.total[o.Programme] == 0 {
				a.progs = append(a.progs, o.Programme)
			}
			a.total[o.Programme] += o.GroupsPerYear
		}
	}
	slices.Sort(a.progs)
	a.codes = make([]string, 0, len(ests))
	for _, e := range ests {
		a.codes = append(a.codes, e.Code)
	}
	slices.Sort(a.codes)
	for _, c := range a.codes {
		a.capLeft[c] = teamWeeks(a.est[c])
	}
	return a
}

// needProportional places the groups by the need-proportional strategy:
// each programme's national groups shared out by demand, then within
// facilitator time. It returns the groups nobody had time for.
func (a *allocation) needProportional() []Shortfall {
	a.shareByDemand()
	// Within facilitator time: an establishment over its capacity
	// keeps the same share of each programme (rounded down to
	// half-groups), and the half-groups it gives up go to the
	// establishments with spare time, in proportion to their demand
	// (largest remainders again), until all are placed or nobody that
	// may run the programme has time for another half-group: the
	// national number is kept unless facilitator time runs out.
	freed := a.trimToTime()
	a.placeFreed(freed)
	var short []Shortfall
	for _, p := range a.progs {
		if freed[p] > 0 {
			short = append(short, Shortfall{Programme: p, Groups: float64(freed[p]) / 2})
		}
	}
	return short
}

// shareByDemand shares each programme's national groups, in half-groups,
// among the establishments that may run it in proportion to their demand
// (largest remainders).
func (a *allocation) shareByDemand() {
	for _, p := range a.progs {
		g, _ := a.cat.Lookup(p)
		share := map[string]float64{}
		sum := 0.0
		for _, c := range a.codes {
			if d := a.demand[[2]string{c, p}]; d > 0 && canRun(a.est[c], g) {
				share[c] = d
				sum += d
			}
		}
		if sum == 0 {
			continue
		}
		units := int(math.Round(2 * a.total[p])) // half-groups
		w := make([]float64, len(a.codes))
		for k, c := range a.codes {
			w[k] = share[c]
		}
		for k, n := range model.Apportion(units, w) {
			if n > 0 {
				a.groups[[2]string{a.codes[k], p}] = float64(n) / 2
			}
		}
	}
}

// load is the facilitator group-weeks establishment c's groups take.
func (a *allocation) load(c string) float64 {
	l := 0.0
	for _, p := range a.progs {
		g, _ := a.cat.Lookup(p)
		l += a.groups[[2]string{c, p}] * g.DurationWeeks.Value
	}
	return l
}

// trimToTime cuts every establishment over its facilitator time to the
// same share of each programme, rounded down to half-groups, and returns
// the half-groups of each programme given up.
func (a *allocation) trimToTime() map[string]int {
	freed := map[string]int{} // half-groups to place again
	for _, c := range a.codes {
		if l := a.load(c); l > a.capLeft[c] && l > 0 {
			f := a.capLeft[c] / l
			for _, p := range a.progs {
				k := [2]string{c, p}
				cut := math.Floor(2*a.groups[k]*f) / 2
				freed[p] += int(math.Round(2 * (a.groups[k] - cut)))
				a.groups[k] = cut
			}
		}
	}
	return freed
}

// placeFreed gives the freed half-groups to the establishments with spare
// time, in proportion to their demand (largest remainders), round after
// round until all are placed or none can be; freed keeps those left.
func (a *allocation) placeFreed(freed map[string]int) {
	for moved := true; moved; {
		moved = false
		for _, p := range a.progs {
			if freed[p] == 0 {
				continue
			}
			room, w := a.room(p, freed[p])
			for i, n := range model.Apportion(freed[p], w) {
				if take := min(n, room[i]); take > 0 {
					a.groups[[2]string{a.codes[i], p}] += float64(take) / 2
					freed[p] -= take
					moved = true
				}
			}
		}
	}
}

// room returns, for each establishment, the half-groups of programme p it
// has facilitator time for (all of the freed ones when p takes no time),
// and its demand as the weight of a share, for those with room.
func (a *allocation) room(p string, freed int) ([]int, []float64) {
	g, _ := a.cat.Lookup(p)
	halfWeeks := 0.5 * g.DurationWeeks.Value
	room := make([]int, len(a.codes)) // half-groups of p each establishment has time for
	w := make([]float64, len(a.codes))
	for i, c := range a.codes {
		d := a.demand[[2]string{c, p}]
		if d <= 0 || !canRun(a.est[c], g) {
			continue
		}
		spare := a.capLeft[c] - a.load(c)
		switch {
		case halfWeeks <= 0:
			room[i] = freed
		case spare >= halfWeeks:
			room[i] = int(math.Floor(spare/halfWeeks + 1e-9))
		}
		if room[i] > 0 {
			w[i] = d
		}
	}
	return room, w
}

// optimised places the groups by the optimised strategy. Start from
// today's groups and move half-groups, one at a time, from where places
// exceed demand to where demand exceeds places most per week of
// facilitator time, within each establishment's facilitator time: "move
// places from surplus to gap". A move is made only when the half-group
// taken serves nobody (its places are beyond the demand there), so the
// served demand never falls. horizon is the planning horizon in months.
func (a *allocation) optimised(offs []model.Offering, horizon float64) {
	places := a.today(offs, horizon)
	for range 100_000 {
		from, fromSpare := a.surplus(places, horizon)
		if fromSpare == 0 {
			break
		}
		p := from[1]
		g, _ := a.cat.Lookup(p)
		half := 0.5 * g.GroupSize.Value * horizon / 12
		weeks := 0.5 * g.DurationWeeks.Value
		bestC, best := a.gap(from, places, half, weeks)
		if best == 0 {
			// Nowhere to use it: leave it (and stop looking at it).
			a.demand[from] = places[from]
			continue
		}
		to := [2]string{bestC, p}
		a.groups[from] -= 0.5
		places[from] -= half
		a.capLeft[from[0]] += weeks
		a.groups[to] += 0.5
		places[to] += half
		a.capLeft[bestC] -= weeks
	}
}

// today sets the groups to today's offerings of the group programmes and
// takes their facilitator time; it returns their places over the horizon.
func (a *allocation) today(offs []model.Offering, horizon float64) map[[2]string]float64 {
	places := map[[2]string]float64{}
	weeksUsed := map[string]float64{}
	for _, o := range offs {
		g, ok := a.cat.Lookup(o.Programme)
		if !ok || a.total[o.Programme] == 0 {
			continue
		}
		k := [2]string{o.Establishment, o.Programme}
		a.groups[k] = o.GroupsPerYear
		places[k] = o.AnnualPlaces(g) * horizon / 12
		weeksUsed[o.Establishment] += o.GroupsPerYear * g.DurationWeeks.Value
	}
	for _, c := range a.codes {
		a.capLeft[c] -= weeksUsed[c]
	}
	return places
}

// surplus returns the surplus half-group to take: the establishment and
// programme whose places are beyond demand most, by at least half a group,
// and by how much (0 when there is none).
func (a *allocation) surplus(places map[[2]string]float64, horizon float64) (from [2]string, fromSpare float64) {
	for _, p := range a.progs {
		g, _ := a.cat.Lookup(p)
		half := 0.5 * g.GroupSize.Value * horizon / 12
		for _, c := range a.codes {
			k := [2]string{c, p}
			if a.groups[k] < 0.5 {
				continue
			}
			if spare := places[k] - a.demand[k]; spare >= half && spare > fromSpare {
				from, fromSpare = k, spare
			}
		}
	}
	return from, fromSpare
}

// gap returns where the half-group from (of half places, taking weeks of
// facilitator time) serves most demand now unmet: another establishment
// that may run the programme and has the time, and the demand it serves
// (0 when none).
func (a *allocation) gap(from [2]string, places map[[2]string]float64, half, weeks float64) (bestC string, best float64) {
	p := from[1]
	g, _ := a.cat.Lookup(p)
	for _, c := range a.codes {
		k := [2]string{c, p}
		if c == from[0] || !canRun(a.est[c], g) || a.capLeft[c] < weeks {
			continue
		}
		if gain := math.Min(half, math.Max(0, a.demand[k]-places[k])); gain > best {
			bestC, best = c, gain
		}
	}
	return bestC, best
}

// offerings rebuilds the offerings offs: group programmes take the new
// numbers (an offering left with no groups and no one-to-one places is
// dropped), and new offerings follow, by establishment and programme.
func (a *allocation) offerings(offs []model.Offering) []model.Offering {
	var out []model.Offering
	seen := map[[2]string]bool{}
	for _, o := range offs {
		k := [2]string{o.Establishment, o.Programme}
		if a.total[o.Programme] > 0 {
			o.GroupsPerYear = a.groups[k]
			seen[k] = true
			if o.GroupsPerYear == 0 && o.OneToOnePlaces == 0 {
				continue
			}
		}
		out = append(out, o)
	}
	var keys [][2]string
	for k, v := range a.groups {
		if v > 0 && !seen[k] {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y [2]string) int {
		if c := strings.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return strings.Compare(x[1], y[1])
	})
	for _, k := range keys {
		out = append(out, model.Offering{Establishment: k[0], Programme: k[1], GroupsPerYear: a.groups[k], Referable: true})
	}
	return out
}
