package reports

import (
	"bytes"
	"math"
	"needsplan/analysis/estate"
	"strings"
	"testing"

	"needsplan/analysis"
	"needsplan/analysis/sim"
	"needsplan/model"
)

// handTransfers is a small allocation by hand: three people at HOM (North),
// two moved to DST (North), one to FAR (South), one not placed.
func handTransfers() (*analysis.Transfers, []model.Establishment) {
	ests := []model.Establishment{
		{Code: "HOM", Name: "Home", Region: "North"}, {Code: "DST", Name: "Dest", Region: "North"},
		{Code: "FAR", Name: "Far", Region: "South"}, {Code: "IDL", Name: "Idle", Region: "South"},
	}
	t := &analysis.Transfers{
		People: []analysis.TransferPerson{
			{Person: "a", From: "HOM", Region: "North", MonthsLeft: math.Inf(1), NotRunHere: []string{"RESOLVE", "TSP"}, Outcome: analysis.Placed,
				To: "DST", Programme: "TSP", Served: []string{"TSP", "RESOLVE"}, Candidates: []string{"DST", "FAR"}},
			{Person: "b", From: "HOM", Region: "North", MonthsLeft: 14.5, Oversubscribed: []string{"TSP"}, Outcome: analysis.Placed,
				To: "DST", Programme: "TSP", Served: []string{"TSP"}, Candidates: []string{"DST"}},
			{Person: "c", From: "HOM", Region: "North", MonthsLeft: 30, NotRunHere: []string{"TSP"}, Outcome: analysis.Placed,
				To: "FAR", Programme: "TSP", Served: []string{"TSP"}, Candidates: []string{"FAR"}},
			{Person: "d", From: "HOM", Region: "North", MonthsLeft: 3, NotRunHere: []string{"TSP"}, Outcome: analysis.NotEnoughTime},
		},
		Matrix: map[string]map[string]int{"HOM": {"DST": 2, "FAR": 1}},
		Needs:  5, NeedsServed: 4, Cost: 11,
	}
	return t, ests
}

// TestTransferTables checks the person table (an open-ended sentence has
// no months left: NaN, written empty or null), the matrices and the net
// flows against the hand-made allocation.
func TestTransferTables(t *testing.T) {
	tr, ests := handTransfers()
	people := TransferPeopleTable(tr)
	col := func(tab *model.Table, name string) *model.Column {
		for i := range tab.Columns {
			if tab.Columns[i].Name == name {
				return &tab.Columns[i]
			}
		}
		t.Fatalf("%s has no column %s", tab.Name, name)
		return nil
	}
	if v := col(people, "months_left").Floats; !math.IsNaN(v[0]) || v[1] != 14.5 {
		t.Errorf("months_left %v: want NaN for the open-ended sentence, then 14.5", v)
	}
	for name, want := range map[string]string{"not_run_here": "RESOLVE;TSP", "served": "TSP;RESOLVE", "candidates": "DST;FAR", "programme": "TSP"} {
		if got := col(people, name).Text[0]; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, people); err != nil || !strings.Contains(b.String(), `"months_left": null`) {
		t.Errorf("JSON %s (%v): want months_left null", b.String(), err)
	}
	region := map[string]string{}
	for _, e := range ests {
		region[e.Code] = e.Region
	}
	m := TransferMatrixTable(tr, region)
	if got := [][]string{col(m, "from").Text, col(m, "to").Text}; strings.Join(got[0], ",") != "North,North" || strings.Join(got[1], ",") != "North,South" {
		t.Errorf("region matrix %v", got)
	}
	if got := col(m, "moves").Ints; got[0] != 2 || got[1] != 1 {
		t.Errorf("region moves %v, want 2, 1", got)
	}
	net := NetFlowTable(tr, ests)
	if got := strings.Join(col(net, "establishment").Text, ","); got != "DST,FAR,HOM" {
		t.Errorf("net flow rows %s, want DST,FAR,HOM (IDL had no move)", got)
	}
	if got := col(net, "net").Ints; got[0] != 2 || got[1] != 1 || got[2] != -3 {
		t.Errorf("net %v, want 2, 1, −3", got)
	}
}

// TestTransfersText: the summary counts people and needs, and separates the
// flows between regions from the moves within one.
func TestTransfersText(t *testing.T) {
	tr, ests := handTransfers()
	region := map[string]string{}
	for _, e := range ests {
		region[e.Code] = e.Region
	}
	var b bytes.Buffer
	if err := WriteTransfersText(&b, tr, region); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	between := s[strings.Index(s, "LARGEST FLOWS BETWEEN REGIONS"):strings.Index(s, "MOVES WITHIN A REGION")]
	within := s[strings.Index(s, "MOVES WITHIN A REGION"):]
	for _, want := range []string{"4 people must move to reach a programme, for 5 needs", "People placed in spare places elsewhere: 3", "serving 4 of the needs",
		"1 without time"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if !strings.Contains(between, "North  South  1") || strings.Contains(between, "North  North") {
		t.Errorf("between regions:\n%s", between)
	}
	if !strings.Contains(within, "North   2") {
		t.Errorf("within a region:\n%s", within)
	}
}

// TestTransferCharts renders both charts in every format, also with no
// moves, and checks the diverging axis's ticks.
func TestTransferCharts(t *testing.T) {
	tr, ests := handTransfers()
	region := map[string]string{}
	for _, e := range ests {
		region[e.Code] = e.Region
	}
	empty := &analysis.Transfers{Matrix: map[string]map[string]int{}}
	for _, x := range []*analysis.Transfers{tr, empty} {
		net, err := NetFlowChart(x, ests, 25)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []*Chart{TransferFlowChart(x, region), net} {
			for _, f := range ChartFormats {
				var b bytes.Buffer
				if err := c.WriteTo(&b, f); err != nil || b.Len() == 0 {
					t.Errorf("%s.%s: %v, %d bytes", c.Name, f, err, b.Len())
				}
			}
		}
	}
	var labels []string
	for _, tk := range (absTicks{}).Ticks(-80, 100) {
		labels = append(labels, tk.Label)
	}
	if got := strings.Join(labels, ","); got != "50,0,50,100" {
		t.Errorf("ticks %s, want 50,0,50,100 (steps of 50, absolute values)", got)
	}
}

// TestSimTransferTables: the simulation's matrix and net flows, one row per
// pair and three per establishment.
func TestSimTransferTables(t *testing.T) {
	s := &estate.Summary{
		EstablishmentFlows: []estate.Flow{{From: "HOM", To: "DST", Moves: sim.Summary{Mean: 4, Lo: 3, Hi: 5, N: 10}}},
		NetFlows: []estate.NetFlow{{Establishment: "DST", In: sim.Summary{Mean: 4, Lo: 3, Hi: 5, N: 10},
			Net: sim.Summary{Mean: 4, Lo: 3, Hi: 5, N: 10}}},
	}
	if m := SimTransferMatrixTable(s); m.Rows() != 1 || m.Columns[2].Floats[0] != 4 {
		t.Errorf("matrix %+v", m)
	}
	if n := SimNetFlowTable(s); n.Rows() != 3 || n.Columns[1].Text[2] != "net" || n.Columns[2].Floats[1] != 4 {
		t.Errorf("net flows %+v", n)
	}
}
