package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"needsplan/data"
	"needsplan/model"
	"needsplan/reports"
)

// findEstablishment resolves the code or name given to flag among ests
// (model.FindEstablishment) to a code: an ambiguous or unknown name is a
// usage error listing the candidates or the nearest names with their codes.
func findEstablishment(flag, query string, ests []model.Establishment) (string, error) {
	e, _, err := model.FindEstablishment(ests, query)
	switch {
	case err == nil:
		return e.Code, nil
	case errors.Is(err, model.ErrUnknownEstablishment):
		return "", usagef("%s %q: %w ('needsplan establishments' lists them)", flag, query, err)
	}
	return "", usagef("%s %q: %w", flag, query, err)
}

type establishmentsOptions struct {
	dataset        string
	establishments string
	out            outputOptions
}

func newEstablishmentsCommand() *cobra.Command {
	var o establishmentsOptions
	cmd := &cobra.Command{
		Use:   "establishments",
		Short: "List the establishments: code, name, region, function, who they hold",
		Long: `establishments lists every establishment of the dataset by code: its name,
region, function, who it holds (men, women or both) and its facilitator
teams (– when not given). The csv, json and parquet table gives the data
contract's values (docs/data-contract.md §2): function as a code such as
cat_c_trainer, sex M, F or mixed, facilitator_teams empty when not given.

Commands that take an establishment (fit --establishment, gap --focus)
accept its code or its name: any case, with or without "HMP", "HMYOI" and
punctuation, or enough of it to pick one ("humber", "HMP Humber", "isle of
wight", "scrubs").`,
		Example: `  needsplan establishments
  needsplan establishments --format csv --out establishments.csv
  needsplan establishments --dataset testdata/sample`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runEstablishments(cmd.Context(), &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&o.dataset, "dataset", "", "dataset `DIR` holding profiles, establishments and offerings (default: the embedded national dataset)")
	cmd.Flags().StringVar(&o.establishments, "establishments", "", "establishments `FILE`; overrides the dataset's")
	o.out.register(cmd.Flags())
	return cmd
}

// establishmentsPath names the establishments table to list: --establishments,
// else the dataset's, else the embedded dataset's.
func (o *establishmentsOptions) establishmentsPath(stderr io.Writer) (data.Paths, error) {
	switch {
	case o.establishments != "":
		return data.Paths{Establishments: o.establishments}, nil
	case o.dataset != "":
		p, err := data.DatasetPaths(o.dataset)
		return data.Paths{Establishments: p.Establishments}, err
	}
	fmt.Fprintln(stderr, "needsplan: no --dataset given: using the embedded national dataset (real establishments, synthetic people, 30 June 2025)")
	p := data.DefaultPaths()
	return data.Paths{FS: p.FS, Establishments: p.Establishments}, nil
}

func runEstablishments(ctx context.Context, o *establishmentsOptions, stdout, stderr io.Writer) error {
	if err := o.out.check(); err != nil {
		return err
	}
	paths, err := o.establishmentsPath(stderr)
	if err != nil {
		return err
	}
	d, err := loadDataset(ctx, paths, data.LoadOptions{})
	if err != nil {
		return err
	}
	for _, w := range d.Warnings {
		stderrLog(stderr).Warn(w)
	}
	return o.out.write(stdout, reports.EstablishmentsTable(d.Establishments), func(w io.Writer) error {
		return reports.WriteEstablishmentsText(w, d.Establishments)
	})
}
