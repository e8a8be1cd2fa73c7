package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/ipc"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/compress"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"needsplan/model"
)

// WriteFileAtomic writes a file through write and renames it into place only
// when everything succeeded: a failed or interrupted write leaves the old
// file (or none) and no temporary file behind.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// FormatFloat formats a result number the way every text output does: up to
// six significant digits after rounding to 1e-9, no exponent for ordinary
// sizes, empty for NaN.
func FormatFloat(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	if math.IsInf(v, 0) {
		if v > 0 {
			return "inf"
		}
		return "-inf"
	}
	s := strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
	if s == "-0" {
		s = "0"
	}
	return s
}

// WriteCSV writes a table as CSV with a header row.
func WriteCSV(w io.Writer, t *model.Table) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		header[j] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for i := range t.Rows() {
		for j := range t.Columns {
			rec[j] = cellText(&t.Columns[j], i)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func cellText(c *model.Column, i int) string {
	switch c.Kind {
	case model.IntColumn:
		return strconv.FormatInt(c.Ints[i], 10)
	case model.FloatColumn:
		return FormatFloat(c.Floats[i])
	case model.BoolColumn:
		return strconv.FormatBool(c.Bools[i])
	}
	return c.Text[i]
}

// tableRecord turns a table into an Arrow record: text as utf8, ints as
// int64, floats as float64 with NaN as null, flags as boolean.
func tableRecord(t *model.Table, mem memory.Allocator) arrow.Record {
	fields := make([]arrow.Field, len(t.Columns))
	cols := make([]arrow.Array, len(t.Columns))
	for j := range t.Columns {
		c := &t.Columns[j]
		switch c.Kind {
		case model.IntColumn:
			b := array.NewInt64Builder(mem)
			b.AppendValues(c.Ints, nil)
			cols[j] = b.NewArray()
			fields[j] = arrow.Field{Name: c.Name, Type: arrow.PrimitiveTypes.Int64}
			b.Release()
		case model.BoolColumn:
			b := array.NewBooleanBuilder(mem)
			b.AppendValues(c.Bools, nil)
			cols[j] = b.NewArray()
			fields[j] = arrow.Field{Name: c.Name, Type: arrow.FixedWidthTypes.Boolean}
			b.Release()
		case model.FloatColumn:
			b := array.NewFloat64Builder(mem)
			for _, v := range c.Floats {
				if math.IsNaN(v) {
					b.AppendNull()
				} else {
					b.Append(v)
				}
			}
			cols[j] = b.NewArray()
			fields[j] = arrow.Field{Name: c.Name, Type: arrow.PrimitiveTypes.Float64, Nullable: true}
			b.Release()
		default:
			b := array.NewStringBuilder(mem)
			b.AppendValues(c.Text, nil)
			cols[j] = b.NewArray()
			fields[j] = arrow.Field{Name: c.Name, Type: arrow.BinaryTypes.String}
			b.Release()
		}
	}
	rec := array.NewRecord(arrow.NewSchema(fields, nil), cols, int64(t.Rows()))
	for _, c := range cols {
		c.Release()
	}
	return rec
}

// parquetProps are the writer settings for every Parquet file needsplan
// writes: Snappy compression, no creation time or library version that
// would make the same data give different bytes.
func parquetProps() *parquet.WriterProperties {
	return parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithCreatedBy("needsplan"))
}

// tableProps are parquetProps for tables written whole (one row group),
// with no limit on a dictionary page's size. Past the limit (1 MB) a
// column falls back to plain pages, and Arrow Go then lists the chunk's
// page encodings from a map, in an order that changes from run to run:
// the same table gave different bytes (the trace's person names, found by
// scripts/identical.sh). Without a limit there is no fallback, and a
// table that never reached the limit is written as before, byte for byte.
func tableProps() *parquet.WriterProperties {
	return parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithCreatedBy("needsplan"), parquet.WithDictionaryPageSizeLimit(math.MaxInt64))
}

// WriteParquet writes a table as a Parquet file.
func WriteParquet(w io.Writer, t *model.Table) error {
	rec := tableRecord(t, memory.DefaultAllocator)
	defer rec.Release()
	return writeParquetRecord(w, rec)
}

func writeParquetRecord(w io.Writer, rec arrow.Record) (err error) {
	ew := &errWriter{w: w}
	defer ew.recover(&err)
	fw, err := pqarrow.NewFileWriter(rec.Schema(), noClose{ew}, tableProps(), pqarrow.NewArrowWriterProperties())
	if err != nil {
		return err
	}
	if err := fw.Write(rec); err != nil {
		_ = fw.Close()
		return err
	}
	return fw.Close()
}

// valueBuilder is an Arrow builder of values of type T.
type valueBuilder[T any] interface {
	array.Builder
	Append(T)
}

// optColumn builds one column from the profiles: get's value converted by
// conv, or null when missing.
func optColumn[V, T any](ps []model.Profile, b valueBuilder[T], get func(*model.Profile) model.Opt[V], conv func(V) T) arrow.Array {
	defer b.Release()
	for i := range ps {
		if v, ok := get(&ps[i]).Get(); ok {
			b.Append(conv(v))
		} else {
			b.AppendNull()
		}
	}
	return b.NewArray()
}

func same[T any](v T) T { return v }

// profileRecord builds an Arrow record of profiles with the contract's
// columns in their natural Arrow types (utf8, int, float64, bool, date32),
// missing values as nulls.
func profileRecord(ps []model.Profile, mem memory.Allocator) arrow.Record {
	var fields []arrow.Field
	var cols []arrow.Array
	add := func(name string, t arrow.DataType, a arrow.Array) {
		fields = append(fields, arrow.Field{Name: name, Type: t, Nullable: true})
		cols = append(cols, a)
	}
	text := func(name string, get func(*model.Profile) (string, bool)) {
		opt := func(p *model.Profile) model.Opt[string] { v, ok := get(p); return model.Opt[string]{Val: v, OK: ok} }
		add(name, arrow.BinaryTypes.String, optColumn(ps, array.NewStringBuilder(mem), opt, same[string]))
	}
	integer := func(name string, get func(*model.Profile) model.Opt[int]) {
		add(name, arrow.PrimitiveTypes.Int32, optColumn(ps, array.NewInt32Builder(mem), get, func(v int) int32 { return int32(v) }))
	}
	float := func(name string, get func(*model.Profile) model.Opt[float64]) {
		add(name, arrow.PrimitiveTypes.Float64, optColumn(ps, array.NewFloat64Builder(mem), get, same[float64]))
	}
	boolean := func(name string, get func(*model.Profile) model.Opt[bool]) {
		add(name, arrow.FixedWidthTypes.Boolean, optColumn(ps, array.NewBooleanBuilder(mem), get, same[bool]))
	}
	date := func(name string, get func(*model.Profile) model.Opt[model.Date]) {
		add(name, arrow.FixedWidthTypes.Date32, optColumn(ps, array.NewDate32Builder(mem), get, func(d model.Date) arrow.Date32 { return arrow.Date32(d) }))
	}
	str := func(s string) (string, bool) { return s, s != "" }
	optStr := func(s string, ok bool) (string, bool) { return s, ok }
	text("person_id", func(p *model.Profile) (string, bool) { return str(p.PersonID) })
	text("establishment", func(p *model.Profile) (string, bool) { return str(p.Establishment) })
	text("sex", func(p *model.Profile) (string, bool) { return str(p.Sex.String()) })
	integer("age", func(p *model.Profile) model.Opt[int] { return model.Some(p.Age) })
	text("sentence_type", func(p *model.Profile) (string, bool) { return str(p.SentenceType.String()) })
	date("sentence_start", func(p *model.Profile) model.Opt[model.Date] { return model.Some(p.SentenceStart) })
	date("earliest_release", func(p *model.Profile) model.Opt[model.Date] { return p.EarliestRelease })
	date("parole_eligibility", func(p *model.Profile) model.Opt[model.Date] { return p.ParoleEligibility })
	text("security_category", func(p *model.Profile) (string, bool) {
		return optStr(p.SecurityCategory.Val.String(), p.SecurityCategory.OK)
	})
	text("offence_group", func(p *model.Profile) (string, bool) { return str(p.OffenceGroup.String()) })
	boolean("sexual_offence_history", func(p *model.Profile) model.Opt[bool] { return model.Some(p.SexualOffenceHistory) })
	boolean("ipv", func(p *model.Profile) model.Opt[bool] { return model.Some(p.IPV) })
	boolean("gang", func(p *model.Profile) model.Opt[bool] { return model.Some(p.Gang) })
	boolean("extremism", func(p *model.Profile) model.Opt[bool] { return model.Some(p.Extremism) })
	float("ogrs3", func(p *model.Profile) model.Opt[float64] { return p.OGRS3 })
	float("ovp", func(p *model.Profile) model.Opt[float64] { return p.OVP })
	text("osp_dc", func(p *model.Profile) (string, bool) { return optStr(p.OSPDC.Val.String(), p.OSPDC.OK) })
	text("osp_iic", func(p *model.Profile) (string, bool) { return optStr(p.OSPIIC.Val.String(), p.OSPIIC.OK) })
	float("rsr", func(p *model.Profile) model.Opt[float64] { return p.RSR })
	integer("sara_partner", func(p *model.Profile) model.Opt[int] { return model.ConvertOpt[int](p.SARAPartner) })
	integer("sara_other", func(p *model.Profile) model.Opt[int] { return model.ConvertOpt[int](p.SARAOther) })
	text("rosh", func(p *model.Profile) (string, bool) { return optStr(p.RoSH.Val.String(), p.RoSH.OK) })
	boolean("q6_11", func(p *model.Profile) model.Opt[bool] { return p.Q6_11 })
	boolean("finance_need", func(p *model.Profile) model.Opt[bool] { return p.FinanceNeed })
	boolean("emotional_need", func(p *model.Profile) model.Opt[bool] { return p.EmotionalNeed })
	integer("lds", func(p *model.Profile) model.Opt[int] { return model.ConvertOpt[int](p.LDS) })
	text("completed", func(p *model.Profile) (string, bool) { return str(strings.Join(p.Completed, ";")) })
	date("assessed_on", func(p *model.Profile) model.Opt[model.Date] { return p.AssessedOn })
	for it := range model.NumItems {
		integer(it.Column(), func(p *model.Profile) model.Opt[int] { return model.ConvertOpt[int](p.Items[it]) })
	}
	for s := range model.Section(model.NumScored) {
		integer(s.Column(), func(p *model.Profile) model.Opt[int] { return model.ConvertOpt[int](p.Scores[s]) })
	}
	rec := array.NewRecord(arrow.NewSchema(fields, nil), cols, int64(len(ps)))
	for _, c := range cols {
		c.Release()
	}
	return rec
}

// profileChunk is how many profiles go in one Parquet row group or Arrow
// record batch.
const profileChunk = 1 << 16

// recordWriter is what the Parquet and Arrow IPC file writers share.
type recordWriter interface {
	Write(arrow.Record) error
	Close() error
}

// writeProfileChunks writes profiles through a record writer made for their
// schema, profileChunk people a record, and closes it.
func writeProfileChunks(ps []model.Profile, open func(*arrow.Schema) (recordWriter, error)) error {
	empty := profileRecord(nil, memory.DefaultAllocator)
	defer empty.Release()
	fw, err := open(empty.Schema())
	if err != nil {
		return err
	}
	for lo := 0; lo < len(ps); lo += profileChunk {
		rec := profileRecord(ps[lo:min(lo+profileChunk, len(ps))], memory.DefaultAllocator)
		err := fw.Write(rec)
		rec.Release()
		if err != nil {
			_ = fw.Close()
			return err
		}
	}
	return fw.Close()
}

// WriteProfilesParquet writes profiles as Parquet with native column types,
// one row group per 65,536 people.
func WriteProfilesParquet(w io.Writer, ps []model.Profile) (err error) {
	ew := &errWriter{w: w}
	defer ew.recover(&err)
	return writeProfileChunks(ps, func(s *arrow.Schema) (recordWriter, error) {
		return pqarrow.NewFileWriter(s, noClose{ew}, parquetProps(), pqarrow.NewArrowWriterProperties())
	})
}

// errWriter keeps the first error of the writer it wraps. Parquet's file
// writer panics when a write fails ("failed to write magic number"),
// dropping the cause; recover turns that panic back into the write's
// error, so that a full disk is an error naming ENOSPC, not a crash.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

// recover, deferred, returns a failed write as *err, whether the Parquet
// writer panicked on it or returned another error. A panic with no failed
// write is a bug and goes on.
func (e *errWriter) recover(err *error) {
	if r := recover(); r != nil {
		if e.err == nil {
			panic(r)
		}
		*err = fmt.Errorf("writing Parquet: %w", e.err)
		return
	}
	if *err != nil && e.err != nil && !errors.Is(*err, e.err) {
		*err = fmt.Errorf("writing Parquet: %w", e.err)
	}
}

// WriteProfilesArrow writes profiles as an Arrow IPC file with native types.
func WriteProfilesArrow(w io.Writer, ps []model.Profile) error {
	return writeProfileChunks(ps, func(s *arrow.Schema) (recordWriter, error) {
		return ipc.NewFileWriter(&tellWriter{w: w}, ipc.WithSchema(s))
	})
}

// WriteProfilesCSV writes profiles as CSV in the contract's textual forms.
func WriteProfilesCSV(w io.Writer, ps []model.Profile) error {
	rec := profileRecord(ps, memory.DefaultAllocator)
	defer rec.Release()
	cw := csv.NewWriter(w)
	names := fieldNames(rec.Schema())
	if err := cw.Write(names); err != nil {
		return err
	}
	row := make([]string, len(names))
	for i := range int(rec.NumRows()) {
		for j := range names {
			col := rec.Column(j)
			switch {
			case col.IsNull(i):
				row[j] = ""
			default:
				row[j] = arrowCol{col}.text(i)
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// tellWriter lets Arrow's file writer, which only asks where it is
// (Seek(0, io.SeekCurrent)), write to a plain io.Writer.
type tellWriter struct {
	w   io.Writer
	pos int64
}

func (t *tellWriter) Write(b []byte) (int, error) {
	n, err := t.w.Write(b)
	t.pos += int64(n)
	return n, err
}

func (t *tellWriter) Seek(offset int64, whence int) (int64, error) {
	if offset != 0 || whence != io.SeekCurrent {
		return t.pos, fmt.Errorf("data: cannot seek an output stream")
	}
	return t.pos, nil
}

// noClose hides a writer's Close method: Parquet's writer closes its sink,
// but the caller owns the file (and may still sync and rename it).
type noClose struct{ io.Writer }

// WriteDirAtomic builds a directory through fill, in a temporary directory
// beside dir, and renames it into place only when fill succeeded: a failed
// or interrupted run leaves no partial directory. dir must not exist, or be
// empty.
func WriteDirAtomic(dir string, fill func(tmp string) error) (err error) {
	dir = filepath.Clean(dir)
	if entries, rerr := os.ReadDir(dir); rerr == nil {
		if len(entries) > 0 {
			return fmt.Errorf("%s exists and is not empty: give a new directory", dir)
		}
	} else if !os.IsNotExist(rerr) {
		return fmt.Errorf("writing %s: %w", dir, rerr)
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(tmp)
		}
	}()
	if err = fill(tmp); err != nil {
		return err
	}
	if err = os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	_ = os.Remove(dir) // an empty directory in the way
	if err = os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	return nil
}

// ErrNotReplaceable is returned by ReplaceDirAtomic and CheckReplaceable
// when the directory in the way is not one they may replace.
var ErrNotReplaceable = errors.New("not replaceable")

// CheckReplaceable reports whether ReplaceDirAtomic may put a new
// directory at dir: when nothing is there, when an empty directory is, or
// when a directory holding the file marker is (one it wrote before).
// Anything else — a file, a link, a directory of other things — is
// refused with an error wrapping ErrNotReplaceable, so that a mistyped
// --out never deletes a user's files.
func CheckReplaceable(dir, marker string) error {
	dir = filepath.Clean(dir)
	st, err := os.Lstat(dir)
	switch {
	case os.IsNotExist(err):
		return nil
	case err != nil:
		return fmt.Errorf("writing %s: %w", dir, err)
	case !st.IsDir():
		return fmt.Errorf("%s exists and is not a directory: give a new directory for the output (%w)", dir, ErrNotReplaceable)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if m, err := os.Lstat(filepath.Join(dir, marker)); err == nil && m.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("%s exists and is not an earlier output of this command (it has no %s file), so it is left alone: give a new or empty directory, or remove it yourself (%w)",
		dir, marker, ErrNotReplaceable)
}

// ReplaceDirAtomic builds a directory through fill in a temporary directory
// beside dir, writes the file marker into it, and then puts it in dir's
// place. It replaces only what CheckReplaceable allows: nothing, an empty
// directory, or a directory holding marker (an earlier output). The old
// directory is moved aside and removed only once the new one is in place,
// so a failed or interrupted run leaves the old one (or nothing) and never
// a half-written one.
func ReplaceDirAtomic(dir, marker string, fill func(tmp string) error) error {
	dir = filepath.Clean(dir)
	if err := CheckReplaceable(dir, marker); err != nil {
		return err
	}
	fillMarked := func(tmp string) error {
		if err := fill(tmp); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(tmp, marker), []byte("Written by needsplan; the next run with this output directory replaces this directory whole.\n"), 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", dir, err)
		}
		return nil
	}
	if entries, err := os.ReadDir(dir); os.IsNotExist(err) || (err == nil && len(entries) == 0) {
		return WriteDirAtomic(dir, fillMarked)
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	if err := fillMarked(tmp); err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	old := filepath.Join(parent, "."+base+".old-"+filepath.Base(tmp)[len(base)+6:])
	if err := os.Rename(dir, old); err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	return os.RemoveAll(old)
}

// ReplaceDirWithFiles puts a new directory at dir, as ReplaceDirAtomic does
// (marked by marker, replacing only nothing, an empty directory or an
// earlier output): files by their slash-separated paths, and every table
// as CSV and as Parquet under tables/.
func ReplaceDirWithFiles(dir, marker string, files map[string][]byte, tables []*model.Table) error {
	return ReplaceDirAtomic(dir, marker, func(tmp string) error {
		for path, b := range files {
			p := filepath.Join(tmp, filepath.FromSlash(path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				return err
			}
		}
		if err := os.MkdirAll(filepath.Join(tmp, "tables"), 0o755); err != nil {
			return err
		}
		for _, t := range tables {
			for _, ext := range []string{"csv", "parquet"} {
				f, err := os.Create(filepath.Join(tmp, "tables", t.Name+"."+ext))
				if err != nil {
					return err
				}
				if ext == "csv" {
					err = WriteCSV(f, t)
				} else {
					err = WriteParquet(f, t)
				}
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					return fmt.Errorf("writing %s: %w", t.Name, err)
				}
			}
		}
		return nil
	})
}
