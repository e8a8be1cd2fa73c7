package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"needsplan/analysis"
	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
	"needsplan/model"
	"needsplan/reports/disclosure"
)

// SimTable returns simulation results as a tidy table, as simulate's --by
// names it: by establishment, programme or estate, one row per level
// (establishment, programme nationally, estate), programme and measure,
// with the mean across replications and its 95% interval; by capacity, the
// use of each offering's places (SimCapacityTable); by people, the people
// each counted once and the releases a year (SimPeopleTable); by flows,
// establishment-flows or net-flows, the moves (SimFlowsTable,
// SimTransferMatrixTable, SimNetFlowTable).
func SimTable(s *estate.Summary, by string) *model.Table {
	switch by {
	case "flows":
		return SimFlowsTable(s)
	case "establishment-flows":
		return SimTransferMatrixTable(s)
	case "net-flows":
		return SimNetFlowTable(s)
	case "capacity":
		return SimCapacityTable(s)
	case "people":
		return SimPeopleTable(s)
	}
	return simTable(s, by, nil)
}

// simRow is a row of the simulation table.
type simRow struct {
	level, establishment, region, programme, offered, measure string
	text                                                      string // the mean as published, when suppressing
	hidden                                                    bool   // the mean is suppressed (mean is then NaN)
	mean, lo, hi                                              float64
	n                                                         int
}

// simTable is SimTable; with disclosure control d, as published: the
// programmes nationally and the estate (by is not used), without the
// establishment, region and offered columns, the utilisation and the
// transfers; counts of needs from d (rounded to whole people, with [c],
// their intervals rounded and hidden with them); waits and empty places
// hidden where the number of starts is; missing means left out.
func simTable(s *estate.Summary, by string, d *disclosure.Control) *model.Table {
	var rows []simRow
	emit := func(level string, r estate.Row) {
		offered := "false"
		if r.Key.Offered {
			offered = "true"
		}
		for j, name := range estate.MeasureNames {
			if j >= len(r.Measures) {
				continue
			}
			m := r.Measures[j]
			switch {
			case d != nil && math.IsNaN(m.Mean):
				continue
			case d != nil:
				rows = append(rows, publishedSimRow(d, level, r, name, m))
			case math.IsNaN(m.Mean) && level != "establishment" && !estate.Measures[j].Adds && !estate.Measures[j].PerStart:
				continue // a rollup's pooled waits when nobody started, and rollups have no next start
			default:
				rows = append(rows, simRow{level: level, establishment: r.Key.Establishment, region: r.Key.Region, programme: r.Key.Programme,
					offered: offered, measure: name, mean: m.Mean, lo: m.Lo, hi: m.Hi, n: m.N})
			}
		}
	}
	if d != nil {
		by = "programme"
	}
	switch by {
	case "establishment":
		for _, r := range s.Rows {
			emit("establishment", r)
		}
		for i, code := range s.Establishments {
			if u := s.Utilisation[i]; u.N > 0 {
				rows = append(rows, simRow{level: "establishment", establishment: code, measure: "facilitator_utilisation", mean: u.Mean, lo: u.Lo, hi: u.Hi, n: u.N})
			}
		}
	case "programme":
		for _, r := range s.ByProgramme {
			emit("programme", r)
		}
	}
	emit("estate", s.Estate)
	if d == nil {
		rows = append(rows, simTransferRows(s, by)...)
	}
	return simRowsTable(rows, d)
}

// publishedSimRow is measure m of row r at level as published.
func publishedSimRow(d *disclosure.Control, level string, r estate.Row, name string, m sim.Summary) simRow {
	prog := r.Key.Programme
	if level == "estate" {
		prog = analysis.EstateKey
	}
	text, v := rounded(m.Mean, 2), m.Mean
	l, h := m.Lo, m.Hi
	switch {
	case slices.Contains(simPeopleMeasures, name):
		k := simKey(prog, name)
		text, v = cell(d, k), d.Value(k)
		if d.Suppressing() {
			v = math.Round(v) + 0 // as the text: whole people
			l, h = math.Round(math.Max(0, l))+0, math.Round(h)+0
		}
		l, h = derived(d, l, k), derived(d, h, k)
	case slices.Contains(simFromStarts, name) && d.Hidden(simKey(prog, "starts")):
		text, v, l, h = disclosure.Suppressed, math.NaN(), math.NaN(), math.NaN()
	}
	hidden := text == disclosure.Suppressed
	if hidden {
		v = math.NaN()
	}
	return simRow{level: level, programme: prog, measure: name, text: text, hidden: hidden, mean: v, lo: l, hi: h, n: m.N}
}

// simTransferRows are the simulated transfers across the estate (and by
// programme, by programme), and the delay of a move.
func simTransferRows(s *estate.Summary, by string) []simRow {
	if len(s.EstateTransfers) == 0 || !s.Options.Transfers {
		return nil
	}
	var rows []simRow
	tr := func(level, prog string, ms []sim.Summary) {
		for k, name := range estate.TransferNames {
			m := ms[k]
			rows = append(rows, simRow{level: level, establishment: analysis.EstateKey, programme: prog, measure: name, mean: m.Mean, lo: m.Lo, hi: m.Hi, n: m.N})
		}
	}
	if by == "programme" {
		for i, prog := range s.TransferProgrammes {
			tr("programme", prog, s.Transfers[i])
		}
	}
	tr("estate", "", s.EstateTransfers)
	m := s.MoveDelay
	return append(rows, simRow{level: "estate", establishment: analysis.EstateKey, measure: "transfer_delay_months", mean: m.Mean, lo: m.Lo, hi: m.Hi, n: m.N})
}

// simRowsTable writes the simulation table's rows: as published (d), the
// level, programme and measure, and when suppressing the mean as
// published (null where suppressed) with its flag, mean_suppressed.
func simRowsTable(rows []simRow, d *disclosure.Control) *model.Table {
	var level, est, region, prog, offered, measure []string
	var mean, lo, hi []float64
	var reps []int64
	for _, r := range rows {
		level, est, region, prog = append(level, r.level), append(est, r.establishment), append(region, r.region), append(prog, r.programme)
		offered, measure = append(offered, r.offered), append(measure, r.measure)
		mean, lo, hi, reps = append(mean, r.mean), append(lo, r.lo), append(hi, r.hi), append(reps, int64(r.n))
	}
	meanCols := []model.Column{floatCol("mean", mean)}
	if d != nil && d.Suppressing() {
		// Numeric, with a flag: a hidden mean is a null (NaN) and flagged.
		flag := model.Column{Name: "mean" + SuppressedSuffix, Kind: model.BoolColumn}
		for _, r := range rows {
			flag.Bools = append(flag.Bools, r.hidden)
		}
		meanCols = append(meanCols, flag)
	}
	cols := []model.Column{textCol("level", level)}
	if d == nil {
		cols = append(cols, textCol("establishment", est), textCol("region", region))
	}
	cols = append(cols, textCol("programme", prog))
	if d == nil {
		cols = append(cols, textCol("offered", offered))
	}
	cols = append(cols, textCol("measure", measure))
	cols = append(cols, meanCols...)
	cols = append(cols, floatCol("ci_low", lo), floatCol("ci_high", hi),
		model.Column{Name: "replications", Kind: model.IntColumn, Ints: reps})
	return &model.Table{Name: "simulation", Columns: cols}
}

// SimFlowsTable returns the mean moves between regions across
// replications, with 95% intervals.
func SimFlowsTable(s *estate.Summary) *model.Table {
	b := newBuilder("simulated_flows", text("from_region"), text("to_region"), float("moves"), float("ci_low"), float("ci_high"))
	for i, from := range s.Regions {
		for j, to := range s.Regions {
			if f := s.Flows[i][j]; f.Mean > 0 {
				b.row(from, to, f.Mean, f.Lo, f.Hi)
			}
		}
	}
	return &b.t
}

// SimSeriesTable returns the waiting lists over time: per series (the
// needs on local lists across the estate and for each programme, then the
// people on them each counted once, PeopleSeries) and month, the 5%, 50%
// and 95% quantiles across replications.
func SimSeriesTable(s *estate.Summary) *model.Table { return seriesTable(s, nil) }

// seriesTable is SimSeriesTable; with disclosure control d, as published:
// the quantiles are figures about people (one figure, "all", in a month
// where every replication agrees).
func seriesTable(s *estate.Summary, d *disclosure.Control) *model.Table {
	var series []string
	var month []int64
	q := [3]figures{{name: "p05"}, {name: "p50"}, {name: "p95"}}
	add := func(name string, values [][3]float64) {
		for mth, v := range values {
			series, month = append(series, name), append(month, int64(mth))
			for k, qn := range quantileNames {
				key := wotKey(name, mth, qn)
				if d != nil && d.Has(wotKey(name, mth, "all")) {
					key = wotKey(name, mth, "all")
				}
				q[k].add(key, v[k])
			}
		}
	}
	for i, name := range s.SeriesNames {
		if i >= len(s.Series) {
			break
		}
		add(name, s.Series[i])
	}
	add(PeopleSeries, s.PeopleWaiting)
	cols := []model.Column{textCol("series", series), {Name: "month", Kind: model.IntColumn, Ints: month}}
	for i := range q {
		cols = append(cols, q[i].column(d, model.FloatColumn)...)
	}
	return &model.Table{Name: "waiting_over_time", Columns: cols}
}

// PeopleSeries names the series of people on local waiting lists, each
// counted once (the other series count needs).
const PeopleSeries = "people"

// WriteSimText writes a simulation for people: the estate's outcomes with
// 95% intervals across replications, then each programme nationally.
func WriteSimText(w io.Writer, s *estate.Summary) error {
	o := s.Options
	fmt.Fprintf(w, "Waiting-list simulation: %g years from %s, %d replications (seed %d), policy %s, schedule %s, suite %s\n",
		o.Years, o.AsOf, s.Replications, s.Seed, o.Policy, o.Schedule, o.Suites)
	fmt.Fprintf(w, "Counts are needs (a person needing two programmes counts twice), means across replications with 95%% intervals.\n")
	window := o.Consolidation.Or(6)
	if o.LateStarts {
		fmt.Fprintf(w, "A cohort takes people who can finish before release (--late-starts): in time = completed at least %g months before release; late = within that window.\n", window)
	} else {
		fmt.Fprintf(w, "A cohort takes only people who can finish and have %g months before release (the start rule), so all who complete do so in time.\n", window)
	}
	fmt.Fprintf(w, "Untreated = released without starting although they had time at referral; too short = released without starting, never having had time.\n\n")
	e := func(name string) string { return measureInterval(&s.Estate, name) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ESTATE\tstarted\tcompleted in time\tcompleted late\tdropped out\treleased untreated\ttoo short a stay\tstill waiting\tP(start | had time)\tmedian wait (months)\t")
	fmt.Fprintf(tw, "estate\t%s\t\n", strings.Join(measureIntervals(&s.Estate, simTextEstate), "\t"))
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "P(start | had time) = started ÷ (started + released untreated). Waits are months from referral within the simulated window to start for everyone who had time, release and the horizon censoring (Kaplan–Meier): median %s, 90th percentile %s; over those who started only: mean %s, median %s, new referrals' mean %s.\n",
		e("km_median_wait_months"), e("km_p90_wait_months"), e("mean_wait_months"), e("median_wait_months"), e("mean_wait_new_months"))
	var sum float64
	n := 0
	for _, u := range s.Utilisation {
		if u.N > 0 && !math.IsNaN(u.Mean) {
			sum += u.Mean
			n++
		}
	}
	if s.PlacesPerYear > 0 {
		st, _ := s.Estate.Measure("starts")
		fmt.Fprintf(w, "Capacity: %s starts a year for %s places a year (%s filled). Places not filled: %s left empty in cohorts that ran; starts lost for want of people in time on the list %s, of a free team %s, to suspensions %s (cohorts over the run; spread schedule).\n",
			whole(st.Mean/o.Years), whole(s.PlacesPerYear), percent(st.Mean/o.Years/s.PlacesPerYear), e("empty_places"),
			e("starts_lost_no_people"), e("starts_lost_no_team"), e("starts_lost_suspended"))
	}
	if n > 0 {
		fmt.Fprintf(w, "Facilitator teams were busy %.0f%% of the time on average over %d establishments (by offering: --by capacity). Team numbers are assumed, not published staffing (none is published: calibration.md; docs/synthetic-data.md), and a team runs one group at a time, so where places bind (groups a year) an idle team is an artefact of the assumption, not spare staff.\n", 100*sum/float64(n), n)
	}
	if o.Transfers && len(s.EstateTransfers) > 0 {
		t := s.EstateTransfers
		fmt.Fprintf(w, "Transfers (people; a move takes %.1f months; %s of the directory stale): %s needed a move (a programme not run where they were, or a wait past --transfer-after); %s moved, %s waiting for a planned move, %s with no move possible, %s whose move was called off (the programme started where they were, or no time left); %s moves failed on a stale listing and %s people were sent back.\n",
			o.TransferDelay, percent(o.StaleShare), interval(t[estate.TransferRequired], 0), interval(t[estate.TransferMoved], 0),
			interval(t[estate.TransferWaiting], 0), interval(t[estate.TransferNoMove], 0), interval(t[estate.TransferCancelled], 0),
			interval(t[estate.TransferFailed], 0), interval(t[estate.TransferReturned], 0))
		seats := "seats held: a person moved only into a cohort there starting by their latest start (--reserve-seats)"
		if !o.ReserveSeats {
			seats = "no seats held: moves went to a free bed whatever the queue (--reserve-seats=false)"
		}
		fmt.Fprintf(w, "Moves made %s (%s): %s useful (the person then started a programme the move was for, there), %s wasted.\n",
			interval(t[estate.TransferMade], 0), seats, interval(t[estate.TransferUseful], 0), interval(t[estate.TransferWasted], 0))
		fmt.Fprintf(w, "Moves took %s months from asking to arriving (a move waits for a programme in progress to end).\n", interval(s.MoveDelay, 1))
	}
	if err := writeSimPeople(w, s); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nBY PROGRAMME, NATIONALLY (needs)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "programme\tstarted\tin time\tlate\tdropped\tuntreated\ttoo short\twaiting\tP(start)\tmedian wait\tp90 wait\t")
	for _, r := range s.ByProgramme {
		fmt.Fprintf(tw, "%s\t%s\t\n", r.Key.Programme, strings.Join(measureIntervals(&r, simTextProgramme), "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeSimCapacity(w, s)
}

// The measures of the simulation's text view, in its columns: the estate's
// line, then each programme's (which adds the other waits).
var (
	simTextEstate = []string{"starts", "completed_in_time", "completed_late", "dropped_out", "released_untreated",
		"released_too_short", "waiting_at_horizon", "p_start_in_time", "km_median_wait_months"}
	simTextProgramme = append(slices.Clone(simTextEstate), "km_p90_wait_months")
)

// measureInterval writes a measure of a row with its interval: counts in
// whole numbers, months to one decimal.
func measureInterval(r *estate.Row, name string) string {
	m, _ := r.Measure(name)
	decimals := 0
	switch estate.Measures[estate.MeasureIndex(name)].Unit {
	case "months":
		decimals = 1
	case "share":
		decimals = 2
	}
	return interval(m, decimals)
}

// measureIntervals is measureInterval of each named measure.
func measureIntervals(r *estate.Row, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = measureInterval(r, n)
	}
	return out
}

// QueueReport is the textbook queue's summary across replications, as
// `needsplan simulate --queue` prints it. A figure with no value (nobody
// started, no team limit) is null, and so is every interval with fewer than
// two replications.
type QueueReport struct {
	MeanWait            *float64    `json:"mean_wait"`
	MeanWaitCI          *[2]float64 `json:"mean_wait_ci"`
	MeanWaitAll         *float64    `json:"mean_wait_all"`
	MeanWaitAllCI       *[2]float64 `json:"mean_wait_all_ci"`
	MeanQueueLength     *float64    `json:"mean_queue_length"`
	MeanQueueLengthCI   *[2]float64 `json:"mean_queue_length_ci"`
	IdleFraction        *float64    `json:"idle_fraction"`
	IdleFractionCI      *[2]float64 `json:"idle_fraction_ci"`
	AbandonedFraction   *float64    `json:"abandoned_fraction"`
	AbandonedFractionCI *[2]float64 `json:"abandoned_fraction_ci"`
	Throughput          *float64    `json:"throughput"`
	ThroughputCI        *[2]float64 `json:"throughput_ci"`
	Replications        int         `json:"replications"`
	Seed                uint64      `json:"seed"`
	// Load is ρ = λ·E[duration]/(teams × max cohort); null with no team
	// limit.
	Load *float64 `json:"load"`
	// summaries in QueueMeasures order, for the tables.
	summaries []sim.Summary
}

// QueueMeasures names the queue's figures in tables, as in the JSON object.
var QueueMeasures = []string{"mean_wait", "mean_wait_all", "mean_queue_length", "idle_fraction", "abandoned_fraction", "throughput"}

// NewQueueReport summarises queue replications of cfg.
func NewQueueReport(rs []sim.QueueResult, cfg sim.QueueConfig, seed uint64) QueueReport {
	col := func(get func(sim.QueueResult) float64) sim.Summary {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = get(r)
		}
		return sim.Summarise(v)
	}
	val := func(x float64) *float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		v := round9(x)
		return &v
	}
	pair := func(s sim.Summary) *[2]float64 {
		if s.N < 2 || math.IsNaN(s.Lo) || math.IsNaN(s.Hi) {
			return nil
		}
		return &[2]float64{round9(s.Lo), round9(s.Hi)}
	}
	q := QueueReport{Replications: len(rs), Seed: seed}
	if cfg.Teams > 0 {
		q.Load = val(cfg.Load())
	}
	for i, get := range []func(sim.QueueResult) float64{
		func(r sim.QueueResult) float64 { return r.MeanWait },
		func(r sim.QueueResult) float64 { return r.MeanWaitAll },
		func(r sim.QueueResult) float64 { return r.MeanQueueLength },
		func(r sim.QueueResult) float64 { return r.IdleFraction },
		func(r sim.QueueResult) float64 { return r.AbandonedFraction },
		func(r sim.QueueResult) float64 { return r.Throughput },
	} {
		s := col(get)
		q.summaries = append(q.summaries, s)
		v, p := val(s.Mean), pair(s)
		switch i {
		case 0:
			q.MeanWait, q.MeanWaitCI = v, p
		case 1:
			q.MeanWaitAll, q.MeanWaitAllCI = v, p
		case 2:
			q.MeanQueueLength, q.MeanQueueLengthCI = v, p
		case 3:
			q.IdleFraction, q.IdleFractionCI = v, p
		case 4:
			q.AbandonedFraction, q.AbandonedFractionCI = v, p
		case 5:
			q.Throughput, q.ThroughputCI = v, p
		}
	}
	return q
}

func round9(v float64) float64 { return math.Round(v*1e9) / 1e9 }

// WriteQueueJSON writes the report as one JSON object.
func WriteQueueJSON(w io.Writer, q QueueReport) error {
	b, err := json.MarshalIndent(q, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// QueueTable returns the report as a table: one row per figure with its
// mean and 95% interval (NaN, printed empty or –, where there is none).
func QueueTable(q QueueReport) *model.Table {
	b := newBuilder("queue", text("measure"), float("mean"), float("ci_low"), float("ci_high"), ints("replications"))
	for i, name := range QueueMeasures {
		s := q.summaries[i]
		b.row(name, s.Mean, s.Lo, s.Hi, s.N)
	}
	return &b.t
}

// TraceTable returns a traced replication's events as a table: time in
// months from the dataset date, person, the person a reception was drawn
// from, establishment, programme and event.
func TraceTable(events []estate.TraceEvent) *model.Table {
	b := newBuilder("trace", float("time_months"), text("person"), text("drawn_from"), text("establishment"), text("programme"), text("event"))
	for _, e := range events {
		b.row(e.Time, e.Person, e.Template, e.Establishment, e.Programme, e.Event)
	}
	return &b.t
}
