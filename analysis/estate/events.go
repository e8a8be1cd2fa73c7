package estate

import (
	"context"
	"math"
	"math/rand/v2"

	"needsplan/analysis/sim"
)

// Event kinds of the estate model. Each has its handler, a method of
// runState below; RunTraced dispatches to them.
const (
	evRelease int32 = iota // a person is due for release (A: person)
	evArrive               // a sampled reception needing a programme (A: establishment, B: template)
	evRefer                // a person joins the lists, a referral delay after arriving (A: person)
	evSlot                 // a spread schedule's start falls due (A: channel, B: generation)
	evEnd                  // a cohort ends (A: channel, B: cohort)
	evSample               // the monthly sample of the people waiting
	evShock                // a shock begins (B 0) or ends (B 1) (A: index in Options.Shocks)
	evMove                 // a planned move falls due (A: move)
	evReturn               // a person sent back from a stale listing arrives home (A: move)
	evFlow                 // a reception from the flow file (A: index in Model.flow)
	evToken                // a ready schedule's next start becomes due (A: channel, B: generation)
	evTeam                 // a part-time team has rested (team shocks; A: establishment)
)

// TraceEvent is one step of one person in a traced replication.
type TraceEvent struct {
	Time      float64 // months from the dataset date
	Person    string  // person_id (of the stock or the flow file), or R<n> for the n-th sampled reception
	Template  string  // for a reception, the person_id it was drawn from
	Programme string  // "" for receptions and releases
	// Event is reception, waiting (joined a list), started, completed,
	// dropped_out, released, released_untreated (had time at referral),
	// released_too_short (never had time), and at the horizon
	// waiting_at_horizon, referral_pending_at_horizon (arrived, not yet
	// referred), not_run_here_at_horizon (a need the prison does not run)
	// or in_progress_at_horizon; with transfers also moved, move_failed and
	// returned. Every need ends in exactly one of completed, dropped_out,
	// released_untreated, released_too_short and the four at the horizon.
	Event         string
	Establishment string
}

// Run simulates one replication with r.
func (m *Model) Run(ctx context.Context, r *rand.Rand) (*Replication, error) {
	return m.RunTraced(ctx, r, nil)
}

// RunTraced simulates one replication, calling trace (when not nil) for
// every step of every person, in time order.
func (m *Model) RunTraced(ctx context.Context, r *rand.Rand, trace func(TraceEvent)) (*Replication, error) {
	s := newRun(m, r, trace)
	s.begin()
	for {
		ev, ok := s.cal.Next()
		if !ok || ev.T >= m.horizon { // nothing happens at or after the horizon
			break
		}
		s.res.Events++
		if s.res.Events&8191 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		s.dispatch(ev)
	}
	s.atHorizon()
	return s.res, nil
}

// dispatch passes an event to its handler.
func (s *runState) dispatch(ev sim.Event) {
	switch ev.Kind {
	case evRelease:
		s.release(ev)
	case evArrive:
		s.arrive(ev)
	case evFlow:
		s.arriveFromFlow(ev)
	case evRefer:
		s.refer(ev)
	case evSlot:
		s.slot(ev)
	case evToken:
		s.token(ev)
	case evTeam:
		s.team(ev)
	case evEnd:
		s.end(ev)
	case evSample:
		s.sample(ev)
	case evMove:
		s.move(ev)
	case evReturn:
		s.returned(ev)
	case evShock:
		s.shock(ev)
	}
}

// begin schedules the first receptions, slots, samples and shocks and
// puts the stock on the lists. The order is the calendar's order for
// events at the same time, so it is kept as it is.
func (s *runState) begin() {
	m := s.m
	for e := range m.ests {
		if m.ests[e].rate > 0 {
			s.drawReceptions(e, s.arrivalRNG[e].ExpFloat64()/m.ests[e].rate)
		}
	}
	for i := range m.flow {
		s.cal.Schedule(m.flow[i].arrive, evFlow, int32(i), 0)
	}
	s.res.Releases += m.flowReleases[0] // added: drawReceptions counts releases already
	s.res.RecallReleases += m.flowReleases[1]
	s.startSchedules()
	// The stock at the dataset date joins the lists once the schedules are
	// set, so that a ready schedule can start cohorts at once.
	for _, sp := range m.people {
		if len(sp.needs)+len(sp.unmet) == 0 {
			if sp.release < m.horizon {
				s.countRelease(sp.recall) // needs nothing: a release, no outcome
			}
			continue
		}
		id := s.addPerson(sp, sp.joined, m.ids[sp.stock], false)
		if sp.joined > 0 { // sentenced less than a referral delay ago
			s.cal.Schedule(sp.joined, evRefer, id, 0)
		} else {
			s.join(id, false)
		}
	}
	// Then the first starts, with everyone waiting at month 0 on the lists
	// (a ready schedule takes up to group_size of them, not the first
	// min_group_size to join).
	for ci := range m.chans {
		s.tryStart(ci)
	}
	for mth := range s.months {
		s.cal.Schedule(float64(mth), evSample, 0, 0)
	}
	for i := range m.opt.Shocks {
		sh := &m.opt.Shocks[i]
		s.cal.Schedule(sh.From, evShock, int32(i), 0)
		if sh.To > sh.From {
			s.cal.Schedule(sh.To, evShock, int32(i), 1)
		}
	}
}

// release: a person is due for release. One on a programme is released
// when it ends; otherwise their place is free again, their transfers are
// settled, and every need not met is released untreated.
func (s *runState) release(ev sim.Event) {
	m := s.m
	p := &s.people[ev.A]
	if p.busyUntil > ev.T { // programme holds: released when it ends
		s.cal.Schedule(p.busyUntil, evRelease, ev.A, 0)
		return
	}
	p.released = true
	s.countRelease(p.recall)
	if s.free != nil {
		s.free[p.est]++ // the place is free again
		s.leave(ev.A)   // transfer outcome; a place held elsewhere
	}
	for k, ch := range p.needs {
		switch p.status[k] {
		case nWaiting, nAway, nPending:
			ref := p.since[k]
			if p.status[k] == nWaiting {
				s.listAdd(ch, -1)
			} else if p.status[k] == nPending {
				ref = p.joined // never referred: when they would have been
			}
			s.setStatus(p, k, nUntreated)
			s.untreated(s.outcome(p, k), ev.A, m.chans[ch].prog, p.release, ref, m.chans[ch].duration)
		}
	}
	for _, key := range p.unmet {
		prog := m.Keys[key].Programme
		s.untreated(&s.res.Outcomes[key], ev.A, prog, p.release, p.joined, m.durationOf(prog))
	}
	s.emit(ev.A, "", "released")
}

// untreated counts a need of person id released without starting: released
// untreated if they had time at referral ref (a censored wait, for the
// Kaplan–Meier estimate), released after too short a stay otherwise.
func (s *runState) untreated(o *Outcome, id int32, prog string, release, ref, dur float64) {
	if s.m.hadTime(release, ref, dur) {
		o.Untreated++
		s.people[id].hadTime = true
		o.km.add(release-ref, false)
		s.emit(id, prog, "released_untreated")
		return
	}
	o.TooShort++
	s.emit(id, prog, "released_too_short")
}

// arriveFromFlow: a reception from the flow file.
func (s *runState) arriveFromFlow(ev sim.Event) {
	sp := s.m.flow[ev.A]
	if s.free != nil {
		s.free[sp.est]-- // as a sampled reception
	}
	s.receive(ev.T, sp, s.m.flowIDs[ev.A])
}

// receive adds a reception arriving at t, referred a referral delay later.
func (s *runState) receive(t float64, sp simPerson, name string) {
	id := s.addPerson(sp, t+s.m.referralDelay, name, true)
	s.emit(id, "", "reception")
	s.cal.ScheduleInOrder(t+s.m.referralDelay, evRefer, id, 0) // receptions come in time order
}

// refer: a person not yet released joins the lists.
func (s *runState) refer(ev sim.Event) {
	if !s.people[ev.A].released {
		s.join(ev.A, true)
	}
}

// slot: a spread schedule's start falls due (unless the rate has changed
// since): at most one start carried, a try, and the next slot a year/rate
// later.
func (s *runState) slot(ev sim.Event) {
	ci := int(ev.A)
	rc := &s.chans[ci]
	if ev.B != rc.gen {
		return // a slot of a rate since changed
	}
	if rc.tokens >= 1 {
		// The start carried from the last slot was never made: lost.
		s.loseStart(ci)
	}
	rc.tokens = math.Min(rc.tokens+1, 1)
	c := &s.m.chans[ci]
	s.res.Outcomes[c.key].PlacesDue += float64(c.size)
	s.tryStart(ci)
	rc.next = ev.T + 12/rc.rate
	s.cal.Schedule(rc.next, evSlot, ev.A, rc.gen)
}

// loseStart counts a start due on channel ci that was not made, under the
// last reason the channel could not start (spread schedule: a slot came
// with the last one's start still carried, or the horizon came).
func (s *runState) loseStart(ci int) {
	o := &s.res.Outcomes[s.m.chans[ci].key]
	switch s.chans[ci].why {
	case whySuspended:
		o.LostSuspended++
	case whyNoTeam:
		o.LostNoTeam++
	default:
		o.LostNoPeople++
	}
}

// token: a ready schedule's next start becomes due (unless its rate has
// changed since).
func (s *runState) token(ev sim.Event) {
	ci := int(ev.A)
	rc := &s.chans[ci]
	if ev.B != rc.tokenGen || !rc.tokenDue {
		return
	}
	rc.tokenDue = false
	s.accrueTokens(ci, ev.T)
	if rc.tokens > 1-1e-9 {
		rc.tokens = math.Max(rc.tokens, 1) // due now, whatever the rounding
	}
	s.tryStart(ci)
}

// team: a part-time team has rested; the establishment's channels try to
// start.
func (s *runState) team(ev sim.Event) {
	s.tryStartAt(ev.A)
}

// end: a cohort ends. Its members complete or drop out, its team is free
// (a part-time one after resting), and the establishment's channels try
// to start.
func (s *runState) end(ev sim.Event) {
	ci := int(ev.A)
	c := &s.m.chans[ci]
	co := s.chans[ci].cohorts[ev.B]
	s.complete(c, co.members, ev.T)
	s.chans[ci].cohorts[ev.B] = runCohort{}
	if c.group {
		if at := s.teams[c.est].release(ev.T, co.part, c.duration); at > ev.T {
			s.cal.Schedule(at, evTeam, c.est, 0)
		}
	}
	s.tryStartAt(c.est)
}

// sample: the monthly sample of the people waiting; with TransferAfter,
// people who have waited past it ask to move.
func (s *runState) sample(ev sim.Event) {
	if mth := int(math.Round(ev.T)); mth < s.months {
		s.recordWaiting(mth)
	}
	if s.m.opt.Transfers && s.m.opt.TransferAfter > 0 {
		s.askAfterWait(ev.T)
	}
}

// move: a planned move falls due. It waits for a programme the person is
// on to end, is called off when no longer wanted, and is made otherwise.
func (s *runState) move(ev sim.Event) {
	mv := &s.moves[ev.A]
	p := &s.people[mv.person]
	if p.released || p.moving != ev.A || mv.state != movePending {
		return
	}
	if p.busyUntil > ev.T { // on another programme: move when it ends
		s.cal.Schedule(p.busyUntil, evMove, ev.A, 0)
		return
	}
	if !s.stillWanted(mv, p, ev.T) {
		s.cancelMove(ev.A)
		return
	}
	s.makeMove(ev.A, ev.T)
}

// returned: a person sent back from a stale listing is home; they ask to
// move again, and their prison's channels try to start.
func (s *runState) returned(ev sim.Event) {
	mv := &s.moves[ev.A]
	p := &s.people[mv.person]
	if mv.state != moveReturning || p.released {
		return
	}
	s.comeBack(mv, p)
	s.requestMove(mv.person, mv.local)
	s.tryStartAt(p.est)
}

// shock: a shock begins or ends.
func (s *runState) shock(ev sim.Event) {
	s.applyShock(&s.m.opt.Shocks[ev.A], ev.T)
}
