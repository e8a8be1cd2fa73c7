package allocate

import (
	"cmp"
	"slices"
	"strings"
)

// All is the programme (and region) name of the rows that total the others.
const All = "all"

// Tally counts the people of one programme by the kind of place they got:
// Local, WithinRegion, BetweenRegions; NoPlace split by whether any place
// was in reach (the places went to people of higher priority) or none was
// (no place of the programme at a prison that can hold them, starting in
// time: the capacity gap).
type Tally struct {
	Programme                           string
	Local, WithinRegion, BetweenRegions int
	NoPlaceTaken, NoPlaceOutOfReach     int
	Places                              int // start places over the horizon
}

// Placed is the people placed (local or moved).
func (t *Tally) Placed() int { return t.Local + t.WithinRegion + t.BetweenRegions }

// ByProgramme tallies the places by programme, sorted, then All.
func (a *Allocation) ByProgramme() []Tally {
	rows := map[string]*Tally{}
	get := func(g string) *Tally {
		if rows[g] == nil {
			rows[g] = &Tally{Programme: g}
		}
		return rows[g]
	}
	for _, s := range a.Slots {
		get(s.Programme).Places += s.Places
	}
	for _, p := range a.People {
		t := get(p.Programme)
		switch p.Kind {
		case Local:
			t.Local++
		case WithinRegion:
			t.WithinRegion++
		case BetweenRegions:
			t.BetweenRegions++
		default:
			if p.InReach {
				t.NoPlaceTaken++
			} else {
				t.NoPlaceOutOfReach++
			}
		}
	}
	out := make([]Tally, 0, len(rows)+1)
	all := Tally{Programme: All}
	for _, t := range rows {
		out = append(out, *t)
		all.Local += t.Local
		all.WithinRegion += t.WithinRegion
		all.BetweenRegions += t.BetweenRegions
		all.NoPlaceTaken += t.NoPlaceTaken
		all.NoPlaceOutOfReach += t.NoPlaceOutOfReach
		all.Places += t.Places
	}
	slices.SortFunc(out, func(x, y Tally) int { return strings.Compare(x.Programme, y.Programme) })
	return append(out, all)
}

// Flow is the people moving from one region to another (From == To: within
// the region) for a place.
type Flow struct {
	From, To string
	People   int
}

// Flows returns the moves by region of origin and of the place, sorted.
func (a *Allocation) Flows() []Flow {
	n := map[[2]string]int{}
	for _, p := range a.People {
		if p.Kind == WithinRegion || p.Kind == BetweenRegions {
			n[[2]string{p.Region, p.ToRegion}]++
		}
	}
	out := make([]Flow, 0, len(n))
	for k, v := range n {
		out = append(out, Flow{From: k[0], To: k[1], People: v})
	}
	slices.SortFunc(out, func(x, y Flow) int { return cmp.Or(strings.Compare(x.From, y.From), strings.Compare(x.To, y.To)) })
	return out
}

// Intake is an establishment's places filled and how many of the people
// taking them come from elsewhere.
type Intake struct {
	Establishment    string
	Filled, FromElse int
}

// Share is the share of the intake that comes from elsewhere (NaN with no
// intake is avoided: 0).
func (in *Intake) Share() float64 {
	if in.Filled == 0 {
		return 0
	}
	return float64(in.FromElse) / float64(in.Filled)
}

// Intakes returns each establishment with places filled, sorted.
func (a *Allocation) Intakes() []Intake {
	n := map[string]*Intake{}
	for _, p := range a.People {
		if p.Kind == NoPlace {
			continue
		}
		in := n[p.To]
		if in == nil {
			in = &Intake{Establishment: p.To}
			n[p.To] = in
		}
		in.Filled++
		if p.Kind != Local {
			in.FromElse++
		}
	}
	out := make([]Intake, 0, len(n))
	for _, in := range n {
		out = append(out, *in)
	}
	slices.SortFunc(out, func(x, y Intake) int { return strings.Compare(x.Establishment, y.Establishment) })
	return out
}

// Gap is the people of one programme and region (of their prison) left
// without a place: those with one in reach (taken by people of higher
// priority) and those with none in reach, and the best priority among them
// (the lowest rank: a high-priority person with no place is the clearest
// gap).
type Gap struct {
	Programme, Region string
	Taken, OutOfReach int
	BestRank          int
}

// Gaps returns the people left without a place by programme and region,
// sorted by programme, region.
func (a *Allocation) Gaps() []Gap {
	n := map[[2]string]*Gap{}
	for _, p := range a.People {
		if p.Kind != NoPlace {
			continue
		}
		k := [2]string{p.Programme, p.Region}
		g := n[k]
		if g == nil {
			g = &Gap{Programme: p.Programme, Region: p.Region, BestRank: p.Rank}
			n[k] = g
		}
		if p.InReach {
			g.Taken++
		} else {
			g.OutOfReach++
		}
		g.BestRank = min(g.BestRank, p.Rank)
	}
	out := make([]Gap, 0, len(n))
	for _, g := range n {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(x, y Gap) int {
		return cmp.Or(strings.Compare(x.Programme, y.Programme), strings.Compare(x.Region, y.Region))
	})
	return out
}

// TopShadows returns the n highest shadow prices, highest first (ties by
// establishment, programme).
func (a *Allocation) TopShadows(n int) []Shadow {
	out := slices.Clone(a.Shadows)
	slices.SortStableFunc(out, func(x, y Shadow) int {
		return cmp.Or(cmp.Compare(y.Value, x.Value), strings.Compare(x.Establishment, y.Establishment), strings.Compare(x.Programme, y.Programme))
	})
	return out[:min(n, len(out))]
}
