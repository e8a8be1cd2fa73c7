package sweep_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"needsplan/pipeline"
	"needsplan/sweep"
)

// A sweep over two rates of growth of the sample dataset's receptions and
// stock, 4 replications each, run as two shards (as two machines would)
// and merged. (Completion is drawn once per person and programme, so
// raising the catalogue's completion rate from 0.85 to 0.91 only turns
// drop-outs into completions: over growth 1's four replications one more
// completes in time, 37, a mean of 9.25.)
func Example() {
	dir, err := os.MkdirTemp("", "sweep-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	sample, err := filepath.Abs("../testdata/sample")
	if err != nil {
		panic(err)
	}
	files := map[string]string{
		"base.yaml":  "name: base\ndataset: " + sample + "\nyears: 2\n",
		"sweep.yaml": "base: base.yaml\nreplications: 4\nseed: 7\ngrid:\n  growth: [0, 1]\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			panic(err)
		}
	}
	ctx := context.Background()
	s, err := sweep.Open(ctx, filepath.Join(dir, "sweep.yaml"), pipeline.NewScenarios(nil, pipeline.Log{}))
	if err != nil {
		panic(err)
	}
	out := filepath.Join(dir, "runs")
	for i := range 2 {
		shard := sweep.Shard{Index: i, Of: 2}
		if err := s.Run(ctx, out, shard, sweep.Options{Version: "example"}); err != nil {
			panic(err)
		}
		fmt.Printf("shard %d/2: %d units\n", i, s.Units(shard))
	}
	t, err := sweep.Merge(ctx, out)
	if err != nil {
		panic(err)
	}
	point, growth, measure, mean := t.Columns[0], t.Columns[1], t.Columns[2], t.Columns[3]
	for i := range t.Rows() {
		if measure.Text[i] == "completed_in_time" || measure.Text[i] == "released_untreated" {
			fmt.Printf("point %d (growth %s): %s %.2f\n", point.Ints[i], growth.Text[i], measure.Text[i], mean.Floats[i])
		}
	}
	// Output:
	// shard 0/2: 4 units
	// shard 1/2: 4 units
	// point 0 (growth 0): completed_in_time 2.25
	// point 0 (growth 0): released_untreated 13.25
	// point 1 (growth 1): completed_in_time 2.25
	// point 1 (growth 1): released_untreated 26.50
}
