package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"needsplan/model"
)

// WriteText writes a table for people: aligned columns, a header, numbers
// rounded to at most three decimals.
func WriteText(w io.Writer, t *model.Table) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	names := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		names[j] = c.Name
	}
	fmt.Fprintln(tw, strings.Join(names, "\t"))
	row := make([]string, len(t.Columns))
	for i := range t.Rows() {
		for j := range t.Columns {
			row[j] = textCell(&t.Columns[j], i)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

func textCell(c *model.Column, i int) string {
	switch c.Kind {
	case model.IntColumn:
		return strconv.FormatInt(c.Ints[i], 10)
	case model.FloatColumn:
		if v := c.Floats[i]; !math.IsNaN(v) {
			return rounded(v, 3)
		}
		return missing
	case model.BoolColumn:
		return strconv.FormatBool(c.Bools[i])
	}
	if c.Text[i] == "" {
		return missing
	}
	return c.Text[i]
}

// WriteJSON writes a table as a JSON array of objects, one per row, with
// keys in column order and NaN as null.
func WriteJSON(w io.Writer, t *model.Table) error {
	var b strings.Builder
	b.WriteString("[")
	for i := range t.Rows() {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for j := range t.Columns {
			c := &t.Columns[j]
			if j > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(c.Name)
			b.Write(k)
			b.WriteString(": ")
			switch c.Kind {
			case model.IntColumn:
				b.WriteString(strconv.FormatInt(c.Ints[i], 10))
			case model.FloatColumn:
				b.WriteString(jsonFloat(c.Floats[i]))
			case model.BoolColumn:
				b.WriteString(strconv.FormatBool(c.Bools[i]))
			default:
				v, _ := json.Marshal(c.Text[i])
				b.Write(v)
			}
		}
		b.WriteString("}")
	}
	b.WriteString("\n]\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonFloat formats a float for JSON: rounded to 1e-6, null for NaN and
// infinities (JSON has no such numbers).
func jsonFloat(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return rounded(v, 6)
}

// finite turns an infinity (coverage of places with no demand, the months
// left of an open-ended sentence) into NaN, written as empty in CSV, null
// in JSON and Parquet and "–" in tables.
func finite(v float64) float64 {
	if math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

func textCol(name string, v []string) model.Column {
	return model.Column{Name: name, Kind: model.TextColumn, Text: v}
}

func floatCol(name string, v []float64) model.Column {
	return model.Column{Name: name, Kind: model.FloatColumn, Floats: v}
}

// builder assembles a model.Table row by row.
type builder struct{ t model.Table }

func newBuilder(name string, cols ...model.Column) *builder {
	return &builder{t: model.Table{Name: name, Columns: cols}}
}

func text(name string) model.Column  { return model.Column{Name: name, Kind: model.TextColumn} }
func ints(name string) model.Column  { return model.Column{Name: name, Kind: model.IntColumn} }
func float(name string) model.Column { return model.Column{Name: name, Kind: model.FloatColumn} }

// row appends one row; values must match the columns' kinds (string, int,
// float64).
func (b *builder) row(vals ...any) {
	if len(vals) != len(b.t.Columns) {
		panic(fmt.Sprintf("reports: row of %d values for %d columns", len(vals), len(b.t.Columns)))
	}
	for j, v := range vals {
		c := &b.t.Columns[j]
		switch x := v.(type) {
		case string:
			c.Text = append(c.Text, x)
		case int:
			c.Ints = append(c.Ints, int64(x))
		case float64:
			c.Floats = append(c.Floats, x)
		default:
			panic(fmt.Sprintf("reports: value of type %T", v))
		}
	}
}

// WriteMarkdown writes a table as a GitHub-flavoured Markdown table, numbers
// as in WriteText.
func WriteMarkdown(w io.Writer, t *model.Table) error {
	var b strings.Builder
	b.WriteString("|")
	for _, c := range t.Columns {
		b.WriteString(" " + c.Name + " |")
	}
	b.WriteString("\n|")
	for _, c := range t.Columns {
		if c.Kind == model.TextColumn {
			b.WriteString(" --- |")
		} else {
			b.WriteString(" ---: |")
		}
	}
	b.WriteString("\n")
	for i := range t.Rows() {
		b.WriteString("|")
		for j := range t.Columns {
			b.WriteString(" " + strings.ReplaceAll(textCell(&t.Columns[j], i), "|", "\\|") + " |")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
