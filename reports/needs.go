package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"needsplan/analysis"
	"needsplan/model"
	"needsplan/reports/disclosure"
)

// NeedsTable returns a needs analysis as one tidy table: a row per group and
// measure, with the count, its denominator, the share and the 95% Wilson
// interval where one applies. Measures: people, need (item = section),
// pathway (item = pathway), ldc, stale_assessment, no_assessment_date,
// demand and demand_in_time (item = programme code, person × programme),
// and the headline with people counted once: people_now (of people), and
// no_time, must_start and later (of people_now), item = the unit (any,
// core, a family or a programme; analysis.Headline).
func NeedsTable(n *analysis.Needs) *model.Table { return needsTable("needs", n, nil) }

// needsTable is NeedsTable named name; with disclosure control d, as
// published: counts and denominators from d, shares and intervals hidden
// with either.
func needsTable(name string, n *analysis.Needs, d *disclosure.Control) *model.Table {
	by := string(n.Options.By)
	var groupBy, group, gname, measure, item []string
	count, denom := figures{name: "count"}, figures{name: "denominator"}
	var share, lo, hi []float64
	nan := math.NaN()
	// add adds a row: count c of denominator dn, registered as ck and dk.
	add := func(g analysis.Group, m, it string, c, dn int, ck, dk string, sh, l, h float64) {
		groupBy, group, gname, measure, item = append(groupBy, by), append(group, g.Key), append(gname, g.Name), append(measure, m), append(item, it)
		count.add(ck, float64(c))
		denom.add(dk, float64(dn))
		share, lo, hi = append(share, derived(d, sh, ck, dk)), append(lo, derived(d, l, ck, dk)), append(hi, derived(d, h, ck, dk))
	}
	fraction := func(k, of int) float64 {
		if of == 0 {
			return nan
		}
		return float64(k) / float64(of)
	}
	for _, g := range n.Groups {
		k := g.Key
		people := nk(k, "people", "")
		add(g, "people", "", g.People, g.People, people, people, fraction(g.People, g.People), nan, nan)
		for s := range model.NumSections {
			p := g.Needs[s]
			add(g, "need", s.Name(), p.Count, p.N, nk(k, "need", s.Name()), nk(k, "assessed", s.Name()), p.Share, p.Low, p.High)
		}
		for _, pw := range model.Pathways {
			add(g, "pathway", pw.String(), g.Pathways[pw], g.People, nk(k, "pathway", pw.String()), people, fraction(g.Pathways[pw], g.People), nan, nan)
		}
		add(g, "ldc", "", g.LDC.Count, g.LDC.N, nk(k, "ldc", ""), nk(k, "screened", ""), g.LDC.Share, g.LDC.Low, g.LDC.High)
		add(g, "stale_assessment", "", g.Stale, g.People, nk(k, "stale_assessment", ""), people, fraction(g.Stale, g.People), nan, nan)
		add(g, "no_assessment_date", "", g.Unassessed, g.People, nk(k, "no_assessment_date", ""), people, fraction(g.Unassessed, g.People), nan, nan)
		for _, dm := range g.Demand {
			add(g, "demand", dm.Programme, dm.Need, g.People, nk(k, "demand", dm.Programme), people, fraction(dm.Need, g.People), nan, nan)
		}
		for _, dm := range g.Demand {
			add(g, "demand_in_time", dm.Programme, dm.InTime, dm.Need, nk(k, "demand_in_time", dm.Programme), nk(k, "demand", dm.Programme), fraction(dm.InTime, dm.Need), nan, nan)
		}
		// The headline, people counted once per unit (any, core, family,
		// programme): of those who need it now, how many have no time, must
		// start within 12 months, or can start later.
		for _, h := range n.Headlines {
			// The report publishes the headline in a table of its own
			// (headlineTable), over its horizon.
			if h.Key != k || d != nil {
				continue
			}
			now := nk(k, "people_now", h.Unit)
			add(g, "people_now", h.Unit, h.People, g.People, now, people, fraction(h.People, g.People), nan, nan)
			for _, m := range []struct {
				name string
				v    int
			}{{"no_time", h.NoTime}, {"must_start", h.MustStart}, {"later", h.Later}} {
				add(g, m.name, h.Unit, m.v, h.People, nk(k, m.name, h.Unit), now, fraction(m.v, h.People), nan, nan)
			}
		}
	}
	cols := []model.Column{textCol("group_by", groupBy), textCol("group", group), textCol("name", gname), textCol("measure", measure), textCol("item", item)}
	cols = append(append(cols, count.column(d, model.IntColumn)...), denom.column(d, model.IntColumn)...)
	cols = append(cols, floatCol("share", share), floatCol("ci_low", lo), floatCol("ci_high", hi))
	return &model.Table{Name: name, Columns: cols}
}

// WriteNeedsText writes a needs analysis for people to read: people and
// pathways, identified needs (% of those assessed, with 95% intervals when
// there are three groups or fewer), then programme demand as "need/in time".
func WriteNeedsText(w io.Writer, n *analysis.Needs) error {
	o := n.Options
	fmt.Fprintf(w, "Needs by %s: dataset date %s, suite %s, %d group(s)\n", o.By, o.AsOf, o.Suites, len(n.Groups))
	total := 0
	for _, g := range n.Groups {
		total += g.People
	}
	fmt.Fprintf(w, "%d people. Shares are %% of those assessed; stale = assessed more than %d months before the dataset date.\n\n", total, o.StaleAfter)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "PEOPLE AND PNI PATHWAYS")
	fmt.Fprintln(tw, "group\tpeople\thigh\tmoderate\tnot eligible\tinfo missing\tLDC %\tstale\tno date\t")
	for _, g := range n.Groups {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%d\t%d\t\n", g.Key, g.People,
			g.Pathways[model.HighIntensity], g.Pathways[model.ModerateIntensity],
			g.Pathways[model.NotEligible], g.Pathways[model.InfoMissing], percentage(g.LDC.Share), g.Stale, g.Unassessed)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	intervals := len(n.Groups) <= 3
	fmt.Fprintln(w, "\nIDENTIFIED NEEDS (% of those assessed)")
	if intervals {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		head := []string{"section"}
		for _, g := range n.Groups {
			head = append(head, g.Key, "95% CI")
		}
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
		for s := range model.NumSections {
			row := []string{s.Name()}
			for _, g := range n.Groups {
				p := g.Needs[s]
				row = append(row, percentage(p.Share), percentage(p.Low)+"–"+percentage(p.High))
			}
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
	} else {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		head := []string{"group"}
		for s := range model.NumSections {
			head = append(head, s.Name())
		}
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
		for _, g := range n.Groups {
			row := []string{g.Key}
			for s := range model.NumSections {
				row = append(row, percentage(g.Needs[s].Share))
			}
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if err := writeNeedsHeadline(w, n); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nPERSON × PROGRAMME (people who need it / of whom with time to complete before release; a person counts under each programme they need)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := append([]string{"group"}, n.Programmes...)
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, g := range n.Groups {
		row := []string{g.Key}
		for _, d := range g.Demand {
			row = append(row, fmt.Sprintf("%d/%d", d.Need, d.InTime))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeUnrouted(w, n.Unrouted, maxUnroutedLines)
}

// writeNeedsHeadline writes the headline with people counted once: in
// full (any, core, each family and programme) for a single group, else one
// line per group for any programme and the core programme.
func writeNeedsHeadline(w io.Writer, n *analysis.Needs) error {
	if len(n.Groups) == 1 {
		fmt.Fprintf(w, "\nPEOPLE COUNTED ONCE: %s\n", n.Groups[0].Name)
		v := headlineView{level: n.Options.By, key: n.Groups[0].Key, rules: true,
			kinds: []analysis.UnitKind{analysis.AnyUnit, analysis.CoreUnit, analysis.FamilyUnit, analysis.ProgrammeUnit}}
		if err := writeHeadline(w, n.Headlines, v, 12, n.Consolidation); err != nil {
			return err
		}
		v.kinds = v.kinds[:3]
		return writeRanges(w, n.Ranges, v, n.Options.StaleAfter)
	}
	fmt.Fprintln(w, "\nPEOPLE COUNTED ONCE (need now / must start within 12 months / can start later / new a year)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "group\tany programme\tcore programme\t")
	cell := func(h *analysis.Headline) string {
		if h == nil {
			return "0/0/0/0"
		}
		return fmt.Sprintf("%d/%d/%d/%s", h.People, h.MustStart, h.Later, whole(h.Flow))
	}
	for _, g := range n.Groups {
		var anyH, coreH *analysis.Headline
		for i := range n.Headlines {
			switch h := &n.Headlines[i]; {
			case h.Key != g.Key:
			case h.Kind == analysis.AnyUnit:
				anyH = h
			case h.Kind == analysis.CoreUnit:
				coreH = h
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", g.Key, cell(anyH), cell(coreH))
	}
	return tw.Flush()
}

// maxUnroutedLines is how many reasons the text lists; the tables list all.
const maxUnroutedLines = 15

// writeUnrouted writes the identified needs no programme fits, largest
// first, at most max lines and a line for the rest.
func writeUnrouted(w io.Writer, us []analysis.Unrouted, max int) error {
	if len(us) == 0 {
		return nil
	}
	total := 0
	for _, u := range us {
		total += u.People
	}
	fmt.Fprintf(w, "\nIDENTIFIED NEED THAT NO PROGRAMME FITS: %d person-families (docs/classification.md, \"No programme fits\")\n", total)
	for i, u := range us {
		if i == max {
			rest := 0
			for _, v := range us[max:] {
				rest += v.People
			}
			_, err := fmt.Fprintf(w, "%7d  in %d more groups (--format csv lists every one)\n", rest, len(us)-max)
			return err
		}
		if _, err := fmt.Fprintf(w, "%7d  %s, %s suite: %s\n", u.People, strings.ReplaceAll(u.Family, "_", " "), u.Suite, u.Reason); err != nil {
			return err
		}
	}
	return nil
}
