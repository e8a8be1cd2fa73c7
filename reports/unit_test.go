package reports

import (
	"testing"

	"needsplan/model"
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
		if got := spare(c.v); got != c.want {
			t.Errorf("spare(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// TestAssumedWords: every field the catalogue can mark as an assumption
// has words in the report (none shown as its raw key).
func TestAssumedWords(t *testing.T) {
	g := &model.Programme{}
	for _, f := range g.Figures() {
		if _, ok := assumedWords[f.Key]; !ok {
			t.Errorf("figure %s has no words", f.Key)
		}
	}
	for _, key := range []string{"replaced_by", "ldc", "ldc_route", "prerequisites"} {
		if _, ok := assumedWords[key]; !ok {
			t.Errorf("%s has no words", key)
		}
	}
}
