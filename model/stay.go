package model

import "math"

// minStay is the shortest stay counted when estimating receptions from the
// stock (a week): shorter stays would give a single person a huge weight.
const minStay = 0.25

// StayMonths returns the length of custody a person had on arrival, in
// months, or false when it cannot be known (remand, open-ended). For a
// recall the recall date is not in the data: in a steady state the time
// still to serve is on average half the stay, so twice it is used.
func StayMonths(p *Profile, asOf Date) (float64, bool) {
	switch p.SentenceType {
	case Remand:
		return 0, false
	case Recall:
		if !p.EarliestRelease.OK {
			return 0, false
		}
		return math.Max(minStay, 2*asOf.MonthsUntil(p.EarliestRelease.Val)), true
	}
	target, ok, _ := ReleaseTarget(p, asOf)
	if !ok {
		// Past tariff and parole eligibility: the stay so far.
		return math.Max(minStay, p.SentenceStart.MonthsUntil(asOf)), true
	}
	return math.Max(minStay, p.SentenceStart.MonthsUntil(target)), true
}

// MoveCost is the cost of moving a person from establishment a to b: 0
// within a region and 1 between regions (the contract has no geography
// beyond the region), plus 0.2 for sending someone with more than two
// years left to a local prison rather than a training prison, and 0.2 for
// sending someone in their final year to a prison that is not a
// resettlement prison (issue 6: training prisons for long sentences,
// resettlement prisons in the final months). An assumption, documented in
// docs/transfers.md.
func MoveCost(a, b *Establishment, monthsLeft float64) float64 {
	c := 0.0
	if a.Region != b.Region {
		c = 1
	}
	if monthsLeft > 24 && b.Function == Local {
		c += 0.2
	}
	if monthsLeft <= 12 && !b.Resettlement {
		c += 0.2
	}
	return c
}

// CostBand groups months left by MoveCost's thresholds: 0 up to 12, 1
// over 12 to 24, 2 over 24. Everything MoveCost says of a person's time
// is the same within a band, so groups of people can share one cost;
// BandLeft is a months-left in each band.
func CostBand(left float64) int {
	switch {
	case left > 24:
		return 2
	case left > 12:
		return 1
	}
	return 0
}

// BandLeft is a months-left representative of each CostBand.
var BandLeft = [3]float64{6, 18, 36}
