package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"needsplan/data"
	"needsplan/model"
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

// tablePaths sorts the arguments into a dataset's tables by name.
func tablePaths(args []string) (data.Paths, error) {
	if len(args) == 1 {
		if st, err := os.Stat(args[0]); err == nil && st.IsDir() {
			return data.DatasetPaths(args[0])
		}
	}
	var p data.Paths
	for _, a := range args {
		base := strings.ToLower(filepath.Base(a))
		var slot *string
		switch {
		case strings.HasPrefix(base, "profiles"):
			slot = &p.Profiles
		case strings.HasPrefix(base, "establishments"):
			slot = &p.Establishments
		case strings.HasPrefix(base, "offerings"):
			slot = &p.Offerings
		default:
			return p, usagef("%s: cannot tell which table this is: name it profiles*, establishments* or offerings*", a)
		}
		if *slot != "" {
			return p, usagef("two files for one table: %s and %s", *slot, a)
		}
		*slot = a
	}
	return p, nil
}

func runValidate(cmd *cobra.Command, o *validateOptions, args []string, stdout, stderr io.Writer) error {
	paths, err := tablePaths(args)
	if err != nil {
		return err
	}
	opt := data.LoadOptions{}
	if o.inputFormat != "" {
		if opt.Format, err = data.ParseFormat(o.inputFormat); err != nil {
			return usagef("--input-format: %v", err)
		}
	}
	if o.asOf != "" {
		d, err := model.ParseDate(o.asOf)
		if err != nil {
			return usagef("--as-of %q: %v", o.asOf, err)
		}
		opt.AsOf = model.Some(d)
	}
	if opt.Catalogue, err = data.LoadCatalogue(o.catalogue); err != nil {
		return err
	}
	d, err := loadDataset(cmd.Context(), paths, opt)
	if err != nil {
		return err
	}
	for _, w := range d.Warnings {
		fmt.Fprintln(stderr, "needsplan: warning:", w)
	}
	var parts []string
	if paths.Profiles != "" {
		parts = append(parts, fmt.Sprintf("%d people", len(d.Profiles)))
	}
	if paths.Establishments != "" {
		parts = append(parts, fmt.Sprintf("%d establishments", len(d.Establishments)))
	}
	if paths.Offerings != "" {
		parts = append(parts, fmt.Sprintf("%d offerings", len(d.Offerings)))
	}
	fmt.Fprintf(stdout, "ok: %s\n", strings.Join(parts, ", "))
	if paths.Profiles != "" {
		how := "given"
		if d.AsOf == 0 || d.AsOfDerived {
			how = "latest sentence start or assessment"
		}
		fmt.Fprintf(stdout, "dataset date: %s (%s)\n", d.AsOf, how)
	}
	return nil
}
