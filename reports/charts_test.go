package reports_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"

	"needsplan/analysis"
	"needsplan/model"
	"needsplan/reports"
)

var update = flag.Bool("update", false, "rewrite the golden charts under testdata")

// fixture is a small estate: three establishments in two regions, with
// every gap class.
func fixture() (*analysis.Gaps, []model.Establishment) {
	ests := []model.Establishment{
		{Code: "AAA", Name: "Alpha (HMP)", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
		{Code: "BBB", Name: "Bravo (HMP & YOI)", Holds: model.HoldsMen, Function: model.Local, Region: "North"},
		{Code: "CCC", Name: "Charlie (HMP)", Holds: model.HoldsWomen, Function: model.FemalePrison, Region: "South"},
	}
	row := func(est, region, prog string, demand, places float64, class analysis.GapClass) analysis.Gap {
		cov := places / demand
		return analysis.Gap{Establishment: est, Region: region, Programme: prog, Stock: demand, Demand: demand,
			Places: places, Gap: places - demand, Coverage: cov, Class: class}
	}
	rows := []analysis.Gap{
		row("AAA", "North", "TSP", 40, 24, analysis.NotRunOftenEnough),
		row("AAA", "North", "BSR", 30, 36, analysis.Sufficient),
		row("AAA", "North", "KAIZEN_GV", 12, 0, analysis.NotRunHere),
		row("BBB", "North", "TSP", 25, 12, analysis.NotRunOftenEnough),
		row("BBB", "North", "BSR", 2, 24, analysis.Surplus),
		row("CCC", "South", "TSP", 10, 5, analysis.NotRunOftenEnough),
		row("CCC", "South", "BSR", 0, 12, analysis.Surplus),
		row("CCC", "South", "COVAID", 8, 0, analysis.NotRunHere),
	}
	return analysis.NewGaps(rows, analysis.GapOptions{Horizon: 12}), ests
}

// TestChartsGolden renders the four gap charts of the fixture and compares
// them with testdata/*_golden.png (regenerate with -update, then look at
// them). SVG and PDF must render too.
func TestChartsGolden(t *testing.T) {
	gs, ests := fixture()
	charts, err := reports.GapCharts(gs, ests, "AAA")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, c := range charts {
		names[c.Name] = true
		for _, format := range reports.ChartFormats {
			var buf bytes.Buffer
			if err := c.WriteTo(&buf, format); err != nil {
				t.Fatalf("%s.%s: %v", c.Name, format, err)
			}
			if buf.Len() < 1000 {
				t.Errorf("%s.%s is only %d bytes", c.Name, format, buf.Len())
			}
			if format != "png" {
				continue
			}
			golden := filepath.Join("testdata", c.Name+"_golden.png")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./reports -update and look at the charts)", err)
			}
			// A small tolerance absorbs anti-aliasing differences between
			// machines; a moved label or bar is far beyond it.
			ok, err := cmpimg.EqualApprox("png", buf.Bytes(), want, 0.01)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				got := filepath.Join(t.TempDir(), c.Name+".png")
				_ = os.WriteFile(got, buf.Bytes(), 0o644)
				t.Errorf("%s differs from %s (got written to %s)", c.Name, golden, got)
			}
		}
	}
	for _, n := range []string{"establishment-aaa", "gap-heatmap", "gap-national", "gap-largest"} {
		if !names[n] {
			t.Errorf("no chart %s", n)
		}
	}
	if err := charts[0].WriteTo(&bytes.Buffer{}, "gif"); err == nil {
		t.Error("gif: want an error")
	}
}

// TestHeatmapScales checks the heatmap grows with the estate so that 120
// establishments get about 11 points a row.
func TestHeatmapScales(t *testing.T) {
	var rows []analysis.Gap
	var ests []model.Establishment
	for i := range 120 {
		code := fmt.Sprintf("E%02d", i)
		ests = append(ests, model.Establishment{Code: code, Name: "Establishment " + code, Region: fmt.Sprintf("Region %d", i%12)})
		rows = append(rows, analysis.Gap{Establishment: code, Region: ests[i].Region, Programme: "TSP", Demand: 10, Places: 5, Coverage: 0.5, Class: analysis.NotRunOftenEnough})
	}
	c := reports.HeatmapChart(analysis.NewGaps(rows, analysis.GapOptions{Horizon: 12}), ests)
	if c.Height < 11*120 {
		t.Errorf("heatmap of 120 establishments is %v tall, want at least %v", c.Height, 11*120)
	}
}
