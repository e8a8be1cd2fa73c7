package reports

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"needsplan/analysis"
	"needsplan/model"
)

// TransferNeedsTable lists each person who needs to move: origin, region,
// programme, why, months left, outcome and destination.
func TransferNeedsTable(t *analysis.Transfers) *model.Table {
	b := newBuilder("transfer_needs", text("person_id"), text("from"), text("region"), text("programme"), text("reason"),
		float("months_left"), text("outcome"), text("to"))
	for _, n := range t.Needs {
		b.row(n.Person, n.From, n.Region, n.Programme, n.Reason, n.MonthsLeft, n.Outcome, n.To)
	}
	return &b.t
}

// flow is a number of placed moves from one place to another.
type flow struct {
	from, to string
	n        int
}

// flows returns the placed moves aggregated by key (establishment or
// region), sorted by origin and destination.
func flows(t *analysis.Transfers, key func(string) string) []flow {
	m := map[[2]string]int{}
	for from, tos := range t.Matrix {
		for to, n := range tos {
			m[[2]string{key(from), key(to)}] += n
		}
	}
	var out []flow
	for k, n := range m {
		out = append(out, flow{k[0], k[1], n})
	}
	slices.SortFunc(out, func(a, b flow) int {
		if c := strings.Compare(a.from, b.from); c != 0 {
			return c
		}
		return strings.Compare(a.to, b.to)
	})
	return out
}

// TransferMatrixTable returns the placed moves from → to, by establishment
// or (regionOf not nil) by region.
func TransferMatrixTable(t *analysis.Transfers, regionOf map[string]string) *model.Table {
	key := func(s string) string { return s }
	if regionOf != nil {
		key = func(s string) string { return regionOf[s] }
	}
	b := newBuilder("transfer_matrix", text("from"), text("to"), ints("moves"))
	for _, f := range flows(t, key) {
		b.row(f.from, f.to, f.n)
	}
	return &b.t
}

// NetFlowTable returns, per establishment, the placed moves out and in and
// the net flow (in − out).
func NetFlowTable(t *analysis.Transfers, ests []model.Establishment) *model.Table {
	out, in := map[string]int{}, map[string]int{}
	for from, tos := range t.Matrix {
		for to, n := range tos {
			out[from] += n
			in[to] += n
		}
	}
	b := newBuilder("net_flows", text("establishment"), text("region"), ints("moves_out"), ints("moves_in"), ints("net"))
	sorted := slices.Clone(ests)
	slices.SortFunc(sorted, func(a, b model.Establishment) int { return strings.Compare(a.Code, b.Code) })
	for _, e := range sorted {
		if out[e.Code]+in[e.Code] > 0 {
			b.row(e.Code, e.Region, out[e.Code], in[e.Code], in[e.Code]-out[e.Code])
		}
	}
	return &b.t
}

// WriteTransfersText summarises the transfer analysis: people who must move,
// placed and not placed with why, by programme, and the largest flows
// between regions.
func WriteTransfersText(w io.Writer, t *analysis.Transfers, regionOf map[string]string) error {
	c := t.Counts()
	o := t.Options
	fmt.Fprintf(w, "Transfer demand: dataset date %s, places over %g months, suite %s, a move takes %.1f months\n\n",
		o.AsOf, o.Horizon, o.Suites, o.Delay)
	fmt.Fprintf(w, "%d needs (person × programme) require a move to reach the programme (%d: not run where the person is; %d: run, but too few places before their turn).\n",
		len(t.Needs), countReason(t, analysis.ReasonNotRunHere), countReason(t, analysis.ReasonOversubscribed))
	fmt.Fprintf(w, "Placed in spare places elsewhere: %d. Not placed: %d with no spare place anywhere, %d with spare places only where they cannot go (sex, security category), %d whose compatible places were taken, %d without time to move and complete before release.\n",
		c[analysis.Placed], c[analysis.NoPlaceAnywhere], c[analysis.NoCompatible], c[analysis.PlacesTaken], c[analysis.NotEnoughTime])
	fmt.Fprintf(w, "Total cost of the allocation: %.1f (0 a move within a region, 1 between regions; 10 a person left unplaced).\n\n", t.Cost)

	type row struct {
		prog                 string
		need, placed, unable int
	}
	byProg := map[string]*row{}
	for _, n := range t.Needs {
		r := byProg[n.Programme]
		if r == nil {
			r = &row{prog: n.Programme}
			byProg[n.Programme] = r
		}
		r.need++
		if n.Outcome == analysis.Placed {
			r.placed++
		} else {
			r.unable++
		}
	}
	var rows []*row
	for _, r := range byProg {
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b *row) int { return strings.Compare(a.prog, b.prog) })
	fmt.Fprintln(w, "BY PROGRAMME")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "programme\tmust move\tplaced\tnot placed\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", r.prog, r.need, r.placed, r.unable)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fs := flows(t, func(s string) string { return regionOf[s] })
	slices.SortStableFunc(fs, func(a, b flow) int { return b.n - a.n })
	fmt.Fprintln(w, "\nLARGEST FLOWS BETWEEN REGIONS (placed moves)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "from\tto\tmoves\t")
	for _, f := range fs[:min(10, len(fs))] {
		fmt.Fprintf(tw, "%s\t%s\t%d\t\n", f.from, f.to, f.n)
	}
	return tw.Flush()
}

func countReason(t *analysis.Transfers, reason string) int {
	n := 0
	for _, x := range t.Needs {
		if x.Reason == reason {
			n++
		}
	}
	return n
}

// flowBins colour the flow chart by the number of moves (viridis stops).
var flowBins = []struct {
	upTo   int
	label  string
	colour color.Color
}{
	{5, "1–4 moves", color.RGBA{0xFD, 0xE7, 0x25, 0xFF}},
	{20, "5–19", color.RGBA{0x5E, 0xC9, 0x62, 0xFF}},
	{100, "20–99", color.RGBA{0x21, 0x91, 0x8C, 0xFF}},
	{math.MaxInt, "100 or more", color.RGBA{0x3B, 0x52, 0x8B, 0xFF}},
}

// TransferFlowChart draws the placed moves between regions as a matrix:
// origin regions down, destination regions across, each cell coloured by
// the number of moves; the diagonal holds moves within
// a region.
func TransferFlowChart(t *analysis.Transfers, regionOf map[string]string) *Chart {
	fs := flows(t, func(s string) string { return regionOf[s] })
	set := map[string]bool{}
	for _, r := range regionOf {
		set[r] = true
	}
	var regions []string
	for r := range set {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	idx := map[string]int{}
	for i, r := range regions {
		idx[r] = i
	}
	n := make([][]int, len(regions))
	for i := range n {
		n[i] = make([]int, len(regions))
	}
	for _, f := range fs {
		n[idx[f.from]][idx[f.to]] += f.n
	}
	p := newPlot("Placed transfers between regions (from ↓, to →)", "to region", "from region")
	const headroom = 1 // a row above the grid for the legend
	p.Add(cells{rows: len(regions), cols: len(regions), headroom: headroom, colour: func(r, c int) color.Color {
		v := n[r][c]
		if v == 0 {
			return nil
		}
		for _, b := range flowBins {
			if v < b.upTo {
				return b.colour
			}
		}
		return nil
	}})
	labels := make([]string, len(regions))
	for i, r := range regions {
		labels[len(regions)-1-i] = shorten(r, 26)
	}
	cols := make([]string, len(regions))
	for i, r := range regions {
		cols[i] = shorten(r, 26)
	}
	p.NominalX(cols...)
	p.NominalY(labels...)
	rotate(&p.X)
	p.X.Tick.Label.Font.Size, p.Y.Tick.Label.Font.Size = 8, 8
	for _, b := range flowBins {
		p.Legend.Add(b.label, swatch{b.colour})
	}
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.TextStyle.Font.Size = 9
	side := vg.Length(300 + 34*len(regions))
	return &Chart{Name: "transfer-flows", Plots: []*plot.Plot{p}, Width: side + 80, Height: side + vg.Length(18*headroom)}
}
