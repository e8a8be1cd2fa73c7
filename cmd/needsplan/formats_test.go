package main

import (
	"bytes"
	"encoding/csv"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/ipc"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"needsplan/data"
	"needsplan/model"
)

// csvTable reads a CSV file of the sample as a table of text columns, with
// extra columns added at the end.
func csvTable(t *testing.T, path string, extra map[string][]string) *model.Table {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tb := &model.Table{Name: filepath.Base(path)}
	for j, h := range rows[0] {
		c := model.Column{Name: h}
		for _, r := range rows[1:] {
			c.Text = append(c.Text, r[j])
		}
		tb.Columns = append(tb.Columns, c)
	}
	for _, name := range slices.Sorted(maps.Keys(extra)) {
		tb.Columns = append(tb.Columns, model.Column{Name: name, Text: extra[name]})
	}
	return tb
}

// textRecord turns a table of text columns into an Arrow record of utf8
// columns, empty text as null.
func textRecord(tb *model.Table) arrow.Record {
	mem := memory.NewGoAllocator()
	var fields []arrow.Field
	var cols []arrow.Array
	for _, c := range tb.Columns {
		fields = append(fields, arrow.Field{Name: c.Name, Type: arrow.BinaryTypes.String, Nullable: true})
		cols = append(cols, textArray(mem, c.Text))
	}
	return array.NewRecord(arrow.NewSchema(fields, nil), cols, int64(len(tb.Columns[0].Text)))
}

// textArray is a utf8 array of vals, empty text as null.
func textArray(mem memory.Allocator, vals []string) arrow.Array {
	b := array.NewStringBuilder(mem)
	defer b.Release()
	for _, v := range vals {
		if v == "" {
			b.AppendNull()
		} else {
			b.Append(v)
		}
	}
	return b.NewArray()
}

// writeArrow writes tb to path as an Arrow IPC file or stream of utf8
// columns.
func writeArrow(t *testing.T, path string, tb *model.Table, stream bool) {
	t.Helper()
	rec := textRecord(tb)
	defer rec.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if stream {
		w := ipc.NewWriter(f, ipc.WithSchema(rec.Schema()))
		if err = w.Write(rec); err == nil {
			err = w.Close()
		}
	} else {
		var w *ipc.FileWriter
		if w, err = ipc.NewFileWriter(f, ipc.WithSchema(rec.Schema())); err == nil {
			if err = w.Write(rec); err == nil {
				err = w.Close()
			}
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}

func writeParquetTable(t *testing.T, path string, tb *model.Table) {
	t.Helper()
	var b bytes.Buffer
	if err := data.WriteParquet(&b, tb); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFormatsAgreeEveryTable extends TestFormatsAgree to the other forms the
// data contract allows: Arrow IPC streams and files of text columns under
// each extension (.arrow, .feather, .ipc), all three tables as Parquet or
// Arrow, and extra columns (ignored, with a warning).
func TestFormatsAgreeEveryTable(t *testing.T) {
	profiles := csvTable(t, filepath.Join(sample, "profiles.csv"), nil)
	ests := csvTable(t, filepath.Join(sample, "establishments.csv"), nil)
	offs := csvTable(t, filepath.Join(sample, "offerings.csv"), nil)
	n := len(profiles.Columns[0].Text)
	notes := make([]string, n)
	for i := range notes {
		notes[i] = "moved wings in 2024"
	}
	withExtra := csvTable(t, filepath.Join(sample, "profiles.csv"), map[string][]string{"notes": notes})

	type dataset struct {
		name  string
		build func(dir string)
	}
	copyCSV := func(dir string, names ...string) {
		for _, n := range names {
			copyFile(t, filepath.Join(sample, n), dir)
		}
	}
	sets := []dataset{
		{"arrow stream, text, .arrow", func(dir string) {
			copyCSV(dir, "establishments.csv", "offerings.csv")
			writeArrow(t, filepath.Join(dir, "profiles.arrow"), profiles, true)
		}},
		{"arrow file, text, .feather", func(dir string) {
			copyCSV(dir, "establishments.csv", "offerings.csv")
			writeArrow(t, filepath.Join(dir, "profiles.feather"), profiles, false)
		}},
		{"arrow stream, text, .ipc", func(dir string) {
			copyCSV(dir, "establishments.csv", "offerings.csv")
			writeArrow(t, filepath.Join(dir, "profiles.ipc"), profiles, true)
		}},
		{"all tables parquet", func(dir string) {
			writeParquetTable(t, filepath.Join(dir, "profiles.parquet"), profiles)
			writeParquetTable(t, filepath.Join(dir, "establishments.parquet"), ests)
			writeParquetTable(t, filepath.Join(dir, "offerings.parquet"), offs)
		}},
		{"all tables arrow", func(dir string) {
			writeArrow(t, filepath.Join(dir, "profiles.arrow"), profiles, false)
			writeArrow(t, filepath.Join(dir, "establishments.arrow"), ests, false)
			writeArrow(t, filepath.Join(dir, "offerings.arrow"), offs, true)
		}},
		{"extra text column, parquet", func(dir string) {
			copyCSV(dir, "establishments.csv", "offerings.csv")
			writeParquetTable(t, filepath.Join(dir, "profiles.parquet"), withExtra)
		}},
	}
	for _, args := range [][]string{{"pni", "--format", "csv"}, {"needs", "--format", "csv"}} {
		code, want, errb := runCLI(t, append(args, "--dataset", sample)...)
		if code != 0 {
			t.Fatalf("csv: exit %d: %s", code, errb)
		}
		for _, s := range sets {
			dir := t.TempDir()
			s.build(dir)
			code, out, errb := runCLI(t, append(args, "--dataset", dir)...)
			if code != 0 {
				t.Fatalf("%s, %s: exit %d: %s", strings.Join(args, " "), s.name, code, errb)
			}
			if out != want {
				t.Errorf("%s, %s: output differs from the CSV dataset's", strings.Join(args, " "), s.name)
			}
			if strings.Contains(s.name, "extra") && !strings.Contains(errb, "ignoring 1 unknown column(s): notes") {
				t.Errorf("%s: no warning about the extra column: %s", s.name, errb)
			}
		}
	}
}

// TestIdentifierInExtraParquetColumn checks that identifier-shaped values are
// refused in an extra text column of a Parquet file as in CSV
// (testdata/bad/identifier-in-extra-column): the Parquet reader reads extra
// text columns for the check.
func TestIdentifierInExtraParquetColumn(t *testing.T) {
	profiles := csvTable(t, filepath.Join(sample, "profiles.csv"), nil)
	notes := make([]string, len(profiles.Columns[0].Text))
	notes[3] = "A1234BC"
	dir := t.TempDir()
	copyFile(t, filepath.Join(sample, "establishments.csv"), dir)
	copyFile(t, filepath.Join(sample, "offerings.csv"), dir)
	writeParquetTable(t, filepath.Join(dir, "profiles.parquet"),
		csvTable(t, filepath.Join(sample, "profiles.csv"), map[string][]string{"old_ref": notes}))
	code, _, errb := runCLI(t, "needs", "--dataset", dir)
	if code != exitInvalidData || !strings.Contains(errb, `record 4, column "old_ref": value "A1234BC": looks like a real prison number`) {
		t.Errorf("exit %d, want %d with the record, column and value named:\n%s", code, exitInvalidData, errb)
	}
}

// TestValidateReportsEveryFile checks that invalid establishments do not hide
// problems in the other tables: all are reported in one run.
func TestValidateReportsEveryFile(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(sample, "offerings.csv"), dir)
	for _, f := range []struct{ name, from, to string }{
		{"establishments.csv", ",M,local,", ",X,local,"},    // a bad sex
		{"profiles.csv", "S03,LEI,M,45,", "S03,LEI,M,450,"}, // an age out of range
	} {
		b, err := os.ReadFile(filepath.Join(sample, f.name))
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(b), f.from, f.to, 1)
		if s == string(b) {
			t.Fatalf("%s: %q not found", f.name, f.from)
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, errb := runCLI(t, "validate", dir)
	if code != exitInvalidData {
		t.Fatalf("exit %d, want %d", code, exitInvalidData)
	}
	for _, want := range []string{`establishments.csv: row`, `column "sex": value "X"`, `profiles.csv: row 4, column "age": value "450"`} {
		if !strings.Contains(errb, want) {
			t.Errorf("%q not reported:\n%s", want, errb)
		}
	}
}

// TestParquetTimestampDates checks that date columns written as timestamps
// at midnight (what pandas writes for dates) read as dates, and that a time
// of day is refused.
func TestParquetTimestampDates(t *testing.T) {
	dateCols := map[string]bool{"sentence_start": true, "earliest_release": true, "parole_eligibility": true, "assessed_on": true}
	write := func(dir string, offsetNs int64) {
		tb := csvTable(t, filepath.Join(sample, "profiles.csv"), nil)
		mem := memory.NewGoAllocator()
		var fields []arrow.Field
		var cols []arrow.Array
		for _, c := range tb.Columns {
			if dateCols[c.Name] {
				typ := &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}
				b := array.NewTimestampBuilder(mem, typ)
				for _, v := range c.Text {
					if v == "" {
						b.AppendNull()
						continue
					}
					d, err := model.ParseDate(v)
					if err != nil {
						t.Fatal(err)
					}
					b.Append(arrow.Timestamp(int64(d)*86_400_000_000_000 + offsetNs))
				}
				fields = append(fields, arrow.Field{Name: c.Name, Type: typ, Nullable: true})
				cols = append(cols, b.NewArray())
				continue
			}
			fields = append(fields, arrow.Field{Name: c.Name, Type: arrow.BinaryTypes.String, Nullable: true})
			cols = append(cols, textArray(mem, c.Text))
		}
		rec := array.NewRecord(arrow.NewSchema(fields, nil), cols, int64(len(tb.Columns[0].Text)))
		defer rec.Release()
		tbl := array.NewTableFromRecords(rec.Schema(), []arrow.Record{rec})
		defer tbl.Release()
		f, err := os.Create(filepath.Join(dir, "profiles.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		if err := pqarrow.WriteTable(tbl, f, 1024, nil, pqarrow.DefaultWriterProps()); err != nil {
			t.Fatal(err)
		}
		copyFile(t, filepath.Join(sample, "establishments.csv"), dir)
		copyFile(t, filepath.Join(sample, "offerings.csv"), dir)
	}
	_, want, _ := runCLI(t, "pni", "--format", "csv", "--dataset", sample)
	dir := t.TempDir()
	write(dir, 0)
	code, out, errb := runCLI(t, "pni", "--format", "csv", "--dataset", dir)
	if code != 0 || out != want {
		t.Errorf("timestamps at midnight: exit %d, output same as CSV: %v\n%s", code, out == want, errb)
	}
	dir = t.TempDir()
	write(dir, 3_600_000_000_000) // 01:00
	if code, _, errb := runCLI(t, "pni", "--dataset", dir); code != exitInvalidData || !strings.Contains(errb, "want a real date") {
		t.Errorf("timestamps at 01:00: exit %d, want %d refusing the dates:\n%s", code, exitInvalidData, errb)
	}
}
