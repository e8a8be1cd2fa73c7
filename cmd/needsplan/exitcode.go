package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"needsplan/data"
)

// Exit statuses, documented in README.md and the root command's help.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInvalidData = 3
	exitInterrupted = 130
)

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// exitCode maps an error to the process's exit status and prints it once.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "needsplan: interrupted; nothing was written")
		return exitInterrupted
	case errors.Is(err, data.ErrInvalid):
		fmt.Fprintf(stderr, "needsplan: invalid input data; nothing was written:\n%s\n", indent(err.Error()))
		return exitInvalidData
	case errors.As(err, &ue) || isCobraUsage(err):
		fmt.Fprintf(stderr, "needsplan: %v\nRun 'needsplan --help' for usage.\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "needsplan: %v\n", err)
	return exitFailure
}

// isCobraUsage recognises cobra's own command-line errors, which it does not
// type.
func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "required flag"} {
		if strings.HasPrefix(s, p) || strings.Contains(s, " "+p) {
			return true
		}
	}
	return false
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }
