package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds Debian's Chromium; CI installs it (.ci/run), so the test
// is skipped only on a developer's machine without it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed: .ci/run should have installed it")
	}
	t.Skip("Chromium not installed (apt-get install -y chromium)")
	return ""
}

// TestDirectoryInBrowser drives the report and the directory of
// interventions in headless Chromium: search and filters, a link to an
// establishment page with its progression routes, and the report page with
// its charts — with no console errors and no network requests.
func TestDirectoryInBrowser(t *testing.T) {
	exe := chromium(t)
	out := filepath.Join(t.TempDir(), "report")
	if code, _, errb := runCLI(t, "report", "--dataset", sample, "--out", out, "--replications", "2", "--years", "1"); code != 0 {
		t.Fatalf("report: exit %d: %s", code, errb)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				problems = append(problems, "console error")
			}
		case *network.EventRequestWillBeSent:
			if u := e.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				problems = append(problems, "network request: "+u)
			}
		}
	})
	url := "file://" + filepath.ToSlash(out)
	var count, countRegion, title, routes string
	var charts int
	var loaded bool
	err := chromedp.Run(ctx,
		network.Enable(),
		chromedp.Navigate(url+"/directory/index.html"),
		chromedp.WaitVisible("#establishments", chromedp.ByQuery),
		// Search for a programme.
		chromedp.SetValue("#programme", "HORIZON", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('programme').dispatchEvent(new Event('change'))`, nil),
		chromedp.Text("#count", &count, chromedp.ByQuery),
		// Filter by region as well.
		chromedp.SetValue("#programme", "", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('programme').dispatchEvent(new Event('change'))`, nil),
		chromedp.SendKeys("#q", "Stafford", chromedp.ByQuery),
		chromedp.SetValue("#region", "The Midlands", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('region').dispatchEvent(new Event('change'))`, nil),
		chromedp.Text("#count", &countRegion, chromedp.ByQuery),
		// Follow the link to the establishment page.
		chromedp.Click(`a[href="establishments/SFI.html"]`, chromedp.ByQuery),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Text("h1", &title, chromedp.ByQuery),
		chromedp.Text("main", &routes, chromedp.ByQuery),
		// The report renders with its charts.
		chromedp.Navigate(url+"/index.html"),
		chromedp.WaitVisible("#summary", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('img.chart').length`, &charts),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('img.chart')).every(i => i.complete && i.naturalWidth > 0)`, &loaded),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	if count != "1 of 4 establishments" {
		t.Errorf("programme filter HORIZON: %q, want 1 of 4 (Stafford)", count)
	}
	if countRegion != "1 of 4 establishments" {
		t.Errorf("search Stafford in The Midlands: %q, want 1 of 4", countRegion)
	}
	if !strings.HasPrefix(title, "SFI Stafford") {
		t.Errorf("the link led to %q", title)
	}
	if !strings.Contains(routes, "What runs here") || !strings.Contains(routes, "progression routes") || !strings.Contains(routes, "RESOLVE") {
		t.Errorf("Stafford's page lacks its programmes or routes:\n%s", routes)
	}
	if charts < 4 || !loaded {
		t.Errorf("%d charts, all loaded %v: want at least 4, loaded", charts, loaded)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("problems in the browser: %v", problems)
	}
}
