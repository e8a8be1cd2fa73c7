package estate

import (
	"math"
	"slices"
)

// Measure is one figure counted for each establishment × programme in a
// replication and summarised across replications (a Row holds a summary
// per measure). Measures lists them once; the names, the comparisons, the
// rollups over establishments and programmes and what publication protects
// are all read from it.
type Measure struct {
	Name string // column name in tables and files
	// Unit is what the measure counts or measures: "needs" (a person's
	// need of one programme, so people within a programme), "cohorts",
	// "places" or "months".
	Unit string
	// Adds is true of counts, which add up across establishments and
	// programmes: a rollup's value is the sum. Measures that do not add
	// (the waits, the next start) are recomputed for a rollup from the
	// pooled waits of every start in it, and a rollup has no next start.
	Adds bool
	// PerStart is true of a mean over the people started (mean_wait_months):
	// compared between scenarios, its estate figure is the mean over
	// establishments × programmes weighted by their starts (Figures).
	PerStart bool
	// Disclosure is how publication treats the measure.
	Disclosure Disclosure
	// Compare is true of the estate outcomes compared between scenarios
	// (compare, and a sweep's summary): CompareMeasures.
	Compare bool
	value   func(*Outcome) float64
}

// Disclosure is how publication treats a measure under disclosure control
// (reports): as a count of people, as a figure derived from the people who
// started, or as a public figure about provision.
type Disclosure uint8

// Disclosure classes of measures.
const (
	// CountsPeople: a count of people's needs, published as a protected
	// count (rounded, small numbers suppressed); the counts of the
	// programmes add up to the estate's, and a programme's starts to its
	// completions, drop-outs and people in progress.
	CountsPeople Disclosure = iota + 1
	// DerivedFromStarts: computed over the people who started (empty
	// places, waits); hidden wherever the number of starts is.
	DerivedFromStarts
	// Public: about provision, not people (cohorts run, the first start);
	// published as it is.
	Public
)

// CountsPeople reports whether publication protects the measure as a
// count of people (Disclosure CountsPeople).
func (ms *Measure) CountsPeople() bool { return ms.Disclosure == CountsPeople }

// Measures are the per-replication figures summarised for each
// establishment × programme, in the order of their columns (new ones are
// added at the end, so indices stay). Waits are months from referral
// within the simulated window to start; mean_wait_new_months is over
// receptions only (the wait a new referral can expect);
// next_start_months is the time from the start of the run to the first
// cohort start (establishment rows only; replications with none before the
// horizon are left out, so its N says in how many there was one).
var Measures = []Measure{
	{Name: "completed_in_time", Unit: "needs", Adds: true, Disclosure: CountsPeople, Compare: true,
		value: func(o *Outcome) float64 { return float64(o.InTime) }},
	{Name: "completed_late", Unit: "needs", Adds: true, Disclosure: CountsPeople, Compare: true,
		value: func(o *Outcome) float64 { return float64(o.Late) }},
	{Name: "dropped_out", Unit: "needs", Adds: true, Disclosure: CountsPeople, Compare: true,
		value: func(o *Outcome) float64 { return float64(o.Dropped) }},
	{Name: "released_untreated", Unit: "needs", Adds: true, Disclosure: CountsPeople, Compare: true,
		value: func(o *Outcome) float64 { return float64(o.Untreated) }},
	{Name: "waiting_at_horizon", Unit: "needs", Adds: true, Disclosure: CountsPeople, Compare: true,
		value: func(o *Outcome) float64 { return float64(o.Waiting) }},
	{Name: "in_progress_at_horizon", Unit: "needs", Adds: true, Disclosure: CountsPeople,
		value: func(o *Outcome) float64 { return float64(o.InProgress) }},
	{Name: "starts", Unit: "needs", Adds: true, Disclosure: CountsPeople, Compare: true,
		value: func(o *Outcome) float64 { return float64(o.Starts) }},
	{Name: "cohorts", Unit: "cohorts", Adds: true, Disclosure: Public,
		value: func(o *Outcome) float64 { return float64(o.Cohorts) }},
	{Name: "empty_places", Unit: "places", Adds: true, Disclosure: DerivedFromStarts,
		value: func(o *Outcome) float64 { return float64(o.Empty) }},
	{Name: "mean_wait_months", Unit: "months", PerStart: true, Disclosure: DerivedFromStarts, Compare: true,
		value: func(o *Outcome) float64 { return o.MeanWait }},
	{Name: "median_wait_months", Unit: "months", Disclosure: DerivedFromStarts,
		value: func(o *Outcome) float64 { return o.MedianWait }},
	{Name: "p90_wait_months", Unit: "months", Disclosure: DerivedFromStarts,
		value: func(o *Outcome) float64 { return o.P90Wait }},
	{Name: "mean_wait_new_months", Unit: "months", Disclosure: DerivedFromStarts,
		value: func(o *Outcome) float64 { return o.MeanWaitNew }},
	{Name: "next_start_months", Unit: "months", Disclosure: Public,
		value: func(o *Outcome) float64 { return o.NextStart }},
	{Name: "released_too_short", Unit: "needs", Adds: true, Disclosure: CountsPeople, Compare: true,
		value: func(o *Outcome) float64 { return float64(o.TooShort) }},
	{Name: "p_start_in_time", Unit: "share", Disclosure: DerivedFromStarts, Compare: true,
		value: func(o *Outcome) float64 { return o.PStartInTime }},
	{Name: "km_median_wait_months", Unit: "months", Disclosure: DerivedFromStarts,
		value: func(o *Outcome) float64 { return finiteOrNaN(o.KMMedianWait) }},
	{Name: "km_p90_wait_months", Unit: "months", Disclosure: DerivedFromStarts,
		value: func(o *Outcome) float64 { return finiteOrNaN(o.KMP90Wait) }},
	{Name: "starts_lost_no_people", Unit: "cohorts", Adds: true, Disclosure: Public,
		value: func(o *Outcome) float64 { return float64(o.LostNoPeople) }},
	{Name: "starts_lost_no_team", Unit: "cohorts", Adds: true, Disclosure: Public,
		value: func(o *Outcome) float64 { return float64(o.LostNoTeam) }},
	{Name: "starts_lost_suspended", Unit: "cohorts", Adds: true, Disclosure: Public,
		value: func(o *Outcome) float64 { return float64(o.LostSuspended) }},
	{Name: "mean_on_list", Unit: "needs", Adds: true, Disclosure: CountsPeople,
		value: func(o *Outcome) float64 { return o.MeanOnList }},
	{Name: "places_due", Unit: "places", Adds: true, Disclosure: Public,
		value: func(o *Outcome) float64 { return o.PlacesDue }},
	{Name: "places_filled", Unit: "share", Disclosure: DerivedFromStarts,
		value: func(o *Outcome) float64 { return o.PlacesFilled }},
}

// finiteOrNaN is v, or NaN when v is infinite: a Kaplan–Meier quantile the
// estimate never reaches (fewer than half of those with time start) is
// left out of the mean across replications, whose N then says in how many
// it was reached.
func finiteOrNaN(v float64) float64 {
	if math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

// MeasureNames are the names of Measures, in order.
var MeasureNames = measureNames(func(*Measure) bool { return true })

// CompareMeasures are the estate outcomes compared between scenarios, by
// their index in MeasureNames (the Measures with Compare set).
var CompareMeasures = compareMeasures()

// MeasureIndex returns the index of a measure in MeasureNames, or −1.
func MeasureIndex(name string) int { return slices.Index(MeasureNames, name) }

// MeasureNamesBy returns the names of the measures publication treats as
// d, in order (reports' lists of people counts, figures derived from
// starts and public figures).
func MeasureNamesBy(d Disclosure) []string {
	return measureNames(func(ms *Measure) bool { return ms.Disclosure == d })
}

func measureNames(keep func(*Measure) bool) []string {
	var out []string
	for i := range Measures {
		if keep(&Measures[i]) {
			out = append(out, Measures[i].Name)
		}
	}
	return out
}

func compareMeasures() []int {
	var out []int
	for j := range Measures {
		if Measures[j].Compare {
			out = append(out, j)
		}
	}
	return out
}

// appendValues appends the outcome's value of each of Measures to v.
func (o *Outcome) appendValues(v []float64) []float64 {
	for j := range Measures {
		v = append(v, Measures[j].value(o))
	}
	return v
}
