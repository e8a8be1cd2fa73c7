package estate

import "needsplan/analysis/sim"

// Sampled receptions. About half of them need no programme (432,108
// receptions in a 5-year replication of the embedded dataset, 236,800
// referrals): such a reception only counts a release, so it need not pass
// through the calendar or touch the person it is drawn from. Each
// establishment's receptions come from a stream of its own (newRun), so
// drawing them ahead, in the same order — a template, then the gap to the
// next reception — gives the same draws; the calendar holds only the next
// reception that needs a programme, and the ones needing none before it
// are counted as they are drawn.

// drawnTemplate is what a drawn reception is judged by before it becomes a
// person: its stay and whether it is a recall (for the release it counts),
// and whether it needs a programme under the suite of the dataset and
// under the one receptions switch to (Options.SwitchAt).
type drawnTemplate struct {
	stay            float64
	recall          bool
	needs, needsAlt bool
}

// drawnOf packs template p.
func drawnOf(p *simPerson) drawnTemplate {
	needs := func(q *simPerson) bool { return len(q.needs)+len(q.unmet) > 0 }
	d := drawnTemplate{stay: p.stay, recall: p.recall, needs: needs(p), needsAlt: needs(p)}
	if p.alt != nil {
		d.needsAlt = needs(p.alt)
	}
	return d
}

// drawReceptions draws establishment e's receptions from the one due at t
// on, until one needs a programme: that one is scheduled (evArrive, B its
// template) and the time of the next is kept in nextArrival. Each one
// needing none before it counts as the event it would have been and, when
// its stay ends before the horizon, as a release.
func (s *runState) drawReceptions(e int, t float64) {
	m := s.m
	est := &m.ests[e]
	ar := s.arrivalRNG[e]
	for t < m.horizon {
		i := est.pick.Draw(ar)
		next := t + ar.ExpFloat64()/est.rate
		d := &est.drawn[i]
		needs := d.needs
		if t >= m.opt.SwitchAt { // as arrive: a template has an alt only when receptions switch
			needs = d.needsAlt
		}
		if needs {
			s.cal.Schedule(t, evArrive, int32(e), int32(i))
			s.nextArrival[e] = next
			return
		}
		s.res.Events++
		if t+d.stay < m.horizon {
			s.countRelease(d.recall)
		}
		t = next
	}
}

// arrive: a sampled reception at an establishment that needs a programme,
// drawn by drawReceptions (A the establishment, B its template), under
// the new suite after a switch; the next ones are drawn first.
func (s *runState) arrive(ev sim.Event) {
	m := s.m
	t := ev.T
	e := int(ev.A)
	tpl := &m.people[m.ests[e].templates[ev.B]]
	s.drawReceptions(e, s.nextArrival[e])
	if tpl.alt != nil && t >= m.opt.SwitchAt {
		tpl = tpl.alt // assessed under the new suite
	}
	sp := *tpl
	sp.release = t + tpl.stay
	if s.free != nil {
		s.free[e]-- // a reception takes a place (possibly beyond capacity: prisons are full)
	}
	s.receive(t, sp, "")
}
