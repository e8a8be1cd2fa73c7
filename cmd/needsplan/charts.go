package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"needsplan/data"
	"needsplan/pipeline"
	"needsplan/reports"
)

func checkChartFormat(f string) error {
	if slices.Contains(reports.ChartFormats, f) {
		return nil
	}
	return usagef("--chart-format %q: want %s", f, strings.Join(reports.ChartFormats, ", "))
}

// checkChartFile checks that the file named by a chart flag (--chart,
// --net-chart) ends in a chart format.
func checkChartFile(flag, file string) error {
	if file == "" || slices.Contains(reports.ChartFormats, strings.TrimPrefix(filepath.Ext(file), ".")) {
		return nil
	}
	return usagef("%s %q: want a file name ending in .png, .svg or .pdf", flag, file)
}

// writeGapCharts writes the four gap charts into dir, each atomically.
func writeGapCharts(dir, format, focus string, a *pipeline.Baseline) error {
	charts, err := reports.GapCharts(a.Gaps, a.Estate.Establishments, focus)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("writing charts into %s: %w", dir, err)
	}
	for _, c := range charts {
		if err := writeChart(filepath.Join(dir, c.Name+"."+format), c); err != nil {
			return err
		}
	}
	return nil
}

// writeChart writes chart c to file, atomically, in the format its name
// ends in (checkChartFile, checkChartFormat).
func writeChart(file string, c *reports.Chart) error {
	format := strings.TrimPrefix(filepath.Ext(file), ".")
	return data.WriteFileAtomic(file, func(w io.Writer) error { return c.WriteTo(w, format) })
}
