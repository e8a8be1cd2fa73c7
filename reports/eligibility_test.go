package reports

import (
	"regexp"
	"strings"
	"testing"

	"needsplan/data"
	"needsplan/model"
)

// TestPlainEligibility checks who a programme is for, in sentences, for
// the catalogue's programmes: on a men's prison's page, a women's, and the
// programme's own page.
func TestPlainEligibility(t *testing.T) {
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	men, women := []model.Sex{model.Male}, []model.Sex{model.Female}
	tests := []struct {
		code   string
		within []model.Sex
		want   string
	}{
		{"TSP", men, "For men with a medium or higher likelihood of reoffending (OGRS3 50 or more), whose Programme Needs Identifier pathway is moderate intensity. People with a learning disability or challenge go to an adapted programme instead. To finish with 6 months to consolidate before release, it must start at least 7.8 months before release."}, // 8 weeks = 56/30.44 = 1.84 months, + 6

		{"TSP", nil, "For men and women with a medium or higher likelihood of reoffending (OGRS3 50 or more)"},
		{"TSP", women, "For women with a medium or higher likelihood"},
		{"KAIZEN_GV", men, "For men with a high risk of violent reoffending (OVP 60 or more), whose"},
		{"NMS_GV", men, "For men with a learning disability or challenge, a medium risk of violent reoffending (OVP 30 to 59) and a medium or higher likelihood of reoffending (OGRS3 50 or more)"},
		{"BC_MOD_GO", men, "For men with no sexual offence in their history, whose Programme Needs Identifier pathway is moderate intensity. To finish with 6 months to consolidate before release, it must start at least 8.8 months"}, // 12 weeks = 2.76 months, + 6
		{"BC_MOD_GO", women, "For women, whose Programme Needs Identifier pathway is moderate intensity."},
		{"BC_MOD_GO", nil, "For men with no sexual offence in their history, whose Programme Needs Identifier pathway is moderate intensity, and for women on that pathway."},
		{"COVAID", nil, "For men and women with an OGRS3 score from 35 to 75 (the likelihood of proven reoffending), an index offence of violence or robbery and an alcohol misuse need. To finish with 6 months to consolidate before release, it must start at least 6.9 months"}, // 4 weeks = 0.92 months, + 6
		{"BSR", nil, "a drug misuse need or an alcohol misuse need"},
		{"HORIZON", men, "a sexual offence in their history and a medium, high or very high OSP/DC score (the likelihood of contact sexual reoffending) or a medium or high OSP/IIC score"},
		{"IDENTITY_MATTERS", men, "a medium or high risk of serious harm (RoSH)"},
		{"KAIZEN_IPV", men, "a high risk of violence to a partner (SARA)"},
		{"HSP", men, "It follows on from Kaizen, Becoming New Me+, Horizon or New Me Strengths, which must be completed first."},
		{"LNM", men, "For men with a medium or high programme risk."},
	}
	for _, tt := range tests {
		g, ok := cat.Lookup(tt.code)
		if !ok {
			t.Fatalf("no %s in the catalogue", tt.code)
		}
		if got := plainEligibility(g, tt.within, cat); !strings.Contains(got, tt.want) {
			t.Errorf("%s within %v:\n got %q\nwant %q", tt.code, tt.within, got, tt.want)
		}
	}
	// No programme's words show field names, operators or "1 months".
	raw := regexp.MustCompile(`_|>=|<=|!=|\bis (true|false)\b|(^|[^.\d])1 months\b|\ba [aeiou]|\bOSP/DC of\b`)
	for i := range cat.Len() {
		g := cat.At(i)
		if g.Status != model.Current {
			continue
		}
		for _, within := range [][]model.Sex{nil, men, women} {
			if s := plainEligibility(g, within, cat); raw.MatchString(s) {
				t.Errorf("%s: %q is not plain words", g.Code, s)
			}
		}
	}
}
