package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"needsplan/data"
	"needsplan/model"
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

// moveDelay is the months a move between prisons takes by default: four
// weeks.
const moveDelay = 28 / model.DaysPerMonth

// monthsValue is a flag of months, a float64, whose help shows its default
// readably: to two decimals, with the weeks when it is a whole number of
// them ("0.92, 4 weeks", not 0.9199367543481386). The value itself is
// exact.
type monthsValue struct{ p *float64 }

// monthsVar registers a monthsValue flag with its default.
func monthsVar(fs *pflag.FlagSet, p *float64, name string, value float64, usage string) {
	*p = value
	fs.Var(monthsValue{p}, name, usage)
}

func (m monthsValue) String() string {
	v := *m.p
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	if weeks := v * model.DaysPerMonth / 7; v > 0 && math.Abs(weeks-math.Round(weeks)) < 1e-9 {
		if w := int(math.Round(weeks)); w == 1 {
			s += ", 1 week"
		} else {
			s += fmt.Sprintf(", %d weeks", w)
		}
	}
	return s
}

func (m monthsValue) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return err
	}
	*m.p = v
	return nil
}

func (m monthsValue) Type() string { return "float64" } // shown as "float", as Float64Var's
