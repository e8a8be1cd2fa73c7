package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/ipc"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"needsplan/data"
	"needsplan/model"
)

// TestBadGenerateBinary writes the Parquet and Arrow cases of testdata/bad
// from the sample dataset. The files are committed; regenerate them with
//
//	NEEDSPLAN_BAD_GEN=1 go test ./cmd/needsplan -run TestBadGenerateBinary
//
// The CSV cases are edited by hand from the sample, one defect each.
func TestBadGenerateBinary(t *testing.T) {
	if os.Getenv("NEEDSPLAN_BAD_GEN") == "" {
		t.Skip("generator: set NEEDSPLAN_BAD_GEN=1 to rewrite the binary cases of testdata/bad")
	}
	sample := filepath.Join("..", "..", "testdata", "sample")
	f, err := os.Open(filepath.Join(sample, "profiles.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := data.ReadProfiles(context.Background(), f, "profiles.csv", data.ReadOptions{})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	clone := func() []model.Profile { return append([]model.Profile(nil), ps...) }

	parquetOf := func(ps []model.Profile) []byte {
		var b bytes.Buffer
		if err := data.WriteProfilesParquet(&b, ps); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	arrowOf := func(ps []model.Profile) []byte {
		var b bytes.Buffer
		if err := data.WriteProfilesArrow(&b, ps); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}

	// a valid Parquet file cut in half
	pq := parquetOf(ps)
	badWriteCase(t, sample, "truncated-parquet", "profiles.parquet", pq[:len(pq)/2])

	// a valid Arrow IPC file cut in half
	ar := arrowOf(ps)
	badWriteCase(t, sample, "truncated-arrow", "profiles.arrow", ar[:len(ar)/2])

	// native types, age 200 in record 3
	p := clone()
	p[2].Age = 200
	badWriteCase(t, sample, "parquet-age-out-of-range", "profiles.parquet", parquetOf(p))

	// sex null in record 3 (a required column)
	p = clone()
	p[2].Sex = ""
	badWriteCase(t, sample, "arrow-null-required", "profiles.arrow", arrowOf(p))

	// age as a utf8 column, "old" in record 4
	badWriteCase(t, sample, "parquet-wrong-type", "profiles.parquet", badTextAgeParquet(t, ar, 3, "old"))

	// a valid Arrow profiles table beside the CSV one
	badWriteCase(t, sample, "two-profiles-tables", "profiles.arrow", ar)
}

// badTextAgeParquet rewrites the Arrow IPC file ar as Parquet with the age
// column as utf8 text, and value at index i.
func badTextAgeParquet(t *testing.T, ar []byte, i int, value string) []byte {
	t.Helper()
	r, err := ipc.NewFileReader(bytes.NewReader(ar))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.NumRecords() != 1 {
		t.Fatalf("want one record batch, got %d", r.NumRecords())
	}
	rec, err := r.Record(0)
	if err != nil {
		t.Fatal(err)
	}
	fields := append([]arrow.Field(nil), rec.Schema().Fields()...)
	cols := append([]arrow.Array(nil), rec.Columns()...)
	k := rec.Schema().FieldIndices("age")[0]
	ages := cols[k].(*array.Int32)
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	for j := range ages.Len() {
		if j == i {
			b.Append(value)
		} else {
			b.Append(strconv.Itoa(int(ages.Value(j))))
		}
	}
	text := b.NewArray()
	defer text.Release()
	fields[k] = arrow.Field{Name: "age", Type: arrow.BinaryTypes.String, Nullable: true}
	cols[k] = text
	out := array.NewRecord(arrow.NewSchema(fields, nil), cols, rec.NumRows())
	defer out.Release()
	var buf bytes.Buffer
	w, err := pqarrow.NewFileWriter(out.Schema(), &buf, nil, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(out); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// badWriteCase writes testdata/bad/name: the sample's establishments and
// offerings, and the profiles table as file with content b. The sample's
// profiles.csv is kept only for two-profiles-tables.
func badWriteCase(t *testing.T, sample, name, file string, b []byte) {
	t.Helper()
	dir := filepath.Join("testdata", "bad", name)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	copies := []string{"establishments.csv", "offerings.csv"}
	if name == "two-profiles-tables" {
		copies = append(copies, "profiles.csv")
	}
	for _, c := range copies {
		src, err := os.ReadFile(filepath.Join(sample, c))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, c), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, file), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
