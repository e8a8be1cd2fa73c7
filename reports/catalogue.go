package reports

import (
	"strconv"
	"strings"

	"needsplan/model"
)

// CatalogueTable lists every programme of the catalogue: code, status,
// suites, intensity, format, LDC rule, whether it is bound to the PNI
// pathway, the months needed before release, duration, default group size,
// the figures that are assumptions and what replaces it (lists
// ';'-separated).
func CatalogueTable(cat *model.Catalogue) *model.Table {
	b := newBuilder("catalogue", text("code"), text("status"), text("suites"), text("intensity"), text("format"), text("ldc"),
		text("pathway_bound"), float("months_needed"), float("duration_weeks"), float("group_size"), text("assumed"), text("replaced_by"))
	for i := range cat.Len() {
		g := cat.At(i)
		var suites []string
		for _, s := range g.Suites {
			suites = append(suites, string(s))
		}
		b.row(g.Code, string(g.Status), strings.Join(suites, ";"), string(g.Intensity), string(g.Format), string(g.LDC),
			strconv.FormatBool(g.PathwayBound), g.MonthsNeeded.Value, g.DurationWeeks.Value, g.GroupSize.Value,
			strings.Join(g.Assumed(), ";"), strings.Join(g.ReplacedBy, ";"))
	}
	return &b.t
}
