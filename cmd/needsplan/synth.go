package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"needsplan/data"
	"needsplan/data/synth"
	"needsplan/model"
)

type synthOptions struct {
	gen       synth.Options // --seed, --people and --establishments
	asOf      string
	out       string
	format    string
	catalogue string
}

func newSynthCommand() *cobra.Command {
	var o synthOptions
	cmd := &cobra.Command{
		Use:   "synth",
		Short: "Generate a synthetic national dataset calibrated to published figures",
		Long: `synth writes a complete planning dataset of the real establishments of
England and Wales with a synthetic population: people are drawn establishment
by establishment from a model whose marginals (population, sex, sentence
type, offence mix, need prevalence, LDC) are calibrated to published figures,
and offerings are sized to the people's need, with gaps, to about the
published annual programme starts. The people are synthetic: real OASys
records are never public (docs/synthetic-data.md).

--establishments N (more than the 125 real ones) adds synthetic copies of
real establishments, for scale tests: copy k of ACI is ACI2, ACI3…, with
ACI's function, region, sex and relative size.

The same --seed, --people and --establishments give byte-identical files. With --format both
(the default) DIR holds profiles.parquet and DIR/csv a copy of the dataset
with profiles.csv.`,
		Example: `  # the national estate, as embedded in the binary
  needsplan synth --seed 1 --out national

  # a population twice the size, for a growth scenario
  needsplan synth --seed 7 --people 175000 --out big --format parquet

  needsplan needs --dataset national --by region

  # a million people in 500 establishments, for scale tests
  needsplan synth --seed 3 --people 1000000 --establishments 500 --out scale`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSynth(cmd, &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&o.gen.Seed, "seed", 1, "random seed: the same seed gives the same dataset")
	f.IntVar(&o.gen.People, "people", synth.DefaultPeople, "population size (default: the prison population on 30 June 2025)")
	f.IntVar(&o.gen.Establishments, "establishments", 0, "establishments `N`: the 125 real ones (default), or more with synthetic copies for scale tests")
	f.StringVar(&o.asOf, "as-of", synth.DefaultAsOf.String(), "dataset `DATE` the population is drawn on")
	f.StringVarP(&o.out, "out", "o", "", "new dataset `DIR` to write (required)")
	f.StringVar(&o.format, "format", "both", "profiles format: parquet, csv, or both (DIR/csv holds the CSV copy)")
	f.StringVar(&o.catalogue, "catalogue", "", "programme catalogue YAML `FILE` replacing the embedded one")
	return cmd
}

func runSynth(cmd *cobra.Command, o *synthOptions, stdout, stderr io.Writer) error {
	if o.out == "" {
		return usagef("synth needs --out DIR")
	}
	if o.format != "parquet" && o.format != "csv" && o.format != "both" {
		return usagef("--format %q: want parquet, csv or both", o.format)
	}
	gen := o.gen
	var err error
	if gen.AsOf, err = model.ParseDate(o.asOf); err != nil {
		return usagef("--as-of %q: %v", o.asOf, err)
	}
	if gen.People < 200 || gen.People > 20_000_000 {
		return usagef("--people %d: want from 200 to 20,000,000", gen.People)
	}
	if n := gen.Establishments; n != 0 && (n < 125 || n > synth.MaxEstablishments) {
		return usagef("--establishments %d: want 125 (the real ones) to %d", n, synth.MaxEstablishments)
	}
	if gen.Catalogue, err = data.LoadCatalogue(o.catalogue); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "needsplan: generating %d people (seed %d)…\n", gen.People, gen.Seed)
	d, err := synth.Generate(cmd.Context(), gen)
	if err != nil {
		return err
	}
	err = data.WriteDatasetDir(o.out, &data.Dataset{Profiles: d.Profiles, Establishments: d.Establishments, Offerings: d.Offerings}, o.format)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d people, %d establishments, %d offerings; dataset date %s\n",
		o.out, len(d.Profiles), len(d.Establishments), len(d.Offerings), d.AsOf)
	return nil
}
