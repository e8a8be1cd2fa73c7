package reports

import (
	"bytes"
	"embed"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
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
	"needsplan/model"
)

//go:embed templates/*
var templates embed.FS

// InputFile is an input of the report with its SHA-256, for the method note.
type InputFile struct{ Name, Sum string }

// ReportInput is everything the report and the directory show.
type ReportInput struct {
	Title          string
	AsOf           model.Date
	Version        string
	Inputs         []InputFile
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
	Sim            *analysis.SimSummary
	Seed           uint64
}

// Report is the built report: files by path (index.html, charts/…,
// directory/…) and the tables to write as CSV and Parquet under tables/.
type Report struct {
	Files  map[string][]byte
	Tables []*model.Table
}

type chartRef struct {
	URI template.URL
	Alt string
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
	// A data URI in an <img>: self-contained, and inert (an image cannot
	// run scripts).
	return &chartRef{URI: template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg.Bytes())), Alt: alt}, nil
}

func count(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return thousands(math.Round(v))
}

func summaryText(mean, lo, hi float64, n int) string {
	if math.IsNaN(mean) {
		return "–"
	}
	if n < 2 {
		return thousands(math.Round(mean))
	}
	return fmt.Sprintf("%s (%s–%s)", thousands(math.Round(mean)), thousands(math.Round(math.Max(0, lo))), thousands(math.Round(hi)))
}

// smallCount shows a count of people, suppressed when it is from 1 to 4 and
// the report is for publication.
func (in *ReportInput) smallCount(n int) string {
	if in.Suppress && n > 0 && n < SuppressionThreshold {
		return Suppressed
	}
	return thousands(float64(n))
}

// BuildReport builds the report and the directory of interventions.
func BuildReport(in *ReportInput) (*Report, error) {
	r := &Report{Files: map[string][]byte{}}
	css, err := templates.ReadFile("templates/style.css")
	if err != nil {
		return nil, err
	}
	estName := map[string]string{}
	for _, e := range in.Establishments {
		estName[e.Code] = e.Name
	}
	// Tables.
	needsTab := NeedsTable(in.NeedsByEst)
	if in.Suppress {
		needsTab = Suppress(needsTab, "count", []string{"group", "measure"}, "share", "ci_low", "ci_high")
	}
	matrix := TransferMatrixTable(in.Transfers, regionMap(in.Establishments))
	net := NetFlowTable(in.Transfers, in.Establishments)
	if in.Suppress {
		// Moves are counts of people: the flows out of a region are a set
		// adding to a total; an establishment's moves out and in likewise.
		matrix = Suppress(matrix, "moves", []string{"from"})
		net = Suppress(Suppress(net, "moves_out", []string{"region"}), "moves_in", []string{"region"}, "net")
		net = dropColumn(net, "net")
	}
	r.Tables = append(r.Tables, needsTab, GapTable(in.Gaps), GapRegionTable(in.Gaps), GapProgrammeTable(in.Gaps),
		matrix, net, SimTable(in.Sim, "programme"), SimSeriesTable(in.Sim))

	// Charts.
	var gapCharts []*chartRef
	hm := HeatmapChart(in.Gaps, in.Establishments)
	nc, err := NationalChart(in.Gaps)
	if err != nil {
		return nil, err
	}
	lc, err := LargestGapsChart(in.Gaps, in.Establishments, 25)
	if err != nil {
		return nil, err
	}
	for _, c := range []struct {
		c   *Chart
		alt string
	}{{lc, "The 25 largest shortfalls of places against demand, by establishment and programme"},
		{nc, "Demand and places by programme across the estate, stacked by region"},
		{hm, "Coverage of demand by places for every establishment and programme"}} {
		ref, err := r.chart(c.c, c.alt)
		if err != nil {
			return nil, err
		}
		gapCharts = append(gapCharts, ref)
	}
	series, err := r.chart(SeriesChart(in.Sim), "People waiting for a programme, month by month: median and 5–95% band across replications")
	if err != nil {
		return nil, err
	}
	flow, err := r.chart(TransferFlowChart(in.Transfers, regionMap(in.Establishments)), "Placed transfers between regions")
	if err != nil {
		return nil, err
	}

	// The index page.
	type largest struct{ Name, Programme, Demand, Places, Shortfall, Why string }
	var big []largest
	for _, g := range in.Gaps.Largest(5) {
		big = append(big, largest{g.Establishment + " " + estName[g.Establishment], g.Programme, count(g.Demand), count(g.Places),
			count(g.Demand - g.Places), strings.ReplaceAll(string(g.Class), "_", " ")})
	}
	type needRow struct{ Label, Count, N, Share, CI string }
	var needs []needRow
	var pathways []struct{ Label, Count string }
	if len(in.Needs.Groups) > 0 {
		g := in.Needs.Groups[0]
		for s := range model.NumSections {
			p := g.Needs[s]
			needs = append(needs, needRow{s.Label(), in.smallCount(p.Count), in.smallCount(p.N), pct(p.Share) + "%", pct(p.Low) + "–" + pct(p.High) + "%"})
		}
		for _, pw := range model.Pathways {
			pathways = append(pathways, struct{ Label, Count string }{strings.ReplaceAll(pw.String(), "_", " "), in.smallCount(g.Pathways[pw])})
		}
	}
	type gapRow struct{ Programme, Demand, Places, Coverage, NotRun, NotOften string }
	var gaps []gapRow
	for _, g := range in.Gaps.ByProgramme {
		gaps = append(gaps, gapRow{g.Key, count(g.Demand), count(g.Places), ratio(g.Coverage), count(g.UnmetNotRun), count(g.UnmetNotOften)})
	}
	type simRow struct{ Programme, Started, InTime, Late, Untreated, Wait string }
	var sims []simRow
	sm := func(m []sumLike, i int) string { return summaryText(m[i].mean, m[i].lo, m[i].hi, m[i].n) }
	for _, row := range in.Sim.ByProgramme {
		m := toSum(row)
		sims = append(sims, simRow{row.Key.Programme, sm(m, 6), sm(m, 0), sm(m, 1), sm(m, 3), ci(row.Measures[9], 1)})
	}
	e := toSum(in.Sim.Estate)
	counts := in.Transfers.Counts()
	transferText := fmt.Sprintf("%s people must move to reach a programme (%s needs, person × programme); %s can be placed in spare places elsewhere (each moving once), serving %s of the needs; %s cannot (no spare place anywhere: %s; none they can go to: %s; taken by others: %s; no time before release: %s).",
		thousands(float64(len(in.Transfers.People))), thousands(float64(in.Transfers.Needs)), thousands(float64(counts[analysis.Placed])),
		thousands(float64(in.Transfers.NeedsServed)),
		thousands(float64(len(in.Transfers.People)-counts[analysis.Placed])), thousands(float64(counts[analysis.NoPlaceAnywhere])),
		thousands(float64(counts[analysis.NoCompatible])), thousands(float64(counts[analysis.PlacesTaken])), thousands(float64(counts[analysis.NotEnoughTime])))
	var quality []string
	if len(in.Needs.Groups) > 0 {
		g := in.Needs.Groups[0]
		quality = append(quality,
			fmt.Sprintf("%s people have an assessment more than 12 months old; %s have no assessment date.", in.smallCount(g.Stale), in.smallCount(g.Unassessed)),
			fmt.Sprintf("%s people's PNI pathway depends on missing answers (information missing); they are not counted for pathway-bound programmes.", in.smallCount(g.Pathways[model.InfoMissing])))
	}
	var assumptions []string
	for i := range in.Catalogue.Len() {
		g := in.Catalogue.At(i)
		if g.Status != model.Current {
			continue
		}
		var figs []string
		for _, f := range []struct {
			name string
			fig  model.Figure
		}{{"months needed", g.MonthsNeeded}, {"duration", g.DurationWeeks}, {"group size", g.GroupSize}, {"minimum cohort", g.MinGroupSize}, {"completion rate", g.CompletionRate}} {
			if f.fig.Assumption {
				figs = append(figs, fmt.Sprintf("%s %v", f.name, f.fig.Value))
			}
		}
		if len(figs) > 0 {
			assumptions = append(assumptions, g.Code+": "+strings.Join(figs, ", "))
		}
	}
	dataNote := "The data are the user's."
	if in.Synthetic {
		dataNote = "The people in this dataset are synthetic: real OASys records are never public. The establishments and every published figure the population is calibrated to are real (docs/synthetic-data.md)."
	}
	suppression := "Counts of people from 1 to 4 are suppressed ([c]), with secondary suppression, as official statistics do."
	if !in.Suppress {
		suppression = "Not for publication: small counts are not suppressed (--no-suppression)."
	}
	page := map[string]any{
		"CSS": template.CSS(css), "Title": in.Title, "AsOf": in.AsOf.String(), "SuppressionNote": suppression,
		"People": thousands(float64(in.People)), "Establishments": len(in.Establishments), "Horizon": in.Gaps.Options.Horizon,
		"Demand": count(in.Gaps.Estate.Demand), "Places": count(in.Gaps.Estate.Places), "Largest": big,
		"Years": in.Sim.Options.Years, "Replications": in.Sim.Replications,
		"Untreated": summaryText(e[3].mean, e[3].lo, e[3].hi, e[3].n), "Late": summaryText(e[1].mean, e[1].lo, e[1].hi, e[1].n),
		"InTime": summaryText(e[0].mean, e[0].lo, e[0].hi, e[0].n), "TransferSummary": transferText,
		"Needs": needs, "Pathways": pathways, "GapRows": gaps, "GapCharts": gapCharts,
		"SimNote": fmt.Sprintf("Policy %s, schedule %s. Counts are needs; means across replications with 95%% intervals.", in.Sim.Options.Policy, in.Sim.Options.Schedule),
		"SimRows": sims, "SeriesChart": series, "FlowChart": flow,
		"DataNote": dataNote, "Quality": quality, "Assumptions": assumptions,
		"Version": in.Version, "CatalogueVersion": in.Catalogue.Version, "Seed": in.Seed, "Suite": in.Suites.String(),
		"Policy": in.Sim.Options.Policy, "Inputs": in.Inputs,
	}
	if err := r.render("index.html", "report.html.tmpl", page); err != nil {
		return nil, err
	}
	if err := r.directory(in, template.CSS(css)); err != nil {
		return nil, err
	}
	return r, nil
}

type sumLike struct {
	mean, lo, hi float64
	n            int
}

func toSum(row analysis.SimRow) []sumLike {
	out := make([]sumLike, len(row.Measures))
	for i, m := range row.Measures {
		out[i] = sumLike{m.Mean, m.Lo, m.Hi, m.N}
	}
	return out
}

func regionMap(ests []model.Establishment) map[string]string {
	m := map[string]string{}
	for _, e := range ests {
		m[e.Code] = e.Region
	}
	return m
}

func (r *Report) render(path, tmpl string, data any) error {
	t, err := template.ParseFS(templates, "templates/"+tmpl)
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

// plainEligibility says who a programme is for in words.
func plainEligibility(g *model.Programme) string {
	var parts []string
	switch {
	case len(g.Sexes) == 1 && g.Sexes[0] == model.Male:
		parts = append(parts, "men")
	case len(g.Sexes) == 1 && g.Sexes[0] == model.Female:
		parts = append(parts, "women")
	default:
		parts = append(parts, "men and women")
	}
	switch g.LDC {
	case model.LDCExcluded:
		parts = append(parts, "without a learning disability or challenge (adapted programmes exist for them)")
	case model.LDCOnly:
		parts = append(parts, "with a learning disability or challenge")
	}
	if g.PathwayBound {
		parts = append(parts, "on the "+string(g.Intensity)+"-intensity PNI pathway")
	}
	var crit []string
	for _, c := range g.Eligibility {
		crit = append(crit, criterionWords(c))
	}
	s := "For " + strings.Join(parts, ", ")
	if len(crit) > 0 {
		s += "; " + strings.Join(crit, "; and ")
	}
	if g.MonthsNeeded.Value > 0 {
		s += fmt.Sprintf("; with at least %v months before release", g.MonthsNeeded.Value)
	}
	if len(g.Prerequisites) > 0 {
		s += "; after completing one of " + strings.Join(g.Prerequisites, ", ")
	}
	return s + "."
}

func criterionWords(c model.Criterion) string {
	if len(c.Any) > 0 {
		var alt []string
		for _, a := range c.Any {
			alt = append(alt, criterionWords(a))
		}
		return "either " + strings.Join(alt, " or ")
	}
	field := strings.ReplaceAll(strings.TrimPrefix(c.Field, "need:"), "_", " ")
	if strings.HasPrefix(c.Field, "need:") {
		article := "a "
		if strings.ContainsRune("aeiou", rune(field[0])) {
			article = "an "
		}
		field = article + field + " need"
	}
	op := map[string]string{"=": "is", "!=": "is not", "<": "below", "<=": "at most", ">": "above", ">=": "at least", "in": "one of", "not_in": "none of"}[c.Op]
	return fmt.Sprintf("%s %s %s", field, op, strings.Join(c.Values, ", "))
}

// directory builds the directory of interventions: an index with search
// and filters, a page per establishment and per programme, and the same as
// JSON and CSV.
func (r *Report) directory(in *ReportInput, css template.CSS) error {
	wait := map[[2]string]string{}
	for _, row := range in.Sim.Rows {
		if row.Key.Offered {
			wait[[2]string{row.Key.Establishment, row.Key.Programme}] = ci(row.Measures[9], 1)
		}
	}
	type run struct{ Code, Places, Cohorts, NextStart, Wait, Eligibility string }
	type nearby struct{ Code, Name, Region string }
	type route struct {
		Code, Demand string
		Nearby       []nearby
	}
	type estPage struct {
		CSS                               template.CSS
		Code, Name, Region, Sex, Function string
		SexWords                          string
		Runs                              []run
		Routes                            []route
		ProgrammeList                     string
	}
	type entry struct {
		Code       string              `json:"code"`
		Name       string              `json:"name"`
		Region     string              `json:"region"`
		Sex        string              `json:"holds"`
		Function   string              `json:"function"`
		Programmes []string            `json:"programmes_run"`
		Routes     map[string][]string `json:"not_run_here_routes"`
	}
	var pages []estPage
	var entries []entry
	byEst := map[string][]model.Offering{}
	for _, o := range in.Offerings {
		byEst[o.Establishment] = append(byEst[o.Establishment], o)
	}
	for _, e := range in.Establishments {
		p := estPage{CSS: css, Code: e.Code, Name: e.Name, Region: e.Region, Sex: string(e.Holds), Function: strings.ReplaceAll(string(e.Function), "_", " "),
			SexWords: map[model.Holds]string{model.HoldsMen: "men", model.HoldsWomen: "women", model.HoldsMixed: "men and women"}[e.Holds]}
		ent := entry{Code: e.Code, Name: e.Name, Region: e.Region, Sex: string(e.Holds), Function: string(e.Function), Routes: map[string][]string{}}
		offs := byEst[e.Code]
		slices.SortFunc(offs, func(a, b model.Offering) int { return strings.Compare(a.Programme, b.Programme) })
		for _, o := range offs {
			g, ok := in.Catalogue.Lookup(o.Programme)
			if !ok || !o.Referable {
				continue
			}
			every := "–"
			if o.GroupsPerYear > 0 {
				every = fmt.Sprintf("every %.1f months", 12/o.GroupsPerYear)
			} else if o.OneToOnePlaces > 0 {
				every = "one to one"
			}
			w := wait[[2]string{e.Code, o.Programme}]
			if w == "" {
				w = "–"
			}
			p.Runs = append(p.Runs, run{o.Programme, fmt.Sprintf("%.0f", o.AnnualPlaces(g)), fmt.Sprintf("%g", o.GroupsPerYear), every, w, plainEligibility(g)})
			ent.Programmes = append(ent.Programmes, o.Programme)
		}
		p.ProgrammeList = strings.Join(ent.Programmes, " ")
		if f, err := analysis.EstablishmentFit(e.Code, in.Gaps, in.NeedsByEst, in.Needs, in.Establishments); err == nil {
			for _, fp := range f.Programmes {
				if fp.Row.Class != analysis.NotRunHere {
					continue
				}
				rt := route{Code: fp.Row.Programme, Demand: count(fp.Row.Demand)}
				if in.Suppress && fp.Row.Demand > 0 && fp.Row.Demand < SuppressionThreshold {
					rt.Demand = Suppressed
				}
				for _, n := range fp.Nearby {
					rt.Nearby = append(rt.Nearby, nearby{n.Code, n.Name, n.Region})
					ent.Routes[fp.Row.Programme] = append(ent.Routes[fp.Row.Programme], n.Code)
				}
				p.Routes = append(p.Routes, rt)
			}
		}
		pages = append(pages, p)
		entries = append(entries, ent)
		if err := r.render("directory/establishments/"+e.Code+".html", "directory-establishment.html.tmpl", p); err != nil {
			return err
		}
	}
	// Programme pages.
	type where struct{ Code, Name, Region, Places, Wait string }
	type progPage struct {
		CSS                                                         template.CSS
		Code, Name, Audience, Intensity, Format, Weeks, Eligibility string
		Replaces                                                    string
		Where                                                       []where
	}
	var progs []progPage
	for i := range in.Catalogue.Len() {
		g := in.Catalogue.At(i)
		if g.Status != model.Current {
			continue
		}
		var replaces []string
		for j := range in.Catalogue.Len() {
			if slices.Contains(in.Catalogue.At(j).ReplacedBy, g.Code) {
				replaces = append(replaces, in.Catalogue.At(j).Code+" ("+in.Catalogue.At(j).Name+")")
			}
		}
		pp := progPage{CSS: css, Code: g.Code, Name: g.Name, Audience: g.Audience, Intensity: strings.ReplaceAll(string(g.Intensity), "_", "/"),
			Format: strings.ReplaceAll(string(g.Format), "_", " "), Weeks: fmt.Sprintf("%g", g.DurationWeeks.Value),
			Eligibility: plainEligibility(g), Replaces: strings.Join(replaces, "; ")}
		for _, e := range in.Establishments {
			for _, o := range byEst[e.Code] {
				if o.Programme == g.Code && o.Referable {
					w := wait[[2]string{e.Code, g.Code}]
					if w == "" {
						w = "–"
					}
					pp.Where = append(pp.Where, where{e.Code, e.Name, e.Region, fmt.Sprintf("%.0f", o.AnnualPlaces(g)), w})
				}
			}
		}
		progs = append(progs, pp)
		if err := r.render("directory/programmes/"+g.Code+".html", "directory-programme.html.tmpl", pp); err != nil {
			return err
		}
	}
	regions := map[string]bool{}
	functions := map[string]bool{}
	for _, p := range pages {
		regions[p.Region] = true
		functions[p.Function] = true
	}
	index := map[string]any{"CSS": css, "AsOf": in.AsOf.String(), "Establishments": pages, "Programmes": progs,
		"Regions": sortedKeys(regions), "Functions": sortedKeys(functions)}
	if err := r.render("directory/index.html", "directory-index.html.tmpl", index); err != nil {
		return err
	}
	js, err := json.MarshalIndent(map[string]any{"as_of": in.AsOf.String(), "establishments": entries}, "", "  ")
	if err != nil {
		return err
	}
	r.Files["directory/directory.json"] = append(js, '\n')
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	_ = cw.Write([]string{"establishment", "name", "region", "holds", "function", "programmes_run", "not_run_here_with_routes"})
	for _, en := range entries {
		var progs []string
		for k := range en.Routes {
			progs = append(progs, k)
		}
		slices.Sort(progs)
		var routes []string
		for _, prog := range progs {
			routes = append(routes, prog+"→"+strings.Join(en.Routes[prog], "/"))
		}
		_ = cw.Write([]string{en.Code, en.Name, en.Region, en.Sex, en.Function, strings.Join(en.Programmes, ";"), strings.Join(routes, ";")})
	}
	cw.Flush()
	r.Files["directory/directory.csv"] = b.Bytes()
	return cw.Error()
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// SeriesChart draws the people waiting month by month across the estate:
// the median across replications and the 5–95% band.
func SeriesChart(s *analysis.SimSummary) *Chart {
	p := newPlot("People waiting for a programme (estate)", "months from the dataset date", "people waiting")
	if len(s.Series) == 0 {
		return &Chart{Name: "waiting-over-time", Plots: []*plot.Plot{p}, Width: 640, Height: 360}
	}
	var lo, mid, hi plotter.XYs
	for m, q := range s.Series[0] {
		lo = append(lo, plotter.XY{X: float64(m), Y: q[0]})
		mid = append(mid, plotter.XY{X: float64(m), Y: q[1]})
		hi = append(hi, plotter.XY{X: float64(m), Y: q[2]})
	}
	band := append(slices.Clone(lo), reversed(hi)...)
	if poly, err := plotter.NewPolygon(band); err == nil {
		poly.Color = color.RGBA{0x56, 0xB4, 0xE9, 0x66}
		poly.LineStyle.Width = 0
		p.Add(poly)
		p.Legend.Add("5–95% of replications", poly)
	}
	if l, err := plotter.NewLine(mid); err == nil {
		l.Color, l.Width = placesColour, vg.Points(2)
		p.Add(l)
		p.Legend.Add("median", l)
	}
	p.Y.Min = 0
	p.Legend.Left, p.Legend.Top = false, false
	return &Chart{Name: "waiting-over-time", Plots: []*plot.Plot{p}, Width: 640, Height: 360}
}

func reversed(xs plotter.XYs) plotter.XYs {
	out := slices.Clone(xs)
	slices.Reverse(out)
	return out
}

// dropColumn removes a column that could reveal suppressed counts (the net
// flow, in − out).
func dropColumn(t *model.Table, name string) *model.Table {
	out := &model.Table{Name: t.Name}
	for _, c := range t.Columns {
		if c.Name != name {
			out.Columns = append(out.Columns, c)
		}
	}
	return out
}
