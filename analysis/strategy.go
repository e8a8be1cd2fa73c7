package analysis

import (
	"cmp"
	"fmt"
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

// CanRun reports whether establishment e may run programme g: it holds a
// sex the programme takes, it is not the children's estate, and an open
// prison runs no high-intensity programme. The placement strategies and
// the commissioning plan (analysis/plan) both apply it.
func CanRun(e *model.Establishment, g *model.Programme) bool {
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

// Move is half-groups a year of a group programme that a strategy places
// at one establishment instead of another.
type Move struct {
	Programme  string
	From, To   string  // establishment codes
	HalfGroups float64 // half-groups a year (a whole number unless today's groups are not)
}

// Placement is what Allocate did: the offerings, the groups it could not
// place, and what it moved.
type Placement struct {
	Offerings []model.Offering
	Shortfall []Shortfall
	// Moves are the half-groups placed elsewhere than today, largest
	// first (ties by programme, then from, then to). The optimised
	// strategy's are the moves it made; need-proportional shares every
	// programme out afresh, so its are the net changes of each programme
	// paired off, the largest decrease with the largest increase, until
	// one side is used up: one of the sets of moves with that net effect.
	Moves []Move
	// HalfGroups is the national half-groups a year of the group
	// programmes today (0 under previous take-up).
	HalfGroups float64
	// Unmoved says why a strategy that moves places moved none ("" when
	// some moved, and under previous take-up).
	Unmoved string
}

// Moved is the half-groups a year the moves place elsewhere.
func (p *Placement) Moved() float64 {
	n := 0.0
	for _, m := range p.Moves {
		n += m.HalfGroups
	}
	return n
}

// Allocate places every group programme's groups_per_year by the strategy
// (one-to-one places and other columns unchanged; new offerings where the
// strategy places groups where there were none). The national number of
// groups of each programme is kept, except for the shortfall: groups for
// which no establishment that may run the programme has facilitator time.
// gs gives the demand over the horizon the groups are placed for.
func Allocate(s model.Strategy, gs *Gaps, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue) Placement {
	if s == model.PreviousTakeUp || s == "" {
		return Placement{Offerings: slices.Clone(offs)}
	}
	a := newAllocation(gs, ests, offs, cat)
	out := Placement{}
	for _, p := range a.progs {
		out.HalfGroups += 2 * a.total[p]
	}
	switch s {
	case model.NeedProportional:
		out.Shortfall = a.needProportional()
		out.Moves = a.netMoves(offs)
		if len(out.Moves) == 0 {
			out.Unmoved = "every programme's groups are already shared in proportion to demand, within facilitator time"
		}
	case model.Optimised:
		out.Moves, out.Unmoved = a.optimised(offs, gs.Options.Horizon)
	}
	out.Offerings = a.offerings(offs)
	return out
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
			if d := a.demand[[2]string{c, p}]; d > 0 && CanRun(a.est[c], g) {
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
		if d <= 0 || !CanRun(a.est[c], g) {
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

// optimised places the groups by the optimised strategy ("move places
// from surplus to gap"). From today's groups, half-groups move one at a
// time from the offering whose places exceed its demand most, by at least
// half a group's places (so the half-group taken serves nobody there), to
// the establishment that may run the programme, has the facilitator time
// and has the most demand beyond its places. Each move serves min(half a
// group's places, the demand unmet there) more people over the horizon
// and nobody fewer — a greedy ascent on the demand served — and it stops
// when no surplus half-group has anywhere to go. horizon is the planning
// horizon in months. It returns the moves, or why there were none.
//
// It is a heuristic, not the optimum: the demand served, Σ min(places,
// demand), is separable and concave in each offering's half-groups, so
// without facilitator time the most it can be within each programme's
// national groups is reached by marginal analysis — each half-group, in
// turn, to where it serves most (Fox 1966, "Discrete optimization via
// marginal analysis", Management Science 13(3)) — which would also move a
// half-group that serves a few people to where it serves more. This one
// takes only half-groups that serve nobody, so no establishment serves
// fewer than today.
func (a *allocation) optimised(offs []model.Offering, horizon float64) ([]Move, string) {
	places := a.today(offs, horizon)
	stuck := map[[2]string]bool{} // surplus with nowhere to go
	moved := map[Move]float64{}   // half-groups by programme, from and to
	for range 100_000 {
		from, spare := a.surplus(places, horizon, stuck)
		if spare == 0 {
			break
		}
		p := from[1]
		g, _ := a.cat.Lookup(p)
		half := 0.5 * g.GroupSize.Value * horizon / 12
		weeks := 0.5 * g.DurationWeeks.Value
		to := a.gap(from, places, weeks)
		if to == "" {
			stuck[from] = true
			continue
		}
		dest := [2]string{to, p}
		a.groups[from] -= 0.5
		places[from] -= half
		a.capLeft[from[0]] += weeks
		a.groups[dest] += 0.5
		places[dest] += half
		a.capLeft[to] -= weeks
		moved[Move{Programme: p, From: from[0], To: to}]++
		// The time freed at from[0] may give a stuck half-group of
		// another programme somewhere to go.
		clear(stuck)
	}
	moves := sortMoves(moved)
	if len(moves) > 0 {
		return moves, ""
	}
	return nil, a.unmoved(places, stuck, horizon)
}

// unmoved says why the optimised strategy moved nothing: no offering has
// places beyond its demand by half a group, or those that have (stuck)
// have nowhere to send them.
func (a *allocation) unmoved(places map[[2]string]float64, stuck map[[2]string]bool, horizon float64) string {
	if len(stuck) == 0 {
		return fmt.Sprintf("no offering's places exceed its demand over %g months by half a group or more", horizon)
	}
	spare := 0.0
	for k := range stuck {
		g, _ := a.cat.Lookup(k[1])
		spare += math.Floor(2 * (places[k] - a.demand[k]) / (g.GroupSize.Value * horizon / 12))
	}
	if len(stuck) == 1 {
		return fmt.Sprintf("1 offering has %g half-groups beyond its demand over %g months, and nowhere to send them: no other establishment that may run its programme has both unmet demand and facilitator time",
			spare, horizon)
	}
	return fmt.Sprintf("%d offerings have %g half-groups beyond their demand over %g months, and nowhere to send them: no other establishment that may run their programmes has both unmet demand and facilitator time",
		len(stuck), spare, horizon)
}

// netMoves pairs off each programme's net changes from today's groups
// (offs) to the groups placed: the largest decrease with the largest
// increase (ties by establishment code), until one side is used up.
func (a *allocation) netMoves(offs []model.Offering) []Move {
	before := map[[2]string]float64{}
	for _, o := range offs {
		if a.total[o.Programme] > 0 {
			before[[2]string{o.Establishment, o.Programme}] += o.GroupsPerYear
		}
	}
	moved := map[Move]float64{}
	type change struct {
		est  string
		half float64
	}
	for _, p := range a.progs {
		var down, up []change
		for _, c := range a.codes {
			k := [2]string{c, p}
			switch d := 2 * (a.groups[k] - before[k]); {
			case d < -1e-9:
				down = append(down, change{c, -d})
			case d > 1e-9:
				up = append(up, change{c, d})
			}
		}
		bySize := func(x, y change) int {
			if c := cmp.Compare(y.half, x.half); c != 0 {
				return c
			}
			return strings.Compare(x.est, y.est)
		}
		slices.SortStableFunc(down, bySize)
		slices.SortStableFunc(up, bySize)
		for i, j := 0, 0; i < len(down) && j < len(up); {
			n := min(down[i].half, up[j].half)
			moved[Move{Programme: p, From: down[i].est, To: up[j].est}] += n
			if down[i].half -= n; down[i].half <= 1e-9 {
				i++
			}
			if up[j].half -= n; up[j].half <= 1e-9 {
				j++
			}
		}
	}
	return sortMoves(moved)
}

// sortMoves lists the moves (half-groups by programme, from and to),
// largest first, ties by programme, from and to.
func sortMoves(moved map[Move]float64) []Move {
	var out []Move
	for m, n := range moved {
		m.HalfGroups = n
		out = append(out, m)
	}
	slices.SortFunc(out, func(x, y Move) int {
		return cmp.Or(cmp.Compare(y.HalfGroups, x.HalfGroups), strings.Compare(x.Programme, y.Programme),
			strings.Compare(x.From, y.From), strings.Compare(x.To, y.To))
	})
	return out
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
// and not stuck (nowhere to go), and by how much (0 when there is none).
func (a *allocation) surplus(places map[[2]string]float64, horizon float64, stuck map[[2]string]bool) (from [2]string, fromSpare float64) {
	for _, p := range a.progs {
		g, _ := a.cat.Lookup(p)
		half := 0.5 * g.GroupSize.Value * horizon / 12
		for _, c := range a.codes {
			k := [2]string{c, p}
			if a.groups[k] < 0.5 || stuck[k] {
				continue
			}
			if spare := places[k] - a.demand[k]; spare >= half && spare > fromSpare {
				from, fromSpare = k, spare
			}
		}
	}
	return from, fromSpare
}

// gap returns where the half-group from (taking weeks of facilitator
// time) goes: the other establishment that may run the programme, has the
// time, and has the most demand beyond its places ("" when none has any).
// The demand a half-group serves there, min(its places, the demand
// unmet), is then the most any could serve. Ties go to the earlier code.
func (a *allocation) gap(from [2]string, places map[[2]string]float64, weeks float64) string {
	p := from[1]
	g, _ := a.cat.Lookup(p)
	best, bestUnmet := "", 0.0
	for _, c := range a.codes {
		k := [2]string{c, p}
		if c == from[0] || !CanRun(a.est[c], g) || a.capLeft[c] < weeks {
			continue
		}
		if unmet := a.demand[k] - places[k]; unmet > bestUnmet {
			best, bestUnmet = c, unmet
		}
	}
	return best
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
