package data

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrInvalid is matched (errors.Is) by every error about invalid input data:
// the command line maps it to exit status 3.
var ErrInvalid = errors.New("invalid input data")

// Error is one problem in an input file. Row is 1-based: for CSV the header
// is row 1 and the first person row 2; for Parquet and Arrow it is the
// record number (Record true). Row 0 means the whole file.
type Error struct {
	File   string
	Line   int // for YAML files: the line; Row is then 0
	Row    int
	Record bool
	Column string
	Value  string
	Msg    string // what was expected, or what is wrong
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	if e.Row > 0 {
		if e.Record {
			fmt.Fprintf(&b, ": record %d", e.Row)
		} else {
			fmt.Fprintf(&b, ": row %d", e.Row)
		}
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	if e.Row > 0 || e.Column != "" {
		fmt.Fprintf(&b, ": value %s", strconv.Quote(truncate(e.Value, 60)))
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Is makes every Error match ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Errors is every problem found in the inputs, in file and row order, with
// the count of those not kept once the limit was reached.
type Errors struct {
	List    []*Error
	Dropped int
}

func (e *Errors) Error() string {
	var b strings.Builder
	for i, x := range e.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.Error())
	}
	if e.Dropped > 0 {
		fmt.Fprintf(&b, "\n… and %d more problems not shown", e.Dropped)
	}
	return b.String()
}

// Is makes Errors match ErrInvalid.
func (e *Errors) Is(target error) bool { return target == ErrInvalid }

// DefaultMaxErrors is how many problems a load reports before it stops
// keeping them.
const DefaultMaxErrors = 50

// collector gathers problems up to a limit.
type collector struct {
	max  int
	errs Errors
}

func (c *collector) add(e *Error) {
	if len(c.errs.List) < c.max {
		c.errs.List = append(c.errs.List, e)
	} else {
		c.errs.Dropped++
	}
}

// full reports whether no more problems are kept: reading can stop.
func (c *collector) full() bool { return len(c.errs.List) >= c.max }

func (c *collector) err() error {
	if len(c.errs.List) == 0 {
		return nil
	}
	e := c.errs
	return &e
}
