package main

import (
	"bytes"
	"context"
	"math"
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
	p[2].Sex = 0
	badWriteCase(t, sample, "arrow-null-required", "profiles.arrow", arrowOf(p))

	// age as a utf8 column, "old" in record 4
	badWriteCase(t, sample, "parquet-wrong-type", "profiles.parquet", badTextAgeParquet(t, ar, 3, "old"))

	// a valid Arrow profiles table beside the CSV one
	badWriteCase(t, sample, "two-profiles-tables", "profiles.arrow", ar)

	// a null in a required column of each kind: whole number, date,
	// boolean and text (sex is arrow-null-required)
	badWriteCase(t, sample, "arrow-null-age", "profiles.arrow", badArrowEdit(t, ar, false, "age", 6, nil))
	badWriteCase(t, sample, "arrow-null-sentence-start", "profiles.arrow", badArrowEdit(t, ar, false, "sentence_start", 9, nil))
	badWriteCase(t, sample, "arrow-null-sexual-offence-history", "profiles.arrow", badArrowEdit(t, ar, false, "sexual_offence_history", 12, nil))
	badWriteCase(t, sample, "arrow-null-person-id", "profiles.arrow", badArrowEdit(t, ar, false, "person_id", 0, nil))

	// native values out of range: NaN and +Inf floats, a release date in 2300
	nan, inf := math.NaN(), math.Inf(1)
	p = clone()
	p[5].OGRS3 = model.Some(nan)
	badWriteCase(t, sample, "parquet-nan-float", "profiles.parquet", parquetOf(p))
	p = clone()
	p[8].RSR = model.Some(inf)
	badWriteCase(t, sample, "arrow-inf-float", "profiles.arrow", arrowOf(p))
	p = clone()
	p[3].EarliestRelease = model.Some(model.Date(121_000)) // 2301-04-16
	badWriteCase(t, sample, "arrow-release-date-2300", "profiles.arrow", arrowOf(p))

	// a whole column of the wrong type: dates as floats (days since 1970),
	// booleans as floats
	badWriteCase(t, sample, "parquet-date-as-float", "profiles.parquet", badArrowEdit(t, ar, true, "sentence_start", -1, arrow.PrimitiveTypes.Float64))
	badWriteCase(t, sample, "arrow-boolean-as-float", "profiles.arrow", badArrowEdit(t, ar, false, "sexual_offence_history", -1, arrow.PrimitiveTypes.Float64))
}

// badArrowEdit rewrites the Arrow IPC file ar (one record batch) with the
// named column changed: with to nil, value i made null; otherwise the
// whole column converted to type to (dates to days since 1970, booleans to
// 1 and 0). It writes Parquet when parquet is set, else Arrow IPC.
func badArrowEdit(t *testing.T, ar []byte, parquet bool, column string, i int, to arrow.DataType) []byte {
	t.Helper()
	rec := firstRecord(t, ar)
	fields := append([]arrow.Field(nil), rec.Schema().Fields()...)
	cols := append([]arrow.Array(nil), rec.Columns()...)
	k := rec.Schema().FieldIndices(column)[0]
	old := cols[k]
	typ := old.DataType()
	if to != nil {
		typ = to
	}
	b := array.NewBuilder(memory.DefaultAllocator, typ)
	defer b.Release()
	for j := range old.Len() {
		switch {
		case old.IsNull(j) || j == i:
			b.AppendNull()
		case to == nil:
			if err := b.AppendValueFromString(old.ValueStr(j)); err != nil {
				t.Fatal(err)
			}
		default:
			v := 0.0
			switch a := old.(type) {
			case *array.Date32:
				v = float64(a.Value(j))
			case *array.Boolean:
				if a.Value(j) {
					v = 1
				}
			default:
				t.Fatalf("cannot convert %s", a.DataType())
			}
			b.(*array.Float64Builder).Append(v)
		}
	}
	col := b.NewArray()
	defer col.Release()
	fields[k] = arrow.Field{Name: column, Type: typ, Nullable: true}
	cols[k] = col
	out := array.NewRecord(arrow.NewSchema(fields, nil), cols, rec.NumRows())
	defer out.Release()
	if parquet {
		return parquetBytes(t, out)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "edit.arrow")) // the writer seeks
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := ipc.NewFileWriter(f, ipc.WithSchema(out.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(out); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return written
}

// badTextAgeParquet rewrites the Arrow IPC file ar as Parquet with the age
// column as utf8 text, and value at index i.
func badTextAgeParquet(t *testing.T, ar []byte, i int, value string) []byte {
	t.Helper()
	rec := firstRecord(t, ar)
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
	return parquetBytes(t, out)
}

// firstRecord returns the one record batch of the Arrow IPC file ar, to be
// released by the test's cleanup.
func firstRecord(t *testing.T, ar []byte) arrow.Record {
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
	rec.Retain() // the reader's record lives until the reader closes
	t.Cleanup(rec.Release)
	return rec
}

// parquetBytes writes rec as a Parquet file.
func parquetBytes(t *testing.T, rec arrow.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := pqarrow.NewFileWriter(rec.Schema(), &buf, nil, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
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
	want, _ := os.ReadFile(filepath.Join(dir, "want.txt")) // kept: written by hand
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if len(want) > 0 {
		defer func() {
			if err := os.WriteFile(filepath.Join(dir, "want.txt"), want, 0o644); err != nil {
				t.Fatal(err)
			}
		}()
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
