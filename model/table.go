package model

// Table is a rectangular result, column by column, ready for any output
// format (CSV, Parquet, JSON, a text table). Every column has the same
// length.
type Table struct {
	Name    string
	Columns []Column
}

// ColumnKind is the type of a Table column.
type ColumnKind int

// Column kinds.
const (
	TextColumn ColumnKind = iota
	IntColumn
	FloatColumn
	// BoolColumn holds true or false: a flag, such as whether the figure
	// beside it is suppressed.
	BoolColumn
)

// Column is one named, typed column of a Table. Only the slice matching Kind
// is used. A NaN float is written as missing.
type Column struct {
	Name   string
	Kind   ColumnKind
	Text   []string
	Ints   []int64
	Floats []float64
	Bools  []bool
}

// Len returns the number of rows in the column.
func (c *Column) Len() int {
	switch c.Kind {
	case IntColumn:
		return len(c.Ints)
	case FloatColumn:
		return len(c.Floats)
	case BoolColumn:
		return len(c.Bools)
	}
	return len(c.Text)
}

// Rows returns the number of rows of the table.
func (t *Table) Rows() int {
	if len(t.Columns) == 0 {
		return 0
	}
	return t.Columns[0].Len()
}

// InputFile is a file a result was computed from, for the report's method
// note: what it is (profiles, scenario, …), its name as the reader knows
// it (relative to the dataset or scenario that names it) and its SHA-256.
type InputFile struct{ Role, Name, Sum string }
