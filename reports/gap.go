package reports

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"needsplan/analysis"
	"needsplan/model"
)

// GapTable returns one row per establishment × programme: stock and flow
// demand over the horizon, places, expected completions, gap (places −
// demand), coverage (places / demand) and the class.
func GapTable(gs *analysis.Gaps) *model.Table {
	b := newBuilder("gaps", text("establishment"), text("region"), text("programme"), float("stock"), float("flow"),
		float("demand"), float("places"), float("completions"), float("gap"), float("coverage"), text("class"))
	for _, g := range gs.Rows {
		b.row(g.Establishment, g.Region, g.Programme, g.Stock, g.Flow, g.Demand, g.Places, g.Completions, g.Gap,
			finite(g.Coverage), string(g.Class))
	}
	return &b.t
}

func rollupTable(name, keyName string, rs []analysis.Rollup) *model.Table {
	b := newBuilder(name, text(keyName), text("programme"), float("demand"), float("places"), float("gap"), float("coverage"),
		float("unmet_not_run_here"), float("unmet_not_run_often_enough"),
		ints("n_not_run_here"), ints("n_not_run_often_enough"), ints("n_sufficient"), ints("n_surplus"))
	for _, r := range rs {
		prog := r.Programme
		if prog == "" {
			prog = "all"
		}
		b.row(r.Key, prog, r.Demand, r.Places, r.Gap, finite(r.Coverage), r.UnmetNotRun, r.UnmetNotOften,
			r.Count[analysis.NotRunHere], r.Count[analysis.NotRunOftenEnough], r.Count[analysis.Sufficient], r.Count[analysis.Surplus])
	}
	return &b.t
}

// GapRegionTable returns the rollup by region × programme (and each
// region's total, programme "all").
func GapRegionTable(gs *analysis.Gaps) *model.Table {
	return rollupTable("gaps_by_region", "region", gs.ByRegion)
}

// GapProgrammeTable returns the national rollup by programme, then the
// estate's total (programme "all").
func GapProgrammeTable(gs *analysis.Gaps) *model.Table {
	rs := append(append([]analysis.Rollup(nil), gs.ByProgramme...), gs.Estate)
	for i := range rs {
		rs[i].Key = "estate"
	}
	return rollupTable("gaps_by_programme", "level", rs)
}

// WriteGapText writes a gap analysis for people: the estate's demand,
// places and unmet need split by why, each programme nationally, and the
// largest gaps.
func WriteGapText(w io.Writer, gs *analysis.Gaps, largest int) error {
	o := gs.Options
	e := gs.Estate
	fmt.Fprintf(w, "Gap analysis: dataset date %s, horizon %g months, suite %s\n", o.AsOf, o.Horizon, o.Suites)
	fmt.Fprintf(w, "Demand = people needing a programme with time to complete it (now, plus expected receptions over the horizon).\n\n")
	unmet := e.UnmetNotRun + e.UnmetNotOften
	fmt.Fprintf(w, "Estate: demand %s, places %s, coverage %s.\n", whole(e.Demand), whole(e.Places), ratio(e.Coverage))
	if unmet > 0 {
		fmt.Fprintf(w, "Unmet demand %s: %.0f%% where the prison does not run the programme, %.0f%% where it does not run it often enough.\n",
			whole(unmet), 100*e.UnmetNotRun/unmet, 100*e.UnmetNotOften/unmet)
	}
	rec := 0.0
	for _, r := range gs.Receptions {
		rec += r
	}
	fmt.Fprintf(w, "Sentenced receptions used for the flow: %s a year.\n", whole(rec))
	fmt.Fprintf(w, "Establishment × programme: %d not run here, %d not run often enough, %d sufficient, %d surplus.\n\n",
		e.Count[analysis.NotRunHere], e.Count[analysis.NotRunOftenEnough], e.Count[analysis.Sufficient], e.Count[analysis.Surplus])

	fmt.Fprintln(w, "BY PROGRAMME, NATIONALLY")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "programme\tdemand\tplaces\tgap\tcoverage\tunmet: not run\tunmet: not often\tnot run here\tnot often\tsufficient\tsurplus\t")
	for _, r := range gs.ByProgramme {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t\n", r.Key, whole(r.Demand), whole(r.Places), whole(r.Gap),
			ratio(r.Coverage), whole(r.UnmetNotRun), whole(r.UnmetNotOften), r.Count[analysis.NotRunHere],
			r.Count[analysis.NotRunOftenEnough], r.Count[analysis.Sufficient], r.Count[analysis.Surplus])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nLARGEST %d GAPS\n", largest)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "establishment\tregion\tprogramme\tdemand\tplaces\tgap\tclass\t")
	for _, g := range gs.Largest(largest) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", g.Establishment, g.Region, g.Programme, whole(g.Demand), whole(g.Places),
			whole(g.Gap), strings.ReplaceAll(string(g.Class), "_", " "))
	}
	return tw.Flush()
}
