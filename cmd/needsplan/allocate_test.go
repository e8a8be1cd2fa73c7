package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAllocateCLI runs the allocation on the sample: the summary, every
// table in csv with its header, the charts, and the flags that are wrong.
func TestAllocateCLI(t *testing.T) {
	code, out, errb := runCLI(t, "allocate", "--dataset", sample)
	if code != 0 || !strings.Contains(out, "Estate-wide allocation of start places") || !strings.Contains(out, "shadow price") {
		t.Fatalf("exit %d (%s):\n%s", code, errb, out)
	}
	heads := map[string]string{
		"programme": "programme,places,local,within_region,between_regions,no_place_taken,no_place_in_reach\n",
		"person":    "rank,person_id,from,region,priority_weight,programme,place,to,to_region,month,in_reach\n",
		"flows":     "from_region,to_region,people\n",
		"intake":    "establishment,places_filled,from_elsewhere,share_from_elsewhere\n",
		"gaps":      "programme,region,no_place_taken,no_place_in_reach,best_rank\n",
		"shadow":    "establishment,programme,month,shadow_price\n",
	}
	for by, head := range heads {
		code, out, errb := runCLI(t, "allocate", "--dataset", sample, "--by", by, "--format", "csv")
		if code != 0 || !strings.HasPrefix(out, head) {
			t.Errorf("--by %s: exit %d (%s), output starts %q", by, code, errb, out[:min(len(out), 80)])
		}
	}
	// The sample's one man moved between regions (S05, HMI → SFI for
	// Horizon) is in the flows at λ 0.01 and kept home at λ 100.
	_, flows, _ := runCLI(t, "allocate", "--dataset", sample, "--by", "flows", "--format", "csv")
	_, local, _ := runCLI(t, "allocate", "--dataset", sample, "--by", "flows", "--format", "csv", "--lambda", "100")
	if !strings.Contains(flows, "North East and Yorkshire,The Midlands,1\n") || strings.Count(local, "\n") != 1 {
		t.Errorf("flows at λ 0.01:\n%s\nat λ 100 (want none):\n%s", flows, local)
	}
	dir := t.TempDir()
	chart, front := filepath.Join(dir, "flows.svg"), filepath.Join(dir, "frontier.svg")
	if code, _, errb := runCLI(t, "allocate", "--dataset", sample, "--chart", chart, "--frontier-chart", front); code != 0 {
		t.Errorf("charts: exit %d: %s", code, errb)
	} else {
		for _, f := range []string{chart, front} {
			if b := mustRead(t, f); !strings.Contains(string(b), "<svg") {
				t.Errorf("%s is not an SVG", f)
			}
		}
	}
	for _, bad := range [][]string{{"--by", "city"}, {"--lambda", "-1"}, {"--lambda", "NaN"}, {"--delay", "30"}, {"--policy", "lottery"},
		{"--chart", filepath.Join(dir, "x.gif")}} {
		code, _, errb := runCLI(t, append([]string{"allocate", "--dataset", sample}, bad...)...)
		if code != 2 || !strings.Contains(errb, bad[0]) {
			t.Errorf("allocate %v: exit %d (%q), want 2 naming %s", bad, code, errb, bad[0])
		}
	}
}
