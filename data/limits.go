package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync/atomic"

	"github.com/apache/arrow/go/v15/arrow/memory"
	"go.yaml.in/yaml/v3"
)

// Limits bound how much one input file can make needsplan read and hold,
// so that a damaged or hostile file is refused with a clear message rather
// than exhausting memory (docs/data-contract.md, "Limits"). A zero field
// means its default.
type Limits struct {
	// MaxRows is the most data rows one table (profiles, establishments,
	// offerings, receptions) may hold: DefaultMaxRows.
	MaxRows int
	// MaxFieldBytes is the longest CSV field, in bytes as written, quotes
	// included: DefaultMaxFieldBytes.
	MaxFieldBytes int
	// MaxLineBytes is the longest CSV row, in bytes as written, quoted
	// newlines included and the line end not: DefaultMaxLineBytes.
	MaxLineBytes int
	// MaxYAMLBytes is the largest scenario, sweep or catalogue file:
	// DefaultMaxYAMLBytes.
	MaxYAMLBytes int
	// MaxYAMLDepth is the deepest nesting of YAML mappings and lists, the
	// top mapping being 1: DefaultMaxYAMLDepth.
	MaxYAMLDepth int
	// MaxYAMLNodes is the most YAML nodes (keys, values, list items) a file
	// may hold, counted with every alias expanded: DefaultMaxYAMLNodes.
	MaxYAMLNodes int
	// MaxExtends is how deep a chain of scenarios extending each other may
	// go: MaxExtends.
	MaxExtends int
	// MaxProgrammes is the most programmes a catalogue may list:
	// DefaultMaxProgrammes.
	MaxProgrammes int
	// MaxDecodeBytes is the most memory the Parquet and Arrow IPC readers
	// may hold allocated at once for one file: DefaultMaxDecodeBytes, and
	// never more than 256 MiB plus 64 times the file's size. It bounds what
	// lengths in a damaged file's metadata can ask for.
	MaxDecodeBytes int64
}

// Default limits. None is near what a real input needs: the prison
// population of England and Wales is under 100,000 (MaxRows is 500 times
// that); a profiles row is about 200 bytes and its longest field, the list
// of completed programmes, under 100; the embedded catalogue is 21 KB,
// nests 9 deep and lists 32 programmes; a scenario is a few hundred bytes.
const (
	DefaultMaxRows       = 50_000_000
	DefaultMaxFieldBytes = 64 << 10
	DefaultMaxLineBytes  = 1 << 20
	DefaultMaxYAMLBytes  = 1 << 20
	DefaultMaxYAMLDepth  = 32
	DefaultMaxYAMLNodes  = 100_000
	DefaultMaxProgrammes = 1_000
	// DefaultMaxDecodeBytes is 4 GiB: ReadProfiles holds at most about a
	// dozen record batches at once (one being read, two queued, one per
	// decoding worker, at most 8), and reading 100,000 people from
	// Parquet or Arrow in batches of 65,536 holds under 30 MB at once
	// (measured by TestDecodeBudgetReturns).
	DefaultMaxDecodeBytes = 4 << 30
)

// orDefaults returns l with every zero (or negative) field set to its
// default.
func (l Limits) orDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxRows, DefaultMaxRows)
	def(&l.MaxFieldBytes, DefaultMaxFieldBytes)
	def(&l.MaxLineBytes, DefaultMaxLineBytes)
	def(&l.MaxYAMLBytes, DefaultMaxYAMLBytes)
	def(&l.MaxYAMLDepth, DefaultMaxYAMLDepth)
	def(&l.MaxYAMLNodes, DefaultMaxYAMLNodes)
	def(&l.MaxExtends, MaxExtends)
	def(&l.MaxProgrammes, DefaultMaxProgrammes)
	if l.MaxDecodeBytes <= 0 {
		l.MaxDecodeBytes = DefaultMaxDecodeBytes
	}
	return l
}

// limitRows makes t refuse a table of more than max rows: at once when the
// format says how many rows it holds (Parquet), otherwise as soon as the
// batches read pass the limit, so that at most one batch more than the
// limit is ever held.
func limitRows(t *tableReader, name string, max int) (*tableReader, error) {
	tooMany := func(n string) *Error {
		return &Error{File: name, Msg: fmt.Sprintf("%s rows: a table may hold at most %d (data.Limits.MaxRows)", n, max)}
	}
	if t.rows > max {
		t.close()
		return nil, tooMany(strconv.Itoa(t.rows))
	}
	next, seen := t.next, 0
	t.next = func() (batch, error) {
		b, err := next()
		if err != nil {
			return b, err
		}
		if seen += b.n; seen > max {
			b.done()
			return batch{}, tooMany(fmt.Sprintf("more than %d", max))
		}
		return b, nil
	}
	return t, nil
}

// budgetAllocator is the memory the Parquet and Arrow readers allocate
// from: it refuses, by a panic that the readers' recover turns into an
// input error (recovered), any allocation that would take what it holds
// past max. A bit flipped in a length or a compression header otherwise
// asks the Go runtime for a terabyte, which is a fatal error, not a panic.
type budgetAllocator struct {
	mem  memory.Allocator
	max  int64
	used atomic.Int64
	peak atomic.Int64 // the most held at once, for tests
}

func newBudget(max int64) *budgetAllocator {
	return &budgetAllocator{mem: memory.DefaultAllocator, max: max}
}

// decodeBudget returns the allocator for reading f: at most
// lim.MaxDecodeBytes, and at most 256 MiB plus 64 times the file's size,
// so that a small damaged file cannot ask for gigabytes. Decoded tables
// are a few times their files' size (Snappy and dictionaries; 25 times for
// the test's 25 people repeated 4,000 times), below 64.
func decodeBudget(f File, lim Limits) *budgetAllocator {
	max := lim.MaxDecodeBytes
	if size, err := f.Seek(0, io.SeekEnd); err == nil && size < (max-256<<20)/64 {
		max = 256<<20 + 64*size
	}
	_, _ = f.Seek(0, io.SeekStart)
	return newBudget(max)
}

// overBudget is the panic value of a refused allocation.
type overBudget struct{ max int64 }

func (e overBudget) Error() string {
	return fmt.Sprintf("decoding it would take more than %d bytes of memory (data.Limits.MaxDecodeBytes); "+
		"if the file is not damaged, write it in smaller row groups or record batches", e.max)
}

func (a *budgetAllocator) take(n int) {
	u := a.used.Add(int64(n))
	if n > 0 && (u > a.max || u < 0) {
		a.used.Add(-int64(n))
		panic(overBudget{a.max})
	}
	for p := a.peak.Load(); u > p && !a.peak.CompareAndSwap(p, u); p = a.peak.Load() {
	}
}

// Allocate implements memory.Allocator.
func (a *budgetAllocator) Allocate(size int) []byte {
	a.take(size)
	return a.mem.Allocate(size)
}

// Reallocate implements memory.Allocator.
func (a *budgetAllocator) Reallocate(size int, b []byte) []byte {
	a.take(size - len(b))
	return a.mem.Reallocate(size, b)
}

// Free implements memory.Allocator.
func (a *budgetAllocator) Free(b []byte) {
	a.used.Add(-int64(len(b)))
	a.mem.Free(b)
}

// csvLimiter passes a CSV file through to encoding/csv while following its
// quoting, and fails as soon as a field or a row grows past its limit, so
// that csv.Reader never holds more than the limit of one row (plus its
// buffer) in memory. It follows encoding/csv with LazyQuotes: a quote opens
// a quoted field only as the field's first byte, and inside one a quote
// not followed by a quote, a comma or a line end is kept as text.
type csvLimiter struct {
	r                 io.Reader
	maxField, maxLine int64
	state             csvState
	pos               int64 // bytes passed so far
	fieldStart        int64 // position of the current field's first byte
	lineStart         int64 // position of the current row's first byte
	last              byte  // the byte before p[0]
	row               int   // non-empty rows completed (the header is row 1)
	field             int   // index of the current field in its row
	prefix            []byte
	err               error
}

type csvState uint8

const (
	csvFieldStart csvState = iota // at the first byte of a field
	csvUnquoted                   // in a field that did not open with a quote
	csvQuoted                     // in a quoted field
	csvQuote                      // just after a quote inside a quoted field
)

// prefixLen is how much of a refused field the message quotes (one byte
// more is kept, so that the message shows the value goes on).
const prefixLen = 60

// csvLimit is a field or row over its limit: csvLimitError turns it into an
// input error naming the row and the column.
type csvLimit struct {
	row, field int // 1-based row, 0-based field
	value      string
	msg        string
}

func (e *csvLimit) Error() string {
	return fmt.Sprintf("row %d, field %d: %s", e.row, e.field+1, e.msg)
}

func newCSVLimiter(r io.Reader, lim Limits) *csvLimiter {
	return &csvLimiter{r: r, maxField: int64(lim.MaxFieldBytes), maxLine: int64(lim.MaxLineBytes)}
}

func (l *csvLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	p = p[:n]
	// The hot loop keeps the state in locals; positions are in the whole
	// file (base is p[0]'s). from is where in p the current field's bytes
	// not yet in l.prefix start, or -1 when the prefix is full.
	base, state, fieldStart, lineStart, field := l.pos, l.state, l.fieldStart, l.lineStart, l.field
	maxField, maxLine := l.maxField, l.maxLine
	from, newField := -1, false
	if len(l.prefix) <= prefixLen {
		from = 0
	}
	for i := 0; i < len(p); i++ {
		b := p[i]
		switch state {
		case csvQuoted:
			// Only a quote ends a quoted field: skip to it.
			j := bytes.IndexByte(p[i:], '"')
			if j < 0 {
				i = len(p)
				continue
			}
			i += j
			state = csvQuote
			continue
		case csvQuote:
			// A quote in a quoted field: doubled, closing, or (lazily) text.
			switch b {
			case '"':
				state = csvQuoted
				continue
			case '\r':
				state = csvUnquoted
				continue
			case ',', '\n':
			default:
				state = csvQuoted
				continue
			}
		default:
			if b != ',' && b != '\n' {
				if b == '"' && state == csvFieldStart {
					state = csvQuoted
				} else {
					state = csvUnquoted
				}
				continue
			}
		}
		// A comma or a line end outside quotes ends the field.
		at := base + int64(i)
		if at-fieldStart > maxField {
			return l.fail(p, from, newField, i, field, true)
		}
		if at-lineStart > maxLine {
			return l.fail(p, from, newField, i, field, false)
		}
		fieldStart, field, state = at+1, field+1, csvFieldStart
		from, newField = i+1, true
		if b == '\n' {
			// A row ends; an empty one (csv skips it) is not counted.
			content := at - lineStart
			prev := l.last
			if i > 0 {
				prev = p[i-1]
			}
			if prev == '\r' {
				content--
			}
			if content > 0 {
				l.row++
			}
			lineStart, field = at+1, 0
		}
	}
	end := base + int64(len(p))
	if state == csvQuoted || state == csvQuote || state == csvUnquoted {
		if end-fieldStart > maxField {
			return l.fail(p, from, newField, len(p), field, true)
		}
	}
	if end-lineStart > maxLine {
		return l.fail(p, from, newField, len(p), field, false)
	}
	if newField {
		l.prefix = l.prefix[:0]
	}
	if from >= 0 && len(l.prefix) <= prefixLen {
		l.prefix = append(l.prefix, p[from:min(len(p), from+prefixLen+1-len(l.prefix))]...)
	}
	if n > 0 {
		l.last = p[n-1]
	}
	l.pos, l.state, l.fieldStart, l.lineStart, l.field = end, state, fieldStart, lineStart, field
	return n, err
}

// fail records that the field (inField) or the row broke its limit at
// p[i], the field's bytes in p starting at from (-1: none wanted); newField
// says the field started in p, so l.prefix is another field's.
func (l *csvLimiter) fail(p []byte, from int, newField bool, i, field int, inField bool) (int, error) {
	v := l.prefix
	if newField {
		v = nil
	}
	if from >= 0 {
		v = append(v, p[from:i]...)
	}
	msg := fmt.Sprintf("row longer than %d bytes (data.Limits.MaxLineBytes)", l.maxLine)
	if inField {
		msg = fmt.Sprintf("field longer than %d bytes (data.Limits.MaxFieldBytes): an unclosed quote?", l.maxField)
	}
	l.err = &csvLimit{row: l.row + 1, field: field, value: truncate(string(v), prefixLen), msg: msg}
	return i, l.err
}

// csvLimitError returns the input error for a CSV field or row over its
// limit, naming the column from header, or nil when err is not one.
func csvLimitError(err error, name string, header []string) *Error {
	var le *csvLimit
	if !errors.As(err, &le) {
		return nil
	}
	e := &Error{File: name, Row: le.row, Value: le.value, Msg: le.msg}
	if le.row > 1 && le.field < len(header) {
		e.Column = header[le.field]
	} else {
		e.Msg = fmt.Sprintf("field %d: %s", le.field+1, le.msg)
	}
	return e
}

// readLimited reads all of r, refusing more than max bytes.
func readLimited(r io.Reader, name, what string, max int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, &Error{File: name, Msg: "cannot read the " + what + ": " + err.Error()}
	}
	if len(b) > max {
		return nil, &Error{File: name, Msg: fmt.Sprintf("larger than %d bytes (data.Limits.MaxYAMLBytes): not a %s", max, what)}
	}
	return b, nil
}

// readFileLimited reads the file at path, refusing more than max bytes.
func readFileLimited(path, what string, max int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read the " + what + ": " + err.Error()}
	}
	defer f.Close()
	return readLimited(f, path, what, max)
}

// checkYAMLShape refuses YAML nested deeper than lim.MaxYAMLDepth or
// holding more than lim.MaxYAMLNodes nodes with aliases expanded. It runs
// before anything else walks the nodes: an alias can point back into the
// node that holds it (&a [*a]), and a chain of aliases to aliases doubles
// the nodes at each step, so a walk that follows aliases would otherwise
// never end or take exponential time.
func checkYAMLShape(root *yaml.Node, lim Limits) error {
	budget := lim.MaxYAMLNodes
	var walk func(n *yaml.Node, depth int) error
	walk = func(n *yaml.Node, depth int) error {
		if budget--; budget < 0 {
			return &yamlError{Line: n.Line, Msg: fmt.Sprintf("more than %d YAML nodes with aliases expanded (data.Limits.MaxYAMLNodes)", lim.MaxYAMLNodes)}
		}
		switch n.Kind {
		case yaml.AliasNode:
			if n.Alias != nil {
				return walk(n.Alias, depth)
			}
		case yaml.MappingNode, yaml.SequenceNode:
			if depth++; depth > lim.MaxYAMLDepth {
				return &yamlError{Line: n.Line, Msg: fmt.Sprintf("nested more than %d deep (data.Limits.MaxYAMLDepth)", lim.MaxYAMLDepth)}
			}
			fallthrough
		default:
			for _, c := range n.Content {
				if err := walk(c, depth); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(root, 0)
}
