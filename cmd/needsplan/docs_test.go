package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestContributingPaths: every file or directory of the repository that
// docs/contributing.md names in backquotes exists, so the guide to where
// each change goes cannot point at code that has moved. Paths under
// shared/ are outside the repository and left out.
func TestContributingPaths(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, "docs", "contributing.md"))
	if err != nil {
		t.Fatal(err)
	}
	pathLike := regexp.MustCompile("`([a-z_]+(?:/[A-Za-z0-9_.-]+)+/?)`")
	seen := 0
	for _, m := range pathLike.FindAllStringSubmatch(string(raw), -1) {
		p := m[1]
		if strings.HasPrefix(p, "shared/") {
			continue
		}
		seen++
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err != nil {
			t.Errorf("docs/contributing.md names %s, which does not exist", p)
		}
	}
	if seen < 30 {
		t.Errorf("found %d paths in docs/contributing.md; the pattern has stopped matching them", seen)
	}
}
