package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"needsplan/data"
	"needsplan/model"
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
