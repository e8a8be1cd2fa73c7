package data

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"needsplan/model"
)

// TestTablePaths: one directory is a dataset; files go to their tables by
// name, in any case; a name for no table, or two files for one table, is
// refused, and not as an input error; a directory that is not a dataset is
// one.
func TestTablePaths(t *testing.T) {
	p, err := TablePaths([]string{"../testdata/sample"})
	if err != nil || p.Profiles != filepath.Join("../testdata/sample", "profiles.csv") || p.Offerings == "" || p.Establishments == "" {
		t.Errorf("a dataset directory: %+v %v", p, err)
	}
	p, err = TablePaths([]string{"x/Profiles-2026.parquet", "y/offerings.csv"})
	if err != nil || p.Profiles != "x/Profiles-2026.parquet" || p.Offerings != "y/offerings.csv" || p.Establishments != "" {
		t.Errorf("two files: %+v %v", p, err)
	}
	for args, want := range map[[2]string]string{
		{"people.csv", ""}:                     "people.csv: cannot tell which table this is: name it profiles*, establishments* or offerings*",
		{"a/offerings.csv", "b/offerings.csv"}: "two files for one table: a/offerings.csv and b/offerings.csv",
	} {
		list := []string{args[0]}
		if args[1] != "" {
			list = append(list, args[1])
		}
		if _, err := TablePaths(list); err == nil || err.Error() != want || errors.Is(err, ErrInvalid) {
			t.Errorf("%v: %v, want %q and not an input error", list, err, want)
		}
	}
	empty := t.TempDir()
	if _, err := TablePaths([]string{empty}); !errors.Is(err, ErrInvalid) {
		t.Errorf("an empty directory: %v, want an input error", err)
	}
}

// TestPathsWith: the files given replace the dataset's, the others stay.
func TestPathsWith(t *testing.T) {
	p := Paths{Profiles: "d/profiles.csv", Establishments: "d/establishments.csv", Offerings: "d/offerings.csv"}
	got := p.With("mine.parquet", "", "")
	if got.Profiles != "mine.parquet" || got.Establishments != p.Establishments || got.Offerings != p.Offerings || p.Profiles != "d/profiles.csv" {
		t.Errorf("With: %+v (from %+v)", got, p)
	}
	if got := (Paths{}).With("", "e.csv", "o.csv"); got != (Paths{Establishments: "e.csv", Offerings: "o.csv"}) {
		t.Errorf("With on no dataset: %+v", got)
	}
}

// TestSummary: the tables read, and the dataset date with how it was set.
func TestSummary(t *testing.T) {
	ctx := context.Background()
	d, err := Load(ctx, samplePaths, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("ok: %d people, %d establishments, %d offerings\ndataset date: %s (latest sentence start or assessment)\n",
		len(d.Profiles), len(d.Establishments), len(d.Offerings), d.AsOf)
	if got := d.Summary(samplePaths); got != want {
		t.Errorf("derived date:\n%s\nwant\n%s", got, want)
	}
	given, err := Load(ctx, samplePaths, LoadOptions{AsOf: model.Some(d.AsOf)})
	if err != nil {
		t.Fatal(err)
	}
	if got := given.Summary(samplePaths); got[len(got)-8:] != "(given)\n" {
		t.Errorf("given date:\n%s", got)
	}
	only := Paths{Offerings: samplePaths.Offerings, Establishments: samplePaths.Establishments}
	o, err := Load(ctx, only, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := o.Summary(only), fmt.Sprintf("ok: %d establishments, %d offerings\n", len(o.Establishments), len(o.Offerings)); got != want {
		t.Errorf("no profiles: %q", got)
	}
}
