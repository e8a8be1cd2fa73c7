package reports

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"maps"
	"math"
	"slices"
	"strings"

	"needsplan/analysis"
	"needsplan/analysis/allocate"
	"needsplan/analysis/estate"
	"needsplan/analysis/plan"
	"needsplan/model"
	"needsplan/reports/disclosure"
)

//go:embed templates/*
var templates embed.FS

// ReportInput is everything the report and the directory show.
type ReportInput struct {
	Title string
	AsOf  model.Date
	// Version is the version the build recorded: an -ldflags stamp or the
	// module version ("(devel)" from a source tree). Revision is the VCS
	// revision the binary was built from; empty when the build recorded
	// none (built outside a repository or with -buildvcs=false, a test
	// binary). Modified marks a build with uncommitted changes.
	Version  string
	Revision string
	Modified bool
	Inputs   []model.InputFile
	// Changes lists the scenario's changes in words (ScenarioChanges).
	Changes        []string
	Suppress       bool
	Synthetic      bool
	People         int
	Establishments []model.Establishment
	Offerings      []model.Offering
	Catalogue      *model.Catalogue
	Suites         analysis.SuitePlan
	Needs          *analysis.Needs // by estate
	NeedsByEst     *analysis.Needs
	Gaps           *analysis.Gaps
	Transfers      *analysis.Transfers
	// Allocation, when set, gives the transfers section its shadow prices
	// (the estate-wide allocation the transfers are read from).
	Allocation *allocate.Allocation
	// Frontier, when set, gives the transfers section the chart of priority
	// served against moves as λ varies (allocate.Frontier).
	Frontier []allocate.Point
	// Plan, when set, is the "What to commission" section's plan
	// (needsplan plan, without refinement); PlanNote says why there is
	// none otherwise.
	Plan     *plan.Result
	PlanNote string
	Sim      *estate.Summary
	Seed     uint64
}

// Report is the built report: files by path (index.html, charts/…,
// directory/…) and the tables to write as CSV and Parquet under tables/.
type Report struct {
	Files  map[string][]byte
	Tables []*model.Table
}

// MarkerFile is the file that marks a directory as a needsplan report: the
// report command replaces a directory at --out only when it holds one (or
// is empty), never a directory of anything else.
const MarkerFile = ".needsplan-report"

// NotForPublicationFile marks a report built with --no-suppression: the
// report's root, tables/ and directory/ each hold one, and every table has a
// not_for_publication column.
const NotForPublicationFile = "_NOT_FOR_PUBLICATION"

const notForPublicationText = "NOT FOR PUBLICATION. This report was built with --no-suppression: it shows counts of fewer than 5 people, which can identify them. Use it for internal analysis only; do not share or publish it, or any table, chart or page of it.\n"

// assumedWords names the catalogue fields Programme.Assumed lists, for
// people, with the unit of a figure.
var assumedWords = map[string][2]string{
	"months_needed": {"time needed before release", "months"}, "duration_weeks": {"duration", "weeks"},
	"sessions": {"number of sessions", ""}, "group_size": {"group size", "places"},
	"min_group_size": {"fewest starters for a cohort", "people"}, "completion_rate": {"completion rate", ""},
	"replaced_by": {"what replaces it", ""}, "ldc": {"its rule for people with LDC", ""},
	"ldc_route": {"its route for people with LDC", ""}, "prerequisites": {"its prerequisites", ""},
	"risk_principle": {"its risk rule", ""},
}

// named is a programme (or establishment) for a page: its name, with the
// code in small print.
type named struct{ Name, Code string }

// BuildReport builds the report and the directory of interventions.
func BuildReport(in *ReportInput) (*Report, error) {
	r := &Report{Files: map[string][]byte{}}
	css, err := templates.ReadFile("templates/style.css")
	if err != nil {
		return nil, err
	}
	pub := publish(in)
	common := r.front(in, css)
	for _, t := range pub.tables {
		if !in.Suppress {
			t = markInternal(t)
		}
		r.Tables = append(r.Tables, t)
	}
	dict := dictionaryTable(r.Tables)
	if !in.Suppress {
		dict = markInternal(dict)
	}
	r.Tables = append(r.Tables, dict)
	page := map[string]any{"Page": common, "Title": in.Title}
	for _, section := range []func(*ReportInput, *publication) (map[string]any, error){
		commissionSection, summarySection, needsSection, r.gapsSection, r.waitingSection, r.transfersSection, assumptionsSection, r.methodSection,
	} {
		fields, err := section(in, pub)
		if err != nil {
			return nil, err
		}
		maps.Copy(page, fields)
	}
	if err := r.render("index.html", "report.html.tmpl", page); err != nil {
		return nil, err
	}
	if err := r.directory(in, pub, common); err != nil {
		return nil, err
	}
	return r, nil
}

// front is what every page shows at the top: the style sheet and the note
// on disclosure control; a report built without suppression is marked not
// for publication, in its root, tables/ and directory/.
func (r *Report) front(in *ReportInput, css []byte) pageCommon {
	suppression := "Counts of people from 1 to 4, and figures from which they could be worked out, are suppressed ([c]), with secondary suppression, as official statistics do; expected numbers of people are rounded to whole people, and simulated figures are rounded, never suppressed."
	if !in.Suppress {
		suppression = "NOT FOR PUBLICATION: small counts are not suppressed (--no-suppression)."
		r.Files[NotForPublicationFile] = []byte(notForPublicationText)
		r.Files["tables/"+NotForPublicationFile] = []byte(notForPublicationText)
		r.Files["directory/"+NotForPublicationFile] = []byte(notForPublicationText)
	}
	return pageCommon{CSS: template.CSS(css), NotForPublication: !in.Suppress, SuppressionNote: suppression, AsOf: in.AsOf.String(),
		Horizon: in.Gaps.Options.Horizon, Replications: in.Sim.Replications, Years: in.Sim.Options.Years}
}

// programme names a programme for a page: its catalogue name and code, or
// the code alone when the catalogue does not have it.
func programme(in *ReportInput, code string) named {
	if g, ok := in.Catalogue.Lookup(code); ok {
		return named{g.Name, code}
	}
	return named{code, ""}
}

// estateKey is the group key of the estate's needs.
func estateKey(in *ReportInput) string {
	if len(in.Needs.Groups) > 0 {
		return in.Needs.Groups[0].Key
	}
	return analysis.EstateKey
}

// largestGap is a row of the summary's table of the largest gaps.
type largestGap struct {
	Est, Prog                         named
	Demand, Places, Shortfall, Reason string
}

// summarySection is the summary: people, demand and places, the five
// largest gaps, the simulated outcomes for the estate and the transfers.
func summarySection(in *ReportInput, pub *publication) (map[string]any, error) {
	estName := map[string]string{}
	for _, e := range in.Establishments {
		estName[e.Code] = e.Name
	}
	var big []largestGap
	// Ranked among figures shown only: ranking a suppressed figure would
	// bound it between its neighbours.
	for _, g := range pub.gaps.Largest(5) {
		if g.Gap >= 0 {
			break
		}
		big = append(big, largestGap{named{estName[g.Establishment], g.Establishment}, programme(in, g.Programme),
			pub.text(gk(g.Establishment, g.Programme, "demand")), thousands(g.Places), thousands(g.Demand - g.Places),
			map[analysis.GapClass]string{analysis.NotRunHere: "not run here", analysis.NotRunOftenEnough: "not run often enough"}[g.Class]})
	}
	key, e := estateKey(in), in.Sim.Estate
	return map[string]any{
		"People": pub.text(nk(key, "people", "")), "Establishments": len(in.Establishments), "Horizon": in.Gaps.Options.Horizon,
		"Head": headlineSummary(in, pub), "Largest": big,
		"Years": in.Sim.Options.Years, "Replications": in.Sim.Replications, "Consolidation": in.Sim.Options.Consolidation.Val, // resolved by estate.New
		"Untreated": pub.simText(e, key, "released_untreated"), "TooShort": pub.simText(e, key, "released_too_short"),
		"InTime": pub.simText(e, key, "completed_in_time"), "PStart": pub.simShare(e, key), "TransferSummary": transferSummary(pub),
		"PeopleUntreated": pub.personText(in.Sim, estate.PersonUntreated), "PeopleCompleted": pub.personText(in.Sim, estate.PersonCompleted),
	}, nil
}

// headSummary is the summary's headline: people counted once.
type headSummary struct {
	Now, Core, MustStart, Later, NoTime, Flow, Places, Coverage, Clears string
	// Low, Central and High are the estate's people with a need now and
	// time to complete, counting the stale and unassessed
	// (analysis.DemandRange); empty without a range.
	Low, Central, High string
	Consolidation      float64
}

// headlineSummary reads the estate's headline (any programme, and the core
// programme) as published.
func headlineSummary(in *ReportInput, pub *publication) headSummary {
	var anyH, coreH *analysis.Headline
	for i := range in.Gaps.Headlines {
		switch h := &in.Gaps.Headlines[i]; {
		case h.Level != analysis.ByEstate:
		case h.Kind == analysis.AnyUnit:
			anyH = h
		case h.Kind == analysis.CoreUnit:
			coreH = h
		}
	}
	out := headSummary{Now: "0", Core: "0", MustStart: "0", Later: "0", NoTime: "0", Flow: "0",
		Places: thousands(in.Gaps.Estate.Places), Coverage: missing, Consolidation: in.Gaps.Consolidation}
	if anyH == nil {
		return out
	}
	out.Now, out.MustStart, out.Later = pub.text(hk(anyH, "people")), pub.text(hk(anyH, "must_start")), pub.text(hk(anyH, "later"))
	out.NoTime, out.Flow, out.Places = pub.text(hk(anyH, "no_time")), pub.text(hk(anyH, "flow_per_year")), thousands(anyH.Places)
	if coreH != nil {
		out.Core = pub.text(hk(coreH, "people"))
	}
	if !pub.d.Hidden(hk(anyH, "flow_per_year")) {
		out.Coverage = percent(anyH.Coverage())
	}
	if r := estateRange(in.Gaps.Ranges); r != nil {
		out.Low, out.Central, out.High = pub.text(rangeKey("low")), pub.text(rangeKey("central")), pub.text(rangeKey("high"))
	}
	switch y := anyH.YearsToClear(); {
	case pub.d.Hidden(hk(anyH, "must_start")) || pub.d.Hidden(hk(anyH, "flow_per_year")):
	case math.IsInf(y, 1):
		out.Clears = "At current places the backlog is never cleared: places a year fall short of the people arriving each year who need one."
	case y > 0:
		out.Clears = fmt.Sprintf("At current places, once each year's arrivals are served, the backlog takes %s years to clear.", yearsText(y))
	}
	return out
}

// estateRange returns the estate's range for any programme, or nil.
func estateRange(rs []analysis.DemandRange) *analysis.DemandRange {
	for i := range rs {
		if rs[i].Level == analysis.ByEstate && rs[i].Kind == analysis.AnyUnit {
			return &rs[i]
		}
	}
	return nil
}

// transferSummary says what the transfer analysis found, in a sentence for
// the summary and the transfers section.
func transferSummary(pub *publication) string {
	return fmt.Sprintf("Sharing out the start places of the coming year estate-wide by release date (the earliest release first, then fewer moves; needsplan allocate), %s people with a current programme they can still finish would not start it where they are: %s move for a place elsewhere, and %s get none — %s because the places they could reach went to people released sooner, %s because no place of it starts in time at a prison that can hold them.",
		pub.text(trKey("people")), pub.text(trKey(analysis.Placed)), pub.text(trKey("unplaced")),
		pub.text(trKey(analysis.PlacesTaken)), pub.text(trKey(analysis.NoPlaceAnywhere)))
}

// needLine is a row of the needs section's table.
type needLine struct{ Label, Count, N, Share, CI string }

// pathwayLine is a row of the needs section's table of pathways.
type pathwayLine struct{ Label, Count string }

// needsSection is the estate's identified needs, with their shares and
// intervals, and its people by PNI pathway.
func needsSection(in *ReportInput, pub *publication) (map[string]any, error) {
	var needs []needLine
	var pathways []pathwayLine
	if len(in.Needs.Groups) > 0 {
		key, g := estateKey(in), in.Needs.Groups[0]
		for s := range model.NumSections {
			p := g.Needs[s]
			ck, nk2 := nk(key, "need", s.Name()), nk(key, "assessed", s.Name())
			share, ci := percentage(p.Share)+"%", percentage(p.Low)+"–"+percentage(p.High)+"%"
			if pub.d.AnyHidden(ck, nk2) {
				share, ci = disclosure.Suppressed, disclosure.Suppressed
			}
			needs = append(needs, needLine{s.Label(), pub.text(ck), pub.text(nk2), share, ci})
		}
		for _, pw := range model.Pathways {
			pathways = append(pathways, pathwayLine{pathwayWords[pw], pub.text(nk(key, "pathway", pw.String()))})
		}
	}
	return map[string]any{"Needs": needs, "Pathways": pathways}, nil
}

// gapLine is a row of the gaps section's table.
type gapLine struct {
	Prog                                    named
	Demand, Places, Coverage, NotRun, Often string
}

// headLine is a row of the gaps section's table of people counted once.
type headLine struct {
	Label                                                        string
	Family                                                       bool
	Now, NoTime, MustStart, Later, Flow, Places, Coverage, Years string
}

// gapsSection is demand against places by programme across the estate,
// with the gap charts.
func (r *Report) gapsSection(in *ReportInput, pub *publication) (map[string]any, error) {
	charts, err := r.gapCharts(in, pub)
	if err != nil {
		return nil, err
	}
	var heads []headLine
	for i := range in.Gaps.Headlines {
		h := &in.Gaps.Headlines[i]
		if h.Level != analysis.ByEstate || h.Kind == analysis.ProgrammeUnit {
			continue
		}
		cv, yr := missing, missing
		if !pub.d.Hidden(hk(h, "flow_per_year")) {
			cv = percent(h.Coverage())
			if !pub.d.Hidden(hk(h, "must_start")) {
				yr = yearsText(h.YearsToClear())
			}
		}
		heads = append(heads, headLine{strings.TrimPrefix(unitLabel(h.Kind, h.Unit), "· "), h.Kind == analysis.FamilyUnit,
			pub.text(hk(h, "people")), pub.text(hk(h, "no_time")), pub.text(hk(h, "must_start")), pub.text(hk(h, "later")),
			pub.text(hk(h, "flow_per_year")), thousands(h.Places), cv, yr})
	}
	var gaps []gapLine
	for _, g := range byName(in.Gaps.ByProgramme, func(x analysis.Rollup) string { return programme(in, x.Key).Name }) {
		_, cover := publishedGap(pub.d, ek(g.Key, "demand"), g.Places)
		cv := missing
		if !math.IsNaN(cover) {
			cv = percent(cover)
		}
		if pub.d.Hidden(ek(g.Key, "demand")) {
			cv = disclosure.Suppressed
		}
		gaps = append(gaps, gapLine{programme(in, g.Key), pub.text(ek(g.Key, "demand")), thousands(g.Places), cv,
			pub.text(ek(g.Key, "unmet_not_run_here")), pub.text(ek(g.Key, "unmet_not_run_often_enough"))})
	}
	return map[string]any{"GapRows": gaps, "GapCharts": charts, "HeadRows": heads}, nil
}

// simLine is a row of the waiting section's table.
type simLine struct {
	Prog                                               named
	Started, InTime, Untreated, TooShort, PStart, Wait string
}

// waitingSection is the simulated outcomes by programme, with the chart of
// the people waiting month by month.
func (r *Report) waitingSection(in *ReportInput, pub *publication) (map[string]any, error) {
	chart, err := r.waitingChart(in, pub)
	if err != nil {
		return nil, err
	}
	var sims []simLine
	for _, row := range byName(in.Sim.ByProgramme, func(x estate.Row) string { return programme(in, x.Key.Programme).Name }) {
		p := row.Key.Programme
		wait := missing
		if m, ok := row.Measure("km_median_wait_months"); ok {
			wait = interval(m, 1)
		}
		if pub.d.Hidden(simKey(p, "starts")) {
			wait = disclosure.Suppressed
		}
		sims = append(sims, simLine{programme(in, p), pub.simText(row, p, "starts"), pub.simText(row, p, "completed_in_time"),
			pub.simText(row, p, "released_untreated"), pub.simText(row, p, "released_too_short"), pub.simShare(row, p), wait})
	}
	return map[string]any{
		"SimNote": simNote(in.Sim),
		"SimRows": sims, "SeriesChart": chart,
	}, nil
}

// transfersSection is the chart of the moves between regions; its text is
// the summary's (transferSummary).
func (r *Report) transfersSection(in *ReportInput, pub *publication) (map[string]any, error) {
	chart, err := r.transfersChart(in, pub)
	if err != nil {
		return nil, err
	}
	var frontier *chartRef
	if len(in.Frontier) > 0 {
		c, err := FrontierChart(in.Frontier)
		if err != nil {
			return nil, err
		}
		if frontier, err = r.chart(c, "Priority weight served against people moved for a place, as the weight of moves λ varies"); err != nil {
			return nil, err
		}
		frontier.Note = frontierNote(in.Frontier)
	}
	return map[string]any{"FlowChart": chart, "Shadows": shadowLines(in), "FrontierChart": frontier}, nil
}

// frontierNote says what the frontier chart shows, in the figures of its
// two ends: the pure priority allocation (the smallest λ) and local places
// only (the largest). Totals over the estate, far above the disclosure
// threshold.
func frontierNote(pts []allocate.Point) string {
	lo, hi := pts[0], pts[len(pts)-1]
	for _, p := range pts {
		if p.Lambda < lo.Lambda {
			lo = p
		}
		if p.Lambda > hi.Lambda {
			hi = p
		}
	}
	def := ""
	for _, p := range pts {
		if p.Lambda == allocate.DefaultLambda {
			def = fmt.Sprintf(" The default, λ %g, moves %s people and serves %s.", p.Lambda, thousands(float64(p.Moves())), thousands(p.Priority))
		}
	}
	return fmt.Sprintf("Each point is an allocation of the year's start places: λ %g, priority only, moves %s people for a place and serves a priority weight of %s; λ %g, local places only, moves %s and serves %s.%s Weights run from 1 to 2 a person, the most urgent highest (docs/transfers.md).",
		lo.Lambda, thousands(float64(lo.Moves())), thousands(lo.Priority), hi.Lambda, thousands(float64(hi.Moves())), thousands(hi.Priority), def)
}

// shadowLine is a row of the transfers section's table of shadow prices.
type shadowLine struct {
	Est, Prog    named
	Month, Value string
}

// shadowLines are the ten highest shadow prices of the allocation with a
// value: where one more start place serves the most urgent people. They
// are about provision, not people, so published as they are.
func shadowLines(in *ReportInput) []shadowLine {
	if in.Allocation == nil {
		return nil
	}
	name := map[string]string{}
	for _, e := range in.Establishments {
		name[e.Code] = e.Name
	}
	var out []shadowLine
	for _, s := range in.Allocation.TopShadows(10) {
		if s.Value <= 0 {
			break
		}
		out = append(out, shadowLine{named{name[s.Establishment], s.Establishment}, programme(in, s.Programme),
			fmt.Sprint(s.Month), fmt.Sprintf("%.3f", s.Value)})
	}
	return out
}

// assumptionsSection is where the data come from, their quality, and the
// catalogue's assumptions.
func assumptionsSection(in *ReportInput, pub *publication) (map[string]any, error) {
	var quality []string
	if len(in.Needs.Groups) > 0 {
		key := estateKey(in)
		quality = append(quality,
			fmt.Sprintf("%s people have an assessment more than 12 months old; %s have no assessment date.",
				pub.text(nk(key, "stale_assessment", "")), pub.text(nk(key, "no_assessment_date", ""))),
			fmt.Sprintf("%s people's Programme Needs Identifier pathway depends on missing answers (information missing); they are not counted for pathway-bound programmes.",
				pub.text(nk(key, "pathway", model.InfoMissing.String()))))
	}
	if len(pub.d.Unprotected) > 0 {
		quality = append(quality, fmt.Sprintf("Disclosure control could not protect %d figure(s) by secondary suppression; they are shown as [c].", len(pub.d.Unprotected)))
	}
	if small := pub.d.Small(); small > 0 {
		quality = append(quality, protectionNote(small, len(pub.d.Narrow)))
	}
	dataNote := "The data are the user's."
	if in.Synthetic {
		dataNote = "The people in this dataset are synthetic: real OASys records are never public. The establishments and every published figure the population is calibrated to are real (docs/synthetic-data.md)."
	}
	return map[string]any{"DataNote": dataNote, "Quality": quality, "Assumptions": assumptions(in.Catalogue)}, nil
}

// protectionNote says how closely the small figures can be bounded: all
// proved wider than ±Margin (the audit after widening), or how many are
// not.
func protectionNote(small, narrow int) string {
	if narrow == 0 {
		return fmt.Sprintf("No suppressed figure can be worked out exactly, and each of the %s figures suppressed for being small is proved not to be boundable to within ±%d people from the published totals (docs/disclosure.md).",
			thousands(float64(small)), disclosure.Margin)
	}
	return fmt.Sprintf("No suppressed figure can be worked out exactly. Of the %s figures suppressed for being small, %s are proved not to be boundable to within ±%d people from the published totals; for the other %s the audit finds no such proof, and some may be (docs/disclosure.md).",
		thousands(float64(small)), thousands(float64(small-narrow)), disclosure.Margin, thousands(float64(narrow)))
}

// assumptions lists, for each current programme, every assumption the
// catalogue marks (Programme.Assumed): figures with their values, the
// other fields in words.
func assumptions(cat *model.Catalogue) []string {
	out := ruleAssumptions(cat)
	for i := range cat.Len() {
		g := cat.At(i)
		if g.Status != model.Current {
			continue
		}
		var figs []string
		values := map[string]float64{}
		for _, f := range g.Figures() {
			values[f.Key] = f.Value
		}
		for _, key := range g.Assumed() {
			w, ok := assumedWords[key]
			switch v, fig := values[key]; {
			case fig && ok:
				figs = append(figs, strings.TrimSpace(fmt.Sprintf("%s %v %s", w[0], v, unitFor(w[1], v))))
			case ok:
				figs = append(figs, w[0])
			case strings.HasPrefix(key, "eligibility["):
				figs = append(figs, "eligibility criterion "+strings.TrimSuffix(strings.TrimPrefix(key, "eligibility["), "]"))
			default:
				figs = append(figs, key)
			}
		}
		if len(figs) > 0 {
			out = append(out, g.Name+" ("+g.Code+"): "+strings.Join(figs, ", "))
		}
	}
	return out
}

// ruleAssumptions lists the catalogue's planning rules that are
// assumptions: the consolidation window, and for each family what its
// completions also cover and who is taken to have a need in it.
func ruleAssumptions(cat *model.Catalogue) []string {
	var out []string
	if c := cat.Consolidation(); c.Assumption {
		out = append(out, fmt.Sprintf("Time to consolidate before release: %s (%s); a programme's time needed is its duration plus this.", months(c.Value), c.Note))
	}
	for _, f := range cat.Families() {
		var parts []string
		if f.CoversAssumed && len(f.Covers) > 0 {
			parts = append(parts, "a completion also covers "+strings.ReplaceAll(strings.Join(f.Covers, ", "), "_", " "))
		}
		for i := range f.Need {
			if c := &f.Need[i]; c.Assumption || slices.ContainsFunc(c.Any, func(x model.Criterion) bool { return x.Assumption }) {
				what := c.Note
				if what == "" {
					what = c.String()
				}
				parts = append(parts, "need taken as "+what)
			}
		}
		if len(parts) > 0 {
			out = append(out, "Family "+strings.ReplaceAll(f.Name, "_", " ")+": "+strings.Join(parts, "; "))
		}
	}
	return out
}

// methodSection is how the report was made: the version and revision, the
// settings, the inputs and their checksums, the scenario's changes, the
// tables, and the simulation measures not published.
func (r *Report) methodSection(in *ReportInput, pub *publication) (map[string]any, error) {
	revision := "revision not recorded (a build without version control information)"
	if in.Revision != "" {
		revision = "revision " + in.Revision
		if in.Modified {
			revision += " with uncommitted changes"
		}
	}
	return map[string]any{
		"Version": in.Version, "Revision": revision, "CatalogueVersion": in.Catalogue.Version, "Seed": in.Seed, "Suite": in.Suites.String(),
		"Policy": in.Sim.Options.Policy, "Schedule": in.Sim.Options.Schedule, "Inputs": in.Inputs, "Changes": in.Changes,
		"TableList": tableNames(r.Tables),
	}, nil
}

// pathwayWords names the PNI pathways for people.
var pathwayWords = map[model.Pathway]string{model.HighIntensity: "High intensity", model.ModerateIntensity: "Moderate intensity",
	model.NotEligible: "Not eligible", model.InfoMissing: "Information missing"}

func tableNames(ts []*model.Table) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

// markInternal adds the not_for_publication column to a table of a report
// built without suppression.
func markInternal(t *model.Table) *model.Table {
	out := &model.Table{Name: t.Name, Columns: slices.Clone(t.Columns)}
	c := model.Column{Name: "not_for_publication", Kind: model.TextColumn}
	for range t.Rows() {
		c.Text = append(c.Text, "true")
	}
	out.Columns = append(out.Columns, c)
	return out
}

// simText is a simulated count of needs as the report shows it: the mean
// across replications with its 95% interval, rounded to whole people, or
// [c].
func (p *publication) simText(row estate.Row, prog, measure string) string {
	k := simKey(prog, measure)
	if p.d.Hidden(k) {
		return disclosure.Suppressed
	}
	m, ok := row.Measure(measure)
	if !ok {
		return missing
	}
	return peopleInterval(m)
}

// personText writes the estate's people with person outcome k (each
// counted once) as published, with its interval.
func (p *publication) personText(s *estate.Summary, k estate.PersonOutcome) string {
	key := simKey(analysis.EstateKey, estate.PersonOutcomes[k])
	if int(k) >= len(s.People) || !p.d.Has(key) {
		return missing
	}
	if p.d.Hidden(key) {
		return disclosure.Suppressed
	}
	return peopleInterval(s.People[k])
}

// simShare writes the share of needs with time that started
// (p_start_in_time) as a percentage with its interval, hidden where the
// starts or the untreated are.
func (p *publication) simShare(row estate.Row, prog string) string {
	if p.d.AnyHidden(simKey(prog, "starts"), simKey(prog, "released_untreated")) {
		return disclosure.Suppressed
	}
	m, ok := row.Measure("p_start_in_time")
	if !ok || math.IsNaN(m.Mean) {
		return missing
	}
	if m.N < 2 {
		return percent(m.Mean)
	}
	return fmt.Sprintf("%s (%s–%s)", percent(m.Mean), percent(math.Max(0, m.Lo)), percent(math.Min(1, m.Hi)))
}

// RegionOf maps each establishment's code to its region.
func RegionOf(ests []model.Establishment) map[string]string {
	m := map[string]string{}
	for _, e := range ests {
		m[e.Code] = e.Region
	}
	return m
}

var funcs = template.FuncMap{
	"months": months,
	"years":  years,
}

func (r *Report) render(path, tmpl string, data any) error {
	t, err := template.New(tmpl).Funcs(funcs).ParseFS(templates, "templates/"+tmpl, "templates/common.html.tmpl")
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return fmt.Errorf("rendering %s: %w", path, err)
	}
	r.Files[path] = b.Bytes()
	return nil
}

// simNote is the waiting section's note: the policy and schedule, the
// starts a year against the places, and that team numbers are assumed.
func simNote(s *estate.Summary) string {
	o := s.Options
	note := fmt.Sprintf("Policy %s, schedule %s. Means across replications with 95%% intervals.", o.Policy, o.Schedule)
	if st, ok := s.Estate.Measure("starts"); ok && s.PlacesPerYear > 0 && o.Years > 0 {
		note += fmt.Sprintf(" %s starts a year for %s places a year (%s filled; per offering, with what limits its starts: simulate --by capacity).",
			thousands(st.Mean/o.Years), thousands(s.PlacesPerYear), percent(st.Mean/o.Years/s.PlacesPerYear))
	}
	return note + " Facilitator team numbers are assumed, not published staffing (none is published), so team utilisation is not reported as a finding."
}
