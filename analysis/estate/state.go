package estate

import (
	"math"
	"math/rand/v2"
	"strconv"

	"needsplan/analysis/sim"
	"needsplan/model"
)

// runState is one replication in progress: the calendar, the people and
// the channels' queues, the teams, the moves, and the results as they are
// counted. The event handlers (events.go) are its methods.
type runState struct {
	m     *Model
	cal   sim.Calendar
	res   *Replication
	trace func(TraceEvent) // nil: no trace
	// Common random numbers need each random process on its own stream, so
	// that a change to one (more cohorts somewhere) does not shift the
	// draws of the others (Law 2015, §11.2.1, "synchronization"):
	// receptions draw from one stream per establishment (arrivalRNG);
	// completion and the phase of each offering's schedule are hashed from
	// the person, the programme and the offering (uniform with hashBase);
	// what is left (stale listings) uses the replication's own stream.
	hashBase   uint64
	arrivalRNG []*rand.Rand
	months     int // samples of the series: one a month, month 0 to the horizon

	people []runPerson
	// peopleWaiting is how many people have a need on a local waiting
	// list, kept by setStatus (Replication.PeopleWaiting samples it).
	peopleWaiting int
	// nextArrival is, by establishment, when the reception after the one
	// scheduled is due (drawReceptions).
	nextArrival []float64
	chans       []runChan // by Model.chans index
	// queueOf maps every channel to the channel whose queue it takes people
	// from: the first of its establishment × programme.
	queueOf []int32
	waitN   []int // people waiting, by queue (first channel)
	// listArea is each queue's need-months waiting so far, accrued to
	// listLast at each change of waitN (listAdd).
	listArea, listLast []float64
	teams              []teamPool
	// readySchedule is whether group channels follow the ready schedule.
	readySchedule bool
	priority      priorityFunc // of Options.Policy
	cands         []cand       // tryStart's candidates, kept to reuse
	// Slabs hold every person's per-need status and joining time, so an
	// arrival costs no allocation of its own.
	statusSlab []uint8
	sinceSlab  []float64

	// Tracing: names by run id, the number of sampled receptions named so
	// far, and, when not negative, the time of trace events (the horizon).
	names      []string
	receptions int
	traceAt    float64

	transfers // moves.go
}

// runPerson is a person in a replication: their needs' statuses and what
// they are doing.
type runPerson struct {
	simPerson
	busyUntil float64
	released  bool
	reception bool      // arrived during the run (its waits are new referrals')
	hadTime   bool      // a need was released untreated although they had time
	waiting   uint8     // needs on a local waiting list (nWaiting)
	moving    int32     // index of the pending move, or −1
	status    []uint8   // per need (a window of one slab for all people); set by setStatus
	since     []float64 // when each need joined its list
}

// need statuses
const (
	nPending uint8 = iota // not yet referred: on no list
	nWaiting
	nOn
	nDone
	nDropped
	nUntreated
	nAway // waiting, but moved to a prison that does not run the programme
)

// queueEntry is a person's need on a queue.
type queueEntry struct {
	person int32
	need   int32
}

// runChan is a channel in a replication: its queue (for the first channel
// of an establishment × programme), its schedule and its running cohorts.
type runChan struct {
	queue   []queueEntry
	tokens  float64
	lastTok float64
	// rate is the starts a year now (groups_per_year, or one-to-one places,
	// after shocks); a change of rate starts a new generation of slot
	// events (gen), and slot events of an older one are ignored. next is
	// when the current generation's next slot falls (NaN: none).
	rate float64
	gen  int32
	next float64
	// A ready schedule's pending token event (evToken), of generation
	// tokenGen.
	tokenDue bool
	tokenGen int32
	cohorts  []runCohort
	// why is the last reason a start due on the channel was not made
	// (whyNone when it was): a start lost at the next slot, or left at the
	// horizon, is counted under it (Outcome.LostNoPeople …).
	why uint8
}

// Why a due start was not made.
const (
	whyNone uint8 = iota
	whySuspended
	whyNoTeam
	whyNoPeople
)

// runCohort is a cohort running on a channel.
type runCohort struct {
	members []queueEntry
	part    bool // run by the part-time team (teamPool)
}

// newRun sets up a replication of m drawing from r, before any event.
func newRun(m *Model, r *rand.Rand, trace func(TraceEvent)) *runState {
	s := &runState{m: m, trace: trace, traceAt: -1}
	base := r.Uint64()
	s.arrivalRNG = make([]*rand.Rand, len(m.ests))
	s.nextArrival = make([]float64, len(m.ests))
	for e := range s.arrivalRNG {
		s.arrivalRNG[e] = rand.New(rand.NewPCG(base, uint64(e)+1))
	}
	s.hashBase = r.Uint64()
	s.months = int(math.Floor(m.horizon)) + 1
	s.res = newReplication(m, s.months)
	// Room for the stock and, with a tenth to spare, the expected receptions
	// that need a programme (drawReceptions adds no one else).
	arrivals := float64(len(m.flow))
	for e := range m.ests {
		arrivals += m.ests[e].rate * m.horizon * m.ests[e].needing
	}
	s.people = make([]runPerson, 0, len(m.people)+int(arrivals*1.1)+16)
	s.chans = make([]runChan, len(m.chans))
	s.waitN = make([]int, len(m.chans))
	s.listArea, s.listLast = make([]float64, len(m.chans)), make([]float64, len(m.chans))
	s.queueOf = queuesOf(m.chans)
	s.teams = make([]teamPool, len(m.ests))
	for e := range s.teams {
		s.teams[e].capacity = m.capacityAt(e, 0)
	}
	s.readySchedule = m.opt.Schedule == model.Ready
	s.priority = priorityOf(m.opt.Policy)
	s.initTransfers(r)
	return s
}

// queuesOf maps each channel to the queue it takes people from: the queue
// of a programme at an establishment is its first channel's.
func queuesOf(chans []simChan) []int32 {
	queueOf := make([]int32, len(chans))
	first := map[[2]int32]int32{}
	for i, c := range chans {
		k := [2]int32{c.est, c.key}
		if f, ok := first[k]; ok {
			queueOf[i] = f
		} else {
			first[k] = int32(i)
			queueOf[i] = int32(i)
		}
	}
	return queueOf
}

// addPerson adds a person who joins the lists at joined (not yet: the
// caller refers them) and schedules their release before the horizon.
// name is their trace name; "" names a sampled reception R<n>.
func (s *runState) addPerson(sp simPerson, joined float64, name string, reception bool) int32 {
	id := int32(len(s.people))
	n := len(sp.needs)
	if len(s.statusSlab) < n {
		s.statusSlab, s.sinceSlab = make([]uint8, 1<<16), make([]float64, 1<<16)
	}
	rp := runPerson{simPerson: sp, status: s.statusSlab[:n:n], since: s.sinceSlab[:n:n], moving: -1, reception: reception}
	s.statusSlab, s.sinceSlab = s.statusSlab[n:], s.sinceSlab[n:]
	rp.joined = joined
	s.people = append(s.people, rp)
	if s.trace != nil {
		if name == "" {
			s.receptions++
			name = "R" + strconv.Itoa(s.receptions)
		}
		s.names = append(s.names, name)
	}
	if sp.release < s.m.horizon {
		s.cal.Schedule(math.Max(s.cal.Now(), sp.release), evRelease, id, 0)
	}
	return id
}

// join puts a person's needs on the lists and, when try is set, tries
// to start cohorts for them; with transfers, a person needing programmes
// not run here asks to move.
func (s *runState) join(id int32, try bool) {
	m := s.m
	p := &s.people[id]
	for k, ch := range p.needs {
		s.setStatus(p, k, nWaiting)
		p.since[k] = p.joined
		s.chans[ch].queue = append(s.chans[ch].queue, queueEntry{id, int32(k)})
		s.listAdd(ch, 1)
		s.emit(id, m.chans[ch].prog, "waiting")
	}
	for _, ch := range p.needs {
		for _, c := range m.ests[p.est].chans {
			if try && s.queueOf[c] == ch {
				s.tryStart(int(c))
			}
		}
	}
	if m.opt.Transfers && len(p.unmet) > 0 {
		s.requestMove(id, -1)
	}
}

// emit traces a step of person id (when tracing).
func (s *runState) emit(id int32, prog, event string) {
	if s.trace != nil {
		s.emitTrace(id, prog, event)
	}
}

func (s *runState) emitTrace(id int32, prog, event string) {
	p := &s.people[id]
	t := s.cal.Now()
	if s.traceAt >= 0 {
		t = s.traceAt
	}
	e := TraceEvent{Time: t, Person: s.names[id], Programme: prog, Event: event, Establishment: s.m.ests[p.est].code}
	if p.reception && p.stock >= 0 {
		e.Template = s.m.ids[p.stock]
	}
	s.trace(e)
}

// outcome returns the outcome counted for need k of p.
func (s *runState) outcome(p *runPerson, k int) *Outcome {
	return &s.res.Outcomes[s.m.chans[p.needs[k]].key]
}

// recordWaiting records the people waiting on the lists in month mth.
func (s *runState) recordWaiting(mth int) {
	for ci, n := range s.waitN {
		if s.queueOf[ci] == int32(ci) {
			s.res.Series[0][mth] += float64(n)
			s.res.Series[s.m.chans[ci].series][mth] += float64(n)
		}
	}
	s.recordPeopleWaiting(mth)
}

// uniform returns a number in [0, 1) determined by its arguments: the
// SplitMix64 finaliser (Steele, Lea and Flood 2014, "Fast splittable
// pseudorandom number generators", OOPSLA) applied to a mix of them, the top
// 53 bits as a fraction. It gives each (person, programme) or offering its
// own draw, whatever else the replication does.
func uniform(seed, a, b, c uint64) float64 {
	z := seed ^ a*0x9E3779B97F4A7C15 ^ b*0xBF58476D1CE4E5B9 ^ c*0x94D049BB133111EB
	for range 2 {
		z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
		z = (z ^ z>>27) * 0x94D049BB133111EB
		z ^= z >> 31
	}
	return float64(z>>11) / (1 << 53)
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
