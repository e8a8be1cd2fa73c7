package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"needsplan/data"
)

// noArgs refuses positional arguments as a usage error.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q (inputs are given with flags such as --dataset)", args[0])
	}
	return nil
}

// parseFlag reads a flag's value with parse (model.ParsePolicy,
// model.ParseSchedule), whose error begins with the setting's name: a
// usage error naming the flag, "--policy …".
func parseFlag[T any](value string, parse func(string) (T, error)) (T, error) {
	v, err := parse(value)
	if err != nil {
		return v, usageError{fmt.Errorf("--%w", err)}
	}
	return v, nil
}

// yearsOutOfRange and replicationsOutOfRange are the bounds of a
// simulation's --years (above 0, up to data.MaxYears) and --replications
// (1 to data.MaxReplications) for simulate, report and compare, which say
// them each in their own words.
func yearsOutOfRange(y float64) bool    { return y <= 0 || y > data.MaxYears }
func replicationsOutOfRange(n int) bool { return n < 1 || n > data.MaxReplications }
