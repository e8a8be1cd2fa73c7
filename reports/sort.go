package reports

import (
	"slices"
	"strings"
)

// sortBy sorts indices by a string key, stably.
func sortBy(idx []int, key func(int) string) {
	slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(key(a), key(b)) })
}

// cmpDesc orders larger values first.
func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// byName sorts rows by the name people read, keeping the input unchanged.
func byName[T any](rows []T, name func(T) string) []T {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b T) int { return strings.Compare(name(a), name(b)) })
	return out
}

// sortedKeys returns the keys of a set, sorted.
func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
