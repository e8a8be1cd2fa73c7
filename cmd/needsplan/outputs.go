package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"needsplan/data"
	"needsplan/model"
	"needsplan/pipeline"
	"needsplan/reports"
)

// outputOptions are the flags that say how and where results go.
type outputOptions struct {
	format string
	out    string
}

func (o *outputOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&o.format, "format", "table", "output format: table, csv, json or parquet")
	fs.StringVarP(&o.out, "out", "o", "", "write to `FILE` (atomically) instead of standard output; needed for parquet")
}

func (o *outputOptions) check() error {
	switch o.format {
	case "table", "csv", "json":
	case "parquet":
		if o.out == "" {
			return usagef("--format parquet writes a binary file: give --out FILE")
		}
	default:
		return usagef("--format %q: want table, csv, json or parquet", o.format)
	}
	return nil
}

// write renders t (or the text view for the table format) to --out or
// stdout. Rendering happens in memory first, so a failure writes nothing.
func (o *outputOptions) write(stdout io.Writer, t *model.Table, textView func(io.Writer) error) error {
	var buf bytes.Buffer
	var err error
	switch o.format {
	case "table":
		if textView != nil {
			err = textView(&buf)
		} else {
			err = reports.WriteText(&buf, t)
		}
	case "csv":
		err = data.WriteCSV(&buf, t)
	case "json":
		err = reports.WriteJSON(&buf, t)
	case "markdown": // calibration's
		err = reports.WriteMarkdown(&buf, t)
	case "parquet":
		err = data.WriteParquet(&buf, t)
	}
	if err != nil {
		return fmt.Errorf("rendering %s: %w", t.Name, err)
	}
	return o.emit(stdout, buf.Bytes())
}

// emit writes what was rendered to --out, atomically, or to stdout.
func (o *outputOptions) emit(stdout io.Writer, b []byte) error {
	if o.out == "" {
		_, err := stdout.Write(b)
		return err
	}
	return data.WriteFileAtomic(o.out, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// checkChartFormat checks --chart-format.
func checkChartFormat(f string) error {
	if slices.Contains(reports.ChartFormats, f) {
		return nil
	}
	return usagef("--chart-format %q: want %s", f, strings.Join(reports.ChartFormats, ", "))
}

// checkWithCharts checks the chart flags given as {flag, file} pairs
// (checkChartFile) and the output flags, before anything is loaded.
func (o *outputOptions) checkWithCharts(charts ...[2]string) error {
	for _, f := range charts {
		if err := checkChartFile(f[0], f[1]); err != nil {
			return err
		}
	}
	return o.check()
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
