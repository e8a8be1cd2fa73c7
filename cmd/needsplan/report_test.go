package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReport writes the report of the sample: every section, the tables,
// charts and directory; nothing fetched from the network; small counts
// suppressed unless asked not to; the directory's JSON as a golden file; and
// a rerun replaces the report whole.
func TestReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report")
	code, _, errb := runCLI(t, "report", "--dataset", sample, "--out", out, "--replications", "4", "--years", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	index := string(mustRead(t, filepath.Join(out, "index.html")))
	for _, id := range []string{`id="summary"`, `id="needs"`, `id="gaps"`, `id="waiting"`, `id="transfers"`, `id="assumptions"`, `id="method"`,
		"data:image/svg", "Counts of people from 1 to 4 are suppressed", "directory/index.html"} {
		if !strings.Contains(index, id) {
			t.Errorf("index.html lacks %s", id)
		}
	}
	if regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(index) {
		t.Error("index.html refers to something on the network")
	}
	for _, f := range []string{"tables/needs.csv", "tables/needs.parquet", "tables/gaps.csv", "tables/simulation.parquet",
		"charts/gap-heatmap.svg", "charts/gap-largest.png", "charts/waiting-over-time.svg", "charts/transfer-flows.svg",
		"directory/index.html", "directory/establishments/HMI.html", "directory/programmes/TSP.html", "directory/directory.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	needs := string(mustRead(t, filepath.Join(out, "tables", "needs.csv")))
	if !strings.Contains(needs, ",[c],") {
		t.Error("no suppressed count in the published needs table of 24 people")
	}
	js := mustRead(t, filepath.Join(out, "directory", "directory.json"))
	var dir map[string]any
	if err := json.Unmarshal(js, &dir); err != nil {
		t.Fatalf("directory.json: %v", err)
	}
	checkGolden(t, "directory.json", string(js))
	// The structure of an establishment page and the directory's CSV.
	checkGolden(t, "directory-SFI.html", string(mustRead(t, filepath.Join(out, "directory", "establishments", "SFI.html"))))
	checkGolden(t, "directory.csv", string(mustRead(t, filepath.Join(out, "directory", "directory.csv"))))
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
	if !strings.Contains(string(mustRead(t, filepath.Join(out, "index.html"))), "Not for publication") {
		t.Error("the unsuppressed report does not say so")
	}
	if strings.Contains(string(mustRead(t, filepath.Join(out, "tables", "needs.csv"))), "[c]") {
		t.Error("--no-suppression still suppressed")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("the output's parent holds %d entries, want only the report (no temporary or old directories)", len(entries))
	}
}

// TestReportEscaping feeds names with markup, quotes and ampersands through
// the report and the directory: the pages must show them as text.
func TestReportEscaping(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(sample, "profiles.csv"), dir)
	copyFile(t, filepath.Join(sample, "offerings.csv"), dir)
	ests := strings.Replace(string(mustRead(t, filepath.Join(sample, "establishments.csv"))),
		"Humber (HMP)", `"Humber <script>alert(1)</script> & ""Co"" <img src=x onerror=alert(2)>"`, 1)
	ests = strings.Replace(ests, "The Midlands", `"Mid<b>lands</b> & ""Co"""`, -1)
	if err := os.WriteFile(filepath.Join(dir, "establishments.csv"), []byte(ests), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "report")
	if code, _, errb := runCLI(t, "report", "--dataset", dir, "--out", out, "--replications", "2", "--years", "1"); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	for _, f := range []string{"index.html", "directory/index.html", "directory/establishments/HMI.html", "directory/programmes/TSP.html"} {
		page := string(mustRead(t, filepath.Join(out, f)))
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") || strings.Contains(page, "<b>lands") {
			t.Errorf("%s: markup from the data is live", f)
		}
	}
	if !strings.Contains(string(mustRead(t, filepath.Join(out, "directory", "establishments", "HMI.html"))), "&lt;script&gt;alert(1)&lt;/script&gt; &amp;") {
		t.Error("HMI's page does not show its name as text")
	}
}

// TestReportScenario builds the report of a scenario: its dataset and its
// changes (Humber's TSP doubled shows in the directory).
func TestReportScenario(t *testing.T) {
	dir := t.TempDir()
	abs, _ := filepath.Abs(sample)
	sc := filepath.Join(dir, "more-tsp.yaml")
	_ = os.WriteFile(sc, []byte("name: more TSP at Humber\ndataset: "+abs+"\nyears: 1\nreplications: 2\nofferings:\n  - {establishment: HMI, programme: TSP, action: scale, factor: 2}\n"), 0o644)
	out := filepath.Join(dir, "report")
	if code, _, errb := runCLI(t, "report", "--scenario", sc, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if !strings.Contains(string(mustRead(t, filepath.Join(out, "index.html"))), "scenario more TSP at Humber") {
		t.Error("the report does not name its scenario")
	}
	// The sample's HMI runs TSP 4 times a year (48 places); doubled: 96.
	if page := string(mustRead(t, filepath.Join(out, "directory", "establishments", "HMI.html"))); !strings.Contains(page, "<td>96</td><td>8</td>") {
		t.Error("Humber's page does not show the doubled TSP")
	}
}
