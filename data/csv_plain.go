package data

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// A plain CSV file — no quote or carriage return anywhere, no blank line,
// every row with the header's number of fields, valid UTF-8, no row
// longer than the limits allow — is read in parallel chunks, without a
// string per cell: each chunk is one string and its cells are slices of
// it. Exports of the planning data are plain (the fields are codes,
// numbers and dates), and encoding/csv reads one row at a time on one
// core, which made CSV the slowest format (docs/performance.md). A file
// that is not plain is read by encoding/csv as before (openCSV), so every
// problem and its message is unchanged: in a plain file a newline always
// ends a row and a comma always ends a field, so the chunks can be cut at
// any newline and read independently, and encoding/csv would read each
// row the same way.
//
// The file is read twice: once to check that it is plain and to count each
// chunk's rows (so each chunk knows its first row number), then chunk by
// chunk as the rows are decoded. Both passes run on every core; the
// second pass's chunks are the table's parts, as Parquet row groups are.

// plainChunk is the bytes of the file each chunk starts within; a chunk
// holds the rows that start there (a variable so that tests can cut small
// files into many chunks).
var plainChunk = 4 << 20

// readPlain is whether openCSV tries the plain reading first (a variable
// so that tests can compare it with encoding/csv's).
var readPlain = true

// plainFile is a plain CSV file cut into chunks.
type plainFile struct {
	f      io.ReaderAt
	size   int64
	fields int
	maxRow int     // the longest row allowed, in bytes (Limits)
	starts []int64 // starts[k]: where chunk k begins; starts[len]: the end
	first  []int   // first[k]: the row number of chunk k's first row
	last   int     // the row number after the last row
}

// openPlainCSV opens f as a plain CSV file, or reports false when it is
// not one (or cannot be read as one: openCSV then reads it, and finds
// why).
func openPlainCSV(f File, lim Limits) (*tableReader, bool) {
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil || size == 0 {
		return nil, false
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, false
	}
	p := &plainFile{f: f, size: size, maxRow: min(lim.MaxLineBytes, lim.MaxFieldBytes)}
	header, dataStart, ok := p.header()
	if !ok {
		return nil, false
	}
	p.fields = len(header)
	if !p.check(dataStart, lim.MaxRows) {
		return nil, false
	}
	t := &tableReader{names: header, close: func() {}, parts: len(p.first), part: p.part}
	k := 0
	var cur func() (batch, error)
	t.next = func() (batch, error) {
		for ; k < t.parts; k++ {
			if cur == nil {
				cur = p.part(k)
			}
			if b, err := cur(); err != nil || b.n > 0 {
				return b, err
			}
			cur = nil
		}
		return batch{}, nil
	}
	return t, true
}

// header reads the header row: plain, UTF-8 and not blank. It returns the
// trimmed names and where the data begin.
func (p *plainFile) header() ([]string, int64, bool) {
	buf := make([]byte, min(p.size, int64(p.maxRow+len(utf8BOM)+1)))
	if _, err := p.f.ReadAt(buf, 0); err != nil && err != io.EOF {
		return nil, 0, false
	}
	skip := 0
	if bytes.HasPrefix(buf, utf8BOM) {
		skip = len(utf8BOM)
	}
	line := buf[skip:]
	end := bytes.IndexByte(line, '\n')
	if end < 0 {
		if int64(len(buf)) < p.size {
			return nil, 0, false // longer than a row may be
		}
		end = len(line)
	}
	line = line[:end]
	if len(line) == 0 || !plainText(line) || !utf8.Valid(line) {
		return nil, 0, false
	}
	names := strings.Split(string(line), ",")
	for j := range names {
		names[j] = strings.TrimSpace(names[j])
	}
	return names, int64(skip + end + 1), true
}

// plainText reports whether b holds neither a quote nor a carriage return.
func plainText(b []byte) bool {
	return bytes.IndexByte(b, '"') < 0 && bytes.IndexByte(b, '\r') < 0
}

// check cuts the data into chunks, checks every chunk is plain and counts
// its rows, on every core; false when a chunk is not plain or the rows
// are more than maxRows (encoding/csv then reports it as it reads).
func (p *plainFile) check(dataStart int64, maxRows int) bool {
	if dataStart >= p.size {
		return true // a header and no rows
	}
	n := int((p.size - dataStart + int64(plainChunk) - 1) / int64(plainChunk))
	starts := make([]int64, n+1)
	rows := make([]int, n)
	ok := make([]bool, n)
	var wg sync.WaitGroup
	work := make(chan int)
	for range profileWorkers() {
		wg.Go(func() {
			var buf []byte // each worker's, reused from chunk to chunk
			for k := range work {
				lo := dataStart + int64(k)*int64(plainChunk)
				var b []byte
				var start, end int64
				var good bool
				buf, b, start, end, good = p.chunk(buf, lo, min(lo+int64(plainChunk), p.size), k == 0)
				if good {
					rows[k], good = p.plainRows(b)
				}
				starts[k], ok[k] = start, good
				if k == n-1 {
					starts[n] = end
				}
			}
		})
	}
	for k := range n {
		work <- k
	}
	close(work)
	wg.Wait()
	total := 0
	p.first = make([]int, 0, n)
	for k := range n {
		if !ok[k] {
			return false
		}
		p.first = append(p.first, 2+total) // the header is row 1
		total += rows[k]
	}
	p.starts, p.last = starts, 2+total
	return total <= maxRows
}

// chunk reads into buf (grown when too small, and returned) the rows that
// start within [lo, hi): their bytes, where they start and where they
// end. atStart says lo begins a row (the first chunk); else a row starts
// after the first newline at or after lo−1. ok is false when a row runs on
// past the longest allowed.
func (p *plainFile) chunk(buf []byte, lo, hi int64, atStart bool) (_, b []byte, start, end int64, ok bool) {
	from := lo
	if !atStart {
		from = lo - 1
	}
	to := min(hi+int64(p.maxRow)+1, p.size)
	buf = grow(buf, int(to-from))
	if _, err := p.f.ReadAt(buf, from); err != nil && err != io.EOF {
		return buf, nil, 0, 0, false
	}
	s := 0
	if !atStart {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			return buf, nil, 0, 0, false
		}
		s = i + 1
	}
	// The end: the first row start at or after hi, or the end of the file.
	e := len(buf)
	if hi < p.size {
		i := bytes.IndexByte(buf[hi-1-from:], '\n')
		if i < 0 {
			return buf, nil, 0, 0, false
		}
		e = int(hi-1-from) + i + 1
	}
	if e < s { // no row starts in the chunk
		e = s
	}
	return buf, buf[s:e], from + int64(s), from + int64(e), true
}

// plainRows counts the rows of b and reports whether they are plain: no
// quote or carriage return, valid UTF-8, not blank, the header's number of
// fields and no longer than allowed.
func (p *plainFile) plainRows(b []byte) (int, bool) {
	if !plainText(b) || !utf8.Valid(b) {
		return 0, false
	}
	rows := 0
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		if len(line) == 0 || len(line) > p.maxRow || bytes.Count(line, comma) != p.fields-1 {
			return 0, false
		}
		rows++
	}
	return rows, true
}

var comma = []byte{','}

// part returns the reader of chunk k's rows, in batches of at most
// batchRows.
func (p *plainFile) part(k int) func() (batch, error) {
	var s string
	read := false
	at := 0 // where the next row starts in s
	row := p.first[k]
	return func() (batch, error) {
		if !read {
			read = true
			// The chunk's one string, every cell a slice of it, read
			// straight into the string's memory.
			n := p.starts[k+1] - p.starts[k]
			var sb strings.Builder
			sb.Grow(int(n))
			if _, err := io.Copy(&sb, io.NewSectionReader(p.f, p.starts[k], n)); err != nil {
				return batch{}, fmt.Errorf("data: reading CSV rows from byte %d: %w", p.starts[k], err)
			}
			s = sb.String()
		}
		if at >= len(s) {
			return batch{}, nil
		}
		rows := p.rowsIn(k) - (row - p.first[k])
		c := &plainCells{s: s, fields: p.fields, pos: make([]int32, 0, min(rows, batchRows)*(p.fields+1))}
		n := 0
		for at < len(s) && n < batchRows {
			at = c.row(at)
			n++
		}
		b := batch{cols: make([]column, p.fields), n: n, rows: make([]int, n)}
		for i := range b.rows {
			b.rows[i] = row + i
		}
		row += n
		for j := range b.cols {
			b.cols[j] = plainCol{c, j}
		}
		return b, nil
	}
}

// rowsIn returns the number of rows in chunk k.
func (p *plainFile) rowsIn(k int) int {
	if k+1 < len(p.first) {
		return p.first[k+1] - p.first[k]
	}
	return p.last - p.first[k]
}

// plainCells are the cells of a batch of a plain file's rows, as
// positions in the chunk's string: four bytes a cell.
type plainCells struct {
	s      string
	fields int
	// pos holds, for row i, where each of its fields starts and, last,
	// one past its end: fields+1 positions a row.
	pos []int32
}

// row finds the fields of the row starting at at, and returns where the
// next row starts. The fields are short (codes, numbers, dates): one pass
// over the bytes finds their commas sooner than a search per field.
func (c *plainCells) row(at int) int {
	c.pos = append(c.pos, int32(at))
	i := at
	for ; i < len(c.s) && c.s[i] != '\n'; i++ {
		if c.s[i] == ',' {
			c.pos = append(c.pos, int32(i+1))
		}
	}
	c.pos = append(c.pos, int32(i+1))
	return i + 1
}

// cell returns field j of row i.
func (c *plainCells) cell(i, j int) string {
	k := i*(c.fields+1) + j
	return c.s[c.pos[k] : c.pos[k+1]-1]
}

// plainCol is a column of a plain file's batch, read as openCSV's csvCol
// reads one: text trimmed of spaces, empty text missing.
type plainCol struct {
	c *plainCells
	j int
}

func (c plainCol) text(i int) string { return trimSpace(c.c.cell(i, c.j)) }
func (c plainCol) null(i int) bool   { return c.text(i) == "" }
func (c plainCol) empty(i int) bool  { return c.text(i) == "" }
