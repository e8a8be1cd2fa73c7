package estate

import (
	"math"
	"slices"

	"needsplan/model"
)

// Reserved seats (Options.ReserveSeats, docs/transfers.md): a person moves
// only when a seat is held for them in a cohort at the destination that
// starts after they can arrive and by their latest start. The destination
// is the one with the earliest such start plus the move's cost read as
// months (model.MoveCost: a month for a change of region, 0.2 for a prison
// of the wrong function; an assumption), and the cohort takes them first.
// Seats are reserved on the spread schedule, whose starts are known ahead
// (slots every 12/rate months from the channel's next); with the ready
// schedule moves go as without the rule.

// reservation is the seat held for a person: in the cohort of channel ch
// starting at, and the key of that start's seat count. ch is −1 for a
// stale listing: the directory promises a seat the prison cannot give.
type reservation struct {
	ch  int32
	at  float64
	key seatKey
}

// seatKey names one cohort start of a channel, for counting its seats.
type seatKey struct {
	ch   int32
	slot int64 // the start's time in 1/10,000 months
}

// reserving reports whether moves hold seats in this replication.
func (s *runState) reserving() bool { return s.m.opt.ReserveSeats && !s.readySchedule }

// reservedDestination chooses where person id (p, asking at the current
// time with left months to release) moves for the programmes timely:
// among the listings requestMove's rules allow, the one whose earliest
// start with a free seat, after the move's delay and by the person's
// latest start for that programme, plus the move's cost, is least (ties:
// the lower establishment index). It returns the establishment, the
// programmes listed there, and the seat (−1 and no seat when there is
// none).
func (s *runState) reservedDestination(p *runPerson, rec *transferRecord, timely []string, left float64) (int32, []string, reservation) {
	m := s.m
	now := s.cal.Now()
	from := p.est
	best, bestScore := int32(-1), math.Inf(1)
	var seat reservation
	for _, g := range timely {
		gi := int32(m.progIdx[g])
		latest := p.release - m.timeNeeded(m.durationOf(g))
		for _, l := range s.directory[g] {
			e := l.est
			if e == from || s.free[e] <= 0 || rec.hasLeft(e) || rec.knowsStale(e, gi) ||
				!model.MoveAllowed(&m.estRecs[e], p.sex, p.cat, p.age) {
				continue
			}
			r, ok := s.earliestSeat(e, g, now+m.opt.TransferDelay, latest)
			if !ok {
				continue
			}
			if sc := r.at + model.MoveCost(&m.estRecs[from], &m.estRecs[e], left); sc < bestScore || sc == bestScore && e < best {
				best, bestScore, seat = e, sc, r
			}
		}
	}
	if best < 0 {
		return -1, nil, reservation{}
	}
	var chosen []string
	for _, g := range timely {
		if slices.ContainsFunc(s.directory[g], func(l simListing) bool { return l.est == best }) {
			chosen = append(chosen, g)
		}
	}
	return best, chosen, seat
}

// earliestSeat returns the first start of programme g at establishment e
// at or after arrive and by latest with a seat free: over e's channels for
// g, slots at rc.next + k × 12/rate. A listing with no channel (stale)
// promises a seat on arrival.
func (s *runState) earliestSeat(e int32, g string, arrive, latest float64) (reservation, bool) {
	m := s.m
	if arrive > latest {
		return reservation{}, false
	}
	best := reservation{ch: -1, at: math.Inf(1)}
	found, runs := false, false
	for _, ci := range m.ests[e].chans {
		c := &m.chans[ci]
		rc := &s.chans[ci]
		if c.prog != g {
			continue
		}
		runs = true
		if rc.rate <= 0 || math.IsNaN(rc.next) {
			continue
		}
		step := 12 / rc.rate
		k := math.Max(0, math.Ceil((arrive-rc.next)/step-1e-9))
		for t := rc.next + k*step; t <= latest && t < best.at; t += step {
			key := seatKey{ci, int64(math.Round(t * 1e4))}
			if s.seats[key] < c.size {
				best, found = reservation{ch: ci, at: t, key: key}, true
				break
			}
		}
	}
	if !runs {
		return reservation{ch: -1, at: arrive}, true // a stale listing: the seat is only promised
	}
	return best, found
}

// hold records the seat r for person id.
func (s *runState) hold(id int32, r reservation) {
	s.resv[id] = r
	if r.ch >= 0 {
		s.seats[r.key]++
	}
}

// unhold gives up person id's seat, if any (released, started, or the
// move called off).
func (s *runState) unhold(id int32) {
	r, ok := s.resv[id]
	if !ok {
		return
	}
	delete(s.resv, id)
	if r.ch >= 0 {
		s.seats[r.key]--
	}
}

// holdsSeat reports whether person id holds a seat in a cohort of channel
// ci starting at t or before (a start moved later by a shock still takes
// them first).
func (s *runState) holdsSeat(id int32, ci int, t float64) bool {
	r, ok := s.resv[id]
	return ok && r.ch == int32(ci) && r.at <= t+1e-9
}

// startedHere counts a start of person id on programme prog at
// establishment est as the use of their last move, when it was a move
// there for that programme (Replication.Transfers: TransferUseful).
func (s *runState) startedHere(id int32, est int32, prog string) {
	rec := s.records[id]
	if rec == nil || rec.last < 0 {
		return
	}
	mv := &s.moves[rec.last]
	if mv.made && !mv.useful && mv.to == est && slices.Contains(mv.progs, prog) {
		mv.useful = true
		s.res.Transfers[s.m.progIdx[rec.prog]][TransferUseful]++
	}
}

// countWasted counts, at the horizon, every move made that led to no start
// of a programme it was for at the destination (Replication.Transfers:
// TransferWasted), failed moves on stale listings included.
func (s *runState) countWasted() {
	for i := range s.moves {
		if mv := &s.moves[i]; mv.made && !mv.useful {
			s.res.Transfers[s.m.progIdx[s.records[mv.person].prog]][TransferWasted]++
		}
	}
}
