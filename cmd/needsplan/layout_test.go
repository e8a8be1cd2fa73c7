package main

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// pkgInfo is what go list tells about one package of the module.
type pkgInfo struct {
	ImportPath string
	Imports    []string
	Deps       []string
	Standard   bool
}

func listPackages(t *testing.T) []pkgInfo {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,Deps,Standard", "needsplan/...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []pkgInfo
	for dec.More() {
		var p pkgInfo
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func isStd(path string) bool { return !strings.Contains(strings.SplitN(path, "/", 2)[0], ".") }

// TestLayout enforces the design card's import direction
// (shared/research/aesthetics-anchors.md §2): model ← data, analysis ←
// reports ← cmd; model and analysis/transport use the standard library
// only; analysis/sim and analysis/transport import nothing of the module;
// pipeline and sweep, the commands' shared work, use model, data and
// analysis (not reports) and are imported by cmd alone (and sweep's by
// nothing but cmd; pipeline's also by sweep); Arrow only in data, cobra
// only in cmd, gonum/plot only in reports; math/rand (v1) nowhere.
func TestLayout(t *testing.T) {
	// The analysis packages pipeline and sweep may use.
	analyses := []string{"needsplan/model", "needsplan/data", "needsplan/analysis", "needsplan/analysis/sim",
		"needsplan/analysis/estate", "needsplan/analysis/transport", "needsplan/analysis/allocate", "needsplan/analysis/plan"}
	allowed := map[string][]string{ // module packages each may import, directly or not
		"needsplan/model":              {},
		"needsplan/analysis/sim":       {},
		"needsplan/analysis/transport": {},
		"needsplan/data":               {"needsplan/model"},
		"needsplan/analysis":           {"needsplan/model", "needsplan/analysis/sim", "needsplan/analysis/transport"},
		"needsplan/analysis/estate":    {"needsplan/model", "needsplan/analysis", "needsplan/analysis/sim", "needsplan/analysis/transport"},
		"needsplan/analysis/allocate":  {"needsplan/model", "needsplan/analysis/transport"},
		"needsplan/analysis/plan":      {"needsplan/model", "needsplan/analysis", "needsplan/analysis/sim", "needsplan/analysis/transport", "needsplan/analysis/estate"},
		"needsplan/reports":            {"needsplan/analysis/plan", "needsplan/model", "needsplan/analysis", "needsplan/analysis/sim", "needsplan/analysis/transport", "needsplan/analysis/estate", "needsplan/analysis/allocate", "needsplan/reports/disclosure", "needsplan/analysis/lp"},
		"needsplan/reports/disclosure": {"needsplan/analysis/lp"},
		"needsplan/analysis/lp":        {},
		"needsplan/pipeline":           analyses,
		"needsplan/sweep":              append(slices.Clone(analyses), "needsplan/pipeline"),
	}
	importers := map[string][]string{ // a package and the only ones that may import it
		"needsplan/pipeline": {"needsplan/cmd/needsplan", "needsplan/sweep"},
		"needsplan/sweep":    {"needsplan/cmd/needsplan"},
		// Test fixtures: imported by tests alone (go list's Imports leave
		// out _test.go files, so any importer here is a mistake).
		"needsplan/internal/testkit": {},
	}
	homes := map[string]string{ // an external dependency and the one package that may import it
		"github.com/apache/arrow/": "needsplan/data",
		"github.com/spf13/cobra":   "needsplan/cmd/needsplan",
		"github.com/spf13/pflag":   "needsplan/cmd/needsplan",
		"gonum.org/v1/plot":        "needsplan/reports",
		"go.yaml.in/yaml":          "needsplan/data",
	}
	pkgs := listPackages(t)
	if len(pkgs) < 5 {
		t.Fatalf("go list found %d packages, want the whole module", len(pkgs))
	}
	for _, p := range pkgs {
		if p.ImportPath == "needsplan/model" || p.ImportPath == "needsplan/analysis/transport" {
			for _, d := range p.Deps {
				if !isStd(d) {
					t.Errorf("%s must use the standard library only, but depends on %s", p.ImportPath, d)
				}
			}
		}
		if ok, has := allowed[p.ImportPath]; has {
			for _, d := range p.Deps {
				if strings.HasPrefix(d, "needsplan/") && !slices.Contains(ok, d) {
					t.Errorf("%s must not depend on %s", p.ImportPath, d)
				}
			}
		}
		for _, imp := range p.Imports {
			if imp == "math/rand" {
				t.Errorf("%s imports math/rand: use math/rand/v2 with an explicit seeded source", p.ImportPath)
			}
			if strings.HasPrefix(imp, "needsplan/cmd") {
				t.Errorf("%s imports %s: nothing imports cmd", p.ImportPath, imp)
			}
			if only, ok := importers[imp]; ok && !slices.Contains(only, p.ImportPath) {
				t.Errorf("%s imports %s, which only %s may import", p.ImportPath, imp, strings.Join(only, " and "))
			}
			for prefix, home := range homes {
				if strings.HasPrefix(imp, prefix) && p.ImportPath != home && !strings.HasPrefix(p.ImportPath, home+"/") {
					t.Errorf("%s imports %s, which only %s may import", p.ImportPath, imp, home)
				}
			}
		}
	}
}
