package estate

import (
	"math"
	"regexp"
	"slices"
	"testing"
)

// TestMeasuresTable checks what the rest of the package and publication
// take from the table: unique column names, a unit and a disclosure class
// for each; counts add up and waits (months) and shares do not; a measure
// compared between scenarios adds up, is a mean over starts, which Figures
// weights by starts, or is a share, which Figures takes of the estate's
// totals; and people counts add up, as the disclosure sums (programmes to
// the estate, starts to outcomes) need.
func TestMeasuresTable(t *testing.T) {
	units := []string{"needs", "cohorts", "places", "months", "share"}
	name := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	seen := map[string]bool{}
	for j, ms := range Measures {
		if !name.MatchString(ms.Name) || seen[ms.Name] {
			t.Errorf("measure %d: name %q not a unique column name", j, ms.Name)
		}
		seen[ms.Name] = true
		if !slices.Contains(units, ms.Unit) {
			t.Errorf("%s: unit %q, want one of %v", ms.Name, ms.Unit, units)
		}
		if ms.Disclosure < CountsPeople || ms.Disclosure > Public {
			t.Errorf("%s: no disclosure class", ms.Name)
		}
		if ms.value == nil {
			t.Errorf("%s: no value", ms.Name)
		}
		if ms.Adds == (ms.Unit == "months" || ms.Unit == "share") {
			t.Errorf("%s: adds %v, unit %s: counts add up, months and shares do not", ms.Name, ms.Adds, ms.Unit)
		}
		if ms.PerStart && (ms.Adds || ms.Disclosure != DerivedFromStarts) {
			t.Errorf("%s: a mean over starts neither adds up nor is anything but derived from starts", ms.Name)
		}
		if ms.Compare && !ms.Adds && !ms.PerStart && ms.Unit != "share" || ms.Adds && ms.PerStart {
			t.Errorf("%s: compared, but Figures can only sum a count, weight a mean over starts or take a share", ms.Name)
		}
		if ms.CountsPeople() && (!ms.Adds || ms.Unit != "needs") {
			t.Errorf("%s: a count of people that does not add up", ms.Name)
		}
	}
	for _, need := range []string{"starts", "completed_in_time", "completed_late", "dropped_out", "in_progress_at_horizon"} {
		if j := MeasureIndex(need); j < 0 || !Measures[j].CountsPeople() {
			t.Errorf("%s: publication sums it as a count of people", need)
		}
	}
}

// TestMeasureOrder: the columns of every table and file, and the figures
// of compare and sweep, are in this order; a new measure goes at the end.
func TestMeasureOrder(t *testing.T) {
	want := []string{"completed_in_time", "completed_late", "dropped_out", "released_untreated",
		"waiting_at_horizon", "in_progress_at_horizon", "starts", "cohorts", "empty_places",
		"mean_wait_months", "median_wait_months", "p90_wait_months", "mean_wait_new_months", "next_start_months"}
	if !slices.Equal(MeasureNames[:min(len(want), len(MeasureNames))], want) {
		t.Errorf("MeasureNames %v, want %v first", MeasureNames, want)
	}
	if want := []int{0, 1, 2, 3, 4, 6, 9, 14, 15}; !slices.Equal(CompareMeasures, want) {
		t.Errorf("CompareMeasures %v, want %v", CompareMeasures, want)
	}
	for d, want := range map[Disclosure][]string{
		CountsPeople: {"completed_in_time", "completed_late", "dropped_out", "released_untreated",
			"waiting_at_horizon", "in_progress_at_horizon", "starts", "released_too_short", "mean_on_list"},
		DerivedFromStarts: {"empty_places", "mean_wait_months", "median_wait_months", "p90_wait_months", "mean_wait_new_months",
			"p_start_in_time", "km_median_wait_months", "km_p90_wait_months", "places_filled"},
		Public: {"cohorts", "next_start_months", "starts_lost_no_people", "starts_lost_no_team", "starts_lost_suspended", "places_due"},
	} {
		if got := MeasureNamesBy(d); !slices.Equal(got, want) {
			t.Errorf("MeasureNamesBy(%d) = %v, want %v", d, got, want)
		}
	}
}

// TestMeasureValues: each measure reads its own field of an Outcome.
func TestMeasureValues(t *testing.T) {
	o := Outcome{InTime: 1, Late: 2, Dropped: 3, Untreated: 4, Waiting: 5, InProgress: 6, Starts: 7, Cohorts: 8, Empty: 9,
		MeanWait: 10, MedianWait: 11, P90Wait: 12, MeanWaitNew: 13, NextStart: 14, TooShort: 15, PStartInTime: 16,
		KMMedianWait: 17, KMP90Wait: 18, LostNoPeople: 19, LostNoTeam: 20, LostSuspended: 21,
		MeanOnList: 22, PlacesDue: 23, PlacesFilled: 24}
	for j, v := range o.appendValues(nil) {
		if v != float64(j+1) {
			t.Errorf("%s: value %v, want %d", Measures[j].Name, v, j+1)
		}
	}
}

// TestRollupPoolsWaits: a rollup's counts are the sums, its waits those of
// the pooled starts (not the mean of the means), and it has no next start.
func TestRollupPoolsWaits(t *testing.T) {
	a := Outcome{Starts: 1, Cohorts: 1, waits: []float64{10}, NextStart: 3}
	b := Outcome{Starts: 3, Cohorts: 1, waits: []float64{1, 2, 3}, newWaits: []float64{2}, NextStart: 1}
	for _, o := range []*Outcome{&a, &b} {
		o.summariseWaits()
	}
	v := make([]float64, len(Measures))
	var p pooled
	for _, o := range []*Outcome{&a, &b} {
		for j, x := range o.appendValues(nil) {
			if Measures[j].Adds {
				v[j] += x
			}
		}
		p.add(o)
	}
	p.fill(v)
	// Pooled waits 1, 2, 3, 10: mean 4 (the mean of the means is 6); the
	// empirical median is the lower middle one.
	want := map[string]float64{"starts": 4, "cohorts": 2, "mean_wait_months": 4, "median_wait_months": 2,
		"mean_wait_new_months": 2}
	for name, w := range want {
		if got := v[MeasureIndex(name)]; got != w {
			t.Errorf("%s: %v, want %v", name, got, w)
		}
	}
	if got := v[MeasureIndex("next_start_months")]; !math.IsNaN(got) {
		t.Errorf("next start %v, want none (NaN) for a rollup", got)
	}
}

// TestFigures: counts are summed over establishments × programmes and the
// mean wait is weighted by starts (an outcome with no start has no mean
// wait and no weight).
func TestFigures(t *testing.T) {
	run := &Replication{Outcomes: []Outcome{
		{InTime: 2, Starts: 2, MeanWait: 1},
		{InTime: 1, Dropped: 1, Starts: 6, MeanWait: 3},
		{Untreated: 4, MeanWait: math.NaN()},
	}}
	got := Figures(run)
	want := map[string]float64{"completed_in_time": 3, "dropped_out": 1, "released_untreated": 4, "starts": 8,
		"mean_wait_months": 2.5}
	for k, j := range CompareMeasures {
		if w, ok := want[MeasureNames[j]]; ok && got[k] != w {
			t.Errorf("%s: %v, want %v", MeasureNames[j], got[k], w)
		}
	}
}
