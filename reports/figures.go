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
// it, as published (publishedColumns).
func (f *figures) column(d *disclosure.Control, kind model.ColumnKind) []model.Column {
	if d != nil {
		return publishedColumns(d, f.name, f.keys)
	}
	c := model.Column{Name: f.name, Kind: kind}
	if kind == model.IntColumn {
		for _, v := range f.values {
			c.Ints = append(c.Ints, int64(v))
		}
		return []model.Column{c}
	}
	c.Floats = f.values
	return []model.Column{c}
}

// SuppressedSuffix names the flag column beside a published column of
// figures about people: name_suppressed is true where name is suppressed
// (and empty, a null), so the column stays numeric (docs/report.md).
const SuppressedSuffix = "_suppressed"

// publishedColumns builds a published column of figures. Suppressing, it
// is numeric — whole people, a null where suppressed — with a flag column
// beside it (SuppressedSuffix); without suppression, integers (or floats
// when any figure is fractional).
func publishedColumns(d *disclosure.Control, name string, keys []string) []model.Column {
	if d.Suppressing() {
		return suppressedPair(d, name, keys)
	}
	return []model.Column{publishedColumn(d, name, keys)}
}

// suppressedPair is a published column with its flag column.
func suppressedPair(d *disclosure.Control, name string, keys []string) []model.Column {
	c := model.Column{Name: name, Kind: model.FloatColumn}
	flag := model.Column{Name: name + SuppressedSuffix, Kind: model.BoolColumn}
	for _, k := range keys {
		v := math.NaN()
		switch {
		case !d.Has(k):
			v = 0
		case !d.Hidden(k):
			v = math.Round(d.Value(k)) + 0
		}
		c.Floats = append(c.Floats, v)
		flag.Bools = append(flag.Bools, d.Has(k) && d.Hidden(k))
	}
	return []model.Column{c, flag}
}

// publishedColumn builds a published column of figures without
// suppression: integers (or floats when any figure is fractional).
func publishedColumn(d *disclosure.Control, name string, keys []string) model.Column {
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
