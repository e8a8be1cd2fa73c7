package allocate_test

import (
	"context"
	"testing"

	"needsplan/analysis"
	"needsplan/analysis/allocate"
	"needsplan/data"
	"needsplan/model"
)

// national loads the embedded dataset classified under the auto suite plan,
// as the commands do.
func national(tb testing.TB) (*data.Dataset, []model.Classification) {
	tb.Helper()
	d, err := data.LoadDefault(context.Background(), data.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	plan, _ := analysis.ParseSuitePlan("auto", d.Offerings, d.Catalogue)
	cls, err := analysis.ClassifyAll(context.Background(), d.Profiles, d.Catalogue, plan, d.AsOf)
	if err != nil {
		tb.Fatal(err)
	}
	return d, cls
}

// BenchmarkAllocateNational allocates a year's start places of the
// embedded dataset by release date (docs/performance.md).
func BenchmarkAllocateNational(b *testing.B) {
	d, cls := national(b)
	b.ResetTimer()
	for b.Loop() {
		a, err := allocate.Allocate(d.Profiles, cls, d.Establishments, d.Offerings, d.Catalogue, allocate.Options{AsOf: d.AsOf})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(a.People)), "people")
	}
}
