package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// browserRequired is the environment variable that makes a missing
// Chromium a failure rather than a skip: .ci/run sets it to "required".
// chromiumPath, when set, names the Chromium to use instead of Debian's.
const (
	browserRequired = "NEEDSPLAN_BROWSER_TEST"
	chromiumPath    = "NEEDSPLAN_CHROMIUM"
)

// errNoChromium says Chromium is missing where it may be skipped.
var errNoChromium = errors.New("no Chromium installed (apt-get install -y chromium; set " + browserRequired + "=required to fail instead)")

// findChromium finds the browser: $NEEDSPLAN_CHROMIUM, else Debian's
// Chromium. Missing, it is errNoChromium, or a hard error when
// NEEDSPLAN_BROWSER_TEST=required (CI installs it, .ci/run).
func findChromium(getenv func(string) string) (string, error) {
	candidates := []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"}
	if p := getenv(chromiumPath); p != "" {
		candidates = []string{p}
	} else if p, err := exec.LookPath("chromium"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	if getenv(browserRequired) == "required" {
		return "", errors.New("no Chromium installed, and " + browserRequired + "=required: .ci/run should have installed it (apt-get install -y chromium)")
	}
	return "", errNoChromium
}

func chromium(t *testing.T) string {
	t.Helper()
	p, err := findChromium(os.Getenv)
	switch {
	case errors.Is(err, errNoChromium):
		t.Skip(err)
	case err != nil:
		t.Fatal(err)
	}
	return p
}

// TestFindChromium: with NEEDSPLAN_BROWSER_TEST=required a missing
// Chromium fails the browser test instead of skipping it.
func TestFindChromium(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-chromium")
	tests := []struct {
		env     map[string]string
		skip    bool
		failure bool
	}{
		{map[string]string{chromiumPath: missing}, true, false},
		{map[string]string{chromiumPath: missing, browserRequired: "required"}, false, true},
		{map[string]string{chromiumPath: "/bin/sh", browserRequired: "required"}, false, false},
	}
	for _, tt := range tests {
		_, err := findChromium(func(k string) string { return tt.env[k] })
		if skip := errors.Is(err, errNoChromium); skip != tt.skip || (err != nil && !skip) != tt.failure {
			t.Errorf("%v: %v", tt.env, err)
		}
	}
}

// browser starts headless Chromium with a profile of its own and returns
// its context and the problems it saw (console errors, exceptions, network
// requests). Cleanup closes the browser, waits for it to exit, ends what is
// left of its process group (Chromium's helpers can outlive it and keep
// writing to the profile) and removes the profile, retrying while they
// finish.
func browser(t *testing.T) (context.Context, func() []string) {
	exe := chromium(t)
	profile, err := os.MkdirTemp("", "needsplan-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(profile),
		chromedp.ModifyCmdFunc(func(cmd *exec.Cmd) {
			if cmd.SysProcAttr == nil {
				cmd.SysProcAttr = &syscall.SysProcAttr{}
			}
			cmd.SysProcAttr.Setpgid = true // its helpers in one group, ended with it
		}))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
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
			if u := e.Request.URL; !strings.HasPrefix(u, "file://") {
				problems = append(problems, "network request: "+u)
			}
		}
	})
	if err := chromedp.Run(ctx, network.Enable()); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	pid := 0
	if c := chromedp.FromContext(ctx); c != nil && c.Browser != nil && c.Browser.Process() != nil {
		pid = c.Browser.Process().Pid
	}
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx) // closes the browser gracefully
		cancelTimeout()
		cancelCtx()
		cancelAlloc() // waits for the browser process to exit
		if pid > 0 {
			_ = syscall.Kill(-pid, syscall.SIGKILL) // its group: helpers left behind
		}
		var err error
		for range 100 {
			if err = os.RemoveAll(profile); err == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Errorf("removing the browser profile: %v", err)
	})
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(problems)
	}
}

// dirEntry is what the browser test reads of directory.json.
type dirEntry struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Region   string   `json:"region"`
	Holds    string   `json:"holds"`
	Function string   `json:"function"`
	Runs     []dirRun `json:"programmes_run"`
	Routes   []struct {
		Programme string `json:"programme"`
		To        []struct {
			Code string `json:"establishment"`
			Name string `json:"name"`
		} `json:"establishments_with_spare_places"`
		Note string `json:"note"`
	} `json:"needed_but_not_run"`
}

type dirRun struct {
	Programme string `json:"programme"`
	Name      string `json:"programme_name"`
}

func (e dirEntry) runs(code string) bool {
	return slices.ContainsFunc(e.Runs, func(r dirRun) bool { return r.Programme == code })
}

// visible returns the codes of the establishments the index shows.
const visibleJS = `Array.from(document.querySelectorAll('#establishments tbody tr')).filter(r => !r.hidden).map(r => r.querySelector('.code').textContent)`

// TestDirectoryInBrowser drives the directory of interventions and the
// report in headless Chromium, on the sample and (unless -short) the
// national dataset: search by programme name with the keyboard, the region
// and programme filters, Enter on a link, an establishment's progression
// routes and a link to where they lead, the report's inline charts drawn,
// and no console errors, network requests, scripts or event handlers in
// the report. The sample's one-page establishment page prints on one page.
func TestDirectoryInBrowser(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
	}{
		{"sample", []string{"--dataset", sample, "--replications", "2", "--years", "1"}},
		{"national", []string{"--replications", "1", "--years", "0.5", "--no-plan"}}, // the plan: TestReportCommission
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "national" && testing.Short() {
				t.Skip("the national report takes a few seconds")
			}
			out := filepath.Join(t.TempDir(), "report")
			if code, _, errb := runCLI(t, append([]string{"report", "--out", out}, c.args...)...); code != 0 {
				t.Fatalf("report: exit %d: %s", code, errb)
			}
			var dir struct {
				Establishments []dirEntry `json:"establishments"`
			}
			if err := json.Unmarshal(mustRead(t, filepath.Join(out, "directory", "directory.json")), &dir); err != nil {
				t.Fatal(err)
			}
			ctx, problems := browser(t)
			driveDirectory(t, ctx, out, dir.Establishments)
			checkSearch(t, ctx, out, dir.Establishments)
			driveReport(t, ctx, out)
			if c.name == "sample" {
				checkPrint(t, ctx, out)
			}
			if p := problems(); len(p) > 0 {
				t.Errorf("problems in the browser: %v", p)
			}
		})
	}
}

func driveDirectory(t *testing.T, ctx context.Context, out string, ests []dirEntry) {
	url := "file://" + filepath.ToSlash(out) + "/directory/index.html"
	var want []string // establishments running TSP: what "Thinking Skills" finds
	for _, e := range ests {
		if e.runs("TSP") || strings.Contains(strings.ToLower(e.Name), "thinking skills") {
			want = append(want, e.Code)
		}
	}
	slices.Sort(want)
	var focused string
	var found []string
	// Keyboard: Tab from the top reaches the search box (after the skip
	// link and the breadcrumb); typing a programme's name filters.
	err := chromedp.Run(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible("#establishments", chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			for range 6 {
				if err := chromedp.KeyEvent(kb.Tab).Do(ctx); err != nil {
					return err
				}
				if err := chromedp.Evaluate(`document.activeElement.id`, &focused).Do(ctx); err != nil {
					return err
				}
				if focused == "q" {
					return nil
				}
			}
			return errors.New("Tab never reached the search box; focus is on " + focused)
		}),
		chromedp.KeyEvent("Thinking Skills"),
		chromedp.Evaluate(visibleJS, &found),
	)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	slices.Sort(found)
	if len(want) == 0 || !slices.Equal(found, want) {
		t.Errorf("search %q shows %v, want the establishments running TSP %v", "Thinking Skills", found, want)
	}
	// Enter on a link: Tab on to the first establishment's link, Enter.
	var target, title string
	err = chromedp.Run(ctx,
		chromedp.ActionFunc(func(ctx context.Context) error {
			for range 60 { // past the filters and the programme list (about 25 links)
				if err := chromedp.KeyEvent(kb.Tab).Do(ctx); err != nil {
					return err
				}
				var href string
				if err := chromedp.Evaluate(`document.activeElement.closest('#establishments') ? document.activeElement.getAttribute('href') || '' : ''`, &href).Do(ctx); err != nil {
					return err
				}
				if strings.HasPrefix(href, "establishments/") {
					target = strings.TrimSuffix(strings.TrimPrefix(href, "establishments/"), ".html")
					return nil
				}
			}
			return errors.New("Tab never reached an establishment's link")
		}),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible("#runs", chromedp.ByQuery),
		chromedp.Text("h1 .code", &title, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("Enter on a link: %v", err)
	}
	if title != target || !slices.Contains(want, target) {
		t.Errorf("Enter on %s's link led to %q", target, title)
	}

	// The region filter alone shows exactly that region's establishments.
	region := ests[len(ests)-1].Region
	var inRegion []string
	for _, e := range ests {
		if e.Region == region {
			inRegion = append(inRegion, e.Code)
		}
	}
	slices.Sort(inRegion)
	var shown []string
	var count string
	err = chromedp.Run(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible("#establishments", chromedp.ByQuery),
		chromedp.SetValue("#region", region, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('region').dispatchEvent(new Event('change'))`, nil),
		chromedp.Evaluate(visibleJS, &shown),
		chromedp.Text("#count", &count, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("region filter: %v", err)
	}
	slices.Sort(shown)
	if !slices.Equal(shown, inRegion) || len(inRegion) == len(ests) {
		t.Errorf("region %q shows %v, want %v (of %d)", region, shown, inRegion, len(ests))
	}
	if want := strconv.Itoa(len(inRegion)) + " of " + strconv.Itoa(len(ests)) + " establishments"; count != want {
		t.Errorf("the count says %q, want %q", count, want)
	}
	// The programme filter.
	var horizon []string
	for _, e := range ests {
		if e.runs("HORIZON") {
			horizon = append(horizon, e.Code)
		}
	}
	slices.Sort(horizon)
	err = chromedp.Run(ctx,
		chromedp.SetValue("#region", "", chromedp.ByQuery),
		chromedp.SetValue("#programme", "HORIZON", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('programme').dispatchEvent(new Event('change'))`, nil),
		chromedp.Evaluate(visibleJS, &shown),
	)
	if err != nil {
		t.Fatalf("programme filter: %v", err)
	}
	slices.Sort(shown)
	if !slices.Equal(shown, horizon) {
		t.Errorf("programme HORIZON shows %v, want %v", shown, horizon)
	}

	// An establishment's routes table, and a route followed to where it
	// leads: that page runs the programme.
	var from dirEntry
	prog, dest := "", ""
	for _, e := range ests {
		for _, r := range e.Routes {
			if len(r.To) > 0 && dest == "" {
				from, prog, dest = e, r.Programme, r.To[0].Code
			}
		}
	}
	if dest == "" {
		from = ests[0]
		for _, e := range ests {
			if len(e.Routes) > 0 {
				from = e
				break
			}
		}
	}
	var routes [][]string
	err = chromedp.Run(ctx,
		chromedp.Navigate("file://"+filepath.ToSlash(out)+"/directory/establishments/"+from.Code+".html"),
		chromedp.WaitVisible("#routes", chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#routes-table tbody tr')).map(r => [r.cells[0].querySelector('.code').textContent, r.cells[2].textContent])`, &routes),
	)
	if err != nil {
		t.Fatalf("routes: %v", err)
	}
	if len(routes) != len(from.Routes) {
		t.Fatalf("%s's routes table has %d rows, directory.json %d", from.Code, len(routes), len(from.Routes))
	}
	for i, r := range from.Routes {
		if routes[i][0] != r.Programme {
			t.Errorf("%s route %d: %s, want %s", from.Code, i, routes[i][0], r.Programme)
		}
		for _, d := range r.To {
			if !strings.Contains(routes[i][1], d.Name) {
				t.Errorf("%s route %s does not lead to %s: %q", from.Code, r.Programme, d.Name, routes[i][1])
			}
		}
		if len(r.To) == 0 && routes[i][1] != "none with spare places" {
			t.Errorf("%s route %s with nowhere to go says %q", from.Code, r.Programme, routes[i][1])
		}
	}
	if dest == "" {
		t.Logf("no route leads anywhere in this dataset: checked %s's routes only", from.Code)
		return
	}
	var destTitle string
	var destRuns []string
	err = chromedp.Run(ctx,
		chromedp.Click(`#routes-table a[href="`+dest+`.html"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#runs", chromedp.ByQuery),
		chromedp.Text("h1 .code", &destTitle, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#runs-table tbody tr .code')).map(c => c.textContent)`, &destRuns),
	)
	if err != nil {
		t.Fatalf("following the route to %s: %v", dest, err)
	}
	if destTitle != dest || !slices.Contains(destRuns, prog) {
		t.Errorf("the route for %s from %s led to %q running %v", prog, from.Code, destTitle, destRuns)
	}
}

// searchWords splits text into the words the index's search matches, as
// its script does: runs of letters and digits in lower case, apostrophes
// dropped.
func searchWords(s string) []string {
	s = strings.NewReplacer("'", "", "\u2019", "").Replace(strings.ToLower(s))
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 0xc0 && r <= 0x24f)
	})
}

// matches reports whether the index's search for query shows e: every word
// of the query starts a word of its code, name, region, function, who it
// holds or a programme it runs (code or name).
func (e dirEntry) matches(query string) bool {
	fields := []string{e.Code, e.Name, e.Region, e.Function, e.Holds}
	for _, r := range e.Runs {
		fields = append(fields, r.Programme, r.Name)
	}
	words := searchWords(strings.Join(fields, " "))
	for _, q := range searchWords(query) {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, q) }) {
			return false
		}
	}
	return true
}

// checkSearch types searches into the directory's index and checks each
// shows the establishments where every word typed starts a word of the
// row: "kaizen wales" the Welsh prisons running Kaizen and not Swaleside
// (SLI, which runs Kaizen and whose name holds "wales"), "umber" nothing
// rather than Humber. shown must appear, hidden must not, when in the
// dataset.
func checkSearch(t *testing.T, ctx context.Context, out string, ests []dirEntry) {
	tests := []struct {
		query         string
		shown, hidden []string
	}{
		{"kaizen wales", []string{"UKI"}, []string{"SLI"}},
		{"wales", []string{"BWI", "CFI", "SWI", "UKI", "UPI"}, []string{"SLI"}},
		{"umber", nil, []string{"HMI"}},
		{"hum", []string{"HMI"}, nil},
		{"HMP (Stafford)", []string{"SFI"}, nil},
		{"women's estate", []string{"DHI"}, nil},
		{"thinking skills", nil, nil},
	}
	in := map[string]bool{}
	for _, e := range ests {
		in[e.Code] = true
	}
	if err := chromedp.Run(ctx,
		chromedp.Navigate("file://"+filepath.ToSlash(out)+"/directory/index.html"),
		chromedp.WaitVisible("#establishments", chromedp.ByQuery),
	); err != nil {
		t.Fatalf("search: %v", err)
	}
	for _, tt := range tests {
		var want, found []string
		for _, e := range ests {
			if e.matches(tt.query) {
				want = append(want, e.Code)
			}
		}
		js, _ := json.Marshal(tt.query)
		err := chromedp.Run(ctx,
			chromedp.Evaluate(`(function () { var q = document.getElementById('q'); q.value = `+string(js)+`; q.dispatchEvent(new Event('input')); })()`, nil),
			chromedp.Evaluate(visibleJS, &found),
		)
		if err != nil {
			t.Fatalf("search %q: %v", tt.query, err)
		}
		slices.Sort(want)
		slices.Sort(found)
		if !slices.Equal(found, want) {
			t.Errorf("search %q shows %v, want %v", tt.query, found, want)
		}
		for _, c := range tt.shown {
			if in[c] && !slices.Contains(found, c) {
				t.Errorf("search %q does not show %s: %v", tt.query, c, found)
			}
		}
		for _, c := range tt.hidden {
			if slices.Contains(found, c) {
				t.Errorf("search %q shows %s: %v", tt.query, c, found)
			}
		}
	}
}

func driveReport(t *testing.T, ctx context.Context, out string) {
	var charts, drawn, scripts, handlers int
	err := chromedp.Run(ctx,
		chromedp.Navigate("file://"+filepath.ToSlash(out)+"/index.html"),
		chromedp.WaitVisible("#summary", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('figure svg[role=img]').length`, &charts),
		// Drawn: marks and labels, or a chart that says in words why it
		// has nothing to show (the sample's places meet its demand
		// everywhere, so its largest-gaps chart says so).
		chromedp.Evaluate(`Array.from(document.querySelectorAll('figure svg[role=img]')).filter(s => s.getBoundingClientRect().width > 100 && (s.querySelectorAll('path').length > 3 && s.querySelectorAll('text').length > 1 || /there is no .* to show/.test(s.textContent))).length`, &drawn),
		chromedp.Evaluate(`document.scripts.length`, &scripts),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('*')).filter(el => Array.from(el.attributes).some(a => a.name.startsWith('on'))).length`, &handlers),
	)
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	if charts < 5 || drawn != charts {
		t.Errorf("%d inline charts, %d drawn: want at least 5, all drawn", charts, drawn)
	}
	if scripts != 0 || handlers != 0 {
		t.Errorf("the report has %d scripts and %d elements with event handlers: want an inert page", scripts, handlers)
	}
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// checkPrint prints the sample's Stafford page to PDF: its four sections
// (need against places, what runs, routes, the note) must fit on at most
// two A4 pages — no forced break before each heading, which would give
// four or more.
func checkPrint(t *testing.T, ctx context.Context, out string) {
	var pdf []byte
	err := chromedp.Run(ctx,
		chromedp.Navigate("file://"+filepath.ToSlash(out)+"/directory/establishments/SFI.html"),
		chromedp.WaitVisible("#runs", chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			pdf, _, err = page.PrintToPDF().WithPaperWidth(8.27).WithPaperHeight(11.69).Do(ctx)
			return err
		}),
	)
	if err != nil {
		t.Fatalf("printing: %v", err)
	}
	if n := len(pdfPage.FindAll(pdf, -1)); n < 1 || n > 2 {
		t.Errorf("Stafford's page prints on %d A4 pages, want 1 or 2", n)
	}
}
