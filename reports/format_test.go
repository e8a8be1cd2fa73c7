package reports

import (
	"math"
	"testing"

	"needsplan/analysis/sim"
)

func TestUnitFor(t *testing.T) {
	for _, c := range []struct {
		unit string
		v    float64
		want string
	}{
		{"people", 1, "person"}, {"people", 6, "people"}, {"people", 0, "people"},
		{"places", 1, "place"}, {"places", 8, "places"}, {"weeks", 1, "week"}, {"months", 1.5, "months"}, {"", 1, ""},
	} {
		if got := unitFor(c.unit, c.v); got != c.want {
			t.Errorf("unitFor(%q, %v) = %q, want %q", c.unit, c.v, got, c.want)
		}
	}
}

func TestSpare(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{0.1, "0.1"}, {0.44, "0.4"}, {0.94, "0.9"}, {0.96, "1"}, {1, "1"}, {4.6, "5"}, {12, "12"}} {
		if got := sparePlaces(c.v); got != c.want {
			t.Errorf("sparePlaces(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// TestFormats pins the formats that look alike but differ, so that a later
// merge of two of them shows here rather than in an output.
func TestFormats(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct{ got, want string }{
		{whole(12400.4), "12400"}, {whole(nan), "–"}, {whole(inf), "∞"}, {whole(2.5), "2"},
		{thousands(12400.4), "12,400"}, {thousands(-1234), "-1,234"}, {thousands(-0.2), "0"}, {thousands(999), "999"},
		{ratio(0.456), "0.46"}, {ratio(nan), "–"}, {ratio(inf), "no need"},
		{percentage(0.375), "37.5"}, {percentage(nan), "–"}, {percentageOr(nan, "no data"), "no data"},
		{percentagePoints(0.042), "+4.2"}, {percentagePoints(-0.1), "-10.0"},
		{percent(0.004), "0%"}, {percentAtLeast1(0.004), "<1%"}, {percent(0.38), "38%"}, {percentAtLeast1(0.38), "38%"}, {percentAtLeast1(0), "0%"},
		{wholeOrOneDecimal(12), "12"}, {wholeOrOneDecimal(2.45), "2.5"}, {wholeOrOneDecimal(8.333), "8.3"},
		{plainNumber(2.5), "2.5"}, {plainNumber(12), "12"}, {plainNumber(1e21), "1000000000000000000000"},
		{rounded(2.12345678, 6), "2.123457"}, {rounded(-0.0001, 3), "0"}, {rounded(3, 0), "3"}, {rounded(1.005, 2), "1"},
		{months(1), "1 month"}, {months(2.5), "2.5 months"}, {years(1), "1 year"}, {years(3), "3 years"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	// A mean of exactly 2.5 people: %.0f goes to the even digit, math.Round
	// away from zero.
	m := sim.Summary{Mean: 2.5, Lo: -1, Hi: 6.5, N: 4}
	if got := interval(m, 0); got != "2 (0–6)" {
		t.Errorf("interval = %q", got)
	}
	if got := peopleInterval(m); got != "3 (0–7)" {
		t.Errorf("peopleInterval = %q", got)
	}
	if got := interval(sim.Summary{Mean: 1.25, N: 1}, 1); got != "1.2" {
		t.Errorf("interval of one replication = %q", got)
	}
	if got := peopleInterval(sim.Summary{Mean: 1234.5, N: 1}); got != "1,235" {
		t.Errorf("peopleInterval of one replication = %q", got)
	}
	if interval(sim.Summary{Mean: nan}, 1) != "–" || peopleInterval(sim.Summary{Mean: nan}) != "–" {
		t.Error("no mean: want –")
	}
}
