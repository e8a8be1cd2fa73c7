package estate_test

import (
	"context"
	"needsplan/analysis/estate"
	"testing"

	"needsplan/analysis/sim"
	"needsplan/data"
)

// estateModel prepares the embedded national dataset (87,334 people, 125
// establishments) for simulation over years.
func estateModel(b *testing.B, years float64) *estate.Model {
	b.Helper()
	d, err := data.LoadDefault(context.Background(), data.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return datasetModel(b, d, estate.Options{Years: years})
}

// BenchmarkSimulateEstateReplication times one 5-year replication of the
// whole national estate (the PRODUCT.md target: well under a second).
func BenchmarkSimulateEstateReplication(b *testing.B) {
	m := estateModel(b, 5)
	ctx := context.Background()
	b.ReportAllocs()
	rep := 0
	events := 0
	for b.Loop() {
		run, err := m.Run(ctx, sim.Stream(1, rep))
		if err != nil {
			b.Fatal(err)
		}
		events += run.Events
		rep++
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}
