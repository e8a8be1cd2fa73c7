package estate

import (
	"context"
	"testing"

	"needsplan/analysis"
	"needsplan/analysis/sim"
	"needsplan/data"
	"needsplan/model"
)

// TestPeopleWaitingCount: the people waiting, kept as a count at each
// change of a need's status (setStatus), equal a scan of everyone not
// released with a need on a local list (how they were counted before) at
// every monthly sample of the embedded national dataset: plain, with
// transfers (needs moved to a new list, and needs added where a person
// moves to a prison running a programme they could not get at home),
// waits that trigger moves, a stale directory and the ready schedule.
func TestPeopleWaitingCount(t *testing.T) {
	ctx := context.Background()
	d, err := data.LoadDefault(ctx, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plan, _ := analysis.ParseSuitePlan("auto", d.Offerings, d.Catalogue)
	cls, err := analysis.ClassifyAll(ctx, d.Profiles, d.Catalogue, plan, d.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	gs := analysis.AnalyseGaps(d.Profiles, cls, d.Establishments, d.Offerings, d.Catalogue, analysis.GapOptions{AsOf: d.AsOf, Suites: plan})
	for _, opt := range []Options{
		{Years: 2},
		{Years: 2, Transfers: true},
		{Years: 2, Transfers: true, TransferAfter: 6, StaleShare: 0.1, Schedule: model.Ready},
	} {
		opt.AsOf, opt.Suites, opt.Receptions = d.AsOf, plan, gs.Receptions
		m, err := New(d.Profiles, cls, d.Establishments, d.Offerings, d.Catalogue, opt)
		if err != nil {
			t.Fatal(err)
		}
		samples := 0
		s := newRun(m, sim.Stream(5, 0), nil)
		s.begin()
		for {
			ev, ok := s.cal.Next()
			if !ok || ev.T >= m.horizon {
				break
			}
			if ev.Kind == evSample {
				if got, want := s.peopleWaiting, scanWaiting(s); got != want {
					t.Fatalf("%+v, month %v: %d people counted waiting, a scan finds %d", opt, ev.T, got, want)
				}
				samples++
			}
			s.dispatch(ev)
		}
		if samples < 20 {
			t.Fatalf("%d samples checked", samples)
		}
	}
}

// scanWaiting counts the people not released with a need on a local list.
func scanWaiting(s *runState) int {
	n := 0
	for i := range s.people {
		p := &s.people[i]
		if p.released {
			continue
		}
		for _, st := range p.status {
			if st == nWaiting {
				n++
				break
			}
		}
	}
	return n
}
