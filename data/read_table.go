package data

import (
	"context"
	"fmt"
	"math"

	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"

	"needsplan/model"
)

// ReadTableParquet reads a Parquet file written by WriteParquet back into a
// table (utf8 → text, int64 → ints, float64 → floats, nulls as NaN).
func ReadTableParquet(ctx context.Context, f File, name string) (t *model.Table, err error) {
	defer recovered(name, &err)
	mem := decodeBudget(f, Limits{}.orDefaults())
	pf, err := file.NewParquetReader(f, file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		return nil, &Error{File: name, Msg: "not a readable Parquet file: " + err.Error()}
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: batchRows}, mem)
	if err != nil {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	tbl, err := fr.ReadTable(ctx)
	if err != nil {
		return nil, &Error{File: name, Msg: "cannot read the table: " + err.Error()}
	}
	defer tbl.Release()
	t = &model.Table{Name: name}
	for j := range int(tbl.NumCols()) {
		col := tbl.Column(j)
		c := model.Column{Name: col.Name()}
		for _, chunk := range col.Data().Chunks() {
			switch a := chunk.(type) {
			case *array.String:
				c.Kind = model.TextColumn
				for i := range a.Len() {
					c.Text = append(c.Text, a.Value(i))
				}
			case *array.Int64:
				c.Kind = model.IntColumn
				c.Ints = append(c.Ints, a.Int64Values()...)
			case *array.Boolean:
				c.Kind = model.BoolColumn
				for i := range a.Len() {
					c.Bools = append(c.Bools, a.Value(i))
				}
			case *array.Float64:
				c.Kind = model.FloatColumn
				for i := range a.Len() {
					if a.IsNull(i) {
						c.Floats = append(c.Floats, math.NaN())
					} else {
						c.Floats = append(c.Floats, a.Value(i))
					}
				}
			default:
				return nil, &Error{File: name, Column: col.Name(), Msg: fmt.Sprintf("column type %s: want utf8, int64, float64 or boolean", chunk.DataType())}
			}
		}
		t.Columns = append(t.Columns, c)
	}
	return t, nil
}
