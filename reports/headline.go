package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"needsplan/analysis"
	"needsplan/model"
	"needsplan/reports/disclosure"
)

// HeadlineTable returns the decomposed headline (analysis.Headline), one
// row per level × key × unit: distinct people with a current need, of them
// without time, must start within the horizon and can start later; the
// annual flow and places a year; steady-state coverage and years to clear
// the must-start backlog (empty, with backlog_clears "never", when places
// do not exceed the flow).
func HeadlineTable(hs []analysis.Headline) *model.Table { return headlineTable(hs, nil) }

// headlineCounts are the headline's figures about people, by column name.
var headlineCounts = []struct {
	name string
	get  func(*analysis.Headline) float64
}{
	{"people", func(h *analysis.Headline) float64 { return float64(h.People) }},
	{"no_time", func(h *analysis.Headline) float64 { return float64(h.NoTime) }},
	{"must_start", func(h *analysis.Headline) float64 { return float64(h.MustStart) }},
	{"later", func(h *analysis.Headline) float64 { return float64(h.Later) }},
	{"flow_per_year", func(h *analysis.Headline) float64 { return h.Flow }},
}

// hk is the key of a published headline figure.
func hk(h *analysis.Headline, col string) string {
	return "head|" + string(h.Level) + "|" + h.Key + "|" + string(h.Kind) + "|" + h.Unit + "|" + col
}

// headlineTable is HeadlineTable; with disclosure control d, as published:
// the counts and the flow from d, coverage and years to clear from the
// published figures (missing where one they need is hidden).
func headlineTable(hs []analysis.Headline, d *disclosure.Control) *model.Table {
	var level, key, kind, unit []string
	var places, cover, years []float64
	var clears []string
	cols := make([]figures, len(headlineCounts))
	for c := range headlineCounts {
		cols[c].name = headlineCounts[c].name
	}
	for i := range hs {
		h := &hs[i]
		level, key, kind, unit = append(level, string(h.Level)), append(key, h.Key), append(kind, string(h.Kind)), append(unit, h.Unit)
		for c := range headlineCounts {
			cols[c].add(hk(h, headlineCounts[c].name), headlineCounts[c].get(h))
		}
		cv, yr := h.Coverage(), h.YearsToClear()
		if d != nil && (d.Hidden(hk(h, "flow_per_year")) || d.Hidden(hk(h, "must_start"))) {
			cv, yr = math.NaN(), math.NaN()
		}
		clear := "yes"
		switch {
		case math.IsNaN(yr):
			clear = ""
		case yr == 0:
			clear = "no backlog"
		case math.IsInf(yr, 1):
			clear = "never"
		}
		places, cover, years, clears = append(places, h.Places), append(cover, finite(cv)), append(years, finite(yr)), append(clears, clear)
	}
	out := []model.Column{textCol("level", level), textCol("key", key), textCol("kind", kind), textCol("unit", unit)}
	for c := range cols {
		k := model.IntColumn
		if headlineCounts[c].name == "flow_per_year" {
			k = model.FloatColumn
		}
		out = append(out, cols[c].column(d, k)...)
	}
	out = append(out, floatCol("places_per_year", places), floatCol("steady_state_coverage", cover), floatCol("years_to_clear", years),
		textCol("backlog_clears", clears))
	return &model.Table{Name: "headline", Columns: out}
}

// unitLabel names a headline unit for people: "any programme", "core
// programme (one each)", a family in words ("· partner violence"), or a
// programme code.
func unitLabel(kind analysis.UnitKind, unit string) string {
	switch kind {
	case analysis.AnyUnit:
		return "any programme"
	case analysis.CoreUnit:
		return "core programme (one each)"
	case analysis.FamilyUnit:
		return "· " + strings.ReplaceAll(unit, "_", " ")
	}
	return unit
}

// yearsText writes years to clear a backlog: one decimal, "never" for
// +Inf, "no backlog" for 0, "–" for none.
func yearsText(v float64) string {
	switch {
	case math.IsNaN(v):
		return missing
	case v == 0:
		return "no backlog"
	case math.IsInf(v, 1):
		return "never"
	}
	return fmt.Sprintf("%.1f", v)
}

// headlineView says which rows of a headline a text block shows and how.
type headlineView struct {
	level  analysis.GroupBy
	key    string
	kinds  []analysis.UnitKind // the unit kinds to show, in order
	places bool                // show places, coverage and years to clear
	rules  bool                // follow the table with the columns' definitions
}

// writeHeadline writes the headline rows of v as a table for people, then
// the definition of each column (docs/gap-analysis.md, "The headline").
func writeHeadline(w io.Writer, hs []analysis.Headline, v headlineView, horizon, consolidation float64) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "\tpeople now\tno time\tmust start\tlater\tnew a year\t"
	if v.places {
		head += "places a year\tcoverage\tyears to clear\t"
	}
	fmt.Fprintln(tw, head)
	for _, kind := range v.kinds {
		for i := range hs {
			h := &hs[i]
			if h.Level != v.level || h.Key != v.key || h.Kind != kind {
				continue
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t", unitLabel(h.Kind, h.Unit), h.People, h.NoTime, h.MustStart, h.Later, whole(h.Flow))
			if v.places {
				fmt.Fprintf(tw, "%s\t%s\t%s\t", whole(h.Places), ratio(h.Coverage()), yearsText(h.YearsToClear()))
			}
			fmt.Fprintln(tw)
		}
	}
	if err := tw.Flush(); err != nil || !v.rules {
		return err
	}
	return writeHeadlineRules(w, horizon, consolidation, v.places)
}

// writeHeadlineRules writes what each headline column counts and the rule
// behind it.
func writeHeadlineRules(w io.Writer, horizon, consolidation float64, places bool) error {
	lines := []string{
		"people now: distinct people who need a programme of the row now; each has at most one current core programme (docs/classification.md).",
		fmt.Sprintf("no time: of them, cannot finish it and have %g months' consolidation before release, or have no known release date (remand).", consolidation),
		fmt.Sprintf("must start: can still finish in time only if they start within %g months (the backlog); later: can start after that.", horizon),
		"new a year: people received each year who will need it and stay long enough to finish in time (flow from length of stay, docs/gap-analysis.md).",
	}
	if places {
		lines = append(lines,
			"places a year: groups a year × group size + one-to-one places, over the row's programmes.",
			"coverage: places a year ÷ new a year (steady state); years to clear: must start ÷ (places − new a year), never when places do not exceed the flow.")
	}
	for _, l := range lines {
		if _, err := fmt.Fprintln(w, "  "+l); err != nil {
			return err
		}
	}
	return nil
}

// RangeTable returns demand with a range for the stale and unassessed
// (analysis.DemandRange), one row per level × key × unit: people with a
// current need and time to complete, low (current assessments only),
// central and high (the stale and unassessed at comparable people's rates,
// docs/imputation.md), and the people behind them.
func RangeTable(rs []analysis.DemandRange) *model.Table {
	b := newBuilder("demand_range", text("level"), text("key"), text("kind"), text("unit"), float("low"), float("central"), float("high"),
		ints("assessed"), ints("stale"), ints("unassessed"))
	for i := range rs {
		r := &rs[i]
		b.row(string(r.Level), r.Key, string(r.Kind), r.Unit, r.Low, r.Central, r.High, r.Assessed, r.Stale, r.Unassessed)
	}
	return &b.t
}

// writeRanges writes the range of demand for the rows of v (level, key and
// kinds): people with a need now and time to complete, as assessed and
// with the stale and unassessed imputed.
func writeRanges(w io.Writer, rs []analysis.DemandRange, v headlineView, staleAfter int) error {
	var shown []*analysis.DemandRange
	for _, kind := range v.kinds {
		for i := range rs {
			if r := &rs[i]; r.Level == v.level && r.Key == v.key && r.Kind == kind {
				shown = append(shown, r)
			}
		}
	}
	if len(shown) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nWITH TIME TO COMPLETE, COUNTING THE UNASSESSED: %d current assessments; %d stale (over %d months) and %d with none, imputed (docs/imputation.md)\n",
		shown[0].Assessed, shown[0].Stale, staleAfter, shown[0].Unassessed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tlow\tcentral\thigh\t")
	for _, r := range shown {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", unitLabel(r.Kind, r.Unit), whole(r.Low), whole(r.Central), whole(r.High))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "  low: people with a current assessment only; central: plus each stale or unassessed person with time, at the share of comparable assessed people (same establishment and sentence type, else region) who need it; high: at the upper 95% Wilson bound of each share.")
	return err
}
