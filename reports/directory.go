package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"math"
	"slices"
	"strings"

	"needsplan/analysis"
	"needsplan/analysis/allocate"
	"needsplan/analysis/estate"
	"needsplan/model"
)

// The directory of interventions: one page per establishment and per
// programme, an index with search and filters, and directory.json and
// directory.csv. Pages, JSON and CSV are rendered from the same values
// (dirEstablishment, dirProgramme), so they say the same.

// NextStartMeasure is the simulation measure that gives, per
// establishment × programme, the months from the dataset date to the next
// expected cohort start (mean across replications). The directory shows a
// "Next expected start" column when estate.MeasureNames has it, and
// leaves the column out otherwise rather than guess from the schedule.
const NextStartMeasure = "next_start_months"

// capital returns s with its first letter upper-case ("Men and women").
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// NoProgrammes is what the directory says of an establishment that runs no
// accredited programme.
const NoProgrammes = "No accredited programmes listed"

// NoRoute is what a progression route says when nowhere the people can go
// (a prison that can hold the most secure people this one holds:
// model.Typical) has places to spare.
const NoRoute = "none with spare places"

type dirRun struct {
	Code          string  `json:"programme"`
	Name          string  `json:"programme_name"`
	Places        float64 `json:"places_a_year"`
	Cohorts       float64 `json:"cohorts_a_year"`
	Every         string  `json:"cohorts_start"`
	NextStart     string  `json:"next_expected_start,omitempty"`
	Wait          string  `json:"expected_wait_months"`
	For           string  `json:"who_it_is_for"`
	PlacesText    string  `json:"-"`
	CohortsText   string  `json:"-"`
	ProgrammeLink string  `json:"-"`
}

type dirPlace struct {
	Code   string `json:"establishment"`
	Name   string `json:"name"`
	Region string `json:"region"`
	// Next is when a person moving now could first start there: "month 3",
	// or "none in the year".
	Next string `json:"next_start_moving_now"`
}

type dirRoute struct {
	Code   string     `json:"programme"`
	Name   string     `json:"programme_name"`
	Demand string     `json:"people_who_need_it"`
	To     []dirPlace `json:"establishments_with_spare_places"`
	None   string     `json:"note,omitempty"` // NoRoute when To is empty
}

// dirNeed is one programme needed or run at an establishment: the people
// held there or expected who need it with time to complete (the gap
// analysis, published), its places, and, from the simulation, the share
// of those with time who start and the needs released untreated although
// they had time.
type dirNeed struct {
	Code      string `json:"programme"`
	Name      string `json:"programme_name"`
	People    string `json:"people_who_need_it"`
	Places    string `json:"places"`
	Start     string `json:"share_with_time_who_start"`
	Untreated string `json:"released_untreated_with_time"`
}

type dirEstablishment struct {
	Code     string     `json:"code"`
	Name     string     `json:"name"`
	Region   string     `json:"region"`
	Holds    string     `json:"holds"`
	Function string     `json:"function"`
	Runs     []dirRun   `json:"programmes_run"`
	NoneRun  string     `json:"note,omitempty"` // NoProgrammes when Runs is empty
	Routes   []dirRoute `json:"needed_but_not_run"`
	// Need is every programme needed or run here: people needing it,
	// places, and the simulated outcomes of those who had time.
	Need       []dirNeed `json:"need_and_places"`
	holds      model.Holds
	function   string
	programmes string // codes, space-separated, for the filter
	search     string // the words the search box matches, each query word at a word's start (directory-index.html.tmpl)
}

type dirLegacy struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Assumed marks a replacement the catalogue assumes; not published.
	Assumed bool `json:"assumed"`
}

type dirWhere struct {
	Code   string  `json:"establishment"`
	Name   string  `json:"name"`
	Region string  `json:"region"`
	Places float64 `json:"places_a_year"`
	Wait   string  `json:"expected_wait_months"`
	// People is the people there who need it (dirNeed.People).
	People string `json:"people_who_need_it"`
	// PlacesText is Places for the page (wholeOrOneDecimal).
	PlacesText string `json:"-"`
}

type dirProgramme struct {
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	Description string      `json:"what_it_is_for"`
	Audience    string      `json:"audience"`
	Intensity   string      `json:"intensity"`
	Format      string      `json:"format"`
	Weeks       string      `json:"duration_weeks"`
	Eligibility string      `json:"who_is_eligible"`
	Replaces    []dirLegacy `json:"replaces"`
	Where       []dirWhere  `json:"runs_at"`
	NoneRun     string      `json:"note,omitempty"`
	National    dirNational `json:"nationally"`
}

// dirNational is a programme's national need against places over the
// horizon: people who need it (published, suppressed as the gap tables),
// places, coverage, and the establishments where people need it that do
// not run it.
type dirNational struct {
	People   string `json:"people_who_need_it"`
	Places   string `json:"places"`
	Coverage string `json:"coverage"`
	NotRun   int    `json:"establishments_needing_it_not_running_it"`
}

// every says how often cohorts start.
func every(o model.Offering, g *model.Programme) string {
	switch {
	case g.Format == model.RollingFormat && o.GroupsPerYear > 0:
		return "rolling: people join as places free up"
	case o.GroupsPerYear > 0:
		m := 12 / o.GroupsPerYear
		if m == math.Trunc(m) {
			return "every " + months(m)
		}
		return "every " + wholeOrOneDecimal(m) + " months"
	case o.OneToOnePlaces > 0:
		return "one to one, when a place is free"
	}
	return missing
}

// waitText is the wait at an establishment as published, counting everyone
// who had time, not only those who started (docs/simulation.md): the
// Kaplan–Meier median months from referral to start with its 95% interval
// and the share of those with time who start; "fewer than half start" with
// the share where the median is not reached; or "none started". Simulated
// figures are modelled: rounded, never suppressed (docs/disclosure.md).
func waitText(row estate.Row) string {
	starts, ok1 := row.Measure("starts")
	km, ok2 := row.Measure("km_median_wait_months")
	share, ok3 := row.Measure("p_start_in_time")
	if !ok1 || !ok2 || !ok3 {
		return missing
	}
	switch {
	case starts.Mean == 0:
		return "none started"
	case math.IsNaN(km.Mean) || km.N < starts.N:
		// The median is not reached in every replication: fewer than half
		// of those with time start there.
		return "fewer than half start (" + percent(share.Mean) + " do)"
	}
	return interval(km, 1) + "; " + percent(share.Mean) + " of those with time start"
}

// nextStartText reads NextStartMeasure from a simulation row: "" when the
// simulation does not record it.
func nextStartText(row estate.Row) string {
	m, ok := row.Measure(NextStartMeasure)
	if !ok {
		return ""
	}
	if math.IsNaN(m.Mean) {
		return "none"
	}
	return "in about " + months(math.Round(m.Mean*10)/10)
}

// hasNextStart reports whether the simulation gives next expected starts.
func hasNextStart() bool { return slices.Contains(estate.MeasureNames, NextStartMeasure) }

// directory builds the directory of interventions: a page per
// establishment and per programme, the index, and directory.json and
// directory.csv.
func (r *Report) directory(in *ReportInput, pub *publication, page pageCommon) error {
	list, err := r.establishmentPages(in, pub, page)
	if err != nil {
		return err
	}
	progs, err := r.programmePages(in, pub, list, page)
	if err != nil {
		return err
	}
	if err := r.directoryIndex(list, progs, page); err != nil {
		return err
	}
	return r.directoryData(in, list, progs, page)
}

// establishmentPages renders a page per establishment, in code order, and
// returns them.
func (r *Report) establishmentPages(in *ReportInput, pub *publication, page pageCommon) ([]*dirEstablishment, error) {
	simRow, simAll := map[[2]string]estate.Row{}, map[[2]string]estate.Row{}
	for _, row := range in.Sim.Rows {
		k := [2]string{row.Key.Establishment, row.Key.Programme}
		if row.Key.Offered {
			simRow[k] = row
		}
		if row.Key.Establishment != "" && row.Key.Programme != "" {
			simAll[k] = row
		}
	}
	byEst := map[string][]model.Offering{}
	for _, o := range in.Offerings {
		byEst[o.Establishment] = append(byEst[o.Establishment], o)
	}
	ests := slices.Clone(in.Establishments)
	slices.SortFunc(ests, func(a, b model.Establishment) int { return strings.Compare(a.Code, b.Code) })
	var list []*dirEstablishment
	for _, e := range ests {
		de := &dirEstablishment{Code: e.Code, Name: e.Name, Region: e.Region, Holds: capital(e.Holds.Words()), holds: e.Holds,
			Function: e.Function.Words(), function: string(e.Function)}
		var codes, names []string
		de.Runs, codes, names = programmesRun(in, e, byEst[e.Code], simRow)
		if len(de.Runs) == 0 {
			de.NoneRun = NoProgrammes
		}
		de.programmes = strings.Join(codes, " ")
		de.search = strings.ToLower(strings.Join(append(append([]string{e.Code, e.Name, e.Region, de.Function, de.Holds}, codes...), names...), " "))
		de.Routes = progressionRoutes(in, pub, e.Code)
		de.Need = needHere(in, pub, e.Code, simAll)
		list = append(list, de)
		if err := r.render("directory/establishments/"+e.Code+".html", "directory-establishment.html.tmpl", map[string]any{
			"Page": page.at("../../"), "E": de, "NextStart": hasNextStart(),
		}); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// programmesRun lists the programmes establishment e runs (its offerings
// offs), by name, with their places, cohorts and simulated waits (from
// simRow); and their codes and names in code order, for the index's filter
// and search.
func programmesRun(in *ReportInput, e model.Establishment, offs []model.Offering, simRow map[[2]string]estate.Row) (runs []dirRun, codes, names []string) {
	runs = []dirRun{}
	offs = slices.Clone(offs)
	slices.SortStableFunc(offs, func(a, b model.Offering) int { return strings.Compare(a.Programme, b.Programme) })
	for _, o := range offs {
		g, ok := in.Catalogue.Lookup(o.Programme)
		// An offering with no places is not run (data warns of it; a
		// scenario's timed add is listed so until its month).
		if !ok || !o.Referable || o.AnnualPlaces(g) == 0 || slices.Contains(codes, o.Programme) {
			continue
		}
		run := dirRun{Code: o.Programme, Name: g.Name, Places: o.AnnualPlaces(g), Cohorts: o.GroupsPerYear,
			Every: every(o, g), Wait: "not simulated", For: plainEligibility(g, e.Holds.Sexes(), in.Catalogue)}
		if row, ok := simRow[[2]string{e.Code, o.Programme}]; ok {
			run.Wait, run.NextStart = waitText(row), nextStartText(row)
		}
		run.PlacesText, run.CohortsText = wholeOrOneDecimal(run.Places), wholeOrOneDecimal(run.Cohorts)
		if o.GroupsPerYear == 0 {
			run.CohortsText = missing // one to one
		}
		runs = append(runs, run)
		codes, names = append(codes, o.Programme), append(names, g.Name)
	}
	slices.SortStableFunc(runs, func(a, b dirRun) int { return strings.Compare(a.Name, b.Name) })
	return runs, codes, names
}

// needHere lists every programme needed or run at establishment est, by
// name: the people who need it over the horizon as published (the gap
// table's demand, suppressed with it), its places over the horizon, and
// from the simulation (simAll) the share of those with time who start
// and the needs released untreated although they had time — expected
// numbers, rounded to whole people, "[c]" when they round to 1 to 4
// people in a published report.
func needHere(in *ReportInput, pub *publication, est string, simAll map[[2]string]estate.Row) []dirNeed {
	out := []dirNeed{}
	for _, g := range in.Gaps.Rows {
		if g.Establishment != est {
			continue
		}
		n := dirNeed{Code: g.Programme, Name: programme(in, g.Programme).Name, People: pub.text(gk(est, g.Programme, "demand")),
			Places: wholeOrOneDecimal(g.Places), Start: "—", Untreated: "—"}
		if row, ok := simAll[[2]string{est, g.Programme}]; ok {
			if p, ok := row.Measure("p_start_in_time"); ok && !math.IsNaN(p.Mean) {
				n.Start = percent(p.Mean)
			}
			if u, ok := row.Measure("released_untreated"); ok {
				n.Untreated = thousands(math.Round(u.Mean)) // modelled: rounded, not suppressed (docs/disclosure.md)
			}
		}
		out = append(out, n)
	}
	slices.SortStableFunc(out, func(a, b dirNeed) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// progressionRoutes lists the programmes the people of establishment est
// need that it does not run, by name, each with the establishments that
// run it with places to spare.
func progressionRoutes(in *ReportInput, pub *publication, est string) []dirRoute {
	routes := []dirRoute{}
	f, err := analysis.EstablishmentFit(est, in.Gaps, in.NeedsByEst, in.Needs, in.Establishments)
	if err != nil {
		return routes
	}
	f.SetNextStarts(allocate.FirstStarts(in.Offerings, in.Catalogue))
	for _, fp := range f.Programmes {
		if fp.Row.Class != analysis.NotRunHere {
			continue
		}
		rt := dirRoute{Code: fp.Row.Programme, Name: programme(in, fp.Row.Programme).Name,
			Demand: pub.text(gk(est, fp.Row.Programme, "demand")), To: []dirPlace{}}
		for _, n := range fp.Nearby {
			rt.To = append(rt.To, dirPlace{n.Code, n.Name, n.Region, nextStartMoving(n.NextStart)})
		}
		if len(rt.To) == 0 {
			rt.None = NoRoute
		}
		routes = append(routes, rt)
	}
	// By programme name, not by demand: an order by demand would bound a
	// suppressed figure between its neighbours.
	slices.SortStableFunc(routes, func(a, b dirRoute) int { return strings.Compare(a.Name, b.Name) })
	return routes
}

// nextStartMoving words analysis.Nearby.NextStart for the directory.
func nextStartMoving(m int) string {
	if m < 0 {
		return "none in the year"
	}
	return fmt.Sprintf("month %d", m)
}

// national is programme prog's need against places across the estate
// over the horizon, as the gap tables publish it.
func national(in *ReportInput, pub *publication, prog string) dirNational {
	n := dirNational{People: pub.text(ek(prog, "demand")), Places: "0", Coverage: "—"}
	for _, r := range in.Gaps.ByProgramme {
		if r.Key != prog {
			continue
		}
		n.Places = thousands(r.Places)
		if dem := pub.d.Value(ek(prog, "demand")); !math.IsNaN(dem) && dem > 0 {
			n.Coverage = percent(r.Places / dem)
		}
	}
	return n
}

// programmePages renders a page per current programme of the catalogue,
// with what it replaces and where it runs (from the establishments' list),
// and returns them in catalogue order.
func (r *Report) programmePages(in *ReportInput, pub *publication, list []*dirEstablishment, page pageCommon) ([]*dirProgramme, error) {
	var progs []*dirProgramme
	for i := range in.Catalogue.Len() {
		g := in.Catalogue.At(i)
		if g.Status != model.Current {
			continue
		}
		dp := &dirProgramme{Code: g.Code, Name: g.Name, Description: g.Description, Audience: g.Audience,
			Intensity: strings.ReplaceAll(string(g.Intensity), "_", " or "), Format: strings.ReplaceAll(string(g.Format), "_", " "),
			Eligibility: plainEligibility(g, nil, in.Catalogue), Replaces: []dirLegacy{}, Where: []dirWhere{}}
		if v := g.DurationWeeks.Value; v > 0 {
			dp.Weeks = plainNumber(v)
		}
		for j := range in.Catalogue.Len() {
			if old := in.Catalogue.At(j); slices.Contains(old.ReplacedBy, g.Code) {
				dp.Replaces = append(dp.Replaces, dirLegacy{old.Code, old.Name, old.ReplacedByAssumed})
			}
		}
		dp.National = national(in, pub, g.Code)
		for _, de := range list {
			people := "0"
			if k := slices.IndexFunc(de.Need, func(n dirNeed) bool { return n.Code == g.Code }); k >= 0 {
				people = de.Need[k].People
			}
			runs := slices.IndexFunc(de.Runs, func(run dirRun) bool { return run.Code == g.Code })
			if runs >= 0 {
				run := de.Runs[runs]
				dp.Where = append(dp.Where, dirWhere{de.Code, de.Name, de.Region, run.Places, run.Wait, people, run.PlacesText})
			} else if people != "0" {
				dp.National.NotRun++
			}
		}
		// By name, as the directory's index lists establishments.
		slices.SortStableFunc(dp.Where, func(a, b dirWhere) int { return strings.Compare(a.Name, b.Name) })
		if len(dp.Where) == 0 {
			dp.NoneRun = "It does not run anywhere in this dataset."
		}
		progs = append(progs, dp)
		if err := r.render("directory/programmes/"+g.Code+".html", "directory-programme.html.tmpl", map[string]any{
			"Page": page.at("../../"), "P": dp, "AnyAssumed": slices.ContainsFunc(dp.Replaces, func(l dirLegacy) bool { return l.Assumed }),
		}); err != nil {
			return nil, err
		}
	}
	return progs, nil
}

// indexRow is an establishment as the directory's index lists it, with
// what its filters and search box match.
type indexRow struct {
	E                                     *dirEstablishment
	Sex, FunctionCode, Programmes, Search string
	Names                                 []string
}

// directoryIndex renders the directory's index: the establishments by
// name, the regions and functions to filter them by, and the programmes by
// name.
func (r *Report) directoryIndex(list []*dirEstablishment, progs []*dirProgramme, page pageCommon) error {
	regions, functions := map[string]bool{}, map[string]string{}
	for _, de := range list {
		regions[de.Region] = true
		functions[de.function] = de.Function
	}
	var fnOpts [][2]string
	for _, k := range slices.Sorted(maps.Keys(functions)) {
		fnOpts = append(fnOpts, [2]string{k, functions[k]})
	}
	var rows []indexRow
	for _, de := range byName(list, func(de *dirEstablishment) string { return de.Name }) {
		var names []string
		for _, run := range de.Runs {
			names = append(names, run.Name)
		}
		rows = append(rows, indexRow{de, string(de.holds), de.function, de.programmes, de.search, names})
	}
	return r.render("directory/index.html", "directory-index.html.tmpl", map[string]any{
		"Page": page.at("../"), "Establishments": rows, "Programmes": byName(progs, func(p *dirProgramme) string { return p.Name }),
		"Regions": sortedKeys(regions), "Functions": fnOpts,
	})
}

// directoryData writes the directory as data: directory.json and
// directory.csv.
func (r *Report) directoryData(in *ReportInput, list []*dirEstablishment, progs []*dirProgramme, page pageCommon) error {
	meta := map[string]any{"as_of": in.AsOf.String(), "suppression": page.SuppressionNote,
		"establishments": list, "programmes": progs}
	if !in.Suppress {
		meta["not_for_publication"] = true
	}
	js, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	r.Files["directory/directory.json"] = append(js, '\n')
	b, err := directoryCSV(list, progs, !in.Suppress)
	if err != nil {
		return err
	}
	r.Files["directory/directory.csv"] = b
	return nil
}

// directoryCSV writes the directory as one tidy table: a row per
// establishment (record "establishment"), per programme it runs ("runs"),
// per programme its people need that it does not run ("route", with the
// establishments that have places to spare), and per programme
// ("programme", its page's content).
func directoryCSV(list []*dirEstablishment, progs []*dirProgramme, internal bool) ([]byte, error) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	head := []string{"record", "establishment", "establishment_name", "region", "holds", "function", "programme", "programme_name",
		"places_a_year", "cohorts_a_year", "cohorts_start", "next_expected_start", "expected_wait_months", "who_it_is_for",
		"people_who_need_it", "establishments_with_spare_places", "what_it_is_for", "audience", "intensity", "format",
		"duration_weeks", "replaces", "note"}
	if internal {
		head = append(head, "not_for_publication")
	}
	write := func(rec map[string]string) {
		row := make([]string, len(head))
		for i, h := range head {
			row[i] = rec[h]
		}
		if internal {
			row[len(row)-1] = "true"
		}
		_ = cw.Write(row)
	}
	_ = cw.Write(head)
	for _, de := range list {
		base := map[string]string{"establishment": de.Code, "establishment_name": de.Name, "region": de.Region, "holds": de.Holds, "function": de.Function}
		with := func(extra map[string]string) map[string]string {
			m := map[string]string{}
			for k, v := range base {
				m[k] = v
			}
			for k, v := range extra {
				m[k] = v
			}
			return m
		}
		write(with(map[string]string{"record": "establishment", "note": de.NoneRun}))
		for _, run := range de.Runs {
			write(with(map[string]string{"record": "runs", "programme": run.Code, "programme_name": run.Name,
				"places_a_year": run.PlacesText, "cohorts_a_year": run.CohortsText, "cohorts_start": run.Every,
				"next_expected_start": run.NextStart, "expected_wait_months": run.Wait, "who_it_is_for": run.For}))
		}
		for _, rt := range de.Routes {
			var to []string
			for _, p := range rt.To {
				to = append(to, p.Code+" "+p.Name+" ("+p.Region+"; first start "+p.Next+")")
			}
			write(with(map[string]string{"record": "route", "programme": rt.Code, "programme_name": rt.Name,
				"people_who_need_it": rt.Demand, "establishments_with_spare_places": strings.Join(to, "; "), "note": rt.None}))
		}
	}
	for _, p := range progs {
		var old []string
		for _, l := range p.Replaces {
			s := l.Code + " (" + l.Name + ")"
			if l.Assumed {
				s += " (assumed)"
			}
			old = append(old, s)
		}
		write(map[string]string{"record": "programme", "programme": p.Code, "programme_name": p.Name, "what_it_is_for": p.Description,
			"audience": p.Audience, "intensity": p.Intensity, "format": p.Format, "duration_weeks": p.Weeks,
			"who_it_is_for": p.Eligibility, "replaces": strings.Join(old, "; "), "note": p.NoneRun})
	}
	cw.Flush()
	return b.Bytes(), cw.Error()
}

// pageCommon is what every page shows: the style sheet, whether the
// publication is suppressed, and links relative to the page.
type pageCommon struct {
	CSS               template.CSS
	NotForPublication bool
	SuppressionNote   string
	AsOf              string
	Horizon           float64 // months of the gap analysis
	Replications      int
	Years             float64
	Root              string // the report's root, relative to the page
}

func (p pageCommon) at(root string) pageCommon {
	p.Root = root
	return p
}
