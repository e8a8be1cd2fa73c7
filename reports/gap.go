package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"needsplan/analysis"
	"needsplan/model"
	"needsplan/reports/disclosure"
)

// GapTable returns one row per establishment × programme: stock and flow
// demand over the horizon, places, expected completions, gap (places −
// demand), coverage (places / demand) and the class.
func GapTable(gs *analysis.Gaps) *model.Table { return gapTable(gs, nil) }

// gapTable is GapTable; with disclosure control d, as published: demand is
// a figure about people, and stock and flow are left out (see
// registerGaps); places and completions are supply; gap and coverage come
// from the published demand.
func gapTable(gs *analysis.Gaps, d *disclosure.Control) *model.Table {
	var est, region, prog, class []string
	var stock, flow, places, completions, gap, cover []float64
	demand := figures{name: "demand"}
	for _, g := range gs.Rows {
		key := gk(g.Establishment, g.Programme, "demand")
		gp, cv := g.Gap, finite(g.Coverage)
		if d != nil {
			gp, cv = publishedGap(d, key, g.Places)
		}
		est, region, prog, class = append(est, g.Establishment), append(region, g.Region), append(prog, g.Programme), append(class, string(g.Class))
		stock, flow = append(stock, g.Stock), append(flow, g.Flow)
		demand.add(key, g.Demand)
		places, completions, gap, cover = append(places, g.Places), append(completions, g.Completions), append(gap, gp), append(cover, cv)
	}
	cols := []model.Column{textCol("establishment", est), textCol("region", region), textCol("programme", prog)}
	if d == nil {
		cols = append(cols, floatCol("stock", stock), floatCol("flow", flow))
	}
	cols = append(cols, demand.column(d, model.FloatColumn)...)
	cols = append(cols, floatCol("places", places), floatCol("completions", completions), floatCol("gap", gap), floatCol("coverage", cover),
		textCol("class", class))
	return &model.Table{Name: "gaps", Columns: cols}
}

// GapTableBy is the table gap's --by names: establishment (GapTable, each
// pair), region (GapRegionTable), programme (GapProgrammeTable), headline
// (HeadlineTable, every level) or range (RangeTable, every level).
func GapTableBy(gs *analysis.Gaps, by string) *model.Table {
	switch by {
	case "headline":
		return HeadlineTable(gs.Headlines)
	case "range":
		return RangeTable(gs.Ranges)
	case "region":
		return GapRegionTable(gs)
	case "programme":
		return GapProgrammeTable(gs)
	}
	return GapTable(gs)
}

// GapRegionTable returns the rollup by region × programme (and each
// region's total, programme "all").
func GapRegionTable(gs *analysis.Gaps) *model.Table { return gapRegionTable(gs, nil) }

func gapRegionTable(gs *analysis.Gaps, d *disclosure.Control) *model.Table {
	return rollupTable("gaps_by_region", "region", gs.ByRegion, false, d)
}

// GapProgrammeTable returns the national rollup by programme, then the
// estate's total (programme "all").
func GapProgrammeTable(gs *analysis.Gaps) *model.Table { return gapProgrammeTable(gs, nil) }

func gapProgrammeTable(gs *analysis.Gaps, d *disclosure.Control) *model.Table {
	return rollupTable("gaps_by_programme", "level", append(slices.Clone(gs.ByProgramme), gs.Estate), true, d)
}

// rollupTable is a rollup of the gap analysis: by region (keyed by region)
// or, estate true, nationally (every row keyed "estate"); a rollup over
// every programme has programme "all". With disclosure control d, as
// published: demand and unmet demand are figures about people, gap and
// coverage come from the published demand.
func rollupTable(name, keyName string, rs []analysis.Rollup, estate bool, d *disclosure.Control) *model.Table {
	var key, prog []string
	var places, gap, cover []float64
	demand, nrh, nroe := figures{name: "demand"}, figures{name: "unmet_not_run_here"}, figures{name: "unmet_not_run_often_enough"}
	var counts [4][]int64
	for _, r := range rs {
		pg := r.Programme
		if pg == "" {
			pg = allProgrammes
		}
		k := func(col string) string { return rk(r.Key, pg, col) }
		kname := r.Key
		if estate {
			k = func(col string) string { return ek(pg, col) }
			kname = analysis.EstateKey
		}
		gp, cv := r.Gap, finite(r.Coverage)
		if d != nil {
			gp, cv = publishedGap(d, k("demand"), r.Places)
		}
		key, prog = append(key, kname), append(prog, pg)
		demand.add(k("demand"), r.Demand)
		nrh.add(k("unmet_not_run_here"), r.UnmetNotRun)
		nroe.add(k("unmet_not_run_often_enough"), r.UnmetNotOften)
		places, gap, cover = append(places, r.Places), append(gap, gp), append(cover, cv)
		for i, c := range analysis.GapClasses {
			counts[i] = append(counts[i], int64(r.Count[c]))
		}
	}
	cols := append([]model.Column{textCol(keyName, key), textCol("programme", prog)}, demand.column(d, model.FloatColumn)...)
	cols = append(cols, floatCol("places", places), floatCol("gap", gap), floatCol("coverage", cover))
	cols = append(append(cols, nrh.column(d, model.FloatColumn)...), nroe.column(d, model.FloatColumn)...)
	for i, c := range analysis.GapClasses {
		cols = append(cols, model.Column{Name: "n_" + string(c), Kind: model.IntColumn, Ints: counts[i]})
	}
	return &model.Table{Name: name, Columns: cols}
}

// WriteGapText writes a gap analysis for people: the estate's headline with
// people counted once (any programme, core, each family), each programme
// nationally likewise, then the person × programme demand over the horizon
// with unmet need split by why, and the largest gaps.
func WriteGapText(w io.Writer, gs *analysis.Gaps, largest int) error {
	o := gs.Options
	e := gs.Estate
	fmt.Fprintf(w, "Gap analysis: dataset date %s, horizon %g months, suite %s\n\n", o.AsOf, o.Horizon, o.Suites)
	fmt.Fprintln(w, "THE ESTATE: PEOPLE COUNTED ONCE")
	estate := headlineView{level: analysis.ByEstate, key: analysis.EstateKey, places: true,
		kinds: []analysis.UnitKind{analysis.AnyUnit, analysis.CoreUnit, analysis.FamilyUnit}}
	if err := writeHeadline(w, gs.Headlines, estate, o.Horizon, gs.Consolidation); err != nil {
		return err
	}
	if err := writeRanges(w, gs.Ranges, estate, 12); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nBY PROGRAMME, NATIONALLY: PEOPLE COUNTED ONCE PER PROGRAMME")
	estate.kinds, estate.rules = []analysis.UnitKind{analysis.ProgrammeUnit}, true
	if err := writeHeadline(w, gs.Headlines, estate, o.Horizon, gs.Consolidation); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nPERSON × PROGRAMME DEMAND OVER %g MONTHS\n", o.Horizon)
	fmt.Fprintf(w, "Demand = people needing the programme with time to complete it now (stock), plus expected receptions over the horizon (flow); person × programme counts, for places at each establishment.\n")
	unmet := e.UnmetNotRun + e.UnmetNotOften
	fmt.Fprintf(w, "Estate: person × programme demand %s, places %s over the horizon.\n", whole(e.Demand), whole(e.Places))
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

	fmt.Fprintln(w, "PERSON × PROGRAMME, BY PROGRAMME NATIONALLY")
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
