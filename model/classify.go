package model

import "math"

// Classification is what the planner derives for one person: the PNI, LDC,
// their programme plan, and the time left before release.
type Classification struct {
	PNI    PNI
	LDC    bool
	Needed ProgrammeSet // the plan's current programmes
	// Deferred and Unrouted are the rest of the plan (Plan).
	Deferred ProgrammeSet
	Unrouted FamilySet
	// MonthsLeft is the time from the dataset date to the person's release
	// target in average months: NaN when unknown (remand), +Inf when
	// open-ended (an indeterminate sentence past tariff and parole
	// eligibility, held until the Parole Board directs release).
	MonthsLeft float64
}

// InTime reports whether someone with this much time left can complete a
// programme needing the given months before release.
func (c *Classification) InTime(months float64) bool {
	return !math.IsNaN(c.MonthsLeft) && c.MonthsLeft >= months
}

// Slack returns the months a person can wait before starting programme i
// of cat and still finish it with the consolidation window before release
// (MonthsLeft − TimeNeeded): negative when too late, +Inf when open-ended,
// NaN when the release date is unknown.
func (c *Classification) Slack(cat *Catalogue, i int) float64 {
	return c.MonthsLeft - cat.TimeNeeded(i)
}

// ReleaseTarget returns the date a person may first leave custody, as seen
// on the dataset date asOf, and whether one is known. It is the earlier of
// earliest_release and parole_eligibility among those not yet passed; when
// both have passed, a determinate or recall sentence is due for release now
// (asOf), and an indeterminate one has no target (ok false, open true).
// Remand has none.
func ReleaseTarget(p *Profile, asOf Date) (target Date, ok, open bool) {
	if p.SentenceType == Remand {
		return 0, false, false
	}
	best, found := Date(0), false
	for _, d := range []Opt[Date]{p.EarliestRelease, p.ParoleEligibility} {
		if d.OK && d.Val >= asOf && (!found || d.Val < best) {
			best, found = d.Val, true
		}
	}
	switch {
	case found:
		return best, true, false
	case p.SentenceType == Indeterminate:
		return 0, false, true
	}
	return asOf, true, false
}

// Classify runs the PNI (custody setting) and works out the needed
// programmes of suite s and the time left before release on date asOf.
func Classify(p *Profile, cat *Catalogue, s Suite, asOf Date) Classification {
	var c Classification
	ClassifyInto(&c, p, cat, s, asOf)
	return c
}

// ClassifyInto is Classify writing into c, for callers that classify many
// people into a slice: the criteria see c's PNI through a pointer, which
// would otherwise make every Classification escape to the heap.
func ClassifyInto(c *Classification, p *Profile, cat *Catalogue, s Suite, asOf Date) {
	*c = Classification{PNI: ComputePNI(p, Custody), LDC: p.LDC()}
	pl := cat.Plan(p, &c.PNI, s)
	c.Needed, c.Deferred, c.Unrouted = pl.Needed, pl.Deferred, pl.Unrouted
	switch t, ok, open := ReleaseTarget(p, asOf); {
	case ok:
		c.MonthsLeft = asOf.MonthsUntil(t)
	case open:
		c.MonthsLeft = math.Inf(1)
	default:
		c.MonthsLeft = math.NaN()
	}
}
