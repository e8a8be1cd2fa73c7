package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"needsplan/model"
)

// fullDisk is a writer that takes n bytes and then fails as a full disk
// does (ENOSPC), with a short write.
type fullDisk struct {
	w io.Writer
	n int
}

func (d *fullDisk) Write(p []byte) (int, error) {
	if len(p) <= d.n {
		d.n -= len(p)
		return d.w.Write(p)
	}
	k, _ := d.w.Write(p[:d.n])
	d.n = 0
	return k, syscall.ENOSPC
}

// faultTable is a table large enough to need many writes.
func faultTable() *model.Table {
	t := &model.Table{Name: "t", Columns: []model.Column{{Name: "x", Kind: model.IntColumn}, {Name: "s"}}}
	for i := range 5000 {
		t.Columns[0].Ints = append(t.Columns[0].Ints, int64(i))
		t.Columns[1].Text = append(t.Columns[1].Text, fmt.Sprintf("row %d", i))
	}
	return t
}

// entries lists dir's names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestWriteFileAtomicFullDisk: when the disk fills after 0, 1, 4,096 or
// all but one of the bytes, WriteFileAtomic returns the error (ENOSPC,
// naming the path), leaves no file where there was none and the old file
// untouched where there was one, and no temporary file.
func TestWriteFileAtomicFullDisk(t *testing.T) {
	tbl := faultTable()
	var whole bytes.Buffer
	if err := WriteCSV(&whole, tbl); err != nil {
		t.Fatal(err)
	}
	var pq bytes.Buffer
	if err := WriteParquet(&pq, tbl); err != nil {
		t.Fatal(err)
	}
	d, err := Load(t.Context(), samplePaths, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	people := d.Profiles
	profPQ, profAR := binaryProfiles(t, people)
	formats := []struct {
		name  string
		size  int
		write func(io.Writer) error
	}{
		{"csv", whole.Len(), func(w io.Writer) error { return WriteCSV(w, tbl) }},
		{"parquet", pq.Len(), func(w io.Writer) error { return WriteParquet(w, tbl) }},
		{"profiles parquet", len(profPQ), func(w io.Writer) error { return WriteProfilesParquet(w, people) }},
		{"profiles arrow", len(profAR), func(w io.Writer) error { return WriteProfilesArrow(w, people) }},
	}
	for _, f := range formats {
		for _, n := range []int{0, 1, 4096, f.size - 1} {
			for _, old := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/after %d bytes/old file %v", f.name, n, old), func(t *testing.T) {
					dir := t.TempDir()
					path := filepath.Join(dir, "out."+strings.ReplaceAll(f.name, " ", "."))
					if old {
						if err := os.WriteFile(path, []byte("the old file\n"), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					err := WriteFileAtomic(path, func(w io.Writer) error { return f.write(&fullDisk{w: w, n: n}) })
					if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), path) {
						t.Fatalf("error %v, want ENOSPC naming %s", err, path)
					}
					got := entries(t, dir)
					switch {
					case old && (len(got) != 1 || string(mustReadFile(t, path)) != "the old file\n"):
						t.Errorf("the old file is not intact: %v", got)
					case !old && len(got) != 0:
						t.Errorf("left behind: %v", got)
					}
				})
			}
		}
	}
	// Control: with room for every byte, the file is written whole.
	path := filepath.Join(t.TempDir(), "out.csv")
	if err := WriteFileAtomic(path, func(w io.Writer) error { return WriteCSV(&fullDisk{w: w, n: whole.Len()}, tbl) }); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mustReadFile(t, path), whole.Bytes()) {
		t.Error("with room for every byte the file differs")
	}
}

// TestDirWritersFullDisk: a directory whose second file meets a full disk
// is not put in place: WriteDirAtomic leaves no directory (or the empty
// one that was there), ReplaceDirAtomic leaves the old directory as it
// was, and neither leaves a temporary or old directory beside it.
func TestDirWritersFullDisk(t *testing.T) {
	tbl := faultTable()
	fill := func(tmp string) error {
		if err := WriteFileAtomic(filepath.Join(tmp, "a.csv"), func(w io.Writer) error { return WriteCSV(w, tbl) }); err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(tmp, "tables"), 0o755); err != nil {
			return err
		}
		return WriteFileAtomic(filepath.Join(tmp, "tables", "b.csv"), func(w io.Writer) error { return WriteCSV(&fullDisk{w: w, n: 1000}, tbl) })
	}
	t.Run("new directory", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		if err := WriteDirAtomic(dir, fill); !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("error %v, want ENOSPC", err)
		}
		if got := entries(t, parent); len(got) != 0 {
			t.Errorf("left behind: %v", got)
		}
	})
	t.Run("empty directory", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WriteDirAtomic(dir, fill); !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("error %v, want ENOSPC", err)
		}
		if got := entries(t, parent); len(got) != 1 || len(entries(t, dir)) != 0 {
			t.Errorf("left behind: %v, in out: %v", got, entries(t, dir))
		}
	})
	t.Run("replacing a directory", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		if err := os.MkdirAll(filepath.Join(dir, "tables"), 0o755); err != nil {
			t.Fatal(err)
		}
		// A previous output: its marker says it may be replaced.
		for _, f := range []string{"index.html", "tables/old.csv", ".marker"} {
			if err := os.WriteFile(filepath.Join(dir, f), []byte("old "+f), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := ReplaceDirAtomic(dir, ".marker", fill); !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("error %v, want ENOSPC", err)
		}
		if got := entries(t, parent); len(got) != 1 || got[0] != "out" {
			t.Errorf("beside the directory: %v", got)
		}
		if got := entries(t, dir); len(got) != 3 || string(mustReadFile(t, filepath.Join(dir, "index.html"))) != "old index.html" ||
			string(mustReadFile(t, filepath.Join(dir, "tables", "old.csv"))) != "old tables/old.csv" {
			t.Errorf("the old directory changed: %v", got)
		}
	})
}
