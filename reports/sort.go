package reports

import (
	"slices"
	"strings"
)

// sortBy sorts indices by a string key, stably.
func sortBy(idx []int, key func(int) string) {
	slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(key(a), key(b)) })
}
