package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
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

// skeleton is a page for a golden file: the inline charts' drawing left
// out (gonum/plot pins it in its own tests), everything else kept.
func skeleton(page string) string {
	return regexp.MustCompile(`(?s)(<svg [^>]*>).*?</svg>`).ReplaceAllString(page, "$1…</svg>")
}

// TestReport writes the report of the sample: every section, the tables,
// charts and directory; charts inline as SVG and nothing fetched; small
// counts suppressed; the structure of index.html, the directory's index,
// an establishment page and a programme page and the directory's JSON and
// CSV pinned as golden files (seed 1); and a rerun replaces the report whole.
func TestReport(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "report")
	code, _, errb := runCLI(t, "report", "--dataset", sample, "--out", out, "--replications", "4", "--years", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	index := string(mustRead(t, filepath.Join(out, "index.html")))
	for _, id := range []string{`id="summary"`, `id="needs"`, `id="gaps"`, `id="waiting"`, `id="transfers"`, `id="assumptions"`, `id="method"`,
		`<svg role="img"`, "Counts of people from 1 to 4", "directory/index.html", `href="#main"`, "Too short a stay: released still needing it"} {
		if !strings.Contains(index, id) {
			t.Errorf("index.html lacks %s", id)
		}
	}
	if strings.Contains(index, "<img") || strings.Contains(index, "data:image") || strings.Contains(index, "<script") {
		t.Error("index.html has an image, a data URI or a script: charts must be inline SVG and the page inert")
	}
	if n := strings.Count(index, "<svg "); n != 6 {
		t.Errorf("index.html has %d inline charts, want 6", n)
	}
	if regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(index) {
		t.Error("index.html refers to something on the network")
	}
	for _, f := range []string{"tables/needs.csv", "tables/needs.parquet", "tables/needs_estate.csv", "tables/needs_estate.parquet",
		"tables/gaps.csv", "tables/simulation.parquet", "charts/gap-heatmap.svg", "charts/gap-largest.png", "charts/waiting-over-time.svg",
		"charts/transfer-flows.svg", "charts/allocation-frontier.svg", "directory/index.html", "directory/establishments/HMI.html", "directory/programmes/TSP.html",
		"directory/directory.csv", reports.MarkerFile} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, reports.NotForPublicationFile)); err == nil {
		t.Errorf("a published report has %s", reports.NotForPublicationFile)
	}
	checkTypedTables(t, out)
	js := mustRead(t, filepath.Join(out, "directory", "directory.json"))
	var dir map[string]any
	if err := json.Unmarshal(js, &dir); err != nil {
		t.Fatalf("directory.json: %v", err)
	}
	checkGolden(t, "directory.json", string(js))
	checkGolden(t, "directory.csv", string(mustRead(t, filepath.Join(out, "directory", "directory.csv"))))
	checkGolden(t, "directory-SFI.html", string(mustRead(t, filepath.Join(out, "directory", "establishments", "SFI.html"))))
	checkGolden(t, "directory-TSP.html", string(mustRead(t, filepath.Join(out, "directory", "programmes", "TSP.html"))))
	checkGolden(t, "directory-index.html", string(mustRead(t, filepath.Join(out, "directory", "index.html"))))
	checkGolden(t, "report-index.html", skeleton(index))
	if moves := string(mustRead(t, filepath.Join(out, "tables", "net_flows.csv"))); strings.Contains(moves, ",net") {
		t.Error("the published net flows keep the net column, which can reveal suppressed counts")
	}
	hmi := string(mustRead(t, filepath.Join(out, "directory", "establishments", "HMI.html")))
	if !strings.Contains(hmi, "What runs here") || !strings.Contains(hmi, "progression routes") {
		t.Error("establishment page lacks its sections")
	}
	// Internal use: no suppression, said so; the old report is replaced.
	code, _, errb = runCLI(t, "report", "--dataset", sample, "--out", out, "--replications", "2", "--years", "1", "--no-suppression")
	if code != 0 {
		t.Fatalf("--no-suppression: exit %d: %s", code, errb)
	}
	if strings.Contains(string(mustRead(t, filepath.Join(out, "tables", "needs.csv"))), "[c]") {
		t.Error("--no-suppression still suppressed")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("the output's parent holds %d entries, want only the report (no temporary or old directories)", len(entries))
	}
}

// TestReportNotForPublication: a report built with --no-suppression says
// so on every page, in every table (a column, in CSV and Parquet), in the
// directory's JSON and CSV, and with a _NOT_FOR_PUBLICATION file.
func TestReportNotForPublication(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "report")
	if code, _, errb := runCLI(t, "report", "--dataset", sample, "--out", out, "--replications", "2", "--years", "1", "--no-suppression"); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	for _, f := range []string{reports.NotForPublicationFile, "tables/" + reports.NotForPublicationFile, "directory/" + reports.NotForPublicationFile} {
		if b, err := os.ReadFile(filepath.Join(out, f)); err != nil || !bytes.Contains(b, []byte("NOT FOR PUBLICATION")) {
			t.Errorf("%s missing or silent", f)
		}
	}
	err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		b := mustRead(t, path)
		switch filepath.Ext(path) {
		case ".html":
			if !bytes.Contains(b, []byte(`<div class="banner" role="alert"><strong>Not for publication.</strong>`)) {
				t.Errorf("%s has no not-for-publication banner", rel)
			}
		case ".csv":
			head, _, _ := strings.Cut(string(b), "\n")
			if !strings.HasSuffix(head, ",not_for_publication") {
				t.Errorf("%s has no not_for_publication column: %s", rel, head)
			}
		case ".parquet":
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			tab, err := data.ReadTableParquet(context.Background(), f, rel)
			if err != nil {
				return err
			}
			if c := tab.Columns[len(tab.Columns)-1]; c.Name != "not_for_publication" || (len(c.Text) > 0 && c.Text[0] != "true") {
				t.Errorf("%s has no not_for_publication column", rel)
			}
		case ".json":
			if !bytes.Contains(b, []byte(`"not_for_publication": true`)) {
				t.Errorf("%s has no not_for_publication key", rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReportOut: --out replaces only an earlier report (or an empty
// directory); a file or a directory of anything else is left alone with
// exit status 2, and nothing is written.
func TestReportOut(t *testing.T) {
	t.Parallel()
	args := func(out string) []string {
		return []string{"report", "--dataset", sample, "--out", out, "--replications", "1", "--years", "0.5"}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, path string)
		code  int
	}{
		{"new", func(*testing.T, string) {}, 0},
		{"empty directory", func(t *testing.T, p string) { must(t, os.Mkdir(p, 0o755)) }, 0},
		{"a file", func(t *testing.T, p string) { must(t, os.WriteFile(p, []byte("keep me"), 0o644)) }, 2},
		{"a directory of other things", func(t *testing.T, p string) {
			must(t, os.MkdirAll(filepath.Join(p, "letters"), 0o755))
			must(t, os.WriteFile(filepath.Join(p, "letters", "mum.txt"), []byte("keep me"), 0o644))
		}, 2},
		{"a directory with a marker directory", func(t *testing.T, p string) {
			must(t, os.MkdirAll(filepath.Join(p, reports.MarkerFile), 0o755))
			must(t, os.WriteFile(filepath.Join(p, "notes.txt"), []byte("keep me"), 0o644))
		}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			tt.setup(t, out)
			before := listTree(t, parent)
			code, _, errb := runCLI(t, args(out)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errb)
			}
			if tt.code != 0 {
				if after := listTree(t, parent); !slices.Equal(before, after) {
					t.Errorf("refused, yet the files changed:\nbefore %v\nafter  %v", before, after)
				}
				if !strings.Contains(errb, "left alone") && !strings.Contains(errb, "not a directory") {
					t.Errorf("the error does not say why: %s", errb)
				}
				return
			}
			if _, err := os.Stat(filepath.Join(out, reports.MarkerFile)); err != nil {
				t.Error("the report has no marker")
			}
			// An earlier report is replaced.
			if code, _, errb := runCLI(t, args(out)...); code != 0 {
				t.Fatalf("rerun: exit %d: %s", code, errb)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// listTree lists every path under dir with its contents' size.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(dir, path)
		out = append(out, rel+":"+info.Mode().String()+":"+strings.Repeat("#", int(min(info.Size(), 64))))
		return nil
	})
	return out
}

// TestReportEscaping feeds names with markup, quotes and ampersands through
// the report and the directory: the pages, and the charts inlined in
// index.html, must show them as text.
func TestReportEscaping(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyFile(t, filepath.Join(sample, "profiles.csv"), dir)
	copyFile(t, filepath.Join(sample, "offerings.csv"), dir)
	ests := strings.Replace(string(mustRead(t, filepath.Join(sample, "establishments.csv"))),
		"Humber (HMP)", `"Humber <script>alert(1)</script> & ""Co"" <img src=x onerror=alert(2)>"`, 1)
	ests = strings.Replace(ests, "The Midlands", `"Mid<b>lands</b> & ""Co"" <svg onload=alert(3)>"`, -1)
	if err := os.WriteFile(filepath.Join(dir, "establishments.csv"), []byte(ests), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "report")
	if code, _, errb := runCLI(t, "report", "--dataset", dir, "--out", out, "--replications", "2", "--years", "1"); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	live := regexp.MustCompile(`(?i)<script>alert|<img src=x|<b>lands|<svg onload|<[a-z][^>]*\son[a-z]+="`)
	for _, f := range []string{"index.html", "directory/index.html", "directory/establishments/HMI.html", "directory/establishments/SFI.html",
		"directory/programmes/TSP.html", "charts/gap-heatmap.svg", "charts/transfer-flows.svg"} {
		page := string(mustRead(t, filepath.Join(out, f)))
		if m := live.FindString(page); m != "" {
			t.Errorf("%s: markup from the data is live: %q", f, m)
		}
	}
	index := string(mustRead(t, filepath.Join(out, "index.html")))
	if strings.Count(index, "<script") > 0 || strings.Contains(index, "<foreignObject") {
		t.Error("index.html has a script or foreign content")
	}
	// The region's name reaches the inline charts' labels, escaped.
	if !strings.Contains(index, "Mid&lt;b&gt;lands&lt;/b&gt; &amp;") {
		t.Error("the charts inlined in index.html do not show the region's name as text")
	}
	if !strings.Contains(string(mustRead(t, filepath.Join(out, "directory", "establishments", "HMI.html"))), "&lt;script&gt;alert(1)&lt;/script&gt; &amp;") {
		t.Error("HMI's page does not show its name as text")
	}
	var js map[string]any
	if err := json.Unmarshal(mustRead(t, filepath.Join(out, "directory", "directory.json")), &js); err != nil {
		t.Errorf("directory.json: %v", err)
	}
}

// TestReportScenario builds the report of a scenario that extends another:
// its changes (Humber's TSP doubled shows in the directory) and, in the
// method note, both files' checksums, paths relative to the scenario (no
// absolute path anywhere), the changes listed and the build.
func TestReportScenario(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	abs, _ := filepath.Abs(sample)
	must(t, os.MkdirAll(filepath.Join(dir, "base"), 0o755))
	base := filepath.Join(dir, "base", "base.yaml")
	must(t, os.WriteFile(base, []byte("name: base\ndataset: "+abs+"\nyears: 1\nreplications: 2\n"), 0o644))
	sc := filepath.Join(dir, "more-tsp.yaml")
	body := "name: more TSP at Humber\nextends: base/base.yaml\nofferings:\n  - {establishment: HMI, programme: TSP, action: scale, factor: 2}\n"
	must(t, os.WriteFile(sc, []byte(body), 0o644))
	out := filepath.Join(dir, "report")
	if code, _, errb := runCLI(t, "report", "--scenario", sc, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	index := string(mustRead(t, filepath.Join(out, "index.html")))
	if !strings.Contains(index, "scenario more TSP at Humber") {
		t.Error("the report does not name its scenario")
	}
	sum := func(p string) string { b, _ := os.ReadFile(p); return data.Checksum(b) }
	for _, want := range []string{sum(sc), sum(base), "<td>base/base.yaml</td>", "<td>more-tsp.yaml</td>", "<td>profiles.csv</td>",
		"HMI: scale Thinking Skills Programme (TSP) by ×2.", "Extends base/base.yaml", "needsplan (devel), revision not recorded (a build without version control information)", "catalogue version 20"} {
		if !strings.Contains(html.UnescapeString(index), want) {
			t.Errorf("the method note lacks %q", want)
		}
	}
	// (Not os.TempDir() itself: a relative path such as ../../tmp.x/… holds
	// "/tmp" without being absolute, as when the checkout is under /tmp.)
	for _, p := range []string{dir, abs} {
		if strings.Contains(index, p) {
			t.Errorf("index.html shows the absolute path %s", p)
		}
	}
	// The sample's HMI runs TSP 4 times a year (48 places); doubled: 96.
	if page := string(mustRead(t, filepath.Join(out, "directory", "establishments", "HMI.html"))); !strings.Contains(page, `<td class="num">96</td><td class="num">8</td>`) {
		t.Error("Humber's page does not show the doubled TSP")
	}

	// --receptions holds under --scenario: 50,000 receptions a year at HMI
	// make its largest demand shown over 12 months far larger than with the
	// sample's few (the scenario's set-up once estimated receptions from the
	// stock again).
	rec := filepath.Join(dir, "rec.csv")
	must(t, os.WriteFile(rec, []byte("establishment,receptions_per_year\nHMI,50000\n"), 0o644))
	withRec := filepath.Join(dir, "report-rec")
	if code, _, errb := runCLI(t, "report", "--scenario", sc, "--receptions", rec, "--out", withRec); code != 0 {
		t.Fatalf("--receptions: exit %d: %s", code, errb)
	}
	demand := func(report string) float64 {
		top := 0.0
		for _, line := range strings.Split(string(mustRead(t, filepath.Join(report, "tables", "gaps.csv"))), "\n") {
			if f := strings.Split(line, ","); len(f) > 3 && f[0] == "HMI" {
				if v, err := strconv.ParseFloat(f[3], 64); err == nil { // not [c]
					top = max(top, v)
				}
			}
		}
		return top
	}
	if without, with := demand(out), demand(withRec); with < 1000 || with < 10*without {
		t.Errorf("HMI's largest demand %v with 50,000 receptions a year, %v without", with, without)
	}
}

// TestDirectoryParity: directory.json and directory.csv say what the
// pages say — every establishment's programmes with places, cohorts, how
// often they start, waits and who they are for; its progression routes
// with demand and destinations (or none with spare places); every
// programme's purpose, eligibility, what it replaces and where it runs.
func TestDirectoryParity(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report")
	if code, _, errb := runCLI(t, "report", "--dataset", sample, "--out", out, "--replications", "2", "--years", "1"); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	var dir struct {
		Establishments []struct {
			Code, Name, Region, Holds, Function string
			Note                                string
			Runs                                []struct {
				Programme string  `json:"programme"`
				Name      string  `json:"programme_name"`
				Places    float64 `json:"places_a_year"`
				Cohorts   float64 `json:"cohorts_a_year"`
				Start     string  `json:"cohorts_start"`
				NextStart string  `json:"next_expected_start"`
				Wait      string  `json:"expected_wait_months"`
				For       string  `json:"who_it_is_for"`
			} `json:"programmes_run"`
			Routes []struct {
				Programme string `json:"programme"`
				Name      string `json:"programme_name"`
				Demand    string `json:"people_who_need_it"`
				To        []struct {
					Code   string `json:"establishment"`
					Name   string `json:"name"`
					Region string `json:"region"`
					Next   string `json:"next_start_moving_now"`
				} `json:"establishments_with_spare_places"`
				Note string `json:"note"`
			} `json:"needed_but_not_run"`
			Need []struct {
				Programme string `json:"programme"`
				Name      string `json:"programme_name"`
				People    string `json:"people_who_need_it"`
				Places    string `json:"places"`
				Start     string `json:"share_with_time_who_start"`
				Untreated string `json:"released_untreated_with_time"`
			} `json:"need_and_places"`
		} `json:"establishments"`
		Programmes []struct {
			Code, Name  string
			Description string `json:"what_it_is_for"`
			Eligibility string `json:"who_is_eligible"`
			Replaces    []struct{ Code, Name string }
			Where       []struct {
				Code   string  `json:"establishment"`
				Places float64 `json:"places_a_year"`
				Wait   string  `json:"expected_wait_months"`
			} `json:"runs_at"`
		} `json:"programmes"`
	}
	if err := json.Unmarshal(mustRead(t, filepath.Join(out, "directory", "directory.json")), &dir); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(mustRead(t, filepath.Join(out, "directory", "directory.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for j, h := range recs[0] {
		col[h] = j
	}
	csvRow := func(record, est, prog string) []string {
		for _, r := range recs[1:] {
			if r[col["record"]] == record && r[col["establishment"]] == est && r[col["programme"]] == prog {
				return r
			}
		}
		return nil
	}
	num := func(v float64) string {
		if v == float64(int64(v)) {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	if len(dir.Establishments) != 4 || len(dir.Programmes) == 0 {
		t.Fatalf("%d establishments, %d programmes", len(dir.Establishments), len(dir.Programmes))
	}
	for _, e := range dir.Establishments {
		page := string(mustRead(t, filepath.Join(out, "directory", "establishments", e.Code+".html")))
		runs := tableRows(page, "runs-table")
		if len(runs) != len(e.Runs) {
			t.Errorf("%s: page lists %d programmes, JSON %d", e.Code, len(runs), len(e.Runs))
		}
		if len(e.Runs) == 0 && (e.Note != reports.NoProgrammes || !strings.Contains(page, reports.NoProgrammes)) {
			t.Errorf("%s runs nothing: page and JSON must say %q", e.Code, reports.NoProgrammes)
		}
		for i, r := range e.Runs {
			if i >= len(runs) {
				break
			}
			row := runs[i] // code, programme, places, cohorts, start, next start (when simulated), wait, for
			want := []string{r.Programme, r.Name + " " + r.Programme, num(r.Places), row[3], r.Start}
			if r.NextStart != "" {
				want = append(want, r.NextStart)
			}
			want = append(want, r.Wait, r.For)
			if r.Cohorts > 0 {
				want[3] = num(r.Cohorts)
			}
			if !slices.Equal(row, want) {
				t.Errorf("%s %s: page %q, JSON %q", e.Code, r.Programme, row, want)
			}
			c := csvRow("runs", e.Code, r.Programme)
			if c == nil || c[col["places_a_year"]] != num(r.Places) || c[col["cohorts_start"]] != r.Start ||
				c[col["next_expected_start"]] != r.NextStart || c[col["expected_wait_months"]] != r.Wait || c[col["who_it_is_for"]] != r.For {
				t.Errorf("%s %s: directory.csv %q differs from the JSON", e.Code, r.Programme, c)
			}
		}
		need := tableRows(page, "need-table")
		if len(need) != len(e.Need) {
			t.Errorf("%s: page lists %d programmes needed or run, JSON %d", e.Code, len(need), len(e.Need))
		}
		for i, n := range e.Need {
			if i < len(need) {
				if want := []string{n.Programme, n.Name + " " + n.Programme, n.People, n.Places, n.Start, n.Untreated}; !slices.Equal(need[i], want) {
					t.Errorf("%s need %s: page %q, JSON %q", e.Code, n.Programme, need[i], want)
				}
			}
		}
		routes := tableRows(page, "routes-table")
		if len(routes) != len(e.Routes) {
			t.Errorf("%s: page lists %d routes, JSON %d", e.Code, len(routes), len(e.Routes))
		}
		for i, r := range e.Routes {
			if i >= len(routes) {
				break
			}
			var to []string
			for _, d := range r.To {
				to = append(to, d.Name+" "+d.Code+" ("+d.Region+"; first start "+d.Next+")")
			}
			dest := strings.Join(to, "; ")
			if len(r.To) == 0 {
				dest = r.Note
				if r.Note != reports.NoRoute {
					t.Errorf("%s %s: no destination, and the JSON does not say %q", e.Code, r.Programme, reports.NoRoute)
				}
			}
			if want := []string{r.Programme, r.Name + " " + r.Programme, r.Demand, dest}; !slices.Equal(routes[i], want) {
				t.Errorf("%s route %s: page %q, JSON %q", e.Code, r.Programme, routes[i], want)
			}
			c := csvRow("route", e.Code, r.Programme)
			if c == nil || c[col["people_who_need_it"]] != r.Demand || c[col["note"]] != r.Note {
				t.Errorf("%s route %s: directory.csv %q differs from the JSON", e.Code, r.Programme, c)
			}
		}
	}
	for _, p := range dir.Programmes {
		page := html.UnescapeString(string(mustRead(t, filepath.Join(out, "directory", "programmes", p.Code+".html"))))
		if p.Description == "" || !strings.Contains(page, p.Description) || !strings.Contains(page, p.Eligibility) {
			t.Errorf("%s: the page lacks the JSON's purpose %q or eligibility", p.Code, p.Description)
		}
		for _, l := range p.Replaces {
			if !strings.Contains(page, l.Name) {
				t.Errorf("%s: the page does not say it replaces %s", p.Code, l.Name)
			}
		}
		where := tableRows(string(mustRead(t, filepath.Join(out, "directory", "programmes", p.Code+".html"))), "where-table")
		if len(where) != len(p.Where) {
			t.Errorf("%s: page lists %d establishments, JSON %d", p.Code, len(where), len(p.Where))
		}
		c := csvRow("programme", "", p.Code)
		if c == nil || c[col["what_it_is_for"]] != p.Description || c[col["who_it_is_for"]] != p.Eligibility {
			t.Errorf("%s: directory.csv lacks the programme's page content", p.Code)
		}
	}
}

// checkTypedTables reads every published table's Parquet file back with
// Arrow: figures about people stay numeric — gaps.demand, needs.count,
// needs.denominator and simulation.mean among them — a suppressed one is
// a null with its flag column (name_suppressed, boolean) true, and the
// needs table of the sample's 24 people has some suppressed.
func checkTypedTables(t *testing.T, out string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(out, "tables", "*.parquet"))
	if err != nil || len(files) < 5 {
		t.Fatalf("%d Parquet tables (%v)", len(files), err)
	}
	numeric := map[string]bool{}
	suppressed := map[string]int{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".parquet")
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		tb, err := data.ReadTableParquet(context.Background(), fh, name)
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		cols := map[string]*model.Column{}
		for i := range tb.Columns {
			cols[tb.Columns[i].Name] = &tb.Columns[i]
		}
		for _, c := range tb.Columns {
			base, ok := strings.CutSuffix(c.Name, reports.SuppressedSuffix)
			if !ok {
				continue
			}
			b := cols[base]
			if c.Kind != model.BoolColumn || b == nil || b.Kind != model.FloatColumn {
				t.Errorf("%s: %s is not a boolean flag beside a numeric %s", name, c.Name, base)
				continue
			}
			numeric[name+"."+base] = true
			for i, hidden := range c.Bools {
				if hidden != math.IsNaN(b.Floats[i]) {
					t.Errorf("%s row %d: %s flagged %v, value %v", name, i+1, base, hidden, b.Floats[i])
				}
				if hidden {
					suppressed[name]++
				}
			}
		}
	}
	for _, want := range []string{"gaps.demand", "needs.count", "needs.denominator", "simulation.mean"} {
		if !numeric[want] {
			t.Errorf("%s is not published as a numeric column with its flag", want)
		}
	}
	if suppressed["needs"] == 0 {
		t.Error("no suppressed count in the published needs table of 24 people")
	}
}

// TestDictionaryComplete: every column of every table a report publishes
// (the sample's, with and without suppression) is listed in the published
// data dictionary, tables/dictionary.csv, with its type, a unit and a
// meaning.
func TestDictionaryComplete(t *testing.T) {
	t.Parallel()
	for _, extra := range [][]string{nil, {"--no-suppression"}} {
		out := filepath.Join(t.TempDir(), "report")
		args := append([]string{"report", "--dataset", sample, "--out", out, "--replications", "2", "--years", "1", "--no-plan"}, extra...)
		if code, _, errb := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", extra, code, errb)
		}
		listed := map[string]map[string]string{}
		for _, r := range parseCSV(t, "dictionary", mustRead(t, filepath.Join(out, "tables", "dictionary.csv"))) {
			listed[r["table"]+"."+r["column"]] = r
		}
		files, _ := filepath.Glob(filepath.Join(out, "tables", "*.csv"))
		n := 0
		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".csv")
			if name == "dictionary" {
				continue
			}
			head, _, _ := strings.Cut(string(mustRead(t, f)), "\n")
			for _, col := range strings.Split(head, ",") {
				n++
				r, ok := listed[name+"."+col]
				if !ok || r["type"] == "" || r["unit"] == "" || r["meaning"] == "" {
					t.Errorf("%v: %s.%s: dictionary entry %v", extra, name, col, r)
				}
			}
		}
		if n < 60 {
			t.Errorf("%v: %d columns in %d tables", extra, n, len(files))
		}
	}
}
