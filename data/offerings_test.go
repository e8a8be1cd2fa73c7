package data

import (
	"context"
	"errors"
	"strings"
	"testing"

	"needsplan/model"
)

// TestOfferingSexRule refuses a programme for one sex at a prison holding
// only the other, both ways: a women-only programme (from a user's
// catalogue) at a men's prison, and the embedded men-only Kaizen at a
// women's prison. The user's programme names a family, as every current
// programme must once the catalogue has families.
func TestOfferingSexRule(t *testing.T) {
	yaml := string(DefaultCatalogueYAML()) + `
  - code: WOMEN_ONLY
    name: A programme for women
    status: current
    suites: [legacy]
    intensity: moderate
    format: group
    sex: [F]
    family: general_offending
    months_needed: 3
`
	cat, err := ReadCatalogue(strings.NewReader(yaml), "catalogue.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ests := map[string]model.Establishment{
		"MEN": {Code: "MEN", Holds: model.HoldsMen, Function: model.CatCTrainer},
		"WOM": {Code: "WOM", Holds: model.HoldsWomen, Function: model.FemalePrison},
		"MIX": {Code: "MIX", Holds: model.HoldsMixed, Function: model.YOI},
	}
	tests := []struct {
		row, want string
	}{
		{"MEN,WOMEN_ONLY,1", "WOMEN_ONLY is for women only, but MEN holds men only"},
		{"WOM,KAIZEN_GV,1", "KAIZEN_GV is for men only, but WOM holds women only"},
		{"MIX,WOMEN_ONLY,1", ""},
		{"WOM,WOMEN_ONLY,1", ""},
		{"MEN,TSP,1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.row, func(t *testing.T) {
			in := "establishment,programme,groups_per_year\n" + tt.row + "\n"
			_, _, err := ReadOfferings(context.Background(), strings.NewReader(in), "offerings.csv", CSV, ests, cat)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one containing %q", err, tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), `offerings.csv: row 2, column "programme"`):
				t.Errorf("error %v does not name the file, row and column", err)
			}
		})
	}
}
