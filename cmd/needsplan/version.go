package main

import (
	"cmp"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"needsplan/data"
)

// build is what the binary's build recorded: the module version ("" when
// not a released module), the VCS revision and whether the tree had
// uncommitted changes.
type build struct {
	version, revision string
	modified          bool
}

// buildInfo reads the build information (debug.ReadBuildInfo) once for
// version, the report's method note and a sweep's manifest.
func buildInfo() build {
	var b build
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		b.version = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.revision = s.Value
		case "vcs.modified":
			b.modified = s.Value == "true"
		}
	}
	return b
}

// version returns the module version and VCS revision the binary was built
// from, as far as the build recorded them.
func version() string {
	b := buildInfo()
	v := cmp.Or(b.version, "(devel)")
	if len(b.revision) >= 12 {
		v += " " + b.revision[:12]
	}
	return v
}

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version of needsplan and of its catalogue",
		Example: "  needsplan version",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := data.DefaultCatalogue()
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "needsplan %s (%s, %s/%s)\ncatalogue %s (%d programmes)\n",
				version(), runtime.Version(), runtime.GOOS, runtime.GOARCH, cat.Version, cat.Len())
			return nil
		},
	}
}
