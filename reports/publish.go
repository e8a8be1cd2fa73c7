package reports

import (
	"math"
	"slices"
	"strconv"

	"needsplan/analysis"
	"needsplan/analysis/estate"
	"needsplan/model"
	"needsplan/reports/disclosure"
)

// publication is every figure about people that the report publishes,
// registered with its disclosure control, and the published tables built
// from it. Every page, table and chart of the report takes its figures
// about people from here, so a figure hidden in one place is hidden in
// all.
type publication struct {
	d      *disclosure.Control
	tables []*model.Table
	// gaps is the gap analysis as published, for the charts: hidden
	// establishment rows left out, demand rounded, hidden rollups zero.
	gaps *analysis.Gaps
	// hiddenGaps are the (establishment, programme) rows of gaps left
	// out because their demand is suppressed.
	hiddenGaps map[[2]string]bool
	// regions is the sorted list of regions; flows the published moves
	// between them (key tmKey).
	regions []string
	// familyProgrammes lists each family's programmes in code order, from
	// the catalogue.
	familyProgrammes map[string][]string
}

// Keys of the registered figures. needs: group, measure, item; gaps:
// establishment × programme; rollups: region (or the estate) × programme
// ("all" for every programme); transfers; simulation; waiting series.
func nk(group, measure, item string) string {
	return "needs|" + group + "|" + measure + "|" + item
}
func gk(est, prog, col string) string    { return "gap|" + est + "|" + prog + "|" + col }
func rk(region, prog, col string) string { return "gapr|" + region + "|" + prog + "|" + col }
func ek(prog, col string) string         { return "gape|" + prog + "|" + col }
func tmKey(from, to string) string       { return "tm|" + from + "|" + to }
func nfKey(est, dir string) string       { return "nf|" + est + "|" + dir }
func trKey(what string) string           { return "tr|" + what }
func rangeKey(col string) string         { return "range|estate|any|" + col }
func simKey(prog, measure string) string { return "sim|" + prog + "|" + measure }
func wotKey(series string, month int, q string) string {
	return "wot|" + series + "|" + strconv.Itoa(month) + "|" + q
}

// allProgrammes is the programme key of a rollup over every programme.
const allProgrammes = "all"

// The simulation measures by how publication treats them, from the one
// table of measures (estate.Measures): simPeopleMeasures count needs of
// people; simFromStarts are figures computed over the people who started
// (hidden when the number of starts is). The public ones (estate.Public)
// are published as they are. Every measure has one of the three classes
// (estate's TestMeasuresTable), so none is left out for want of one.
var (
	simPeopleMeasures = estate.MeasureNamesBy(estate.CountsPeople)
	simFromStarts     = estate.MeasureNamesBy(estate.DerivedFromStarts)
)

// quantileNames name the quantiles of the people waiting month by month:
// 5%, median and 95% across replications.
var quantileNames = []string{"p05", "p50", "p95"}

// transferOutcomes are the reasons a transfer need was not placed, in the
// order the report gives them.
var transferOutcomes = []string{analysis.NoPlaceAnywhere, analysis.NoCompatible, analysis.PlacesTaken, analysis.NotEnoughTime}

// publish registers every published figure about people and the relations
// a reader can see between them, protects them, and builds the published
// tables.
func publish(in *ReportInput) *publication {
	p := &publication{d: disclosure.New(in.Suppress), familyProgrammes: map[string][]string{}}
	for i := range in.Catalogue.Len() {
		if k := in.Catalogue.Family(i); k >= 0 {
			f := in.Catalogue.Families()[k].Name
			p.familyProgrammes[f] = append(p.familyProgrammes[f], in.Catalogue.At(i).Code)
		}
	}
	d := p.d
	regionOf := RegionOf(in.Establishments)
	set := map[string]bool{}
	for _, r := range regionOf {
		set[r] = true
	}
	p.regions = sortedKeys(set)

	p.registerNeeds(in.NeedsByEst)
	p.registerNeeds(in.Needs)
	p.relateNeeds(in.Needs, in.NeedsByEst)
	p.registerGaps(in.Gaps)
	p.registerHeadline(in.Gaps.Headlines)
	p.relateHeadline(in.Gaps.Headlines, in.NeedsByEst, regionOf)
	if r := estateRange(in.Gaps.Ranges); r != nil {
		// Expected numbers of people, shown in the summary only:
		// modelled, so rounded rather than suppressed.
		d.Modelled(rangeKey("low"), r.Low)
		d.Modelled(rangeKey("central"), r.Central)
		d.Modelled(rangeKey("high"), r.High)
	}
	p.registerTransfers(in.Transfers, regionOf)
	p.registerSim(in.Sim)
	d.Protect()

	p.tables = append(p.tables, needsTable("needs", in.NeedsByEst, d), needsTable("needs_estate", in.Needs, d),
		gapTable(in.Gaps, d), gapRegionTable(in.Gaps, d), gapProgrammeTable(in.Gaps, d), headlineTable(publishedHeadlines(in.Gaps.Headlines), d),
		transferMatrixTable(in.Transfers, regionOf, d), netFlowTable(in.Transfers, in.Establishments, d),
		simTable(in.Sim, "programme", d), seriesTable(in.Sim, d))
	p.gaps = p.publishedGaps(in.Gaps)
	return p
}

// registerNeeds registers a needs analysis: per group, people, each need
// with the number assessed for it, the pathway mix (adding up to people),
// LDC with the number screened, stale and undated assessments, and demand
// and demand in time per programme.
func (p *publication) registerNeeds(n *analysis.Needs) {
	d := p.d
	for _, g := range n.Groups {
		k := g.Key
		count := func(key string, v float64) {
			d.Count(key, v)
			if k == analysis.EstateKey {
				d.Keep(key) // the estate's own figures: kept shown
			}
		}
		count(nk(k, "people", ""), float64(g.People))
		for s := range model.NumSections {
			count(nk(k, "need", s.Name()), float64(g.Needs[s].Count))
			count(nk(k, "assessed", s.Name()), float64(g.Needs[s].N))
		}
		var mix []string
		for _, pw := range model.Pathways {
			count(nk(k, "pathway", pw.String()), float64(g.Pathways[pw]))
			mix = append(mix, nk(k, "pathway", pw.String()))
		}
		d.Sum(nk(k, "people", ""), mix...)
		count(nk(k, "ldc", ""), float64(g.LDC.Count))
		count(nk(k, "screened", ""), float64(g.LDC.N))
		count(nk(k, "stale_assessment", ""), float64(g.Stale))
		count(nk(k, "no_assessment_date", ""), float64(g.Unassessed))
		for _, dm := range g.Demand {
			count(nk(k, "demand", dm.Programme), float64(dm.Need))
			count(nk(k, "demand_in_time", dm.Programme), float64(dm.InTime))
		}
	}
}

// needsMeasures lists every (measure, item) a needs group registers.
func needsMeasures(g analysis.Group) [][2]string {
	out := [][2]string{{"people", ""}}
	for s := range model.NumSections {
		out = append(out, [2]string{"need", s.Name()}, [2]string{"assessed", s.Name()})
	}
	for _, pw := range model.Pathways {
		out = append(out, [2]string{"pathway", pw.String()})
	}
	out = append(out, [2]string{"ldc", ""}, [2]string{"screened", ""}, [2]string{"stale_assessment", ""}, [2]string{"no_assessment_date", ""})
	for _, dm := range g.Demand {
		out = append(out, [2]string{"demand", dm.Programme}, [2]string{"demand_in_time", dm.Programme})
	}
	return out
}

// relateNeeds records that every figure of the estate is the sum of the
// establishments' figures.
func (p *publication) relateNeeds(estate, byEst *analysis.Needs) {
	if len(estate.Groups) == 0 {
		return
	}
	e := estate.Groups[0]
	for _, mi := range needsMeasures(e) {
		var parts []string
		for _, g := range byEst.Groups {
			parts = append(parts, nk(g.Key, mi[0], mi[1]))
		}
		p.d.Sum(nk(e.Key, mi[0], mi[1]), parts...)
	}
}

// registerGaps registers the gap analysis: demand per establishment ×
// programme, and per region and for the estate demand and unmet demand,
// with every sum a reader can form.
func (p *publication) registerGaps(gs *analysis.Gaps) {
	d := p.d
	type agg struct{ demand, nrh, nroe []string }
	aggs := map[[2]string]*agg{}
	at := func(r, prog string) *agg {
		k := [2]string{r, prog}
		if aggs[k] == nil {
			aggs[k] = &agg{}
		}
		return aggs[k]
	}
	for _, g := range gs.Rows {
		// Demand only: the people now needing it (stock) are the needs
		// table's demand in time, and the expected arrivals (flow) a small
		// fractional figure that would need suppressing in most rows and,
		// by stock + flow = demand, hide demand too. Leaving the two out is
		// the GSS's "table redesign" (Statistical disclosure control for
		// tables, §3), cheaper than suppressing most of the table.
		d.Count(gk(g.Establishment, g.Programme, "demand"), g.Demand)
		a := at(g.Region, g.Programme)
		a.demand = append(a.demand, gk(g.Establishment, g.Programme, "demand"))
		switch g.Class {
		case analysis.NotRunHere:
			a.nrh = append(a.nrh, gk(g.Establishment, g.Programme, "demand"))
		case analysis.NotRunOftenEnough:
			// Unmet = demand − places; places are public.
			a.nroe = append(a.nroe, gk(g.Establishment, g.Programme, "demand"))
		}
	}
	cols := []struct {
		name string
		get  func(analysis.Rollup) float64
		of   func(*agg) []string
	}{
		{"demand", func(r analysis.Rollup) float64 { return r.Demand }, func(a *agg) []string { return a.demand }},
		{"unmet_not_run_here", func(r analysis.Rollup) float64 { return r.UnmetNotRun }, func(a *agg) []string { return a.nrh }},
		{"unmet_not_run_often_enough", func(r analysis.Rollup) float64 { return r.UnmetNotOften }, func(a *agg) []string { return a.nroe }},
	}
	for _, r := range gs.ByRegion {
		prog := r.Programme
		if prog == "" {
			prog = allProgrammes
		}
		for _, c := range cols {
			d.Count(rk(r.Key, prog, c.name), c.get(r))
		}
	}
	for _, r := range append(slices.Clone(gs.ByProgramme), gs.Estate) {
		prog := r.Programme
		if prog == "" {
			prog = allProgrammes
		}
		for _, c := range cols {
			d.Count(ek(prog, c.name), c.get(r))
			d.Keep(ek(prog, c.name)) // national figures: kept shown
		}
	}
	var progs []string
	for _, r := range gs.ByProgramme {
		progs = append(progs, r.Key)
	}
	for _, c := range cols {
		var estateAll []string
		for _, region := range p.regions {
			var regionAll []string
			for _, prog := range progs {
				if a := aggs[[2]string{region, prog}]; a != nil {
					d.Sum(rk(region, prog, c.name), c.of(a)...)
				}
				regionAll = append(regionAll, rk(region, prog, c.name))
			}
			d.Sum(rk(region, allProgrammes, c.name), regionAll...)
			estateAll = append(estateAll, rk(region, allProgrammes, c.name))
		}
		d.Sum(ek(allProgrammes, c.name), estateAll...)
		var progAll []string
		for _, prog := range progs {
			var parts []string
			for _, region := range p.regions {
				parts = append(parts, rk(region, prog, c.name))
			}
			d.Sum(ek(prog, c.name), parts...)
			progAll = append(progAll, ek(prog, c.name))
		}
		d.Sum(ek(allProgrammes, c.name), progAll...)
	}
}

// publishedHeadlines are the headline rows the report publishes: the
// estate's and the regions'.
func publishedHeadlines(hs []analysis.Headline) []analysis.Headline {
	var out []analysis.Headline
	for _, h := range hs {
		if h.Level != analysis.ByEstablishment {
			out = append(out, h)
		}
	}
	return out
}

// registerHeadline registers the published headline (estate and regions):
// each row's people, no time, must start, later and flow, with the sums a
// reader can form: people = no time + must start + later; the core row =
// the core families' rows (one core programme each); the estate = the
// regions.
func (p *publication) registerHeadline(all []analysis.Headline) {
	d := p.d
	hs := publishedHeadlines(all)
	type unit struct {
		kind analysis.UnitKind
		name string
	}
	regions := map[unit][]*analysis.Headline{}
	var estate []*analysis.Headline
	for i := range hs {
		h := &hs[i]
		for _, c := range headlineCounts {
			d.Count(hk(h, c.name), c.get(h))
			if h.Level == analysis.ByEstate {
				d.Keep(hk(h, c.name)) // national figures: kept shown
			}
		}
		d.Sum(hk(h, "people"), hk(h, "no_time"), hk(h, "must_start"), hk(h, "later"))
		if h.Level == analysis.ByRegion {
			regions[unit{h.Kind, h.Unit}] = append(regions[unit{h.Kind, h.Unit}], h)
		} else {
			estate = append(estate, h)
		}
	}
	for _, e := range estate {
		for _, c := range headlineCounts {
			var parts []string
			for _, r := range regions[unit{e.Kind, e.Unit}] {
				parts = append(parts, hk(r, c.name))
			}
			d.Sum(hk(e, c.name), parts...)
		}
	}
	// The core row is the sum of the core families' rows, at each key
	// (rows come sorted by level and key, the core row first).
	var core *analysis.Headline
	var fams []*analysis.Headline
	flush := func() {
		if core != nil {
			for _, c := range headlineCounts {
				var parts []string
				for _, f := range fams {
					parts = append(parts, hk(f, c.name))
				}
				d.Sum(hk(core, c.name), parts...)
			}
		}
		core, fams = nil, nil
	}
	for i := range hs {
		h := &hs[i]
		if core != nil && (h.Level != core.Level || h.Key != core.Key) {
			flush()
		}
		switch {
		case h.Kind == analysis.CoreUnit:
			core = h
		case h.Kind == analysis.FamilyUnit && h.Core && core != nil:
			fams = append(fams, h)
		}
	}
	flush()
}

// relateHeadline records what a reader can see between the headline and
// the needs tables: a programme's people now are its demand in the needs
// tables (person × programme counts are people for one programme), and its
// must start + later are its demand in time, for the estate and, summing
// the establishments, each region; and a family's row is the sum of its
// programmes' rows wherever the figures say so (no one needs two
// programmes of one family).
func (p *publication) relateHeadline(all []analysis.Headline, byEst *analysis.Needs, regionOf map[string]string) {
	d := p.d
	hs := publishedHeadlines(all)
	estsOf := map[string][]string{}
	for _, g := range byEst.Groups {
		estsOf[regionOf[g.Key]] = append(estsOf[regionOf[g.Key]], g.Key)
	}
	for i := range hs {
		h := &hs[i]
		if h.Kind != analysis.ProgrammeUnit {
			continue
		}
		groups := []string{h.Key}
		if h.Level == analysis.ByRegion {
			groups = estsOf[h.Key]
		}
		var demand, inTime []string
		for _, g := range groups {
			demand, inTime = append(demand, nk(g, "demand", h.Unit)), append(inTime, nk(g, "demand_in_time", h.Unit))
		}
		d.Relate([]string{hk(h, "people")}, demand)
		d.Relate([]string{hk(h, "must_start"), hk(h, "later")}, inTime)
	}
	// A family and its programmes, at each level and key.
	type at struct {
		level analysis.GroupBy
		key   string
	}
	progs := map[at]map[string]*analysis.Headline{}
	for i := range hs {
		h := &hs[i]
		if k := (at{h.Level, h.Key}); h.Kind == analysis.ProgrammeUnit {
			if progs[k] == nil {
				progs[k] = map[string]*analysis.Headline{}
			}
			progs[k][h.Unit] = h
		}
	}
	for i := range hs {
		f := &hs[i]
		if f.Kind != analysis.FamilyUnit {
			continue
		}
		var parts []*analysis.Headline
		for _, code := range p.familyProgrammes[f.Unit] {
			if h := progs[at{f.Level, f.Key}][code]; h != nil {
				parts = append(parts, h)
			}
		}
		for _, c := range headlineCounts {
			sum := 0.0
			var keys []string
			for _, h := range parts {
				sum += c.get(h)
				keys = append(keys, hk(h, c.name))
			}
			if math.Abs(sum-c.get(f)) < 1e-9 {
				d.Sum(hk(f, c.name), keys...)
			}
		}
	}
}

// registerTransfers registers the transfer analysis: people who must move,
// placed and not (by why), the needs (person × programme) that require a
// move and those the moves serve, the placed moves between regions and each
// establishment's moves out and in, with the sums that tie them.
func (p *publication) registerTransfers(t *analysis.Transfers, regionOf map[string]string) {
	d := p.d
	counts := t.Counts()
	d.Count(trKey("people"), float64(len(t.People)))
	d.Count(trKey("needs"), float64(t.Needs))
	d.Count(trKey("served"), float64(t.NeedsServed))
	d.Count(trKey(analysis.Placed), float64(counts[analysis.Placed]))
	d.Count(trKey("unplaced"), float64(len(t.People)-counts[analysis.Placed]))
	var reasons []string
	for _, o := range transferOutcomes {
		d.Count(trKey(o), float64(counts[o]))
		reasons = append(reasons, trKey(o))
	}
	d.Sum(trKey("people"), trKey(analysis.Placed), trKey("unplaced"))
	d.Sum(trKey("unplaced"), reasons...)
	var cells []string
	out, in := map[string][]string{}, map[string][]string{}
	for _, f := range flows(t, func(s string) string { return regionOf[s] }) {
		d.Count(tmKey(f.from, f.to), float64(f.n))
		cells = append(cells, tmKey(f.from, f.to))
		out[f.from] = append(out[f.from], tmKey(f.from, f.to))
		in[f.to] = append(in[f.to], tmKey(f.from, f.to))
	}
	d.Sum(trKey(analysis.Placed), cells...)
	moveOut, moveIn := map[string]int{}, map[string]int{}
	for from, tos := range t.Matrix {
		for to, n := range tos {
			moveOut[from] += n
			moveIn[to] += n
		}
	}
	estOut, estIn := map[string][]string{}, map[string][]string{}
	var allOut, allIn []string
	for _, e := range sortedKeys(keysOf(moveOut, moveIn)) {
		d.Count(nfKey(e, "out"), float64(moveOut[e]))
		d.Count(nfKey(e, "in"), float64(moveIn[e]))
		r := regionOf[e]
		estOut[r] = append(estOut[r], nfKey(e, "out"))
		estIn[r] = append(estIn[r], nfKey(e, "in"))
		allOut = append(allOut, nfKey(e, "out"))
		allIn = append(allIn, nfKey(e, "in"))
	}
	d.Sum(trKey(analysis.Placed), allOut...)
	d.Sum(trKey(analysis.Placed), allIn...)
	for _, r := range p.regions {
		d.Relate(out[r], estOut[r])
		d.Relate(in[r], estIn[r])
	}
}

func keysOf(ms ...map[string]int) map[string]bool {
	out := map[string]bool{}
	for _, m := range ms {
		for k, v := range m {
			if v != 0 {
				out[k] = true
			}
		}
	}
	return out
}

// registerSim registers the simulation's counts of needs by programme
// nationally and for the estate (means across replications, published
// rounded to whole people), the programmes adding up to the estate, and
// each programme's starts as the sum of their outcomes; and the people
// waiting month by month (quantiles across replications: not additive,
// except in months where every replication agrees, such as month 0).
func (p *publication) registerSim(s *estate.Summary) {
	d := p.d
	idx := map[string]int{}
	for j, m := range estate.MeasureNames {
		idx[m] = j
	}
	rows := append(slices.Clone(s.ByProgramme), s.Estate)
	for i, r := range rows {
		prog := r.Key.Programme
		if i == len(rows)-1 {
			prog = analysis.EstateKey
		}
		for _, m := range simPeopleMeasures {
			if j, ok := idx[m]; ok && j < len(r.Measures) {
				d.Modelled(simKey(prog, m), r.Measures[j].Mean)
			}
		}
		d.Sum(simKey(prog, "starts"), simKey(prog, "completed_in_time"), simKey(prog, "completed_late"),
			simKey(prog, "dropped_out"), simKey(prog, "in_progress_at_horizon"))
	}
	for _, m := range simPeopleMeasures {
		var parts []string
		for _, r := range s.ByProgramme {
			parts = append(parts, simKey(r.Key.Programme, m))
		}
		d.Sum(simKey(analysis.EstateKey, m), parts...)
	}
	register := func(name string, series [][3]float64) {
		for mth, q := range series {
			if q[0] == q[1] && q[1] == q[2] {
				d.Modelled(wotKey(name, mth, "all"), q[1])
				continue
			}
			for k, qn := range quantileNames {
				d.Modelled(wotKey(name, mth, qn), q[k])
			}
		}
	}
	for i, name := range s.SeriesNames {
		if i >= len(s.Series) {
			break
		}
		register(name, s.Series[i])
	}
	register(PeopleSeries, s.PeopleWaiting)
	for k, name := range estate.PersonOutcomes {
		if k < len(s.People) {
			d.Modelled(simKey(analysis.EstateKey, name), s.People[k].Mean)
		}
	}
	if len(s.Series) == 0 {
		return
	}
	for mth := range s.Series[0] {
		var parts []string
		ok := true
		for i, name := range s.SeriesNames {
			if i >= len(s.Series) || mth >= len(s.Series[i]) || !d.Has(wotKey(name, mth, "all")) {
				ok = false
				break
			}
			if i > 0 {
				parts = append(parts, wotKey(name, mth, "all"))
			}
		}
		if ok && len(parts) > 0 {
			d.Sum(wotKey(s.SeriesNames[0], mth, "all"), parts...)
		}
	}
}

// text is a registered figure as a page shows it: "[c]" when hidden, else
// a whole number with thousands separators; "0" when not registered.
func (p *publication) text(key string) string {
	switch {
	case !p.d.Has(key):
		return "0"
	case p.d.Hidden(key):
		return disclosure.Suppressed
	}
	return thousands(math.Round(p.d.Value(key)))
}

// waiting returns the published quantile k (0: 5%, 1: median, 2: 95%) of
// the people waiting in series i at month mth: NaN when hidden.
func (p *publication) waiting(name string, mth, k int) float64 {
	if key := wotKey(name, mth, "all"); p.d.Has(key) {
		return p.d.Value(key)
	}
	return p.d.Value(wotKey(name, mth, quantileNames[k]))
}

// publishedGaps is the gap analysis as the charts may draw it: rows with
// hidden demand left out, demand rounded as published, hidden regional
// rollups counted as zero (their parts of a stack left out) and a hidden
// programme total NaN (labelled [c]).
func (p *publication) publishedGaps(gs *analysis.Gaps) *analysis.Gaps {
	out := *gs
	out.Rows = nil
	p.hiddenGaps = map[[2]string]bool{}
	for _, g := range gs.Rows {
		dem := p.d.Value(gk(g.Establishment, g.Programme, "demand"))
		if math.IsNaN(dem) {
			p.hiddenGaps[[2]string{g.Establishment, g.Programme}] = true
			continue
		}
		g.Demand = dem
		g.Gap, g.Coverage = g.Places-dem, math.Inf(1)
		if dem > 0 {
			g.Coverage = g.Places / dem
		}
		out.Rows = append(out.Rows, g)
	}
	fix := func(r analysis.Rollup, key string) analysis.Rollup {
		dem := p.d.Value(key)
		if math.IsNaN(dem) {
			dem = 0
		}
		r.Demand, r.Gap = dem, r.Places-dem
		return r
	}
	out.ByRegion = nil
	for _, r := range gs.ByRegion {
		pg := r.Programme
		if pg == "" {
			pg = allProgrammes
		}
		out.ByRegion = append(out.ByRegion, fix(r, rk(r.Key, pg, "demand")))
	}
	out.ByProgramme = nil
	for _, r := range gs.ByProgramme {
		r = fix(r, ek(r.Programme, "demand"))
		if math.IsNaN(p.d.Value(ek(r.Programme, "demand"))) {
			r.Demand, r.Gap = math.NaN(), math.NaN()
		}
		out.ByProgramme = append(out.ByProgramme, r)
	}
	out.Estate = fix(gs.Estate, ek(allProgrammes, "demand"))
	return &out
}
