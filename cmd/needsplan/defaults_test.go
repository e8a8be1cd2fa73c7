package main

import (
	"bytes"
	"context"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"needsplan/data"
	"needsplan/data/synth"
	"needsplan/pipeline"
)

// TestDefaultDatasetIsFresh regenerates the embedded dataset with the
// command in data/defaults/README.md and checks it is byte for byte what is
// embedded: the generator is deterministic and the committed files are
// current.
func TestDefaultDatasetIsFresh(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("generates the national dataset")
	}
	out := filepath.Join(t.TempDir(), "defaults")
	if code, _, errb := runCLI(t, "synth", "--seed", "1", "--format", "parquet", "--out", out); code != 0 {
		t.Fatalf("synth: exit %d: %s", code, errb)
	}
	for _, name := range []string{"profiles.parquet", "establishments.csv", "offerings.csv"} {
		got := mustRead(t, filepath.Join(out, name))
		want := mustRead(t, filepath.Join("..", "..", "data", "defaults", name))
		if !bytes.Equal(got, want) {
			t.Errorf("data/defaults/%s differs from a fresh `needsplan synth --seed 1`: regenerate it (data/defaults/README.md)", name)
		}
	}
	if synth.DefaultAsOf != data.DefaultAsOf {
		t.Errorf("synth.DefaultAsOf %s and data.DefaultAsOf %s differ", synth.DefaultAsOf, data.DefaultAsOf)
	}
}

// TestNoInputUsesEmbedded runs the main commands with no dataset: they use
// the embedded national dataset, say so in one line on stderr, and it loads
// through the same readers and checks as a user's files.
func TestNoInputUsesEmbedded(t *testing.T) {
	t.Parallel()
	code, out, errb := runCLI(t, "needs", "--by", "estate")
	if code != 0 {
		t.Fatalf("needs: exit %d: %s", code, errb)
	}
	if n := strings.Count(errb, "\n"); n != 1 || !strings.Contains(errb, "embedded national dataset") {
		t.Errorf("stderr should be one line naming the embedded dataset, got %q", errb)
	}
	if !strings.Contains(out, "87334 people") {
		t.Errorf("national needs analysis does not cover 87334 people:\n%s", out)
	}
	d, err := data.LoadDefault(t.Context(), data.LoadOptions{})
	if err != nil {
		t.Fatalf("embedded dataset does not validate: %v", err)
	}
	if len(d.Establishments) != 125 || len(d.Profiles) != synth.DefaultPeople || len(d.Offerings) == 0 {
		t.Errorf("embedded dataset: %d establishments, %d people, %d offerings", len(d.Establishments), len(d.Profiles), len(d.Offerings))
	}
	// The embedded establishments are the real ones: every code and name of
	// docs/reference/establishments.csv (copied to data/synth/estate.csv),
	// but for the case of a name's small words ("Isle of Wight", which the
	// register writes "Isle Of Wight").
	ref := strings.ToLower(string(mustRead(t, filepath.Join("..", "..", "data", "synth", "estate.csv"))))
	for _, e := range d.Establishments {
		code, name := strings.ToLower(e.Code), strings.ToLower(e.Name)
		if !strings.Contains(ref, "\n"+code+","+name+",") && !strings.Contains(ref, "\n"+code+",\""+name+"\",") {
			t.Errorf("establishment %s %q is not in the reference list", e.Code, e.Name)
		}
	}
	if code, _, errb := runCLI(t, "validate", filepath.Join("..", "..", "data", "defaults")); code != 0 {
		t.Errorf("validate data/defaults: exit %d: %s", code, errb)
	}
	if code, _, errb := runCLI(t, "calibration"); code != 0 {
		t.Errorf("calibration of the embedded dataset: exit %d: %s", code, errb)
	}
}

// TestSyntheticDataDocTable checks that the calibration table in
// docs/synthetic-data.md is exactly what the calibration command prints, so
// the document cannot drift from the data.
func TestSyntheticDataDocTable(t *testing.T) {
	t.Parallel()
	code, out, errb := runCLI(t, "calibration", "--format", "markdown")
	if code != 0 {
		t.Fatalf("calibration: exit %d: %s", code, errb)
	}
	doc := string(mustRead(t, filepath.Join("..", "..", "docs", "synthetic-data.md")))
	start := strings.Index(doc, "<!-- calibration table: generated -->\n")
	end := strings.Index(doc, "<!-- end of calibration table -->")
	if start < 0 || end < start {
		t.Fatal("docs/synthetic-data.md has no generated calibration table markers")
	}
	if got := doc[start+len("<!-- calibration table: generated -->\n") : end]; got != out {
		t.Errorf("docs/synthetic-data.md's table differs from `needsplan calibration --format markdown`; paste its output between the markers")
	}
}

// TestSimulatedReleasesMatchTheDataset: the releases the simulation counts
// in its first year, from sentences and after recall, agree with what the
// dataset implies by the gap analysis's length-biased weights
// (synth.ExpectedReleases: the stock due out within 12 months, plus the
// year's receptions released within it) — two computations of one
// expectation, one by events, one by formula. Four replications of the
// national estate: a replication's releases vary by about ±100 (Poisson
// receptions), so 1% is ample.
func TestSimulatedReleasesMatchTheDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates the national estate")
	}
	t.Parallel()
	var in gapInputs
	in.registerInputs(pflag.NewFlagSet("calibration", pflag.ContinueOnError)) // the flags' defaults
	b, err := in.analyse(context.Background(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	rel, rec, err := pipeline.SimulatedReleases(context.Background(), b, 1, 4, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := synth.ExpectedReleases(b.Estate.Profiles, b.Estate.AsOf)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"from sentences", rel.Mean, want.Sentences()},
		{"after recall", rec.Mean, want.RecallStock + want.RecallFlow},
	} {
		if math.Abs(c.got-c.want) > 0.01*c.want {
			t.Errorf("releases %s: simulated %.0f a year, the dataset implies %.0f", c.name, c.got, c.want)
		}
		t.Logf("releases %s: simulated %.0f a year, the dataset implies %.0f", c.name, c.got, c.want)
	}
}
