package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
