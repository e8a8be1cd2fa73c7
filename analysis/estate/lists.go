package estate

// listAdd changes the needs on queue q's list (runState.waitN) by delta at
// the current time, first accruing the need-months the list held since its
// last change: the area under the list's length, whose time-average
// (Outcome.MeanOnList) Little's law (Little 1961, "A proof for the queuing
// formula L = λW", Operations Research 9(3)) equals the referrals a month
// times the mean months on the list, counting every way off it (a start,
// release, a move, the horizon).
func (s *runState) listAdd(q int32, delta int) {
	t := s.cal.Now()
	s.listArea[q] += float64(s.waitN[q]) * (t - s.listLast[q])
	s.listLast[q] = t
	s.waitN[q] += delta
}

// closeLists accrues every list's area to the horizon and sets each
// establishment × programme's mean needs on its list.
func (s *runState) closeLists() {
	m := s.m
	for q := range s.waitN {
		if s.queueOf[q] != int32(q) {
			continue
		}
		s.listArea[q] += float64(s.waitN[q]) * (m.horizon - s.listLast[q])
		s.listLast[q] = m.horizon
		if m.horizon > 0 {
			s.res.Outcomes[m.chans[q].key].MeanOnList += s.listArea[q] / m.horizon
		}
	}
}
