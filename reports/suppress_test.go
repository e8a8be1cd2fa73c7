package reports

import (
	"math"
	"slices"
	"testing"

	"needsplan/model"
)

func TestSuppress(t *testing.T) {
	// Two groups of a pathway mix: A = 40, 3, 7, 0 (total 50 shown
	// elsewhere): 3 is suppressed, so the next smallest non-zero (7) is too,
	// or 3 = 50 − 40 − 7 − 0. B = 10, 2, 1, 12: two suppressed already.
	tab := &model.Table{Name: "mix", Columns: []model.Column{
		{Name: "group", Text: []string{"A", "A", "A", "A", "B", "B", "B", "B"}},
		{Name: "count", Kind: model.IntColumn, Ints: []int64{40, 3, 7, 0, 10, 2, 1, 12}},
		{Name: "share", Kind: model.FloatColumn, Floats: []float64{0.8, 0.06, 0.14, 0, 0.4, 0.08, 0.04, 0.48}},
	}}
	got := Suppress(tab, "count", []string{"group"}, "share")
	want := []string{"40", "[c]", "[c]", "0", "10", "[c]", "[c]", "12"}
	if !slices.Equal(got.Columns[1].Text, want) {
		t.Errorf("counts %v, want %v", got.Columns[1].Text, want)
	}
	for i, s := range got.Columns[1].Text {
		if s == Suppressed && !math.IsNaN(got.Columns[2].Floats[i]) {
			t.Errorf("row %d: share %v shown beside a suppressed count", i, got.Columns[2].Floats[i])
		}
	}
	// Nothing small: nothing hidden; the input is not changed.
	big := &model.Table{Columns: []model.Column{{Name: "count", Kind: model.IntColumn, Ints: []int64{5, 6, 0}}}}
	if got := Suppress(big, "count", nil); !slices.Equal(got.Columns[0].Text, []string{"5", "6", "0"}) {
		t.Errorf("no small counts: %v", got.Columns[0].Text)
	}
	if tab.Columns[1].Kind != model.IntColumn {
		t.Error("Suppress changed its input")
	}
}
