package model_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"slices"
	"testing"

	"needsplan/data"
	"needsplan/model"
)

// embeddedEstablishments reads the real establishments of the embedded
// dataset.
func embeddedEstablishments(t *testing.T) []model.Establishment {
	t.Helper()
	p := data.DefaultPaths()
	b, err := fs.ReadFile(p.FS, p.Establishments)
	if err != nil {
		t.Fatal(err)
	}
	ests, _, err := data.ReadEstablishments(context.Background(), bytes.NewReader(b), p.Establishments, "")
	if err != nil {
		t.Fatal(err)
	}
	return ests
}

// TestFindEstablishment finds establishments of the embedded dataset by
// code and by name: the whole name with or without its type words and
// punctuation, a prefix, a whole word, a word's start; two of one name
// told apart by type words or listed; an unknown name with the nearest.
func TestFindEstablishment(t *testing.T) {
	t.Parallel()
	ests := embeddedEstablishments(t)
	tests := []struct {
		query string
		want  string   // the code found, "" for an error
		cands []string // ambiguous: the candidates; unknown: the nearest
		err   error
	}{
		{"HMI", "HMI", nil, nil},
		{" hmi ", "HMI", nil, nil},
		{"stc3", "STC3", nil, nil},
		{"humber", "HMI", nil, nil},
		{"Humber", "HMI", nil, nil},
		{"HMP Humber", "HMI", nil, nil},
		{"Humber (HMP)", "HMI", nil, nil},
		{"hum", "HMI", nil, nil},
		{"isle of wight", "IWI", nil, nil},
		{"Isle Of Wight (HMP & YOI)", "IWI", nil, nil},
		{"HMP/YOI Isle-of-Wight", "IWI", nil, nil},
		{"isle of w", "IWI", nil, nil},
		{"wight", "IWI", nil, nil},
		{"Guy's Marsh", "GMI", nil, nil},
		{"guys marsh", "GMI", nil, nil},
		{"Wormwood Scrubs", "WSI", nil, nil},
		{"scrubs", "WSI", nil, nil},
		{"scrub", "WSI", nil, nil},
		{"highdown", "HOI", nil, nil},
		{"the mount", "MTI", nil, nil},
		{"mount", "MTI", nil, nil},
		{"verne", "VEI", nil, nil},
		{"Oakhill", "STC3", nil, nil},
		{"peterborough", "PBI", nil, nil}, // the whole name before a prefix of Peterborough Female
		{"Peterborough Female", "PFI", nil, nil},
		{"feltham", "", []string{"FMI", "FYI"}, model.ErrAmbiguousEstablishment},
		{"Feltham YOI", "FYI", nil, nil},
		{"HMYOI Feltham", "FYI", nil, nil},
		{"HMP Feltham", "FMI", nil, nil},
		{"parc", "", []string{"PRI", "PYI"}, model.ErrAmbiguousEstablishment},
		{"HMP Parc", "PRI", nil, nil},
		{"Parc (HMYOI)", "PYI", nil, nil},
		{"hu", "", []string{"HCI", "HLI", "HMI"}, model.ErrAmbiguousEstablishment},
		{"grange", "", []string{"AGI", "KVI", "LGI"}, model.ErrAmbiguousEstablishment},
		{"hill", "", []string{"EHI", "RHI", "SPI", "WII"}, model.ErrAmbiguousEstablishment},
		{"humbre", "", []string{"HMI"}, model.ErrUnknownEstablishment},
		{"wandswoth", "", []string{"WWI"}, model.ErrUnknownEstablishment},
		{"xyzzy", "", nil, model.ErrUnknownEstablishment},
		{"HMP", "", nil, model.ErrUnknownEstablishment},
		{"", "", nil, model.ErrUnknownEstablishment},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			e, cands, err := model.FindEstablishment(ests, tt.query)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if e.Code != tt.want {
				t.Errorf("found %q, want %q", e.Code, tt.want)
			}
			var codes []string
			for _, c := range cands {
				codes = append(codes, c.Code)
			}
			if !slices.Equal(codes, tt.cands) {
				t.Errorf("candidates %v, want %v (%v)", codes, tt.cands, err)
			}
		})
	}
}

// TestFindEstablishmentMessage checks that the errors name the candidates
// with their codes.
func TestFindEstablishmentMessage(t *testing.T) {
	t.Parallel()
	ests := embeddedEstablishments(t)
	tests := []struct{ query, want string }{
		{"feltham", "ambiguous establishment name: it matches 2 establishments: FMI Feltham (HMP), FYI Feltham (HMYOI); give a code or more of the name"},
		{"humbre", "no establishment has this code or name; nearest: HMI Humber (HMP)"},
		{"xyzzy", "no establishment has this code or name"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if _, _, err := model.FindEstablishment(ests, tt.query); err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestEditDistance: Levenshtein distances worked by hand.
func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"kitten", "sitting", 3}, {"", "abc", 3}, {"abc", "", 3}, {"humber", "humber", 0}, {"flaw", "lawn", 2}, {"café", "cafe", 1}} {
		if got := model.EditDistance(c.a, c.b); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
