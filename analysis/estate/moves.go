package estate

import (
	"math"
	"math/rand/v2"
	"slices"

	"needsplan/analysis/sim"
	"needsplan/model"
)

// MaxMovesPerPerson is the most moves a person makes in one simulation to
// a prison that runs a programme they moved for: a move for a programme
// not run where they are, and one more after too long a wait at the new
// prison (docs/transfers.md; an assumption that stops people being moved
// round the estate). Moves that fail on a stale listing, and the returns
// after them, do not count: each failure teaches the person that listing,
// so their retries end.
const MaxMovesPerPerson = 2

// Transfer outcomes, per programme (Replication.Transfers), counted per person
// under the first programme they asked to move for: Required = Moved +
// Waiting + NoMove + TransferCancelled, each person counted once at
// release or the horizon; Failed (and TransferReturned) count events.
const (
	TransferRequired = iota // needed a move: a programme not run where they were, or a wait past TransferAfter
	TransferMoved           // moved, and joined the programme's list there
	TransferFailed          // moves made on a stale listing, found not running, and sent back (events)
	TransferWaiting         // waiting for a planned move at release or the horizon
	TransferNoMove          // no establishment could take them (or no time to move and complete)
	numInspectorOutcomes
)

// Transfer outcome indices beyond the inspectors' categories (Replication.Transfers).
const (
	// TransferCancelled: a planned move was called off because the
	// programme started where the person was, or they no longer had time to
	// complete it before release, and they made no move.
	TransferCancelled = numInspectorOutcomes + iota
	// TransferReturned counts returns from failed moves (events: a person
	// can be sent back more than once).
	TransferReturned
	// TransferMade counts moves made (events, failed ones included);
	// TransferUseful those after which the person started a programme the
	// move was for at the destination; TransferWasted the rest, counted at
	// the horizon (TransferMade = TransferUseful + TransferWasted + moves
	// whose programme is still to start at the horizon … which count as
	// wasted: the run gives them no start).
	TransferMade
	TransferUseful
	TransferWasted
	numTransferOutcomes
)

// TransferNames name the transfer outcomes in tables, by their index
// (TransferRequired …): an array as long as the outcomes, so a new outcome
// without a name does not compile.
var TransferNames = [numTransferOutcomes]string{
	TransferRequired:  "transfers_required",
	TransferMoved:     "transfers_moved",
	TransferFailed:    "transfers_failed",
	TransferWaiting:   "transfers_waiting_for_planned_move",
	TransferNoMove:    "transfers_no_move_possible",
	TransferCancelled: "transfers_cancelled",
	TransferReturned:  "transfers_returned",
	TransferMade:      "moves_made",
	TransferUseful:    "moves_useful",
	TransferWasted:    "moves_wasted",
}

// simListing is one entry of the planners' directory: an establishment
// listed as running a programme, with its listed places a year.
type simListing struct {
	est    int32
	places float64
}

// listedPlaces returns the places a year of each establishment × programme
// that runs (its group and one-to-one channels), by programme and
// establishment.
func (m *Model) listedPlaces() map[string]map[int32]float64 {
	out := map[string]map[int32]float64{}
	for i := range m.chans {
		c := &m.chans[i]
		if out[c.prog] == nil {
			out[c.prog] = map[int32]float64{}
		}
		out[c.prog][c.est] += c.perYear * float64(c.size)
	}
	return out
}

// directory draws one replication's directory of offerings, by programme:
// every establishment that runs it, with its places a year, and stale
// listings — establishments that do not run it but are listed as if they
// did. Each establishment × programme not running is listed with
// probability q = n·s / ((1 − s)(E − n)) (at most 1), where n
// establishments of E run the programme and s is StaleShare, so that the
// expected number of stale listings is n·s/(1 − s) and the expected share
// of listings that are stale is s. A stale listing's places are copied
// from one of the programme's real listings drawn at random, so stale and
// real listings look alike to a planner (docs/transfers.md). Draws come
// from r, in programme then establishment order.
func (m *Model) directory(r *rand.Rand) map[string][]simListing {
	places := m.listedPlaces()
	out := map[string][]simListing{}
	for _, prog := range m.Programmes {
		runs := m.runs[prog]
		var ls []simListing
		for _, e := range runs {
			ls = append(ls, simListing{e, places[prog][e]})
		}
		n, total := len(runs), len(m.ests)
		s := m.opt.StaleShare
		if s > 0 && n > 0 && total > n {
			q := math.Min(1, float64(n)*s/((1-s)*float64(total-n)))
			k := 0
			for e := range int32(total) {
				for k < n && runs[k] < e {
					k++
				}
				if k < n && runs[k] == e {
					continue // runs it: a real listing
				}
				if r.Float64() < q {
					ls = append(ls, simListing{e, places[prog][runs[r.IntN(n)]]})
				}
			}
		}
		if len(ls) > 0 {
			out[prog] = ls
		}
	}
	return out
}

// transferRecord is one person's transfers in a replication.
type transferRecord struct {
	prog      string // the programme the person's transfer counts are kept under
	requests  int    // moves asked for
	moves     int    // moves out made or planned, not counting failed ones
	moved     bool   // arrived at a prison running a programme they moved for
	cancelled bool
	settled   bool    // outcome counted (at release or the horizon)
	arrived   float64 // when they last arrived somewhere by a move
	left      []int32 // establishments they have moved away from
	stale     [][2]int32
	last      int32 // index of their latest move (s.moves), −1 before any
}

// knowsStale reports whether the person found establishment e's listing
// for programme index g out of date.
func (r *transferRecord) knowsStale(e, g int32) bool {
	for _, k := range r.stale {
		if k == [2]int32{e, g} {
			return true
		}
	}
	return false
}

// hasLeft reports whether the person has moved away from establishment e.
func (r *transferRecord) hasLeft(e int32) bool {
	for _, x := range r.left {
		if x == e {
			return true
		}
	}
	return false
}

// Flow is the mean number of moves from one establishment to another
// across replications, with its 95% interval (cut at 0).
type Flow struct {
	From, To string
	Moves    sim.Summary
}

// NetFlow is one establishment's moves out and in and net flow (in −
// out) across replications, with 95% intervals (those of the counts cut
// at 0; the net may be negative).
type NetFlow struct {
	Establishment string
	Out, In, Net  sim.Summary
}

// countSummary is a's summary with the interval cut at 0: a count cannot
// be negative, and the t interval of a mean of small counts (many zeros)
// can reach below it. Cutting keeps the interval's coverage of the true
// mean, which is ≥ 0 (docs/simulation.md).
func countSummary(a *sim.Acc) sim.Summary {
	s := a.Summary()
	if s.Lo < 0 {
		s.Lo = 0
	}
	return s
}

// countSummaries is countSummary of each.
func countSummaries(accs []sim.Acc) []sim.Summary {
	out := make([]sim.Summary, len(accs))
	for i := range accs {
		out[i] = countSummary(&accs[i])
	}
	return out
}

// estFlowAcc accumulates the moves between establishments over
// replications.
type estFlowAcc struct {
	pairs        [][]sim.Acc // [from][to]
	out, in, net []sim.Acc
}

func newEstFlowAcc(n int) *estFlowAcc {
	a := &estFlowAcc{pairs: make([][]sim.Acc, n), out: make([]sim.Acc, n), in: make([]sim.Acc, n), net: make([]sim.Acc, n)}
	for i := range a.pairs {
		a.pairs[i] = make([]sim.Acc, n)
	}
	return a
}

// add folds in one replication's moves.
func (a *estFlowAcc) add(flows [][]int) {
	n := len(a.pairs)
	out, in := make([]int, n), make([]int, n)
	for i := range n {
		for j := range n {
			v := 0
			if i < len(flows) && j < len(flows[i]) {
				v = flows[i][j]
			}
			a.pairs[i][j].Add(float64(v))
			out[i] += v
			in[j] += v
		}
	}
	for i := range n {
		a.out[i].Add(float64(out[i]))
		a.in[i].Add(float64(in[i]))
		a.net[i].Add(float64(in[i] - out[i]))
	}
}

// summaries returns the pairs and establishments with a move in some
// replication, in establishment order.
func (a *estFlowAcc) summaries(names []string) ([]Flow, []NetFlow) {
	var fs []Flow
	var ns []NetFlow
	for i := range a.pairs {
		for j := range a.pairs[i] {
			if s := countSummary(&a.pairs[i][j]); s.Mean > 0 {
				fs = append(fs, Flow{From: names[i], To: names[j], Moves: s})
			}
		}
		o, in := countSummary(&a.out[i]), countSummary(&a.in[i])
		if o.Mean > 0 || in.Mean > 0 {
			ns = append(ns, NetFlow{Establishment: names[i], Out: o, In: in, Net: a.net[i].Summary()})
		}
	}
	return fs, ns
}

// transfers is a replication's moves (docs/transfers.md): free places by
// establishment, the planners' directory of who runs what (real listings
// and stale ones), the moves asked for, and each person's transfer record.
type transfers struct {
	moves []move
	free  []int // by establishment; nil without transfers
	// asked holds the needs that already asked to move after a long wait.
	asked        map[[2]int32]bool
	delaySum     float64 // months from asking to arriving, over delayN moves made
	delayN       int
	directory    map[string][]simListing
	records      map[int32]*transferRecord
	monthsNeeded map[string]float64 // by programme, from the catalogue
	// requestMove's scores of destinations by establishment, and those
	// scored, kept to reuse.
	scores  []destScore
	touched []int32
	// Reserved seats (reserve.go): each moving person's seat, and the
	// seats held in each cohort start.
	resv  map[int32]reservation
	seats map[seatKey]int
}

// move is a move asked for.
type move struct {
	person    int32
	from, to  int32
	progs     []string // the programmes the move is for, listed at to
	local     int32    // the local need a move after a long wait is for; −1: programmes not run at the origin
	requested float64
	state     uint8
	made      bool // the move was made (arrived, or found stale)
	useful    bool // the person then started a programme it was for there
}

// move states
const (
	movePending uint8 = iota
	moveReturning
	moveDone
	moveCancelled
)

// destScore is an establishment's score as the destination of a move: the
// programmes asked for listed there, and their listed places.
type destScore struct {
	served int
	places float64
	progs  []string
}

// initTransfers sets up the moves of a replication; with transfers it
// draws the directory from r.
func (s *runState) initTransfers(r *rand.Rand) {
	m := s.m
	s.asked = map[[2]int32]bool{}
	s.records = map[int32]*transferRecord{}
	s.resv, s.seats = map[int32]reservation{}, map[seatKey]int{}
	s.monthsNeeded = map[string]float64{}
	if m.opt.Transfers {
		s.free = slices.Clone(m.free0)
		s.directory = m.directory(r)
		for _, prog := range m.Programmes {
			if g, ok := m.cat.Lookup(prog); ok {
				s.monthsNeeded[prog] = g.MonthsNeeded.Value
			}
		}
		s.res.EstFlows = make([][]int, len(m.ests))
		for i := range s.res.EstFlows {
			s.res.EstFlows[i] = make([]int, len(m.ests))
		}
	}
	s.scores = make([]destScore, len(m.ests))
}

// countMove counts a move between establishments and their regions.
func (s *runState) countMove(from, to int32) {
	s.res.Flows[s.m.regionIdx[from]][s.m.regionIdx[to]]++
	s.res.EstFlows[from][to]++
}

// settle counts a person's transfer outcome once, at release or the
// horizon: waiting for a planned move (one pending, or on the way back
// from a failed one, to ask again), moved, move cancelled, or no move
// possible.
func (s *runState) settle(id int32) {
	rec := s.records[id]
	if rec == nil || rec.settled {
		return
	}
	rec.settled = true
	out := &s.res.Transfers[s.m.progIdx[rec.prog]]
	switch {
	case s.people[id].moving >= 0:
		out[TransferWaiting]++
	case rec.moved:
		out[TransferMoved]++
	case rec.cancelled:
		out[TransferCancelled]++
	default:
		out[TransferNoMove]++
	}
}

// cancelMove calls off pending move mi, giving back the place held for it.
func (s *runState) cancelMove(mi int32) {
	mv := &s.moves[mi]
	mv.state = moveCancelled
	s.free[mv.to]++
	s.people[mv.person].moving = -1
	s.unhold(mv.person)
	s.records[mv.person].cancelled = true
}

// leave settles a released person's transfers and gives back the place
// held for them at a destination (a pending move) or at the stale
// listing they are being sent back from; the place where they are is
// freed by the release itself.
func (s *runState) leave(id int32) {
	s.settle(id)
	s.unhold(id)
	p := &s.people[id]
	if p.moving < 0 {
		return
	}
	mv := &s.moves[p.moving]
	if mv.state == movePending || mv.state == moveReturning {
		s.free[mv.to]++
		mv.state = moveDone
	}
	p.moving = -1
}

// requestMove asks for a move: for the person's programmes not run
// where they are (local < 0), or for their local need local after a
// long wait. A person who needs a programme they could complete before
// release counts as required (once); they can move for the programmes
// they have time to move for and complete (months_needed plus the
// move's delay, as in the static analysis), to an establishment listed
// as running one of them that holds their sex and suits their security
// category and age (MoveAllowed), has a free place, and that they have
// neither left nor found stale. The choice: the most of those
// programmes listed there, then the lowest move cost (same region;
// training prisons for long sentences, resettlement prisons in the
// final year: moveCost), then at random in proportion to the listed
// places, so a stale listing is no likelier to be chosen than a real one
// like it.
func (s *runState) requestMove(id int32, local int32) {
	m := s.m
	p := &s.people[id]
	t := s.cal.Now()
	left := p.release - t
	var progs []string
	if local >= 0 {
		if p.status[local] != nWaiting {
			return
		}
		progs = []string{m.chans[p.needs[local]].prog}
	} else {
		for _, k := range p.unmet {
			progs = append(progs, m.Keys[k].Programme)
		}
	}
	first, timely := s.timely(progs, left)
	if first == "" {
		return // no time to complete any of them: no move is needed
	}
	rec := s.records[id]
	if rec == nil {
		rec = &transferRecord{prog: first, last: -1}
		if len(timely) > 0 {
			rec.prog = timely[0]
		}
		s.records[id] = rec
		s.res.Transfers[m.progIdx[rec.prog]][TransferRequired]++
	}
	rec.requests++
	if rec.moves >= MaxMovesPerPerson || p.moving >= 0 {
		return
	}
	from := p.est
	var best int32
	var chosen []string
	var seat reservation
	if s.reserving() {
		best, chosen, seat = s.reservedDestination(p, rec, timely, left)
	} else {
		best, chosen = s.destination(id, p, rec, timely, left)
	}
	if best < 0 {
		return // no move possible now (counted at release or the horizon)
	}
	s.free[best]--
	rec.moves++
	p.moving = int32(len(s.moves))
	rec.last = p.moving
	if s.reserving() {
		s.hold(id, seat)
	}
	s.moves = append(s.moves, move{person: id, from: from, to: best, progs: chosen, local: local, requested: t})
	s.cal.Schedule(t+m.opt.TransferDelay, evMove, p.moving, 0)
}

// timely returns the first of progs there is time left to complete, and
// those there is time to move for and complete.
func (s *runState) timely(progs []string, left float64) (first string, timely []string) {
	for _, g := range progs {
		if left >= s.monthsNeeded[g] && first == "" {
			first = g
		}
		if left >= s.monthsNeeded[g]+s.m.opt.TransferDelay {
			timely = append(timely, g)
		}
	}
	return first, timely
}

// destination chooses where person id (p) moves for the programmes
// timely, as requestMove says, and returns it with the programmes listed
// there (−1 when there is nowhere).
func (s *runState) destination(id int32, p *runPerson, rec *transferRecord, timely []string, left float64) (int32, []string) {
	m := s.m
	from := p.est
	s.touched = s.touched[:0]
	for _, g := range timely {
		gi := int32(m.progIdx[g])
		for _, l := range s.directory[g] {
			e := l.est
			if e == from || s.free[e] <= 0 || rec.hasLeft(e) || rec.knowsStale(e, gi) ||
				!model.MoveAllowed(&m.estRecs[e], p.sex, p.cat, p.age) {
				continue
			}
			sc := &s.scores[e]
			if sc.served == 0 {
				s.touched = append(s.touched, e)
			}
			sc.served++
			sc.places += l.places
			sc.progs = append(sc.progs, g)
		}
	}
	best := s.bestScored(id, rec, from, left)
	var chosen []string
	if best >= 0 {
		chosen = slices.Clone(s.scores[best].progs)
	}
	for _, e := range s.touched {
		s.scores[e] = destScore{progs: s.scores[e].progs[:0]}
	}
	return best, chosen
}

// bestScored returns the scored destination serving the most programmes,
// then with the lowest move cost, ties broken at random (hashed from the
// person and their request) in proportion to the listed places; −1 when
// none was scored.
func (s *runState) bestScored(id int32, rec *transferRecord, from int32, left float64) int32 {
	m := s.m
	best := int32(-1)
	var bestCost float64
	var ties []int32
	for _, e := range s.touched {
		c := model.MoveCost(&m.estRecs[from], &m.estRecs[e], left)
		switch {
		case best < 0 || s.scores[e].served > s.scores[best].served || s.scores[e].served == s.scores[best].served && c < bestCost:
			best, bestCost = e, c
			ties = append(ties[:0], e)
		case s.scores[e].served == s.scores[best].served && c == bestCost:
			ties = append(ties, e)
		}
	}
	if len(ties) <= 1 {
		return best
	}
	u := uniform(s.hashBase^0x7A3F5EED, uint64(id), uint64(rec.requests), 5)
	total := 0.0
	for _, e := range ties {
		total += s.scores[e].places
	}
	best = ties[min(int(u*float64(len(ties))), len(ties)-1)]
	if total > 0 {
		x := u * total
		for _, e := range ties {
			if x < s.scores[e].places {
				best = e
				break
			}
			x -= s.scores[e].places
		}
	}
	return best
}

// localStart cancels a pending move for a local need that has just
// started where the person is.
func (s *runState) localStart(id, need int32) {
	p := &s.people[id]
	if p.moving >= 0 {
		if mv := &s.moves[p.moving]; mv.state == movePending && mv.local == need {
			s.cancelMove(p.moving)
		}
	}
}

// askAfterWait has the people who have waited TransferAfter months or
// more on a local list ask to move (once per need), at t. The wait counts
// at this prison: from referral, or from arriving by a move.
func (s *runState) askAfterWait(t float64) {
	m := s.m
	for ci := range m.chans {
		if s.queueOf[ci] != int32(ci) {
			continue
		}
		for _, e := range s.chans[ci].queue {
			p := &s.people[e.person]
			if p.released || p.moving >= 0 || p.status[e.need] != nWaiting || p.est != m.chans[ci].est ||
				s.asked[[2]int32{e.person, e.need}] {
				continue
			}
			since := p.since[e.need]
			if rec := s.records[e.person]; rec != nil {
				since = math.Max(since, rec.arrived)
			}
			if t-since < m.opt.TransferAfter {
				continue
			}
			s.asked[[2]int32{e.person, e.need}] = true
			s.requestMove(e.person, e.need)
		}
	}
}

// stillWanted reports whether a move falling due at t is still wanted: a
// local need still waiting, and time left to complete one of the
// programmes. Otherwise it is called off.
func (s *runState) stillWanted(mv *move, p *runPerson, t float64) bool {
	if mv.local >= 0 && p.status[mv.local] != nWaiting {
		return false
	}
	for _, g := range mv.progs {
		if p.release-t >= s.monthsNeeded[g] {
			return true
		}
	}
	return false
}

// makeMove makes move mi at t: counted, and either found stale on arrival
// (sent back) or made, the person joining the lists there.
func (s *runState) makeMove(mi int32, t float64) {
	m := s.m
	mv := &s.moves[mi]
	to := m.ests[mv.to].code
	s.countMove(mv.from, mv.to)
	mv.made = true
	s.res.Transfers[m.progIdx[s.records[mv.person].prog]][TransferMade]++
	s.delaySum += t - mv.requested
	s.delayN++
	runs := false
	for _, g := range mv.progs {
		if _, ok := m.chanAt[[2]string{to, g}]; ok {
			runs = true
		}
	}
	if !runs {
		s.failMove(mi, t)
		return
	}
	s.arriveByMove(mi, t)
}

// failMove: every listing move mi was for was out of date: nothing runs
// there for them. They are sent back, which takes another move, and ask
// again on return, knowing these listings are stale. Until then they stay
// on their prison's lists but cannot start (busy) and hold their place
// there; the place at the stale listing stays taken.
func (s *runState) failMove(mi int32, t float64) {
	m := s.m
	mv := &s.moves[mi]
	p := &s.people[mv.person]
	rec := s.records[mv.person]
	for _, g := range mv.progs {
		rec.stale = append(rec.stale, [2]int32{mv.to, int32(m.progIdx[g])})
	}
	mv.state = moveReturning
	rec.moves-- // a failed move does not count: each one teaches them a stale listing
	p.busyUntil = t + m.opt.TransferDelay
	s.res.Transfers[m.progIdx[rec.prog]][TransferFailed]++
	home := p.est
	p.est = mv.to
	s.emit(mv.person, mv.progs[0], "moved")
	s.emit(mv.person, mv.progs[0], "move_failed")
	p.est = home
	s.cal.Schedule(p.busyUntil, evReturn, mi, 0)
}

// arriveByMove: the person of move mi arrives at t where the move took
// them, frees their place at home, joins the lists there, and the
// prison's channels try to start.
func (s *runState) arriveByMove(mi int32, t float64) {
	m := s.m
	mv := &s.moves[mi]
	p := &s.people[mv.person]
	rec := s.records[mv.person]
	s.free[mv.from]++
	p.est = mv.to
	p.moving = -1
	mv.state = moveDone
	rec.moved = true
	rec.arrived = t
	rec.left = append(rec.left, mv.from)
	for _, g := range mv.progs {
		s.emit(mv.person, g, "moved")
	}
	s.rejoin(mv.person, m.ests[mv.to].code)
	s.tryStartAt(mv.to)
}

// rejoin puts person id's waiting needs on the lists of establishment to,
// where they have just arrived, keeping the time each was first referred:
// the needs on the old prison's lists, those waiting without a list (after
// an earlier move), and those for programmes not run at the old prison.
// Needs it does not run wait without a list.
func (s *runState) rejoin(id int32, to string) {
	m := s.m
	p := &s.people[id]
	p.needs = slices.Clone(p.needs)
	for k, old := range p.needs {
		if p.status[k] != nWaiting && p.status[k] != nAway {
			continue
		}
		if p.status[k] == nWaiting {
			s.listAdd(old, -1)
		}
		if nc, ok := m.chanAt[[2]string{to, m.chans[old].prog}]; ok {
			p.needs[k] = nc
			s.setStatus(p, k, nWaiting)
			s.chans[nc].queue = append(s.chans[nc].queue, queueEntry{id, int32(k)})
			s.listAdd(nc, 1)
		} else {
			s.setStatus(p, k, nAway)
		}
	}
	var still []int32
	for _, key := range p.unmet {
		nc, ok := m.chanAt[[2]string{to, m.Keys[key].Programme}]
		if !ok {
			still = append(still, key)
			continue
		}
		p.needs = append(p.needs, nc)
		p.status = append(slices.Clone(p.status), nPending)
		s.setStatus(p, len(p.status)-1, nWaiting)
		p.since = append(slices.Clone(p.since), p.joined)
		s.chans[nc].queue = append(s.chans[nc].queue, queueEntry{id, int32(len(p.needs) - 1)})
		s.listAdd(nc, 1)
	}
	p.unmet = still
}

// comeBack: a person sent back from a stale listing is home; the place
// held there is free again and the return is counted.
func (s *runState) comeBack(mv *move, p *runPerson) {
	mv.state = moveDone
	p.moving = -1
	s.free[mv.to]++
	s.countMove(mv.to, mv.from)
	s.res.Transfers[s.m.progIdx[s.records[mv.person].prog]][TransferReturned]++
	s.emit(mv.person, "", "returned")
}
