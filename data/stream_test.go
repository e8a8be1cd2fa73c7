package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"needsplan/model"
)

// readMode is one way of reading profiles whose result must not depend on
// it: encoding/csv or the plain reading of CSV, in one chunk or in about
// 40, and the whole table or a stream.
type readMode struct {
	name   string
	plain  bool
	many   bool
	stream bool
}

var readModes = []readMode{
	{"encoding/csv", false, false, false},
	{"plain", true, false, false},
	{"plain, many chunks", true, true, false},
	{"stream", true, false, true},
	{"stream, many chunks", true, true, true},
	{"stream, encoding/csv", false, false, true},
}

// with sets the mode's package settings, for an input of size bytes, for
// the length of fn.
func (m readMode) with(size int, fn func()) {
	plain, chunk := readPlain, plainChunk
	readPlain = m.plain
	if m.many {
		plainChunk = size/40 + 1
	}
	defer func() { readPlain, plainChunk = plain, chunk }()
	fn()
}

// readAs reads profiles from in in mode m: the people (joined batches when
// streamed), the warnings and the error's text.
func readAs(m readMode, in []byte, name string, opt ReadOptions) (ps []model.Profile, warn []string, msg string) {
	var err error
	m.with(len(in), func() {
		if !m.stream {
			ps, warn, err = ReadProfiles(context.Background(), bytes.NewReader(in), name, opt)
			return
		}
		warn, err = StreamProfiles(context.Background(), bytes.NewReader(in), name, opt, func(b []model.Profile) error {
			ps = append(ps, b...)
			return nil
		})
	})
	if err != nil {
		return nil, nil, err.Error()
	}
	return ps, warn, ""
}

// sameAsReference checks that every mode reads in as the first does.
func sameAsReference(t *testing.T, in []byte, name string, opt ReadOptions) {
	t.Helper()
	ps0, warn0, msg0 := readAs(readModes[0], in, name, opt)
	for _, m := range readModes[1:] {
		ps, warn, msg := readAs(m, in, name, opt)
		if msg != msg0 {
			t.Fatalf("%s: error\n%s\nwant (%s)\n%s", m.name, msg, readModes[0].name, msg0)
		}
		if !reflect.DeepEqual(warn, warn0) {
			t.Fatalf("%s: warnings %q, want %q", m.name, warn, warn0)
		}
		if len(ps) != len(ps0) || (len(ps) > 0 && !reflect.DeepEqual(ps, ps0)) {
			t.Fatalf("%s: %d people differ from the %d read by %s", m.name, len(ps), len(ps0), readModes[0].name)
		}
	}
}

// TestReadModesAgree: the plain reading of CSV, in one chunk or many, and
// streaming give the same people, warnings and problems, message for
// message, as encoding/csv reading the whole table, on the sample, the
// CSV variants the fuzz test starts from, every case of the bad-input
// suite (each checked against the establishments and catalogue) and a
// larger file of several Parquet row groups with problems spread through
// it (StreamProfiles passes row groups on in order).
func TestReadModesAgree(t *testing.T) {
	sample := mustReadFile(t, samplePaths.Profiles)
	for i, in := range csvSeeds(sample) {
		t.Run(fmt.Sprintf("seed-%d", i), func(t *testing.T) { sameAsReference(t, in, "profiles.csv", ReadOptions{}) })
	}
	d, err := Load(context.Background(), samplePaths, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	holds := map[string]model.Holds{}
	for _, e := range d.Establishments {
		holds[e.Code] = e.Holds
	}
	opt := ReadOptions{Establishments: holds, Catalogue: d.Catalogue, AsOf: model.Some(mustDate("2025-03-31"))}
	cases, _ := filepath.Glob("../cmd/needsplan/testdata/bad/*/profiles.*")
	if len(cases) < 50 {
		t.Fatalf("%d bad-input cases with profiles, want the suite's", len(cases))
	}
	for _, path := range cases {
		in := mustReadFile(t, path)
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) { sameAsReference(t, in, filepath.Base(path), opt) })
	}
	t.Run("row-groups", func(t *testing.T) {
		big := manyProfiles(d.Profiles, 2*(1<<16)+123)
		for _, ps := range [][]model.Profile{withProblems(big)} {
			var pq, csvb bytes.Buffer
			if err := WriteProfilesParquet(&pq, ps); err != nil {
				t.Fatal(err)
			}
			if err := WriteProfilesCSV(&csvb, ps); err != nil {
				t.Fatal(err)
			}
			o := opt
			o.MaxErrors = 40
			sameAsReference(t, pq.Bytes(), "profiles.parquet", o)
			sameAsReference(t, csvb.Bytes(), "profiles.csv", o)
			// Damaged: a row group that cannot be read stops the ones
			// after it from being passed on in order (inOrder.fail).
			bad := damaged(pq.Bytes())
			if raceEnabled {
				bad = bad[:4] // cut short: each is six reads of 2 MB, slow under the detector
			}
			for _, in := range bad {
				stop := watchdog("StreamProfiles", in)
				sameAsReference(t, in, "profiles.parquet", o)
				stop()
			}
		}
	})
}

// TestStreamStops: an error from each, or a cancelled context, stops a
// stream of several row groups or chunks and is returned, without leaving
// a decoder waiting for its turn.
func TestStreamStops(t *testing.T) {
	d, err := Load(context.Background(), samplePaths, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ps := manyProfiles(d.Profiles, 3*(1<<16))
	var pq, csvb bytes.Buffer
	if err := WriteProfilesParquet(&pq, ps); err != nil {
		t.Fatal(err)
	}
	if err := WriteProfilesCSV(&csvb, ps); err != nil {
		t.Fatal(err)
	}
	defer func(c int) { plainChunk = c }(plainChunk)
	plainChunk = 1 << 20
	stopErr := errors.New("enough")
	for _, f := range []struct {
		name string
		in   []byte
	}{{"profiles.parquet", pq.Bytes()}, {"profiles.csv", csvb.Bytes()}} {
		defer watchdog("StreamProfiles", f.in)()
		batches := 0
		_, err := StreamProfiles(context.Background(), bytes.NewReader(f.in), f.name, ReadOptions{}, func([]model.Profile) error {
			batches++
			return stopErr
		})
		if !errors.Is(err, stopErr) || batches != 1 {
			t.Errorf("%s: each failing: error %v after %d batches, want %v after 1", f.name, err, batches, stopErr)
		}
		ctx, cancel := context.WithCancel(context.Background())
		_, err = StreamProfiles(ctx, bytes.NewReader(f.in), f.name, ReadOptions{}, func([]model.Profile) error {
			cancel()
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: cancelled: error %v, want context.Canceled", f.name, err)
		}
	}
}

// manyProfiles repeats ps to n people with distinct ids.
func manyProfiles(ps []model.Profile, n int) []model.Profile {
	out := make([]model.Profile, n)
	for i := range out {
		out[i] = ps[i%len(ps)]
		out[i].PersonID = fmt.Sprintf("P%07d", i)
	}
	return out
}

// withProblems returns a copy of ps with problems in every row group:
// duplicate ids far apart, an unknown establishment, a sentence start
// after the dataset date.
func withProblems(ps []model.Profile) []model.Profile {
	out := append([]model.Profile(nil), ps...)
	for i := 7; i < len(out); i += 9_973 {
		switch i % 3 {
		case 0:
			out[i].PersonID = out[i/2].PersonID
		case 1:
			out[i].Establishment = "XXX"
		default:
			out[i].SentenceStart = mustDate("2026-01-01")
		}
	}
	return out
}

// FuzzReadModes: on any CSV input, the plain reading and streaming agree
// with encoding/csv reading the whole table (sameAsReference).
func FuzzReadModes(f *testing.F) {
	sample, err := os.ReadFile(samplePaths.Profiles)
	if err != nil {
		f.Fatal(err)
	}
	for _, in := range csvSeeds(sample) {
		f.Add(in)
	}
	f.Add(bytes.ReplaceAll(sample, []byte(","), []byte(" , ")))
	f.Add([]byte(strings.Repeat("a,b\n", 50)))
	f.Fuzz(func(t *testing.T, in []byte) {
		defer watchdog("ReadProfiles", in)()
		sameAsReference(t, in, "profiles.csv", ReadOptions{})
	})
}

func mustDate(s string) model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
