package sweep

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"

	"needsplan/analysis/estate"
	"needsplan/data"
)

// partColumns are a part's columns: the replication and the estate
// outcomes. The point and the shard are the partition keys in the path
// (point=K/shard=I), not columns, so that readers of Hive partitioning
// (pyarrow, pandas, Spark, R arrow, DuckDB) do not meet the same name twice.
var partColumns = append([]string{"replication"}, func() []string {
	var out []string
	for _, j := range estate.CompareMeasures {
		out = append(out, estate.MeasureNames[j])
	}
	return out
}()...)

// Files of a sweep directory besides the parts. Their names start with an
// underscore, which pyarrow, pandas, Spark and R arrow skip when reading
// the directory as a dataset.
const (
	pointsFile   = "_points.csv"
	sweepFile    = "_sweep.json"
	manifestFile = "_manifest.json"
)

// manifest is what a sweep directory, and each part in it, was made from.
// A part is reused only when its manifest matches the run's.
type manifest struct {
	Inputs       string `json:"inputs_sha256"` // the sweep and scenario files and the datasets
	Version      string `json:"version"`
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"`
	Points       int    `json:"points"`
	Shards       int    `json:"shards"`
	// Per part:
	Point        *int   `json:"point,omitempty"`
	Shard        *int   `json:"shard,omitempty"`
	Units        []int  `json:"replications_in_part,omitempty"`
	Rows         int    `json:"rows,omitempty"`
	PartChecksum string `json:"part_sha256,omitempty"`
}

// differences says how a manifest found differs from the one wanted.
func (m *manifest) differences(want *manifest) []string {
	var d []string
	if m.Inputs != want.Inputs {
		d = append(d, "the inputs changed (the sweep file, a scenario file or a dataset)")
	}
	if m.Version != want.Version {
		d = append(d, fmt.Sprintf("written by needsplan %s, this is %s", m.Version, want.Version))
	}
	if m.Seed != want.Seed || m.Replications != want.Replications || m.Points != want.Points {
		d = append(d, fmt.Sprintf("seed %d, %d replications, %d points then; %d, %d, %d now", m.Seed, m.Replications, m.Points, want.Seed, want.Replications, want.Points))
	}
	if m.Shards != want.Shards {
		d = append(d, fmt.Sprintf("split into %d shards then, %d now", m.Shards, want.Shards))
	}
	if want.Point != nil && (m.Point == nil || *m.Point != *want.Point || m.Shard == nil || *m.Shard != *want.Shard || !slices.Equal(m.Units, want.Units)) {
		d = append(d, "a different point, shard or set of replications")
	}
	return d
}

func readManifest(path string) (*manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: not a manifest: %w", path, err)
	}
	return &m, nil
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, append(b, '\n'))
}

// writeFile writes b to path atomically.
func writeFile(path string, b []byte) error {
	return data.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// inputsHash hashes what a sweep's numbers depend on: the contents of the
// sweep file and the scenario files it reads, and the checksums of every
// dataset its points use (the embedded one too).
func inputsHash(sw *data.Sweep, datasets []string) (string, error) {
	h := sha256.New()
	for _, f := range sw.Files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", fmt.Errorf("hashing %s: %w", f, err)
		}
		fmt.Fprintf(h, "file %d\n", len(b))
		h.Write(b)
	}
	for _, ds := range datasets {
		paths := data.DefaultPaths()
		if ds != "" {
			var err error
			if paths, err = data.DatasetPaths(ds); err != nil {
				return "", err
			}
		}
		sums, err := data.Checksums(paths)
		if err != nil {
			return "", err
		}
		for _, s := range sums {
			fmt.Fprintf(h, "dataset %s\n", s[1])
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// partComplete reports whether a part on disk is complete: readable
// Parquet with the manifest's checksum, rows and replications.
func partComplete(ctx context.Context, path string, m *manifest) bool {
	b, err := os.ReadFile(path)
	if err != nil || data.Checksum(b) != m.PartChecksum {
		return false
	}
	t, err := data.ReadTableParquet(ctx, bytes.NewReader(b), path)
	if err != nil || t.Rows() != m.Rows || len(t.Columns) != len(partColumns) || t.Columns[0].Name != "replication" {
		return false
	}
	for i, r := range t.Columns[0].Ints {
		if i >= len(m.Units) || int(r) != m.Units[i] {
			return false
		}
	}
	return true
}
