package reports

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"needsplan/analysis/allocate"
	"needsplan/model"
)

// AllocationBy lists the tables of the allocation command's --by.
var AllocationBy = []string{"programme", "person", "flows", "intake", "gaps", "shadow"}

// AllocationTableBy returns the allocation's table named by by (one of
// AllocationBy): places by programme and kind; each person's place; moves
// by region of origin and of the place; each establishment's intake and the
// share from elsewhere; the people left without a place by programme and
// region; the shadow price of one more place at each establishment ×
// programme, highest first.
func AllocationTableBy(a *allocate.Allocation, by string) *model.Table {
	switch by {
	case "person":
		b := newBuilder("allocation_people", ints("rank"), text("person_id"), text("from"), text("region"), float("priority_weight"),
			text("programme"), text("place"), text("to"), text("to_region"), ints("month"), text("in_reach"))
		for _, p := range a.People {
			b.row(p.Rank, p.Person, p.From, p.Region, p.Weight, p.Programme, p.Kind, p.To, p.ToRegion, p.Month, fmt.Sprint(p.InReach))
		}
		return &b.t
	case "flows":
		b := newBuilder("allocation_flows", text("from_region"), text("to_region"), ints("people"))
		for _, f := range a.Flows() {
			b.row(f.From, f.To, f.People)
		}
		return &b.t
	case "intake":
		b := newBuilder("allocation_intake", text("establishment"), ints("places_filled"), ints("from_elsewhere"), float("share_from_elsewhere"))
		for _, in := range a.Intakes() {
			b.row(in.Establishment, in.Filled, in.FromElse, in.Share())
		}
		return &b.t
	case "gaps":
		b := newBuilder("allocation_gaps", text("programme"), text("region"), ints("no_place_taken"), ints("no_place_in_reach"), ints("best_rank"))
		for _, g := range a.Gaps() {
			b.row(g.Programme, g.Region, g.Taken, g.OutOfReach, g.BestRank)
		}
		return &b.t
	case "shadow":
		b := newBuilder("allocation_shadow_prices", text("establishment"), text("programme"), ints("month"), float("shadow_price"))
		for _, s := range a.TopShadows(len(a.Shadows)) {
			b.row(s.Establishment, s.Programme, s.Month, s.Value)
		}
		return &b.t
	}
	b := newBuilder("allocation", text("programme"), ints("places"), ints("local"), ints("within_region"), ints("between_regions"),
		ints("no_place_taken"), ints("no_place_in_reach"))
	for _, t := range a.ByProgramme() {
		b.row(t.Programme, t.Places, t.Local, t.WithinRegion, t.BetweenRegions, t.NoPlaceTaken, t.NoPlaceOutOfReach)
	}
	return &b.t
}

// WriteAllocationText summarises the allocation: its settings, places
// filled locally, within the region and between regions by programme,
// who is left without a place and why, and the ten highest shadow prices.
func WriteAllocationText(w io.Writer, a *allocate.Allocation) error {
	o := a.Options
	fmt.Fprintf(w, "Estate-wide allocation of start places: %g months from %s, priority %s, a move takes %.1f months, λ = %g (moves against priority)\n",
		o.Horizon, o.AsOf, o.Policy, o.Delay, o.Lambda.Val)
	fmt.Fprintln(w, "Each person with a current programme they can still finish and consolidate before release may take one place; places go by priority, then fewer moves (docs/transfers.md). Counts are people.")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "programme\tplaces\tlocal\twithin region\tbetween regions\tno place: taken by higher priority\tno place in reach\t")
	for _, t := range a.ByProgramme() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", t.Programme, thousands(float64(t.Places)), thousands(float64(t.Local)),
			thousands(float64(t.WithinRegion)), thousands(float64(t.BetweenRegions)), thousands(float64(t.NoPlaceTaken)), thousands(float64(t.NoPlaceOutOfReach)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nThe ten highest shadow prices: the priority weight (1 to 2 a person, less λ × the move) one more start place would serve (--by shadow for all):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "establishment\tprogramme\tbest month\tshadow price\t")
	for _, s := range a.TopShadows(10) {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t\n", s.Establishment, s.Programme, s.Month, s.Value)
	}
	return tw.Flush()
}

// AllocationFlowChart draws the moves of the allocation by region of
// origin and of the place.
func AllocationFlowChart(a *allocate.Allocation, regions []string) *Chart {
	return flowMatrixChart(regions, func(add func(from, to string, n int, hidden bool)) {
		for _, f := range a.Flows() {
			add(f.From, f.To, f.People, false)
		}
	}, "People moved for a start place, by region (from ↓, to →)", "allocation-flows")
}

// FrontierChart draws the priority served against the moves taken as λ
// varies (allocate.Frontier): each point an allocation, labelled with its
// λ; left, local places only; right, the pure priority allocation.
func FrontierChart(pts []allocate.Point) (*Chart, error) {
	pl := newPlot("Priority served against moves, as λ varies", "people moved for a place", "priority weight served")
	c := &Chart{Name: "allocation-frontier", Plots: []*plot.Plot{pl}, Width: 640, Height: 400}
	xy := make(plotter.XYs, len(pts))
	labels := make([]string, len(pts))
	for i, p := range pts {
		xy[i] = plotter.XY{X: float64(p.Moves()), Y: p.Priority}
		labels[i] = fmt.Sprintf("λ %g", p.Lambda)
	}
	slices.SortFunc(xy, func(a, b plotter.XY) int { return cmp.Compare(a.X, b.X) })
	line, points, err := plotter.NewLinePoints(xy)
	if err != nil {
		return nil, err
	}
	line.Color, line.Width = placesColour, vg.Points(1.5)
	points.Color, points.Radius = placesColour, vg.Points(3)
	pl.Add(line, points)
	// Label the default λ's point, then the others from the most moves
	// down, skipping one closer than 4% of the axis to a label already
	// placed, so labels never overprint.
	order := make([]int, len(pts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		da, db := pts[a].Lambda == allocate.DefaultLambda, pts[b].Lambda == allocate.DefaultLambda
		if da != db {
			if da {
				return -1
			}
			return 1
		}
		return cmp.Compare(pts[b].Moves(), pts[a].Moves())
	})
	span := 1.0
	for _, p := range pts {
		span = math.Max(span, float64(p.Moves()))
	}
	var lxy plotter.XYs
	var kept []string
	for _, i := range order {
		x := float64(pts[i].Moves())
		if slices.ContainsFunc(lxy, func(q plotter.XY) bool { return math.Abs(q.X-x) < 0.04*span }) {
			continue
		}
		label := labels[i]
		if pts[i].Lambda == allocate.DefaultLambda {
			label += " (default)"
		}
		lxy = append(lxy, plotter.XY{X: x, Y: pts[i].Priority})
		kept = append(kept, label)
	}
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: lxy, Labels: kept})
	if err != nil {
		return nil, err
	}
	for i := range lab.TextStyle {
		lab.TextStyle[i].Color = color.Gray{Y: 0x40}
		lab.TextStyle[i].Font.Size = vg.Points(8)
		lab.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(-10)}
	}
	pl.Add(lab)
	return c, nil
}

// Regions returns the establishments' regions, sorted, each once.
func Regions(ests []model.Establishment) []string {
	var out []string
	for _, e := range ests {
		if e.Region != "" && !slices.Contains(out, e.Region) {
			out = append(out, e.Region)
		}
	}
	slices.Sort(out)
	return out
}
