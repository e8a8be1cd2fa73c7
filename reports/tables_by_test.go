package reports

import (
	"testing"

	"needsplan/analysis"
	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
)

// TestTablesBy: the table each command's --by names, the default for any
// other value (the commands refuse those first).
func TestTablesBy(t *testing.T) {
	gs := &analysis.Gaps{}
	for by, want := range map[string]string{"establishment": "gaps", "region": "gaps_by_region", "programme": "gaps_by_programme"} {
		if got := GapTableBy(gs, by).Name; got != want {
			t.Errorf("gap --by %s: %s, want %s", by, got, want)
		}
	}
	tr, ests := handTransfers()
	for by, want := range map[string]string{"person": TransferPeopleTable(tr).Name, "establishment": TransferMatrixTable(tr, nil).Name,
		"net": NetFlowTable(tr, ests).Name} {
		if got := TransferTableBy(tr, ests, by).Name; got != want {
			t.Errorf("transfers --by %s: %s, want %s", by, got, want)
		}
	}
	if got, want := TransferTableBy(tr, ests, "region"), TransferMatrixTable(tr, RegionOf(ests)); got.Rows() != want.Rows() || got.Columns[0].Text[0] != "North" {
		t.Errorf("transfers --by region: %+v", got)
	}
	s := &estate.Summary{
		EstablishmentFlows: []estate.Flow{{From: "HOM", To: "DST", Moves: sim.Summary{Mean: 4, Lo: 3, Hi: 5, N: 10}}},
	}
	for by, want := range map[string]string{"flows": SimFlowsTable(s).Name, "establishment-flows": SimTransferMatrixTable(s).Name,
		"net-flows": SimNetFlowTable(s).Name, "programme": simTable(s, "programme", nil).Name} {
		if got := SimTable(s, by).Name; got != want {
			t.Errorf("simulate --by %s: %s, want %s", by, got, want)
		}
	}
}
