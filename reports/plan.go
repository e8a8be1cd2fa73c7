package reports

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"needsplan/analysis/plan"
	"needsplan/analysis/sim"
	"needsplan/model"
)

// PlanBy are the tables plan --by gives.
var PlanBy = []string{"actions", "effect", "curve", "trials"}

// PlanTableBy is the plan's table by (PlanBy): its actions (PlanTable),
// its simulated effect on every compared measure, the outcome against
// budget, or the refinement's tries.
func PlanTableBy(r *plan.Result, by string) *model.Table {
	switch by {
	case "effect":
		b := newBuilder("plan_effect", text("measure"), float("baseline"), float("plan"), float("difference"), float("difference_lo"), float("difference_hi"),
			float("analytic_plan_difference"), float("analytic_plan_difference_lo"), float("analytic_plan_difference_hi"), ints("replications"))
		for k, d := range r.Effect {
			a := r.AnalyticEffect[k].Difference
			b.row(d.Measure, d.Base, d.Alt, d.Difference.Mean, d.Difference.Lo, d.Difference.Hi, a.Mean, a.Lo, a.Hi, d.Difference.N)
		}
		return &b.t
	case "curve":
		b := newBuilder("plan_curve", float("budget"), text("unit"), float("analytic_people_a_year"), text("simulated"),
			float("treated_in_time"), float("treated_in_time_lo"), float("treated_in_time_hi"),
			float("untreated_averted"), float("untreated_averted_lo"), float("untreated_averted_hi"))
		for _, p := range r.Curve {
			t, a := p.Treated, p.Averted
			if !p.Simulated {
				t, a = sim.Summary{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}, sim.Summary{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
			}
			b.row(p.Budget, string(r.Settings.Resource), p.Value, fmt.Sprint(p.Simulated), t.Mean, t.Lo, t.Hi, a.Mean, a.Lo, a.Hi)
		}
		return &b.t
	case "trials":
		b := newBuilder("plan_trials", ints("try"), text("change"), float("untreated_averted"), float("untreated_averted_lo"), float("untreated_averted_hi"), text("kept"))
		for k, t := range r.Trials {
			b.row(k+1, t.Words, t.Averted.Mean, t.Averted.Lo, t.Averted.Hi, fmt.Sprint(t.Kept))
		}
		return &b.t
	}
	return PlanTable(r)
}

// PlanTable is the plan's changes, the ranked action list: each with its
// groups, cost, facilitator time, the analytic people a year it serves
// and, for the first ones, its simulated effect with a 95% interval.
func PlanTable(r *plan.Result) *model.Table {
	b := newBuilder("plan", ints("rank"), text("action"), text("establishment"), text("region"), text("programme"), ints("groups_per_year"),
		float("cost_a_year"), text("cost_unit"), float("analytic_people_a_year"),
		float("treated_in_time"), float("treated_in_time_lo"), float("treated_in_time_hi"),
		float("untreated_averted"), float("untreated_averted_lo"), float("untreated_averted_hi"))
	effect := map[int]plan.Action{}
	for _, a := range r.Actions {
		effect[a.Change.Candidate] = a
	}
	nan := sim.Summary{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	for k, ch := range r.Changes {
		c := &r.Candidates[ch.Candidate]
		a, ok := effect[ch.Candidate]
		if !ok {
			a = plan.Action{Treated: nan, Averted: nan}
		}
		b.row(k+1, r.Words(ch), c.Establishment, c.Region, c.Programme, ch.Groups, ch.Cost, string(r.Settings.Resource), ch.Value,
			a.Treated.Mean, a.Treated.Lo, a.Treated.Hi, a.Averted.Mean, a.Averted.Lo, a.Averted.Hi)
	}
	return &b.t
}

// money writes an amount in the budget's unit: "£512,000" or "12.3
// facilitator-years".
func money(v float64, r plan.Resource) string {
	if r == plan.FacilitatorYears {
		return fmt.Sprintf("%.2f facilitator-years", v)
	}
	if v < 0 {
		return "−£" + thousands(-v)
	}
	return "£" + thousands(v)
}

// withInterval writes a simulated figure with its 95% interval.
func withInterval(s sim.Summary) string {
	if math.IsNaN(s.Mean) {
		return "—"
	}
	return fmt.Sprintf("%s (%s to %s)", signed(s.Mean), signed(s.Lo), signed(s.Hi))
}

// signed writes a whole number with its sign.
func signed(v float64) string {
	if math.Round(v) > 0 {
		return "+" + thousands(v)
	}
	if math.Round(v) < 0 {
		return "−" + thousands(-v)
	}
	return "0"
}

// WritePlanText writes the plan for a reader: the budget and what it
// buys, the simulated effect with intervals, the cost per extra completion
// treated in time, facilitators, the ranked actions, totals by region and
// programme, the refinement's tries and the outcome against budget.
func WritePlanText(w io.Writer, r *plan.Result, cat *model.Catalogue) error {
	s := r.Settings
	spent, fy := 0.0, 0.0
	costs := cat.Costs()
	for _, ch := range r.Changes {
		spent += ch.Cost
		if g, ok := cat.Lookup(r.Candidates[ch.Candidate].Programme); ok {
			fy += float64(ch.Groups) * costs.GroupFacilitatorYears(g)
		}
	}
	fmt.Fprintf(w, "Commissioning plan: a budget of %s a year; the plan spends %s (adds less cuts) and needs %+.1f facilitator-years a year.\n",
		money(s.Budget, s.Resource), money(spent, s.Resource), fy)
	unknown := ""
	if n := r.Staff.Unknown; n > 0 {
		unknown = fmt.Sprintf("; %d establishments give no team count", n)
	}
	fmt.Fprintf(w, "Facilitators: today's groups take %.1f facilitator-years a year; the estate's teams hold %s facilitators (teams × %g%s); the plan needs %+.1f facilitator-years a year more.\n",
		r.Staff.InUse, thousands(r.Staff.Facilitators), costs.FacilitatorsPerGroup.Value, unknown, fy)
	fmt.Fprintf(w, "Objective: fewest people released untreated although they had time, weighted by priority (docs/plan.md). Simulated: %d replications of %g years, seed %d, policy %s, common random numbers.\n\n",
		s.Replications, s.Years, s.Seed, s.Policy)
	treated, averted := plan.Measure(r.Effect, plan.TreatedInTime), plan.Averted(r.Effect)
	fmt.Fprintf(w, "Effect over %g years against the baseline (mean, 95%% interval; counts of needs, one core programme at a time):\n", s.Years)
	fmt.Fprintf(w, "  completed in time            %s\n", withInterval(treated))
	fmt.Fprintf(w, "  released untreated averted   %s\n", withInterval(averted))
	if s.Resource == plan.Pounds && treated.Mean > 0 {
		fmt.Fprintf(w, "  cost per extra completion in time: £%s (%s a year × %g years ÷ %s extra needs completed in time; one core programme at a time, so close to a person each)\n",
			thousands(spent*s.Years/treated.Mean), money(spent, s.Resource), s.Years, thousands(treated.Mean))
	}
	fmt.Fprintln(w)
	if err := writePlanActions(w, r); err != nil {
		return err
	}
	if err := writePlanTotals(w, r); err != nil {
		return err
	}
	if len(r.Trials) > 0 {
		fmt.Fprintln(w, "\nRefinement (each try against the plan before it; kept only if it averts more at 95% confidence):")
		for _, t := range r.Trials {
			kept := "not kept"
			if t.Kept {
				kept = "kept"
			}
			fmt.Fprintf(w, "  %s: averts %s — %s\n", t.Words, withInterval(t.Averted), kept)
		}
	}
	return writePlanCurve(w, r)
}

// writePlanActions writes the ranked actions.
func writePlanActions(w io.Writer, r *plan.Result) error {
	fmt.Fprintln(w, "Actions, by the priority-weighted people a year they serve in the flow model; simulated effect of each (the plan against the plan without it) where simulated:")
	effect := map[int]plan.Action{}
	for _, a := range r.Actions {
		effect[a.Change.Candidate] = a
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\taction\tcost a year\tanalytic people a year\tcompleted in time\tuntreated averted\t")
	for k, ch := range r.Changes {
		a, ok := effect[ch.Candidate]
		t, v := "—", "—"
		if ok {
			t, v = withInterval(a.Treated), withInterval(a.Averted)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.1f\t%s\t%s\t\n", k+1, r.Words(ch), money(ch.Cost, r.Settings.Resource), ch.Value, t, v)
	}
	return tw.Flush()
}

// writePlanTotals writes the groups and cost by region and by programme.
func writePlanTotals(w io.Writer, r *plan.Result) error {
	type tot struct {
		key          string
		added, cut   int
		cost, people float64
	}
	sum := func(key func(*plan.Candidate) string) []tot {
		m := map[string]*tot{}
		for _, ch := range r.Changes {
			k := key(&r.Candidates[ch.Candidate])
			if m[k] == nil {
				m[k] = &tot{key: k}
			}
			t := m[k]
			if ch.Groups > 0 {
				t.added += ch.Groups
			} else {
				t.cut -= ch.Groups
			}
			t.cost += ch.Cost
			t.people += ch.Value
		}
		var out []tot
		for _, t := range m {
			out = append(out, *t)
		}
		slices.SortFunc(out, func(a, b tot) int { return cmp.Compare(a.key, b.key) })
		return out
	}
	for _, by := range []struct {
		name string
		key  func(*plan.Candidate) string
	}{{"region", func(c *plan.Candidate) string { return c.Region }}, {"programme", func(c *plan.Candidate) string { return c.Programme }}} {
		fmt.Fprintf(w, "\nBy %s:\n", by.name)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\tgroups added\tgroups cut\tcost a year\tanalytic people a year\t\n", by.name)
		for _, t := range sum(by.key) {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%.1f\t\n", t.key, t.added, t.cut, money(t.cost, r.Settings.Resource), t.people)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// writePlanCurve writes the outcome against budget.
func writePlanCurve(w io.Writer, r *plan.Result) error {
	fmt.Fprintln(w, "\nOutcome against budget (analytic plan at each budget; simulated where shown, against the baseline):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "budget a year\tanalytic people a year\tcompleted in time\tuntreated averted\t")
	for _, p := range r.Curve {
		t, v := "—", "—"
		if p.Simulated {
			t, v = withInterval(p.Treated), withInterval(p.Averted)
		}
		fmt.Fprintf(tw, "%s\t%.1f\t%s\t%s\t\n", money(p.Budget, r.Settings.Resource), p.Value, t, v)
	}
	return tw.Flush()
}

// PlanCurveChart draws the outcome against budget: above, the analytic
// plan's priority-weighted people a year at each budget; below, the
// simulated untreated releases averted over the years simulated, with
// 95% intervals, where simulated.
func PlanCurveChart(r *plan.Result) (*Chart, error) {
	unit := "budget a year, £ thousands"
	scale := 1000.0
	if r.Settings.Resource == plan.FacilitatorYears {
		unit, scale = "budget a year, facilitator-years", 1
	}
	top := newPlot("What the budget buys: the analytic plan", unit, "priority-weighted people a year")
	bottom := newPlot(fmt.Sprintf("Simulated: untreated releases averted over %g years (95%% intervals)", r.Settings.Years), unit, "needs averted")
	var line, sims plotter.XYs
	for _, p := range r.Curve {
		line = append(line, plotter.XY{X: p.Budget / scale, Y: p.Value})
		if p.Simulated {
			sims = append(sims, plotter.XY{X: p.Budget / scale, Y: p.Averted.Mean})
			bar, err := plotter.NewLine(plotter.XYs{{X: p.Budget / scale, Y: p.Averted.Lo}, {X: p.Budget / scale, Y: p.Averted.Hi}})
			if err != nil {
				return nil, err
			}
			bar.Color, bar.Width = placesColour, vg.Points(2)
			bottom.Add(bar)
		}
	}
	l, pts, err := plotter.NewLinePoints(line)
	if err != nil {
		return nil, err
	}
	l.Color, l.Width, pts.Color, pts.Radius = placesColour, vg.Points(1.5), placesColour, vg.Points(3)
	top.Add(l, pts)
	sl, sp, err := plotter.NewLinePoints(sims)
	if err != nil {
		return nil, err
	}
	sl.Color, sl.Width, sl.Dashes = placesColour, vg.Points(1), []vg.Length{vg.Points(4), vg.Points(3)}
	sp.Color, sp.Radius, sp.Shape = placesColour, vg.Points(3.5), draw.CircleGlyph{}
	bottom.Add(sl, sp)
	// Both panels on the same budget axis, from nothing, so the simulated
	// points sit under the analytic curve's budgets.
	bottom.Y.Min, top.Y.Min = math.Min(0, bottom.Y.Min), 0
	bottom.X.Min, top.X.Min = 0, 0
	bottom.X.Max = math.Max(bottom.X.Max, top.X.Max)
	top.X.Max = bottom.X.Max
	// Headroom above the highest point, so a flat curve is not drawn on
	// the frame.
	top.Y.Max *= 1.08
	bottom.Y.Max = math.Max(0, bottom.Y.Max) * 1.08
	return &Chart{Name: "plan-budget", Plots: []*plot.Plot{top, bottom}, Width: 640, Height: 640}, nil
}
