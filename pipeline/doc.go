// Package pipeline is the work the commands share between reading their
// flags and rendering their results: loading and classifying a baseline
// (Load, Estate.Classify, Analyse; an establishment's fit, Baseline.Fit),
// setting up a scenario on it (Estate.SetUp, Scenarios) and comparing
// scenarios with common random numbers (Scenarios.Compare), assembling the
// simulation's options from settings (Settings.Options, the one place they
// are put together), the simulate command's other runs (the textbook
// queue, Queue; replication 0's events, Trace), and working out what a
// report shows (PrepareReport).
//
// It exists so that this logic can be used and tested without the command
// line: before it, the same set-up was written out in the report, compare,
// simulate and sweep commands, passing the estate around as a positional
// tuple (profiles, classes, establishments, offerings, catalogue) to
// AnalyseNeeds, AnalyseGaps, AnalyseTransfers and estate.New. Here the
// estate is one value, Estate, whose methods call those.
//
// Errors about the inputs have the data package's shape (*data.Error,
// *data.Errors, both matching data.ErrInvalid), so the command maps them to
// its exit status without translating them. Warnings and notices go to a
// Log, which the command prints; the package writes nothing itself and
// changes no process settings (a Loader can, when the command asks).
package pipeline
