package estate

import (
	"math"
	"math/rand/v2"

	"needsplan/analysis/sim"
)

// MaxMovesPerPerson is the most moves a person makes in one simulation to
// a prison that runs a programme they moved for: a move for a programme
// not run where they are, and one more after too long a wait at the new
// prison (docs/transfers.md; an assumption that stops people being moved
// round the estate). Moves that fail on a stale listing, and the returns
// after them, do not count: each failure teaches the person that listing,
// so their retries end.
const MaxMovesPerPerson = 2

// Transfer outcome indices beyond the inspectors' categories (Replication.Transfers).
const (
	// TransferCancelled: a planned move was called off because the
	// programme started where the person was, or they no longer had time to
	// complete it before release, and they made no move.
	TransferCancelled = numInspectorOutcomes + iota
	// TransferReturned counts returns from failed moves (events: a person
	// can be sent back more than once).
	TransferReturned
	numTransferOutcomes
)

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
