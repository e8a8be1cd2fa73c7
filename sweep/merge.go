package sweep

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
	"needsplan/data"
	"needsplan/model"
)

// Merge reads every part of the sweep in dir, checks that each is complete
// and that its manifest matches the sweep's (the same inputs, version and
// shards), and that every (point, replication) unit is there exactly once,
// and returns the summary: for each point and outcome the mean across
// replications with its 95% interval (NaN with one replication) — the
// same, byte for byte when written, whatever the number of shards. A
// directory that is not a sweep's, or a unit out of the sweep or there
// twice, is an input error.
func Merge(ctx context.Context, dir string) (*model.Table, error) {
	sweep, err := readManifest(filepath.Join(dir, sweepFile))
	if err != nil {
		return nil, &data.Error{File: filepath.Join(dir, sweepFile), Msg: "not a sweep directory (no readable " + sweepFile + "): " + err.Error()}
	}
	pf := filepath.Join(dir, pointsFile)
	b, err := os.ReadFile(pf)
	if err != nil {
		return nil, &data.Error{File: pf, Msg: "not a sweep directory (no " + pointsFile + ")"}
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) != sweep.Points+1 || len(rows[0]) < 3 {
		return nil, &data.Error{File: pf, Msg: fmt.Sprintf("want a header and %d points", sweep.Points)}
	}
	params := rows[0][1 : len(rows[0])-2]
	rows = rows[1:]
	R := sweep.Replications
	figs := make([][][]float64, len(rows)) // [point][replication]
	for k := range figs {
		figs[k] = make([][]float64, R)
	}
	err = filepath.WalkDir(dir, func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || de.Name() != "part.parquet" {
			return err
		}
		return readPart(ctx, dir, path, sweep, figs)
	})
	if err != nil {
		var de *data.Error
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	missing := 0
	for k := range figs {
		for r := range figs[k] {
			if figs[k][r] == nil {
				missing++
			}
		}
	}
	if missing > 0 {
		return nil, fmt.Errorf("%s: %d of %d units are missing: run the remaining shards (a rerun resumes)", dir, missing, len(figs)*R)
	}
	return summary(params, rows, figs), nil
}

// readPart checks the part at path against the sweep's manifest and its
// own, and files its replications' figures in figs[point][replication].
func readPart(ctx context.Context, dir, path string, sweep *manifest, figs [][][]float64) error {
	m, err := readManifest(filepath.Join(filepath.Dir(path), manifestFile))
	if err != nil {
		return fmt.Errorf("%s: no manifest beside it (an interrupted run): rerun its shard, which computes it again", path)
	}
	if d := m.differences(sweep); len(d) > 0 || m.Point == nil || m.Shard == nil {
		return fmt.Errorf("%s does not belong to the sweep in %s (%s): rerun its shard in a new directory", path, dir, strings.Join(d, "; "))
	}
	if rel, _ := filepath.Rel(dir, path); rel != filepath.Join(fmt.Sprintf("point=%d", *m.Point), fmt.Sprintf("shard=%d", *m.Shard), "part.parquet") {
		return fmt.Errorf("%s: its manifest says point %d, shard %d", path, *m.Point, *m.Shard)
	}
	if !partComplete(ctx, path, m) {
		return fmt.Errorf("%s is incomplete or damaged: rerun shard %d/%d, which computes it again", path, *m.Shard, m.Shards)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := data.ReadTableParquet(ctx, f, path)
	if err != nil {
		return err
	}
	k, R := *m.Point, sweep.Replications
	for i := range t.Rows() {
		r := int(t.Columns[0].Ints[i])
		if k < 0 || k >= len(figs) || r < 0 || r >= R {
			return &data.Error{File: path, Row: i + 1, Record: true, Msg: fmt.Sprintf("unit (point %d, replication %d) is not in the sweep", k, r)}
		}
		if figs[k][r] != nil {
			return &data.Error{File: path, Row: i + 1, Record: true, Msg: fmt.Sprintf("unit (point %d, replication %d) appears twice", k, r)}
		}
		v := make([]float64, len(t.Columns)-1)
		for j := range v {
			v[j] = t.Columns[1+j].Floats[i]
		}
		figs[k][r] = v
	}
	return nil
}

// summary is the sweep_summary table: a row per point and outcome with
// the point's parameters (points holds each point's row of _points.csv)
// and the mean across replications with its 95% interval.
func summary(params []string, points [][]string, figs [][][]float64) *model.Table {
	t := model.Table{Name: "sweep_summary"}
	t.Columns = append(t.Columns, model.Column{Name: "point", Kind: model.IntColumn})
	for _, p := range params {
		t.Columns = append(t.Columns, model.Column{Name: p})
	}
	t.Columns = append(t.Columns, model.Column{Name: "measure"})
	for _, name := range []string{"mean", "ci_low", "ci_high"} {
		t.Columns = append(t.Columns, model.Column{Name: name, Kind: model.FloatColumn})
	}
	t.Columns = append(t.Columns, model.Column{Name: "replications", Kind: model.IntColumn})
	np := len(params)
	for k := range figs {
		for j, mi := range estate.CompareMeasures {
			var v []float64
			for r := range figs[k] {
				v = append(v, figs[k][r][j])
			}
			s := sim.Summarise(v)
			if !(s.N >= 2 && !math.IsNaN(s.Lo) && !math.IsNaN(s.Hi)) {
				s.Lo, s.Hi = math.NaN(), math.NaN() // no interval from one replication
			}
			t.Columns[0].Ints = append(t.Columns[0].Ints, int64(k))
			for p := range params {
				t.Columns[1+p].Text = append(t.Columns[1+p].Text, points[k][1+p])
			}
			t.Columns[1+np].Text = append(t.Columns[1+np].Text, estate.MeasureNames[mi])
			t.Columns[2+np].Floats = append(t.Columns[2+np].Floats, s.Mean)
			t.Columns[3+np].Floats = append(t.Columns[3+np].Floats, s.Lo)
			t.Columns[4+np].Floats = append(t.Columns[4+np].Floats, s.Hi)
			t.Columns[5+np].Ints = append(t.Columns[5+np].Ints, int64(s.N))
		}
	}
	return &t
}
