package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"needsplan/analysis/sim"
)

// How numbers are written, one function per format, each named for what it
// formats. Some look alike and differ in a detail that an output depends
// on; they are kept apart, and their comments say how they differ:
//
//   - whole and thousands both write whole numbers: whole for terminal
//     tables (no separators, "–" and "∞" for no figure and no limit),
//     thousands for pages and charts (comma separators).
//   - percent and percentAtLeast1 both write a share as a whole percentage;
//     percentAtLeast1, for chart labels, writes a small share as "<1%" so
//     that it does not read as none.
//   - interval and peopleInterval both write a mean across replications
//     with its 95% interval: interval to a given number of decimals with
//     Go's %f (an exact half goes to the even digit), peopleInterval in
//     whole people with separators, rounded half away from zero
//     (math.Round), as the report's other counts of people are.

// missing is what a table shows for a figure that has no value.
const missing = "–"

// whole writes a count of people or places in a terminal table: a whole
// number without separators (%.0f), "–" for none (NaN) and "∞" for no
// limit (+Inf).
func whole(v float64) string {
	switch {
	case math.IsNaN(v):
		return missing
	case math.IsInf(v, 1):
		return "∞"
	}
	return fmt.Sprintf("%.0f", v)
}

// thousands writes a count of people or places on a page or chart: a whole
// number (%.0f) with comma thousands separators, "12,400".
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", math.Abs(v))
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if v < 0 && s != "0" {
		return "-" + b.String()
	}
	return b.String()
}

// oneDecimalBelow100 writes a mean of people or months in the comparison
// of scenarios: one decimal below 100 (in size), whole above, "–" for none.
func oneDecimalBelow100(v float64) string {
	if math.IsNaN(v) {
		return missing
	}
	if math.Abs(v) < 100 {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// ratio writes a coverage (places ÷ demand) or a fit score: two decimals,
// "–" for none and "no need" for places with no demand (+Inf).
func ratio(v float64) string {
	switch {
	case math.IsNaN(v):
		return missing
	case math.IsInf(v, 1):
		return "no need"
	}
	return fmt.Sprintf("%.2f", v)
}

// percentage writes a share (0.375) as a percentage with one decimal and no
// sign, "37.5", for tables whose heading says %; "–" for none.
func percentage(p float64) string { return percentageOr(p, missing) }

// percentageOr is percentage with none (NaN) written as none.
func percentageOr(p float64, none string) string {
	if math.IsNaN(p) {
		return none
	}
	return fmt.Sprintf("%.1f", 100*p)
}

// percentagePoints writes a difference of two shares in percentage points,
// signed and with one decimal: "+4.2".
func percentagePoints(d float64) string { return fmt.Sprintf("%+.1f", 100*d) }

// percent writes a share as a whole percentage with its sign: "38%".
func percent(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }

// percentAtLeast1 is percent for chart labels: a share that is not zero
// but would round to 0% is "<1%".
func percentAtLeast1(v float64) string {
	if v > 0 && v < 0.005 {
		return "<1%"
	}
	return percent(v)
}

// wholeOrOneDecimal writes places or cohorts a year: whole numbers plainly,
// else one decimal.
func wholeOrOneDecimal(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// sparePlaces writes spare places (places − expected demand, more than 0):
// whole places, or one decimal below 0.95 (what would round to 1) so that
// a fraction does not read as none.
func sparePlaces(v float64) string {
	if v < 0.95 {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// plainNumber writes a figure as given, in as few digits as say it
// exactly and never with an exponent: "2.5", "12".
func plainNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// rounded writes a figure of a table rounded to at most decimals places,
// trailing zeros dropped, and a negative zero as "0".
func rounded(v float64, decimals int) string {
	p := math.Pow10(decimals)
	s := strconv.FormatFloat(math.Round(v*p)/p, 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
}

// months says a number of months: "1 month", "6 months", "2.5 months".
func months(v float64) string { return plainNumber(v) + " " + unitFor("months", v) }

// years says a number of years: "1 year", "2.5 years".
func years(v float64) string { return plainNumber(v) + " " + unitFor("years", v) }

// unitFor is unit (a plural: months, weeks, places, people) for a figure
// of v: singular for exactly 1.
func unitFor(unit string, v float64) string {
	switch {
	case v != 1:
		return unit
	case unit == "people":
		return "person"
	}
	return strings.TrimSuffix(unit, "s")
}

// interval writes a mean across replications and its 95% interval with the
// given decimals, "12.3 (10.1–14.5)"; counts and months cannot be
// negative, so the interval is cut at zero. With fewer than two
// replications there is no interval; with none, "–".
func interval(m sim.Summary, decimals int) string {
	if math.IsNaN(m.Mean) {
		return missing
	}
	if m.N < 2 {
		return fmt.Sprintf("%.*f", decimals, m.Mean)
	}
	return fmt.Sprintf("%.*f (%.*f–%.*f)", decimals, m.Mean, decimals, math.Max(0, m.Lo)+0, decimals, m.Hi)
}

// peopleInterval writes a mean number of people across replications and
// its 95% interval for a page: whole people with separators, "1,234
// (1,100–1,350)", the interval cut at zero; no interval with fewer than
// two replications; "–" with none.
func peopleInterval(m sim.Summary) string {
	if math.IsNaN(m.Mean) {
		return missing
	}
	if m.N < 2 {
		return thousands(math.Round(m.Mean))
	}
	return fmt.Sprintf("%s (%s–%s)", thousands(math.Round(m.Mean)), thousands(math.Round(math.Max(0, m.Lo))), thousands(math.Round(m.Hi)))
}
