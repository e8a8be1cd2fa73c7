package sweep

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
	"needsplan/data"
	"needsplan/model"
	"needsplan/pipeline"
)

// Sweep is a sweep file read, with every point's scenario checked against
// its dataset: ready to run.
type Sweep struct {
	file      *data.Sweep
	scenarios []*model.Scenario // by point
	datasets  []string          // the points' dataset directories, sorted; "" the embedded one
	setup     *pipeline.Scenarios
}

// Open reads a sweep file and checks every point's scenario against its
// dataset (loaded through setup, once each), so that a sweep that cannot
// run stops before anything is written. An error about a point after the
// first names it.
func Open(ctx context.Context, path string, setup *pipeline.Scenarios) (*Sweep, error) {
	sw, err := data.ReadSweep(path)
	if err != nil {
		return nil, err
	}
	s := &Sweep{file: sw, scenarios: make([]*model.Scenario, sw.NumPoints()), setup: setup}
	for k := range s.scenarios {
		sc, err := sw.Scenario(k)
		if err != nil {
			return nil, err
		}
		if err := setup.Check(ctx, sc); err != nil {
			if k > 0 {
				return nil, fmt.Errorf("sweep point %d (%s): %w", k, strings.Join(sw.Point(k), ", "), err)
			}
			return nil, err
		}
		if ds := sc.Dataset.Or(""); !slices.Contains(s.datasets, ds) {
			s.datasets = append(s.datasets, ds)
		}
		s.scenarios[k] = sc
	}
	slices.Sort(s.datasets)
	return s, nil
}

// Points is the number of points in the sweep's grid.
func (s *Sweep) Points() int { return len(s.scenarios) }

// Replications is the number of replications of each point.
func (s *Sweep) Replications() int { return s.file.Replications }

// replications lists the replications of point k that shard sh runs.
func (s *Sweep) replications(k int, sh Shard) []int {
	var reps []int
	for r := range s.file.Replications {
		if sh.holds(k, r, s.file.Replications) {
			reps = append(reps, r)
		}
	}
	return reps
}

// Units is the number of units shard sh runs.
func (s *Sweep) Units(sh Shard) int {
	n := 0
	for k := range s.scenarios {
		n += len(s.replications(k, sh))
	}
	return n
}

// Progress hears how a shard's run advances.
type Progress interface {
	// Start is called once, before any unit runs, with the shard's units.
	Start(units int)
	// Resume counts units found complete from an earlier run.
	Resume(units int)
	// Set says how many units are complete (resumed ones included). It is
	// called from several goroutines, each count once but not necessarily
	// in order.
	Set(done int)
}

// Options say how to run a shard.
type Options struct {
	Workers  int    // goroutines running replications (0: all cores)
	Version  string // the program's version, recorded in the manifests
	Progress Progress
	// Note, when not nil, hears of parts found incomplete and computed
	// again.
	Note func(msg string)
}

type noProgress struct{}

func (noProgress) Start(int)  {}
func (noProgress) Resume(int) {}
func (noProgress) Set(int)    {}

// Run runs shard sh of the sweep into dir: it refuses a directory that
// holds another sweep (other inputs, version, seed, replications, points
// or shards), writes the points and the sweep's manifest, and for each
// point with units in the shard writes point=K/shard=I/part.parquet, then
// its manifest, each atomically — skipping a part already complete and
// matching. Merge then gives the summary.
func (s *Sweep) Run(ctx context.Context, dir string, sh Shard, opt Options) error {
	if sh.Of < 1 || sh.Index < 0 || sh.Index >= sh.Of {
		return fmt.Errorf("sweep: shard %d/%d: want I/N with 0 ≤ I < N", sh.Index, sh.Of)
	}
	if opt.Progress == nil {
		opt.Progress = noProgress{}
	}
	want, err := s.prepare(dir, sh, opt.Version)
	if err != nil {
		return err
	}
	total := s.Units(sh)
	opt.Progress.Start(total)
	done := 0
	for k := range s.scenarios {
		reps := s.replications(k, sh)
		if len(reps) == 0 {
			continue
		}
		if err := s.runPart(ctx, dir, k, sh, reps, want, done, opt); err != nil {
			return err
		}
		done += len(reps)
	}
	if total == 0 {
		opt.Progress.Set(0)
	}
	return nil
}

// prepare checks that dir holds nothing or this sweep split into as many
// shards, creates it and writes the points (_points.csv) and the sweep's
// manifest (_sweep.json), which every shard writes identically. It
// returns the manifest.
func (s *Sweep) prepare(dir string, sh Shard, version string) (*manifest, error) {
	inputs, err := inputsHash(s.file, s.datasets)
	if err != nil {
		return nil, err
	}
	R := s.file.Replications
	want := &manifest{Inputs: inputs, Version: version, Seed: s.file.Seed, Replications: R, Points: len(s.scenarios), Shards: sh.Of}
	if old, err := readManifest(filepath.Join(dir, sweepFile)); err == nil {
		if d := old.differences(want); len(d) > 0 {
			return nil, fmt.Errorf("%s holds another sweep (%s): use a new --out, or remove it to start again", dir, strings.Join(d, "; "))
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("writing %s: %w", dir, err)
	}
	var pts bytes.Buffer
	cw := csv.NewWriter(&pts)
	head := []string{"point"}
	for _, p := range s.file.Params {
		head = append(head, p.Name)
	}
	_ = cw.Write(append(head, "replications", "seed"))
	for k, sc := range s.scenarios {
		_ = cw.Write(append(append([]string{strconv.Itoa(k)}, s.file.Point(k)...), strconv.Itoa(R), strconv.FormatUint(sc.Seed.Or(s.file.Seed), 10)))
	}
	cw.Flush()
	if err := writeFile(filepath.Join(dir, pointsFile), pts.Bytes()); err != nil {
		return nil, err
	}
	if err := writeJSON(filepath.Join(dir, sweepFile), want); err != nil {
		return nil, err
	}
	return want, nil
}

// runPart computes replications reps of point k into its part, unless a
// complete part with a matching manifest is there already; done is the
// number of the shard's units complete before it.
func (s *Sweep) runPart(ctx context.Context, dir string, k int, sh Shard, reps []int, sweep *manifest, done int, opt Options) error {
	pdir := filepath.Join(dir, fmt.Sprintf("point=%d", k), fmt.Sprintf("shard=%d", sh.Index))
	part, manPath := filepath.Join(pdir, "part.parquet"), filepath.Join(pdir, manifestFile)
	pk, ps := k, sh.Index
	want := *sweep
	want.Point, want.Shard, want.Units = &pk, &ps, reps
	if m, err := readManifest(manPath); err == nil {
		if d := m.differences(&want); len(d) > 0 {
			return fmt.Errorf("%s was written for another sweep (%s): use a new --out, or remove %s to start again", pdir, strings.Join(d, "; "), dir)
		}
		if partComplete(ctx, part, m) {
			opt.Progress.Resume(len(reps))
			return nil
		}
		opt.note("%s is incomplete or damaged: computing it again", part)
	} else if _, err := os.Stat(part); err == nil {
		opt.note("%s has no manifest (interrupted while writing): computing it again", part)
	}
	sc := s.scenarios[k]
	m, err := s.setup.Model(ctx, sc)
	if err != nil {
		return err
	}
	seed := sc.Seed.Or(s.file.Seed)
	figs, err := sim.Replicate(ctx, seed, len(reps), opt.Workers, func(ctx context.Context, i int, _ *rand.Rand) ([]float64, error) {
		run, err := m.Run(ctx, sim.Stream(seed, reps[i]))
		if err != nil {
			return nil, err
		}
		return estate.Figures(run), nil
	}, func(d int) { opt.Progress.Set(done + d) })
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := data.WriteParquet(&buf, partTable(reps, figs)); err != nil {
		return err
	}
	if err := os.MkdirAll(pdir, 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", part, err)
	}
	// The part, then its manifest, each atomically: a part without a
	// manifest is never taken as complete.
	if err := writeFile(part, buf.Bytes()); err != nil {
		return err
	}
	want.Rows, want.PartChecksum = len(reps), data.Checksum(buf.Bytes())
	return writeJSON(manPath, want)
}

func (o Options) note(format string, args ...any) {
	if o.Note != nil {
		o.Note(fmt.Sprintf(format, args...))
	}
}

// partTable is a part: a row per replication of reps with its figures.
func partTable(reps []int, figs [][]float64) *model.Table {
	t := model.Table{Name: "part"}
	for j, name := range partColumns {
		c := model.Column{Name: name, Kind: model.FloatColumn}
		if j == 0 {
			c.Kind = model.IntColumn
		}
		t.Columns = append(t.Columns, c)
	}
	for i, r := range reps {
		t.Columns[0].Ints = append(t.Columns[0].Ints, int64(r))
		for j, v := range figs[i] {
			t.Columns[1+j].Floats = append(t.Columns[1+j].Floats, v)
		}
	}
	return &t
}
