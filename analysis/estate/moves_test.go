package estate_test

import (
	"context"
	"fmt"
	"math"
	"needsplan/analysis/estate"
	"needsplan/internal/testkit"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"needsplan/analysis"
	"needsplan/analysis/sim"
	"needsplan/data"
	"needsplan/model"
)

// simMovers builds a simulation of hand-made people: each mover's needs and
// months left are set in the classification directly; their sentence began
// six months before the dataset date (so receptions drawn from them stay
// six months more than their time left).
func simMovers(t *testing.T, people []mover, ests []model.Establishment, offs []model.Offering, opt estate.Options) *estate.Model {
	t.Helper()
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	ps, cls := testkit.MoverPeople(t, cat, people)
	for i, m := range people {
		ps[i].SentenceStart = simAsOf.AddMonths(-6)
		ps[i].EarliestRelease = model.Some(simAsOf + model.Date(math.Round(m.Left*model.DaysPerMonth)))
	}
	opt.AsOf = simAsOf
	opt.Suites = analysis.SuitePlan{Default: model.LegacySuite}
	opt.Transfers = true
	if opt.Receptions == nil {
		opt.Receptions = map[string]float64{}
	}
	m, err := estate.New(ps, cls, ests, offs, cat, opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// prison is a men's category C trainer with a facilitator team, the given
// region and operational capacity.
func prison(code, region string, capacity int) model.Establishment {
	return model.Establishment{Code: code, Name: code, Holds: model.HoldsMen, Function: model.CatCTrainer, Region: region,
		OperationalCapacity: model.Some(capacity), FacilitatorTeams: model.Some(1)}
}

// runs is an offering of prog at est, groups a year.
func runs(est, prog string, groups float64) model.Offering {
	return model.Offering{Establishment: est, Programme: prog, GroupsPerYear: groups, Referable: true}
}

// movers returns n copies of m with ids prefix0, prefix1, ….
func movers(n int, prefix string, m mover) []mover {
	var out []mover
	for i := range n {
		c := m
		c.ID = fmt.Sprintf("%s%02d", prefix, i)
		out = append(out, c)
	}
	return out
}

// transferTotals adds a run's transfer counts over programmes.
func transferTotals(run *estate.Replication) []int {
	out := make([]int, len(run.Transfers[0]))
	for _, row := range run.Transfers {
		for k, v := range row {
			out[k] += v
		}
	}
	return out
}

// estIndex returns the index of code in m.Establishments.
func estIndex(m *estate.Model, code string) int { return slices.Index(m.Establishments, code) }

// TestSimTransferScenario is the Done-when scenario: too few places locally
// (HOM runs nothing) and few elsewhere. 30 category C and 5 category A men
// at HOM need TSP; DST (same region) has 5 free places, FAR (another
// region) 80; receptions at HOM (60 a year, drawn from the stock) keep
// asking; a move takes two months; one year. In ONE run: the stock's C
// men move (DST first, then FAR), receptions fill FAR and those who ask in
// the last two months are still waiting for their planned move, and the A
// men (no high-security prison runs TSP) have no move possible. Every run:
// required = moved + waiting + no move + cancelled, moves add up across the
// region and establishment matrices, and the net flows balance.
func TestSimTransferScenario(t *testing.T) {
	ests := []model.Establishment{prison("HOM", "North", 10000), prison("DST", "North", 5), prison("FAR", "South", 80)}
	people := append(movers(30, "c", testkit.Man("")), movers(5, "a", mover{Home: "HOM", Sex: model.Male, Cat: model.CatA, Age: 30, Left: 24, Progs: []string{"TSP"}})...)
	offs := []model.Offering{runs("DST", "TSP", 4), runs("FAR", "TSP", 4)}
	m := simMovers(t, people, ests, offs, estate.Options{Years: 1, TransferDelay: 2, Receptions: map[string]float64{"HOM": 60}})
	run, err := m.Run(context.Background(), sim.Stream(3, 0))
	if err != nil {
		t.Fatal(err)
	}
	got := transferTotals(run)
	req, moved, waiting, none, cancelled := got[estate.TransferRequired], got[estate.TransferMoved], got[estate.TransferWaiting], got[estate.TransferNoMove], got[estate.TransferCancelled]
	t.Logf("one run: required %d, moved %d, waiting %d, no move %d, cancelled %d", req, moved, waiting, none, cancelled)
	if req == 0 || moved == 0 || waiting == 0 || none == 0 {
		t.Errorf("required %d, moved %d, waiting %d, no move %d: want all > 0 in one run", req, moved, waiting, none)
	}
	if moved < 30 || none < 5 {
		t.Errorf("moved %d, no move %d: want the 30 C men moved and the 5 A men with no move, at least", moved, none)
	}
	if got[estate.TransferFailed] != 0 || got[estate.TransferReturned] != 0 {
		t.Errorf("failed %d, returned %d without stale listings", got[estate.TransferFailed], got[estate.TransferReturned])
	}
	hom, dst, far := estIndex(m, "HOM"), estIndex(m, "DST"), estIndex(m, "FAR")
	if run.EstFlows[hom][dst] != 5 {
		t.Errorf("%d moves HOM → DST, want its 5 free places", run.EstFlows[hom][dst])
	}
	if run.EstFlows[hom][far] != moved-5 {
		t.Errorf("%d moves HOM → FAR, want the other %d", run.EstFlows[hom][far], moved-5)
	}
	check := func(rep int, run *estate.Replication) {
		got := transferTotals(run)
		if got[estate.TransferRequired] != got[estate.TransferMoved]+got[estate.TransferWaiting]+got[estate.TransferNoMove]+got[estate.TransferCancelled] {
			t.Errorf("replication %d: %v: required ≠ moved + waiting + no move + cancelled", rep, got)
		}
		regional, est := 0, 0
		for _, row := range run.Flows {
			for _, v := range row {
				regional += v
			}
		}
		for _, row := range run.EstFlows {
			for _, v := range row {
				est += v
			}
		}
		if regional != est || est != got[estate.TransferMoved] {
			t.Errorf("replication %d: %d moves by region, %d by establishment, %d people moved", rep, regional, est, got[estate.TransferMoved])
		}
	}
	s, err := estate.SimulateEach(context.Background(), m, 3, 20, 0, nil, check)
	if err != nil {
		t.Fatal(err)
	}
	// The summaries: the moves HOM → DST are 5 in every replication; the net
	// flows balance (HOM's out = the others' in).
	var homNet, othersIn float64
	for _, f := range s.EstablishmentFlows {
		if f.From == "HOM" && f.To == "DST" && (f.Moves.Mean != 5 || f.Moves.Lo != 5 || f.Moves.Hi != 5) {
			t.Errorf("HOM → DST %+v, want 5 (5–5)", f.Moves)
		}
	}
	for _, n := range s.NetFlows {
		if n.Establishment == "HOM" {
			homNet = n.Net.Mean
			if math.Abs(n.Out.Mean+n.Net.Mean) > 1e-9 || n.In.Mean != 0 {
				t.Errorf("HOM %+v: want out = −net, nothing in", n)
			}
		} else {
			othersIn += n.In.Mean
		}
	}
	if math.Abs(homNet+othersIn) > 1e-9 || othersIn == 0 {
		t.Errorf("HOM's net %v, the others' moves in %v: want them to balance", homNet, othersIn)
	}
}

// TestSimTransferStaleReturns: half the directory stale. HOM's 30 men need
// TSP; DST runs it with room for everyone; OTH1–OTH8 run nothing but have
// far more free places (which drew every move before). Stale listings
// make moves fail on arrival; the person is sent back (a return) and asks
// again, now knowing the listing is stale, so everyone ends up moved.
// Every failed move is a move HOM → OTH and a return OTH → HOM.
func TestSimTransferStaleReturns(t *testing.T) {
	ests := []model.Establishment{prison("HOM", "North", 10000), prison("DST", "North", 40)}
	for i := 1; i <= 8; i++ {
		ests = append(ests, prison(fmt.Sprintf("OTH%d", i), "North", 1000))
	}
	m := simMovers(t, movers(30, "c", testkit.Man("")), ests, []model.Offering{runs("DST", "TSP", 4)}, estate.Options{Years: 1, StaleShare: 0.5})
	hom, dst := estIndex(m, "HOM"), estIndex(m, "DST")
	failedAll, returnsAll := 0, 0
	check := func(rep int, run *estate.Replication) {
		got := transferTotals(run)
		failed, returned := got[estate.TransferFailed], got[estate.TransferReturned]
		failedAll += failed
		returnsAll += returned
		if got[estate.TransferRequired] != 30 || got[estate.TransferMoved] != 30 {
			t.Errorf("replication %d: %v: want all 30 required and moved in the end (failed movers ask again)", rep, got)
		}
		if returned != failed {
			t.Errorf("replication %d: %d failed moves, %d returns", rep, failed, returned)
		}
		intoHOM, toStale := 0, 0
		for e := range run.EstFlows {
			intoHOM += run.EstFlows[e][hom]
			if e != hom && e != dst {
				toStale += run.EstFlows[hom][e]
			}
		}
		if intoHOM != returned || toStale != failed || run.EstFlows[hom][dst] != 30 {
			t.Errorf("replication %d: %d moves into HOM, %d to stale listings, %d to DST; want %d returns, %d failed, 30",
				rep, intoHOM, toStale, run.EstFlows[hom][dst], returned, failed)
		}
	}
	if _, err := estate.SimulateEach(context.Background(), m, 5, 40, 0, nil, check); err != nil {
		t.Fatal(err)
	}
	if failedAll == 0 || returnsAll == 0 {
		t.Errorf("%d failed moves and %d returns over 40 replications: want some", failedAll, returnsAll)
	}
}

// TestSimTransferStaleShare: the share of failed moves follows the stale
// share. Ten identical prisons run TSP (40 free places each) and ten run
// nothing (1,000 free places each). A stale listing is drawn for each
// non-runner with probability q = n·s/((1 − s)(E − n)) — here
// 10s/(11(1 − s)), HOM being the eleventh non-runner — so k ~
// Binomial(10, q) stale listings at STL0–STL9 join the 10 real ones,
// looking like them (same listed places). With all destinations
// equal, a first move goes to a uniformly random listing and fails with
// probability k/(10 + k): the mean share of failed first moves is
// E[k/(10 + k)], computed here from the binomial, within 3 standard errors.
// Before, the most free places decided and every first move failed.
func TestSimTransferStaleShare(t *testing.T) {
	ests := []model.Establishment{prison("HOM", "North", 10000)}
	var offs []model.Offering
	for i := range 10 {
		ests = append(ests, prison(fmt.Sprintf("RUN%d", i), "North", 40), prison(fmt.Sprintf("STL%d", i), "North", 1000))
		offs = append(offs, runs(fmt.Sprintf("RUN%d", i), "TSP", 4))
	}
	prev := -1.0
	for _, s := range []float64{0.1, 0.3, 0.5} {
		m := simMovers(t, movers(30, "c", testkit.Man("")), ests, offs, estate.Options{Years: 0.5, StaleShare: s})
		const reps = 200
		var shares []float64
		for rep := range reps {
			first := map[string]bool{}
			failed := 0
			_, err := m.RunTraced(context.Background(), sim.Stream(9, rep), func(e estate.TraceEvent) {
				switch e.Event {
				case "moved":
					if !first[e.Person] {
						first[e.Person] = true
					} else {
						first[e.Person+"/later"] = true
					}
				case "move_failed":
					if !first[e.Person+"/later"] {
						failed++
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(first) < 30 {
				t.Fatalf("s = %g, replication %d: %d first moves, want 30", s, rep, len(first))
			}
			shares = append(shares, float64(failed)/30)
		}
		// E − n = 11: HOM runs nothing either, and may be listed too
		// (useless to HOM's own people, who never move to HOM).
		q := math.Min(1, 10*s/((1-s)*11))
		b := distuv.Binomial{N: 10, P: q}
		want := 0.0
		for k := range 11 {
			want += b.Prob(float64(k)) * float64(k) / float64(10+k)
		}
		sum := sim.Summarise(shares)
		se := (sum.Hi - sum.Lo) / 2 / 1.97
		t.Logf("stale share %.1f: failed first moves %.3f (± %.3f), expected %.3f", s, sum.Mean, se, want)
		if math.Abs(sum.Mean-want) > 3*se+0.005 {
			t.Errorf("stale share %.1f: %.3f of first moves failed, want %.3f (± %.3f)", s, sum.Mean, want, 3*se)
		}
		if sum.Mean <= prev {
			t.Errorf("stale share %.1f: failed share %.3f not above the smaller share's %.3f", s, sum.Mean, prev)
		}
		prev = sum.Mean
	}
}

// TestSimTransferServableProgramme: the request is for a programme that
// can be served somewhere. Ten men need RESOLVE (run nowhere) and TSP (run
// at DST, 10 free places): all ten move, for TSP. Before, only the
// alphabetically first unmet programme (RESOLVE) asked, and nobody moved.
func TestSimTransferServableProgramme(t *testing.T) {
	m := simMovers(t, movers(10, "p", mover{Home: "HOM", Sex: model.Male, Cat: model.CatC, Age: 30, Left: 24, Progs: []string{"RESOLVE", "TSP"}}),
		[]model.Establishment{prison("HOM", "North", 1000), prison("DST", "North", 10)}, []model.Offering{runs("DST", "TSP", 2)}, estate.Options{Years: 1})
	run, err := m.Run(context.Background(), sim.Stream(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	got := transferTotals(run)
	if got[estate.TransferRequired] != 10 || got[estate.TransferMoved] != 10 {
		t.Errorf("%v: want 10 required and 10 moved", got)
	}
}

// TestSimTransferPrefersMostNeeds: 10 men need HORIZON and TSP, neither run
// at HOM. ONE (same region, 20 free) runs TSP only; BTH (same region, 20
// free) runs both: everyone goes to BTH, and both needs join BTH's lists
// (before, only the programme the move was for joined; the other waited
// without a list and counted as untreated at HOM).
func TestSimTransferPrefersMostNeeds(t *testing.T) {
	ests := []model.Establishment{prison("HOM", "North", 1000), prison("ONE", "North", 20), prison("BTH", "North", 20)}
	offs := []model.Offering{runs("ONE", "TSP", 4), runs("BTH", "TSP", 4), runs("BTH", "HORIZON", 4)}
	m := simMovers(t, movers(10, "p", mover{Home: "HOM", Sex: model.Male, Cat: model.CatC, Age: 30, Left: 30, Progs: []string{"HORIZON", "TSP"}}),
		ests, offs, estate.Options{Years: 2})
	s, err := estate.Simulate(context.Background(), m, 2, 10, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, name := range estate.MeasureNames {
		idx[name] = i
	}
	for _, f := range s.EstablishmentFlows {
		if f.From == "HOM" && (f.To != "BTH" || f.Moves.Mean != 10) {
			t.Errorf("flow %+v: want all 10 to BTH", f)
		}
	}
	for _, r := range s.Rows {
		mean := func(name string) float64 { return r.Measures[idx[name]].Mean }
		seen := mean("starts") + mean("waiting_at_horizon") + mean("released_untreated")
		switch {
		case r.Key.Establishment == "HOM" && seen != 0:
			t.Errorf("HOM %s: %v starts, waiting or untreated; want none (both needs moved to BTH)", r.Key.Programme, seen)
		case r.Key.Establishment == "BTH" && math.Abs(mean("starts")+mean("waiting_at_horizon")-10) > 1e-9:
			t.Errorf("BTH %s: %v started or waiting, want 10", r.Key.Programme, mean("starts")+mean("waiting_at_horizon"))
		}
	}
}

// TestSimTransferAfterWaitCancels: with --transfer-after, HOM runs TSP four
// times a year for 12 and DST (20 free) too; 40 men wait; after a month on
// HOM's list they ask to move, which takes 2.5 months. A move is called off
// when the programme starts at HOM first (before, they moved after
// completing it), nobody moves back to a prison they left, and nobody
// moves more than MaxMovesPerPerson times.
func TestSimTransferAfterWaitCancels(t *testing.T) {
	ests := []model.Establishment{prison("HOM", "North", 1000), prison("DST", "North", 20)}
	offs := []model.Offering{runs("HOM", "TSP", 4), runs("DST", "TSP", 4)}
	m := simMovers(t, movers(40, "p", testkit.Man("")), ests, offs, estate.Options{Years: 2, TransferAfter: 1, TransferDelay: 2.5})
	cancelled := 0
	for rep := range 10 {
		started := map[string]bool{}
		at := map[string]string{}
		left := map[string][]string{}
		moves := map[string]int{}
		run, err := m.RunTraced(context.Background(), sim.Stream(4, rep), func(e estate.TraceEvent) {
			switch e.Event {
			case "started":
				started[e.Person] = true
			case "moved":
				if started[e.Person] {
					t.Errorf("replication %d: %s moved to %s at %.2f after starting the programme", rep, e.Person, e.Establishment, e.Time)
				}
				if slices.Contains(left[e.Person], e.Establishment) {
					t.Errorf("replication %d: %s moved back to %s", rep, e.Person, e.Establishment)
				}
				from := at[e.Person]
				if from == "" {
					from = "HOM"
				}
				left[e.Person] = append(left[e.Person], from)
				at[e.Person] = e.Establishment
				if moves[e.Person]++; moves[e.Person] > estate.MaxMovesPerPerson {
					t.Errorf("replication %d: %s moved %d times", rep, e.Person, moves[e.Person])
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		got := transferTotals(run)
		cancelled += got[estate.TransferCancelled]
		if got[estate.TransferRequired] != got[estate.TransferMoved]+got[estate.TransferWaiting]+got[estate.TransferNoMove]+got[estate.TransferCancelled] {
			t.Errorf("replication %d: %v: required ≠ moved + waiting + no move + cancelled", rep, got)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	if cancelled == 0 {
		t.Error("no move was called off: the test does not reach the case")
	}
}

// TestSimTransferTime: the static analysis's time rule. Men who need TSP
// (6 months) with 3 months left are not required to move (they cannot
// complete it anyway); with 6.5 months they need it but cannot move (0.92
// months) and complete: no move possible; with 24 they move.
func TestSimTransferTime(t *testing.T) {
	var people []mover
	for _, g := range []struct {
		prefix string
		left   float64
	}{{"short", 3}, {"tight", 6.5}, {"long", 24}} {
		m := testkit.Man("")
		m.Left = g.left
		people = append(people, movers(4, g.prefix, m)...)
	}
	m := simMovers(t, people, []model.Establishment{prison("HOM", "North", 1000), prison("DST", "North", 20)},
		[]model.Offering{runs("DST", "TSP", 4)}, estate.Options{Years: 1})
	run, err := m.Run(context.Background(), sim.Stream(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	got := transferTotals(run)
	if got[estate.TransferRequired] != 8 || got[estate.TransferNoMove] != 4 || got[estate.TransferMoved] != 4 {
		t.Errorf("%v: want 8 required (not the 3-month ones), 4 no move, 4 moved", got)
	}
}

// TestSimTransferConstraints: each rule on a move in the simulation, with
// a case that FAILS if that rule alone is dropped from the destination
// choice: one person at HOM needs TSP; the only establishment running it
// is DST, which breaks exactly one rule (or none, for the baseline).
func TestSimTransferConstraints(t *testing.T) {
	base := func() model.Establishment { return prison("DST", "North", 10) }
	with := func(change func(*model.Establishment)) model.Establishment { e := base(); change(&e); return e }
	for _, tc := range []struct {
		name  string
		who   mover
		dst   model.Establishment
		moved bool
	}{
		{"allowed", testkit.Man("a"), base(), true},
		{"sex: a women's prison", testkit.Man("a"), with(func(e *model.Establishment) { e.Holds = model.HoldsWomen }), false},
		{"category C: not to open", testkit.Man("a"), with(func(e *model.Establishment) { e.Function = model.OpenPrison }), false},
		{"category A: not to a C trainer", mover{Home: "HOM", Sex: model.Male, Cat: model.CatA, Age: 30, Left: 24, Progs: []string{"TSP"}}, base(), false},
		{"category D: to a C trainer", mover{Home: "HOM", Sex: model.Male, Cat: model.CatD, Age: 30, Left: 24, Progs: []string{"TSP"}}, base(), true},
		{"category D: not to a local", mover{Home: "HOM", Sex: model.Male, Cat: model.CatD, Age: 30, Left: 24, Progs: []string{"TSP"}},
			with(func(e *model.Establishment) { e.Function = model.Local }), false},
		{"age 17: not to a C trainer", mover{Home: "HOM", Sex: model.Male, Cat: model.CatC, Age: 17, Left: 24, Progs: []string{"TSP"}}, base(), false},
		{"age 25: not to a YOI", testkit.Man("a"), with(func(e *model.Establishment) { e.Function = model.YOI }), false},
		{"capacity: no free place", testkit.Man("a"), with(func(e *model.Establishment) { e.OperationalCapacity = model.Some(0) }), false},
		{"time: 6.5 months left", mover{Home: "HOM", Sex: model.Male, Cat: model.CatC, Age: 30, Left: 6.5, Progs: []string{"TSP"}}, base(), false},
	} {
		for _, reserve := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, reserve seats %v", tc.name, reserve), func(t *testing.T) {
				tc.who.ID = "a"
				m := simMovers(t, []mover{tc.who}, []model.Establishment{prison("HOM", "North", 1000), tc.dst}, []model.Offering{runs("DST", "TSP", 4)},
					estate.Options{Years: 1, ReserveSeats: reserve})
				run, err := m.Run(context.Background(), sim.Stream(1, 0))
				if err != nil {
					t.Fatal(err)
				}
				got := transferTotals(run)
				want := []int{1, 0, 0, 0, 1, 0, 0, 0, 0, 0}
				if tc.moved { // alone at DST: no cohort starts, so the move is wasted
					want = []int{1, 1, 0, 0, 0, 0, 0, 1, 0, 1}
				}
				if !slices.Equal(got, want) {
					t.Errorf("required, moved, failed, waiting, no move, cancelled, returned, made, useful, wasted = %v, want %v", got, want)
				}
			})
		}
	}
}

// TestSimTransferPlaces: the accounting of free places. COVAID needs a
// month; a move takes two. A man with 3.5 months left moves to a stale
// listing (the only runner, DST, holds women; OTH1 and OTH2 are listed),
// finds nothing at two months and is sent back, arriving at four months —
// after his release date. Released on his return, every place is free at
// the horizon: free places = operational capacity everywhere (before, his
// place at the stale listing was freed twice).
func TestSimTransferPlaces(t *testing.T) {
	dst := prison("DST", "North", 10)
	dst.Holds = model.HoldsWomen
	ests := []model.Establishment{prison("HOM", "North", 50), dst, prison("OTH1", "North", 10), prison("OTH2", "North", 10)}
	who := testkit.Man("a")
	who.Left, who.Progs = 3.5, []string{"COVAID"}
	m := simMovers(t, []mover{who}, ests, []model.Offering{runs("DST", "COVAID", 4)}, estate.Options{Years: 1, TransferDelay: 2, StaleShare: 0.9})
	run, err := m.Run(context.Background(), sim.Stream(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	got := transferTotals(run)
	if got[estate.TransferFailed] != 1 || got[estate.TransferReturned] != 1 {
		t.Fatalf("%v: want one failed move and one return", got)
	}
	for i, code := range m.Establishments {
		for _, e := range ests {
			if e.Code == code && run.FreeAtHorizon[i] != e.OperationalCapacity.Val {
				t.Errorf("%s: %d free places at the horizon, want its capacity %d", code, run.FreeAtHorizon[i], e.OperationalCapacity.Val)
			}
		}
	}
}

// TestSimTransferCountIntervals: intervals of transfer counts and moves are
// cut at 0. With a fifth of the directory stale and one runner among ten
// establishments, few replications have a failed move: the t interval of
// the mean reaches below 0, and the summary starts at 0.
func TestSimTransferCountIntervals(t *testing.T) {
	ests := []model.Establishment{prison("HOM", "North", 10000), prison("DST", "North", 40)}
	for i := 1; i <= 8; i++ {
		ests = append(ests, prison(fmt.Sprintf("OTH%d", i), "North", 1000))
	}
	m := simMovers(t, movers(5, "c", testkit.Man("")), ests, []model.Offering{runs("DST", "TSP", 4)}, estate.Options{Years: 0.5, StaleShare: 0.2})
	var failed []float64
	s, err := estate.SimulateEach(context.Background(), m, 1, 10, 0, nil, func(_ int, run *estate.Replication) {
		failed = append(failed, float64(transferTotals(run)[estate.TransferFailed]))
	})
	if err != nil {
		t.Fatal(err)
	}
	raw := sim.Summarise(failed)
	got := s.EstateTransfers[estate.TransferFailed]
	if raw.Mean <= 0 || raw.Lo >= 0 {
		t.Fatalf("failed moves %v: want a positive mean with a t interval below 0, to test the cut", raw)
	}
	if got.Lo != 0 || math.Abs(got.Hi-raw.Hi) > 1e-9 || math.Abs(got.Mean-raw.Mean) > 1e-9 {
		t.Errorf("failed moves summary %+v, want %v–%v cut at 0", got, raw.Lo, raw.Hi)
	}
	for _, f := range s.EstablishmentFlows {
		if f.Moves.Lo < 0 {
			t.Errorf("flow %+v below 0", f)
		}
	}
	for _, row := range s.Flows {
		for _, f := range row {
			if f.Lo < 0 {
				t.Errorf("regional flow %+v below 0", f)
			}
		}
	}
}

// TestSimTransferMoveLimit: four prisons run TSP, HORIZON and RESOLVE once
// a year each; 40 men at HOM need all three; the other three have room.
// With --transfer-after 1, each need that waits a month asks to move, so
// without limits a person would move for TSP, then for HORIZON, then for
// RESOLVE, and could be sent back where they came from. Nobody moves more
// than MaxMovesPerPerson times or back to a prison they left, and the wait
// before a second move counts from arriving at the new prison.
func TestSimTransferMoveLimit(t *testing.T) {
	var ests []model.Establishment
	var offs []model.Offering
	for _, code := range []string{"HOM", "PA", "PB", "PC"} {
		ests = append(ests, prison(code, "North", 100))
		for _, g := range []string{"TSP", "HORIZON", "RESOLVE"} {
			offs = append(offs, runs(code, g, 1))
		}
	}
	who := testkit.Man("")
	who.Left, who.Progs = 36, []string{"TSP", "HORIZON", "RESOLVE"}
	const after, delay = 1, 0.5
	m := simMovers(t, movers(40, "p", who), ests, offs, estate.Options{Years: 2, TransferAfter: after, TransferDelay: delay})
	most := 0
	for rep := range 5 {
		at := map[string]string{}
		left := map[string][]string{}
		moves := map[string]int{}
		arrived := map[string]float64{}
		if _, err := m.RunTraced(context.Background(), sim.Stream(6, rep), func(e estate.TraceEvent) {
			if e.Event != "moved" {
				return
			}
			if slices.Contains(left[e.Person], e.Establishment) {
				t.Errorf("replication %d: %s moved back to %s at %.2f", rep, e.Person, e.Establishment, e.Time)
			}
			// The wait that triggers the next move counts from arriving.
			if a, ok := arrived[e.Person]; ok && e.Time-a < after+delay-1e-9 {
				t.Errorf("replication %d: %s moved again %.2f months after arriving, want ≥ %g (wait) + %g (move)", rep, e.Person, e.Time-a, float64(after), delay)
			}
			arrived[e.Person] = e.Time
			from := at[e.Person]
			if from == "" {
				from = "HOM"
			}
			left[e.Person] = append(left[e.Person], from)
			at[e.Person] = e.Establishment
			moves[e.Person]++
			most = max(most, moves[e.Person])
		}); err != nil {
			t.Fatal(err)
		}
		for p, n := range moves {
			if n > estate.MaxMovesPerPerson {
				t.Errorf("replication %d: %s moved %d times, want at most %d", rep, p, n, estate.MaxMovesPerPerson)
			}
		}
	}
	if most < estate.MaxMovesPerPerson {
		t.Errorf("nobody moved more than %d times: the test does not reach the limit", most)
	}
}

// TestReservedSeats: six men at HOM need TSP, run only at DST (4 groups a
// year of 2, from 1): with 12 months left their latest start is 4.15
// months (12 − 1.85 − 6), so at most two of DST's starts (every 3 months)
// come in time, four seats. Holding seats, only people with a seat move —
// at most four — and every move leads to a start there by the latest
// start; without, all six move and at least two moves are wasted.
func TestReservedSeats(t *testing.T) {
	people := movers(6, "p", mover{Home: "HOM", Sex: model.Male, Cat: model.CatC, Age: 30, Left: 12, Progs: []string{"TSP"}})
	offs := []model.Offering{{Establishment: "DST", Programme: "TSP", GroupsPerYear: 4, GroupSize: model.Some(2), MinGroupSize: model.Some(1), Referable: true}}
	ests := []model.Establishment{prison("HOM", "North", 1000), prison("DST", "North", 100)}
	latest := 12 - 8*12.0/52 - 6
	for seed := uint64(1); seed <= 8; seed++ {
		for _, reserve := range []bool{true, false} {
			m := simMovers(t, people, ests, offs, estate.Options{Years: 1, ReserveSeats: reserve})
			evs, run := traced(t, m, seed)
			got := transferTotals(run)
			made, useful, wasted := got[estate.TransferMade], got[estate.TransferUseful], got[estate.TransferWasted]
			if made != useful+wasted {
				t.Fatalf("seed %d reserve %v: %d moves made, %d useful + %d wasted", seed, reserve, made, useful, wasted)
			}
			switch {
			case reserve && (made > 4 || wasted != 0):
				t.Errorf("seed %d, seats held: %d moves, %d wasted; want at most 4, none wasted", seed, made, wasted)
			case !reserve && (made != 6 || wasted < 2):
				t.Errorf("seed %d, no seats: %d moves, %d wasted; want 6 and at least 2 wasted", seed, made, wasted)
			}
			for _, e := range evs {
				if e.Event == "started" && e.Time > latest+1e-9 {
					t.Errorf("seed %d reserve %v: %s started at %.2f, after the latest start %.2f", seed, reserve, e.Person, e.Time, latest)
				}
			}
		}
	}
}
