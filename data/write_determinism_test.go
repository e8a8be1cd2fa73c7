package data

import (
	"bytes"
	"fmt"
	"testing"

	"needsplan/model"
)

// TestWriteParquetDeterministic: a table whose text column outgrows the
// default dictionary page limit (150,000 distinct names, as a trace's)
// gives the same bytes every time it is written. Past the limit Arrow Go
// fell back to plain pages and listed the chunk's page encodings from a
// map, in an order that changed from run to run (tableProps).
func TestWriteParquetDeterministic(t *testing.T) {
	names := make([]string, 150_000) // some 1.6 MB of dictionary
	for i := range names {
		names[i] = fmt.Sprintf("R%d", i)
	}
	tab := &model.Table{Name: "trace", Columns: []model.Column{{Name: "person", Text: names}}}
	var first []byte
	for i := range 8 {
		var b bytes.Buffer
		if err := WriteParquet(&b, tab); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b.Bytes()
		} else if !bytes.Equal(b.Bytes(), first) {
			t.Fatalf("write %d differs from the first", i)
		}
	}
}
