package data

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCatalogueLines: catalogue mistakes name the line in the file as
// written, comments and blank lines counted (the embedded catalogue opens
// with 16 lines of comments).
func TestCatalogueLines(t *testing.T) {
	cat := string(DefaultCatalogueYAML())
	lineOf := func(s, sub string) int { return strings.Count(s[:strings.Index(s, sub)], "\n") + 1 }
	tests := []struct {
		name, from, to string
	}{
		{"unknown key", "    intensity: moderate\n", "    intensty: moderate\n"},
		{"figure without a value", "  group_size: 12\n", "  group_size: {note: none}\n"},
		{"wrong type", "    pathway_bound: true\n", "    pathway_bound: maybe\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(cat, tt.from) {
				t.Skipf("catalogue has no %q", tt.from)
			}
			bad := strings.Replace(cat, tt.from, tt.to, 1)
			want := lineOf(bad, tt.to)
			_, err := ReadCatalogue(bytes.NewReader([]byte(bad)), "c.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			if n := len(lineRE.FindAllString(err.Error(), -1)); n != 1 || !strings.Contains(err.Error(), "c.yaml: line "+itoa(want)) {
				t.Errorf("error %q, want one line, line %d", err, want)
			}
		})
	}
}

func itoa(n int) string {
	var b []byte
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// FuzzReadScenario: no scenario or sweep file panics; every failure is an
// input error.
func FuzzReadScenario(f *testing.F) {
	for _, s := range []string{header + "years: 3\n", "offerings:\n  - {action: scale, factor: .nan}\n", "teams: [{factor: 1, to: 0}]\n",
		"mix: {sexual: [1]}\n", "transfers: 3\n", "a: &x {b: 1}\nc: *x\n", "<<: {years: 2}\n", "grid:\n  offerings[0].factor: [1]\nbase: s.yaml\n"} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, body string) {
		p := filepath.Join(dir, "s.yaml")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadScenario(p); err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("scenario %q: %v is not an input error", body, err)
		}
		sp := filepath.Join(dir, "w.yaml")
		_ = os.WriteFile(sp, []byte(body+"\nbase: s.yaml\n"), 0o644)
		if _, err := ReadSweep(sp); err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("sweep %q: %v is not an input error", body, err)
		}
	})
}
