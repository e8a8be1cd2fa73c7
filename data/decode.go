package data

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"needsplan/model"
)

// schema is a table's columns in the data contract: names and which are
// required.
type schema struct {
	names    []string
	required map[string]bool
}

func newSchema(required []string, optional ...string) schema {
	s := schema{required: map[string]bool{}}
	for _, n := range required {
		s.names = append(s.names, n)
		s.required[n] = true
	}
	s.names = append(s.names, optional...)
	return s
}

// want returns the set of the schema's columns.
func (s schema) want() map[string]bool {
	m := make(map[string]bool, len(s.names))
	for _, n := range s.names {
		m[n] = true
	}
	return m
}

// header checks a table's header against the schema: no duplicate names,
// every required column present. It returns, for each schema column, its
// position in the header (-1 when absent), and the unknown columns.
func (s schema) header(name string, t *tableReader) (pos []int, extra []string, err error) {
	seen := map[string]int{}
	for j, h := range t.names {
		if h == "" {
			return nil, nil, &Error{File: name, Row: 1, Msg: fmt.Sprintf("column %d has no name in the header", j+1)}
		}
		if k, dup := seen[h]; dup {
			return nil, nil, &Error{File: name, Row: 1, Column: h, Value: h,
				Msg: fmt.Sprintf("column named twice in the header (columns %d and %d)", k+1, j+1)}
		}
		seen[h] = j
	}
	var missing []string
	pos = make([]int, len(s.names))
	for k, n := range s.names {
		j, ok := seen[n]
		if !ok {
			j = -1
			if s.required[n] {
				missing = append(missing, n)
			}
		}
		pos[k] = j
	}
	if len(missing) > 0 {
		return nil, nil, &Error{File: name, Row: 1, Column: missing[0], Value: strings.Join(t.names, ","),
			Msg: "required column missing: " + strings.Join(missing, ", ")}
	}
	want := s.want()
	for _, h := range t.names {
		if !want[h] {
			extra = append(extra, h)
		}
	}
	slices.Sort(extra)
	return pos, extra, nil
}

// cells decodes one row of a batch, field by field, adding problems to errs.
type cells struct {
	file   string
	record bool
	names  []string
	cols   []column // by schema position; nil when the column is absent
	i      int      // row index in the batch
	row    int      // row number for messages
	errs   *collector
	bad    bool // the row had a problem
}

func (c *cells) fail(k int, msg string) {
	c.bad = true
	c.errs.add(&Error{File: c.file, Row: c.row, Record: c.record, Column: c.names[k], Value: c.cols[k].text(c.i), Msg: msg})
}

// present reports whether field k has a value; a missing required field is
// reported.
func (c *cells) present(k int, required bool) bool {
	col := c.cols[k]
	if col == nil || col.empty(c.i) {
		if required {
			c.bad = true
			c.errs.add(&Error{File: c.file, Row: c.row, Record: c.record, Column: c.names[k], Value: "", Msg: "required value is empty"})
		}
		return false
	}
	return true
}

func (c *cells) str(k int, required bool) string {
	if !c.present(k, required) {
		return ""
	}
	return c.cols[k].text(c.i)
}

func (c *cells) integer(k int, lo, hi int64, required bool) model.Opt[int] {
	if !c.present(k, required) {
		return model.Opt[int]{}
	}
	v, ok := cellInt(c.cols[k], c.i)
	if !ok || v < lo || v > hi {
		if hi == math.MaxInt32 {
			c.fail(k, fmt.Sprintf("want a whole number %d or more", lo))
		} else {
			c.fail(k, fmt.Sprintf("want a whole number from %d to %d", lo, hi))
		}
		return model.Opt[int]{}
	}
	return model.Some(int(v))
}

func (c *cells) float(k int, lo, hi float64, required bool) model.Opt[float64] {
	if !c.present(k, required) {
		return model.Opt[float64]{}
	}
	v, ok := cellFloat(c.cols[k], c.i)
	if !ok || v < lo || v > hi {
		if math.IsInf(hi, 1) {
			c.fail(k, fmt.Sprintf("want a finite number %g or more", lo))
		} else {
			c.fail(k, fmt.Sprintf("want a number from %g to %g", lo, hi))
		}
		return model.Opt[float64]{}
	}
	return model.Some(v)
}

func (c *cells) boolean(k int, required bool) model.Opt[bool] {
	if !c.present(k, required) {
		return model.Opt[bool]{}
	}
	v, ok := cellBool(c.cols[k], c.i)
	if !ok {
		c.fail(k, "want a boolean (true/false, 1/0, yes/no, y/n)")
		return model.Opt[bool]{}
	}
	return model.Some(v)
}

// Dates before minYear or after maxYear are refused as typing errors:
// nobody now in custody started a sentence before 1940, and no release date
// is set beyond 2150 (a whole-life order has no release date at all).
const (
	minYear = 1940
	maxYear = 2150
)

func (c *cells) date(k int, required bool) model.Opt[model.Date] {
	if !c.present(k, required) {
		return model.Opt[model.Date]{}
	}
	d, ok := cellDate(c.cols[k], c.i)
	if !ok {
		c.fail(k, "want a real date YYYY-MM-DD")
		return model.Opt[model.Date]{}
	}
	if y := d.Year(); y < minYear || y > maxYear {
		c.fail(k, fmt.Sprintf("want a date from %d to %d", minYear, maxYear))
		return model.Opt[model.Date]{}
	}
	return model.Some(d)
}

// enum decodes field k with parse; the parse error says what was expected.
func enum[T any](c *cells, k int, parse func(string) (T, error), required bool) model.Opt[T] {
	if !c.present(k, required) {
		return model.Opt[T]{}
	}
	v, err := parse(c.cols[k].text(c.i))
	if err != nil {
		c.fail(k, err.Error())
		return model.Opt[T]{}
	}
	return model.Some(v)
}

// identifyingColumns are column names that carry personal identifiers or
// details: a planning dataset must be anonymised (data-contract.md §1), so a
// table with one of them as an extra column is refused rather than the
// column ignored. (The contract's own columns, such as establishments'
// name, are not extra.)
var identifyingColumns = map[string]bool{
	"name": true, "full_name": true, "first_name": true, "forename": true, "forenames": true, "surname": true,
	"last_name": true, "family_name": true, "date_of_birth": true, "dob": true, "birth_date": true,
	"prison_number": true, "prisoner_number": true, "noms_number": true, "noms_id": true, "nomis_id": true,
	"offender_no": true, "booking_no": true, "pnc": true, "pnc_number": true, "pnc_id": true, "cro": true,
	"cro_number": true, "crn": true, "case_reference_number": true, "ni_number": true,
	"national_insurance_number": true, "nhs_number": true, "address": true, "postcode": true, "email": true,
	"phone": true, "telephone": true,
}

// prepare checks a table's header against the schema (header) and refuses
// identifying extra columns. It returns, for each schema column, its position
// in the header, the extra columns, and the header positions of the extra
// columns, whose values are checked for identifiers.
func prepare(name string, t *tableReader, s schema) (pos []int, extra []string, scan []int, err error) {
	pos, extra, err = s.header(name, t)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := checkColumnTypes(name, t); err != nil {
		return nil, nil, nil, err
	}
	for j, h := range t.names {
		if !slices.Contains(extra, h) {
			continue
		}
		if identifyingColumns[strings.ToLower(h)] {
			return nil, nil, nil, &Error{File: name, Row: 1, Column: h, Value: h,
				Msg: "identifying column: remove it; a planning dataset holds no names, dates of birth or real identifiers"}
		}
		scan = append(scan, j)
	}
	return pos, extra, scan, nil
}

// rowDecoder decodes the rows of batches through decode, one row at a time,
// with its own cells; several can work on different batches at once.
type rowDecoder struct {
	c      cells
	pos    []int
	scan   []int
	names  []string
	decode func(c *cells)
}

func newRowDecoder(name string, t *tableReader, s schema, pos, scan []int, errs *collector, decode func(c *cells)) *rowDecoder {
	return &rowDecoder{c: cells{file: name, record: t.record, names: s.names, errs: errs, cols: make([]column, len(s.names))},
		pos: pos, scan: scan, names: t.names, decode: decode}
}

// batch decodes every row of b. A damaged Parquet or Arrow file can hold
// arrays whose offsets point outside their data, which Arrow does not
// check: reading such a value panics, and the panic becomes an input error
// at the row (in a decoding goroutine it would end the process).
func (d *rowDecoder) batch(b *batch) {
	c := &d.c
	defer func() {
		if r := recover(); r != nil {
			c.errs.add(&Error{File: c.file, Row: c.row, Record: c.record, Msg: fmt.Sprintf("damaged file: %v", r)})
		}
	}()
	for k, j := range d.pos {
		c.cols[k] = nil
		if j >= 0 {
			c.cols[k] = b.cols[j]
		}
	}
	for i := 0; i < b.n; i++ {
		c.i, c.row, c.bad = i, b.rows[i], false
		d.decode(c)
		for _, j := range d.scan {
			col := b.cols[j]
			if col == nil || col.empty(i) {
				continue
			}
			if v := col.text(i); model.IdentifierKind(v) != "" {
				c.errs.add(&Error{File: c.file, Row: c.row, Record: c.record, Column: d.names[j], Value: v,
					Msg: "looks like a real " + model.IdentifierKind(v) + ": remove the column or the value; a planning dataset holds no real identifiers"})
			}
		}
	}
}

// readRows drives a table through decode, one row at a time, until the end
// or until the collector is full. Identifying columns (by name) are
// refused, and so are identifier-shaped values in any column the schema does
// not know.
func readRows(name string, t *tableReader, s schema, errs *collector, decode func(c *cells)) ([]string, error) {
	pos, extra, scan, err := prepare(name, t, s)
	if err != nil {
		return nil, err
	}
	d := newRowDecoder(name, t, s, pos, scan, errs, decode)
	for !errs.full() {
		b, err := t.next()
		if err != nil {
			return extra, err
		}
		if b.n == 0 {
			b.done()
			break
		}
		d.batch(&b)
		b.done()
	}
	return extra, nil
}
