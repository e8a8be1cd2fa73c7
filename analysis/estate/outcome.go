package estate

import (
	"math"
	"slices"

	"needsplan/analysis/sim"
)

// Outcome counts what happened to people's needs for one establishment ×
// programme in one replication.
type Outcome struct {
	InTime  int // completed at least Consolidation months before release
	Late    int // completed, but within the consolidation window (Options.LateStarts only)
	Dropped int // started and did not complete
	// Untreated counts needs released without starting although the
	// person had time at referral (the inspectors' "released untreated");
	// TooShort those released without starting who never had time: their
	// stay from referral was shorter than the time needed.
	Untreated  int
	TooShort   int
	Waiting    int // still waiting at the horizon
	InProgress int // on the programme at the horizon
	Starts     int // people started
	Cohorts    int
	Empty      int // places left empty in cohorts that ran
	// Starts lost (spread schedule): a due start not made before the next
	// slot or the horizon, by the last reason it could not be — fewer than
	// the minimum cohort in time on the list, no facilitator team free, or
	// the offering suspended.
	LostNoPeople, LostNoTeam, LostSuspended int
	// waits and newWaits hold, sorted, the months from referral to start of
	// everyone started and of the receptions among them (for pooled
	// rollups; SimulateEach drops them).
	waits, newWaits []float64
	// km holds, for every need that had time, the months from referral to
	// start (an event) or to release or the horizon while still waiting
	// (censored): the Kaplan–Meier waits.
	km kmSample
	// PStartInTime is Starts ÷ (Starts + Untreated): of the needs that had
	// time and ended within the run, the share that started (needs still
	// waiting at the horizon are left out). NaN with neither.
	PStartInTime float64
	// KMMedianWait and KMP90Wait are the median and 90th percentile of the
	// months from referral to start, Kaplan–Meier estimates with release
	// and the horizon as censoring (Kaplan & Meier 1958): +Inf when too few
	// start for the estimate to fall that far, NaN with no one.
	KMMedianWait, KMP90Wait float64
	// MeanWait is the months from referral to start, over those started.
	// Referral is counted within the simulated window: people in custody at
	// the start joined the lists at month 0, or at their referral delay if
	// sentenced more recently, so time served before the dataset date does
	// not count.
	MeanWait   float64
	MedianWait float64
	P90Wait    float64
	// MeanWaitNew is MeanWait over receptions only (people who arrived
	// during the run): the wait a new referral can expect.
	MeanWaitNew float64
	// NextStart is the months from the start of the run to the first
	// cohort start (NaN: none before the horizon).
	NextStart float64
	// MeanOnList is the time-average of the needs on the local list over
	// the run (its need-months ÷ the horizon; lists.go).
	MeanOnList float64
	// PlacesDue is the places the offering's schedule made due over the
	// run, after shocks: each spread slot's cohort size, and a ready
	// schedule's starts a year × size accrued over time. PlacesFilled is
	// Starts ÷ PlacesDue (NaN with none due).
	PlacesDue, PlacesFilled float64
}

// Replication is one replication's results.
type Replication struct {
	// Transfers counts transfer outcomes by Model.Programmes index.
	Transfers [][numTransferOutcomes]int
	// Flows counts moves between regions: Flows[from][to], by
	// Model.Regions index.
	Flows [][]int
	// EstFlows counts moves between establishments (moves out, including
	// those that fail, and returns): EstFlows[from][to], by
	// Model.Establishments index; nil without transfers.
	EstFlows [][]int
	// FreeAtHorizon is each establishment's free places at the horizon
	// (operational capacity − people held, by Model.Establishments;
	// places held for a planned move count as taken); nil without
	// transfers. A check of the place accounting.
	FreeAtHorizon []int
	// MoveDelay is the mean months from asking to move to arriving, over
	// the moves made (NaN when none).
	MoveDelay float64
	Outcomes  []Outcome   // by Model.Keys index
	Series    [][]float64 // by Model.SeriesNames: people waiting, sampled monthly
	// Utilisation is, by Model.Establishments, team-months busy over
	// team-months available after team shocks (NaN when none available).
	Utilisation []float64
	Events      int
	// People counts every person simulated (the stock and receptions who
	// need a programme) once, by PersonOutcome.
	People [NumPersonOutcomes]int
	// Releases and RecallReleases count the sentenced people released
	// within the run, needing a programme or not: from sentences, and from
	// recalls (calibration.md §4 publishes the first).
	Releases, RecallReleases int
	// PeopleWaiting is, sampled monthly, the people (each once) with at
	// least one need on a local list.
	PeopleWaiting []float64
}

// newReplication returns the empty results of a replication of m with
// months monthly samples.
func newReplication(m *Model, months int) *Replication {
	res := &Replication{Outcomes: make([]Outcome, len(m.Keys)), Utilisation: make([]float64, len(m.ests)),
		Transfers: make([][numTransferOutcomes]int, len(m.Programmes)), Flows: make([][]int, len(m.Regions))}
	for i := range res.Flows {
		res.Flows[i] = make([]int, len(m.Regions))
	}
	for i := range res.Outcomes {
		res.Outcomes[i].NextStart = math.NaN()
	}
	res.PeopleWaiting = make([]float64, months)
	res.Series = make([][]float64, len(m.SeriesNames))
	for i := range res.Series {
		res.Series[i] = make([]float64, months)
	}
	return res
}

// atHorizon closes the replication at the horizon: team utilisation over
// the team-months available after team shocks, the lists as they are left,
// the places and move delays, every need still open, and the waits.
func (s *runState) atHorizon() {
	m, res := s.m, s.res
	for e := range m.ests {
		tp := &s.teams[e]
		tp.accrue(m.horizon)
		res.Utilisation[e] = math.NaN()
		if tp.capArea > 0 {
			res.Utilisation[e] = tp.busyArea / tp.capArea
		}
	}
	for ci := range s.chans {
		rc := &s.chans[ci]
		switch {
		case s.ready(&m.chans[ci]):
			s.accrueTokens(ci, m.horizon) // the places due to the horizon
		case rc.tokens >= 1 && rc.rate > 0:
			s.loseStart(ci) // due, not made by the horizon
		}
	}
	if last := s.months - 1; float64(last) == m.horizon {
		s.recordWaiting(last) // the month at the horizon: the lists as they are left
	}
	if s.free != nil {
		res.FreeAtHorizon = slices.Clone(s.free)
	}
	res.MoveDelay = math.NaN()
	if s.delayN > 0 {
		res.MoveDelay = s.delaySum / float64(s.delayN)
	}
	s.traceAt = m.horizon
	for i := range s.people {
		s.closePerson(int32(i))
	}
	s.closeLists()
	s.countPeople()
	if s.free != nil {
		s.countWasted()
	}
	for i := range res.Outcomes {
		res.Outcomes[i].summariseWaits()
	}
}

// closePerson counts, at the horizon, the transfers and every need still
// open of a person not released, each in one terminal event.
func (s *runState) closePerson(id int32) {
	m := s.m
	p := &s.people[id]
	if p.released {
		return
	}
	if s.free != nil {
		s.settle(id)
	}
	for k := range p.needs {
		prog := m.chans[p.needs[k]].prog
		switch p.status[k] {
		case nWaiting, nAway:
			o := s.outcome(p, k)
			o.Waiting++
			if m.hadTime(p.release, p.since[k], m.chans[p.needs[k]].duration) {
				o.km.add(m.horizon-p.since[k], false) // still waiting: censored
			}
			s.emit(id, prog, "waiting_at_horizon")
		case nPending: // arrived, not yet referred: counted as waiting
			s.outcome(p, k).Waiting++
			s.emit(id, prog, "referral_pending_at_horizon")
		case nOn:
			s.outcome(p, k).InProgress++
			s.emit(id, prog, "in_progress_at_horizon")
		}
	}
	for _, key := range p.unmet {
		s.res.Outcomes[key].Waiting++
		s.emit(id, m.Keys[key].Programme, "not_run_here_at_horizon")
	}
}

// summariseWaits sorts the outcome's waits and sets the wait measures
// from them: over the people started, and over everyone who had time
// (the probability of starting, the Kaplan–Meier waits).
func (o *Outcome) summariseWaits() {
	slices.Sort(o.waits)
	slices.Sort(o.newWaits)
	o.MeanWait, o.MedianWait, o.P90Wait = waitStats(o.waits)
	o.MeanWaitNew, _, _ = waitStats(o.newWaits)
	o.setShares()
	o.KMMedianWait, o.KMP90Wait = math.NaN(), math.NaN()
	if len(o.km.times) > 0 {
		sv := sim.KaplanMeier(o.km.times, o.km.event)
		o.KMMedianWait, o.KMP90Wait = sv.Quantile(0.5), sv.Quantile(0.9)
	}
}

// setShares sets the outcome's shares from its counts: PStartInTime and
// PlacesFilled.
func (o *Outcome) setShares() {
	o.PStartInTime, o.PlacesFilled = math.NaN(), math.NaN()
	if n := o.Starts + o.Untreated; n > 0 {
		o.PStartInTime = float64(o.Starts) / float64(n)
	}
	if o.PlacesDue > 0 {
		o.PlacesFilled = float64(o.Starts) / o.PlacesDue
	}
}

// kmSample is a set of waits for the Kaplan–Meier estimate: each a time
// and whether it ended in a start (true) or was censored.
type kmSample struct {
	times []float64
	event []bool
}

func (k *kmSample) add(t float64, event bool) {
	k.times = append(k.times, t)
	k.event = append(k.event, event)
}

// waitStats returns the mean, median and 90th percentile of sorted waits
// (NaN when there are none); the quantiles are gonum's empirical ones
// (sim.Band).
func waitStats(sorted []float64) (mean, median, p90 float64) {
	if len(sorted) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	sum := 0.0
	for _, x := range sorted {
		sum += x
	}
	q := sim.Band(sorted, 0.5, 0.9)
	return sum / float64(len(sorted)), q[0], q[1]
}
