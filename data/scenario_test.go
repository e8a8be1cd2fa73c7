package data

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"needsplan/model"
)

func writeScenario(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func sampleDataset(t *testing.T) *Dataset {
	t.Helper()
	d, err := Load(context.Background(), Paths{Profiles: "../testdata/sample/profiles.csv",
		Establishments: "../testdata/sample/establishments.csv", Offerings: "../testdata/sample/offerings.csv"}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var lineRE = regexp.MustCompile(`line \d+`)

// header is how real scenario files start: comments and a blank line, so
// that line numbers only come out right when counted in the file itself.
const header = "# What if Humber ran more groups?\n# Reviewed by the planning team.\n\nname: test\n"

// TestScenarioErrors: every mistake named by issue 7 gives an error naming
// the file and the one right line, counted in the file as written (with
// its comments and blank lines).
func TestScenarioErrors(t *testing.T) {
	d := sampleDataset(t)
	tests := []struct {
		name, body, want string
	}{
		{"unknown key after comments", header + "years: 3\n\n# how many\nreplicatons: 5\n", `line 8: unknown key "replicatons" (did you mean "replications"?)`},
		{"wrong type in transfers", header + "# moves\ntransfers:\n  delay: dealy\n", `line 7, column "delay": value "dealy": want a number`},
		{"unknown key in a change", header + "offerings:\n  # more groups\n  - establishment: HMI\n    programme: TSP\n    groups: 2\n", `line 9: offerings: unknown key "groups"`},
		{"unknown programme after a blank line", "name: x\n\nofferings:\n  - {establishment: HMI, programme: NOPE, action: add, groups_per_year: 2}\n", `line 4, column "programme": value "NOPE"`},
		{"unknown establishment", header + "teams:\n  - {establishment: XYZ, factor: 0.5, from: 0, to: 12}\n", `line 6, column "establishment": value "XYZ"`},
		{"unknown region", header + "suspensions:\n  - {region: Atlantis, from: 0, to: 6}\n", `line 6, column "region": value "Atlantis"`},
		{"establishment outside its region", header + "suspensions:\n  - {establishment: HMI, region: The Midlands, from: 0, to: 6}\n", `line 6, column "region": value "The Midlands": establishment HMI is in North East and Yorkshire`},
		{"growth below -100%", header + "growth: -1.5\n", `line 5, column "growth": value "-1.5"`},
		{"growth at -100%", header + "growth: -1\n", `line 5, column "growth": value "-1"`},
		{"overlapping suspensions", header + "suspensions:\n  - {establishment: HMI, from: 0, to: 6}\n  - {establishment: HMI, from: 3, to: 9}\n", "line 7, column \"from\": value \"3\": overlaps the suspension at line 6"},
		{"overlap: all programmes and one", header + "suspensions:\n  - {establishment: HMI, from: 0, to: 6}\n  - {establishment: HMI, programme: BSR, from: 3, to: 9}\n", "line 7, column \"from\": value \"3\": overlaps the suspension at line 6"},
		{"bad action", header + "offerings:\n  - {establishment: HMI, programme: TSP, action: double}\n", `line 6, column "action": value "double"`},
		{"no action", header + "offerings:\n  - {establishment: HMI, programme: TSP}\n", `line 6, column "action"`},
		{"empty suspension", header + "suspensions:\n  - {establishment: HMI, from: 6, to: 6}\n", "line 6"},
		{"unknown offence group in mix", header + "mix: {arson: 2}\n", `line 5, column "mix": value "arson"`},
		{"bad suite switch", header + "suite_switch: {suite: new, from: 12}\n", `line 5, column "suite": value "new"`},
		{"half a suite switch", header + "suite_switch: {suite: legacy}\n", `line 5, column "suite_switch"`},
		{"bad strategy", header + "strategy: random\n", `line 5, column "strategy": value "random"`},
		{"stale directory of 1.5", header + "transfers: {enabled: true, stale_directory: 1.5}\n", `line 5, column "stale_directory": value "1.5"`},
		{"negative consolidation", header + "consolidation: -5\n", `line 5, column "consolidation": value "-5"`},
		{"transfer delay -1", header + "transfers:\n  delay: -1\n", `line 6, column "delay": value "-1"`},
		{"transfer delay 0", header + "transfers:\n  delay: 0\n", `line 6, column "delay": value "0"`},
		{"transfers after -3", header + "transfers: {after: -3}\n", `line 5, column "after": value "-3"`},
		{"replications 2.5", header + "replications: 2.5\n", `line 5, column "replications": value "2.5": want a whole number`},
		{"seed -1", header + "seed: -1\n", `line 5, column "seed": value "-1"`},
		{"from .nan", header + "offerings:\n  - {programme: BSR, action: scale, factor: 2, from: .nan}\n", `line 6, column "from": value ".nan": want a finite number`},
		{"teams to before from", header + "teams:\n  - {establishment: HMI, factor: 0.5, from: 12, to: 6}\n", `line 6, column "to": value "6"`},
		{"teams without a factor", header + "teams:\n  - {establishment: HMI, from: 0, to: 6}\n", `line 6, column "factor"`},
		{"scale without a factor", header + "offerings:\n  - {programme: BSR, action: scale}\n", `line 6, column "factor"`},
		{"groups above the limit", header + "offerings:\n  - {establishment: HMI, programme: TSP, action: add, groups_per_year: 400}\n", `line 6, column "groups_per_year": value "400"`},
		{"a key given twice", header + "years: 3\nyears: 4\n", `line 6, column "years"`},
		{"not valid YAML", header + "offerings: [\n", "not valid YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeScenario(t, t.TempDir(), "s.yaml", tt.body)
			sc, err := ReadScenario(p)
			if err == nil {
				err = CheckScenario(sc, d)
			}
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v, want an input error", err)
			}
			if !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %s and %q", err, p, tt.want)
			}
			if n := len(lineRE.FindAllString(err.Error(), -1)); n > 1 && !strings.Contains(tt.want, "overlaps") && !strings.Contains(err.Error(), "given twice") {
				t.Errorf("error %q names %d lines, want one", err, n)
			}
		})
	}
}

// TestScenarioAccepts: a realistic file with every section reads, and the
// values land where they should.
func TestScenarioAccepts(t *testing.T) {
	p := writeScenario(t, t.TempDir(), "s.yaml", header+`years: 3     # horizon
replications: 10
seed: 0
consolidation: 0
growth: -0.5
mix: {sexual: 1.2}
transfers:
  enabled: true
  delay: 0.5
  stale_directory: 0
  after: 0
suite_switch: {suite: building-choices, from: 12}
offerings:
  - {establishment: hmi, programme: tsp, action: add, groups_per_year: 2}
teams:
  - {region: Wales, factor: 0}   # for good
suspensions: []
`)
	sc, err := ReadScenario(p)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Years.Val != 3 || sc.Replications.Val != 10 || !sc.Seed.OK || sc.Seed.Val != 0 || !sc.Consolidation.OK || sc.Growth.Val != -0.5 ||
		sc.Mix[model.Sexual] != 1.2 || !sc.Transfers.Val || sc.TransferDelay.Val != 0.5 || sc.SwitchFrom.Val != 12 ||
		len(sc.Offerings) != 1 || sc.Offerings[0].Establishment != "HMI" || sc.Offerings[0].Line != 18 ||
		len(sc.Teams) != 1 || sc.Teams[0].Factor != 0 || sc.Teams[0].To != 0 {
		t.Errorf("scenario %+v", sc)
	}
}

// TestScenarioExtends: settings are inherited and overridden, change lists
// concatenated, paths resolved from the file naming them; the name is not
// inherited; circular extends point at the extends line; a missing parent
// names the file and line that named it.
func TestScenarioExtends(t *testing.T) {
	dir := t.TempDir()
	writeScenario(t, dir, "base.yaml", "name: base\nyears: 3\nseed: 7\nreplications: 10\ntransfers: {enabled: true, stale_directory: 0.1}\nmix: {sexual: 1.5}\nsuspensions:\n  - {establishment: HMI, from: 0, to: 6}\n")
	alt := writeScenario(t, dir, "alt.yaml", "# alternative\n\nextends: base.yaml\nyears: 4\nmix: {drugs: 2}\nsuspensions:\n  - {establishment: LEI, from: 0, to: 6}\n")
	sc, err := ReadScenario(alt)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Years.Val != 4 || sc.Seed.Val != 7 || sc.Replications.Val != 10 || sc.Name != "" || len(sc.Suspensions) != 2 ||
		!sc.Transfers.Val || sc.StaleShare.Val != 0.1 || sc.Mix[model.Sexual] != 1.5 || sc.Mix[model.Drugs] != 2 {
		t.Errorf("merged scenario %+v", sc)
	}
	if sc.Suspensions[0].File != filepath.Join(dir, "base.yaml") || sc.Suspensions[1].File != alt {
		t.Errorf("changes should name their own files: %+v", sc.Suspensions)
	}
	// An overlap with a parent's suspension names both files.
	over := writeScenario(t, dir, "over.yaml", "extends: base.yaml\n\nsuspensions:\n  - {region: North East and Yorkshire, from: 5, to: 9}\n")
	osc, err := ReadScenario(over)
	if err != nil {
		t.Fatal(err)
	}
	d := sampleDataset(t)
	if err := CheckScenario(osc, d); err == nil || !strings.Contains(err.Error(), over+": line 4") ||
		!strings.Contains(err.Error(), filepath.Join(dir, "base.yaml")+" line 8") {
		t.Errorf("overlap with the parent: %v", err)
	}
	a := writeScenario(t, dir, "a.yaml", "# a\nextends: b.yaml\n")
	writeScenario(t, dir, "b.yaml", "\n\nextends: a.yaml   # back again\n")
	if _, err := ReadScenario(a); err == nil || !strings.Contains(err.Error(), "b.yaml: line 3, column \"extends\"") || !strings.Contains(err.Error(), "circular extends") {
		t.Errorf("circular extends: %v", err)
	}
	m := writeScenario(t, dir, "m.yaml", "# m\n\nextends: nowhere.yaml\n")
	if _, err := ReadScenario(m); err == nil || !strings.Contains(err.Error(), m+": line 3, column \"extends\": value \"nowhere.yaml\"") {
		t.Errorf("missing parent: %v", err)
	}
}

// TestSweepErrors: sweep files with mistakes name the sweep file and the
// right line; list elements and any setting can be swept.
func TestSweepErrors(t *testing.T) {
	dir := t.TempDir()
	writeScenario(t, dir, "base.yaml", "name: base\nyears: 2\nofferings:\n  - {programme: BSR, action: scale, factor: 1.5}\nteams:\n  - {establishment: HMI, factor: 0.5, from: 1, to: 12}\n")
	tests := []struct{ name, body, want string }{
		{"growth below -100%", "# sweep\nbase: base.yaml\n# the grid\ngrid:\n  growth: [0, -2]\n", `line 5, column "growth": value "-2"`},
		{"bad replications", "base: base.yaml\n\nreplications: 2.5\n", `line 3, column "replications": value "2.5"`},
		{"zero replications", "base: base.yaml\nreplications: 0\n", `line 2, column "replications"`},
		{"unknown top key", "# x\nbase: base.yaml\nseeds: 3\n", `line 3: unknown key "seeds" (did you mean "seed"?)`},
		{"unknown parameter", "base: base.yaml\ngrid:\n  grow: [0.1]\n", `line 3, column "grow": value "0.1": unknown parameter`},
		{"replications as a parameter", "base: base.yaml\ngrid:\n  replications: [1, 2]\n", `line 3, column "replications"`},
		{"no such change", "base: base.yaml\ngrid:\n  offerings[3].factor: [1]\n", `line 3, column "offerings[3].factor": value "1": the base scenario has 1 offerings`},
		{"bad change value", "base: base.yaml\ngrid:\n  teams[0].factor:\n    - 0.5\n    - -1\n", `line 5, column "factor": value "-1"`},
		{"period made empty", "base: base.yaml\ngrid:\n  teams[0].to: [6, 0.5]\n", `column "teams[0].to": value "0.5"`},
		{"stale directory", "base: base.yaml\ngrid:\n  transfers.stale_directory: [0.1, 1]\n", `line 3, column "stale_directory": value "1"`},
		{"missing base", "# x\nbase: nope.yaml\n", `line 2, column "base": value "nope.yaml"`},
		{"empty list", "base: base.yaml\ngrid:\n  growth: []\n", `line 3, column "growth"`},
		{"half a suite switch", "base: base.yaml\ngrid:\n  growth: [0, 0.1]\n  suite_switch.from: [12]\n", `line 4, column "suite_switch": value "": point 0 sets only half of suite_switch`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeScenario(t, dir, "sweep.yaml", tt.body)
			_, err := ReadSweep(p)
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one naming %s and %q", err, p, tt.want)
			}
			if n := len(lineRE.FindAllString(err.Error(), -1)); n > 1 && !strings.Contains(err.Error(), "the change at") {
				t.Errorf("error %q names %d lines, want one", err, n)
			}
		})
	}
	if _, err := ReadSweep(writeScenario(t, dir, "both.yaml", "base: base.yaml\ngrid:\n  suite_switch.suite: [building-choices]\n  suite_switch.from: [6, 12]\n")); err != nil {
		t.Errorf("both halves of a suite switch swept: %v", err)
	}
	p := writeScenario(t, dir, "sweep.yaml", "base: base.yaml\nreplications: 3\nseed: 0\ngrid:\n  offerings[0].factor: [1, 2]\n  teams[0].factor: [0, 0.5]\n  seed: [4, 5]\n  mix.sexual: [1, 1.5]\n  transfers.delay: [1]\n  suite: [legacy]\n")
	sw, err := ReadSweep(p)
	if err != nil {
		t.Fatal(err)
	}
	if sw.NumPoints() != 16 || sw.Seed != 0 || len(sw.Files) != 2 {
		t.Fatalf("sweep: %d points, seed %d, files %v", sw.NumPoints(), sw.Seed, sw.Files)
	}
	// Parameters by name, the last fastest: mix.sexual, offerings[0].factor,
	// seed, suite, teams[0].factor, transfers.delay.
	if got := strings.Join(sw.Point(5), " "); got != "1 2 4 legacy 0.5 1" {
		t.Errorf("point 5: %s", got)
	}
	sc, err := sw.Scenario(15)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Offerings[0].Factor != 2 || sc.Teams[0].Factor != 0.5 || sc.Seed.Val != 5 || sc.Mix[model.Sexual] != 1.5 || sc.TransferDelay.Val != 1 || sc.Suite.Val != "legacy" {
		t.Errorf("point 15: %+v", sc)
	}
	if sw.Base.Offerings[0].Factor != 1.5 || sw.Base.Mix != nil {
		t.Errorf("a point changed the base: %+v", sw.Base)
	}
}

// TestSchemaNamesFromModel: the scenario schema's lists of policies,
// schedules and strategies are model's (the names a scenario file may
// use are kept once, in model/simulation.go; the schema is documentation
// that must agree).
func TestSchemaNamesFromModel(t *testing.T) {
	raw, err := os.ReadFile("../docs/scenario.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]struct {
			Enum []string `json:"enum"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string][]string{
		"policy":   model.Names(model.Policies),
		"schedule": model.Names(model.Schedules),
		"strategy": model.Names(model.Strategies),
	} {
		if got := schema.Properties[key].Enum; !slices.Equal(got, want) {
			t.Errorf("docs/scenario.schema.json %s: %q, want model's %q", key, got, want)
		}
	}
}
