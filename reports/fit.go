package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"needsplan/analysis"
	"needsplan/model"
)

// provision says in words what an establishment's places of a programme
// amount to, and for a surplus which rule made it one
// (docs/gap-analysis.md).
func provision(g analysis.Gap, surplusRatio float64) string {
	switch g.Class {
	case analysis.NotRunHere:
		return "no local provision"
	case analysis.NotRunOftenEnough:
		return "not run often enough"
	case analysis.Sufficient:
		return "sufficient"
	}
	switch g.SurplusBy {
	case analysis.NoLocalNeed:
		return "surplus: no local need"
	case analysis.CoverageAtLeast:
		return fmt.Sprintf("surplus: places at least %g× demand", surplusRatio)
	}
	if g.MinGroup > 0 {
		return fmt.Sprintf("surplus: need below one cohort of %g", g.MinGroup)
	}
	return "surplus: need below one cohort"
}

// WriteFitText writes an establishment's fit on one page: its need profile
// against the estate, each programme with local places or "no local
// provision" and where else it runs with places to spare, the share of local
// need local places can serve, and the fit score.
func WriteFitText(w io.Writer, f *analysis.Fit, gs *analysis.Gaps) error {
	e := f.Establishment
	fmt.Fprintf(w, "Establishment fit: %s %s (%s, %s)\n", e.Code, e.Name, e.Function.Words(), e.Region)
	fmt.Fprintf(w, "Dataset date %s, horizon %g months, suite %s. %d people.\n\n", gs.Options.AsOf, gs.Options.Horizon, gs.Options.Suites.For(e.Code), f.People)
	if math.IsNaN(f.Score) {
		fmt.Fprintln(w, "Fit score undefined: no demand and no places over the horizon (formula in docs/gap-analysis.md).")
	} else {
		fmt.Fprintf(w, "Fit score %s (1 = places match need programme by programme; formula in docs/gap-analysis.md).\n", ratio(f.Score))
	}
	if !math.IsNaN(f.Served) {
		fmt.Fprintf(w, "Local places can serve %s of local demand.\n", percent(f.Served))
	}
	fmt.Fprintln(w, "\nNEED PROFILE (% of those assessed)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "section\there\t95% CI\testate\tdifference\t")
	for s := range model.NumSections {
		h, est := f.Needs[s], f.Estate[s]
		diff := missing
		if !math.IsNaN(h.Share) && !math.IsNaN(est.Share) {
			diff = percentagePoints(h.Share - est.Share)
		}
		ci := "no data"
		if !math.IsNaN(h.Low) && !math.IsNaN(h.High) {
			ci = percentage(h.Low) + "–" + percentage(h.High)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", s.Name(), percentageOr(h.Share, "no data"), ci, percentageOr(est.Share, "no data"), diff)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nPEOPLE COUNTED ONCE HERE")
	here := headlineView{level: analysis.ByEstablishment, key: e.Code, places: true, rules: true,
		kinds: []analysis.UnitKind{analysis.AnyUnit, analysis.CoreUnit, analysis.FamilyUnit}}
	if err := writeHeadline(w, gs.Headlines, here, gs.Options.Horizon, gs.Consolidation); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nPROGRAMMES (person × programme demand over the horizon: people now with time, plus expected receptions; places over the horizon)")
	if len(f.Programmes) == 0 {
		fmt.Fprintln(w, "  none: nobody here needs a programme in time, and no programme runs here")
		return nil
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "programme\tdemand\tplaces\tgap\tcoverage\tprovision\t")
	for _, p := range f.Programmes {
		r := p.Row
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Programme, whole(r.Demand), whole(r.Places), whole(r.Gap), ratio(r.Coverage), provision(r, gs.Options.SurplusRatio))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var missing []analysis.FitProgramme
	for _, p := range f.Programmes {
		if p.Row.Class == analysis.NotRunHere || p.Row.Class == analysis.NotRunOftenEnough {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nWHERE ELSE IT RUNS WITH PLACES TO SPARE (same region first)")
	for _, p := range missing {
		if len(p.Nearby) == 0 {
			fmt.Fprintf(w, "  %s: nowhere with spare places\n", p.Row.Programme)
			continue
		}
		var parts []string
		for _, n := range p.Nearby {
			next := ""
			if n.NextStart >= 0 {
				next = fmt.Sprintf(", next start in month %d", n.NextStart)
			}
			parts = append(parts, fmt.Sprintf("%s %s (%s, %s spare%s)", n.Code, n.Name, n.Region, sparePlaces(n.Spare), next))
		}
		fmt.Fprintf(w, "  %s: %s\n", p.Row.Programme, strings.Join(parts, "; "))
	}
	return nil
}

// FitTable returns an establishment's programmes as a table: the gap
// columns plus the provision and the nearby establishments with spare
// places (codes separated by ';'), then a total row (programme "all") with
// the sums, so the fit score and served share are there even when the
// establishment has no programme rows (both missing then: undefined).
func FitTable(f *analysis.Fit) *model.Table {
	b := newBuilder("fit", text("establishment"), text("programme"), float("demand"), float("places"), float("gap"),
		float("coverage"), text("class"), text("nearby_with_spare_places"), float("fit_score"), float("served_share"))
	var demand, places float64
	for _, p := range f.Programmes {
		var near []string
		for _, n := range p.Nearby {
			near = append(near, n.Code)
		}
		r := p.Row
		demand += r.Demand
		places += r.Places
		b.row(f.Establishment.Code, r.Programme, r.Demand, r.Places, r.Gap, finite(r.Coverage), string(r.Class),
			strings.Join(near, ";"), f.Score, f.Served)
	}
	cov := math.NaN()
	if demand > 0 {
		cov = places / demand
	}
	b.row(f.Establishment.Code, "all", demand, places, places-demand, cov, "", "", f.Score, f.Served)
	return &b.t
}
