package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axePath names axe-core's axe.min.js (npm's axe-core package), which
// .ci/run installs and points to; missing, the accessibility test skips,
// or fails when NEEDSPLAN_BROWSER_TEST=required.
const axePath = "NEEDSPLAN_AXE"

// findAxe reads axe.min.js from $NEEDSPLAN_AXE.
func findAxe(t *testing.T) string {
	t.Helper()
	p := os.Getenv(axePath)
	b, err := os.ReadFile(p)
	switch {
	case err == nil && len(b) > 0:
		return string(b)
	case os.Getenv(browserRequired) == "required":
		t.Fatalf("%s=%q: %v: .ci/run should have installed axe-core (npm install axe-core)", axePath, p, err)
	}
	t.Skipf("no axe-core (%s=%q): npm install axe-core and set %s to its axe.min.js", axePath, p, axePath)
	return ""
}

// widths are the screen widths every page type is checked at: a laptop
// and a phone.
var widths = []int64{1366, 390}

// axeViolation is the part of an axe-core result the test reports.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// TestAccessibility opens every page type of the sample's report — the
// report, the directory index, an establishment page and a programme page
// — in Chromium at 1366 and 390 pixels wide: each is screenshotted (the
// PNGs go to $NEEDSPLAN_SCREENSHOTS when set), must not scroll sideways
// (a wide table scrolls in its own box), and axe-core finds no serious or
// critical accessibility violation (WCAG 2.1 A and AA rules).
func TestAccessibility(t *testing.T) {
	axe := findAxe(t)
	ctx, problems := browser(t)
	out := filepath.Join(t.TempDir(), "report")
	if code, _, errb := runCLI(t, "report", "--dataset", sample, "--out", out, "--replications", "2", "--years", "1"); code != 0 {
		t.Fatalf("report: exit %d: %s", code, errb)
	}
	shots := os.Getenv("NEEDSPLAN_SCREENSHOTS")
	pages := []string{"index.html", "directory/index.html", "directory/establishments/SFI.html", "directory/programmes/TSP.html"}
	for _, w := range widths {
		for _, p := range pages {
			var png []byte
			var overflow int64
			var res string
			err := chromedp.Run(ctx,
				emulation.SetDeviceMetricsOverride(w, 900, 1, false), // not mobile: a mobile view widens to fit what overflows
				chromedp.Navigate("file://"+filepath.ToSlash(filepath.Join(out, p))),
				chromedp.WaitReady("body", chromedp.ByQuery),
				// Before the screenshot, which resizes the view to the page.
				chromedp.Evaluate(`document.documentElement.scrollWidth - window.innerWidth`, &overflow),
				chromedp.FullScreenshot(&png, 100), // 100: PNG
				chromedp.Evaluate(axe, nil),
				chromedp.Evaluate(`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))`, &res,
					func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			)
			if err != nil {
				t.Fatalf("%s at %d px: %v", p, w, err)
			}
			if shots != "" {
				name := fmt.Sprintf("%s-%d.png", strings.NewReplacer("/", "-", ".html", "").Replace(p), w)
				if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
					t.Error(err)
				}
			}
			if len(png) == 0 {
				t.Errorf("%s at %d px: no screenshot", p, w)
			}
			if overflow > 1 {
				t.Errorf("%s at %d px: the page scrolls sideways by %d px", p, w, overflow)
			}
			var vs []axeViolation
			if err := jsonUnmarshal(res, &vs); err != nil {
				t.Fatalf("%s: axe-core's result: %v", p, err)
			}
			for _, v := range vs {
				if v.Impact == "serious" || v.Impact == "critical" {
					var targets []string
					for _, n := range v.Nodes {
						targets = append(targets, strings.Join(n.Target, " "))
					}
					t.Errorf("%s at %d px: %s (%s): %s — %d elements, e.g. %s", p, w, v.ID, v.Impact, v.Help, len(v.Nodes), strings.Join(targets[:min(3, len(targets))], "; "))
				}
			}
		}
	}
	if ps := problems(); len(ps) > 0 {
		t.Errorf("console errors or network requests: %v", ps)
	}
}

// jsonUnmarshal reads axe-core's JSON string.
func jsonUnmarshal(s string, v any) error {
	if s == "" {
		return errors.New("axe-core gave no result")
	}
	return json.Unmarshal([]byte(s), v)
}
