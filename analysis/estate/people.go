package estate

import "needsplan/model"

// PersonOutcome is what happened to a person by the end of the run, each
// person counted once (the needs' outcomes count a person once per
// programme). A person takes the first that applies, in this order:
// completed a programme; on one at the horizon; started and dropped out of
// every one started; released without starting any although they had time
// for at least one (the inspectors' "released untreated"); released
// without starting, never having had time for any (too short a stay);
// still waiting at the horizon.
type PersonOutcome uint8

// Person outcomes, in the order of precedence.
const (
	PersonCompleted PersonOutcome = iota
	PersonInProgress
	PersonDropped
	PersonUntreated
	PersonTooShort
	PersonWaiting
	NumPersonOutcomes
)

// PersonOutcomes names the person outcomes by PersonOutcome, as tables and
// files show them ("people_" and the need outcome's name).
var PersonOutcomes = [NumPersonOutcomes]string{"people_completed", "people_in_progress_at_horizon", "people_dropped_out",
	"people_released_untreated", "people_released_too_short", "people_waiting_at_horizon"}

// personOutcome is person p's outcome at the end of the run, from their
// needs' statuses (rejoined needs included) and whether a need released
// untreated had time.
func personOutcome(p *runPerson) PersonOutcome {
	var on, dropped bool
	for _, st := range p.status {
		switch st {
		case nDone:
			return PersonCompleted
		case nOn:
			on = true
		case nDropped:
			dropped = true
		}
	}
	switch {
	case on:
		return PersonInProgress
	case dropped:
		return PersonDropped
	case !p.released:
		return PersonWaiting
	case p.hadTime:
		return PersonUntreated
	}
	return PersonTooShort
}

// countPeople counts, at the end of the run, every person simulated in
// one person outcome.
func (s *runState) countPeople() {
	for i := range s.people {
		s.res.People[personOutcome(&s.people[i])]++
	}
}

// countRelease counts a release within the run of a sentenced person, by
// whether they were recalled (Replication.Releases), whether or not they
// need a programme.
func (s *runState) countRelease(recall bool) {
	if recall {
		s.res.RecallReleases++
	} else {
		s.res.Releases++
	}
}

// recordPeopleWaiting records, for month mth, the people (each once)
// with at least one need on a local waiting list.
func (s *runState) recordPeopleWaiting(mth int) {
	s.res.PeopleWaiting[mth] = float64(s.peopleWaiting)
}

// setStatus sets the status of need k of p, keeping the count of people
// waiting: a person is counted while at least one of their needs is on a
// local list (a released person has none: release marks them untreated).
func (s *runState) setStatus(p *runPerson, k int, st uint8) {
	was := p.status[k] == nWaiting
	p.status[k] = st
	switch {
	case was && st != nWaiting:
		p.waiting--
		if p.waiting == 0 {
			s.peopleWaiting--
		}
	case !was && st == nWaiting:
		if p.waiting == 0 {
			s.peopleWaiting++
		}
		p.waiting++
	}
}

// isRecall reports whether a profile is serving a recall: its releases
// are counted apart from releases from sentences (calibration.md §4 counts
// those).
func isRecall(p *model.Profile) bool { return p.SentenceType == model.Recall }
