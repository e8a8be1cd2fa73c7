package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"needsplan/data"
	"needsplan/model"
	"needsplan/reports"
)

// The intruder: TestDisclosureAttack reads every published table and page
// of a report and tries to recover each suppressed figure — from the same
// figure shown elsewhere, from shares, intervals, gaps and coverage shown
// beside it, and by differencing along every additive set a reader can see
// (a group's pathway mix and its people; establishments and their region
// and the estate; programmes and "all"; unmet demand by class; transfer
// moves by region and establishment; simulated outcomes by programme and
// estate), solving all the sets together by linear algebra. It knows the
// report's structure only from the files. Any recovery fails the test.

// observation is one published figure: a key naming what it counts, and
// its value (NaN when suppressed).
type observation struct {
	key, where string
	v          float64
	hidden     bool
}

type intruder struct {
	t    *testing.T
	obs  map[string][]observation
	rels [][]string // each: first = sum of the rest
	// signed relations: plus − minus = known
	signed [][2][]string
	leaks  []string
}

func newIntruder(t *testing.T) *intruder { return &intruder{t: t, obs: map[string][]observation{}} }

// parseFigure reads a published figure: "[c]" hidden, "1,234" or "12.5".
func parseFigure(s string) (v float64, hidden, ok bool) {
	s = strings.TrimSpace(s)
	if s == "[c]" {
		return math.NaN(), true, true
	}
	if i := strings.IndexAny(s, " ("); i > 0 {
		s = s[:i] // "123 (110–140)": the mean
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		return 0, false, false
	}
	return f, false, true
}

func (a *intruder) see(key, where, text string, people bool) {
	v, hidden, ok := parseFigure(text)
	if !ok {
		a.t.Errorf("%s: %s: %q is not a figure", where, key, text)
		return
	}
	a.obs[key] = append(a.obs[key], observation{key, where, v, hidden})
	switch {
	case !people || hidden:
	case modelledKey(key):
		// Modelled figures (simulated means, people waiting, the
		// unassessed range) are rounded, never suppressed
		// (docs/disclosure.md).
		if v != math.Round(v) {
			a.leak("%s: %s shows %v: a modelled figure not rounded to a whole person", where, key, v)
		}
	case (v >= 0.5 && v < 4.5) || v != math.Round(v):
		a.leak("%s: %s shows %v: a count of 1–4 people, or an unrounded figure", where, key, v)
	}
}

// modelledKey reports whether a figure's key names a modelled figure
// (reports/publish.go: simKey, wotKey, rangeKey).
func modelledKey(key string) bool {
	return strings.HasPrefix(key, "sim|") || strings.HasPrefix(key, "wot|") || strings.HasPrefix(key, "range|")
}

func (a *intruder) leak(format string, args ...any) {
	a.leaks = append(a.leaks, fmt.Sprintf(format, args...))
}

func (a *intruder) sum(total string, parts ...string) {
	a.rels = append(a.rels, append([]string{total}, parts...))
}

func (a *intruder) relate(plus, minus []string) {
	a.signed = append(a.signed, [2][]string{plus, minus})
}

// hidden reports whether a figure is suppressed everywhere it is shown;
// value is its shown value.
func (a *intruder) state(key string) (value float64, hidden, seen bool) {
	os := a.obs[key]
	if len(os) == 0 {
		return 0, false, false
	}
	for _, o := range os {
		if !o.hidden {
			return o.v, false, true
		}
	}
	return math.NaN(), true, true
}

// derivedBeside flags a figure derived from key (a share, interval, gap)
// shown while key is hidden.
func (a *intruder) derivedBeside(key, where, what, text string) {
	if _, hidden, _ := a.state(key); hidden && strings.TrimSpace(text) != "" && strings.TrimSpace(text) != "[c]" && strings.TrimSpace(text) != "–" {
		a.leak("%s: %s %q shown beside suppressed %s", where, what, text, key)
	}
}

// consistency: a figure hidden in one place and shown in another is
// recovered; shown twice, it must agree.
func (a *intruder) consistency() {
	keys := make([]string, 0, len(a.obs))
	for k := range a.obs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		os := a.obs[k]
		var shown, hid []observation
		for _, o := range os {
			if o.hidden {
				hid = append(hid, o)
			} else {
				shown = append(shown, o)
			}
		}
		if len(hid) > 0 && len(shown) > 0 {
			a.leak("%s hidden in %s but shown as %v in %s", k, hid[0].where, shown[0].v, shown[0].where)
		}
		for _, o := range shown[min(1, len(shown)):] {
			if o.v != shown[0].v {
				a.t.Errorf("%s shows %v in %s and %v in %s", k, shown[0].v, shown[0].where, o.v, o.where)
			}
		}
	}
}

// solve differences every relation at once: a hidden figure is recovered
// when the relations restricted to the hidden figures determine it (its
// unit vector lies in their row space), found by Gauss–Jordan elimination
// on each connected set of hidden figures.
func (a *intruder) solve() {
	names, rows := a.hiddenRelations()
	for _, c := range components(len(names), rows) {
		vars := c.vars
		col := map[int]int{}
		for j, v := range vars {
			col[v] = j
		}
		m := [][]float64{}
		for _, ri := range c.rows {
			row := make([]float64, len(vars))
			for i, c := range rows[ri] {
				row[col[i]] = c
			}
			m = append(m, row)
		}
		// Reduced row echelon form with partial pivoting.
		lead := 0
		for c := 0; c < len(vars) && lead < len(m); c++ {
			best := lead
			for i := lead; i < len(m); i++ {
				if math.Abs(m[i][c]) > math.Abs(m[best][c]) {
					best = i
				}
			}
			if math.Abs(m[best][c]) < 1e-9 {
				continue
			}
			m[lead], m[best] = m[best], m[lead]
			f := m[lead][c]
			for k := range m[lead] {
				m[lead][k] /= f
			}
			for i := range m {
				if i != lead && math.Abs(m[i][c]) > 1e-12 {
					g := m[i][c]
					for k := range m[i] {
						m[i][k] -= g * m[lead][k]
					}
				}
			}
			lead++
		}
		for _, row := range m[:lead] {
			nz := -1
			count := 0
			for k, v := range row {
				if math.Abs(v) > 1e-9 {
					nz, count = k, count+1
				}
			}
			if count == 1 {
				a.leak("%s can be worked out by differencing the published sets", names[vars[nz]])
			}
		}
	}
}

// readCSV reads a published table as rows keyed by column name, checking
// that its Parquet twin holds the same. A suppressed figure is published
// as an empty cell with its flag column (name_suppressed) true: the
// intruder reads it as "[c]", and a flag with a figure beside it, or a
// figure missing without its flag, is an error.
func readCSV(t *testing.T, dir, name string) []map[string]string {
	t.Helper()
	return flagsAsHidden(t, name, readCSVRaw(t, dir, name))
}

// flagsAsHidden turns each row's suppressed figures (an empty cell whose
// flag column is true) into "[c]" and drops the flag columns.
func flagsAsHidden(t *testing.T, name string, rows []map[string]string) []map[string]string {
	t.Helper()
	for _, r := range rows {
		for col, flag := range r {
			base, ok := strings.CutSuffix(col, reports.SuppressedSuffix)
			if !ok {
				continue
			}
			v, has := r[base]
			switch {
			case !has:
				t.Errorf("%s.csv: flag column %s has no column %s beside it", name, col, base)
			case flag == "true" && v != "":
				t.Errorf("%s.csv: %s is flagged suppressed but shows %q", name, base, v)
			case flag == "true":
				r[base] = "[c]"
			case flag != "false":
				t.Errorf("%s.csv: %s is %q, want true or false", name, col, flag)
			case v == "":
				t.Errorf("%s.csv: %s is missing but not flagged suppressed", name, base)
			}
			delete(r, col)
		}
	}
	return rows
}

// readCSVRaw reads a published table as it is, checking that its Parquet
// twin holds the same.
func readCSVRaw(t *testing.T, dir, name string) []map[string]string {
	t.Helper()
	b := mustRead(t, filepath.Join(dir, "tables", name+".csv"))
	if tampered[dir] {
		return parseCSV(t, name, b)
	}
	f, err := os.Open(filepath.Join(dir, "tables", name+".parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pq, err := data.ReadTableParquet(context.Background(), f, name)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := data.WriteCSV(&again, pq); err != nil {
		t.Fatal(err)
	}
	if again.String() != string(b) {
		t.Errorf("tables/%s.parquet does not hold the same figures as the CSV", name)
	}
	return parseCSV(t, name, b)
}

// tampered marks report directories whose CSV a test edited: their
// Parquet twins are not compared.
var tampered = map[string]bool{}

func parseCSV(t *testing.T, name string, b []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s.csv: %v", name, err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for j, h := range recs[0] {
			m[h] = r[j]
		}
		out = append(out, m)
	}
	return out
}

var (
	trRe   = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellRe = regexp.MustCompile(`(?s)<t[dh][^>]*>(.*?)</t[dh]>`)
	codeRe = regexp.MustCompile(`<span class="code">([^<]*)</span>`)
	tagRe  = regexp.MustCompile(`<[^>]*>`)
)

// tableRows returns a page's table (by id) as rows of cells: the code in
// small print, then the text of each cell.
func tableRows(page, id string) [][]string {
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		return nil
	}
	end := strings.Index(page[i:], "</table>")
	body := page[i : i+end]
	if j := strings.Index(body, "<tbody>"); j >= 0 {
		body = body[j:]
	}
	var out [][]string
	for _, tr := range trRe.FindAllStringSubmatch(body, -1) {
		var row []string
		for k, c := range cellRe.FindAllStringSubmatch(tr[1], -1) {
			if k == 0 {
				code := ""
				if m := codeRe.FindStringSubmatch(c[1]); m != nil {
					code = m[1]
				}
				row = append(row, html.UnescapeString(code))
			}
			row = append(row, strings.TrimSpace(html.UnescapeString(tagRe.ReplaceAllString(c[1], ""))))
		}
		out = append(out, row)
	}
	return out
}

// attackHeadline reads the headline (tables/headline.csv: people counted
// once, the estate and each region) into the intruder with what a reader
// knows of it: people = no time + must start + later; the estate is the sum
// of the regions; the core row the sum of the core families' rows and a
// family's row the sum of its programmes' (the catalogue is public: one
// core programme a person, no one needing two programmes of one family);
// a programme's people now are its demand in the needs tables and its must
// start + later its demand in time, for the estate and, summing the
// establishments of the directory, each region.
func attackHeadline(t *testing.T, a *intruder, dir, estate string, nk func(g, m, it string) string) {
	t.Helper()
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	hk := func(level, key, unit, col string) string { return "head|" + level + "|" + key + "|" + unit + "|" + col }
	cols := []string{"people", "no_time", "must_start", "later", "flow_per_year"}
	type at struct{ level, key string }
	units := map[at][]string{}
	for _, r := range readCSV(t, dir, "headline") {
		k := func(col string) string { return hk(r["level"], r["key"], r["unit"], col) }
		for _, c := range cols {
			a.see(k(c), "headline.csv", r[c], true)
		}
		a.derivedBeside(k("flow_per_year"), "headline.csv", "coverage", r["steady_state_coverage"])
		a.derivedBeside(k("flow_per_year"), "headline.csv", "years to clear", r["years_to_clear"])
		a.derivedBeside(k("must_start"), "headline.csv", "years to clear", r["years_to_clear"])
		a.sum(k("people"), k("no_time"), k("must_start"), k("later"))
		units[at{r["level"], r["key"]}] = append(units[at{r["level"], r["key"]}], r["unit"])
	}
	var dirJSON struct {
		Establishments []struct{ Code, Region string } `json:"establishments"`
	}
	if err := json.Unmarshal(mustRead(t, filepath.Join(dir, "directory", "directory.json")), &dirJSON); err != nil {
		t.Fatal(err)
	}
	estsOf := map[string][]string{}
	for _, e := range dirJSON.Establishments {
		estsOf[e.Region] = append(estsOf[e.Region], e.Code)
	}
	famProgs, coreFams := map[string][]string{}, []string{}
	for _, f := range cat.Families() {
		if f.Role == model.CoreRole {
			coreFams = append(coreFams, f.Name)
		}
	}
	for i := range cat.Len() {
		if f := cat.Family(i); f >= 0 {
			famProgs[cat.Families()[f].Name] = append(famProgs[cat.Families()[f].Name], cat.At(i).Code)
		}
	}
	for where, us := range units {
		for _, c := range cols {
			var core []string
			for _, f := range coreFams {
				core = append(core, hk(where.level, where.key, f, c))
			}
			a.sum(hk(where.level, where.key, "core", c), core...)
			for f, progs := range famProgs {
				if !slices.Contains(us, f) {
					continue
				}
				var parts []string
				for _, p := range progs {
					parts = append(parts, hk(where.level, where.key, p, c))
				}
				a.sum(hk(where.level, where.key, f, c), parts...)
			}
			if where.level != "estate" {
				continue
			}
			for _, u := range us {
				var regions []string
				for w := range units {
					if w.level == "region" {
						regions = append(regions, hk("region", w.key, u, c))
					}
				}
				a.sum(hk("estate", "estate", u, c), regions...)
			}
		}
		for _, u := range us {
			if _, ok := cat.Lookup(u); !ok {
				continue
			}
			groups := []string{estate}
			if where.level == "region" {
				groups = estsOf[where.key]
			}
			var demand, inTime []string
			for _, g := range groups {
				demand, inTime = append(demand, nk(g, "demand", u)), append(inTime, nk(g, "demand_in_time", u))
			}
			a.relate([]string{hk(where.level, where.key, u, "people")}, demand)
			a.relate([]string{hk(where.level, where.key, u, "must_start"), hk(where.level, where.key, u, "later")}, inTime)
		}
	}
}

// attack reads a report's published outputs into the intruder.
func attack(t *testing.T, dir string) *intruder {
	a := newIntruder(t)
	nk := func(g, m, it string) string { return "needs|" + g + "|" + m + "|" + it }
	// needs.csv and needs_estate.csv: counts, denominators, shares.
	denomKey := func(r map[string]string) string {
		switch r["measure"] {
		case "need":
			return nk(r["group"], "assessed", r["item"])
		case "ldc":
			return nk(r["group"], "screened", "")
		case "demand_in_time":
			return nk(r["group"], "demand", r["item"])
		}
		return nk(r["group"], "people", "")
	}
	groups := map[string][]string{} // measure|item → establishment keys
	var estate string
	for _, name := range []string{"needs", "needs_estate"} {
		for _, r := range readCSV(t, dir, name) {
			k := nk(r["group"], r["measure"], r["item"])
			a.see(k, name+".csv", r["count"], true)
			a.see(denomKey(r), name+".csv denominator", r["denominator"], true)
			if name == "needs" {
				groups[r["measure"]+"|"+r["item"]] = append(groups[r["measure"]+"|"+r["item"]], r["group"])
			} else {
				estate = r["group"]
			}
		}
	}
	for _, name := range []string{"needs", "needs_estate"} {
		for _, r := range readCSV(t, dir, name) {
			k := nk(r["group"], r["measure"], r["item"])
			for _, c := range []string{"share", "ci_low", "ci_high"} {
				a.derivedBeside(k, name+".csv", c, r[c])
				a.derivedBeside(denomKey(r), name+".csv", c, r[c])
			}
		}
	}
	// Sets: a group's pathways add up to its people; establishments add
	// up to the estate; the assessed and screened too.
	for mi, ests := range groups {
		m, it, _ := strings.Cut(mi, "|")
		var parts []string
		for _, e := range ests {
			parts = append(parts, nk(e, m, it))
		}
		a.sum(nk(estate, m, it), parts...)
		if m == "need" {
			var dens []string
			for _, e := range ests {
				dens = append(dens, nk(e, "assessed", it))
			}
			a.sum(nk(estate, "assessed", it), dens...)
		}
		if m == "ldc" {
			var dens []string
			for _, e := range ests {
				dens = append(dens, nk(e, "screened", ""))
			}
			a.sum(nk(estate, "screened", ""), dens...)
		}
	}
	pathways := []string{}
	for mi := range groups {
		if m, it, _ := strings.Cut(mi, "|"); m == "pathway" {
			pathways = append(pathways, it)
		}
	}
	var all []string
	for _, ests := range groups {
		all = append(all, ests...)
	}
	slices.Sort(all)
	for _, g := range append(slices.Compact(all), estate) {
		var parts []string
		for _, pw := range pathways {
			parts = append(parts, nk(g, "pathway", pw))
		}
		a.sum(nk(g, "people", ""), parts...)
	}

	// Gaps: establishments, regions, the estate; unmet by class.
	gk := func(e, p string) string { return "gap|" + e + "|" + p }
	rk := func(r, p, c string) string { return "gapr|" + r + "|" + p + "|" + c }
	type set struct{ demand, nrh, nroe []string }
	sets := map[[2]string]*set{}
	at := func(k [2]string) *set {
		if sets[k] == nil {
			sets[k] = &set{}
		}
		return sets[k]
	}
	for _, r := range readCSV(t, dir, "gaps") {
		k := gk(r["establishment"], r["programme"])
		a.see(k, "gaps.csv", r["demand"], true)
		for _, c := range []string{"gap", "coverage"} {
			a.derivedBeside(k, "gaps.csv", c, r[c])
		}
		for _, key := range [][2]string{{r["region"], r["programme"]}, {"estate", r["programme"]}} {
			s := at(key)
			s.demand = append(s.demand, k)
			switch r["class"] {
			case "not_run_here":
				s.nrh = append(s.nrh, k)
			case "not_run_often_enough":
				s.nroe = append(s.nroe, k)
			}
		}
	}
	regionProgs := map[string][]string{}
	for _, name := range []string{"gaps_by_region", "gaps_by_programme"} {
		for _, r := range readCSV(t, dir, name) {
			region := r["region"]
			if name == "gaps_by_programme" {
				region = "estate"
			}
			for _, c := range []string{"demand", "unmet_not_run_here", "unmet_not_run_often_enough"} {
				a.see(rk(region, r["programme"], c), name+".csv", r[c], true)
			}
			for _, c := range []string{"gap", "coverage"} {
				a.derivedBeside(rk(region, r["programme"], "demand"), name+".csv", c, r[c])
			}
			if r["programme"] != "all" {
				regionProgs[region] = append(regionProgs[region], r["programme"])
			}
		}
	}
	var regions []string
	for key, s := range sets {
		a.sum(rk(key[0], key[1], "demand"), s.demand...)
		a.sum(rk(key[0], key[1], "unmet_not_run_here"), s.nrh...)
		a.sum(rk(key[0], key[1], "unmet_not_run_often_enough"), s.nroe...) // places are public
		if key[0] != "estate" && !slices.Contains(regions, key[0]) {
			regions = append(regions, key[0])
		}
	}
	for _, c := range []string{"demand", "unmet_not_run_here", "unmet_not_run_often_enough"} {
		var regionAll []string
		for region, progs := range regionProgs {
			var parts []string
			for _, p := range progs {
				parts = append(parts, rk(region, p, c))
			}
			a.sum(rk(region, "all", c), parts...)
			if region != "estate" {
				regionAll = append(regionAll, rk(region, "all", c))
			}
		}
		a.sum(rk("estate", "all", c), regionAll...)
		for _, p := range regionProgs["estate"] {
			var parts []string
			for _, region := range regions {
				parts = append(parts, rk(region, p, c))
			}
			a.sum(rk("estate", p, c), parts...)
		}
	}

	attackHeadline(t, a, dir, estate, nk)

	// Transfers: moves between regions, by establishment, and the totals.
	rowOut, colIn := map[string][]string{}, map[string][]string{}
	var cells []string
	for _, r := range readCSV(t, dir, "transfer_matrix") {
		k := "tm|" + r["from"] + "|" + r["to"]
		a.see(k, "transfer_matrix.csv", r["moves"], true)
		rowOut[r["from"]] = append(rowOut[r["from"]], k)
		colIn[r["to"]] = append(colIn[r["to"]], k)
		cells = append(cells, k)
	}
	estOut, estIn := map[string][]string{}, map[string][]string{}
	var outs, ins []string
	for _, r := range readCSV(t, dir, "net_flows") {
		o, i := "nf|"+r["establishment"]+"|out", "nf|"+r["establishment"]+"|in"
		a.see(o, "net_flows.csv", r["moves_out"], true)
		a.see(i, "net_flows.csv", r["moves_in"], true)
		estOut[r["region"]] = append(estOut[r["region"]], o)
		estIn[r["region"]] = append(estIn[r["region"]], i)
		outs, ins = append(outs, o), append(ins, i)
	}
	for _, region := range regions {
		a.relate(rowOut[region], estOut[region])
		a.relate(colIn[region], estIn[region])
	}
	a.sum("tr|placed", cells...)
	a.sum("tr|placed", outs...)
	a.sum("tr|placed", ins...)

	// Simulation: programmes add up to the estate; starts end in one of
	// four ways (or are still in progress).
	simRows := readCSV(t, dir, "simulation")
	people := map[string]bool{"completed_in_time": true, "completed_late": true, "dropped_out": true, "released_untreated": true,
		"waiting_at_horizon": true, "in_progress_at_horizon": true, "starts": true, "released_too_short": true}
	byMeasure := map[string][]string{}
	for _, r := range simRows {
		k := "sim|" + r["programme"] + "|" + r["measure"]
		if people[r["measure"]] {
			a.see(k, "simulation.csv", r["mean"], true)
			a.derivedBeside(k, "simulation.csv", "ci_low", r["ci_low"])
			a.derivedBeside(k, "simulation.csv", "ci_high", r["ci_high"])
			if r["level"] == "programme" {
				byMeasure[r["measure"]] = append(byMeasure[r["measure"]], k)
			}
		}
	}
	for _, r := range simRows {
		if strings.HasSuffix(r["measure"], "_wait_months") || r["measure"] == "empty_places" || r["measure"] == "p_start_in_time" {
			a.derivedBeside("sim|"+r["programme"]+"|starts", "simulation.csv", r["measure"], r["mean"])
		}
	}
	for m, ks := range byMeasure {
		a.sum("sim|estate|"+m, ks...)
	}
	progs := map[string]bool{"estate": true}
	for _, r := range simRows {
		progs[r["programme"]] = true
	}
	for p := range progs {
		s := func(m string) string { return "sim|" + p + "|" + m }
		a.sum(s("starts"), s("completed_in_time"), s("completed_late"), s("dropped_out"), s("in_progress_at_horizon"))
	}
	// People waiting: at month 0 every replication starts from the same
	// people, so the programmes add up to the estate.
	month0 := map[string][]string{}
	for _, r := range readCSV(t, dir, "waiting_over_time") {
		for _, q := range []string{"p05", "p50", "p95"} {
			a.see("wot|"+r["series"]+"|"+r["month"]+"|"+q, "waiting_over_time.csv", r[q], true)
		}
		if r["month"] == "0" {
			month0[r["series"]] = nil
		}
	}
	var parts []string
	for s := range month0 {
		if s != "estate" {
			parts = append(parts, "wot|"+s+"|0|p50")
		}
	}
	a.sum("wot|estate|0|p50", parts...)

	// index.html: the same figures, and the summary's.
	index := string(mustRead(t, filepath.Join(dir, "index.html")))
	needRows := readCSV(t, dir, "needs_estate")
	var needItems, pathItems []string
	for _, r := range needRows {
		switch r["measure"] {
		case "need":
			needItems = append(needItems, r["item"])
		case "pathway":
			pathItems = append(pathItems, r["item"])
		}
	}
	for i, row := range tableRows(index, "needs-table") {
		if i >= len(needItems) || len(row) < 6 {
			t.Fatalf("index.html needs table row %d: %v", i, row)
		}
		k := nk(estate, "need", needItems[i])
		a.see(k, "index.html needs", row[2], true)
		a.see(nk(estate, "assessed", needItems[i]), "index.html needs", row[3], true)
		a.derivedBeside(k, "index.html needs", "share", row[4])
		a.derivedBeside(k, "index.html needs", "interval", row[5])
		a.derivedBeside(nk(estate, "assessed", needItems[i]), "index.html needs", "share", row[4])
	}
	for i, row := range tableRows(index, "pathway-table") {
		a.see(nk(estate, "pathway", pathItems[i]), "index.html pathways", row[2], true)
	}
	for _, row := range tableRows(index, "gaps-table") {
		a.see(rk("estate", row[0], "demand"), "index.html gaps", row[2], true)
		a.derivedBeside(rk("estate", row[0], "demand"), "index.html gaps", "coverage", row[4])
		a.see(rk("estate", row[0], "unmet_not_run_here"), "index.html gaps", row[5], true)
		a.see(rk("estate", row[0], "unmet_not_run_often_enough"), "index.html gaps", row[6], true)
	}
	for _, row := range tableRows(index, "sim-table") {
		for j, m := range []string{"starts", "completed_in_time", "released_untreated", "released_too_short"} {
			a.see("sim|"+row[0]+"|"+m, "index.html outcomes", row[2+j], true)
		}
		a.derivedBeside("sim|"+row[0]+"|starts", "index.html outcomes", "share started", row[6])
		a.derivedBeside("sim|"+row[0]+"|released_untreated", "index.html outcomes", "share started", row[6])
		a.derivedBeside("sim|"+row[0]+"|starts", "index.html outcomes", "median wait", row[7])
	}
	// The largest gaps: establishment and programme codes in small print.
	if i := strings.Index(index, `id="largest"`); i >= 0 {
		body := index[i : i+strings.Index(index[i:], "</table>")]
		body = body[strings.Index(body, "<tbody>"):]
		for _, tr := range trRe.FindAllStringSubmatch(body, -1) {
			codes := codeRe.FindAllStringSubmatch(tr[1], -1)
			cs := cellRe.FindAllStringSubmatch(tr[1], -1)
			if len(codes) == 2 && len(cs) >= 5 {
				a.see(gk(codes[0][1], codes[1][1]), "index.html largest gaps", tagRe.ReplaceAllString(cs[2][1], ""), true)
				a.derivedBeside(gk(codes[0][1], codes[1][1]), "index.html largest gaps", "shortfall", tagRe.ReplaceAllString(cs[4][1], ""))
			}
		}
	}
	summary := html.UnescapeString(tagRe.ReplaceAllString(index[strings.Index(index, `id="summary"`):strings.Index(index, `id="needs"`)], ""))
	text := func(re, key string) {
		m := regexp.MustCompile(re).FindStringSubmatch(summary)
		if m == nil {
			t.Errorf("index.html summary: no %s", re)
			return
		}
		a.see(key, "index.html summary", m[1], true)
	}
	text(`([0-9,\[\]c]+) people are held`, nk(estate, "people", ""))
	head := func(unit, col string) string { return "head|estate|estate|" + unit + "|" + col }
	text(`establishments\. ([0-9,\[\]c]+) of them need`, head("any", "people"))
	text(`now, ([0-9,\[\]c]+) a core`, head("core", "people"))
	text(`need one, ([0-9,\[\]c]+) must start`, head("any", "must_start"))
	text(`backlog\), ([0-9,\[\]c]+) can start later`, head("any", "later"))
	text(`and ([0-9,\[\]c]+) have no time`, head("any", "no_time"))
	text(`about ([0-9,\[\]c]+) more people`, head("any", "flow_per_year"))
	text(`about ([0-9,\[\]c]+) people need a programme now`, "range|central")
	text(`\(from ([0-9,\[\]c]+) on current`, "range|low")
	text(`to ([0-9,\[\]c]+) at the upper`, "range|high")
	for _, row := range tableRows(index, "headline-table") {
		unit := strings.ReplaceAll(row[1], " ", "_")
		switch row[1] {
		case "any programme":
			unit = "any"
		case "core programme (one each)":
			unit = "core"
		}
		for j, c := range []string{"people", "no_time", "must_start", "later", "flow_per_year"} {
			a.see(head(unit, c), "index.html headline", row[2+j], true)
		}
		a.derivedBeside(head(unit, "flow_per_year"), "index.html headline", "coverage", row[8])
		a.derivedBeside(head(unit, "flow_per_year"), "index.html headline", "years to clear", row[9])
		a.derivedBeside(head(unit, "must_start"), "index.html headline", "years to clear", row[9])
	}
	text(`([0-9,\[\]c]+) people with a current programme`, "tr|people")
	text(`: ([0-9,\[\]c]+) move for a place`, "tr|placed")
	text(`and ([0-9,\[\]c]+) get none`, "tr|unplaced")
	text(`— ([0-9,\[\]c]+) because the places`, "tr|places_taken")
	text(`, ([0-9,\[\]c]+) because no place`, "tr|no_place_anywhere")
	text(`: ([0-9,\[\]c]+)(?: \([^)]*\))? needs released untreated`, "sim|estate|released_untreated")
	text(`and ([0-9,\[\]c]+)(?: \([^)]*\))? released after too short`, "sim|estate|released_too_short")
	text(`; ([0-9,\[\]c]+)(?: \([^)]*\))? completed in time`, "sim|estate|completed_in_time")
	a.sum("tr|people", "tr|placed", "tr|unplaced")
	a.sum("tr|unplaced", "tr|no_place_anywhere", "tr|places_taken")
	quality := html.UnescapeString(tagRe.ReplaceAllString(index[strings.Index(index, `id="assumptions"`):strings.Index(index, `id="method"`)], ""))
	for re, key := range map[string]string{
		`([0-9,\[\]c]+) people have an assessment more than`: nk(estate, "stale_assessment", ""),
		`; ([0-9,\[\]c]+) have no assessment date`:           nk(estate, "no_assessment_date", ""),
		`([0-9,\[\]c]+) people's Programme Needs Identifier`: nk(estate, "pathway", "information_missing"),
	} {
		m := regexp.MustCompile(re).FindStringSubmatch(quality)
		if m == nil {
			t.Errorf("index.html data quality: no %s", re)
			continue
		}
		a.see(key, "index.html data quality", m[1], true)
	}

	// The directory: its JSON, CSV and pages show the demand of each
	// progression route.
	var dir2 struct {
		Establishments []struct {
			Code   string `json:"code"`
			Routes []struct {
				Programme string `json:"programme"`
				Demand    string `json:"people_who_need_it"`
			} `json:"needed_but_not_run"`
		} `json:"establishments"`
	}
	if err := json.Unmarshal(mustRead(t, filepath.Join(dir, "directory", "directory.json")), &dir2); err != nil {
		t.Fatal(err)
	}
	for _, e := range dir2.Establishments {
		for _, r := range e.Routes {
			a.see(gk(e.Code, r.Programme), "directory.json", r.Demand, true)
		}
		page := string(mustRead(t, filepath.Join(dir, "directory", "establishments", e.Code+".html")))
		for _, row := range tableRows(page, "routes-table") {
			a.see(gk(e.Code, row[0]), "directory/establishments/"+e.Code+".html", row[2], true)
		}
	}
	recs, err := csv.NewReader(bytes.NewReader(mustRead(t, filepath.Join(dir, "directory", "directory.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for j, h := range recs[0] {
		col[h] = j
	}
	for _, r := range recs[1:] {
		if r[col["record"]] == "route" {
			a.see(gk(r[col["establishment"]], r[col["programme"]]), "directory.csv", r[col["people_who_need_it"]], true)
		}
	}
	return a
}

// TestDisclosureAttack attacks the sample's report (24 people: nearly every
// figure is small) and, unless -short, the national dataset's.
func TestDisclosureAttack(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, dataset string }{{"sample", sample}, {"national", ""}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.dataset == "" && testing.Short() {
				t.Skip("the national report takes a few seconds")
			}
			out := filepath.Join(t.TempDir(), "report")
			args := []string{"report", "--out", out, "--replications", "2", "--years", "1"}
			if c.dataset != "" {
				args = append(args, "--dataset", c.dataset)
			} else {
				// The plan's section publishes no table; its simulation
				// would double the national report's time under -race.
				args = append(args, "--no-plan")
			}
			if code, _, errb := runCLI(t, args...); code != 0 {
				t.Fatalf("exit %d: %s", code, errb)
			}
			a := attack(t, out)
			a.consistency()
			a.solve()
			hidden := 0
			for k := range a.obs {
				if _, h, _ := a.state(k); h {
					hidden++
				}
			}
			if hidden == 0 {
				t.Fatal("nothing suppressed: the attack has nothing to attack")
			}
			for _, l := range a.leaks {
				t.Error(l)
			}
			t.Logf("%d figures, %d suppressed, %d recovered", len(a.obs), hidden, len(a.leaks))
			// ±2: the same report without suppression gives the true
			// figures (disclosure_bounds_test.go).
			outTrue := filepath.Join(t.TempDir(), "true")
			if code, _, errb := runCLI(t, append(slices.Clone(args[:len(args):len(args)]), "--no-suppression", "--out", outTrue)...); code != 0 {
				t.Fatalf("--no-suppression: exit %d: %s", code, errb)
			}
			narrow, checked := a.bounds(attack(t, outTrue))
			for _, n := range narrow {
				t.Error(n)
			}
			if checked == 0 {
				t.Fatal("no small figure suppressed: the bounds have nothing to check")
			}
			t.Logf("%d small figures suppressed, %d can be bounded to ±%d", checked, len(narrow), protectionMargin)
			if c.dataset == "" {
				checkDisclosureDoc(t, out)
				checkHumberPage(t, out)
			}
		})
	}
}

// TestDisclosureAttackFinds checks the intruder is not toothless: in each
// kind of set of the sample's report that hides exactly two figures, show
// one of them (as a careless table would) and the intruder must recover
// the other.
func TestDisclosureAttackFinds(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "report")
	if code, _, errb := runCLI(t, "report", "--dataset", sample, "--out", out, "--replications", "2", "--years", "1"); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	a := attack(t, out)
	kinds := map[string]bool{}
	for _, r := range a.rels {
		var hid []string
		for _, k := range r {
			if _, h, _ := a.state(k); h {
				hid = append(hid, k)
			}
		}
		kind := strings.SplitN(r[0], "|", 2)[0]
		if len(hid) != 2 || kinds[kind] {
			continue
		}
		kinds[kind] = true
		b := attack(t, out)
		b.obs[hid[0]] = append(b.obs[hid[0]], observation{hid[0], "a careless table", 7, false})
		b.solve()
		if !slices.ContainsFunc(b.leaks, func(l string) bool { return strings.HasPrefix(l, hid[1]+" can be worked out") }) {
			t.Errorf("with %s shown, the intruder did not recover %s from %v", hid[0], hid[1], r)
		}
	}
	if len(kinds) == 0 {
		t.Fatal("no set hides exactly two figures")
	}
	t.Logf("checked sets of %v", kinds)
}

// checkDisclosureDoc reads the national report's disclosure figures and
// checks docs/disclosure.md quotes them: the small figures an intruder can
// bound to ±2 (the report's quality note) and, per table, the suppressed
// cells (the last column), so the page cannot drift from the code.
func checkDisclosureDoc(t *testing.T, out string) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "disclosure.md"))
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(doc)), " ")
	var want string
	if m := regexp.MustCompile(`each of the ([\d,]+) figures suppressed for being small is proved`).FindSubmatch(page); m != nil {
		want = fmt.Sprintf("**each of the %s**", m[1])
	} else if m := regexp.MustCompile(`Of the ([\d,]+) figures suppressed for being small, ([\d,]+) are proved`).FindSubmatch(page); m != nil {
		want = fmt.Sprintf("**%s of the %s**", m[2], m[1])
	} else {
		t.Fatal("the report has no quality note on figures bounded to ±2")
	}
	if !strings.Contains(flat, want) {
		t.Errorf("docs/disclosure.md does not quote the report's %s", want)
	}
	rows := regexp.MustCompile(`(?m)^\| ([a-z_]+\.csv)[^|]*\|(?:[^|]*\|)*? ([\d,]+) of ([\d,]+) \|$`).FindAllStringSubmatch(string(doc), -1)
	if len(rows) == 0 {
		t.Fatal("docs/disclosure.md has no table of suppressed cells")
	}
	for _, r := range append(rows, []string{"", "simulation.csv", "0", ""}, []string{"", "waiting_over_time.csv", "0", ""}) {
		f, err := os.Open(filepath.Join(out, "tables", r[1]))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		hidden, cells := 0, 0
		for j, h := range recs[0] {
			if !strings.HasSuffix(h, "_suppressed") {
				continue
			}
			for _, rec := range recs[1:] {
				cells++
				if rec[j] == "true" {
					hidden++
				}
			}
		}
		if r[3] == "" { // modelled tables: nothing suppressed, at any length
			if hidden != 0 {
				t.Errorf("%s: %d suppressed; docs/disclosure.md says none", r[1], hidden)
			}
			continue
		}
		if got := fmt.Sprintf("%s of %s", thousandsInt(hidden), thousandsInt(cells)); got != r[2]+" of "+r[3] {
			t.Errorf("%s: %s suppressed; docs/disclosure.md says %s of %s", r[1], got, r[2], r[3])
		}
	}
}

// thousandsInt writes n with thousands separators.
func thousandsInt(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
