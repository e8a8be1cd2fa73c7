package reports

import (
	"strings"
	"testing"

	"needsplan/model"
)

// TestCatalogueTable: a row per programme, in code order, lists
// ';'-separated, the pathway binding as true or false, the assumed figures
// by their keys.
func TestCatalogueTable(t *testing.T) {
	cat, err := model.NewCatalogue("t", []model.Programme{
		{Code: "OLD", Name: "old", Status: model.Legacy, ReplacedBy: []string{"NEW"}, ReplacedByAssumed: true,
			Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive},
		{Code: "NEW", Name: "new", Status: model.Current, Suites: []model.Suite{model.LegacySuite, model.BuildingChoicesSuite},
			Intensity: model.IntensityHigh, Format: model.GroupFormat, LDC: model.LDCExcluded, PathwayBound: true,
			MonthsNeeded: model.Figure{Value: 9}, DurationWeeks: model.Figure{Value: 20, Assumption: true}, GroupSize: model.Figure{Value: 8}},
	}, model.Rules{})
	if err != nil {
		t.Fatal(err)
	}
	tab := CatalogueTable(cat)
	if tab.Name != "catalogue" || tab.Rows() != 2 || len(tab.Columns) != 12 {
		t.Fatalf("%s: %d rows, %d columns", tab.Name, tab.Rows(), len(tab.Columns))
	}
	row := func(i int) string {
		var cells []string
		for _, c := range tab.Columns {
			if c.Kind == model.FloatColumn {
				cells = append(cells, rounded(c.Floats[i], 2))
			} else {
				cells = append(cells, c.Text[i])
			}
		}
		return strings.Join(cells, "|")
	}
	if got, want := row(0), "NEW|current|legacy;building-choices|high|group|excluded|true|9|20|8|duration_weeks|"; got != want {
		t.Errorf("NEW:\n%s\nwant\n%s", got, want)
	}
	if got, want := row(1), "OLD|legacy||moderate|group|inclusive|false|0|0|0|replaced_by|NEW"; got != want {
		t.Errorf("OLD:\n%s\nwant\n%s", got, want)
	}
}
