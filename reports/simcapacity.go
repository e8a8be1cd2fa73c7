package reports

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"needsplan/analysis/estate"
	"needsplan/model"
)

// SimCapacityTable returns, per offering (establishment × programme run
// there) and nationally per programme, how its places were used over the
// run: places due and starts a year, the share filled, the places left
// empty in cohorts that ran, the starts lost by reason, the binding limit
// (estate.Row.Binding), and the establishment's facilitator teams with
// their utilisation — team numbers marked as assumed, as the embedded
// dataset's are synthetic (docs/synthetic-data.md).
func SimCapacityTable(s *estate.Summary) *model.Table {
	b := newBuilder("simulated_capacity", text("level"), text("establishment"), text("programme"), float("places_a_year"), float("starts_a_year"),
		float("places_filled"), float("empty_places"), float("starts_lost_no_people"), float("starts_lost_no_team"), float("starts_lost_suspended"),
		text("binding"), float("teams"), text("teams_source"), float("team_utilisation"))
	years := s.Options.Years
	estIdx := map[string]int{}
	for i, code := range s.Establishments {
		estIdx[code] = i
	}
	// teams and util are NaN for the rollups, which have no teams of
	// their own.
	add := func(level string, r *estate.Row, teams, util float64) {
		mean := func(name string) float64 {
			m, _ := r.Measure(name)
			return m.Mean
		}
		source := ""
		if !math.IsNaN(teams) {
			source = "assumed"
		}
		b.row(level, r.Key.Establishment, r.Key.Programme, mean("places_due")/years, mean("starts")/years, mean("places_filled"),
			mean("empty_places"), mean("starts_lost_no_people"), mean("starts_lost_no_team"), mean("starts_lost_suspended"),
			r.Binding(), teams, source, util)
	}
	for i := range s.Rows {
		r := &s.Rows[i]
		if !r.Key.Offered {
			continue
		}
		e := estIdx[r.Key.Establishment]
		add("establishment", r, float64(s.Teams[e]), s.Utilisation[e].Mean)
	}
	for i := range s.ByProgramme {
		add("programme", &s.ByProgramme[i], math.NaN(), math.NaN())
	}
	add("estate", &s.Estate, math.NaN(), math.NaN())
	return &b.t
}

// SimPeopleTable returns the estate's people, each counted once by their
// outcome (estate.PersonOutcome), and the sentenced releases a year
// (needing a programme or not), with 95% intervals across replications.
func SimPeopleTable(s *estate.Summary) *model.Table {
	b := newBuilder("simulated_people", text("measure"), text("unit"), float("mean"), float("ci_low"), float("ci_high"), ints("replications"))
	for k, name := range estate.PersonOutcomes {
		if k < len(s.People) {
			m := s.People[k]
			b.row(name, "people", m.Mean, m.Lo, m.Hi, m.N)
		}
	}
	rel, rec := s.ReleasesPerYear, s.RecallReleasesPerYear
	b.row("releases_a_year", "people a year", rel.Mean, rel.Lo, rel.Hi, rel.N)
	b.row("recall_releases_a_year", "people a year", rec.Mean, rec.Lo, rec.Hi, rec.N)
	return &b.t
}

// writeSimPeople writes the simulation's people, each once, and the
// releases a year, for the text view.
func writeSimPeople(w io.Writer, s *estate.Summary) error {
	if len(s.People) < int(estate.NumPersonOutcomes) {
		return nil
	}
	p := func(k estate.PersonOutcome) string { return interval(s.People[k], 0) }
	fmt.Fprintln(w, "\nPEOPLE, EACH COUNTED ONCE (by their first outcome in this order)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "completed a programme\ton one at the end\tdropped out\treleased untreated (had time)\ttoo short a stay\tstill waiting\t")
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", p(estate.PersonCompleted), p(estate.PersonInProgress), p(estate.PersonDropped),
		p(estate.PersonUntreated), p(estate.PersonTooShort), p(estate.PersonWaiting))
	if err := tw.Flush(); err != nil {
		return err
	}
	last := len(s.PeopleWaiting) - 1
	if last >= 0 {
		fmt.Fprintf(w, "People on a local waiting list (each once): %s at the start, %s at the end (medians across replications).\n",
			thousands(s.PeopleWaiting[0][1]), thousands(s.PeopleWaiting[last][1]))
	}
	fmt.Fprintf(w, "Sentenced releases a year, needing a programme or not: %s from sentences (published: %s in 2024, calibration.md §4), %s after recall (published: %s recalls in 2024).\n",
		interval(s.ReleasesPerYear, 0), thousands(model.PublishedReleases), interval(s.RecallReleasesPerYear, 0), thousands(model.PublishedRecalls))
	return nil
}

// writeSimCapacity writes, for the text view, each programme's places and
// starts a year nationally, the share filled and its binding limit.
func writeSimCapacity(w io.Writer, s *estate.Summary) error {
	fmt.Fprintln(w, "\nCAPACITY BY PROGRAMME, NATIONALLY (per offering: --by capacity)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "programme\tplaces a year\tstarts a year\tfilled %\tbinding limit\t")
	years := s.Options.Years
	for i := range s.ByProgramme {
		r := &s.ByProgramme[i]
		due, _ := r.Measure("places_due")
		st, _ := r.Measure("starts")
		fill, _ := r.Measure("places_filled")
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", r.Key.Programme, thousands(due.Mean/years), thousands(st.Mean/years), percentageOr(fill.Mean, missing), r.Binding())
	}
	return tw.Flush()
}
