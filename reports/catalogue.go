package reports

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"needsplan/model"
)

// CatalogueTable lists every programme of the catalogue: code, status,
// suites, family and rank, intensity, format, LDC rule, whether it is bound
// to the PNI pathway, the months needed before release (published or
// assumed), its duration, the time needed by the one time rule (duration +
// consolidation, or months_needed if longer) and whether months_needed is
// shorter than that, the risk rule, default group size, the figures that
// are assumptions and what replaces it (lists ';'-separated).
func CatalogueTable(cat *model.Catalogue) *model.Table {
	b := newBuilder("catalogue", text("code"), text("status"), text("suites"), text("family"), ints("rank"), text("intensity"), text("format"),
		text("ldc"), text("pathway_bound"), float("months_needed"), float("duration_weeks"), float("time_needed_months"),
		text("months_needed_short"), text("risk_rule"), float("group_size"), text("assumed"), text("replaced_by"))
	for i := range cat.Len() {
		g := cat.At(i)
		var suites []string
		for _, s := range g.Suites {
			suites = append(suites, string(s))
		}
		family := ""
		if k := cat.Family(i); k >= 0 {
			family = cat.Families()[k].Name
		}
		assumed := g.Assumed()
		risk, riskAssumed := g.RiskRule()
		if riskAssumed {
			risk += " (assumption)"
		}
		short := ""
		if cat.ShortMonthsNeeded(i) {
			short = "yes"
		}
		b.row(g.Code, string(g.Status), strings.Join(suites, ";"), family, cat.Rank(i), string(g.Intensity), string(g.Format),
			string(g.LDC), strconv.FormatBool(g.PathwayBound), g.MonthsNeeded.Value, g.DurationWeeks.Value,
			math.Round(cat.TimeNeeded(i)*100)/100, short, risk, g.GroupSize.Value, strings.Join(assumed, ";"), strings.Join(g.ReplacedBy, ";"))
	}
	return &b.t
}

// FamilyTable lists the catalogue's families in routing order: role, the
// families a completion also covers, who has an identified need in it, and
// whether covers or need are assumptions.
func FamilyTable(cat *model.Catalogue) *model.Table {
	b := newBuilder("families", ints("order"), text("family"), text("role"), text("covers"), text("need"), text("assumed"), text("programmes"))
	for k, f := range cat.Families() {
		var need, assumed, progs []string
		for i := range f.Need {
			need = append(need, f.Need[i].String())
			if f.Need[i].Assumption || slices.ContainsFunc(f.Need[i].Any, func(c model.Criterion) bool { return c.Assumption }) {
				assumed = append(assumed, fmt.Sprintf("need[%d]", i+1))
			}
		}
		if f.CoversAssumed {
			assumed = append(assumed, "covers")
		}
		for i := range cat.Len() {
			if cat.Family(i) == k && cat.At(i).Status == model.Current {
				progs = append(progs, cat.At(i).Code)
			}
		}
		b.row(k+1, f.Name, string(f.Role), strings.Join(f.Covers, ";"), strings.Join(need, " and "), strings.Join(assumed, ";"), strings.Join(progs, ";"))
	}
	return &b.t
}

// WriteCatalogueText writes the catalogue for people: the programmes, the
// families, the consolidation window, and the programmes whose
// months_needed is shorter than their duration plus that window.
func WriteCatalogueText(w io.Writer, cat *model.Catalogue) error {
	if err := WriteText(w, CatalogueTable(cat)); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nFAMILIES (in routing order: a person's one current core programme comes from the first core family that has one for them)")
	if err := WriteText(w, FamilyTable(cat)); err != nil {
		return err
	}
	c := cat.Consolidation()
	note := ""
	if c.Assumption {
		note = " (assumption: " + c.Note + ")"
	}
	fmt.Fprintf(w, "\nTime needed = duration + %s' consolidation before release%s, or months_needed where published and longer.\n", months(c.Value), note)
	var short []string
	for i := range cat.Len() {
		if cat.ShortMonthsNeeded(i) && cat.At(i).Status == model.Current {
			short = append(short, fmt.Sprintf("%s (%s < %s)", cat.At(i).Code, months(cat.At(i).MonthsNeeded.Value), months(math.Round(cat.TimeNeeded(i)*10)/10)))
		}
	}
	if len(short) > 0 {
		_, err := fmt.Fprintf(w, "months_needed shorter than duration + consolidation: %s.\n", strings.Join(short, ", "))
		return err
	}
	return nil
}
