package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTransfersCLI runs the transfer analysis on the sample: the text
// summary as a golden file, every table, and the flow chart.
func TestTransfersCLI(t *testing.T) {
	code, out, errb := runCLI(t, "transfers", "--dataset", sample)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	checkGolden(t, "transfers.txt", out)
	heads := map[string]string{
		"person":        "person_id,from,region,programme,reason,months_left,outcome,to\n",
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
	chart := filepath.Join(t.TempDir(), "flows.svg")
	if code, _, errb := runCLI(t, "transfers", "--dataset", sample, "--chart", chart); code != 0 {
		t.Errorf("--chart: exit %d: %s", code, errb)
	} else if b := mustRead(t, chart); !strings.Contains(string(b), "<svg") {
		t.Error("the chart is not an SVG")
	}
	for _, bad := range [][]string{{"--by", "city"}, {"--delay", "-1"}, {"--chart", filepath.Join(t.TempDir(), "x.gif")}} {
		if code, _, _ := runCLI(t, append([]string{"transfers", "--dataset", sample}, bad...)...); code != 2 {
			t.Errorf("transfers %v: exit %d, want 2", bad, code)
		}
	}
}
