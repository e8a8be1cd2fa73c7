package estate

import (
	"context"
	"math"
	"math/rand/v2"
	"needsplan/analysis"
	"slices"

	"needsplan/analysis/sim"
)

// pooled holds the waits of several outcomes of one replication, for the
// rollups' measures that do not add up.
type pooled struct{ o Outcome }

func (p *pooled) add(o *Outcome) {
	p.o.waits = append(p.o.waits, o.waits...)
	p.o.newWaits = append(p.o.newWaits, o.newWaits...)
	p.o.km.times = append(p.o.km.times, o.km.times...)
	p.o.km.event = append(p.o.km.event, o.km.event...)
	p.o.Starts += o.Starts
	p.o.Untreated += o.Untreated
	p.o.PlacesDue += o.PlacesDue
}

// fill sets a rollup's values of the measures that do not add up to their
// values over the pooled waits (a rollup has no next start), and empties
// the pool.
func (p *pooled) fill(v []float64) {
	p.o.summariseWaits()
	p.o.NextStart = math.NaN()
	for j := range Measures {
		if !Measures[j].Adds {
			v[j] = Measures[j].value(&p.o)
		}
	}
	p.o.waits, p.o.newWaits = p.o.waits[:0], p.o.newWaits[:0]
	p.o.km.times, p.o.km.event = p.o.km.times[:0], p.o.km.event[:0]
	p.o.Starts, p.o.Untreated, p.o.PlacesDue = 0, 0, 0
}

// Row is one establishment × programme (or a rollup) across
// replications: a Summary per MeasureNames entry.
type Row struct {
	Key      Key
	Measures []sim.Summary
}

// Measure returns the row's summary of the named measure (MeasureNames),
// and whether the row has it.
func (r *Row) Measure(name string) (sim.Summary, bool) {
	j := MeasureIndex(name)
	if j < 0 || j >= len(r.Measures) {
		return sim.Summary{}, false
	}
	return r.Measures[j], true
}

// Summary is a simulation's results across replications.
type Summary struct {
	Options      Options
	Replications int
	Seed         uint64
	Rows         []Row // by establishment × programme
	ByProgramme  []Row // national, Key.Establishment "estate"
	Estate       Row   // everything
	SeriesNames  []string
	// Series[i][month] holds the 5%, 50% and 95% quantiles across
	// replications of the people waiting.
	Series      [][][3]float64
	Utilisation []sim.Summary // by Establishments
	// Transfers summarises transfer outcomes (TransferRequired …) by
	// TransferProgrammes, and EstateTransfers over all programmes.
	TransferProgrammes []string
	Transfers          [][]sim.Summary
	EstateTransfers    []sim.Summary
	// Flows[from][to] summarises moves between Regions.
	Regions []string
	Flows   [][]sim.Summary
	// EstablishmentFlows summarises the moves between establishments, for
	// the pairs with a move in some replication; NetFlows each
	// establishment's moves out, in and net. Counts of transfers and
	// moves have intervals cut at 0 (countSummary).
	EstablishmentFlows []Flow
	NetFlows           []NetFlow
	// MoveDelay summarises the mean months from asking to move to arriving.
	MoveDelay      sim.Summary
	Establishments []string
	Events         int // over all replications
	// PlacesPerYear is the places the offerings give a year at the start
	// (groups a year × cohort size, plus one-to-one places), before shocks.
	PlacesPerYear float64
	// People summarises, by PersonOutcome, the people simulated, each
	// counted once.
	People []sim.Summary
	// ReleasesPerYear and RecallReleasesPerYear summarise the sentenced
	// people released a year (Replication.Releases ÷ years), needing a
	// programme or not: from sentences, and from recalls.
	ReleasesPerYear, RecallReleasesPerYear sim.Summary
	// Teams is each establishment's facilitator teams (by Establishments),
	// as the establishments file gives them (1 when not given): synthetic
	// in the embedded dataset, an assumption.
	Teams []int
	// PeopleWaiting[month] holds the 5%, 50% and 95% quantiles across
	// replications of the people with a need on a local list (each once).
	PeopleWaiting [][3]float64
}

// Chunk is how many replications run before their results are folded
// into the summary: memory holds a chunk's results, whatever the number of
// replications.
const Chunk = 32

// Simulate runs reps replications of the model (seed, replication index)
// on workers goroutines and summarises them, in replication order so the
// result does not depend on the number of workers. progress, when set, is
// called with the number of replications done.
func Simulate(ctx context.Context, m *Model, seed uint64, reps, workers int, progress func(done int)) (*Summary, error) {
	return SimulateEach(ctx, m, seed, reps, workers, progress, nil)
}

// SimulateEach is Simulate that also hands each replication's results to
// each, in replication order (for paired comparisons across scenarios).
func SimulateEach(ctx context.Context, m *Model, seed uint64, reps, workers int, progress func(done int), each func(rep int, run *Replication)) (*Summary, error) {
	a := newAccumulator(m)
	done := 0
	for lo := 0; lo < reps; lo += Chunk {
		n := min(Chunk, reps-lo)
		runs, err := sim.ReplicateFrom(ctx, seed, lo, n, workers, func(ctx context.Context, _ int, r *rand.Rand) (*Replication, error) {
			return m.Run(ctx, r)
		}, func(d int) {
			if progress != nil {
				progress(done + d)
			}
		})
		if err != nil {
			return nil, err
		}
		done += n
		for i, run := range runs {
			if each != nil {
				each(lo+i, run)
			}
			a.add(run)
		}
	}
	out := &Summary{Options: m.opt, Replications: reps, Seed: seed, SeriesNames: m.SeriesNames, Establishments: m.Establishments,
		PlacesPerYear: m.placesPerYear()}
	for e := range m.ests {
		out.Teams = append(out.Teams, m.ests[e].teams)
	}
	a.fill(out)
	return out, nil
}

// accumulator folds replications' results, in replication order, into
// what a Summary reports.
type accumulator struct {
	m       *Model
	progIdx map[string]int // programme → index in progs
	progs   []string       // the programmes of Model.Keys, in order of first key
	rows    [][]sim.Acc    // [key][measure]
	byProg  [][]sim.Acc    // [programme][measure]
	estate  []sim.Acc      // [measure]
	// estWaits pools the estate's waits; values holds one outcome's
	// values: both kept to reuse.
	estWaits    pooled
	values      []float64
	util        []sim.Acc // by establishment
	trans       [][numTransferOutcomes]sim.Acc
	transEstate [numTransferOutcomes]sim.Acc
	delay       sim.Acc
	flows       [][]sim.Acc   // [from][to] region
	estFlows    *estFlowAcc   // nil without transfers
	series      [][][]float64 // [name][month][rep]
	events      int
	people      [NumPersonOutcomes]sim.Acc
	releases    [2]sim.Acc  // a year: sentences, recalls
	peopleWait  [][]float64 // [month][rep]
}

func newAccumulator(m *Model) *accumulator {
	nm := len(Measures)
	a := &accumulator{m: m, progIdx: map[string]int{}, estate: make([]sim.Acc, nm), util: make([]sim.Acc, len(m.Establishments)),
		trans: make([][numTransferOutcomes]sim.Acc, len(m.Programmes)), flows: make([][]sim.Acc, len(m.Regions))}
	a.rows = make([][]sim.Acc, len(m.Keys))
	for i := range a.rows {
		a.rows[i] = make([]sim.Acc, nm)
	}
	for _, k := range m.Keys {
		if _, ok := a.progIdx[k.Programme]; !ok {
			a.progIdx[k.Programme] = len(a.progs)
			a.progs = append(a.progs, k.Programme)
		}
	}
	a.byProg = make([][]sim.Acc, len(a.progs))
	for i := range a.byProg {
		a.byProg[i] = make([]sim.Acc, nm)
	}
	for i := range a.flows {
		a.flows[i] = make([]sim.Acc, len(m.Regions))
	}
	if m.opt.Transfers {
		a.estFlows = newEstFlowAcc(len(m.Establishments))
	}
	a.peopleWait = make([][]float64, int(math.Floor(m.horizon))+1)
	a.series = make([][][]float64, len(m.SeriesNames))
	for i := range a.series {
		a.series[i] = make([][]float64, int(math.Floor(m.horizon))+1)
	}
	return a
}

// add folds in one replication.
func (a *accumulator) add(run *Replication) {
	a.events += run.Events
	a.addOutcomes(run.Outcomes)
	for e, u := range run.Utilisation {
		a.util[e].Add(u)
	}
	a.addTransfers(run)
	for i := range run.Series {
		for mth, v := range run.Series[i] {
			a.series[i][mth] = append(a.series[i][mth], v)
		}
	}
	for k, n := range run.People {
		a.people[k].Add(float64(n))
	}
	years := a.m.horizon / 12
	a.releases[0].Add(float64(run.Releases) / years)
	a.releases[1].Add(float64(run.RecallReleases) / years)
	for mth, v := range run.PeopleWaiting {
		a.peopleWait[mth] = append(a.peopleWait[mth], v)
	}
}

// addOutcomes folds in one replication's outcomes: each establishment ×
// programme's, and the rollups by programme and for the estate (counts
// summed, the other measures over the pooled waits). The waits are
// dropped once pooled.
func (a *accumulator) addOutcomes(outs []Outcome) {
	nm := len(Measures)
	progSum := make([][]float64, len(a.progs))
	for i := range progSum {
		progSum[i] = make([]float64, nm)
	}
	tot := make([]float64, nm)
	progWaits := make([]pooled, len(a.progs))
	for i := range outs {
		o := &outs[i]
		a.values = o.appendValues(a.values[:0])
		v := a.values
		for j := range nm {
			a.rows[i][j].Add(v[j])
		}
		p := a.progIdx[a.m.Keys[i].Programme]
		for j := range nm {
			if Measures[j].Adds {
				progSum[p][j] += v[j]
				tot[j] += v[j]
			}
		}
		progWaits[p].add(o)
		a.estWaits.add(o)
	}
	for p := range a.progs {
		progWaits[p].fill(progSum[p])
		for j := range nm {
			a.byProg[p][j].Add(progSum[p][j]) // NaN (no start) is skipped
		}
	}
	a.estWaits.fill(tot)
	for j := range nm {
		a.estate[j].Add(tot[j])
	}
	for i := range outs {
		outs[i].waits, outs[i].newWaits, outs[i].km = nil, nil, kmSample{} // pooled: no longer needed
	}
}

// addTransfers folds in one replication's transfer outcomes, move delay
// and moves between regions and establishments.
func (a *accumulator) addTransfers(run *Replication) {
	var ttot [numTransferOutcomes]int
	for p := range run.Transfers {
		for k, v := range run.Transfers[p] {
			a.trans[p][k].Add(float64(v))
			ttot[k] += v
		}
	}
	for k, v := range ttot {
		a.transEstate[k].Add(float64(v))
	}
	a.delay.Add(run.MoveDelay)
	if a.estFlows != nil {
		a.estFlows.add(run.EstFlows)
	}
	for i := range run.Flows {
		for j, v := range run.Flows[i] {
			a.flows[i][j].Add(float64(v))
		}
	}
}

// fill sets out's summaries of the replications folded in.
func (a *accumulator) fill(out *Summary) {
	m := a.m
	out.Events = a.events
	for i, k := range m.Keys {
		out.Rows = append(out.Rows, Row{Key: k, Measures: summaries(a.rows[i])})
	}
	for p, code := range a.progs {
		out.ByProgramme = append(out.ByProgramme, Row{Key: Key{Establishment: analysis.EstateKey, Programme: code, Offered: true}, Measures: summaries(a.byProg[p])})
	}
	slices.SortFunc(out.ByProgramme, func(a, b Row) int { return compareStrings(a.Key.Programme, b.Key.Programme) })
	out.Estate = Row{Key: Key{Establishment: analysis.EstateKey}, Measures: summaries(a.estate)}
	for e := range a.util {
		out.Utilisation = append(out.Utilisation, a.util[e].Summary())
	}
	out.TransferProgrammes, out.Regions = m.Programmes, m.Regions
	for p := range a.trans {
		out.Transfers = append(out.Transfers, countSummaries(a.trans[p][:]))
	}
	out.EstateTransfers = countSummaries(a.transEstate[:])
	out.MoveDelay = a.delay.Summary()
	for i := range a.flows {
		out.Flows = append(out.Flows, countSummaries(a.flows[i]))
	}
	if a.estFlows != nil {
		out.EstablishmentFlows, out.NetFlows = a.estFlows.summaries(m.Establishments)
	}
	out.Series = make([][][3]float64, len(a.series))
	for i := range a.series {
		out.Series[i] = bands(a.series[i])
	}
	out.PeopleWaiting = bands(a.peopleWait)
	out.People = countSummaries(a.people[:])
	out.ReleasesPerYear, out.RecallReleasesPerYear = a.releases[0].Summary(), a.releases[1].Summary()
}

// bands returns, for each month's values across replications, their 5%,
// 50% and 95% quantiles.
func bands(months [][]float64) [][3]float64 {
	out := make([][3]float64, len(months))
	for mth, vs := range months {
		q := sim.Band(vs, 0.05, 0.5, 0.95)
		out[mth] = [3]float64{q[0], q[1], q[2]}
	}
	return out
}

func summaries(accs []sim.Acc) []sim.Summary {
	out := make([]sim.Summary, len(accs))
	for i := range accs {
		out[i] = accs[i].Summary()
	}
	return out
}
