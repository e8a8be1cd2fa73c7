package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"
)

// run builds the command tree, runs the command named by args and returns
// the exit status. Tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return exitCode(err, stderr)
}

const rootLong = `needsplan plans accredited-programme places for the prison estate of
England and Wales. It reads anonymised OASys-style need profiles, works out
each person's Programme Needs Identifier (PNI) pathway and the programmes they
still need, and reports needs (needs, pni), gaps between demand and places
(gap, fit), who must move to reach a programme (transfers), and waiting lists
simulated over years with uncertainty (simulate), scenario comparisons
(compare) and sweeps (sweep, merge).

With no --dataset, commands use the embedded national dataset: the real
establishments with a synthetic population calibrated to published figures
(synth, calibration). A dataset is a directory holding
profiles.{csv,parquet,arrow}, establishments.csv and offerings.csv (columns:
docs/data-contract.md).

Exit status: 0 ok, 1 failure, 2 usage error, 3 invalid input data (nothing
is written), 130 interrupted.`

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "needsplan",
		Short: "Plan accredited-programme places against assessed need",
		Long:  rootLong,
		Example: `  needsplan needs --by region
  needsplan gap --charts charts
  needsplan simulate --years 5 --replications 200 --policy right-time
  needsplan validate testdata/sample
  needsplan pni --profiles testdata/sample/profiles.csv --format csv`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newValidateCommand(), newNeedsCommand(), newPNICommand(), newGapCommand(), newFitCommand(), newEstablishmentsCommand(), newTransfersCommand(), newAllocateCommand(), newPlanCommand(), newSimulateCommand(), newCompareCommand(), newSweepCommand(), newMergeCommand(), newReportCommand(), newSynthCommand(), newCalibrationCommand(), newCatalogueCommand(), newVersionCommand())
	return root
}
