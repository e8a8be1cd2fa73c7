package reports

import (
	"math"
	"strings"

	"needsplan/model"
)

// PNITable returns one row per person: person_id, establishment, the PNI
// domain scores, need score and level, programme risk, pathway, LDC, months
// to the release target, the programmes needed now (codes separated by
// ';': at most one core programme, model.Plan), the core programmes
// deferred until it is done, and the families with an identified need that
// no programme fits, sorted by person_id. release_basis says what months_to_release
// means: "date" (months to the release target), "remand" (no release date:
// never counted as able to finish before release) or "open_ended" (an
// indeterminate sentence past tariff and parole eligibility: no target, and
// time for any programme); months_to_release is empty for the last two.
func PNITable(ps []model.Profile, cls []model.Classification, cat *model.Catalogue) *model.Table {
	b := newBuilder("pni", text("person_id"), text("establishment"),
		ints("sex_domain"), ints("thinking_domain"), ints("relationships_domain"), ints("self_management_domain"),
		ints("need_score"), text("need_level"), text("risk_level"), text("pathway"), text("ldc"),
		float("months_to_release"), text("release_basis"), text("needed_programmes"), text("deferred_programmes"), text("no_programme_fits"))
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	sortBy(order, func(i int) string { return ps[i].PersonID })
	for _, i := range order {
		p, c := &ps[i], &cls[i]
		ldc := "false"
		if c.LDC {
			ldc = "true"
		}
		months, basis := c.MonthsLeft, "date"
		switch {
		case math.IsInf(months, 1):
			months, basis = math.NaN(), "open_ended"
		case math.IsNaN(months):
			basis = "remand"
		}
		d := c.PNI.Domains
		b.row(p.PersonID, p.Establishment, int(d[model.SexDomain]), int(d[model.ThinkingDomain]), int(d[model.RelationshipsDomain]),
			int(d[model.SelfManagementDomain]), int(c.PNI.Score), c.PNI.Need.String(), c.PNI.Risk.String(), c.PNI.Pathway.String(),
			ldc, months, basis, strings.Join(cat.Codes(c.Needed), ";"), strings.Join(cat.Codes(c.Deferred), ";"), unroutedText(cat, c.Unrouted))
	}
	return &b.t
}

// unroutedText lists the families of set by name, ';'-separated.
func unroutedText(cat *model.Catalogue, set model.FamilySet) string {
	var out []string
	for k, f := range cat.Families() {
		if set.Has(k) {
			out = append(out, f.Name)
		}
	}
	return strings.Join(out, ";")
}
