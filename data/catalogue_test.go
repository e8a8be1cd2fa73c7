package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"needsplan/model"
)

// TestLoadCatalogue: no path is the embedded catalogue; a file is read
// under its own name; a file that cannot be opened is an input error
// naming it.
func TestLoadCatalogue(t *testing.T) {
	def, err := LoadCatalogue("")
	if err != nil || def.Len() == 0 {
		t.Fatalf("embedded: %v", err)
	}
	path := filepath.Join(t.TempDir(), "my-catalogue.yaml")
	if err := os.WriteFile(path, DefaultCatalogueYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := LoadCatalogue(path); err != nil || c.Len() != def.Len() || c.Version != def.Version {
		t.Errorf("a copy of the embedded catalogue: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "none.yaml")
	_, err = LoadCatalogue(missing)
	if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), missing+": cannot open the catalogue: ") {
		t.Errorf("a missing file: %v", err)
	}
}

// TestCatalogueCosts: the embedded catalogue's costs block gives the
// model's defaults figure for figure (so the two cannot drift), a block
// overriding one key keeps the others, and an unknown key, a key given
// twice or a zero figure is refused with its line.
func TestCatalogueCosts(t *testing.T) {
	def, err := LoadCatalogue("")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := def.Costs(), model.DefaultCosts(); got != want {
		t.Errorf("embedded costs %+v, want model.DefaultCosts %+v", got, want)
	}
	b, err := os.ReadFile("catalogue.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	i := strings.Index(src, "costs:\n")
	j := strings.Index(src, "# Programme families")
	cases := []struct {
		name, block string
		line        int // of the error; 0: no error
		place       float64
	}{
		{"one key", "costs:\n  cost_per_place: 100\n", 0, 100},
		{"unknown key", "costs:\n  cost_per_group: 100\n", 2, 0},
		{"twice", "costs:\n  cost_per_place: 1\n  cost_per_place: 2\n", 3, 0},
		{"zero", "costs:\n  session_hours: 0\n", 2, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := src[:i] + c.block + src[j:]
			cat, err := ReadCatalogue(strings.NewReader(text), "c.yaml")
			first := strings.Count(src[:i], "\n") + 1
			if c.line == 0 {
				if err != nil {
					t.Fatal(err)
				}
				got := cat.Costs()
				if got.PerPlace.Value != c.place || got.SessionHours != model.DefaultCosts().SessionHours {
					t.Errorf("costs %+v", got)
				}
				return
			}
			var de *Error
			if !errors.As(err, &de) || de.Line != first+c.line-1 {
				t.Errorf("error %v, want one at line %d", err, first+c.line-1)
			}
		})
	}
}
