package data

import (
	"fmt"

	"github.com/apache/arrow/go/v15/arrow"
)

// A column's kind in the data contract, for checking the types of Parquet
// and Arrow columns before any row is read: a column of the wrong type is
// one problem, named once, rather than one per row.
type colKind uint8

const (
	kindText colKind = iota
	kindInt
	kindFloat
	kindBool
	kindDate
)

// columnKinds are the contract's columns that are not text, across the
// three tables (data-contract.md; no name has two kinds).
var columnKinds = func() map[string]colKind {
	m := map[string]colKind{}
	for _, c := range []string{"sentence_start", "earliest_release", "parole_eligibility", "assessed_on"} {
		m[c] = kindDate
	}
	for _, c := range []string{"sexual_offence_history", "ipv", "gang", "extremism", "q6_11", "finance_need", "emotional_need", "resettlement", "referable"} {
		m[c] = kindBool
	}
	for _, c := range []string{"ogrs3", "ovp", "rsr", "groups_per_year"} {
		m[c] = kindFloat
	}
	for _, c := range []string{"age", "sara_partner", "sara_other", "lds", "operational_capacity", "facilitator_teams", "group_size", "min_group_size", "one_to_one_places"} {
		m[c] = kindInt
	}
	for _, c := range profileSchema.names[pItems:] {
		m[c] = kindInt
	}
	return m
}()

// kindWants says what each kind accepts, for the message.
var kindWants = [...]string{
	kindInt:   "a whole-number column (int, uint, a float holding whole numbers) or text",
	kindFloat: "a number column (float or int) or text",
	kindBool:  "a boolean column (bool, or int holding 1 and 0) or text",
	kindDate:  "a date column (date32, date64, a timestamp at midnight) or text YYYY-MM-DD",
}

// accepts reports whether a column of type t can hold values of kind k:
// the natural Arrow types the readers decode natively, and text (utf8 or
// a dictionary of it), which they parse (data-contract.md, "Reading").
func (k colKind) accepts(t arrow.DataType) bool {
	switch t.ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.DICTIONARY, arrow.NULL:
		return true
	}
	integer := arrow.IsInteger(t.ID())
	switch k {
	case kindInt, kindFloat:
		return integer || arrow.IsFloating(t.ID())
	case kindBool:
		return t.ID() == arrow.BOOL || integer
	case kindDate:
		switch t.ID() {
		case arrow.DATE32, arrow.DATE64, arrow.TIMESTAMP:
			return true
		}
		return false
	}
	return true // text: any value prints as text
}

// checkColumnTypes refuses a Parquet or Arrow table whose contract columns
// have types that cannot hold their values (a date as a float, a boolean
// as a date), or any nested column.
func checkColumnTypes(name string, t *tableReader) error {
	for j, typ := range t.types {
		if _, nested := typ.(arrow.NestedType); nested {
			return &Error{File: name, Column: t.names[j], Value: typ.String(), Msg: "a nested column: want a flat table"}
		}
		if k, ok := columnKinds[t.names[j]]; ok && !k.accepts(typ) {
			return &Error{File: name, Column: t.names[j], Value: typ.String(), Msg: fmt.Sprintf("want %s", kindWants[k])}
		}
	}
	return nil
}

// fieldTypes returns an Arrow schema's column types.
func fieldTypes(s *arrow.Schema) []arrow.DataType {
	out := make([]arrow.DataType, s.NumFields())
	for j, f := range s.Fields() {
		out[j] = f.Type
	}
	return out
}
