package data

import (
	"context"
	"errors"
	"strings"
	"testing"

	"needsplan/model"
)

// TestOfferingTeamCapacityWarns checks group offerings that need more
// facilitator time than the establishment's teams have in a year (teams ×
// 52 weeks) load with a warning naming the rows, and that the boundary
// (exactly teams × 52) and the cases not checked (no facilitator_teams,
// paused, one-to-one) give none. RESOLVE runs 10 weeks, TSP 8, HII is
// one-to-one (catalogue).
func TestOfferingTeamCapacityWarns(t *testing.T) {
	cat, err := DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	ests := map[string]model.Establishment{
		"TWO": {Code: "TWO", Holds: model.HoldsMen, Function: model.CatCTrainer, FacilitatorTeams: model.Some(2)},
		"ONE": {Code: "ONE", Holds: model.HoldsMen, Function: model.CatCTrainer, FacilitatorTeams: model.Some(1)},
		"NIL": {Code: "NIL", Holds: model.HoldsMen, Function: model.CatCTrainer, FacilitatorTeams: model.Some(0)},
		"UNK": {Code: "UNK", Holds: model.HoldsMen, Function: model.CatCTrainer},
	}
	tests := []struct {
		name, rows string
		want       string // "" for no warning
	}{
		// 300 × 10 = 3,000 team-weeks against 2 × 52 = 104.
		{"impossible", "TWO,RESOLVE,300", "TWO: its group programmes need 3000 facilitator-team weeks a year but its 2 facilitator teams can give at most 104 (2 × 52 weeks, one group at a time per team): RESOLVE 300 × 10 weeks, row 2"},
		// 4 × 10 + 4 × 8 = 72 ≤ 104 at TWO; at ONE 4 × 10 + 1.5 × 8 = 52 =
		// 1 × 52: at the limit, possible.
		{"within", "TWO,RESOLVE,4\nTWO,TSP,4", ""},
		{"at the limit", "ONE,RESOLVE,4\nONE,TSP,1.5", ""},
		// 4 × 10 + 2 × 8 = 56 > 52: the sum over programmes counts.
		{"sum over programmes", "ONE,RESOLVE,4\nONE,TSP,2", "ONE: its group programmes need 56 facilitator-team weeks a year but its 1 facilitator teams can give at most 52 (1 × 52 weeks, one group at a time per team): RESOLVE 4 × 10 weeks, row 2; TSP 2 × 8 weeks, row 3"},
		{"no teams", "NIL,TSP,1", "NIL: its group programmes need 8 facilitator-team weeks a year but its 0 facilitator teams can give at most 0"},
		{"teams not given", "UNK,RESOLVE,300", ""},
		{"paused", "ONE,RESOLVE,300,,,,false", ""},
		{"one-to-one", "ONE,HII,0,,,300", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := "establishment,programme,groups_per_year,group_size,min_group_size,one_to_one_places,referable\n"
			for _, row := range strings.Split(tt.rows, "\n") {
				in += row + strings.Repeat(",", 6-strings.Count(row, ",")) + "\n"
			}
			_, warns, err := ReadOfferings(context.Background(), strings.NewReader(in), "offerings.csv", CSV, ests, cat)
			if err != nil {
				t.Fatal(err)
			}
			var team []string
			for _, w := range warns {
				if strings.Contains(w, "facilitator-team weeks") {
					team = append(team, w)
				}
			}
			switch {
			case tt.want == "" && len(team) > 0:
				t.Errorf("warned %q", team)
			case tt.want != "" && (len(team) != 1 || !strings.Contains(team[0], "offerings.csv: "+tt.want)):
				t.Errorf("warnings %q, want one containing %q", team, tt.want)
			}
		})
	}
}

// TestReadReceptionsErrors checks every problem in a receptions file names
// the file, the row, the column, the value and what was expected.
func TestReadReceptionsErrors(t *testing.T) {
	ests := map[string]model.Establishment{"HMI": {Code: "HMI"}, "LEI": {Code: "LEI"}}
	tests := []struct {
		name, in, want string
	}{
		{"wrong header", "code,rate\nHMI,100\n", `r.csv: row 1, column "establishment": value "code": want the header establishment,receptions_per_year`},
		{"second header column", "establishment,rate\nHMI,100\n", `r.csv: row 1, column "receptions_per_year": value "rate": want the header establishment,receptions_per_year`},
		{"one column", "establishment\nHMI\n", `r.csv: row 1, column "receptions_per_year": value "": want the header`},
		{"empty file", "", "r.csv: empty file: want the header establishment,receptions_per_year"},
		{"unknown establishment", "establishment,receptions_per_year\nHMI,100\nZZZ,5\n", `r.csv: row 3, column "establishment": value "ZZZ": unknown establishment: want a code listed in establishments`},
		{"negative", "establishment,receptions_per_year\nLEI,-1\n", `r.csv: row 2, column "receptions_per_year": value "-1": want a number 0 or more`},
		{"not a number", "establishment,receptions_per_year\nLEI,lots\n", `r.csv: row 2, column "receptions_per_year": value "lots": want a number 0 or more`},
		{"twice", "establishment,receptions_per_year\nLEI,1\nlei,2\n", `r.csv: row 3, column "establishment": value "LEI": listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadReceptions(strings.NewReader(tt.in), "r.csv", ests)
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	got, err := ReadReceptions(strings.NewReader("\ufeffestablishment,receptions_per_year\nhmi,100\nLEI, 2.5\n"), "r.csv", ests)
	if err != nil || len(got) != 2 || got["HMI"] != 100 || got["LEI"] != 2.5 {
		t.Errorf("good file: %v, %v", got, err)
	}
}
