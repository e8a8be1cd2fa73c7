package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"needsplan/model"
)

// TestReplaceDirWithFiles: the files at their paths, every table as CSV
// and Parquet under tables/, the marker; an earlier output is replaced
// whole, a directory of other things refused.
func TestReplaceDirWithFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	files := map[string][]byte{"index.html": []byte("<p>hi</p>"), "directory/a/index.html": []byte("a")}
	tbl := faultTable()
	if err := ReplaceDirWithFiles(dir, ".marker", files, []*model.Table{tbl}); err != nil {
		t.Fatal(err)
	}
	var got []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(got)
	if want := []string{".marker", "directory/a/index.html", "index.html", "tables/t.csv", "tables/t.parquet"}; !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if b := mustReadFile(t, filepath.Join(dir, "tables", "t.csv")); !strings.HasPrefix(string(b), "x,s\n0,row 0\n") {
		t.Errorf("tables/t.csv begins %q", b[:20])
	}
	if err := ReplaceDirWithFiles(dir, ".marker", map[string][]byte{"new.html": nil}, nil); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{".marker", "new.html", "tables"}) {
		t.Errorf("after replacing: %v", got)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "mine.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceDirWithFiles(other, ".marker", files, nil); !errors.Is(err, ErrNotReplaceable) {
		t.Errorf("a directory of other things: %v, want ErrNotReplaceable", err)
	}
}

// TestWriteDatasetDir: a dataset written in each profiles format reads back
// the same; with both, dir/csv is a dataset of its own; an existing
// directory that is not empty is refused.
func TestWriteDatasetDir(t *testing.T) {
	ctx := context.Background()
	d, err := Load(ctx, samplePaths, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	for format, dirs := range map[string][]string{"parquet": {"."}, "csv": {"."}, "both": {".", "csv"}} {
		out := filepath.Join(root, format)
		if err := WriteDatasetDir(out, d, format); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		for _, sub := range dirs {
			paths, err := DatasetPaths(filepath.Join(out, sub))
			if err != nil {
				t.Fatalf("%s/%s: %v", format, sub, err)
			}
			wantExt := ".parquet"
			if format == "csv" || sub == "csv" {
				wantExt = ".csv"
			}
			if filepath.Ext(paths.Profiles) != wantExt {
				t.Errorf("%s/%s: profiles %s, want %s", format, sub, paths.Profiles, wantExt)
			}
			back, err := Load(ctx, paths, LoadOptions{AsOf: model.Some(d.AsOf)})
			if err != nil {
				t.Fatalf("%s/%s: %v", format, sub, err)
			}
			if !reflect.DeepEqual(back.Establishments, d.Establishments) || !reflect.DeepEqual(back.Offerings, d.Offerings) || !reflect.DeepEqual(back.Profiles, d.Profiles) {
				t.Errorf("%s/%s: the dataset read back differs", format, sub)
			}
		}
	}
	if err := WriteDatasetDir(filepath.Join(root, "csv"), d, "csv"); err == nil || !strings.Contains(err.Error(), "exists and is not empty") {
		t.Errorf("over a dataset: %v", err)
	}
}
