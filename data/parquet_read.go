package data

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
	pqschema "github.com/apache/arrow/go/v15/parquet/schema"

	"needsplan/model"
)

// Parquet is read with the column chunk readers of Arrow's parquet/file
// package rather than through Arrow arrays (pqarrow): they decode the present
// values densely, with the definition levels beside them, which is three to
// four times faster for the nullable, dictionary-encoded columns a profiles
// file is made of (measured on a 1,000,000-profile file: docs/performance.md).

// pqKind is what a Parquet column holds, from its physical and logical type.
type pqKind uint8

const (
	pqBool pqKind = iota
	pqInt
	pqFloat
	pqText
	pqDate      // days since 1970-01-01 (INT32 DATE)
	pqTimestamp // INT64 TIMESTAMP, or INT96 converted to nanoseconds
)

// pqCol is one column of a batch read from Parquet: the values present, in
// row order, and for each row the index of its value in them (-1 when the
// row's value is null; idx empty when every row has one).
type pqCol struct {
	kind   pqKind
	idx    []int32
	ints   []int64
	floats []float64
	bools  []bool
	strs   []string
	perDay int64 // pqTimestamp: units in a day
}

// at returns the index of row i's value, or -1 when it is null.
func (c *pqCol) at(i int) int {
	if len(c.idx) == 0 {
		return i
	}
	return int(c.idx[i])
}

func (c *pqCol) null(i int) bool { return c.at(i) < 0 }

func (c *pqCol) empty(i int) bool {
	k := c.at(i)
	return k < 0 || c.kind == pqText && trimSpace(c.strs[k]) == ""
}

func (c *pqCol) text(i int) string {
	k := c.at(i)
	if k < 0 {
		return ""
	}
	switch c.kind {
	case pqBool:
		return strconv.FormatBool(c.bools[k])
	case pqInt:
		return strconv.FormatInt(c.ints[k], 10)
	case pqFloat:
		return strconv.FormatFloat(c.floats[k], 'g', -1, 64)
	case pqDate:
		return model.Date(c.ints[k]).String()
	case pqTimestamp:
		v := c.ints[k]
		if v%c.perDay == 0 {
			return model.Date(v / c.perDay).String()
		}
		return strconv.FormatInt(v, 10) + " (a timestamp with a time of day)"
	}
	return trimSpace(c.strs[k])
}

// kindOf maps a Parquet leaf column to what it holds, or says why it cannot
// be read.
func kindOf(col *pqschema.Column) (pqKind, int64, error) {
	lt := col.LogicalType()
	ct := col.ConvertedType()
	if _, dec := lt.(*pqschema.DecimalLogicalType); dec || ct == pqschema.ConvertedTypes.Decimal {
		return 0, 0, fmt.Errorf("decimal column: want an int, float, bool, date or text column")
	}
	switch col.PhysicalType() {
	case parquet.Types.Boolean:
		return pqBool, 0, nil
	case parquet.Types.Int32:
		if _, ok := lt.(*pqschema.DateLogicalType); ok || ct == pqschema.ConvertedTypes.Date {
			return pqDate, 0, nil
		}
		return pqInt, 0, nil
	case parquet.Types.Int64:
		if ts, ok := lt.(*pqschema.TimestampLogicalType); ok {
			switch ts.TimeUnit() {
			case pqschema.TimeUnitMillis:
				return pqTimestamp, 86_400_000, nil
			case pqschema.TimeUnitMicros:
				return pqTimestamp, 86_400_000_000, nil
			case pqschema.TimeUnitNanos:
				return pqTimestamp, 86_400_000_000_000, nil
			}
		}
		switch ct {
		case pqschema.ConvertedTypes.TimestampMillis:
			return pqTimestamp, 86_400_000, nil
		case pqschema.ConvertedTypes.TimestampMicros:
			return pqTimestamp, 86_400_000_000, nil
		}
		return pqInt, 0, nil
	case parquet.Types.Int96:
		return pqTimestamp, 86_400_000_000_000, nil
	case parquet.Types.Float, parquet.Types.Double:
		return pqFloat, 0, nil
	case parquet.Types.ByteArray:
		return pqText, 0, nil
	}
	return 0, 0, fmt.Errorf("column type %s: want an int, float, bool, date or text column", col.PhysicalType())
}

// pqReader reads the columns it was asked for, in batches of at most
// batchRows rows that never cross a row group. Row groups can be read at
// the same time by several pqCursors (tableReader.part): the file is read
// at offsets, and each cursor has its own column chunk readers.
type pqReader struct {
	pf     *file.Reader
	budget *budgetAllocator // charged for each batch's values while the batch lives; nil: no budget
	mem    memory.Allocator // the file's allocator, for the column readers
	src    File             // the file, for pageHeaders
	size   int64            // its length in bytes
	pool   colPool          // pqCols whose buffers finished batches gave back
	name   string
	names  []string // the header: top-level field names
	read   []int    // header position → leaf column index, -1 when not read
	kinds  []pqKind
	perDay []int64
	starts []int // record number of each row group's first row
}

// pqCursor reads row groups in order, from row group rg to end.
type pqCursor struct {
	r       *pqReader
	rg, end int
	left    int64
	readers []file.ColumnChunkReader // by header position, for the current row group
	pages   []*checkedPages          // the readers' page readers
	first   int                      // record number of the next batch's first row
	// scratch buffers for the decoders, reused between batches
	defs  []int16
	i32   []int32
	i96   []parquet.Int96
	f32   []float32
	bytes []parquet.ByteArray
}

// cursor returns a cursor over row groups from to end (exclusive).
func (r *pqReader) cursor(from, end int) *pqCursor {
	c := &pqCursor{r: r, rg: from - 1, end: end, readers: make([]file.ColumnChunkReader, len(r.names)),
		pages: make([]*checkedPages, len(r.names))}
	if from < len(r.starts) {
		c.first = r.starts[from]
	}
	return c
}

// openParquet opens a Parquet file for the columns in want and, so that
// identifiers in them are found, every extra text column.
// Decoding allocates through mem, which bounds it (Limits.MaxDecodeBytes).
func openParquet(_ context.Context, f File, name string, want map[string]bool, mem memory.Allocator) (t *tableReader, err error) {
	defer recovered(name, &err)
	pf, err := file.NewParquetReader(f, file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		return nil, &Error{File: name, Msg: "not a readable Parquet file (truncated or damaged?): " + err.Error()}
	}
	// The columns' types as Arrow sees them, for checkColumnTypes.
	as, err := pqarrow.FromParquet(pf.MetaData().Schema, &pqarrow.ArrowReadProperties{}, pf.MetaData().KeyValueMetadata())
	if err != nil {
		return nil, &Error{File: name, Msg: "cannot map the Parquet schema to columns: " + err.Error()}
	}
	sc := pf.MetaData().Schema
	root := sc.Root()
	r := &pqReader{pf: pf, name: name}
	first := 1
	for g := range pf.NumRowGroups() {
		r.starts = append(r.starts, first)
		first += int(pf.MetaData().RowGroup(g).NumRows())
	}
	r.budget, _ = mem.(*budgetAllocator)
	r.mem, r.src = mem, f
	if r.size, err = f.Seek(0, io.SeekEnd); err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		return nil, &Error{File: name, Msg: "cannot find the file's length: " + err.Error()}
	}
	for i := range root.NumFields() {
		fld := root.Field(i)
		n := fld.Name()
		r.names = append(r.names, n)
		k := sc.ColumnIndexByName(n)
		flat := k >= 0 && fld.Type() == pqschema.Primitive && sc.Column(k).MaxRepetitionLevel() == 0
		if !flat {
			if want[n] {
				return nil, &Error{File: name, Column: n, Msg: "nested or repeated column: want a flat table"}
			}
			r.read, r.kinds, r.perDay = append(r.read, -1), append(r.kinds, 0), append(r.perDay, 0)
			continue
		}
		col := sc.Column(k)
		kind, perDay, kerr := kindOf(col)
		// Extra text columns are read too, to refuse identifier-shaped
		// values in them (PRODUCT.md, "Reliability and safety").
		if !want[n] && (kerr != nil || kind != pqText) {
			k = -1
		} else if kerr != nil {
			return nil, &Error{File: name, Column: n, Msg: kerr.Error()}
		}
		r.read, r.kinds, r.perDay = append(r.read, k), append(r.kinds, kind), append(r.perDay, perDay)
	}
	groups := pf.NumRowGroups()
	return &tableReader{names: r.names, types: fieldTypes(as), rows: int(pf.NumRows()), record: true, close: func() {},
		next: r.cursor(0, groups).next, parts: groups,
		part: func(g int) func() (batch, error) { return r.cursor(g, g+1).next }}, nil
}

// next reads the next batch of rows.
func (cu *pqCursor) next() (b batch, err error) {
	r := cu.r
	defer recovered(r.name, &err)
	for cu.left == 0 {
		cu.rg++
		if cu.rg >= cu.end {
			return batch{}, nil
		}
		g := r.pf.RowGroup(cu.rg)
		cu.left, cu.first = g.NumRows(), r.starts[cu.rg]
		// Every chunk's extent first: one past the file's end is the
		// likelier damage, and its message the clearer.
		for j, k := range r.read {
			if k < 0 {
				continue
			}
			if _, _, err := r.chunk(cu.rg, k); err != nil {
				return batch{}, &Error{File: r.name, Row: cu.first, Record: true, Column: r.names[j],
					Msg: "cannot read the Parquet column (truncated or damaged?): " + err.Error()}
			}
		}
		for j, k := range r.read {
			cu.readers[j], cu.pages[j] = nil, nil
			if k < 0 {
				continue
			}
			if cu.readers[j], cu.pages[j], err = r.columnReader(cu.rg, k); err != nil {
				return batch{}, &Error{File: r.name, Row: cu.first, Record: true, Column: r.names[j],
					Msg: "cannot read the Parquet column (truncated or damaged?): " + err.Error()}
			}
		}
	}
	n := int(min(cu.left, batchRows))
	b = batch{cols: make([]column, len(r.names)), n: n, rows: make([]int, n)}
	for i := range b.rows {
		b.rows[i] = cu.first + i
	}
	held := 0 // bytes the batch's columns hold, charged to the budget
	for j, cr := range cu.readers {
		if cr == nil {
			continue
		}
		c, err := cu.column(cr, r.kinds[j], r.perDay[j], n)
		if err != nil && cu.pages[j].err != nil {
			err = cu.pages[j].err // why the column stopped short
		}
		if err != nil {
			r.refund(held)
			return batch{}, &Error{File: r.name, Row: cu.first, Record: true, Column: r.names[j],
				Msg: "cannot read the Parquet data (truncated or damaged?): " + err.Error()}
		}
		size := c.size()
		if r.budget != nil {
			r.budget.take(size) // past the budget: a panic that next's recover turns into an input error
		}
		held += size
		b.cols[j] = c
	}
	cols := b.cols
	b.release = func() {
		r.refund(held)
		for _, c := range cols {
			if pc, ok := c.(*pqCol); ok {
				clear(pc.strs) // the text stays with the people; the headers' array is reused
				r.pool.Put(pc)
			}
		}
	}
	cu.first += n
	cu.left -= int64(n)
	return b, nil
}

// colPool is a free list of pqCols. A sync.Pool would do, but it empties
// at every garbage collection, and during a load the collector runs often
// enough that the buffers would be made anew for most batches. Batches in
// flight are few (ReadProfiles' queue and workers), so the list stays short.
// There is a list per kind of column: a pqCol reused for every kind would
// end up holding a buffer of each (text, integers, floats), and the pool
// of a 1,000,000-profile stream grew to 93 MB that way.
type colPool struct {
	mu   sync.Mutex
	free [pqTimestamp + 1][]*pqCol
}

func (p *colPool) get(kind pqKind) *pqCol {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free[kind]); n > 0 {
		c := p.free[kind][n-1]
		p.free[kind] = p.free[kind][:n-1]
		return c
	}
	return &pqCol{}
}

// Put gives c back to the list.
func (p *colPool) Put(c *pqCol) {
	p.mu.Lock()
	p.free[c.kind] = append(p.free[c.kind], c)
	p.mu.Unlock()
}

// refund gives back to the budget what a batch held.
func (r *pqReader) refund(n int) {
	if r.budget != nil {
		r.budget.used.Add(-int64(n))
	}
}

// size is about the memory the column's values take.
func (c *pqCol) size() int {
	n := 4*len(c.idx) + 8*len(c.ints) + 8*len(c.floats) + len(c.bools) + 16*len(c.strs)
	for _, s := range c.strs {
		n += len(s)
	}
	return n
}

// grow returns s with length n, reusing its array when it is big enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// widen returns dst holding src's values converted to the wider type,
// reusing dst's array when it is big enough.
func widen[U int64 | float64, T int32 | float32](dst []U, src []T) []U {
	dst = grow(dst, len(src))
	for k, v := range src {
		dst[k] = U(v)
	}
	return dst
}

// column reads the next n rows of one column into a pqCol from the
// reader's pool, which owns its values until the batch is done (text is
// copied out of the page buffers the reader reuses).
func (r *pqCursor) column(cr file.ColumnChunkReader, kind pqKind, perDay int64, n int) (*pqCol, error) {
	c := r.r.pool.get(kind)
	c.kind, c.perDay = kind, perDay
	c.strs = c.strs[:0]
	r.defs = grow(r.defs, n)
	defs := r.defs
	maxDef := cr.Descriptor().MaxDefinitionLevel()
	if maxDef == 0 {
		defs = nil
	}
	var levels int64
	var vals int
	var err error
	switch x := cr.(type) {
	case *file.BooleanColumnChunkReader:
		c.bools = grow(c.bools, n)
		levels, vals, err = x.ReadBatch(int64(n), c.bools, defs, nil)
		c.bools = c.bools[:vals]
	case *file.Int32ColumnChunkReader:
		r.i32 = grow(r.i32, n)
		levels, vals, err = x.ReadBatch(int64(n), r.i32, defs, nil)
		c.ints = widen(c.ints, r.i32[:vals])
	case *file.Int64ColumnChunkReader:
		c.ints = grow(c.ints, n)
		levels, vals, err = x.ReadBatch(int64(n), c.ints, defs, nil)
		c.ints = c.ints[:vals]
	case *file.Int96ColumnChunkReader:
		r.i96 = grow(r.i96, n)
		levels, vals, err = x.ReadBatch(int64(n), r.i96, defs, nil)
		c.ints = grow(c.ints, vals)
		for k, v := range r.i96[:vals] {
			c.ints[k] = v.ToTime().UnixNano()
		}
	case *file.Float32ColumnChunkReader:
		r.f32 = grow(r.f32, n)
		levels, vals, err = x.ReadBatch(int64(n), r.f32, defs, nil)
		c.floats = widen(c.floats, r.f32[:vals])
	case *file.Float64ColumnChunkReader:
		c.floats = grow(c.floats, n)
		levels, vals, err = x.ReadBatch(int64(n), c.floats, defs, nil)
		c.floats = c.floats[:vals]
	case *file.ByteArrayColumnChunkReader:
		r.bytes = grow(r.bytes, n)
		levels, vals, err = x.ReadBatch(int64(n), r.bytes, defs, nil)
		// One string holds the batch's text; each value is a slice of it.
		// It is never pooled: the people decoded keep slices of it.
		size := 0
		for _, v := range r.bytes[:vals] {
			size += len(v)
		}
		var sb strings.Builder
		sb.Grow(size)
		for _, v := range r.bytes[:vals] {
			sb.Write(v)
		}
		all := sb.String()
		c.strs = grow(c.strs, vals)
		off := 0
		for k, v := range r.bytes[:vals] {
			c.strs[k] = all[off : off+len(v)]
			off += len(v)
		}
	default:
		r.r.pool.Put(c)
		return nil, fmt.Errorf("unsupported column reader %T", cr)
	}
	if err != nil {
		r.r.pool.Put(c)
		return nil, err
	}
	if levels != int64(n) {
		r.r.pool.Put(c)
		return nil, fmt.Errorf("%d of %d rows present in the column chunk", levels, n)
	}
	c.idx = c.idx[:0]
	if defs != nil && vals < n {
		c.idx = grow(c.idx, n)
		k := int32(0)
		for i, d := range defs[:n] {
			if d == maxDef {
				c.idx[i] = k
				k++
			} else {
				c.idx[i] = -1
			}
		}
		if int(k) != vals {
			r.r.pool.Put(c)
			return nil, fmt.Errorf("the definition levels mark %d of %d rows present but the page holds %d values", k, n, vals)
		}
	}
	return c, nil
}
