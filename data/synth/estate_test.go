package synth

import (
	"slices"
	"strings"
	"testing"
)

// TestTidyName checks the small words of a register name are written in
// lower case after its first word, and nothing else changes.
func TestTidyName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Isle Of Wight (HMP & YOI)", "Isle of Wight (HMP & YOI)"},
		{"The Mount (HMP)", "The Mount (HMP)"},
		{"The Verne (HMP)", "The Verne (HMP)"},
		{"Newport Of The Isle And Town (HMP)", "Newport of the Isle and Town (HMP)"},
		{"Humber (HMP)", "Humber (HMP)"},
		{"Kirklevington Grange (HMP & YOI)", "Kirklevington Grange (HMP & YOI)"},
		{"Theale Ofton (HMP)", "Theale Ofton (HMP)"}, // words that merely start like one
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tidyName(tt.name); got != tt.want {
				t.Errorf("tidyName(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

// TestEstateNames checks the names read from the register: the Isle of
// Wight with a lower-case "of", and no small word capitalised after a
// name's first word.
func TestEstateNames(t *testing.T) {
	sites, err := readEstate()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range sites {
		if s.est.Code == "IWI" {
			found = true
			if s.est.Name != "Isle of Wight (HMP & YOI)" {
				t.Errorf("IWI is %q, want Isle of Wight (HMP & YOI)", s.est.Name)
			}
		}
		for _, w := range strings.Fields(s.est.Name)[1:] {
			if slices.Contains(smallWords, strings.ToLower(w)) && w != strings.ToLower(w) {
				t.Errorf("%s %q has %q capitalised", s.est.Code, s.est.Name, w)
			}
		}
	}
	if !found {
		t.Error("no IWI in the register")
	}
}
