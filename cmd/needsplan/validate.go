package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"needsplan/data"
)

type validateOptions struct {
	inputFormat string
	catalogue   string
	asOf        string
}

func newValidateCommand() *cobra.Command {
	var o validateOptions
	cmd := &cobra.Command{
		Use:   "validate DIR | FILE...",
		Short: "Check a dataset or single tables against the data contract",
		Long: `validate reads a dataset directory, or single tables named profiles*,
establishments* or offerings*, and checks every value against the data
contract (docs/data-contract.md). Every problem is listed with its file, row,
column and value, up to 50 per file, and the exit status is 3. With a whole
dataset it also checks that people are held at known establishments of their
sex and that offerings name known establishments and programmes.

Identifier-shaped person_id values (prison numbers, PNC numbers, CRNs) are
refused: datasets must be pseudonymised.`,
		Example: `  needsplan validate testdata/sample
  needsplan validate exports/profiles.parquet
  needsplan validate exports/establishments.csv exports/offerings.csv`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("validate needs a dataset directory or files")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(cmd, &o, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&o.inputFormat, "input-format", "", "format of the profiles file: csv, parquet or arrow (default: by extension)")
	cmd.Flags().StringVar(&o.catalogue, "catalogue", "", "programme catalogue YAML `FILE` replacing the embedded one")
	cmd.Flags().StringVar(&o.asOf, "as-of", "", "dataset `DATE` (YYYY-MM-DD): sentence starts and assessments after it are refused")
	return cmd
}

func runValidate(cmd *cobra.Command, o *validateOptions, args []string, stdout, stderr io.Writer) error {
	paths, err := data.TablePaths(args)
	if err != nil {
		if !errors.Is(err, data.ErrInvalid) { // a file named for no table, or two for one
			err = usageError{err}
		}
		return err
	}
	opt, err := loadOptions(o.inputFormat, o.asOf, o.catalogue)
	if err != nil {
		return err
	}
	d, err := loadDataset(cmd.Context(), paths, opt)
	if err != nil {
		return err
	}
	for _, w := range d.Warnings {
		stderrLog(stderr).Warn(w)
	}
	fmt.Fprint(stdout, d.Summary(paths))
	return nil
}
