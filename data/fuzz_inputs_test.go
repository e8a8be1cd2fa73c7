package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow/ipc"
	"github.com/apache/arrow/go/v15/arrow/memory"

	"needsplan/model"
)

// Fuzz targets for every input but the profiles CSV (fuzz_test.go) and the
// scenario (yamlstrict_test.go): the Parquet and Arrow IPC profiles through
// ReadProfiles, the establishments and offerings CSV, the catalogue, the
// sweep and the receptions file. Each checks that no input panics and that
// every refusal is an input error (*Error or *Errors); .ci/run runs each
// for a bounded time, starting from the seeds here and the corpus in
// testdata/fuzz.

// hangAfter is how long one fuzz input may take before the watchdog
// stops the fuzzing process: inputs take milliseconds, so this only
// catches an input that never finishes (the fuzzing engine does not notice
// one; it just stops making progress).
const hangAfter = 60 * time.Second

// watchdog crashes the process, which makes the fuzzing engine save the
// input as a failure, when the returned stop is not called within
// hangAfter.
func watchdog(what string, in []byte) (stop func()) {
	t := time.AfterFunc(hangAfter, func() {
		panic(fmt.Sprintf("%s: still reading a %d-byte input after %v: a hang", what, len(in), hangAfter))
	})
	return func() { t.Stop() }
}

// inputError fails t unless err is an *Error or *Errors with a message.
func inputError(t *testing.T, what string, err error) {
	t.Helper()
	var e *Error
	var es *Errors
	switch {
	case errors.As(err, &es):
		if len(es.List) == 0 {
			t.Fatalf("%s: *Errors with no problems", what)
		}
	case errors.As(err, &e):
	default:
		t.Fatalf("%s: %T %v is not an input error (*data.Error or *data.Errors)", what, err, err)
	}
	if !errors.Is(err, ErrInvalid) || err.Error() == "" {
		t.Fatalf("%s: %v does not match ErrInvalid or has no message", what, err)
	}
}

// sampleTables loads the sample dataset for the binary seeds and the
// establishments the offerings are checked against.
func sampleTables(f *testing.F) *Dataset {
	f.Helper()
	d, err := Load(context.Background(), samplePaths, LoadOptions{})
	if err != nil {
		f.Fatal(err)
	}
	return d
}

// damaged returns b cut at several places and with single bits flipped at
// several places: the beginning (magic), the middle (data) and the end
// (footer and metadata), where readers trust lengths and offsets.
func damaged(b []byte) [][]byte {
	var out [][]byte
	n := len(b)
	for _, cut := range []int{0, 4, 8, n / 4, n / 2, n - 12, n - 8, n - 4, n - 1} {
		if cut >= 0 && cut < n {
			out = append(out, bytes.Clone(b[:cut]))
		}
	}
	for _, at := range []int{0, 5, 9, 64, n / 3, n / 2, n - 40, n - 20, n - 12, n - 9, n - 7, n - 5} {
		if at >= 0 && at < n {
			for _, bit := range []byte{0x01, 0x80} {
				c := bytes.Clone(b)
				c[at] ^= bit
				out = append(out, c)
			}
		}
	}
	return out
}

// checkProfiles checks what ReadProfiles returned: an input error, or
// people who all meet the contract with unique ids.
func checkProfiles(t *testing.T, ps []model.Profile, warn []string, err error) {
	t.Helper()
	if err != nil {
		inputError(t, "ReadProfiles", err)
		if ps != nil || warn != nil {
			t.Fatalf("error with results: %d people, warnings %q", len(ps), warn)
		}
		var es *Errors
		if errors.As(err, &es) && len(es.List) > DefaultMaxErrors {
			t.Fatalf("%d problems listed, want at most %d", len(es.List), DefaultMaxErrors)
		}
		return
	}
	if len(ps) == 0 {
		t.Fatal("no error and no people")
	}
	ids := make(map[string]bool, len(ps))
	for i := range ps {
		if msg := profileProblem(&ps[i]); msg != "" {
			t.Fatalf("person %d (%q) accepted but %s", i+1, ps[i].PersonID, msg)
		}
		if ids[ps[i].PersonID] {
			t.Fatalf("person_id %q accepted twice", ps[i].PersonID)
		}
		ids[ps[i].PersonID] = true
	}
}

func FuzzReadProfilesParquet(f *testing.F) {
	d := sampleTables(f)
	var native, text bytes.Buffer
	if err := WriteProfilesParquet(&native, d.Profiles); err != nil {
		f.Fatal(err)
	}
	// Every column as utf8, as a spreadsheet export would give.
	t := &model.Table{Name: "profiles"}
	var csvb bytes.Buffer
	if err := WriteProfilesCSV(&csvb, d.Profiles); err != nil {
		f.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(csvb.String()), "\n")
	for j, h := range strings.Split(rows[0], ",") {
		c := model.Column{Name: h}
		for _, r := range rows[1:] {
			c.Text = append(c.Text, strings.Split(r, ",")[j])
		}
		t.Columns = append(t.Columns, c)
	}
	if err := WriteParquet(&text, t); err != nil {
		f.Fatal(err)
	}
	for _, b := range [][]byte{native.Bytes(), text.Bytes()} {
		f.Add(b)
		for _, x := range damaged(b) {
			f.Add(x)
		}
	}
	f.Add([]byte("PAR1PAR1"))
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog("ReadProfiles", in)()
		ps, warn, err := ReadProfiles(context.Background(), bytes.NewReader(in), "profiles.parquet", ReadOptions{Format: Parquet})
		checkProfiles(t, ps, warn, err)
	})
}

func FuzzReadProfilesArrow(f *testing.F) {
	d := sampleTables(f)
	var file bytes.Buffer
	if err := WriteProfilesArrow(&file, d.Profiles); err != nil {
		f.Fatal(err)
	}
	// The same people as an IPC stream (no footer).
	rec := profileRecord(d.Profiles, memory.DefaultAllocator)
	var stream bytes.Buffer
	w := ipc.NewWriter(&stream, ipc.WithSchema(rec.Schema()))
	if err := w.Write(rec); err != nil {
		f.Fatal(err)
	}
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	rec.Release()
	for _, b := range [][]byte{file.Bytes(), stream.Bytes()} {
		f.Add(b)
		for _, x := range damaged(b) {
			f.Add(x)
		}
	}
	f.Add([]byte("ARROW1\x00\x00ARROW1"))
	f.Add([]byte("\xff\xff\xff\xff\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog("ReadProfiles", in)()
		ps, warn, err := ReadProfiles(context.Background(), bytes.NewReader(in), "profiles.arrow", ReadOptions{Format: Arrow})
		checkProfiles(t, ps, warn, err)
	})
}

// csvSeeds returns a CSV file's bytes and the usual variants: a BOM, CRLF,
// CR, header only, empty, truncated, a duplicate header, a ragged row,
// Latin-1 bytes and quoted newlines.
func csvSeeds(b []byte) [][]byte {
	header, _, _ := bytes.Cut(b, []byte("\n"))
	first, _, _ := bytes.Cut(b[len(header)+1:], []byte("\n"))
	return [][]byte{
		b,
		append(bytes.Clone(utf8BOM), b...),
		bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")),
		bytes.ReplaceAll(b, []byte("\n"), []byte("\r")),
		append(bytes.Clone(header), '\n'),
		{},
		b[:len(b)/2],
		append(bytes.Clone(b), append(first, '\n')...),
		bytes.Replace(b, []byte(","), []byte(",,"), 1),
		bytes.Replace(b, header, append(append(bytes.Clone(header), ','), header...), 1),
		bytes.Replace(b, []byte("\n"), []byte(",extra\n"), 2),
		bytes.Replace(b, []byte("a"), []byte("\xe9"), 3),
		bytes.Replace(b, []byte(","), []byte(",\"x\ny\","), 3),
		bytes.Replace(b, []byte(","), []byte(",\""), 4),
	}
}

func FuzzReadEstablishmentsCSV(f *testing.F) {
	for _, b := range csvSeeds(mustReadFileF(f, samplePaths.Establishments)) {
		f.Add(b)
	}
	for _, row := range []string{"XXI,x,M,local,r,-1,,", "XXI,x,M,local,r,,maybe,", "XXI,x,X,local,r,,,", "XXI,,M,local,r,,,",
		"xxi,x,mixed,yoi,r,2147483648,true,1001", "XXI,x,F,prison,r,,,", "XXI,x,M,local,r,1e3,,", "X123456,x,M,local,r,,,"} {
		f.Add(append(mustReadFileF(f, samplePaths.Establishments), row+"\n"...))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog("ReadEstablishments", in)()
		es, _, err := ReadEstablishments(context.Background(), bytes.NewReader(in), "establishments.csv", CSV)
		if err != nil {
			inputError(t, "ReadEstablishments", err)
			return
		}
		if len(es) == 0 {
			t.Fatal("no error and no establishments")
		}
		seen := map[string]bool{}
		for _, e := range es {
			if e.Code == "" || e.Name == "" || e.Region == "" || e.Holds == "" || e.Function == "" || seen[e.Code] ||
				e.Code != strings.ToUpper(e.Code) || e.OperationalCapacity.Val < 0 || e.FacilitatorTeams.Val < 0 || e.FacilitatorTeams.Val > 1000 {
				t.Fatalf("accepted %+v", e)
			}
			seen[e.Code] = true
		}
	})
}

func FuzzReadOfferingsCSV(f *testing.F) {
	d := sampleTables(f)
	ests := map[string]model.Establishment{}
	for _, e := range d.Establishments {
		ests[e.Code] = e
	}
	sample := mustReadFileF(f, samplePaths.Offerings)
	for _, b := range csvSeeds(sample) {
		f.Add(b)
	}
	for _, row := range []string{"HMI,ETS,1", "HMI,NOPE,1", "XYZ,TSP,1", "DHI,KAIZEN_GV,1", "HMI,TSP,1", "HMI,HORIZON,367", "HMI,HORIZON,NaN",
		"HMI,HORIZON,1,25", "HMI,HORIZON,1,8,9", "HMI,HORIZON,1,,20", "HMI,HORIZON,1,,,10001", "HMI,HORIZON,1,,,,paused", "hmi,horizon,1e2"} {
		f.Add(append(bytes.Clone(sample), row+"\n"...))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog("ReadOfferings", in)()
		os, _, err := ReadOfferings(context.Background(), bytes.NewReader(in), "offerings.csv", CSV, ests, d.Catalogue)
		if err != nil {
			inputError(t, "ReadOfferings", err)
			return
		}
		if len(os) == 0 {
			t.Fatal("no error and no offerings")
		}
		seen := map[[2]string]bool{}
		for _, o := range os {
			k := [2]string{o.Establishment, o.Programme}
			g, ok := d.Catalogue.Lookup(o.Programme)
			if _, known := ests[o.Establishment]; !known || !ok || g.Status == model.Legacy || seen[k] ||
				!(o.GroupsPerYear >= 0 && o.GroupsPerYear <= model.MaxGroupsPerYear) || o.OneToOnePlaces < 0 || o.OneToOnePlaces > model.MaxOneToOne ||
				o.GroupSize.OK && (o.GroupSize.Val < 1 || o.GroupSize.Val > 24) || o.MinGroupSize.OK && o.GroupSize.OK && o.MinGroupSize.Val > o.GroupSize.Val {
				t.Fatalf("accepted %+v", o)
			}
			seen[k] = true
		}
	})
}

func FuzzReadCatalogue(f *testing.F) {
	cat := string(DefaultCatalogueYAML())
	f.Add(cat)
	for _, c := range []struct{ from, to string }{
		{"    intensity: moderate\n", "    intensty: moderate\n"},
		{"  group_size: 12\n", "  group_size: {note: none}\n"},
		{"    pathway_bound: true\n", "    pathway_bound: maybe\n"},
		{"    eligibility:\n", "    eligibility:\n      - &c {field: ogrs3, op: \">=\", value: 50, any: [*c]}\n"},
		{"    eligibility:\n", "    eligibility: *x\n"},
		{"programmes:\n", "programmes: []\n"},
		{"programmes:\n", "programmes: {}\n"},
		{"version:", "version: [1]\nx:"},
		{"months_needed: 6", "months_needed: .nan"},
		{"months_needed: 6", "months_needed: -1"},
		{"format: group", "format: choir"},
		{"status: current", "status: retired"},
		{"op: \">=\"", "op: \"~\""},
		{"sex: [M]", "sex: [X]"},
	} {
		f.Add(strings.Replace(cat, c.from, c.to, 1))
	}
	for _, s := range []string{"", "version: 1\n", "programmes:\n  - {code: A, name: a}\n  - {code: A, name: b}\n", "- 1\n", "a: &a [*a]\n", "\t", "%YAML 1.1\n---\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		defer watchdog("ReadCatalogue", []byte(in))()
		c, err := ReadCatalogue(strings.NewReader(in), "catalogue.yaml")
		if err != nil {
			inputError(t, "ReadCatalogue", err)
			return
		}
		if c == nil || c.Len() == 0 {
			t.Fatal("no error and no programmes")
		}
	})
}

func FuzzReadSweep(f *testing.F) {
	for _, s := range []string{
		"base: s.yaml\nreplications: 5\nseed: 3\ngrid:\n  policy: [release-date, fifo]\n  growth: [0, 0.5]\n",
		"base: s.yaml\ngrid:\n  offerings[0].factor: [0, 2]\n",
		"base: s.yaml\ngrid:\n  offerings[9].factor: [0]\n",
		"base: s.yaml\ngrid:\n  replications: [2]\n",
		"base: s.yaml\ngrid:\n  suite_switch.suite: [legacy]\n",
		"base: s.yaml\ngrid:\n  mix.sexual: [1, 2]\n  transfers.delay: [1]\n",
		"base: s.yaml\ngrid:\n  growth: [[1]]\n",
		"base: s.yaml\ngrid: [1]\n",
		"base: s.yaml\nreplications: 2.5\n",
		"base: nowhere.yaml\n",
		"base: s.yaml\nbase: s.yaml\n",
		"base: s.yaml\ngrid:\n  years: &y [1, 2]\n  growth: *y\n",
		"", "base:\n", "grid: {}\n",
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte("name: s\nyears: 2\nofferings:\n  - {establishment: HMI, programme: TSP, action: scale, factor: 2}\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		p := filepath.Join(dir, "w.yaml")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		defer watchdog("ReadSweep", []byte(body))()
		sw, err := ReadSweep(p)
		if err != nil {
			inputError(t, "ReadSweep", err)
			return
		}
		if n := sw.NumPoints(); n < 1 || n > MaxPoints {
			t.Fatalf("%d points", n)
		}
	})
}

func FuzzReadReceptions(f *testing.F) {
	sample := []byte("establishment,receptions_per_year\nHMI,100\nLEI,2.5\n")
	for _, b := range csvSeeds(sample) {
		f.Add(b)
	}
	for _, s := range []string{"\ufeffestablishment,receptions_per_year\nhmi,100\n", "establishment,receptions_per_year\nHMI,NaN\n",
		"establishment,receptions_per_year\nHMI,-1\n", "establishment,receptions_per_year\nHMI,1\nHMI,2\n", "establishment,receptions_per_year\nXYZ,1\n",
		"establishment\nHMI\n", "establishment,receptions_per_year\nHMI\n", "establishment,receptions_per_year\nHMI,1e309\n"} {
		f.Add([]byte(s))
	}
	d := sampleTables(f)
	ests := map[string]model.Establishment{}
	for _, e := range d.Establishments {
		ests[e.Code] = e
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog("ReadReceptions", in)()
		rec, err := ReadReceptions(bytes.NewReader(in), "receptions.csv", ests)
		if err != nil {
			inputError(t, "ReadReceptions", err)
			return
		}
		for code, v := range rec {
			if _, ok := ests[code]; !ok || !(v >= 0) || v > 1e308 {
				t.Fatalf("accepted %s: %v", code, v)
			}
		}
	})
}

func mustReadFileF(f *testing.F, path string) []byte {
	f.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// FuzzReadRoom: a plan's room file is read or refused with an input
// error; every figure read is a whole number of groups from 0 to 255 at a
// known establishment.
func FuzzReadRoom(f *testing.F) {
	for _, s := range []string{"establishment,extra_groups_per_year\nHMI,2\nLEI,0\n", "establishment,extra_groups_per_year\nHMI,2.5\n",
		"establishment,extra_groups_per_year\nHMI,256\n", "establishment,extra_groups_per_year\nXYZ,1\n", "establishment\nHMI\n"} {
		f.Add([]byte(s))
	}
	d := sampleTables(f)
	ests := map[string]model.Establishment{}
	for _, e := range d.Establishments {
		ests[e.Code] = e
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog("ReadRoom", in)()
		room, err := ReadRoom(bytes.NewReader(in), "room.csv", ests)
		if err != nil {
			inputError(t, "ReadRoom", err)
			return
		}
		for code, v := range room {
			if _, ok := ests[code]; !ok || v < 0 || v > 255 {
				t.Fatalf("accepted %s: %v", code, v)
			}
		}
	})
}

// FuzzReadWeights: a plan's weights file is read or refused with an
// input error; every weight read is of a known rule, above 0 and at most
// 1,000, and the rules not listed keep their defaults.
func FuzzReadWeights(f *testing.F) {
	for _, s := range []string{"rule,weight\nbase,1\nhigh_rosh,3\n", "rule,weight\nburglary,2\n", "rule,weight\nbase,0\n",
		"rule,weight\nbase,1\nbase,2\n", "rule,weight\nsexual_offence,1e400\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog("ReadWeights", in)()
		w, err := ReadWeights(bytes.NewReader(in), "weights.csv")
		if err != nil {
			inputError(t, "ReadWeights", err)
			return
		}
		def := model.DefaultPriorityWeights()
		if len(w) != len(def) {
			t.Fatalf("%d weights, want %d", len(w), len(def))
		}
		for k, v := range w {
			if _, ok := def[k]; !ok || !(v > 0 && v <= 1000) {
				t.Fatalf("accepted %s: %v", k, v)
			}
		}
	})
}
