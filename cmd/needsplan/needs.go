package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"needsplan/analysis"
	"needsplan/reports"
)

type needsOptions struct {
	in  inputOptions
	out outputOptions
	by  string
}

func newNeedsCommand() *cobra.Command {
	var o needsOptions
	cmd := &cobra.Command{
		Use:   "needs",
		Short: "Needs analysis by establishment, region or estate",
		Long: `needs classifies every person (PNI pathway, LDC, programmes still needed)
and reports, for each establishment, region or the whole estate: people,
the prevalence of each identified OASys need with a 95% Wilson interval,
the PNI pathway mix, the LDC share, stale or missing assessments, and
programme demand (people who need each programme of the suite, and how many
of them have time to complete it before release).

The csv, json and parquet formats give one tidy row per group and measure:
group_by, group, name, measure, item, count, denominator, share, ci_low,
ci_high.

With --as-of and a dataset read from files, the people are read, checked,
classified and counted batch by batch and never all held in memory, so a
file of millions of profiles needs a few hundred megabytes; without it the
dataset date is the latest in the file, known only once it is all read.`,
		Example: `  # the whole estate, as a table
  needsplan needs --dataset testdata/sample --by estate

  # every establishment, as CSV for a spreadsheet
  needsplan needs --dataset testdata/sample --format csv --out needs.csv

  # Building Choices instead of the legacy suite, by region
  needsplan needs --dataset testdata/sample --suite building-choices --by region

  # a large export, streamed: the dataset date given
  needsplan needs --dataset big --as-of 2025-06-30 --format csv --out needs.csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runNeeds(cmd, &o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.in.register(cmd.Flags())
	o.out.register(cmd.Flags())
	cmd.Flags().StringVar(&o.by, "by", "establishment", "group by establishment, region or estate")
	return cmd
}

func runNeeds(cmd *cobra.Command, o *needsOptions, stdout, stderr io.Writer) error {
	by, err := analysis.ParseGroupBy(o.by)
	if err != nil {
		return usageError{fmt.Errorf("--%w", err)}
	}
	if err := o.out.check(); err != nil {
		return err
	}
	n, err := o.in.needs(cmd.Context(), by, stderr)
	if err != nil {
		return err
	}
	return o.out.write(stdout, reports.NeedsTable(n), func(w io.Writer) error { return reports.WriteNeedsText(w, n) })
}
