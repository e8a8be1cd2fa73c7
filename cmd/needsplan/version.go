package main

import (
	"cmp"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"needsplan/data"
)

// version is the release stamped into the binary when it is linked:
//
//	go build -ldflags "-X main.version=v1.2.0" ./cmd/needsplan
//
// Empty when not stamped: the module version the build recorded is used.
var version string

// build is what the binary's build recorded: its version (the -ldflags
// stamp, else the module version: "(devel)" for a build from a source
// tree, "(unknown)" with no build information), the VCS revision ("" when
// the build recorded none) and whether the tree had uncommitted changes.
type build struct {
	version, revision string
	modified          bool
}

// buildInfo reads the build information (debug.ReadBuildInfo) once for
// version, the report's method note and a sweep's manifest.
func buildInfo() build {
	bi, ok := debug.ReadBuildInfo()
	return buildFrom(version, bi, ok)
}

// buildFrom is buildInfo from a stamp and the build information (ok false:
// none).
func buildFrom(stamp string, bi *debug.BuildInfo, ok bool) build {
	b := build{version: stamp}
	if !ok {
		b.version = cmp.Or(b.version, "(unknown)")
		return b
	}
	b.version = cmp.Or(b.version, bi.Main.Version, "(unknown)")
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

// versionLine returns the version and VCS revision the binary was built
// from, as far as the build recorded them: "(devel)", "v1.2.0
// 0123456789ab".
func versionLine() string {
	b := buildInfo()
	v := b.version
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
				versionLine(), runtime.Version(), runtime.GOOS, runtime.GOARCH, cat.Version, cat.Len())
			return nil
		},
	}
}
