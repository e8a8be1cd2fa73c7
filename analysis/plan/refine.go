package plan

import (
	"fmt"
	"slices"
)

// NextTry is the refinement's next untried change to the current plan
// and its words, or nil: one more group when the budget left pays for
// one, else one group moved.
func (r *Result) NextTry(tried map[string]bool) ([]Change, string) {
	try, words, from, to := r.nextTry(tried)
	if from >= 0 {
		// Once a move is tried, kept or not, moving the group back is not
		// worth a try.
		tried[MoveWords(&r.Candidates[to], &r.Candidates[from])] = true
	}
	return try, words
}

// nextTry is NextTry before the reverse of a move is marked.
// from and to are a move's candidates, −1 for an add.
func (r *Result) nextTry(tried map[string]bool) ([]Change, string, int, int) {
	added := map[int]int{}
	used := map[string]int{}
	spent := 0.0
	for _, ch := range r.Changes {
		added[ch.Candidate] += ch.Groups
		spent += ch.Cost
		if ch.Groups > 0 {
			used[r.Candidates[ch.Candidate].Establishment] += ch.Groups
		}
	}
	// best is the untried candidate whose next group serves most within
	// money, skipping skip.
	best := func(money float64, skip int, words func(int) string) int {
		at, v := -1, 0.0
		for i := range r.Candidates {
			c := &r.Candidates[i]
			x := max(added[i], 0)
			if i == skip || x >= c.MaxAdd || used[c.Establishment] >= r.Room[c.Establishment] || c.Cost > money || tried[words(i)] {
				continue
			}
			if g := c.Value(x+1) - c.Value(x); g > v {
				at, v = i, g
			}
		}
		return at
	}
	left := r.Settings.Budget - spent
	addWords := func(i int) string {
		return "add " + r.Words(Change{Candidate: i, Groups: 1})[4:]
	}
	if i := best(left, -1, addWords); i >= 0 {
		return r.WithGroups(r.Changes, i, 1), addWords(i), -1, -1
	}
	// Moves: from each add, its last group's value the smallest first.
	var from []int
	for _, ch := range r.Changes {
		if ch.Groups > 0 {
			from = append(from, ch.Candidate)
		}
	}
	marginal := func(i int) float64 { c := &r.Candidates[i]; return c.Value(added[i]) - c.Value(added[i]-1) }
	slices.SortStableFunc(from, func(a, b int) int {
		ma, mb := marginal(a), marginal(b)
		switch {
		case ma < mb:
			return -1
		case ma > mb:
			return 1
		}
		return a - b
	})
	for _, f := range from {
		fc := &r.Candidates[f]
		moveWords := func(i int) string { return MoveWords(fc, &r.Candidates[i]) }
		used[fc.Establishment]--
		i := best(left+fc.Cost, f, moveWords)
		used[fc.Establishment]++
		if i >= 0 && marginal(f) > 0 {
			return r.WithGroups(r.WithGroups(r.Changes, f, -1), i, 1), moveWords(i), f, i
		}
	}
	return nil, "", -1, -1
}

// MoveWords says the move of one group a year from candidate a to b. The
// refinement marks the reverse of a move it keeps as tried, so that it
// never undoes one.
func MoveWords(a, b *Candidate) string {
	return fmt.Sprintf("move a group a year from %s %s to %s %s", a.Programme, a.Establishment, b.Programme, b.Establishment)
}
