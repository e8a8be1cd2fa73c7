package estate_test

import (
	"context"

	"math"
	"testing"

	"needsplan/analysis/estate"
	"needsplan/analysis/sim"
	"needsplan/internal/testkit"
	"needsplan/model"
)

// listEntry is a need on a local list in the trace: its person and
// programme, and where it joined.
type listEntry struct{ person, prog string }

// TestLittlesLawPerQueue checks Little's law, L = λW (Little 1961), on
// every establishment × programme's list, exactly, over the run: the
// time-average of the needs on the list (mean_on_list, accrued by the
// model at each change of the list's length) times the horizon equals the
// sum over every need that joined the list of its months on it, read from
// the trace, each leaving by a start, by release (untreated or too short
// a stay) or by the horizon. A wait counted over starters only would miss
// the needs that left by release, a material share here. On the sample
// with its receptions, under every policy and both schedules.
func TestLittlesLawPerQueue(t *testing.T) {
	released, checked := 0, 0
	for _, policy := range model.Policies {
		for _, schedule := range model.Schedules {
			m := sampleModelWith(t, estate.Options{Years: 3, Policy: policy, Schedule: schedule, ReferralDelay: model.Some(1.0)})
			evs, run := traced(t, m, 5)
			joined := map[listEntry]float64{}
			est := map[listEntry]string{}
			sojourns := map[[2]string]float64{}
			for _, e := range evs {
				k := listEntry{e.Person, e.Programme}
				switch e.Event {
				case "waiting":
					joined[k], est[k] = e.Time, e.Establishment
				case "started", "released_untreated", "released_too_short", "waiting_at_horizon":
					at, ok := joined[k]
					if !ok {
						continue // a need on no list: not run here, or never referred
					}
					sojourns[[2]string{est[k], e.Programme}] += e.Time - at
					delete(joined, k)
					if e.Event != "started" && e.Event != "waiting_at_horizon" {
						released++
					}
				}
			}
			if len(joined) != 0 {
				t.Fatalf("%s %s: %d needs joined a list and never left it", policy, schedule, len(joined))
			}
			for i, key := range m.Keys {
				area := run.Outcomes[i].MeanOnList * 36
				w := sojourns[[2]string{key.Establishment, key.Programme}]
				if math.Abs(area-w) > 1e-6*math.Max(1, w) {
					t.Errorf("%s %s %s %s: L×H = %.6f need-months, Σ months on the list = %.6f", policy, schedule, key.Establishment, key.Programme, area, w)
				}
				if w > 0 {
					checked++
				}
			}
		}
	}
	if checked < 20 || released < 100 {
		t.Errorf("%d lists checked, %d needs left a list by release: the law was hardly tested", checked, released)
	}
}

// personFromTrace is a person's outcome read from their trace events by
// the precedence of estate.PersonOutcome, independently of the model.
func personFromTrace(evs []estate.TraceEvent) estate.PersonOutcome {
	has := map[string]bool{}
	for _, e := range evs {
		has[e.Event] = true
	}
	switch {
	case has["completed"]:
		return estate.PersonCompleted
	case has["in_progress_at_horizon"]:
		return estate.PersonInProgress
	case has["dropped_out"]:
		return estate.PersonDropped
	case !has["released"]:
		return estate.PersonWaiting
	case has["released_untreated"]:
		return estate.PersonUntreated
	}
	return estate.PersonTooShort
}

// TestPersonOutcomesConserve: every person simulated ends in exactly one
// person outcome, the counts add up to the people in the trace, and each
// agrees with the person's trace events; on the sample with receptions and
// with transfers, on a hand case where nobody can start in time, and on a
// busy one (receptions, a list longer than the places).
func TestPersonOutcomesConserve(t *testing.T) {
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true}}
	hand := simEstate(t, tspPeople("p", "AAA", 8, 5), offs, 1, estate.Options{Years: 1})
	busy := simEstate(t, append(tspPeople("w", "AAA", 40, 60), tspPeople("s", "AAA", 20, 9)...), offs, 1,
		estate.Options{Years: 2, Receptions: map[string]float64{"AAA": 36}})
	for name, m := range map[string]*estate.Model{
		"sample":    sampleModel(t, 5, nil),
		"transfers": sampleModelWith(t, estate.Options{Years: 5, Transfers: true}),
		"hand":      hand,
		"busy":      busy,
	} {
		evs, run := traced(t, m, 3)
		byPerson := map[string][]estate.TraceEvent{}
		for _, e := range evs {
			byPerson[e.Person] = append(byPerson[e.Person], e)
		}
		var want [estate.NumPersonOutcomes]int
		for _, pe := range byPerson {
			want[personFromTrace(pe)]++
		}
		total := 0
		for _, n := range run.People {
			total += n
		}
		if want != run.People || total != len(byPerson) {
			t.Errorf("%s: people by outcome %v (%d), from the trace %v (%d people)", name, run.People, total, want, len(byPerson))
		}
		if name == "hand" && run.People[estate.PersonTooShort] != 8 {
			t.Errorf("hand: %v: want all 8 released after too short a stay (5 months left < 7.8 needed)", run.People)
		}
		if name == "busy" && (want[estate.PersonCompleted] == 0 || want[estate.PersonUntreated] == 0 || want[estate.PersonWaiting] == 0) {
			t.Errorf("busy: %v: want completions, untreated releases and people waiting", want)
		}
	}
}

// TestPeopleWaitingMatchesTrace: the monthly series of people waiting
// counts each person with a need on a local list once, as the trace has
// them (a need waits from its "waiting" event until it starts or its
// person is released).
func TestPeopleWaitingMatchesTrace(t *testing.T) {
	m := sampleModel(t, 3, nil)
	evs, run := traced(t, m, 9)
	open := map[listEntry]bool{}
	i := 0
	moreNeeds := false
	for mth, got := range run.PeopleWaiting {
		for ; i < len(evs) && evs[i].Time <= float64(mth); i++ {
			e := evs[i]
			k := listEntry{e.Person, e.Programme}
			switch e.Event {
			case "waiting":
				open[k] = true
			case "started", "released_untreated", "released_too_short":
				delete(open, k)
			}
		}
		people := map[string]bool{}
		for k := range open {
			people[k.person] = true
		}
		if float64(len(people)) != got {
			t.Fatalf("month %d: the trace has %d people waiting, the series %v", mth, len(people), got)
		}
		moreNeeds = moreNeeds || run.Series[0][mth] > got
	}
	if !moreNeeds {
		t.Error("needs waiting never exceed people waiting: nobody waits for two programmes, the check is weak")
	}
}

// TestReleasesCounted: releases within the run count every sentenced
// person, needing a programme or not, recalls apart: five needing TSP
// released at 6 months and three at 30, one needing nothing at 3 months
// and a recall needing nothing at 4: over a year, 6 releases from
// sentences and 1 from recall; the flow file's receptions likewise.
func TestReleasesCounted(t *testing.T) {
	none := func(id string, left int, st model.SentenceType) model.Profile {
		p := testkit.NeedyPerson(id, "AAA", 12, left)
		for it := range model.NumItems {
			p.Items[it] = model.Some(int8(0))
		}
		p.OGRS3, p.OVP, p.RSR, p.SentenceType = model.Some(5.0), model.Some(1.0), model.Some(0.1), st
		return p
	}
	ps := append(tspPeople("a", "AAA", 5, 6), tspPeople("b", "AAA", 3, 30)...)
	ps = append(ps, none("n1", 3, model.Determinate), none("n2", 4, model.Recall))
	offs := []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: 4, Referable: true}}
	m := simEstate(t, ps, offs, 1, estate.Options{Years: 1})
	run, err := m.Run(context.Background(), sim.Stream(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if run.Releases != 6 || run.RecallReleases != 1 {
		t.Errorf("releases %d from sentences and %d recalls, want 6 and 1", run.Releases, run.RecallReleases)
	}
	total := 0
	for _, n := range run.People {
		total += n
	}
	if total != 8 {
		t.Errorf("%d people with outcomes, want the 8 who need TSP (the two who need nothing have only a release)", total)
	}
	// The same people as a flow file arriving at month 1 (their release
	// dates unchanged), with nobody in the stock.
	var flow []model.Profile
	for _, p := range ps {
		p.SentenceStart = simAsOf + 30
		flow = append(flow, p)
	}
	m = simEstate(t, nil, offs, 1, estate.Options{Years: 1, Flow: flow})
	if run, err = m.Run(context.Background(), sim.Stream(1, 0)); err != nil {
		t.Fatal(err)
	}
	if run.Releases != 6 || run.RecallReleases != 1 {
		t.Errorf("flow: releases %d from sentences and %d recalls, want 6 and 1", run.Releases, run.RecallReleases)
	}
}

// TestPlacesDue: a spread schedule of 4 groups a year makes 4 cohorts'
// places due in a year, a ready schedule of 2 a year its first start and
// 2 more; with 60 people waiting every place is filled on the spread
// schedule, and never more than are due on either.
func TestPlacesDue(t *testing.T) {
	for _, tc := range []struct {
		schedule model.Schedule
		groups   float64
		starts   float64 // cohorts' worth of places due in the year
	}{
		{model.Spread, 4, 4},
		{model.Ready, 2, 3},
	} {
		m := simEstate(t, tspPeople("p", "AAA", 60, 60), []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: tc.groups, Referable: true}}, 2,
			estate.Options{Years: 1, Schedule: tc.schedule})
		for seed := uint64(1); seed <= 3; seed++ {
			run, err := m.Run(context.Background(), sim.Stream(seed, 0))
			if err != nil {
				t.Fatal(err)
			}
			o := run.Outcomes[0]
			size := float64(o.Starts+o.Empty) / float64(o.Cohorts)
			if want := tc.starts * size; math.Abs(o.PlacesDue-want) > 1e-9 {
				t.Errorf("%s seed %d: %v places due, want %v (%v cohorts of %v)", tc.schedule, seed, o.PlacesDue, want, tc.starts, size)
			}
			if o.PlacesFilled > 1 || tc.schedule == model.Spread && o.PlacesFilled != 1 {
				t.Errorf("%s seed %d: places filled %v (%d starts of %v due)", tc.schedule, seed, o.PlacesFilled, o.Starts, o.PlacesDue)
			}
		}
	}
}

// TestBinding: the limit named for an offering, from its measures: places
// filled; starts lost for want of people in time (a minimum cohort of 6
// with 2 people); for want of a team; part-empty cohorts (8 people for
// one group a year of up to 12).
func TestBinding(t *testing.T) {
	offer := func(groups float64, min int) []model.Offering {
		return []model.Offering{{Establishment: "AAA", Programme: "TSP", GroupsPerYear: groups, MinGroupSize: model.Some(min), Referable: true}}
	}
	noTeam := []model.Shock{{Establishment: "AAA", From: 0, To: 12, TeamFactor: 0, Groups: -1}}
	for _, tc := range []struct {
		name   string
		people int
		groups float64
		min    int
		shocks []model.Shock
		want   string
	}{
		{"filled", 80, 4, 6, nil, estate.BindsPlaces},
		{"too few", 2, 4, 6, nil, estate.BindsPeople},
		{"no team", 40, 4, 6, noTeam, estate.BindsTeams},
		{"part empty", 8, 1, 2, nil, estate.BindsCohortSize},
	} {
		m := simEstate(t, tspPeople("p", "AAA", tc.people, 60), offer(tc.groups, tc.min), 1, estate.Options{Years: 1, Shocks: tc.shocks})
		s, err := estate.Simulate(context.Background(), m, 1, 4, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Rows[0].Binding(); got != tc.want {
			t.Errorf("%s: binding %q, want %q", tc.name, got, tc.want)
		}
	}
}
