package estate

import "math"

// ready reports whether channel c starts cohorts on the ready schedule:
// whenever enough people and a team are there, up to its starts a year on
// average (a one-to-one channel keeps to spread slots).
func (s *runState) ready(c *simChan) bool { return s.readySchedule && c.group }

// startSchedules sets each channel's starts a year at month 0 and its
// schedule: a ready one holds one start; a spread one's first slot falls at
// a phase of its own (hashed from the offering, so common to scenarios) in
// the first interval.
func (s *runState) startSchedules() {
	m := s.m
	for ci := range m.chans {
		c := &m.chans[ci]
		rc := &s.chans[ci]
		rc.rate, rc.next = m.perYearAt(c, 0), math.NaN()
		if s.ready(c) {
			rc.tokens = 1 // the first start: its places are due
			s.res.Outcomes[c.key].PlacesDue += float64(c.size)
		} else if rc.rate > 0 {
			phase := uniform(s.hashBase, uint64(c.est), uint64(m.progIdx[c.prog]), boolBit(c.group))
			rc.next = phase * 12 / rc.rate
			s.cal.Schedule(rc.next, evSlot, int32(ci), rc.gen)
		}
	}
}

// accrueTokens brings channel ci's ready schedule's starts up to t: they
// accrue at the channel's rate, up to a year's worth (at least one); the
// places they bring are due whether or not the cap keeps them
// (Outcome.PlacesDue).
func (s *runState) accrueTokens(ci int, t float64) {
	rc := &s.chans[ci]
	c := &s.m.chans[ci]
	due := (t - rc.lastTok) * rc.rate / 12
	s.res.Outcomes[c.key].PlacesDue += due * float64(c.size)
	rc.tokens = math.Min(math.Max(1, rc.rate), rc.tokens+due)
	rc.lastTok = t
}

// setRate applies a change of a channel's starts a year at t (a groups
// shock beginning or ending) and reports whether it changed. A spread
// schedule keeps its phase: the part of the interval to the next slot
// still to run is run at the new rate, so a shock to the same value
// changes nothing and one from nothing starts at the offering's phase.
// Slot events of the old rate are then stale (gen).
func (s *runState) setRate(ci int, t float64) bool {
	m := s.m
	c := &m.chans[ci]
	rc := &s.chans[ci]
	g := m.perYearAt(c, t)
	if g == rc.rate {
		return false
	}
	if s.ready(c) {
		s.accrueTokens(ci, t) // at the old rate up to now
		rc.tokenGen++
		rc.tokenDue = false
	} else {
		rc.gen++
		frac := uniform(s.hashBase, uint64(c.est), uint64(m.progIdx[c.prog]), boolBit(c.group))
		if rc.rate > 0 && !math.IsNaN(rc.next) {
			frac = (rc.next - t) * rc.rate / 12
		}
		rc.next = math.NaN()
		if g > 0 {
			rc.next = t + frac*12/g
			s.cal.Schedule(rc.next, evSlot, int32(ci), rc.gen)
		}
	}
	rc.rate = g
	return true
}
