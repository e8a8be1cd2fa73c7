package reports

import (
	"math"
	"strings"

	"needsplan/model"
)

// PNITable returns one row per person: person_id, establishment, the PNI
// domain scores, need score and level, programme risk, pathway, LDC, months
// to the release target and the programmes still needed (codes separated by
// ';'), sorted by person_id.
func PNITable(ps []model.Profile, cls []model.Classification, cat *model.Catalogue) *model.Table {
	b := newBuilder("pni", text("person_id"), text("establishment"),
		ints("sex_domain"), ints("thinking_domain"), ints("relationships_domain"), ints("self_management_domain"),
		ints("need_score"), text("need_level"), text("risk_level"), text("pathway"), text("ldc"),
		float("months_to_release"), text("needed_programmes"))
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
		months := c.MonthsLeft
		if math.IsInf(months, 1) {
			months = math.NaN() // open-ended: no release target
		}
		d := c.PNI.Domains
		b.row(p.PersonID, p.Establishment, d[model.SexDomain], d[model.ThinkingDomain], d[model.RelationshipsDomain],
			d[model.SelfManagementDomain], c.PNI.Score, c.PNI.Need.String(), c.PNI.Risk.String(), c.PNI.Pathway.String(),
			ldc, months, strings.Join(cat.Codes(c.Needed), ";"))
	}
	return &b.t
}
