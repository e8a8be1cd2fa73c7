package reports

import (
	"math"

	"needsplan/model"
	"needsplan/reports/disclosure"
)

// Figures about people in tables. Each table has one builder, which takes
// an optional disclosure control: nil for the table a command writes
// (every figure as computed), or the report's, for the table as published,
// whose figures about people are then read from the control by the key
// they are registered under (publish.go): hidden as [c] and rounded to
// whole people when suppressing, and with the figures derived from them
// (shares, intervals, gaps) hidden with them.

// figures is a column of figures about people as a builder collects it:
// each figure as computed and the key it is registered under.
type figures struct {
	name   string
	values []float64
	keys   []string
}

func (f *figures) add(key string, v float64) {
	f.keys = append(f.keys, key)
	f.values = append(f.values, v)
}

// column is the column of the table: without disclosure control the
// figures as computed, in a column of kind (IntColumn for counts); with
// it, as published (publishedColumn).
func (f *figures) column(d *disclosure.Control, kind model.ColumnKind) model.Column {
	if d != nil {
		return publishedColumn(d, f.name, f.keys)
	}
	c := model.Column{Name: f.name, Kind: kind}
	if kind == model.IntColumn {
		for _, v := range f.values {
			c.Ints = append(c.Ints, int64(v))
		}
		return c
	}
	c.Floats = f.values
	return c
}

// publishedColumn builds a published column of figures: text with [c]
// when suppressing, else integers (or floats when any figure is
// fractional).
func publishedColumn(d *disclosure.Control, name string, keys []string) model.Column {
	if d.Suppressing() {
		c := model.Column{Name: name, Kind: model.TextColumn}
		for _, k := range keys {
			c.Text = append(c.Text, cell(d, k))
		}
		return c
	}
	vals := make([]float64, len(keys))
	whole := true
	for i, k := range keys {
		vals[i] = d.Value(k)
		if math.IsNaN(vals[i]) {
			vals[i] = 0
		}
		whole = whole && vals[i] == math.Trunc(vals[i])
	}
	if whole {
		c := model.Column{Name: name, Kind: model.IntColumn}
		for _, v := range vals {
			c.Ints = append(c.Ints, int64(v))
		}
		return c
	}
	return model.Column{Name: name, Kind: model.FloatColumn, Floats: vals}
}

// cell is a registered figure as a table shows it: "[c]" when hidden, a
// whole number when suppressing, else as computed (six decimals at most);
// "0" when not registered (no such people).
func cell(d *disclosure.Control, key string) string {
	switch {
	case !d.Has(key):
		return "0"
	case d.Hidden(key):
		return disclosure.Suppressed
	case d.Suppressing():
		return rounded(d.Value(key), 0)
	}
	return rounded(d.Value(key), 6)
}

// derived is a figure computed from figures about people (a share, an
// interval, a gap): NaN when any of them is hidden; as computed without
// disclosure control.
func derived(d *disclosure.Control, v float64, from ...string) float64 {
	if d != nil && d.AnyHidden(from...) {
		return math.NaN()
	}
	return v
}

// publishedGap returns a gap row's published gap (places − demand) and
// coverage (places / demand), from the published demand under key: NaN
// when it is hidden (or, for coverage, zero).
func publishedGap(d *disclosure.Control, key string, places float64) (gap, cover float64) {
	dem := d.Value(key)
	if math.IsNaN(dem) {
		return math.NaN(), math.NaN()
	}
	cover = math.NaN()
	if dem > 0 {
		cover = places / dem
	}
	return places - dem, cover
}
