package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTransfersCLI runs the transfer analysis on the sample: the text
// summary as a golden file, every table in csv and in table format, the
// open-ended sentence's months left, and both charts.
func TestTransfersCLI(t *testing.T) {
	code, out, errb := runCLI(t, "transfers", "--dataset", sample)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	checkGolden(t, "transfers.txt", out)
	heads := map[string]string{
		"person":        "person_id,from,region,months_left,not_run_here,oversubscribed,outcome,to,programme,served,candidates\n",
		"establishment": "from,to,moves\n",
		"region":        "from,to,moves\n",
		"net":           "establishment,region,moves_out,moves_in,net\n",
	}
	for by, head := range heads {
		code, out, errb := runCLI(t, "transfers", "--dataset", sample, "--by", by, "--format", "csv")
		if code != 0 || !strings.HasPrefix(out, head) {
			t.Errorf("--by %s: exit %d (%s), output starts %q", by, code, errb, out[:min(len(out), 80)])
		}
	}
	// Table format: --by picks the table (before, the summary always).
	textHeads := map[string]string{
		"person":        "person_id  from  region",
		"establishment": "from  to   moves",
		"region":        "from                      to            moves",
		"net":           "establishment  region",
	}
	for by, head := range textHeads {
		code, out, errb := runCLI(t, "transfers", "--dataset", sample, "--by", by)
		if code != 0 || !strings.HasPrefix(out, head) {
			t.Errorf("--by %s (table): exit %d (%s), output starts %q, want %q", by, code, errb, out[:min(len(out), 80)], head)
		}
	}
	// S05 is indeterminate past tariff: no release target, months left
	// empty in CSV and null in JSON (before: inf and null).
	// The allocation (default) lists no candidates; the older spare-place
	// analysis (--spare-only) does.
	_, csv, _ := runCLI(t, "transfers", "--dataset", sample, "--by", "person", "--format", "csv")
	if !strings.Contains(csv, "\nS05,HMI,North East and Yorkshire,,HORIZON,,placed,SFI,HORIZON,HORIZON,\n") {
		t.Errorf("S05's row is not as expected (empty months_left, placed at SFI):\n%s", csv)
	}
	_, csv, _ = runCLI(t, "transfers", "--dataset", sample, "--by", "person", "--format", "csv", "--spare-only")
	if !strings.Contains(csv, "\nS05,HMI,North East and Yorkshire,,HORIZON,,placed,SFI,HORIZON,HORIZON,SFI\n") {
		t.Errorf("--spare-only: S05's row is not as expected (empty months_left, placed at SFI):\n%s", csv)
	}
	_, js, _ := runCLI(t, "transfers", "--dataset", sample, "--by", "person", "--format", "json")
	if !strings.Contains(js, `"person_id": "S05", "from": "HMI", "region": "North East and Yorkshire", "months_left": null,`) {
		t.Errorf("S05's months_left is not null in JSON:\n%s", js)
	}
	dir := t.TempDir()
	flows, net := filepath.Join(dir, "flows.svg"), filepath.Join(dir, "net.svg")
	if code, _, errb := runCLI(t, "transfers", "--dataset", sample, "--chart", flows, "--net-chart", net); code != 0 {
		t.Errorf("--chart: exit %d: %s", code, errb)
	} else {
		for _, f := range []string{flows, net} {
			if b := mustRead(t, f); !strings.Contains(string(b), "<svg") {
				t.Errorf("%s is not an SVG", f)
			}
		}
	}
	for _, bad := range [][]string{{"--by", "city"}, {"--delay", "-1"}, {"--chart", filepath.Join(dir, "x.gif")}, {"--net-chart", filepath.Join(dir, "x.bmp")}} {
		code, _, errb := runCLI(t, append([]string{"transfers", "--dataset", sample}, bad...)...)
		if code != 2 {
			t.Errorf("transfers %v: exit %d, want 2", bad, code)
		}
		// The message names the flag given.
		if !strings.Contains(errb, bad[0]+" ") {
			t.Errorf("transfers %v: %q does not name %s", bad, errb, bad[0])
		}
	}
}
