package reports

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"needsplan/analysis"
	"needsplan/analysis/estate"
	"needsplan/model"
	"needsplan/reports/disclosure"
)

//go:embed templates/*
var templates embed.FS

// InputFile is an input of the report with its SHA-256, for the method
// note: what it is (profiles, scenario, …) and its path relative to the
// dataset or scenario that names it.
type InputFile struct{ Role, Name, Sum string }

// ReportInput is everything the report and the directory show.
type ReportInput struct {
	Title   string
	AsOf    model.Date
	Version string
	// Revision is the VCS revision the binary was built from; empty for a
	// development build. Modified marks a build with uncommitted changes.
	Revision string
	Modified bool
	Inputs   []InputFile
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
	Sim            *estate.Summary
	Seed           uint64
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

type chartRef struct {
	SVG template.HTML
	Alt string
	// Legend is an HTML legend for charts whose own is small (the national
	// chart's up to 14 regions): the chart's own, in its stack order and
	// styles (NationalChartKey).
	Legend []legendEntry
	Note   string
	File   string
	Wide   bool
}

type legendEntry struct {
	Label      string
	Background template.CSS // a CSS background: a colour or stripes
}

func (r *Report) chart(c *Chart, alt string) (*chartRef, error) {
	var svg, png bytes.Buffer
	if err := c.WriteTo(&svg, "svg"); err != nil {
		return nil, err
	}
	if err := c.WriteTo(&png, "png"); err != nil {
		return nil, err
	}
	r.Files["charts/"+c.Name+".svg"] = svg.Bytes()
	r.Files["charts/"+c.Name+".png"] = png.Bytes()
	inline, err := inlineSVG(svg.Bytes(), alt)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.Name, err)
	}
	return &chartRef{SVG: inline, Alt: alt, File: "charts/" + c.Name + ".svg", Wide: c.Width > 800}, nil
}

// assumedWords names the catalogue fields Programme.Assumed lists, for
// people, with the unit of a figure.
var assumedWords = map[string][2]string{
	"months_needed": {"time needed before release", "months"}, "duration_weeks": {"duration", "weeks"},
	"sessions": {"number of sessions", ""}, "group_size": {"group size", "places"},
	"min_group_size": {"fewest starters for a cohort", "people"}, "completion_rate": {"completion rate", ""},
	"replaced_by": {"what replaces it", ""}, "ldc": {"its rule for people with LDC", ""},
	"ldc_route": {"its route for people with LDC", ""}, "prerequisites": {"its prerequisites", ""},
}

func cssColour(c color.Color) template.CSS {
	r, g, b, _ := c.RGBA()
	return template.CSS(fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8))
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
	d := pub.d
	suppression := "Counts of people from 1 to 4, and figures from which they could be worked out, are suppressed ([c]), with secondary suppression, as official statistics do; expected numbers of people are rounded to whole people."
	if !in.Suppress {
		suppression = "NOT FOR PUBLICATION: small counts are not suppressed (--no-suppression)."
		r.Files[NotForPublicationFile] = []byte(notForPublicationText)
		r.Files["tables/"+NotForPublicationFile] = []byte(notForPublicationText)
		r.Files["directory/"+NotForPublicationFile] = []byte(notForPublicationText)
	}
	common := pageCommon{CSS: template.CSS(css), NotForPublication: !in.Suppress, SuppressionNote: suppression, AsOf: in.AsOf.String(),
		Horizon: in.Gaps.Options.Horizon, Replications: in.Sim.Replications, Years: in.Sim.Options.Years}
	for _, t := range pub.tables {
		if !in.Suppress {
			t = markInternal(t)
		}
		r.Tables = append(r.Tables, t)
	}
	estName := map[string]string{}
	for _, e := range in.Establishments {
		estName[e.Code] = e.Name
	}
	prog := func(code string) named {
		if g, ok := in.Catalogue.Lookup(code); ok {
			return named{g.Name, code}
		}
		return named{code, ""}
	}
	// Charts, drawn from the published figures.
	var gapCharts []*chartRef
	nc, err := NationalChart(pub.gaps)
	if err != nil {
		return nil, err
	}
	lc, err := LargestGapsChart(pub.gaps, in.Establishments, 25)
	if err != nil {
		return nil, err
	}
	hidden := ""
	if in.Suppress {
		hidden = "Figures suppressed for disclosure control are left out."
	}
	for _, c := range []struct {
		c    *Chart
		alt  string
		note string
	}{{lc, "The 25 largest shortfalls of places against demand, by establishment and programme", hidden},
		{nc, "For each programme, demand (upper bar) and places (lower bar) across the estate, stacked by region", hidden},
		{HeatmapChart(pub.gaps, in.Establishments), "Coverage of demand by places for every establishment and programme",
			"A blank cell: no need and no places" + map[bool]string{true: ", or demand suppressed ([c]).", false: "."}[in.Suppress]}} {
		ref, err := r.chart(c.c, c.alt)
		if err != nil {
			return nil, err
		}
		ref.Note = c.note
		gapCharts = append(gapCharts, ref)
	}
	for _, k := range NationalChartKey(pub.gaps) {
		bg := cssColour(k.Colour)
		if k.Striped {
			// The chart's stripes (fill.draw): lines rising at 45°,
			// stripeWidth wide, stripeGap apart along a row (so stripeGap/√2
			// across them), on a pale tint of the colour; 1 pt = 4/3 px.
			const px = 4.0 / 3
			w, period := stripeWidth*px, stripeGap/math.Sqrt2*px
			bg = template.CSS(fmt.Sprintf("repeating-linear-gradient(135deg, %s 0 %.2fpx, %s %.2fpx %.2fpx)", cssColour(k.Colour), w, cssColour(k.Tint), w, period))
		}
		gapCharts[1].Legend = append(gapCharts[1].Legend, legendEntry{k.Label, bg})
	}
	series, err := r.chart(pub.seriesChart(in.Sim), "People waiting for a programme, month by month: median and 5–95% band across replications")
	if err != nil {
		return nil, err
	}
	if in.Suppress {
		series.Note = "Months in which the number waiting is suppressed are left out."
	}
	flow, err := r.chart(pub.flowChart(), "Placed transfers between regions")
	if err != nil {
		return nil, err
	}
	if in.Suppress {
		flow.Note = "Grey: suppressed ([c])."
	}

	// The summary.
	type largest struct {
		Est, Prog                         named
		Demand, Places, Shortfall, Reason string
	}
	var big []largest
	// Ranked among figures shown only: ranking a suppressed figure would
	// bound it between its neighbours.
	for _, g := range pub.gaps.Largest(5) {
		if g.Gap >= 0 {
			break
		}
		big = append(big, largest{named{estName[g.Establishment], g.Establishment}, prog(g.Programme),
			pub.text(gk(g.Establishment, g.Programme, "demand")), thousands(g.Places), thousands(g.Demand - g.Places),
			map[analysis.GapClass]string{analysis.NotRunHere: "not run here", analysis.NotRunOftenEnough: "not run often enough"}[g.Class]})
	}
	estateKey := analysis.EstateKey
	if len(in.Needs.Groups) > 0 {
		estateKey = in.Needs.Groups[0].Key
	}
	type needRow struct{ Label, Count, N, Share, CI string }
	var needs []needRow
	var pathways []struct{ Label, Count string }
	if len(in.Needs.Groups) > 0 {
		g := in.Needs.Groups[0]
		for s := range model.NumSections {
			p := g.Needs[s]
			ck, nk2 := nk(estateKey, "need", s.Name()), nk(estateKey, "assessed", s.Name())
			share, ci := percentage(p.Share)+"%", percentage(p.Low)+"–"+percentage(p.High)+"%"
			if d.AnyHidden(ck, nk2) {
				share, ci = disclosure.Suppressed, disclosure.Suppressed
			}
			needs = append(needs, needRow{s.Label(), pub.text(ck), pub.text(nk2), share, ci})
		}
		for _, pw := range model.Pathways {
			pathways = append(pathways, struct{ Label, Count string }{pathwayWords[pw], pub.text(nk(estateKey, "pathway", pw.String()))})
		}
	}
	type gapRow struct {
		Prog                                    named
		Demand, Places, Coverage, NotRun, Often string
	}
	var gaps []gapRow
	for _, g := range byName(in.Gaps.ByProgramme, func(r analysis.Rollup) string { return prog(r.Key).Name }) {
		_, cover := publishedGap(pub.d, ek(g.Key, "demand"), g.Places)
		cv := missing
		if !math.IsNaN(cover) {
			cv = percent(cover)
		}
		if d.Hidden(ek(g.Key, "demand")) {
			cv = disclosure.Suppressed
		}
		gaps = append(gaps, gapRow{prog(g.Key), pub.text(ek(g.Key, "demand")), thousands(g.Places), cv,
			pub.text(ek(g.Key, "unmet_not_run_here")), pub.text(ek(g.Key, "unmet_not_run_often_enough"))})
	}
	type simRow struct {
		Prog                                   named
		Started, InTime, Late, Untreated, Wait string
	}
	var sims []simRow
	for _, row := range byName(in.Sim.ByProgramme, func(r estate.Row) string { return prog(r.Key.Programme).Name }) {
		p := row.Key.Programme
		wait := missing
		if m, ok := row.Measure("mean_wait_months"); ok {
			wait = interval(m, 1)
		}
		if d.Hidden(simKey(p, "starts")) {
			wait = disclosure.Suppressed
		}
		sims = append(sims, simRow{prog(p), pub.simText(row, p, "starts"), pub.simText(row, p, "completed_in_time"),
			pub.simText(row, p, "completed_late"), pub.simText(row, p, "released_untreated"), wait})
	}
	transferText := fmt.Sprintf("%s people must move to reach a programme (%s needs, person × programme); %s can be placed in spare places elsewhere (each moving once), serving %s of the needs; %s cannot (no spare place anywhere: %s; none they can go to: %s; taken by others: %s; no time before release: %s).",
		pub.text(trKey("people")), pub.text(trKey("needs")), pub.text(trKey(analysis.Placed)), pub.text(trKey("served")), pub.text(trKey("unplaced")),
		pub.text(trKey(analysis.NoPlaceAnywhere)), pub.text(trKey(analysis.NoCompatible)), pub.text(trKey(analysis.PlacesTaken)), pub.text(trKey(analysis.NotEnoughTime)))
	var quality []string
	if len(in.Needs.Groups) > 0 {
		quality = append(quality,
			fmt.Sprintf("%s people have an assessment more than 12 months old; %s have no assessment date.",
				pub.text(nk(estateKey, "stale_assessment", "")), pub.text(nk(estateKey, "no_assessment_date", ""))),
			fmt.Sprintf("%s people's Programme Needs Identifier pathway depends on missing answers (information missing); they are not counted for pathway-bound programmes.",
				pub.text(nk(estateKey, "pathway", model.InfoMissing.String()))))
	}
	if len(d.Unprotected) > 0 {
		quality = append(quality, fmt.Sprintf("Disclosure control could not protect %d figure(s) by secondary suppression; they are shown as [c].", len(d.Unprotected)))
	}
	var assumptions []string
	for i := range in.Catalogue.Len() {
		g := in.Catalogue.At(i)
		if g.Status != model.Current {
			continue
		}
		// Every assumption the catalogue marks (Programme.Assumed): figures
		// with their values, the other fields in words.
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
			assumptions = append(assumptions, g.Name+" ("+g.Code+"): "+strings.Join(figs, ", "))
		}
	}
	dataNote := "The data are the user's."
	if in.Synthetic {
		dataNote = "The people in this dataset are synthetic: real OASys records are never public. The establishments and every published figure the population is calibrated to are real (docs/synthetic-data.md)."
	}
	e := in.Sim.Estate
	revision := "no revision recorded"
	if in.Revision != "" {
		revision = "revision " + in.Revision
		if in.Modified {
			revision += " with uncommitted changes"
		}
	}
	page := map[string]any{
		"Page": common, "Title": in.Title,
		"People": pub.text(nk(estateKey, "people", "")), "Establishments": len(in.Establishments), "Horizon": in.Gaps.Options.Horizon,
		"Demand": pub.text(ek(allProgrammes, "demand")), "Places": thousands(in.Gaps.Estate.Places), "Largest": big,
		"Years": in.Sim.Options.Years, "Replications": in.Sim.Replications, "Consolidation": in.Sim.Options.Consolidation.Val, // resolved by NewSimModel
		"Untreated": pub.simText(e, estateKey, "released_untreated"), "Late": pub.simText(e, estateKey, "completed_late"),
		"InTime": pub.simText(e, estateKey, "completed_in_time"), "TransferSummary": transferText,
		"Needs": needs, "Pathways": pathways, "GapRows": gaps, "GapCharts": gapCharts,
		"SimNote": fmt.Sprintf("Policy %s, schedule %s. Means across replications with 95%% intervals.", in.Sim.Options.Policy, in.Sim.Options.Schedule),
		"SimRows": sims, "SeriesChart": series, "FlowChart": flow,
		"DataNote": dataNote, "Quality": quality, "Assumptions": assumptions,
		"Version": in.Version, "Revision": revision, "CatalogueVersion": in.Catalogue.Version, "Seed": in.Seed, "Suite": in.Suites.String(),
		"Policy": in.Sim.Options.Policy, "Schedule": in.Sim.Options.Schedule, "Inputs": in.Inputs, "Changes": in.Changes,
		"Dropped":   pub.dropped,
		"TableList": tableNames(r.Tables),
	}
	if err := r.render("index.html", "report.html.tmpl", page); err != nil {
		return nil, err
	}
	if err := r.directory(in, pub, common); err != nil {
		return nil, err
	}
	return r, nil
}

// byName sorts rows by the name people read, keeping the input unchanged.
func byName[T any](rows []T, name func(T) string) []T {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b T) int { return strings.Compare(name(a), name(b)) })
	return out
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

func regionMap(ests []model.Establishment) map[string]string {
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

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// seriesChart draws the people waiting month by month across the estate,
// as published: the median across replications and the 5–95% band, with
// months whose figures are suppressed left out. The y axis starts at zero
// unless a figure is below it, which is then shown, not clipped.
func (p *publication) seriesChart(s *estate.Summary) *Chart {
	pl := newPlot("People waiting for a programme (estate)", "months from the dataset date", "people waiting")
	c := &Chart{Name: "waiting-over-time", Plots: []*plot.Plot{pl}, Width: 640, Height: 360}
	if len(s.Series) == 0 || len(s.SeriesNames) == 0 {
		return c
	}
	name := s.SeriesNames[0]
	var runs [][3]plotter.XYs // consecutive months with every figure shown
	var cur [3]plotter.XYs
	lowest := 0.0
	flush := func() {
		if len(cur[1]) > 0 {
			runs = append(runs, cur)
		}
		cur = [3]plotter.XYs{}
	}
	for m := range s.Series[0] {
		lo, mid, hi := p.waiting(name, m, 0), p.waiting(name, m, 1), p.waiting(name, m, 2)
		if math.IsNaN(lo) || math.IsNaN(mid) || math.IsNaN(hi) {
			flush()
			continue
		}
		lowest = math.Min(lowest, lo)
		cur[0] = append(cur[0], plotter.XY{X: float64(m), Y: lo})
		cur[1] = append(cur[1], plotter.XY{X: float64(m), Y: mid})
		cur[2] = append(cur[2], plotter.XY{X: float64(m), Y: hi})
	}
	flush()
	for i, run := range runs {
		band := append(slices.Clone(run[0]), reversed(run[2])...)
		if poly, err := plotter.NewPolygon(band); err == nil {
			poly.Color = color.NRGBA{0x56, 0xB4, 0xE9, 0x66} // NRGBA: color.RGBA is premultiplied, and green and blue above its alpha are not a colour
			poly.LineStyle.Width = 0
			pl.Add(poly)
			if i == 0 {
				pl.Legend.Add("5–95% of replications", poly)
			}
		}
		if l, err := plotter.NewLine(run[1]); err == nil {
			l.Color, l.Width = placesColour, vg.Points(2)
			pl.Add(l)
			if i == 0 {
				pl.Legend.Add("median", l)
			}
		}
	}
	pl.Y.Min = lowest // zero, or the lowest figure when one is negative
	pl.Legend.Left, pl.Legend.Top = false, false
	return c
}

func reversed(xs plotter.XYs) plotter.XYs {
	out := slices.Clone(xs)
	slices.Reverse(out)
	return out
}

// suppressedColour fills chart cells whose figure is suppressed.
var suppressedColour = color.RGBA{0xB0, 0xB0, 0xB0, 0xFF}

// flowChart draws the published people moved between regions: as
// TransferFlowChart, with suppressed cells grey and marked [c].
func (p *publication) flowChart() *Chart {
	return flowMatrixChart(p.regions, func(add func(from, to string, n int, hidden bool)) {
		for _, k := range p.d.Keys() {
			rest, ok := strings.CutPrefix(k, "tm|")
			if !ok {
				continue
			}
			from, to, _ := strings.Cut(rest, "|")
			add(from, to, int(math.Round(p.d.Value(k))), p.d.Hidden(k))
		}
	}, "People moved between regions (from ↓, to →)", "transfer-flows")
}
