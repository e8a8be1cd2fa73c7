package estate_test

import (
	"context"
	"testing"

	"needsplan/analysis"
	"needsplan/analysis/estate"
	"needsplan/data"
	"needsplan/internal/testkit"
)

// simAsOf is the dataset date of the fixtures.
var simAsOf = testkit.AsOf

// mover is a person for the transfer fixtures (testkit.Mover).
type mover = testkit.Mover

// datasetModel prepares dataset d for simulation under opt, as the
// commands do: everyone classified under the auto suite plan, receptions
// estimated from the stock by the gap analysis; opt's dataset date, suites
// and receptions are filled in.
func datasetModel(tb testing.TB, d *data.Dataset, opt estate.Options) *estate.Model {
	tb.Helper()
	plan, _ := analysis.ParseSuitePlan("auto", d.Offerings, d.Catalogue)
	cls, err := analysis.ClassifyAll(context.Background(), d.Profiles, d.Catalogue, plan, d.AsOf)
	if err != nil {
		tb.Fatal(err)
	}
	gs := analysis.AnalyseGaps(d.Profiles, cls, d.Establishments, d.Offerings, d.Catalogue, analysis.GapOptions{AsOf: d.AsOf, Suites: plan})
	opt.AsOf, opt.Suites, opt.Receptions = d.AsOf, plan, gs.Receptions
	m, err := estate.New(d.Profiles, cls, d.Establishments, d.Offerings, d.Catalogue, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}
