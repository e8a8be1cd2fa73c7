package allocate

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"strings"

	"needsplan/model"
)

// Slot is the start places of one establishment × programme in one month
// of the horizon: every cohort starting that month (its group size) and the
// one-to-one places starting then.
type Slot struct {
	Establishment, Programme string
	// Month is the month of the horizon the places start in (0 = the first
	// month after the dataset date).
	Month  int
	Places int
}

// Slots returns the start places of the referable offerings over horizon
// months, by establishment, programme and month. As the simulation's spread
// schedule (docs/simulation.md), an offering's groups_per_year G start
// every 12/G months from a phase of its own, (φ + k) × 12/G, k = 0, 1, …,
// each with the offering's group size; its one-to-one places P likewise
// every 12/P months, one each. The phase φ in [0, 1) is hashed from the
// establishment and programme (FNV-1a), so the allocation is the same on
// every run and, over the offerings, a year holds G cohorts and P places
// on average: an offering of half a group a year has its cohort in the
// coming year for about half of such offerings, not for all or none.
func Slots(offs []model.Offering, cat *model.Catalogue, horizon float64) []Slot {
	type key struct {
		est, prog string
		month     int
	}
	places := map[key]int{}
	spread := func(est, prog string, perYear float64, size int) {
		if perYear <= 0 || size <= 0 {
			return
		}
		h := fnv.New64a()
		h.Write([]byte(est + "\x00" + prog))
		phase := float64(h.Sum64()>>11) / (1 << 53)
		for k := 0; ; k++ {
			t := (phase + float64(k)) * 12 / perYear
			if t >= horizon {
				return
			}
			places[key{est, prog, int(math.Floor(t))}] += size
		}
	}
	for i := range offs {
		o := &offs[i]
		g, ok := cat.Lookup(o.Programme)
		if !ok || !o.Referable {
			continue
		}
		spread(o.Establishment, o.Programme, o.GroupsPerYear, o.Group(g))
		spread(o.Establishment, o.Programme, float64(o.OneToOnePlaces), 1)
	}
	out := make([]Slot, 0, len(places))
	for k, n := range places {
		out = append(out, Slot{Establishment: k.est, Programme: k.prog, Month: k.month, Places: n})
	}
	slices.SortFunc(out, func(a, b Slot) int {
		return cmp.Or(strings.Compare(a.Establishment, b.Establishment), strings.Compare(a.Programme, b.Programme), cmp.Compare(a.Month, b.Month))
	})
	return out
}

// FirstStarts returns, for an establishment and programme, the month of
// the coming year (0 the first) of its first start places (Slots) a person
// moving now could take — a month starting at least DefaultDelay after the
// dataset date, as the allocation's rule — and false when there are none.
// fit and the directory both read it (analysis.Fit.SetNextStarts), so they
// show the same month.
func FirstStarts(offs []model.Offering, cat *model.Catalogue) func(est, prog string) (int, bool) {
	first := map[[2]string]int{}
	for _, s := range Slots(offs, cat, 12) {
		k := [2]string{s.Establishment, s.Programme}
		if _, ok := first[k]; !ok && float64(s.Month) >= DefaultDelay {
			first[k] = s.Month
		}
	}
	return func(est, prog string) (int, bool) {
		m, ok := first[[2]string{est, prog}]
		return m, ok
	}
}
