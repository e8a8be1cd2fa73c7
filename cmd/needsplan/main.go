// Command needsplan plans accredited-programme places for the prison estate
// of England and Wales: it reads anonymised OASys-style need profiles,
// classifies every person by the Programme Needs Identifier and the
// programme catalogue, and reports needs and programme demand.
//
// Run "needsplan help" for the commands; README.md has worked examples.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
