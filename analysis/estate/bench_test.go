package estate_test

import (
	"context"
	"needsplan/analysis/estate"
	"testing"

	"needsplan/analysis"
	"needsplan/analysis/sim"
	"needsplan/data"
)

// estateModel prepares the embedded national dataset (87,334 people, 125
// establishments) for simulation over years.
func estateModel(b *testing.B, years float64) *estate.Model {
	b.Helper()
	ctx := context.Background()
	d, err := data.LoadDefault(ctx, data.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	plan, _ := analysis.ParseSuitePlan("auto", d.Offerings, d.Catalogue)
	cls, err := analysis.ClassifyAll(ctx, d.Profiles, d.Catalogue, plan, d.AsOf)
	if err != nil {
		b.Fatal(err)
	}
	gs := analysis.AnalyseGaps(d.Profiles, cls, d.Establishments, d.Offerings, d.Catalogue, analysis.GapOptions{AsOf: d.AsOf, Suites: plan})
	m, err := estate.New(d.Profiles, cls, d.Establishments, d.Offerings, d.Catalogue,
		estate.Options{AsOf: d.AsOf, Years: years, Suites: plan, Receptions: gs.Receptions})
	if err != nil {
		b.Fatal(err)
	}
	return m
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
