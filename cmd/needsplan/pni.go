package main

import (
	"io"

	"github.com/spf13/cobra"

	"needsplan/reports"
)

type pniOptions struct {
	in  inputOptions
	out outputOptions
}

func newPNICommand() *cobra.Command {
	var o pniOptions
	cmd := &cobra.Command{
		Use:   "pni",
		Short: "One row per person: PNI need, risk and pathway, LDC, programmes needed",
		Long: `pni runs the Programme Needs Identifier (docs/pni.md) on every person and
lists, sorted by person_id: the four domain scores, the need score and level,
the programme risk level, the pathway (high, moderate, not_eligible or
information_missing), LDC, the months to the release target, and the
programmes of the suite they still need.

Profiles can be checked alone (--profiles FILE); with --dataset they are also
checked against the establishments.`,
		Example: `  needsplan pni --profiles testdata/sample/profiles.csv
  needsplan pni --dataset testdata/sample --format csv --out pni.csv
  needsplan pni --profiles people.parquet --suite building-choices --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPNI(cmd, &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.in.register(cmd.Flags())
	o.out.register(cmd.Flags())
	return cmd
}

func runPNI(cmd *cobra.Command, o *pniOptions, stdout, stderr io.Writer) error {
	if err := o.out.check(); err != nil {
		return err
	}
	ctx := cmd.Context()
	e, err := o.in.loadClassified(ctx, stderr)
	if err != nil {
		return err
	}
	return o.out.write(stdout, reports.PNITable(e.Profiles, e.Classes, e.Catalogue), nil)
}
