package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeScenario(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestScenarioErrors: every mistake named by issue 7 gives an error naming
// the file and the line.
func TestScenarioErrors(t *testing.T) {
	d, err := Load(context.Background(), Paths{Profiles: "../testdata/sample/profiles.csv",
		Establishments: "../testdata/sample/establishments.csv", Offerings: "../testdata/sample/offerings.csv"}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, body, want string
	}{
		{"unknown key", "name: x\nyears: 3\nreplicatons: 5\n", "line 3"},
		{"unknown key in a change", "offerings:\n  - {establishment: HMI, programme: TSP, action: add, groups: 2}\n", "line 2"},
		{"unknown programme", "offerings:\n  - {establishment: HMI, programme: NOPE, action: add, groups_per_year: 2}\n", `line 2, column "programme": value "NOPE"`},
		{"unknown establishment", "teams:\n  - {establishment: XYZ, factor: 0.5, from: 0, to: 12}\n", `line 2, column "establishment": value "XYZ"`},
		{"unknown region", "suspensions:\n  - {region: Atlantis, from: 0, to: 6}\n", `line 2, column "region": value "Atlantis"`},
		{"growth below -100%", "name: x\ngrowth: -1.5\n", `line 2, column "growth": value "-1.5"`},
		{"overlapping suspensions", "suspensions:\n  - {establishment: HMI, from: 0, to: 6}\n  - {establishment: HMI, from: 3, to: 9}\n", "line 3"},
		{"bad action", "offerings:\n  - {establishment: HMI, programme: TSP, action: double}\n", `line 2, column "action": value "double"`},
		{"empty suspension", "suspensions:\n  - {establishment: HMI, from: 6, to: 6}\n", "line 2"},
		{"unknown offence group in mix", "name: x\nmix: {arson: 2}\n", `line 2, column "mix": value "arson"`},
		{"bad suite switch", "suite_switch: {suite: new, from: 12}\n", "line 1"},
		{"bad strategy", "strategy: random\n", `line 1, column "strategy": value "random"`},
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
		})
	}
}

// TestScenarioExtends: settings are inherited and overridden, change lists
// concatenated, paths resolved from the file naming them, and circular
// extends refused with the chain.
func TestScenarioExtends(t *testing.T) {
	dir := t.TempDir()
	writeScenario(t, dir, "base.yaml", "name: base\nyears: 3\nseed: 7\nreplications: 10\ntransfers: {enabled: true, stale_directory: 0.1}\nmix: {sexual: 1.5}\nsuspensions:\n  - {establishment: HMI, from: 0, to: 6}\n")
	alt := writeScenario(t, dir, "alt.yaml", "extends: base.yaml\nyears: 4\nsuspensions:\n  - {establishment: LEI, from: 0, to: 6}\n")
	sc, err := ReadScenario(alt)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Years.Val != 4 || sc.Seed.Val != 7 || sc.Replications.Val != 10 || sc.Name != "base" || len(sc.Suspensions) != 2 ||
		!sc.Transfers.Val || sc.StaleShare.Val != 0.1 || sc.Mix["sexual"] != 1.5 {
		t.Errorf("merged scenario %+v", sc)
	}
	if sc.Suspensions[0].File != filepath.Join(dir, "base.yaml") || sc.Suspensions[1].File != alt {
		t.Errorf("changes should name their own files: %+v", sc.Suspensions)
	}
	writeScenario(t, dir, "a.yaml", "extends: b.yaml\n")
	writeScenario(t, dir, "b.yaml", "extends: a.yaml\n")
	if _, err := ReadScenario(filepath.Join(dir, "a.yaml")); err == nil || !strings.Contains(err.Error(), "circular extends") {
		t.Errorf("circular extends: %v", err)
	}
}
