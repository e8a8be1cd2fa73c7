package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"needsplan/data"
)

// version returns the module version and VCS revision the binary was built
// from, as far as the build recorded them.
func version() string {
	v, rev := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = " " + s.Value[:12]
			}
		}
	}
	return v + rev
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
