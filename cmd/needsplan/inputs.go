package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/pflag"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/model"
	"needsplan/pipeline"
)

// inputOptions are the flags that name a dataset and how to read it.
type inputOptions struct {
	dataset        string
	profiles       string
	establishments string
	offerings      string
	inputFormat    string
	catalogue      string
	asOf           string
	suite          string
}

func (o *inputOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&o.dataset, "dataset", "", "dataset `DIR` holding profiles, establishments and offerings (default: the embedded national dataset)")
	fs.StringVar(&o.profiles, "profiles", "", "profiles `FILE` (.csv, .parquet, .arrow); overrides the dataset's")
	fs.StringVar(&o.establishments, "establishments", "", "establishments `FILE`; overrides the dataset's")
	fs.StringVar(&o.offerings, "offerings", "", "offerings `FILE`; overrides the dataset's")
	fs.StringVar(&o.inputFormat, "input-format", "", "format of the profiles file: csv, parquet or arrow (default: by extension)")
	fs.StringVar(&o.catalogue, "catalogue", "", "programme catalogue YAML `FILE` replacing the embedded one")
	fs.StringVar(&o.asOf, "as-of", "", "dataset `DATE` (YYYY-MM-DD); default: the latest sentence start or assessment")
	fs.StringVar(&o.suite, "suite", analysis.Auto, "programme suite: legacy, building-choices, or auto (Building Choices where an establishment runs it)")
}

// paths resolves the dataset directory and the per-file overrides.
func (o *inputOptions) paths() (data.Paths, error) {
	var p data.Paths
	if o.dataset != "" {
		var err error
		if p, err = data.DatasetPaths(o.dataset); err != nil {
			return p, err
		}
	}
	if p = p.With(o.profiles, o.establishments, o.offerings); p.Profiles == "" {
		return p, usagef("no input: give --dataset DIR (or --profiles FILE)")
	}
	return p, nil
}

// input reads the flags into the dataset to load, refusing a suite,
// format or date it cannot read (exit status 2) and a catalogue that is
// not valid, before anything is loaded.
func (o *inputOptions) input() (pipeline.Input, error) {
	if _, err := analysis.ParseSuitePlan(o.suite, nil, nil); err != nil {
		return pipeline.Input{}, usageError{fmt.Errorf("--%w", err)}
	}
	opt, err := loadOptions(o.inputFormat, o.asOf, o.catalogue)
	return pipeline.Input{Suite: o.suite, Load: loadDataset, Options: opt}, err
}

// loadOptions reads --input-format, --as-of and --catalogue, refusing a
// format or date it cannot read (exit status 2) and a catalogue that is
// not valid.
func loadOptions(format, asOf, catalogue string) (data.LoadOptions, error) {
	var opt data.LoadOptions
	var err error
	if format != "" {
		if opt.Format, err = data.ParseFormat(format); err != nil {
			return opt, usagef("--input-format: %v", err)
		}
	}
	if asOf != "" {
		d, err := model.ParseDate(asOf)
		if err != nil {
			return opt, usagef("--as-of %q: %v", asOf, err)
		}
		opt.AsOf = model.Some(d)
	}
	opt.Catalogue, err = data.LoadCatalogue(catalogue)
	return opt, err
}

// embedded reports whether no dataset flag was given: the embedded
// national dataset is used.
func (o *inputOptions) embedded() bool {
	return o.dataset == "" && o.profiles == "" && o.establishments == "" && o.offerings == ""
}

// load reads and checks the inputs, printing warnings to stderr; the
// people are not classified.
func (o *inputOptions) load(ctx context.Context, stderr io.Writer) (*pipeline.Estate, error) {
	in, err := o.input()
	if err != nil {
		return nil, err
	}
	if o.embedded() {
		fmt.Fprintln(stderr, "needsplan: no --dataset given: using the embedded national dataset (real establishments, synthetic people, 30 June 2025)")
	} else if in.Paths, err = o.paths(); err != nil {
		return nil, err
	}
	return pipeline.Load(ctx, in, stderrLog(stderr))
}

// loadClassified loads the inputs and classifies every person.
func (o *inputOptions) loadClassified(ctx context.Context, stderr io.Writer) (*pipeline.Estate, error) {
	e, err := o.load(ctx, stderr)
	if err != nil {
		return nil, err
	}
	if err := e.Classify(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

// needs is the needs analysis of the inputs by by. A dataset read from
// files with --as-of given is analysed as it is read, never held whole
// (pipeline.StreamNeeds); otherwise the dataset date may be the latest in
// the file, known only once it is all read, and the people are loaded
// first.
func (o *inputOptions) needs(ctx context.Context, by analysis.GroupBy, stderr io.Writer) (*analysis.Needs, error) {
	if o.embedded() || o.asOf == "" {
		e, err := o.loadClassified(ctx, stderr)
		if err != nil {
			return nil, err
		}
		return e.Needs(by), nil
	}
	in, err := o.input()
	if err != nil {
		return nil, err
	}
	if in.Paths, err = o.paths(); err != nil {
		return nil, err
	}
	// Streaming, the live heap is a few batches and the person_ids; the
	// default target lets the heap reach twice that before collecting:
	// 50 keeps the peak RSS of 1,000,000 profiles at 280 MB instead of
	// 341 MB, at the same speed (docs/performance.md).
	defer debug.SetGCPercent(debug.SetGCPercent(loadGCPercent))
	return pipeline.StreamNeeds(ctx, in, by, stderrLog(stderr))
}

// stderrLog prints the pipeline's warnings and notes on stderr.
func stderrLog(stderr io.Writer) pipeline.Log {
	return pipeline.Log{
		Warn: func(msg string) { fmt.Fprintln(stderr, "needsplan: warning:", msg) },
		Note: func(msg string) { fmt.Fprintf(stderr, "needsplan: %s\n", msg) },
	}
}

// loadGCPercent is the garbage collector's target while a dataset loads. A
// load's live memory is mostly one large slice of people that grows from
// the start, so the default target (100) lets the heap double before
// collecting, and on this planner's 2-core machines most of a big load's
// time is then spent faulting fresh pages in: 50 keeps the heap about a
// fifth smaller and measured 8% faster on 1,000,000 profiles
// (docs/performance.md). It is a process setting, so the command sets it,
// and only while loading.
const loadGCPercent = 50

// loadDataset is data.Load with loadGCPercent in force.
func loadDataset(ctx context.Context, paths data.Paths, opt data.LoadOptions) (*data.Dataset, error) {
	defer debug.SetGCPercent(debug.SetGCPercent(loadGCPercent))
	return data.Load(ctx, paths, opt)
}
