package estate

import "needsplan/model"

// Shocks change delivery over a period (model.Shock): a suspension stops
// an offering's starts, a groups shock changes its starts a year, a team
// shock scales an establishment's facilitator teams (docs/simulation.md).
// Each begins and ends as an evShock event; in between, the functions here
// say what delivery is at a time.

// groupsLater reports whether a shock gives the offering groups at some
// point (a scenario adding it from a month, or a groups: shock on an
// offering with none at the start), so that it needs a group channel.
func groupsLater(shocks []model.Shock, est, prog string) bool {
	for i := range shocks {
		if shocks[i].Groups > 0 && shocks[i].Matches(est, prog) {
			return true
		}
	}
	return false
}

// oneToOneLater reports whether a shock gives the offering one-to-one
// places at some point (a scenario adding them from a month), so that it
// needs a one-to-one channel.
func oneToOneLater(shocks []model.Shock, est, prog string) bool {
	for i := range shocks {
		if shocks[i].OneToOne.Val > 0 && shocks[i].OneToOne.OK && shocks[i].Matches(est, prog) {
			return true
		}
	}
	return false
}

// suspended reports whether a suspension active at t stops channel c's
// starts.
func (m *Model) suspended(c *simChan, t float64) bool {
	for i := range m.opt.Shocks {
		s := &m.opt.Shocks[i]
		if s.Suspend && s.Active(t) && s.Matches(m.ests[c.est].code, c.prog) {
			return true
		}
	}
	return false
}

// capacityAt is the establishment's teams at t: facilitator_teams times
// the factors of the team shocks active then.
func (m *Model) capacityAt(e int, t float64) float64 {
	n := float64(m.ests[e].teams)
	for i := range m.opt.Shocks {
		s := &m.opt.Shocks[i]
		if f, ok := s.Team(); ok && s.Active(t) && s.Matches(m.ests[e].code, "") {
			n *= f
		}
	}
	return n
}

// perYearAt is a channel's starts a year at t: groups_per_year, or for
// one-to-one places their number, as the groups shocks active then
// leave them (the last in the list wins). A shock that sets OneToOne
// (scenario changes do) gives the one-to-one places directly; a groups
// shock without it (simulate --shock groups:) scales an offering's
// one-to-one places by new/old groups_per_year, and for an offering
// with no groups at the start 0 stops them and another value leaves them
// as they are (the groups go to the group channel).
func (m *Model) perYearAt(c *simChan, t float64) float64 {
	g := c.perYear
	for i := range m.opt.Shocks {
		s := &m.opt.Shocks[i]
		if s.Groups < 0 && !s.OneToOne.OK || !s.Active(t) || !s.Matches(m.ests[c.est].code, c.prog) {
			continue
		}
		switch {
		case c.group && s.Groups < 0:
			// a one-to-one change only: the groups are unchanged
		case c.group:
			g = s.Groups
		case s.OneToOne.OK:
			g = s.OneToOne.Val
		case c.groupBase > 0:
			g = c.perYear * s.Groups / c.groupBase
		case s.Groups == 0:
			g = 0
		default:
			g = c.perYear
		}
	}
	return g
}

// applyShock applies shock sh beginning or ending at t: a team shock
// changes the teams of the establishments it matches (their busy and
// available team-months brought up to t first), a groups shock the rates
// of the channels it matches; each channel it changes tries to start (one
// a shock changes nothing for tries nothing).
func (s *runState) applyShock(sh *model.Shock, t float64) {
	m := s.m
	_, teamShock := sh.Team()
	if teamShock {
		for e := range m.ests {
			if sh.Matches(m.ests[e].code, "") {
				s.teams[e].accrue(t)
				s.teams[e].capacity = m.capacityAt(e, t)
			}
		}
	}
	for ci := range m.chans {
		c := &m.chans[ci]
		if !sh.Matches(m.ests[c.est].code, c.prog) {
			continue
		}
		changed := sh.Suspend || teamShock
		if (sh.Groups >= 0 || sh.OneToOne.OK) && s.setRate(ci, t) {
			changed = true
		}
		if changed { // a shock that changes nothing here tries nothing
			s.tryStart(ci)
		}
	}
}
