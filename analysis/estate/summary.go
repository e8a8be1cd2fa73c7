package estate

import (
	"context"
	"math"
	"math/rand/v2"
	"needsplan/analysis"
	"slices"

	"needsplan/analysis/sim"
)

// MeasureNames are the per-replication figures summarised for each
// establishment × programme (new ones are added at the end, so indices
// stay). Waits are months from referral within the simulated window to
// start; mean_wait_new_months is over receptions only (the wait a new
// referral can expect); next_start_months is the time from the start of the
// run to the first cohort start (establishment rows only; replications with
// none before the horizon are left out, so its N says in how many there was
// one).
var MeasureNames = []string{"completed_in_time", "completed_late", "dropped_out", "released_untreated",
	"waiting_at_horizon", "in_progress_at_horizon", "starts", "cohorts", "empty_places",
	"mean_wait_months", "median_wait_months", "p90_wait_months", "mean_wait_new_months", "next_start_months"}

// MeasureIndex returns the index of a measure in MeasureNames, or −1.
func MeasureIndex(name string) int { return slices.Index(MeasureNames, name) }

// simCounts is how many of MeasureNames are counts, which add up over
// establishments; the waits after them do not: rollups take the mean,
// median and 90th percentile of the pooled waits of every start in the
// replication, and have no next start.
const simCounts = 9

// Indices in MeasureNames.
const (
	idxStarts    = 6
	idxMeanWait  = 9
	idxMeanNew   = 12
	idxNextStart = 13
)

func (o *Outcome) values() []float64 {
	return []float64{float64(o.InTime), float64(o.Late), float64(o.Dropped), float64(o.Untreated),
		float64(o.Waiting), float64(o.InProgress), float64(o.Starts), float64(o.Cohorts), float64(o.Empty),
		o.MeanWait, o.MedianWait, o.P90Wait, o.MeanWaitNew, o.NextStart}
}

// pooled holds the waits of several outcomes of one replication, for the
// rollups' wait measures.
type pooled struct{ all, new []float64 }

func (p *pooled) add(o *Outcome) {
	p.all = append(p.all, o.waits...)
	p.new = append(p.new, o.newWaits...)
}

// fill sets the wait measures of a rollup's values from the pooled waits
// and leaves next_start NaN.
func (p *pooled) fill(v []float64) {
	slices.Sort(p.all)
	slices.Sort(p.new)
	v[idxMeanWait], v[idxMeanWait+1], v[idxMeanWait+2] = waitStats(p.all)
	v[idxMeanNew], _, _ = waitStats(p.new)
	v[idxNextStart] = math.NaN()
	p.all, p.new = p.all[:0], p.new[:0]
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
	nm := len(MeasureNames)
	rows := make([][]sim.Acc, len(m.Keys))
	for i := range rows {
		rows[i] = make([]sim.Acc, nm)
	}
	progIdx := map[string]int{}
	var progs []string
	for _, k := range m.Keys {
		if _, ok := progIdx[k.Programme]; !ok {
			progIdx[k.Programme] = len(progs)
			progs = append(progs, k.Programme)
		}
	}
	byProg := make([][]sim.Acc, len(progs))
	for i := range byProg {
		byProg[i] = make([]sim.Acc, nm)
	}
	estate := make([]sim.Acc, nm)
	util := make([]sim.Acc, len(m.Establishments))
	trans := make([][numTransferOutcomes]sim.Acc, len(m.Programmes))
	var transEstate [numTransferOutcomes]sim.Acc
	var delay sim.Acc
	flowAcc := make([][]sim.Acc, len(m.Regions))
	for i := range flowAcc {
		flowAcc[i] = make([]sim.Acc, len(m.Regions))
	}
	var estFlows *estFlowAcc
	if m.opt.Transfers {
		estFlows = newEstFlowAcc(len(m.Establishments))
	}
	series := make([][][]float64, len(m.SeriesNames)) // [name][month][rep]
	for i := range series {
		series[i] = make([][]float64, int(math.Floor(m.horizon))+1)
	}
	out := &Summary{Options: m.opt, Replications: reps, Seed: seed, SeriesNames: m.SeriesNames, Establishments: m.Establishments}
	var estWaits pooled
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
			out.Events += run.Events
			progSum := make([][]float64, len(progs))
			for i := range progSum {
				progSum[i] = make([]float64, nm)
			}
			tot := make([]float64, nm)
			progWaits := make([]pooled, len(progs))
			for i := range run.Outcomes {
				o := &run.Outcomes[i]
				v := o.values()
				for j := range nm {
					rows[i][j].Add(v[j])
				}
				p := progIdx[m.Keys[i].Programme]
				for j := range simCounts {
					progSum[p][j] += v[j]
					tot[j] += v[j]
				}
				progWaits[p].add(o)
				estWaits.add(o)
			}
			for p := range progs {
				progWaits[p].fill(progSum[p])
				for j := range nm {
					byProg[p][j].Add(progSum[p][j]) // NaN (no start) is skipped
				}
			}
			estWaits.fill(tot)
			for j := range nm {
				estate[j].Add(tot[j])
			}
			for i := range run.Outcomes {
				run.Outcomes[i].waits, run.Outcomes[i].newWaits = nil, nil // pooled: no longer needed
			}
			for e, u := range run.Utilisation {
				util[e].Add(u)
			}
			var ttot [numTransferOutcomes]int
			for p := range run.Transfers {
				for k, v := range run.Transfers[p] {
					trans[p][k].Add(float64(v))
					ttot[k] += v
				}
			}
			for k, v := range ttot {
				transEstate[k].Add(float64(v))
			}
			delay.Add(run.MoveDelay)
			if estFlows != nil {
				estFlows.add(run.EstFlows)
			}
			for a := range run.Flows {
				for b, v := range run.Flows[a] {
					flowAcc[a][b].Add(float64(v))
				}
			}
			for i := range run.Series {
				for mth, v := range run.Series[i] {
					series[i][mth] = append(series[i][mth], v)
				}
			}
		}
	}
	for i, k := range m.Keys {
		out.Rows = append(out.Rows, Row{Key: k, Measures: summaries(rows[i])})
	}
	for p, code := range progs {
		out.ByProgramme = append(out.ByProgramme, Row{Key: Key{Establishment: analysis.EstateKey, Programme: code, Offered: true}, Measures: summaries(byProg[p])})
	}
	slices.SortFunc(out.ByProgramme, func(a, b Row) int { return compareStrings(a.Key.Programme, b.Key.Programme) })
	out.Estate = Row{Key: Key{Establishment: analysis.EstateKey}, Measures: summaries(estate)}
	for e := range util {
		out.Utilisation = append(out.Utilisation, util[e].Summary())
	}
	out.TransferProgrammes, out.Regions = m.Programmes, m.Regions
	for p := range trans {
		out.Transfers = append(out.Transfers, countSummaries(trans[p][:]))
	}
	out.EstateTransfers = countSummaries(transEstate[:])
	out.MoveDelay = delay.Summary()
	for a := range flowAcc {
		out.Flows = append(out.Flows, countSummaries(flowAcc[a]))
	}
	if estFlows != nil {
		out.EstablishmentFlows, out.NetFlows = estFlows.summaries(m.Establishments)
	}
	out.Series = make([][][3]float64, len(series))
	for i := range series {
		out.Series[i] = make([][3]float64, len(series[i]))
		for mth, vs := range series[i] {
			q := sim.Band(vs, 0.05, 0.5, 0.95)
			out.Series[i][mth] = [3]float64{q[0], q[1], q[2]}
		}
	}
	return out, nil
}

func summaries(accs []sim.Acc) []sim.Summary {
	out := make([]sim.Summary, len(accs))
	for i := range accs {
		out[i] = accs[i].Summary()
	}
	return out
}
