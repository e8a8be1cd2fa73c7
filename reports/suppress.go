package reports

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"needsplan/model"
)

// SuppressionThreshold is the smallest count of people shown in published
// outputs: counts of 1 to 4 are suppressed, as official statistics do (ONS,
// "Policy on protecting confidentiality in tables of birth and death
// statistics"; MoJ statistics use the same threshold of 5).
const SuppressionThreshold = 5

// Suppressed is what a suppressed count shows.
const Suppressed = "[c]"

// Suppress returns a copy of t in which the integer column count shows
// "[c]" for counts from 1 to 4 (primary suppression), with the columns in
// blank (shares, intervals) emptied on those rows. Rows sharing the values
// of the columns in group form a set whose counts add up to a total shown
// elsewhere (a pathway mix, say): where a set has exactly one suppressed
// count, its smallest other non-zero count is suppressed too (secondary
// suppression), so the hidden one cannot be worked out by subtraction.
func Suppress(t *model.Table, count string, group []string, blank ...string) *model.Table {
	out := &model.Table{Name: t.Name}
	ci := -1
	var gi, bi []int
	for j, c := range t.Columns {
		switch {
		case c.Name == count:
			ci = j
		case slices.Contains(group, c.Name):
			gi = append(gi, j)
		case slices.Contains(blank, c.Name):
			bi = append(bi, j)
		}
	}
	if ci < 0 || t.Columns[ci].Kind != model.IntColumn {
		panic("reports: Suppress needs an integer count column " + count)
	}
	n := t.Rows()
	hide := make([]bool, n)
	counts := t.Columns[ci].Ints
	sets := map[string][]int{}
	var order []string
	for i := range n {
		if v := counts[i]; v > 0 && v < SuppressionThreshold {
			hide[i] = true
		}
		var key strings.Builder
		for _, j := range gi {
			key.WriteString(textCell(&t.Columns[j], i))
			key.WriteByte(0)
		}
		k := key.String()
		if _, ok := sets[k]; !ok {
			order = append(order, k)
		}
		sets[k] = append(sets[k], i)
	}
	for _, k := range order {
		rows := sets[k]
		hidden := 0
		for _, i := range rows {
			if hide[i] {
				hidden++
			}
		}
		if hidden != 1 || len(rows) < 2 {
			continue
		}
		next := -1
		for _, i := range rows {
			if !hide[i] && counts[i] > 0 && (next < 0 || counts[i] < counts[next]) {
				next = i
			}
		}
		if next >= 0 {
			hide[next] = true
		}
	}
	for j, c := range t.Columns {
		nc := model.Column{Name: c.Name, Kind: c.Kind}
		switch {
		case j == ci:
			nc.Kind = model.TextColumn
			for i, v := range c.Ints {
				if hide[i] {
					nc.Text = append(nc.Text, Suppressed)
				} else {
					nc.Text = append(nc.Text, strconv.FormatInt(v, 10))
				}
			}
		case slices.Contains(bi, j) && c.Kind == model.FloatColumn:
			for i, v := range c.Floats {
				if hide[i] {
					v = math.NaN()
				}
				nc.Floats = append(nc.Floats, v)
			}
		default:
			nc.Text, nc.Ints, nc.Floats = slices.Clone(c.Text), slices.Clone(c.Ints), slices.Clone(c.Floats)
		}
		out.Columns = append(out.Columns, nc)
	}
	return out
}
