package allocate

import (
	"cmp"
	"slices"
	"strings"

	"needsplan/model"
)

// Buckets is the resolution of the priority weights: people are ranked
// by the policy, and the rank's share of the population, in steps of
// 1/Buckets, sets the weight, so people within one step tie (broken by
// moves, then arbitrarily). 1,000 steps: 27 people apart among 27,000,
// finer than a month of release dates at that scale (an assumption that
// keeps groups of identical people large enough to solve in seconds).
const Buckets = 1000

// candidate is a person who may take a place: their profile and
// classification indices, and the sort keys of the policies.
type candidate struct {
	person    int
	left      float64 // months to release
	served    float64 // months since sentence start
	risk      model.Level
	slack     float64 // the least latest start over their programmes
	id        string
	weight    float64 // priority weight, in (1, 2]
	bucket    int     // priority step: 0 the most urgent
	timeNeeds []need
}

// need is a current programme of a candidate with its latest start.
type need struct {
	prog   int     // catalogue index
	latest float64 // months from the dataset date
}

// rank orders the candidates by policy, most urgent first, and sets
// their priority steps and weights: release-date, earliest release first
// (the estate-wide protocol inspectors describe: places go by release or
// parole date, seed 003 §4.1); fifo, longest served first; risk, highest
// risk first, then earliest release; right-time, the least slack first.
// Ties go to higher risk, then person_id.
func rank(cs []candidate, policy model.Policy) {
	by := func(a, b *candidate) int {
		switch policy {
		case model.FIFO:
			return cmp.Compare(b.served, a.served)
		case model.Risk:
			return cmp.Or(cmp.Compare(b.risk, a.risk), cmp.Compare(a.left, b.left))
		case model.RightTime:
			return cmp.Compare(a.slack, b.slack)
		}
		return cmp.Compare(a.left, b.left)
	}
	slices.SortStableFunc(cs, func(a, b candidate) int {
		return cmp.Or(by(&a, &b), cmp.Compare(b.risk, a.risk), strings.Compare(a.id, b.id))
	})
	n := len(cs)
	for r := range cs {
		b := r * Buckets / n
		cs[r].bucket = b
		cs[r].weight = 1 + float64(Buckets-b)/Buckets
	}
}
