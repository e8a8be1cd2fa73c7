package estate_test

// Hand-checked cases of the estate simulation (docs/simulation.md): the
// waiting series against the trace, schedules and shocks, team capacity,
// the horizon, the trace's terminal events, the policies, the shared team
// pool, one-to-one places, min_group_size, waits and the flow file.

import (
	"context"
	"fmt"
	"math"
	"needsplan/analysis/estate"
	"needsplan/internal/testkit"
	"slices"
	"sort"
	"testing"

	"needsplan/analysis"
	"needsplan/analysis/sim"
	"needsplan/data"
	"needsplan/model"
)

// tspDur is TSP's duration in months: 8 weeks × 12/52.
const tspDur = 8.0 * 12 / 52

// simEstate builds a model of category C prisons AAA and BBB with the given
// facilitator teams each, under the legacy suite, classifying the flow file
// (opt.Flow) too.
func simEstate(t *testing.T, people []model.Profile, offs []model.Offering, teams int, opt estate.Options) *estate.Model {
	t.Helper()
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	var ests []model.Establishment
	for _, code := range []string{"AAA", "BBB"} {
		ests = append(ests, model.Establishment{Code: code, Name: code, Holds: model.HoldsMen, Function: model.CatCTrainer,
			Region: "North", FacilitatorTeams: model.Some(teams)})
	}
	legacy := analysis.SuitePlan{Default: model.LegacySuite}
	cls, err := analysis.ClassifyAll(context.Background(), people, cat, legacy, simAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if opt.Flow != nil {
		if opt.FlowClasses, err = analysis.ClassifyAll(context.Background(), opt.Flow, cat, legacy, simAsOf); err != nil {
			t.Fatal(err)
		}
	}
	opt.AsOf, opt.Suites = simAsOf, legacy
	if opt.Receptions == nil {
		opt.Receptions = map[string]float64{}
	}
	m, err := estate.New(people, cls, ests, offs, cat, opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// traced runs replication 0 of seed with a trace.
func traced(t *testing.T, m *estate.Model, seed uint64) ([]estate.TraceEvent, *estate.Replication) {
	t.Helper()
	var evs []estate.TraceEvent
	run, err := m.RunTraced(context.Background(), sim.Stream(seed, 0), func(e estate.TraceEvent) { evs = append(evs, e) })
	if err != nil {
		t.Fatal(err)
	}
	return evs, run
}

// tspPeople returns n men at est needing TSP, sentenced two years ago (so
// referred before the start) and released after leftMonths.
func tspPeople(prefix, est string, n, leftMonths int) []model.Profile {
	var ps []model.Profile
	for i := range n {
		ps = append(ps, testkit.NeedyPerson(fmt.Sprintf("%s%02d", prefix, i), est, 24, leftMonths))
	}
	return ps
}

// sum adds up an outcome field over a run's outcomes.
func sum(run *estate.Replication, f func(*estate.Outcome) int) int {
	n := 0
	for i := range run.Outcomes {
		n += f(&run.Outcomes[i])
	}
	return n
}

func cohorts(run *estate.Replication) int {
	return sum(run, func(o *estate.Outcome) int { return o.Cohorts })
}
func starts(run *estate.Replication) int {
	return sum(run, func(o *estate.Outcome) int { return o.Starts })
}

// startTimes returns when each person started a programme, from a trace.
func startTimes(evs []estate.TraceEvent) map[string]float64 {
	out := map[string]float64{}
	for _, e := range evs {
		if e.Event == "started" {
			out[e.Person+"/"+e.Programme] = e.Time
		}
	}
	return out
}

// sampleModel is the sample dataset with its receptions, over the given
// years, with a referral delay of one month.
func sampleModel(t *testing.T, years float64, shocks []model.Shock) *estate.Model {
	t.Helper()
	return sampleModelWith(t, estate.Options{Years: years, ReferralDelay: model.Some(1.0), Shocks: shocks})
}

// sampleModelWith is the sample dataset with its receptions under opt,
// whose dataset date, suites and receptions it fills in.
func sampleModelWith(t *testing.T, opt estate.Options) *estate.Model {
	t.Helper()
	d, err := data.Load(context.Background(), data.Paths{Profiles: "../../testdata/sample/profiles.csv", Establishments: "../../testdata/sample/establishments.csv",
		Offerings: "../../testdata/sample/offerings.csv"}, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return datasetModel(t, d, opt)
}

// TestSeriesMatchesTrace rebuilds the people waiting at each month from the
// trace (a need waits from its "waiting" event until it starts or its person
// is released) and compares it with the series, with a month's referral
// delay: on the sample with its receptions, and at AAA where half the
// receptions stay a fortnight (sentenced 5 days before, released 10 days
// after; drawn with weight 1/stay) and are released before they are
// referred — which once made the series drift below zero.
func TestSeriesMatchesTrace(t *testing.T) {
	var ps []model.Profile
	for i := range 10 {
		short := testkit.NeedyPerson(fmt.Sprintf("s%d", i), "AAA", 0, 0)
		short.SentenceStart, short.EarliestRelease = simAsOf-5, model.Some(simAsOf+10)
		ps = append(ps, short, testkit.NeedyPerson(fmt.Sprintf("l%d", i), "AAA", 1, 3))
	}
	hand := simEstate(t, ps, []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true}}, 1,
		estate.Options{Years: 2, Receptions: map[string]float64{"AAA": 240}, ReferralDelay: model.Some(1.0)})
	for seed := uint64(1); seed <= 4; seed++ {
		m := hand
		if seed > 2 {
			m = sampleModel(t, 5, nil)
		}
		evs, run := traced(t, m, seed)
		type need struct{ person, prog string }
		waiting := map[need]bool{}
		series := run.Series[0]
		i := 0
		for mth := range series {
			for ; i < len(evs) && evs[i].Time <= float64(mth); i++ {
				e := evs[i]
				k := need{e.Person, e.Programme}
				switch e.Event {
				case "waiting":
					waiting[k] = true
				case "started", "released_untreated", "released_too_short":
					delete(waiting, k)
				}
			}
			if series[mth] < 0 {
				t.Fatalf("seed %d month %d: %v waiting", seed, mth, series[mth])
			}
			if got := float64(len(waiting)); got != series[mth] {
				t.Fatalf("seed %d month %d: the trace has %v waiting, the series %v", seed, mth, got, series[mth])
			}
		}
		if len(waiting) == 0 {
			t.Errorf("seed %d: nobody waiting at the horizon: the check is vacuous", seed)
		}
	}
}

// TestGroupsShockSameValue: a groups shock to the value the offering has
// already changes nothing (it once started a second chain of slots).
func TestGroupsShockSameValue(t *testing.T) {
	ps := tspPeople("p", "AAA", 60, 60)
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 6.5, GroupSize: model.Some(1), MinGroupSize: model.Some(1), Referable: true}}
	plain := simEstate(t, ps, offs, 3, estate.Options{Years: 2})
	shocked := simEstate(t, ps, offs, 3, estate.Options{Years: 2, Shocks: []model.Shock{
		{Establishment: "AAA", Programme: "TSP", From: 12, Groups: 6.5},
		{Establishment: "AAA", Programme: "TSP", From: 5, To: 17, Groups: 6.5},
	}})
	for seed := uint64(1); seed <= 5; seed++ {
		a, _ := plain.Run(context.Background(), sim.Stream(seed, 0))
		b, _ := shocked.Run(context.Background(), sim.Stream(seed, 0))
		if fmt.Sprintf("%#v", a.Outcomes) != fmt.Sprintf("%#v", b.Outcomes) || fmt.Sprint(a.Series) != fmt.Sprint(b.Series) {
			t.Errorf("seed %d: %d cohorts without the shock, %d with the same value", seed, cohorts(a), cohorts(b))
		}
		// 6.5 a year for 2 years from a phase in [0, 1): 13 slots, each
		// with someone waiting and a team free.
		if n := cohorts(a); n != 13 {
			t.Errorf("seed %d: %d cohorts, want 13", seed, n)
		}
	}
}

// TestGroupsShockHalves: 12 groups a year (one a month, from a phase φ in
// [0, 1)) halved to 6 from month 12: slots at φ, 1+φ, …, 11+φ, then the
// month to the next slot runs at the new rate, 12+2φ, 14+2φ, …, 22+2φ: 12 +
// 6 = 18 cohorts in two years, whatever φ. With the halving only from 6 to
// 18: 6 + 6 + 6 = 18 as well. One-to-one places of the same offering (24 a
// year) halve with it: 24 + 12 = 36. An offering with no groups given 12 a
// year from month 12 (a scenario's "add" from a month) runs 12.
func TestGroupsShockHalves(t *testing.T) {
	ps := tspPeople("p", "AAA", 100, 60)
	one := func(n int) model.Opt[int] { return model.Some(n) }
	tsp := model.Offering{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 12, GroupSize: one(1), MinGroupSize: one(1), Referable: true}
	half := model.Shock{Establishment: "AAA", Programme: "TSP", From: 12, Groups: 6}
	for _, tc := range []struct {
		name        string
		off         model.Offering
		shock       model.Shock
		want, want1 int // cohorts, of which one-to-one
	}{
		{"halved from 12", tsp, half, 18, 0},
		{"halved from 6 to 18", tsp, model.Shock{Establishment: "AAA", Programme: "TSP", From: 6, To: 18, Groups: 6}, 18, 0},
		{"everywhere", tsp, model.Shock{Programme: "TSP", From: 12, Groups: 6}, 18, 0},
		{"with one-to-one places", func() model.Offering { o := tsp; o.OneToOnePlaces = 24; return o }(), half, 18 + 36, 36},
		{"added from 12", func() model.Offering { o := tsp; o.GroupsPerYear = 0; return o }(),
			model.Shock{Establishment: "AAA", Programme: "TSP", From: 12, Groups: 12}, 12, 0},
		{"one-to-one only, stopped at 12", model.Offering{Establishment: "AAA", Programme: "TSP", OneToOnePlaces: 24, Referable: true},
			model.Shock{Establishment: "AAA", Programme: "TSP", From: 12, Groups: 0}, 24, 24},
		// Scenario changes set the one-to-one places themselves (OneToOne):
		// 24 a year, then 12 from month 12.
		{"one-to-one only, set to 12 from 12", model.Offering{Establishment: "AAA", Programme: "TSP", OneToOnePlaces: 24, Referable: true},
			model.Shock{Establishment: "AAA", Programme: "TSP", From: 12, Groups: -1, OneToOne: model.Some(12.0)}, 36, 36},
		// Groups halved, one-to-one places kept at 24 explicitly: 12 + 6
		// groups and 24 + 24 places.
		{"groups halved, one-to-one kept", func() model.Offering { o := tsp; o.OneToOnePlaces = 24; return o }(),
			model.Shock{Establishment: "AAA", Programme: "TSP", From: 12, Groups: 6, OneToOne: model.Some(24.0)}, 18 + 48, 48},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := simEstate(t, ps, []model.Offering{tc.off}, 3, estate.Options{Years: 2, Shocks: []model.Shock{tc.shock}})
			for seed := uint64(1); seed <= 5; seed++ {
				run, err := m.Run(context.Background(), sim.Stream(seed, 0))
				if err != nil {
					t.Fatal(err)
				}
				if n := cohorts(run); n != tc.want {
					t.Errorf("seed %d: %d cohorts, want %d", seed, n, tc.want)
				}
			}
			if tc.want1 > 0 {
				// Cohorts of one: as many people started, each once.
				evs, _ := traced(t, m, 1)
				if n := len(startTimes(evs)); n != tc.want {
					t.Errorf("%d people started, want %d", n, tc.want)
				}
			}
		})
	}
}

// TestTeamShockScalesCapacity: one team, back-to-back demand (a ready
// schedule with 52 starts a year, 60 people), TSP of D = 1.846 months, 20
// months. Unshocked, cohorts start at 0, D, 2D, …, 10D (10D = 18.5 < 20): 11.
// Half a team rests D after each cohort: starts at 0, 2D, …, 10D: 6. At 0.4
// it rests 1.5D: starts every 2.5D, at 0, …, 4×2.5D = 18.5: 5. At 0: none.
// Two teams × 0.5 are one whole team: 11, and utilisation is over the one
// team left, so 1 (it was halved before). One team × 0.5 is busy 5D + (20 −
// 10D) of the 0.5 × 20 team-months available.
func TestTeamShockScalesCapacity(t *testing.T) {
	ps := tspPeople("p", "AAA", 60, 60)
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 52, GroupSize: model.Some(1), MinGroupSize: model.Some(1), Referable: true}}
	for _, tc := range []struct {
		teams  int
		factor float64
		want   int
		util   float64
	}{
		{1, 1, 11, 1},
		{1, 0.5, 6, (5*tspDur + (20 - 10*tspDur)) / (0.5 * 20)},
		{1, 0.4, 5, (4*tspDur + (20 - 4*2.5*tspDur)) / (0.4 * 20)},
		{1, 0, 0, math.NaN()},
		{2, 0.5, 11, 1},
	} {
		var shocks []model.Shock
		if tc.factor != 1 {
			shocks = []model.Shock{{Establishment: "AAA", TeamFactor: tc.factor, Groups: -1}}
		}
		m := simEstate(t, ps, offs, tc.teams, estate.Options{Years: 20.0 / 12, Schedule: model.Ready, Shocks: shocks})
		run, err := m.Run(context.Background(), sim.Stream(1, 0))
		if err != nil {
			t.Fatal(err)
		}
		if n := cohorts(run); n != tc.want {
			t.Errorf("%d team(s) × %g: %d cohorts, want %d", tc.teams, tc.factor, n, tc.want)
		}
		u := run.Utilisation[0] // AAA
		if math.IsNaN(tc.util) != math.IsNaN(u) || math.Abs(u-tc.util) > 1e-9 {
			t.Errorf("%d team(s) × %g: utilisation %v, want %v", tc.teams, tc.factor, u, tc.util)
		}
	}
}

// TestTeamShockMidRun: one team halved from month 10 to 20 over 30 months,
// back-to-back demand. Cohorts start at 0, D, …, 5D (5D = 9.2). At 10 the
// team is half a team, and the cohort running (to 6D = 11.1) holds the
// part-time place; after it the team rests D, to 7D, and then runs every
// 2D: 7D, 9D (ending at 10D = 18.5, resting to 11D = 20.3). At 20 the team
// is whole again and starts at once: 20, 20 + D, …, 20 + 5D (29.2). 6 + 2 +
// 6 = 14 cohorts (17 without the shock, and with it rounded to one team).
func TestTeamShockMidRun(t *testing.T) {
	ps := tspPeople("p", "AAA", 60, 60)
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 52, GroupSize: model.Some(1), MinGroupSize: model.Some(1), Referable: true}}
	m := simEstate(t, ps, offs, 1, estate.Options{Years: 2.5, Schedule: model.Ready,
		Shocks: []model.Shock{{Establishment: "AAA", TeamFactor: 0.5, From: 10, To: 20, Groups: -1}}})
	evs, run := traced(t, m, 1)
	var ts []float64
	for _, e := range evs {
		if e.Event == "started" {
			ts = append(ts, e.Time)
		}
	}
	var want []float64
	for _, k := range []float64{0, 1, 2, 3, 4, 5, 7, 9} {
		want = append(want, k*tspDur)
	}
	for k := range 6 {
		want = append(want, 20+float64(k)*tspDur)
	}
	ok := len(ts) == len(want) && cohorts(run) == len(want)
	for i := range ts {
		ok = ok && math.Abs(ts[i]-want[i]) < 1e-9
	}
	if !ok {
		t.Errorf("starts at %.3f, want %.3f", ts, want)
	}
}

// TestNothingAtTheHorizon: delivery suspended for the whole run (0 to the
// two-year horizon) starts no cohort — not even when the suspension ends,
// at the horizon.
func TestNothingAtTheHorizon(t *testing.T) {
	ps := tspPeople("p", "AAA", 12, 60)
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true}}
	for _, sch := range []model.Schedule{model.Ready, model.Spread} {
		m := simEstate(t, ps, offs, 1, estate.Options{Years: 2, Schedule: sch,
			Shocks: []model.Shock{{From: 0, To: 24, Suspend: true, Groups: -1}}})
		evs, run := traced(t, m, 1)
		if n := starts(run); n != 0 {
			t.Errorf("%s: %d started, want 0", sch, n)
		}
		for _, e := range evs {
			if e.Time >= 24 && e.Event != "waiting_at_horizon" && e.Event != "not_run_here_at_horizon" {
				t.Errorf("%s: %s at %v, at or after the horizon", sch, e.Event, e.Time)
			}
		}
	}
}

// terminal are the trace events that end a need.
var terminal = map[string]bool{"completed": true, "dropped_out": true, "released_untreated": true, "released_too_short": true, "waiting_at_horizon": true,
	"referral_pending_at_horizon": true, "not_run_here_at_horizon": true, "in_progress_at_horizon": true}

// TestTraceTerminalEvents: every need ends in exactly one terminal event,
// nothing follows it, and the terminal events add up to the outcomes — on
// the sample (receptions, needs not run where people are, people in
// progress and not yet referred at the horizon) and on a hand case.
func TestTraceTerminalEvents(t *testing.T) {
	ps := append(tspPeople("w", "AAA", 14, 60), tspPeople("x", "BBB", 2, 60)...) // BBB runs nothing
	hand := simEstate(t, ps, []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true}}, 1,
		estate.Options{Years: 1, Schedule: model.Ready, Receptions: map[string]float64{"AAA": 24}})
	for name, m := range map[string]*estate.Model{"sample": sampleModel(t, 2, nil), "hand": hand} {
		evs, run := traced(t, m, 7)
		ended := map[[2]string]string{}
		count := map[string]int{}
		for _, e := range evs {
			if e.Programme == "" {
				continue
			}
			k := [2]string{e.Person, e.Programme}
			if prev, ok := ended[k]; ok {
				t.Errorf("%s: %s %s: %s after %s", name, e.Person, e.Programme, e.Event, prev)
			}
			if terminal[e.Event] {
				ended[k] = e.Event
				count[e.Event]++
			}
		}
		outcomes := map[string]int{
			"completed":          sum(run, func(o *estate.Outcome) int { return o.InTime + o.Late }),
			"dropped_out":        sum(run, func(o *estate.Outcome) int { return o.Dropped }),
			"released_untreated": sum(run, func(o *estate.Outcome) int { return o.Untreated }),
			"released_too_short": sum(run, func(o *estate.Outcome) int { return o.TooShort }),
			"waiting":            sum(run, func(o *estate.Outcome) int { return o.Waiting }),
			"in_progress":        sum(run, func(o *estate.Outcome) int { return o.InProgress }),
		}
		got := map[string]int{
			"completed": count["completed"], "dropped_out": count["dropped_out"], "released_untreated": count["released_untreated"],
			"released_too_short": count["released_too_short"],
			"waiting":            count["waiting_at_horizon"] + count["referral_pending_at_horizon"] + count["not_run_here_at_horizon"],
			"in_progress":        count["in_progress_at_horizon"],
		}
		if fmt.Sprint(got) != fmt.Sprint(outcomes) {
			t.Errorf("%s: terminal events %v, outcomes %v", name, got, outcomes)
		}
		// Every need of the stock has an event: the two at BBB end not
		// run there, and the trace covers each key kind.
		if count["not_run_here_at_horizon"] == 0 || count["in_progress_at_horizon"]+count["referral_pending_at_horizon"] == 0 && name == "sample" {
			t.Errorf("%s: terminal events %v: want not_run_here_at_horizon and in progress or pending ones", name, count)
		}
	}
}

// TestReadyStartsWhenDue: a ready schedule of 2 starts a year (one at once,
// then one every 6 months), 24 people, cohorts of up to 12: the first
// starts at 0; the second when the next start is due, at month 6, with
// nothing else happening then (it once waited for a referral or a cohort
// end that never came).
func TestReadyStartsWhenDue(t *testing.T) {
	ps := tspPeople("p", "AAA", 24, 60)
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 2, Referable: true}}
	m := simEstate(t, ps, offs, 1, estate.Options{Years: 1, Schedule: model.Ready})
	evs, run := traced(t, m, 1)
	var at []float64
	for _, e := range evs {
		if e.Event == "started" && !slices.Contains(at, e.Time) {
			at = append(at, e.Time)
		}
	}
	if len(at) != 2 || at[0] != 0 || math.Abs(at[1]-6) > 1e-9 || cohorts(run) != 2 || starts(run) != 24 {
		t.Errorf("cohorts at %v (%d, %d started), want at 0 and 6 (2, 24)", at, cohorts(run), starts(run))
	}
}

// TestZeroMeansZero: a referral delay of 0 puts receptions on the lists on
// arrival, and a consolidation of 0 makes a completion 2.15 months before
// release in time; unset, they are 1 and 6 months; negative ones are
// refused.
func TestZeroMeansZero(t *testing.T) {
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true}}
	for _, tc := range []struct {
		delay model.Opt[float64]
		want  float64
	}{{model.Opt[float64]{}, 1}, {model.Some(0.0), 0}, {model.Some(2.5), 2.5}} {
		m := simEstate(t, tspPeople("p", "AAA", 6, 60), offs, 1, estate.Options{Years: 0.5, ReferralDelay: tc.delay,
			Receptions: map[string]float64{"AAA": 60}})
		evs, _ := traced(t, m, 3)
		arrived := map[string]float64{}
		n := 0
		for _, e := range evs {
			switch e.Event {
			case "reception":
				arrived[e.Person] = e.Time
			case "waiting":
				if a, ok := arrived[e.Person]; ok {
					n++
					if d := e.Time - a; math.Abs(d-tc.want) > 1e-9 {
						t.Errorf("delay %v: %s referred %v months after arrival, want %v", tc.delay, e.Person, d, tc.want)
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("delay %v: no reception referred", tc.delay)
		}
	}
	// Six released at month 4, TSP 8 weeks = 1.85 months (ready schedule):
	// they start at 0 only if 4 ≥ 1.85 + the consolidation window (the
	// start rule), so with a window up to 2.15 and finish in time; with
	// late starts allowed they start whatever the window, late beyond 2.15.
	for _, tc := range []struct {
		consolidation   model.Opt[float64]
		late            bool // Options.LateStarts
		started, inTime bool
	}{
		{model.Opt[float64]{}, false, false, false}, {model.Some(0.0), false, true, true}, {model.Some(2.0), false, true, true},
		{model.Some(2.2), false, false, false}, {model.Opt[float64]{}, true, true, false}, {model.Some(2.2), true, true, false},
		{model.Some(2.0), true, true, true},
	} {
		m := simEstate(t, tspPeople("p", "AAA", 6, 4), offs, 1, estate.Options{Years: 0.5, Schedule: model.Ready,
			Consolidation: tc.consolidation, LateStarts: tc.late})
		run, _ := m.Run(context.Background(), sim.Stream(1, 0))
		o := run.Outcomes[0]
		if (o.Starts > 0) != tc.started || tc.started && (o.InTime+o.Late == 0 || tc.inTime && o.Late != 0 || !tc.inTime && o.InTime != 0) {
			t.Errorf("consolidation %v, late starts %v: %d started, %d in time, %d late", tc.consolidation, tc.late, o.Starts, o.InTime, o.Late)
		}
	}
	cat, _ := data.DefaultCatalogue()
	for _, opt := range []estate.Options{{ReferralDelay: model.Some(-3.0)}, {Consolidation: model.Some(-5.0)},
		{ReferralDelay: model.Some(math.Inf(1))}, {Consolidation: model.Some(math.NaN())}} {
		if _, err := estate.New(nil, nil, nil, nil, cat, opt); err == nil {
			t.Errorf("%+v: accepted", opt)
		}
	}
}

// TestPolicyOrder: four people need TSP at AAA; delivery is suspended
// until month 2, when one cohort of two starts (group size and minimum 2,
// one start a year). Referred at A 0, B 0.18, C 0.34, D 0.67 months (a
// month after sentence starts 400, 25, 20 and 10 days back); released at
// A 20, B 9, C 40, D 11 months; C is high risk (OGRS3 80), the others
// medium. TSP takes D = 1.85 months and 6 months' consolidation leave a
// latest start of A 12.2, B 1.2 (already past), C 32.2, D 3.2.
func TestPolicyOrder(t *testing.T) {
	person := func(id string, servedDays, left int, ogrs float64) model.Profile {
		p := testkit.NeedyPerson(id, "AAA", 0, left)
		p.SentenceStart = simAsOf - model.Date(servedDays)
		p.OGRS3 = model.Some(ogrs)
		return p
	}
	ps := []model.Profile{person("A", 400, 20, 60), person("B", 25, 9, 60), person("C", 20, 40, 80), person("D", 10, 11, 60)}
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 1, GroupSize: model.Some(2), MinGroupSize: model.Some(2), Referable: true}}
	for _, tc := range []struct {
		policy model.Policy
		want   []string
	}{
		// At month 2 B is past its latest start (1.2): no policy may start
		// it (the start rule), so each ranks A, C and D.
		{model.ReleaseDate, []string{"A", "D"}}, // earliest release: D 11, A 20
		{model.FIFO, []string{"A", "C"}},        // first referred: A, then C
		{model.Risk, []string{"C", "D"}},        // C (high), then the earliest release, D
		{model.RightTime, []string{"A", "D"}},   // latest start soonest: D 3.2, A 12.2
	} {
		m := simEstate(t, ps, offs, 1, estate.Options{Years: 0.25, Schedule: model.Ready, Policy: tc.policy,
			Shocks: []model.Shock{{Establishment: "AAA", From: 0, To: 2, Suspend: true, Groups: -1}}})
		evs, _ := traced(t, m, 1)
		var got []string
		for _, e := range evs {
			if e.Event == "started" {
				if e.Time != 2 {
					t.Errorf("%s: %s started at %v, want 2", tc.policy, e.Person, e.Time)
				}
				got = append(got, e.Person)
			}
		}
		sort.Strings(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: started %v, want %v", tc.policy, got, tc.want)
		}
	}
}

// TestSharedTeamPool: one team shared by TSP and Identity Matters (offered
// as a group of one, 12 weeks = 2.77 months). Six people need TSP; a
// seventh, who has done TSP, needs Identity Matters (gang, RoSH medium).
// At month 0 the offerings are tried in programme order: Identity Matters
// takes the team, and TSP waits for it until 2.77. With two teams both
// start at 0.
func TestSharedTeamPool(t *testing.T) {
	im := testkit.NeedyPerson("im", "AAA", 24, 60)
	im.Gang, im.RoSH, im.Completed = true, model.Some(model.RoSHMedium), []string{"TSP"}
	ps := append(tspPeople("p", "AAA", 6, 60), im)
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true},
		{Establishment: "AAA", Programme: "IDENTITY_MATTERS", GroupsPerYear: 12, Referable: true}}
	const imDur = 12.0 * 12 / 52
	for _, tc := range []struct {
		teams int
		tsp   float64
	}{{1, imDur}, {2, 0}} {
		m := simEstate(t, ps, offs, tc.teams, estate.Options{Years: 0.5, Schedule: model.Ready})
		evs, _ := traced(t, m, 1)
		st := startTimes(evs)
		if got, ok := st["im/IDENTITY_MATTERS"]; !ok || got != 0 {
			t.Errorf("%d team(s): Identity Matters started at %v (%v), want 0", tc.teams, got, ok)
		}
		for i := range 6 {
			if got := st[fmt.Sprintf("p%02d/TSP", i)]; math.Abs(got-tc.tsp) > 1e-9 {
				t.Errorf("%d team(s): p%02d started TSP at %v, want %v", tc.teams, i, got, tc.tsp)
			}
		}
	}
}

// TestOneToOnePlaces: 12 one-to-one places a year, no group and no
// facilitator team, 30 people: one start a month from the offering's phase,
// 12 in a year, each a cohort of one with no empty place.
func TestOneToOnePlaces(t *testing.T) {
	ps := tspPeople("p", "AAA", 30, 60)
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", OneToOnePlaces: 12, Referable: true}}
	m := simEstate(t, ps, offs, 0, estate.Options{Years: 1})
	for seed := uint64(1); seed <= 3; seed++ {
		run, _ := m.Run(context.Background(), sim.Stream(seed, 0))
		o := run.Outcomes[0]
		if o.Starts != 12 || o.Cohorts != 12 || o.Empty != 0 {
			t.Errorf("seed %d: %d started in %d cohorts, %d empty; want 12, 12, 0", seed, o.Starts, o.Cohorts, o.Empty)
		}
	}
}

// TestMinGroupSize: TSP needs 6 to start (catalogue min_group_size). Five
// waiting never start, over a year with starts due and a team free; six
// start at once.
func TestMinGroupSize(t *testing.T) {
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true}}
	for n, want := range map[int]int{5: 0, 6: 6} {
		m := simEstate(t, tspPeople("p", "AAA", n, 60), offs, 1, estate.Options{Years: 1, Schedule: model.Ready})
		run, _ := m.Run(context.Background(), sim.Stream(1, 0))
		if got := starts(run); got != want {
			t.Errorf("%d waiting: %d started, want %d", n, got, want)
		}
	}
}

// TestWaitsFromReferral: six people at AAA sentenced two years ago start
// at month 0 (ready schedule, 2 a year): their wait is 0, not the 23
// months since their referral before the dataset date. Six receptions from
// a flow file arrive about 3 months in (sentence_start asOf + 3 calendar
// months), are referred a month later and start when the next start is
// due, at 6: their wait is 6 − (arrival + 1). At BBB, only flow receptions:
// the next start is on their referral. Rollups pool the waits: median 0,
// 90th percentile the receptions' wait.
func TestWaitsFromReferral(t *testing.T) {
	var flow []model.Profile
	for i := range 6 {
		flow = append(flow, testkit.NeedyPerson(fmt.Sprintf("f%d", i), "AAA", -3, 24))
	}
	var flowB []model.Profile
	for i := range 6 {
		flowB = append(flowB, testkit.NeedyPerson(fmt.Sprintf("g%d", i), "BBB", -3, 24))
	}
	arrive := simAsOf.MonthsUntil(simAsOf.AddMonths(3))
	newWait := 6 - (arrive + 1)
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 2, Referable: true},
		{Establishment: "BBB", Programme: "TSP", GroupsPerYear: 2, Referable: true}}
	m := simEstate(t, tspPeople("p", "AAA", 6, 60), offs, 1, estate.Options{Years: 1, Schedule: model.Ready,
		Flow: append(flow, flowB...), Receptions: map[string]float64{"AAA": 1000}}) // the flow replaces the sampled receptions
	run, err := m.Run(context.Background(), sim.Stream(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.IsNaN(want) != math.IsNaN(got) || math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	var a, b estate.Outcome
	for i, k := range m.Keys {
		switch k.Establishment {
		case "AAA":
			a = run.Outcomes[i]
		case "BBB":
			b = run.Outcomes[i]
		}
	}
	if a.Starts != 12 || b.Starts != 6 {
		t.Fatalf("starts AAA %d, BBB %d; want 12 and 6 (no sampled receptions)", a.Starts, b.Starts)
	}
	near("AAA mean wait", a.MeanWait, newWait/2)
	near("AAA mean wait of new referrals", a.MeanWaitNew, newWait)
	near("AAA next start", a.NextStart, 0)
	near("BBB mean wait", b.MeanWait, 0)
	near("BBB next start", b.NextStart, arrive+1)
	s, err := estate.Simulate(context.Background(), m, 1, 3, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := func(name string) int { return estate.MeasureIndex(name) }
	tsp := s.ByProgramme[0].Measures
	near("TSP mean wait", tsp[idx("mean_wait_months")].Mean, 6*newWait/18)
	near("TSP median wait", tsp[idx("median_wait_months")].Mean, 0)
	near("TSP p90 wait", tsp[idx("p90_wait_months")].Mean, newWait)
	near("TSP new referrals' wait", tsp[idx("mean_wait_new_months")].Mean, newWait/2)
	near("estate p90 wait", s.Estate.Measures[idx("p90_wait_months")].Mean, newWait)
	if got := s.ByProgramme[0].Measures[idx("next_start_months")]; !math.IsNaN(got.Mean) {
		t.Errorf("rollup next start %v, want none", got.Mean)
	}
	if got := s.Rows[0].Measures[idx("mean_wait_months")]; got.N != 3 || !(got.Lo <= got.Mean) {
		t.Errorf("AAA mean wait summary %+v", got)
	}
}

// TestFlowOutsideTheWindow: a flow reception before the dataset date is
// refused; one at or after the horizon never arrives.
func TestFlowOutsideTheWindow(t *testing.T) {
	cat, _ := data.DefaultCatalogue()
	legacy := analysis.SuitePlan{Default: model.LegacySuite}
	early := []model.Profile{testkit.NeedyPerson("e", "AAA", 1, 24)}
	cls, _ := analysis.ClassifyAll(context.Background(), early, cat, legacy, simAsOf)
	ests := []model.Establishment{{Code: "AAA", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "N"}}
	if _, err := estate.New(nil, nil, ests, nil, cat, estate.Options{AsOf: simAsOf, Years: 1, Suites: legacy,
		Flow: early, FlowClasses: cls}); err == nil {
		t.Error("a flow reception before the dataset date: accepted")
	}
	late := []model.Profile{testkit.NeedyPerson("l", "AAA", -13, 24)}
	m := simEstate(t, nil, nil, 1, estate.Options{Years: 1, Flow: late})
	evs, _ := traced(t, m, 1)
	if len(evs) != 0 {
		t.Errorf("a reception after the horizon arrived: %v", evs)
	}
}

// TestTimedAddOfNewOffering checks a scenario that adds an offering from a
// month: nothing at the establishment before it (the static list has no
// places, so gaps and transfers count none), starts after it, for group
// places and for one-to-one places alike.
func TestTimedAddOfNewOffering(t *testing.T) {
	ests := []model.Establishment{{Code: "AAA", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"},
		{Code: "BBB", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"}}
	for _, c := range []struct {
		name   string
		change model.OfferingChange
	}{
		{"groups", model.OfferingChange{Establishment: "BBB", Programme: "TSP", Action: model.ActionAdd, GroupsPerYear: 6, From: 6}},
		{"one to one", model.OfferingChange{Establishment: "BBB", Programme: "TSP", Action: model.ActionAdd, OneToOne: 12, From: 6}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ch, err := analysis.ApplyScenario(&model.Scenario{Offerings: []model.OfferingChange{c.change}}, ests, nil, map[string]float64{})
			if err != nil {
				t.Fatal(err)
			}
			cat, err := data.DefaultCatalogue()
			if err != nil {
				t.Fatal(err)
			}
			g, _ := cat.Lookup("TSP")
			for _, o := range ch.Offerings {
				if o.Establishment == "BBB" && o.AnnualPlaces(g) != 0 {
					t.Errorf("static offering %+v has %v places before the add's month", o, o.AnnualPlaces(g))
				}
			}
			m := simEstate(t, tspPeople("B", "BBB", 30, 36), ch.Offerings, 2, estate.Options{Years: 2, Shocks: ch.Shocks, ReferralDelay: model.Some(0.0)})
			evs, run := traced(t, m, 1)
			st := startTimes(evs)
			if len(st) == 0 || starts(run) == 0 {
				t.Fatalf("no starts after the add (%d)", starts(run))
			}
			for k, at := range st {
				if at < 6 {
					t.Errorf("%s started at month %.2f, before the add's month 6", k, at)
				}
			}
		})
	}
}

// TestScenarioNoTeams checks a scenario's team factor 0 means what the
// simulation's team shock 0 means: no group starts, one-to-one places go on
// (they need no team).
func TestScenarioNoTeams(t *testing.T) {
	ests := []model.Establishment{{Code: "AAA", Holds: model.HoldsMen, Function: model.CatCTrainer, Region: "North"}}
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 6, OneToOnePlaces: 12, Referable: true}}
	ch, err := analysis.ApplyScenario(&model.Scenario{Teams: []model.TeamChange{{Establishment: "AAA", Factor: 0}}}, ests, offs, map[string]float64{})
	if err != nil {
		t.Fatal(err)
	}
	people := tspPeople("A", "AAA", 30, 36)
	_, run := traced(t, simEstate(t, people, ch.Offerings, 2, estate.Options{Years: 2, Shocks: ch.Shocks, ReferralDelay: model.Some(0.0)}), 1)
	_, base := traced(t, simEstate(t, people, offs, 2, estate.Options{Years: 2, ReferralDelay: model.Some(0.0)}), 1)
	// One-to-one places: 12 a year, 24 in two years at most; with groups
	// of TSP too, more.
	if n := starts(run); n == 0 || n > 24 || starts(base) <= 24 {
		t.Errorf("no teams: %d starts, want one-to-one ones only (1 to 24); with teams %d, want more than 24", n, starts(base))
	}
}
