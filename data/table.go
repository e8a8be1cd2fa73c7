package data

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/ipc"
	"github.com/apache/arrow/go/v15/arrow/memory"

	"needsplan/model"
)

// Format is the file format of a table.
type Format string

// The formats every table can come in (data-contract.md, "Formats").
const (
	CSV     Format = "csv"
	Parquet Format = "parquet"
	Arrow   Format = "arrow"
)

// ParseFormat parses csv, parquet or arrow (also ipc and feather).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "csv":
		return CSV, nil
	case "parquet":
		return Parquet, nil
	case "arrow", "ipc", "feather":
		return Arrow, nil
	}
	return "", fmt.Errorf("format %q: want csv, parquet or arrow", s)
}

// FormatOf picks the format from a file name's extension: .csv, .parquet,
// .arrow, .feather or .ipc.
func FormatOf(path string) (Format, error) {
	f, err := formatOfExt(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

func formatOfExt(path string) (Format, error) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if ext == "" {
		return "", errors.New("no extension to tell the format by (want .csv, .parquet, .arrow, .feather or .ipc, or name the format explicitly)")
	}
	f, err := ParseFormat(ext)
	if err != nil {
		return "", fmt.Errorf("unknown extension .%s (want .csv, .parquet, .arrow, .feather or .ipc, or name the format explicitly)", ext)
	}
	return f, nil
}

// File is what the readers need of an input: *os.File and *bytes.Reader
// both are. Parquet and Arrow IPC files are read at offsets.
type File interface {
	io.Reader
	io.ReaderAt
	io.Seeker
}

// batchRows is how many rows are decoded at a time.
const batchRows = 1 << 15

// column is one column of a batch of rows.
type column interface {
	null(i int) bool
	text(i int) string
	// empty reports a missing value: null, or blank text. It formats
	// nothing, so a numeric Arrow column costs no allocation.
	empty(i int) bool
}

// batch is a run of rows, column by column, in header order. A batch stays
// valid after the reader moves on until release is called (the Arrow record
// it reads from is retained for it).
type batch struct {
	cols    []column // nil where a column was not read
	n       int      // rows in the batch; 0 at the end of the table
	rows    []int    // the row number of each row, for messages
	release func()   // nil when there is nothing to release
}

// done releases what the batch holds.
func (b *batch) done() {
	if b.release != nil {
		b.release()
		b.release = nil
	}
}

// tableReader streams a table in batches.
type tableReader struct {
	names  []string
	types  []arrow.DataType // each column's type (Parquet, Arrow); nil for CSV
	rows   int              // rows in the table when the format says (Parquet), else 0
	record bool             // rows are numbered as records (Parquet, Arrow)
	next   func() (batch, error)
	close  func()
	// parts, when above 0, are independent parts of the table that can be
	// read at the same time (Parquet row groups): part(k) reads part k, in
	// batches, in order; the parts in order are the whole table, as next
	// gives it.
	parts int
	part  func(k int) func() (batch, error)
}

// openTable opens a table of the given format. want lists the columns the
// caller will read; others may be skipped. Problems in single rows go to
// errs; a file that cannot be read at all is an error.
func openTable(ctx context.Context, f File, name string, format Format, want map[string]bool, errs *collector, lim Limits) (*tableReader, error) {
	var t *tableReader
	var err error
	switch format {
	case CSV:
		t, err = openCSV(f, name, errs, lim)
	case Parquet:
		t, err = openParquet(ctx, f, name, want, decodeBudget(f, lim))
	case Arrow:
		t, err = openArrow(f, name, decodeBudget(f, lim))
	default:
		return nil, fmt.Errorf("data: unknown format %q", format)
	}
	if err != nil {
		return nil, err
	}
	return limitRows(t, name, lim.MaxRows)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// trimSpace is strings.TrimSpace, answered at once for the usual cell that
// begins and ends with a printable ASCII byte: every text cell is trimmed,
// some twice (present, then the value), and TrimSpace took a fifth of the
// reading of a CSV file of profiles.
func trimSpace(f string) string {
	if f == "" || f[0] > ' ' && f[0] < utf8.RuneSelf && f[len(f)-1] > ' ' && f[len(f)-1] < utf8.RuneSelf {
		return f
	}
	return strings.TrimSpace(f)
}

// csvCol is a column of CSV text.
type csvCol struct {
	rows [][]string
	j    int
}

func (c csvCol) null(i int) bool   { return c.text(i) == "" }
func (c csvCol) empty(i int) bool  { return c.text(i) == "" }
func (c csvCol) text(i int) string { return trimSpace(c.rows[i][c.j]) }

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func openCSV(f File, name string, errs *collector, lim Limits) (*tableReader, error) {
	if readPlain {
		if t, ok := openPlainCSV(f, lim); ok {
			return t, nil
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("data: %s: %w", name, err)
		}
	}
	br := bufio.NewReaderSize(f, 1<<16)
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(3)
	}
	r := csv.NewReader(newCSVLimiter(br, lim))
	// A stray quote inside an unquoted field (ETS") is kept as text, so the
	// value check names the row, column and value rather than the parser
	// stopping at a byte offset.
	r.LazyQuotes = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, &Error{File: name, Msg: "empty file: want a header row naming the columns"}
	}
	if e := csvLimitError(err, name, nil); e != nil {
		return nil, e
	}
	if err != nil {
		return nil, &Error{File: name, Row: 1, Msg: "cannot read the header: " + csvReason(err)}
	}
	for j, h := range header {
		if !utf8.ValidString(h) {
			return nil, &Error{File: name, Row: 1, Column: h, Value: h, Msg: "header is not UTF-8 text (save the file as UTF-8)"}
		}
		header[j] = strings.TrimSpace(h)
	}
	r.FieldsPerRecord = len(header)
	row := 1
	done := false
	t := &tableReader{names: header, close: func() {}}
	t.next = func() (batch, error) {
		var b batch
		var rows [][]string
		for !done && len(rows) < batchRows {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				done = true
				break
			}
			row++
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				errs.add(&Error{File: name, Row: row, Value: strings.Join(rec, ","),
					Msg: fmt.Sprintf("has %d fields, want %d as in the header", len(rec), len(header))})
				continue
			}
			if e := csvLimitError(err, name, header); e != nil {
				errs.add(e)
				done = true
				break
			}
			if err != nil {
				errs.add(&Error{File: name, Row: row, Msg: "cannot read the row: " + csvReason(err)})
				done = true
				break
			}
			bad := false
			for j, v := range rec {
				if !utf8.ValidString(v) {
					errs.add(&Error{File: name, Row: row, Column: header[j], Value: v,
						Msg: "not UTF-8 text (Latin-1 or another encoding? save the file as UTF-8)"})
					bad = true
				}
			}
			if bad {
				continue
			}
			rows = append(rows, rec)
			b.rows = append(b.rows, row)
		}
		b.n = len(rows)
		b.cols = make([]column, len(header))
		for j := range header {
			b.cols[j] = csvCol{rows, j}
		}
		return b, nil
	}
	return t, nil
}

// arrowCol is a column of an Arrow record batch.
type arrowCol struct{ arr arrow.Array }

func (c arrowCol) null(i int) bool { return c.arr.IsNull(i) }

func (c arrowCol) empty(i int) bool {
	if c.arr.IsNull(i) {
		return true
	}
	switch a := c.arr.(type) {
	case *array.String:
		return strings.TrimSpace(a.Value(i)) == ""
	case *array.LargeString:
		return strings.TrimSpace(a.Value(i)) == ""
	case *array.Dictionary:
		return c.text(i) == ""
	}
	return false
}

func (c arrowCol) text(i int) string {
	switch a := c.arr.(type) {
	case *array.String:
		return strings.TrimSpace(a.Value(i))
	case *array.LargeString:
		return strings.TrimSpace(a.Value(i))
	case *array.Date32:
		return model.Date(a.Value(i)).String()
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'g', -1, 64)
	case *array.Float32:
		return strconv.FormatFloat(float64(a.Value(i)), 'g', -1, 32)
	case *array.Dictionary:
		return strings.TrimSpace(a.Dictionary().ValueStr(a.GetValueIndex(i)))
	}
	return c.arr.ValueStr(i)
}

// recordBatch turns an Arrow record into a batch whose columns follow names.
// It retains the record, which the readers own only until their next call,
// and releases it when the batch is done.
func recordBatch(rec arrow.Record, names []string, first int) batch {
	rec.Retain()
	b := batch{cols: make([]column, len(names)), n: int(rec.NumRows()), rows: make([]int, int(rec.NumRows())), release: rec.Release}
	idx := map[string]int{}
	for j, f := range rec.Schema().Fields() {
		idx[f.Name] = j
	}
	for j, n := range names {
		if k, ok := idx[n]; ok {
			b.cols[j] = arrowCol{rec.Column(k)}
		}
	}
	for i := range b.rows {
		b.rows[i] = first + i
	}
	return b
}

// recovered turns a panic inside Arrow's readers (which some malformed files
// cause) into an input error.
func recovered(name string, err *error) {
	if r := recover(); r != nil {
		*err = &Error{File: name, Msg: fmt.Sprintf("damaged file: %v", r)}
	}
}

// arrowMagic opens an Arrow IPC file (not a stream).
var arrowMagic = []byte("ARROW1")

func openArrow(f File, name string, mem memory.Allocator) (t *tableReader, err error) {
	defer recovered(name, &err)
	head := make([]byte, len(arrowMagic))
	if _, err := f.ReadAt(head, 0); err == nil && bytes.Equal(head, arrowMagic) {
		size, err := f.Seek(0, io.SeekEnd)
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", name, err)
		}
		if err := checkArrowFile(f, size); err != nil {
			return nil, &Error{File: name, Msg: "not a readable Arrow IPC file (truncated or damaged?): " + err.Error()}
		}
		fr, ferr := ipc.NewFileReader(f, ipc.WithAllocator(mem))
		if ferr != nil {
			return nil, &Error{File: name, Msg: "not a readable Arrow IPC file (truncated or damaged?): " + ferr.Error()}
		}
		names := fieldNames(fr.Schema())
		k, first := 0, 1
		t = &tableReader{names: names, types: fieldTypes(fr.Schema()), record: true, close: func() { _ = fr.Close() }}
		t.next = func() (b batch, err error) {
			defer recovered(name, &err)
			if k >= fr.NumRecords() {
				return b, nil
			}
			rec, err := fr.Record(k)
			if err != nil {
				return b, &Error{File: name, Row: first, Record: true, Msg: "cannot read the Arrow record batch (truncated or damaged?): " + err.Error()}
			}
			k++
			b = recordBatch(rec, names, first)
			first += b.n
			return b, nil
		}
		return t, nil
	}
	size, err := f.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", name, err)
	}
	if err := checkArrowStream(f, size); err != nil {
		return nil, &Error{File: name, Msg: "not a readable Arrow IPC file or stream (truncated or damaged?): " + err.Error()}
	}
	sr, err := ipc.NewReader(f, ipc.WithAllocator(mem))
	if err != nil {
		return nil, &Error{File: name, Msg: "not a readable Arrow IPC file or stream (truncated or damaged?): " + err.Error()}
	}
	names := fieldNames(sr.Schema())
	first := 1
	t = &tableReader{names: names, types: fieldTypes(sr.Schema()), record: true, close: sr.Release}
	t.next = func() (b batch, err error) {
		defer recovered(name, &err)
		if !sr.Next() {
			if sr.Err() != nil && !errors.Is(sr.Err(), io.EOF) {
				return b, &Error{File: name, Row: first, Record: true, Msg: "cannot read the Arrow stream (truncated or damaged?): " + sr.Err().Error()}
			}
			return b, nil
		}
		b = recordBatch(sr.Record(), names, first)
		first += b.n
		return b, nil
	}
	return t, nil
}

func fieldNames(s *arrow.Schema) []string {
	var out []string
	for _, f := range s.Fields() {
		out = append(out, f.Name)
	}
	return out
}

// cellInt reads an integer cell: a native Arrow or Parquet integer, an
// integral float, or text.
func cellInt(c column, i int) (int64, bool) {
	if pc, ok := c.(*pqCol); ok {
		switch k := pc.at(i); pc.kind {
		case pqInt:
			return pc.ints[k], true
		case pqFloat:
			v := pc.floats[k]
			return int64(v), v == math.Trunc(v) && math.Abs(v) < 1<<53
		}
	}
	if ac, ok := c.(arrowCol); ok {
		switch a := ac.arr.(type) {
		case *array.Int64:
			return a.Value(i), true
		case *array.Int32:
			return int64(a.Value(i)), true
		case *array.Int16:
			return int64(a.Value(i)), true
		case *array.Int8:
			return int64(a.Value(i)), true
		case *array.Uint8:
			return int64(a.Value(i)), true
		case *array.Uint16:
			return int64(a.Value(i)), true
		case *array.Uint32:
			return int64(a.Value(i)), true
		case *array.Float64:
			v := a.Value(i)
			return int64(v), v == math.Trunc(v) && math.Abs(v) < 1<<53
		}
	}
	v, err := strconv.ParseInt(c.text(i), 10, 64)
	return v, err == nil
}

// cellFloat reads a finite number: native Arrow or text.
func cellFloat(c column, i int) (float64, bool) {
	var v float64
	if pc, ok := c.(*pqCol); ok && (pc.kind == pqFloat || pc.kind == pqInt) {
		if k := pc.at(i); pc.kind == pqFloat {
			v = pc.floats[k]
		} else {
			v = float64(pc.ints[k])
		}
		return v, !math.IsNaN(v) && !math.IsInf(v, 0)
	}
	switch a := arrowArray(c).(type) {
	case *array.Float64:
		v = a.Value(i)
	case *array.Float32:
		v = float64(a.Value(i))
	case *array.Int64:
		v = float64(a.Value(i))
	case *array.Int32:
		v = float64(a.Value(i))
	default:
		var err error
		if v, err = strconv.ParseFloat(c.text(i), 64); err != nil {
			return 0, false
		}
	}
	return v, !math.IsNaN(v) && !math.IsInf(v, 0)
}

// cellBool reads a boolean: native Arrow or the textual forms.
func cellBool(c column, i int) (bool, bool) {
	if pc, ok := c.(*pqCol); ok && pc.kind == pqBool {
		return pc.bools[pc.at(i)], true
	}
	if a, ok := arrowArray(c).(*array.Boolean); ok {
		return a.Value(i), true
	}
	v, err := model.ParseBool(c.text(i))
	return v, err == nil
}

// cellDate reads a date: Arrow date32, date64, a timestamp at midnight
// (what pandas writes for a date column), or text YYYY-MM-DD.
func cellDate(c column, i int) (model.Date, bool) {
	if pc, ok := c.(*pqCol); ok {
		switch k := pc.at(i); pc.kind {
		case pqDate:
			return model.Date(pc.ints[k]), true
		case pqTimestamp:
			v := pc.ints[k]
			return model.Date(v / pc.perDay), v%pc.perDay == 0
		}
	}
	switch a := arrowArray(c).(type) {
	case *array.Date32:
		return model.Date(a.Value(i)), true
	case *array.Date64:
		ms := int64(a.Value(i))
		return model.Date(ms / 86_400_000), ms%86_400_000 == 0
	case *array.Timestamp:
		unit := a.DataType().(*arrow.TimestampType).Unit
		perDay := int64(86_400) * map[arrow.TimeUnit]int64{arrow.Second: 1, arrow.Millisecond: 1e3,
			arrow.Microsecond: 1e6, arrow.Nanosecond: 1e9}[unit]
		v := int64(a.Value(i))
		// Only a whole day is a date; a time of day means the column is not
		// a date column.
		return model.Date(v / perDay), v%perDay == 0
	}
	d, err := model.ParseDate(c.text(i))
	return d, err == nil
}

func arrowArray(c column) arrow.Array {
	if ac, ok := c.(arrowCol); ok {
		return ac.arr
	}
	return nil
}
