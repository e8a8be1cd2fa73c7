package main

import (
	"encoding/csv"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEstablishmentsCommand lists the embedded and the sample
// establishments in each format: by code, the data contract's values in
// the data formats, words in the table, and refuses what it cannot do.
func TestEstablishmentsCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		code int
		want []string // in stdout, or in stderr for a refusal
	}{
		{"embedded csv", []string{"establishments", "--format", "csv"}, exitOK,
			[]string{"code,name,region,function,sex,facilitator_teams\n", "\nHMI,Humber (HMP),North East and Yorkshire,cat_c_trainer,M,"}},
		{"sample json", []string{"establishments", "--dataset", sample, "--format", "json"}, exitOK,
			[]string{`{"code": "DHI", "name": "Drake Hall (HMP \u0026 YOI)", "region": "Women's Estate", "function": "female", "sex": "F", "facilitator_teams": 1}`}},
		{"sample table", []string{"establishments", "--dataset", sample}, exitOK,
			[]string{"HMI   Humber (HMP)", "Category C training prison", "women", "\n4 establishments.\n"}},
		{"one file", []string{"establishments", "--establishments", filepath.Join(sample, "establishments.csv"), "--format", "csv"}, exitOK,
			[]string{"SFI,Stafford (HMP),The Midlands,cat_c_trainer,M,2\n"}},
		{"parquet to stdout", []string{"establishments", "--format", "parquet"}, exitUsage, []string{"--format parquet writes a binary file"}},
		{"bad format", []string{"establishments", "--format", "xml"}, exitUsage, []string{`--format "xml"`}},
		{"argument", []string{"establishments", "HMI"}, exitUsage, []string{`unexpected argument "HMI"`}},
		{"no dataset", []string{"establishments", "--dataset", filepath.Join(t.TempDir(), "none")}, exitInvalidData, []string{"not a dataset directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errb := runCLI(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errb)
			}
			got := out
			if code != exitOK {
				got = errb
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestEstablishmentsSorted checks the embedded list has every
// establishment once, by code.
func TestEstablishmentsSorted(t *testing.T) {
	t.Parallel()
	code, out, errb := runCLI(t, "establishments", "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range rows[1:] {
		codes = append(codes, r[0])
	}
	if len(codes) != 125 || !slices.IsSorted(codes) || len(slices.Compact(slices.Clone(codes))) != len(codes) {
		t.Errorf("%d codes, want the 125 establishments once each by code: %v", len(codes), codes)
	}
}

// TestEstablishmentByName checks fit --establishment and gap --focus take
// a name as well as a code: the same output for the name as for the code,
// and a usage error listing the candidates, or the nearest names, for an
// ambiguous or unknown one.
func TestEstablishmentByName(t *testing.T) {
	t.Parallel()
	fit := func(ds []string, e string) []string {
		return append(append([]string{"fit"}, ds...), "-e", e)
	}
	emb, smp := []string(nil), []string{"--dataset", sample}
	same := []struct {
		name       string
		code, same []string
	}{
		{"sample humber", fit(smp, "HMI"), fit(smp, "humber")},
		{"sample HMP Humber csv", append(fit(smp, "HMI"), "--format", "csv"), append(fit(smp, "HMP Humber"), "--format", "csv")},
		{"sample drake", fit(smp, "DHI"), fit(smp, "drake")},
		{"embedded humber", fit(emb, "HMI"), fit(emb, "humber")},
		{"embedded isle of wight", fit(emb, "IWI"), fit(emb, "Isle of Wight (HMP & YOI)")},
	}
	for _, tt := range same {
		t.Run(tt.name, func(t *testing.T) {
			c1, want, e1 := runCLI(t, tt.code...)
			c2, got, e2 := runCLI(t, tt.same...)
			if c1 != exitOK || c2 != exitOK {
				t.Fatalf("exit %d and %d: %s\n%s", c1, c2, e1, e2)
			}
			if got != want {
				t.Errorf("%v differs from %v:\n%s\n---\n%s", tt.same, tt.code, got, want)
			}
		})
	}
	refused := []struct {
		name string
		args []string
		want string
	}{
		{"ambiguous", fit(emb, "feltham"), `--establishment "feltham": ambiguous establishment name: it matches 2 establishments: FMI Feltham (HMP), FYI Feltham (HMYOI); give a code or more of the name`},
		{"unknown", fit(emb, "humbre"), `--establishment "humbre": no establishment has this code or name; nearest: HMI Humber (HMP) ('needsplan establishments' lists them)`},
		{"unknown in the sample", fit(smp, "wight"), `--establishment "wight": no establishment has this code or name`},
		{"focus unknown", []string{"gap", "--dataset", sample, "--focus", "XYZ"}, `--focus "XYZ": no establishment has this code or name`},
		{"focus ambiguous", []string{"gap", "--focus", "grange"}, `--focus "grange": ambiguous establishment name: it matches 3 establishments: AGI Askham Grange (HMP & YOI), KVI Kirklevington Grange (HMP & YOI), LGI Lowdham Grange (HMP)`},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errb := runCLI(t, tt.args...)
			if code != exitUsage || !strings.Contains(errb, tt.want) || out != "" {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%s", code, exitUsage, tt.want, errb)
			}
		})
	}
	// gap --focus by name draws the chart of the establishment named.
	dir := t.TempDir()
	if code, _, errb := runCLI(t, "gap", "--dataset", sample, "--charts", dir, "--chart-format", "svg", "--focus", "leeds"); code != exitOK {
		t.Fatalf("gap --focus leeds: exit %d: %s", code, errb)
	}
	mustRead(t, filepath.Join(dir, "establishment-lei.svg"))
}

// checkHumberPage checks issue 19's governor's page on the national
// report: Humber's directory page sets need against places for BSR, a
// programme it runs with far fewer places than people needing it, and the
// figures are the published gaps table's (demand and places).
func checkHumberPage(t *testing.T, out string) {
	t.Helper()
	var demand, places string
	for _, r := range readCSV(t, out, "gaps") {
		if r["establishment"] == "HMI" && r["programme"] == "BSR" {
			demand, places = r["demand"], r["places"]
		}
	}
	if demand == "" || demand == "[c]" {
		t.Fatalf("gaps.csv: Humber BSR demand %q, want a published figure", demand)
	}
	page := string(mustRead(t, filepath.Join(out, "directory", "establishments", "HMI.html")))
	need := page[strings.Index(page, `id="need"`):]
	need = need[:strings.Index(need, "</table>")]
	row := ""
	for _, tr := range strings.Split(need, "<tr>") {
		if strings.Contains(tr, `<span class="code">BSR</span>`) {
			row = tr
		}
	}
	if row == "" {
		t.Fatal("Humber's page: no BSR row under \"Need against places\"")
	}
	want := `<td class="num">` + demand + `</td><td class="num">` + places + `</td>`
	if !strings.Contains(row, want) {
		t.Errorf("Humber's page BSR row %s, want need %s against %s places", row, demand, places)
	}
}
