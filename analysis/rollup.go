package analysis

import (
	"maps"
	"slices"

	"needsplan/model"
)

// rollUp returns the establishments' rows (accs: establishment code → one
// row per unit, in unit order) together with each region's and the
// estate's, added up from them: blank makes a level × key's empty row from
// an establishment's row of the same unit, add adds one row into another.
// Establishments are added in code order, so that floating-point sums come
// out the same on every run (people are distinct across establishments:
// each is held at one); an establishment not in ests counts for the estate
// only. The rows come out ordered by level (the estate, the regions by
// name, the establishments by code), then unit, keeping those keep
// accepts. The headline (Headlines) and the range (ImputeDemand) share it.
func rollUp[T any](accs map[string][]T, ests []model.Establishment, blank func(level GroupBy, key string, from *T) T,
	add func(to, from *T), keep func(*T) bool) []T {
	regionOf := map[string]string{}
	for _, e := range ests {
		regionOf[e.Code] = e.Region
	}
	begin := func(level GroupBy, key string, rows []T) []T {
		s := make([]T, len(rows))
		for u := range rows {
			s[u] = blank(level, key, &rows[u])
		}
		return s
	}
	codes := slices.Sorted(maps.Keys(accs))
	var estate []T
	regions := map[string][]T{}
	for _, est := range codes {
		rows := accs[est]
		if estate == nil {
			estate = begin(ByEstate, EstateKey, rows)
		}
		into := [][]T{estate}
		if r, ok := regionOf[est]; ok {
			if regions[r] == nil {
				regions[r] = begin(ByRegion, r, rows)
			}
			into = append(into, regions[r])
		}
		for _, sum := range into {
			for u := range rows {
				add(&sum[u], &rows[u])
			}
		}
	}
	var out []T
	kept := func(rows []T) {
		for u := range rows {
			if keep(&rows[u]) {
				out = append(out, rows[u])
			}
		}
	}
	kept(estate)
	for _, r := range slices.Sorted(maps.Keys(regions)) {
		kept(regions[r])
	}
	for _, est := range codes {
		kept(accs[est])
	}
	return out
}
