package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestBuildFrom checks the version the build recorded: an -ldflags stamp
// first, else the module version ("(devel)" from a source tree), else
// "(unknown)"; the revision and uncommitted changes from the VCS settings.
func TestBuildFrom(t *testing.T) {
	info := func(v string, settings ...debug.BuildSetting) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Path: "needsplan", Version: v}, Settings: settings}
	}
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "0123456789abcdef"}
	dirty := debug.BuildSetting{Key: "vcs.modified", Value: "true"}
	tests := []struct {
		name  string
		stamp string
		bi    *debug.BuildInfo
		ok    bool
		want  build
	}{
		{"source tree", "", info("(devel)"), true, build{version: "(devel)"}},
		{"stamped", "v1.2.0", info("(devel)"), true, build{version: "v1.2.0"}},
		{"module version", "", info("v0.3.0"), true, build{version: "v0.3.0"}},
		{"revision", "", info("(devel)", rev), true, build{version: "(devel)", revision: "0123456789abcdef"}},
		{"uncommitted", "v1.2.0", info("(devel)", rev, dirty), true, build{version: "v1.2.0", revision: "0123456789abcdef", modified: true}},
		{"no build information", "", nil, false, build{version: "(unknown)"}},
		{"no build information, stamped", "v1.2.0", nil, false, build{version: "v1.2.0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := buildFrom(tt.stamp, tt.bi, tt.ok); got != tt.want {
				t.Errorf("buildFrom = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestVersionStamp checks an -ldflags stamp (main.version) is what version
// and the report's method note show. Not parallel: it sets the stamp.
func TestVersionStamp(t *testing.T) {
	old := version
	version = "v9.8.7-test"
	t.Cleanup(func() { version = old })
	if code, out, errb := runCLI(t, "version"); code != exitOK || !strings.HasPrefix(out, "needsplan v9.8.7-test ") {
		t.Errorf("version: exit %d, output %q %s", code, out, errb)
	}
	out := t.TempDir() + "/report"
	if code, _, errb := runCLI(t, "report", "--dataset", sample, "--replications", "2", "--years", "1", "--out", out); code != exitOK {
		t.Fatalf("report: exit %d: %s", code, errb)
	}
	if index := string(mustRead(t, out+"/index.html")); !strings.Contains(index, "needsplan v9.8.7-test, revision not recorded (a build without version control information)") {
		t.Error("the method note does not give the stamped version")
	}
}
