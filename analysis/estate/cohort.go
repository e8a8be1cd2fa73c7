package estate

import (
	"math"
	"sort"
)

// cand is a need that can join a cohort, with its sort keys under the
// policy (policy.go).
type cand struct {
	e      queueEntry
	k1, k2 float64
}

// tryStart starts a cohort on channel ci now if it can: not suspended, a
// start due (a slot's token, or for a ready schedule one accrued), a team
// free for a group, and at least min_group_size people on the queue who
// are free and still in time: months left at least the programme's
// duration plus the consolidation window (Model.timeNeeded; the duration
// alone with Options.LateStarts). They are taken in the
// policy's order, up to the channel's size.
func (s *runState) tryStart(ci int) {
	c := &s.m.chans[ci]
	rc := &s.chans[ci]
	t := s.cal.Now()
	if s.m.suspended(c, t) {
		rc.why = whySuspended
		return
	}
	if s.ready(c) {
		s.accrueTokens(ci, t)
		if rc.tokens < 1 && rc.rate > 0 && !rc.tokenDue {
			// Try again when the next start is due.
			rc.tokenDue = true
			s.cal.Schedule(t+(1-rc.tokens)*12/rc.rate, evToken, int32(ci), rc.tokenGen)
		}
	}
	if rc.tokens < 1 {
		return
	}
	if c.group && !s.teams[c.est].free(t) {
		rc.why = whyNoTeam
		return
	}
	cands := s.candidates(ci, c, t)
	if len(cands) < c.minSize {
		rc.why = whyNoPeople
		return
	}
	rc.why = whyNone
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].k1 != cands[j].k1 {
			return cands[i].k1 < cands[j].k1
		}
		return cands[i].k2 < cands[j].k2
	})
	s.startCohort(ci, c, rc, cands, t)
}

// candidates returns the needs on channel ci's queue that can start at t,
// with their priority, and drops from the queue the entries no longer
// waiting there (released, started, moved away).
func (s *runState) candidates(ci int, c *simChan, t float64) []cand {
	q := &s.chans[s.queueOf[ci]]
	cands := s.cands[:0]
	live := q.queue[:0]
	for _, e := range q.queue {
		p := &s.people[e.person]
		if p.released || p.status[e.need] != nWaiting || p.est != c.est {
			continue
		}
		live = append(live, e)
		if p.busyUntil > t || p.release-t < s.m.timeNeeded(c.duration) {
			continue // busy, or past the latest start
		}
		k1, k2 := s.priority(p, int(e.need), c.duration, t, s.m.consolidation)
		if len(s.resv) > 0 && s.holdsSeat(e.person, ci, t) {
			k1 = math.Inf(-1) // a seat held for them: first in
		}
		cands = append(cands, cand{e, k1, k2})
	}
	q.queue = live
	s.cands = cands
	return cands
}

// startCohort starts a cohort at t of the first of cands, in order, up to
// the channel's size: each starts (a pending move for the need is called
// off), their waits are counted, the start uses the token and a team, and
// the cohort's end is scheduled.
func (s *runState) startCohort(ci int, c *simChan, rc *runChan, cands []cand, t float64) {
	take := min(c.size, len(cands))
	cohort := make([]queueEntry, take)
	o := &s.res.Outcomes[c.key]
	for i := range take {
		e := cands[i].e
		p := &s.people[e.person]
		s.setStatus(p, int(e.need), nOn)
		if p.moving >= 0 {
			s.localStart(e.person, e.need)
		}
		s.listAdd(s.queueOf[ci], -1)
		p.busyUntil = t + c.duration
		o.Starts++
		if s.free != nil {
			s.unhold(e.person)
			s.startedHere(e.person, c.est, c.prog)
		}
		s.emit(e.person, c.prog, "started")
		w := t - p.since[e.need]
		o.waits = append(o.waits, w)
		o.km.add(w, true)
		if p.reception {
			o.newWaits = append(o.newWaits, w)
		}
		cohort[i] = e
	}
	if math.IsNaN(o.NextStart) {
		o.NextStart = t
	}
	o.Cohorts++
	o.Empty += c.size - take
	rc.tokens--
	part := false
	if c.group {
		part = s.teams[c.est].take(t)
	}
	rc.cohorts = append(rc.cohorts, runCohort{members: cohort, part: part})
	s.cal.Schedule(t+c.duration, evEnd, int32(ci), int32(len(rc.cohorts)-1))
}

// tryStartAt tries to start a cohort on each channel of establishment e
// (a team is free, or people have arrived).
func (s *runState) tryStartAt(e int32) {
	for _, ci := range s.m.ests[e].chans {
		s.tryStart(int(ci))
	}
}

// complete ends a cohort of channel c at t: each member completes with the
// programme's completion rate, drawn from a stream of their own (in time
// if at least Consolidation months before release, late otherwise), or
// drops out.
func (s *runState) complete(c *simChan, members []queueEntry, t float64) {
	m := s.m
	for _, e := range members {
		p := &s.people[e.person]
		o := &s.res.Outcomes[c.key]
		if uniform(s.hashBase^0xC0FFEE, uint64(e.person), uint64(m.progIdx[c.prog]), 2) < c.completion {
			s.emit(e.person, c.prog, "completed")
			s.setStatus(p, int(e.need), nDone)
			if p.release-t >= m.consolidation {
				o.InTime++
			} else {
				o.Late++
			}
		} else {
			s.setStatus(p, int(e.need), nDropped)
			o.Dropped++
			s.emit(e.person, c.prog, "dropped_out")
		}
	}
}
