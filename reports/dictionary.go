package reports

import (
	"strings"

	"needsplan/model"
)

// columnDoc is what a published column means and its unit.
type columnDoc struct{ unit, meaning string }

// columnDocs describe the published tables' columns: by "table.column"
// first, then by column name. Every column a report publishes must have
// one (TestDictionaryComplete); a flag column (SuppressedSuffix) is
// described from the column it flags.
var columnDocs = map[string]columnDoc{
	"establishment":              {"code", "the establishment's code (needsplan establishments lists them)"},
	"region":                     {"name", "the prison group (region) of the establishment"},
	"programme":                  {"code", "the programme's canonical code (needsplan catalogue lists them); ALL for every programme"},
	"demand":                     {"people", "people who need the programme with time to complete it before release: held now, plus expected new arrivals, over the horizon (12 months); one core programme at a time"},
	"places":                     {"places", "places over the horizon: groups a year × group size + one-to-one places, × horizon ÷ 12"},
	"completions":                {"people", "places × the catalogue's completion rate"},
	"gap":                        {"places", "places − demand (negative: a shortfall)"},
	"coverage":                   {"ratio", "places ÷ demand"},
	"class":                      {"category", "not_run_here, not_run_often_enough, sufficient or surplus (docs/gap-analysis.md)"},
	"level":                      {"category", "what the row totals over: estate, region, programme or establishment"},
	"unmet_not_run_here":         {"people", "demand at establishments that do not run the programme"},
	"unmet_not_run_often_enough": {"people", "demand beyond the places at establishments that run too few"},
	"n_not_run_here":             {"establishments", "establishments classed not_run_here"},
	"n_not_run_often_enough":     {"establishments", "establishments classed not_run_often_enough"},
	"n_sufficient":               {"establishments", "establishments classed sufficient"},
	"n_surplus":                  {"establishments", "establishments classed surplus"},
	"key":                        {"name", "the estate, region or establishment the headline row is for"},
	"kind":                       {"category", "any (any programme) or core (a core offending-behaviour programme), or a family or programme"},
	"unit":                       {"name", "the family or programme the row counts, when kind says one"},
	"people":                     {"people", "people with a current need of this kind, each counted once"},
	"no_time":                    {"people", "of them, people with no time left to complete or no release date"},
	"must_start":                 {"people", "of them, people who must start within the horizon to finish and consolidate before release (the backlog)"},
	"later":                      {"people", "of them, people who can start after the horizon"},
	"flow_per_year":              {"people a year", "new people a year expected to arrive with such a need and time to complete"},
	"places_per_year":            {"places a year", "places a year for this need"},
	"steady_state_coverage":      {"ratio", "places a year ÷ flow_per_year"},
	"years_to_clear":             {"years", "years current places take to clear the backlog once each year's arrivals are served (empty: never)"},
	"backlog_clears":             {"category", "whether current places ever clear the backlog"},
	"group_by":                   {"category", "establishment, region or estate"},
	"group":                      {"code", "the establishment code, region or estate the row is for"},
	"name":                       {"name", "the group's name"},
	"measure":                    {"name", "what the row measures (docs/report.md; docs/simulation.md for the simulation's measures)"},
	"item":                       {"name", "the need, pathway or programme the measure is of"},
	"count":                      {"people", "people with the item"},
	"denominator":                {"people", "people the share is of (assessed, or held)"},
	"share":                      {"ratio", "count ÷ denominator"},
	"ci_low":                     {"as the figure", "lower end of the 95% interval (Wilson for shares; across replications for simulated means)"},
	"ci_high":                    {"as the figure", "upper end of the 95% interval"},
	"moves_out":                  {"people", "people the allocation moves out of the establishment for a place"},
	"moves_in":                   {"people", "people the allocation moves into the establishment for a place"},
	"mean":                       {"as the measure", "the mean across replications (needs and people rounded to whole people in a published report)"},
	"replications":               {"count", "replications the mean is over"},
	"from":                       {"region", "the region people move from"},
	"to":                         {"region", "the region people move to"},
	"moves":                      {"people", "people moved for a place"},
	"series":                     {"name", "the waiting list: a programme's needs on local lists, or people waiting (each once)"},
	"month":                      {"months", "months from the dataset date"},
	"p05":                        {"needs or people", "5th percentile across replications"},
	"p50":                        {"needs or people", "median across replications"},
	"p95":                        {"needs or people", "95th percentile across replications"},
	"not_for_publication":        {"flag", "true: built with --no-suppression; do not publish"},
}

// dictionaryTable lists every column of tables with its type, unit and
// meaning: the data dictionary written as tables/dictionary.csv.
func dictionaryTable(tables []*model.Table) *model.Table {
	b := newBuilder("dictionary", text("table"), text("column"), text("type"), text("unit"), text("meaning"))
	for _, t := range tables {
		for _, c := range t.Columns {
			d := describe(t.Name, c.Name)
			b.row(t.Name, c.Name, kindWord(c.Kind), d.unit, d.meaning)
		}
	}
	return &b.t
}

// describe is a column's entry in columnDocs.
func describe(table, column string) columnDoc {
	if base, ok := strings.CutSuffix(column, SuppressedSuffix); ok {
		return columnDoc{"flag", "true where " + base + " is suppressed (a count of 1 to 4 people, or one from which such a count could be worked out); " + base + " is then empty"}
	}
	if d, ok := columnDocs[table+"."+column]; ok {
		return d
	}
	return columnDocs[column]
}

// kindWord names a column kind for the dictionary.
func kindWord(k model.ColumnKind) string {
	switch k {
	case model.IntColumn:
		return "integer"
	case model.FloatColumn:
		return "number"
	case model.BoolColumn:
		return "boolean"
	}
	return "text"
}
