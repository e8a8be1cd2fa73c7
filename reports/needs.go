package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"needsplan/analysis"
	"needsplan/model"
)

// NeedsTable returns a needs analysis as one tidy table: a row per group and
// measure, with the count, its denominator, the share and the 95% Wilson
// interval where one applies. Measures: people, need (item = section),
// pathway (item = pathway), ldc, stale_assessment, no_assessment_date,
// demand and demand_in_time (item = programme code).
func NeedsTable(n *analysis.Needs) *model.Table {
	b := newBuilder("needs", text("group_by"), text("group"), text("name"), text("measure"), text("item"),
		ints("count"), ints("denominator"), float("share"), float("ci_low"), float("ci_high"))
	by := string(n.Options.By)
	nan := math.NaN()
	for _, g := range n.Groups {
		share := func(k, d int) float64 {
			if d == 0 {
				return nan
			}
			return float64(k) / float64(d)
		}
		b.row(by, g.Key, g.Name, "people", "", g.People, g.People, share(g.People, g.People), nan, nan)
		for s := range model.NumSections {
			p := g.Needs[s]
			b.row(by, g.Key, g.Name, "need", s.Name(), p.Count, p.N, p.Share, p.Low, p.High)
		}
		for _, pw := range model.Pathways {
			b.row(by, g.Key, g.Name, "pathway", pw.String(), g.Pathways[pw], g.People, share(g.Pathways[pw], g.People), nan, nan)
		}
		b.row(by, g.Key, g.Name, "ldc", "", g.LDC.Count, g.LDC.N, g.LDC.Share, g.LDC.Low, g.LDC.High)
		b.row(by, g.Key, g.Name, "stale_assessment", "", g.Stale, g.People, share(g.Stale, g.People), nan, nan)
		b.row(by, g.Key, g.Name, "no_assessment_date", "", g.Unassessed, g.People, share(g.Unassessed, g.People), nan, nan)
		for _, d := range g.Demand {
			b.row(by, g.Key, g.Name, "demand", d.Programme, d.Need, g.People, share(d.Need, g.People), nan, nan)
		}
		for _, d := range g.Demand {
			b.row(by, g.Key, g.Name, "demand_in_time", d.Programme, d.InTime, d.Need, share(d.InTime, d.Need), nan, nan)
		}
	}
	return &b.t
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

	fmt.Fprintln(w, "\nPROGRAMME DEMAND (people who need it / of whom with time to complete before release)")
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
	return tw.Flush()
}
