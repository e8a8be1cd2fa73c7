package reports

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"needsplan/analysis"
	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
	"needsplan/model"
	"needsplan/reports/disclosure"
)

// TransferTableBy is the table transfers' --by names: person
// (TransferPeopleTable), establishment or region (TransferMatrixTable, the
// people moved between them) or net (NetFlowTable).
func TransferTableBy(t *analysis.Transfers, ests []model.Establishment, by string) *model.Table {
	switch by {
	case "establishment":
		return TransferMatrixTable(t, nil)
	case "region":
		return TransferMatrixTable(t, RegionOf(ests))
	case "net":
		return NetFlowTable(t, ests)
	}
	return TransferPeopleTable(t)
}

// TransferPeopleTable lists each person who needs to move: origin, region,
// months left (empty for an open-ended sentence: no release target), the
// programmes they must move for by why, the outcome, the destination, the
// programme whose place the move takes, the programmes it serves, and up
// to analysis.MaxCandidates candidate destinations, best first
// (';'-separated lists).
func TransferPeopleTable(t *analysis.Transfers) *model.Table {
	b := newBuilder("transfer_people", text("person_id"), text("from"), text("region"), float("months_left"),
		text("not_run_here"), text("oversubscribed"), text("outcome"), text("to"), text("programme"), text("served"),
		text("candidates"))
	for _, p := range t.People {
		b.row(p.Person, p.From, p.Region, finite(p.MonthsLeft), strings.Join(p.NotRunHere, ";"),
			strings.Join(p.Oversubscribed, ";"), p.Outcome, p.To, p.Programme, strings.Join(p.Served, ";"),
			strings.Join(p.Candidates, ";"))
	}
	return &b.t
}

// flow is a number of people moved from one place to another.
type flow struct {
	from, to string
	n        int
}

// flows returns the people moved aggregated by key (establishment or
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
		return cmp.Or(strings.Compare(a.from, b.from), strings.Compare(a.to, b.to))
	})
	return out
}

// TransferMatrixTable returns the people moved from → to, by establishment
// or (regionOf not nil) by region. Each person moves at most once, so the
// moves add up to the people placed.
func TransferMatrixTable(t *analysis.Transfers, regionOf map[string]string) *model.Table {
	return transferMatrixTable(t, regionOf, nil)
}

// transferMatrixTable is TransferMatrixTable; with disclosure control d, as
// published (by region: the moves are registered by region).
func transferMatrixTable(t *analysis.Transfers, regionOf map[string]string, d *disclosure.Control) *model.Table {
	key := func(s string) string { return s }
	if regionOf != nil {
		key = func(s string) string { return regionOf[s] }
	}
	var from, to []string
	moves := figures{name: "moves"}
	for _, f := range flows(t, key) {
		from, to = append(from, f.from), append(to, f.to)
		moves.add(tmKey(f.from, f.to), float64(f.n))
	}
	return &model.Table{Name: "transfer_matrix", Columns: append([]model.Column{textCol("from", from), textCol("to", to)}, moves.column(d, model.IntColumn)...)}
}

// netFlow is one establishment's people moved out and in.
type netFlow struct {
	code, name, region string
	out, in            int
}

// netFlows returns the establishments with moves, sorted by code.
func netFlows(t *analysis.Transfers, ests []model.Establishment) []netFlow {
	out, in := map[string]int{}, map[string]int{}
	for from, tos := range t.Matrix {
		for to, n := range tos {
			out[from] += n
			in[to] += n
		}
	}
	sorted := slices.Clone(ests)
	slices.SortFunc(sorted, func(a, b model.Establishment) int { return strings.Compare(a.Code, b.Code) })
	var rows []netFlow
	for _, e := range sorted {
		if out[e.Code]+in[e.Code] > 0 {
			rows = append(rows, netFlow{e.Code, e.Name, e.Region, out[e.Code], in[e.Code]})
		}
	}
	return rows
}

// NetFlowTable returns, per establishment, the people moved out and in and
// the net flow (in − out).
func NetFlowTable(t *analysis.Transfers, ests []model.Establishment) *model.Table {
	return netFlowTable(t, ests, nil)
}

// netFlowTable is NetFlowTable; with disclosure control d, as published:
// the net flow is left out, since with moves out or in hidden it would
// reveal them.
func netFlowTable(t *analysis.Transfers, ests []model.Establishment, d *disclosure.Control) *model.Table {
	var est, region []string
	var net []int64
	out, in := figures{name: "moves_out"}, figures{name: "moves_in"}
	for _, r := range netFlows(t, ests) {
		est, region = append(est, r.code), append(region, r.region)
		out.add(nfKey(r.code, "out"), float64(r.out))
		in.add(nfKey(r.code, "in"), float64(r.in))
		net = append(net, int64(r.in-r.out))
	}
	cols := append([]model.Column{textCol("establishment", est), textCol("region", region)}, out.column(d, model.IntColumn)...)
	cols = append(cols, in.column(d, model.IntColumn)...)
	if d == nil {
		cols = append(cols, model.Column{Name: "net", Kind: model.IntColumn, Ints: net})
	}
	return &model.Table{Name: "net_flows", Columns: cols}
}

// WriteTransfersText summarises the transfer analysis: people who must move,
// placed and not placed with why, by programme, and the largest flows
// between regions and within them.
func WriteTransfersText(w io.Writer, t *analysis.Transfers, regionOf map[string]string) error {
	c := t.Counts()
	o := t.Options
	fmt.Fprintf(w, "Transfer demand: dataset date %s, places over %g months, suite %s, a move takes %.1f months\n\n",
		o.AsOf, o.Horizon, o.Suites, o.Delay)
	notRun, over := 0, 0
	for _, p := range t.People {
		if len(p.NotRunHere) > 0 {
			notRun++
		}
		if len(p.Oversubscribed) > 0 {
			over++
		}
	}
	fmt.Fprintf(w, "%d people must move to reach a programme, for %d needs (person × programme); %d need one not run where they are, %d one run there with too few places before their turn.\n",
		len(t.People), t.Needs, notRun, over)
	fmt.Fprintf(w, "People placed in spare places elsewhere: %d (each moves once, to one establishment), serving %d of the needs. Not placed: %d with no spare place anywhere, %d with spare places only where they cannot go (sex, security category, age), %d whose compatible places were taken, %d without time to move and complete before release.\n",
		c[analysis.Placed], t.NeedsServed, c[analysis.NoPlaceAnywhere], c[analysis.NoCompatible], c[analysis.PlacesTaken], c[analysis.NotEnoughTime])
	fmt.Fprintf(w, "Total cost of the allocation: %.1f (0 a move within a region, 1 between regions; 10 a person left unplaced).\n\n", t.Cost)

	type row struct {
		prog                   string
		people, placed, served int
	}
	byProg := map[string]*row{}
	get := func(g string) *row {
		r := byProg[g]
		if r == nil {
			r = &row{prog: g}
			byProg[g] = r
		}
		return r
	}
	for _, p := range t.People {
		for _, g := range p.Programmes() {
			get(g).people++
		}
		if p.Outcome == analysis.Placed {
			get(p.Programme).placed++
			for _, g := range p.Served {
				get(g).served++
			}
		}
	}
	var rows []*row
	for _, r := range byProg {
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b *row) int { return strings.Compare(a.prog, b.prog) })
	fmt.Fprintln(w, "BY PROGRAMME (people who must move for it; placed in one of its spare places; served by a move)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "programme\tmust move\tplaced\tserved\tnot served\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", r.prog, r.people, r.placed, r.served, r.people-r.served)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fs := flows(t, func(s string) string { return regionOf[s] })
	slices.SortStableFunc(fs, func(a, b flow) int { return b.n - a.n })
	var between, within []flow
	for _, f := range fs {
		if f.from == f.to {
			within = append(within, f)
		} else {
			between = append(between, f)
		}
	}
	fmt.Fprintln(w, "\nLARGEST FLOWS BETWEEN REGIONS (people moved to another region)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "from\tto\tmoves\t")
	for _, f := range between[:min(10, len(between))] {
		fmt.Fprintf(tw, "%s\t%s\t%d\t\n", f.from, f.to, f.n)
	}
	if len(between) == 0 {
		fmt.Fprintln(tw, "(none)\t\t\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nMOVES WITHIN A REGION (between establishments of the same region)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "region\tmoves\t")
	for _, f := range within[:min(10, len(within))] {
		fmt.Fprintf(tw, "%s\t%d\t\n", f.from, f.n)
	}
	if len(within) == 0 {
		fmt.Fprintln(tw, "(none)\t\t")
	}
	return tw.Flush()
}

// Flow chart colours: a sequential blue ramp for moves between regions and
// a vermillion one for moves within a region (the diagonal), both from
// light (few) to dark (many) — the Okabe–Ito blue and vermillion of
// placesColour and demandColour, blended with white.
var (
	betweenColour = placesColour
	withinColour  = demandColour
	emptyCell     = color.RGBA{0xF2, 0xF2, 0xF2, 0xFF}
)

// shade blends c with white: t = 0 gives a light tint (a fifth of c), t = 1
// gives c.
func shade(c color.RGBA, t float64) color.RGBA {
	return tint(c, 0.2+0.8*math.Max(0, math.Min(1, t)))
}

// flowGrid is the region × region matrix of moves: each cell tinted by
// log(1 + moves) against the largest, with the number written in it;
// within-region cells (the diagonal) in another hue; empty cells in light
// grey.
type flowGrid struct {
	n      [][]int  // [from][to], row 0 at the top
	hidden [][]bool // suppressed cells: grey, marked [c]
	max    int
	font   draw.TextStyle
}

// Plot draws the cells and their numbers.
func (g flowGrid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	rows := len(g.n)
	for r := range rows {
		for col := range g.n[r] {
			v := g.n[r][col]
			y := float64(rows - 1 - r)
			x0, x1 := trX(float64(col)-0.47), trX(float64(col)+0.47)
			y0, y1 := trY(y-0.47), trY(y+0.47)
			fill := emptyCell
			t := 0.0
			if g.hidden != nil && g.hidden[r][col] {
				c.FillPolygon(suppressedColour, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
				c.FillText(g.font, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, disclosure.Suppressed)
				continue
			}
			if v > 0 {
				t = math.Log1p(float64(v)) / math.Log1p(float64(max(g.max, 1)))
				base := betweenColour
				if r == col {
					base = withinColour
				}
				fill = shade(base, t)
			}
			c.FillPolygon(fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			if r == col {
				c.StrokeLines(draw.LineStyle{Color: withinColour, Width: vg.Points(1.2)},
					[]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})
			}
			if v == 0 {
				continue
			}
			sty := g.font
			if t > 0.55 {
				sty.Color = color.White
			}
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, thousands(float64(v)))
		}
	}
}

// DataRange spans the grid, with a margin on the right.
func (g flowGrid) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(len(g.n)) - 0.2, -0.5, float64(len(g.n)) - 0.5
}

// TransferFlowChart draws the people moved between regions as a matrix:
// origin regions down, destination regions across, the number of moves
// written in each cell and its tint growing with it (log scale); moves
// within a region (the diagonal) are orange and outlined, moves between
// regions blue. The key sits above the grid, outside it, and region names
// are written in full.
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
	return flowMatrixChart(regions, func(add func(from, to string, n int, hidden bool)) {
		for _, f := range fs {
			add(f.from, f.to, f.n, false)
		}
	}, "People moved between regions (from ↓, to →)", "transfer-flows")
}

// flowMatrixChart draws a region × region matrix of counts fed by each. A
// cell given as hidden (disclosure control) is drawn grey and marked [c],
// and then the key gives no totals, which could reveal it.
func flowMatrixChart(regions []string, each func(add func(from, to string, n int, hidden bool)), title, name string) *Chart {
	idx := map[string]int{}
	for i, r := range regions {
		idx[r] = i
	}
	n := make([][]int, len(regions))
	hid := make([][]bool, len(regions))
	for i := range n {
		n[i] = make([]int, len(regions))
		hid[i] = make([]bool, len(regions))
	}
	top, total, diag, anyHidden := 0, 0, 0, false
	each(func(from, to string, v int, hidden bool) {
		i, ok1 := idx[from]
		j, ok2 := idx[to]
		if !ok1 || !ok2 {
			return
		}
		if hidden {
			hid[i][j], anyHidden = true, true
			return
		}
		n[i][j] += v
		top = max(top, n[i][j])
		total += v
		if i == j {
			diag += v
		}
	})
	// No grid lines: the matrix draws its own cells.
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 14
	p.Title.Padding = vg.Points(40) // room for the key, above the grid
	p.X.Label.Text, p.Y.Label.Text = "to region", "from region"
	font := p.X.Tick.Label
	font.Font.Size = 9
	font.XAlign, font.YAlign = draw.XCenter, draw.YCenter
	font.Color = color.Black
	p.Add(flowGrid{n: n, hidden: hid, max: top, font: font})
	cols := slices.Clone(regions)
	labels := make([]string, len(regions))
	for i, r := range regions {
		labels[len(regions)-1-i] = r
	}
	p.NominalX(cols...)
	p.NominalY(labels...)
	rotate(&p.X)
	p.X.Tick.Label.Font.Size, p.Y.Tick.Label.Font.Size = 9, 9
	if anyHidden {
		p.Legend.Add("between regions", swatch{shade(betweenColour, 0.7)})
		p.Legend.Add("within a region (diagonal, outlined); darker = more", swatch{shade(withinColour, 0.7)})
		p.Legend.Add(disclosure.Suppressed+" suppressed (fewer than 5 people)", swatch{suppressedColour})
	} else {
		p.Legend.Add(fmt.Sprintf("between regions: %s people", thousands(float64(total-diag))), swatch{shade(betweenColour, 0.7)})
		p.Legend.Add(fmt.Sprintf("within a region (diagonal, outlined): %s people; darker = more", thousands(float64(diag))), swatch{shade(withinColour, 0.7)})
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size = 10
	p.Legend.YOffs = vg.Points(38) // above the grid, in the title's padding
	side := vg.Length(32 * max(len(regions), 4))
	return &Chart{Name: name, Plots: []*plot.Plot{p}, Width: side + 280, Height: side + 250}
}

// NetFlowChartEstablishments is how many establishments the transfers
// command's net-flow chart shows: the 25 largest net flows fit a page and
// cover the main receivers and senders.
const NetFlowChartEstablishments = 25

// NetFlowChart draws the n establishments with the largest net flows of
// people moved (in − out, by absolute size): moves out as bars to the left,
// moves in to the right, the net written beside each, largest at the top;
// each label is the code, the name and the region.
func NetFlowChart(t *analysis.Transfers, ests []model.Establishment, n int) (*Chart, error) {
	rows := netFlows(t, ests)
	slices.SortStableFunc(rows, func(a, b netFlow) int {
		na, nb := a.in-a.out, b.in-b.out
		return cmp.Or(cmp.Compare(abs(nb), abs(na)), cmp.Compare(b.in+b.out, a.in+a.out), strings.Compare(a.code, b.code))
	})
	rows = rows[:min(n, len(rows))]
	slices.Reverse(rows) // NominalY puts the first name at the bottom
	var in, out plotter.Values
	var labels []string
	var net plotter.XYs
	var netText []string
	top := 1.0
	for i, r := range rows {
		in = append(in, float64(r.in))
		out = append(out, -float64(r.out))
		labels = append(labels, fmt.Sprintf("%s  %s (%s)", r.code, r.name, r.region))
		top = math.Max(top, float64(max(r.in, r.out)))
		net = append(net, plotter.XY{X: 0, Y: float64(i)})
		netText = append(netText, fmt.Sprintf("net %+d", r.in-r.out))
	}
	p := newPlot(fmt.Sprintf("Establishments with the largest net flows of people moved (%d shown)", len(rows)), "people moved: out (left) and in (right)", "")
	p.Title.Padding = vg.Points(26)
	if len(rows) == 0 {
		p.Y.Min, p.Y.Max = 0, 1
		return &Chart{Name: "transfer-net-flows", Plots: []*plot.Plot{p}, Width: 720, Height: 200}, nil
	}
	w := vg.Points(9)
	a, err := plotter.NewBarChart(out, w)
	if err != nil {
		return nil, err
	}
	b, err := plotter.NewBarChart(in, w)
	if err != nil {
		return nil, err
	}
	a.Horizontal, b.Horizontal = true, true
	a.Color, b.Color = demandColour, placesColour
	a.LineStyle.Width, b.LineStyle.Width = 0, 0
	p.Add(a, b)
	for i := range net {
		net[i].X = top * 1.08
	}
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: net, Labels: netText})
	if err != nil {
		return nil, err
	}
	for i := range lab.TextStyle {
		lab.TextStyle[i].Font.Size = 8
		lab.TextStyle[i].YAlign = draw.YCenter
	}
	p.Add(lab)
	p.NominalY(labels...)
	p.X.Min, p.X.Max = -top*1.05, top*1.35
	p.X.Tick.Marker = absTicks{}
	p.Legend.Add("moved out", a)
	p.Legend.Add("moved in", b)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.YOffs = vg.Points(24) // above the bars, in the title's padding
	p.Legend.TextStyle.Font.Size = 9
	p.Y.Tick.Label.Font.Size = 8
	return &Chart{Name: "transfer-net-flows", Plots: []*plot.Plot{p}, Width: 760, Height: vg.Length(130 + 15*len(rows))}, nil
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// absTicks labels a diverging axis with absolute counts (people out to
// the left are still a positive number of people), at a round step giving
// about four ticks a side.
type absTicks struct{}

// Ticks returns the ticks from lo to hi.
func (absTicks) Ticks(lo, hi float64) []plot.Tick {
	span := math.Max(math.Abs(lo), math.Abs(hi))
	step := 0.0 // the smallest of 1, 2, 5, 10, 20, … with four steps ≥ span
	for e := 1.0; step == 0 && e < 1e15; e *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if 4*m*e >= span {
				step = m * e
				break
			}
		}
	}
	if step == 0 {
		return nil
	}
	var ts []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: thousands(math.Abs(v))})
	}
	return ts
}

// SimTransferMatrixTable returns the simulation's moves between
// establishments (each physical move: a move out, including one that
// fails on arrival, and the return after it), the mean across
// replications with its 95% interval, for every pair with a move in some
// replication.
func SimTransferMatrixTable(s *estate.Summary) *model.Table {
	b := newBuilder("simulated_transfer_matrix", text("from"), text("to"), float("moves"), float("ci_low"), float("ci_high"), ints("replications"))
	for _, f := range s.EstablishmentFlows {
		b.row(f.From, f.To, f.Moves.Mean, f.Moves.Lo, f.Moves.Hi, f.Moves.N)
	}
	return &b.t
}

// SimNetFlowTable returns, per establishment with any move, the
// simulation's mean moves out and in and the net flow (in − out) across
// replications, with 95% intervals.
func SimNetFlowTable(s *estate.Summary) *model.Table {
	b := newBuilder("simulated_net_flows", text("establishment"), text("measure"), float("mean"), float("ci_low"), float("ci_high"), ints("replications"))
	for _, r := range s.NetFlows {
		for _, m := range []struct {
			name string
			s    sim.Summary
		}{{"moves_out", r.Out}, {"moves_in", r.In}, {"net", r.Net}} {
			b.row(r.Establishment, m.name, m.s.Mean, m.s.Lo, m.s.Hi, m.s.N)
		}
	}
	return &b.t
}
