package plan

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Candidate is an establishment × programme where the plan may add whole
// groups, or cut groups that run for nobody with time.
type Candidate struct {
	Establishment, Region, Programme string
	GroupSize                        int
	// Groups is the groups a year run there now (0: not run).
	Groups float64
	// Short is the places a year the need leaves unmet: places needed
	// (Need) less the places run now, at least 0.
	Short float64
	// Surplus is the places a year beyond the need, at least 0.
	Surplus float64
	// Served is the priority-weighted people one place serves a year: the
	// fill rate × the completion rate × the mean priority weight of the
	// people who need it there.
	Served float64
	// Cost is what one group costs in the budget's unit (pounds or
	// facilitator-years).
	Cost float64
	// MaxAdd is the most groups a year the plan may add here: the room,
	// and no more groups than the shortfall fills with a minimum cohort
	// each (0: none, or the programme may not run here or may not change).
	MaxAdd int
	// MaxCut is the most groups a year the plan may cut here with no
	// loss: whole groups of the surplus, and no more than run.
	MaxCut int
}

// Value is the priority-weighted people a year x more groups serve: each
// place up to the shortfall serves c.Served.
func (c *Candidate) Value(x int) float64 {
	return c.Served * math.Min(float64(x*c.GroupSize), c.Short)
}

// Problem is a plan to solve: the candidates, each establishment's room
// for more groups a year, and the budget.
type Problem struct {
	Candidates []Candidate
	// Room is how many more groups a year each establishment can host
	// (rooms and teams); an establishment not listed hosts none.
	Room map[string]int
	// Budget is the money or facilitator-years to spend, in the
	// candidates' cost unit; Step is the whole steps the costs and the
	// budget are counted in (costs rounded up, the budget down, so the
	// plan never spends more than the budget).
	Budget, Step float64
	// Cuts allows cutting groups that run for nobody with time (MaxCut)
	// to pay for more elsewhere.
	Cuts bool
}

// Change is groups added (Groups > 0) or cut (Groups < 0) at one
// establishment × programme.
type Change struct {
	Candidate int // index into Problem.Candidates
	Groups    int
	Value     float64 // priority-weighted people a year served (Candidate.Value; 0 for a cut)
	Cost      float64 // in the budget's unit; negative for a cut
}

// Plan is a solved problem.
type Plan struct {
	Changes []Change // adds by value, highest first, then cuts by saving
	// Value is the priority-weighted people a year the adds serve.
	Value float64
	// Spent is the adds' cost less the cuts' savings.
	Spent float64
	// Curve[k] is the best value at a budget of k steps (no cuts), k = 0
	// up to the budget in steps: the outcome against budget.
	Curve []float64
}

// steps counts v in whole steps of s, rounded up (a cost) or down (a
// budget), with a tolerance of a millionth of a step for rounding error.
func steps(v, s float64, up bool) int {
	q := v / s
	if up {
		return int(math.Ceil(q - 1e-6))
	}
	return int(math.Floor(q + 1e-6))
}

// Solve finds the adds of whole groups that serve the most
// priority-weighted people within the budget and each establishment's
// room (exactly: see solveAdds), and, with p.Cuts, pays for more with the
// fewest lossless cuts.
func Solve(p *Problem) (*Plan, error) {
	if !(p.Step > 0) || !(p.Budget >= 0) || math.IsInf(p.Budget, 0) {
		return nil, fmt.Errorf("plan: budget %g in steps of %g: want a finite budget ≥ 0 and a step > 0", p.Budget, p.Step)
	}
	budget := steps(p.Budget, p.Step, false)
	cuts := cutOptions(p)
	saved := 0
	for _, c := range cuts {
		saved += c.steps
	}
	if budget+saved > maxSteps {
		return nil, fmt.Errorf("plan: a budget of %d steps (with cuts) is more than %d: take a larger step", budget+saved, maxSteps)
	}
	curve, adds := solveAdds(p, budget+saved)
	pl := &Plan{Curve: curve[:budget+1]}
	used := 0
	for _, a := range adds {
		c := &p.Candidates[a.cand]
		pl.Changes = append(pl.Changes, Change{Candidate: a.cand, Groups: a.x, Value: c.Value(a.x), Cost: float64(a.x) * c.Cost})
		pl.Value += c.Value(a.x)
		pl.Spent += float64(a.x) * c.Cost
		used += a.x * steps(c.Cost, p.Step, true)
	}
	// The fewest cuts paying for what the adds spend beyond the budget:
	// the largest savings first (cutOptions' order).
	for _, c := range cuts {
		if used <= budget {
			break
		}
		cd := &p.Candidates[c.cand]
		pl.Changes = append(pl.Changes, Change{Candidate: c.cand, Groups: -1, Cost: -cd.Cost})
		pl.Spent -= cd.Cost
		used -= c.steps
	}
	pl.Changes = mergeCuts(pl.Changes)
	return pl, nil
}

// maxSteps bounds the budget in steps, so that the tables of solveAdds
// (establishments × room × steps) stay in memory.
const maxSteps = 200_000

// cutOption is one group that may be cut with no loss, worth steps.
type cutOption struct {
	cand, steps int
}

// cutOptions lists the groups that may be cut, one entry a group, the
// largest saving first (ties by establishment and programme), when p
// allows cuts.
func cutOptions(p *Problem) []cutOption {
	if !p.Cuts {
		return nil
	}
	var out []cutOption
	for i := range p.Candidates {
		c := &p.Candidates[i]
		for range c.MaxCut {
			// Rounded down: a cut is counted for no more than it saves.
			out = append(out, cutOption{i, steps(c.Cost, p.Step, false)})
		}
	}
	slices.SortStableFunc(out, func(a, b cutOption) int {
		if d := cmp.Compare(b.steps, a.steps); d != 0 {
			return d
		}
		ca, cb := &p.Candidates[a.cand], &p.Candidates[b.cand]
		return cmp.Or(cmp.Compare(ca.Establishment, cb.Establishment), cmp.Compare(ca.Programme, cb.Programme))
	})
	return out
}

// mergeCuts gathers one-group cuts of the same candidate into one change,
// keeping the adds first.
func mergeCuts(ch []Change) []Change {
	var out []Change
	at := map[int]int{}
	for _, c := range ch {
		if c.Groups < 0 {
			if k, ok := at[c.Candidate]; ok {
				out[k].Groups += c.Groups
				out[k].Cost += c.Cost
				continue
			}
			at[c.Candidate] = len(out)
		}
		out = append(out, c)
	}
	return out
}

// Order sorts changes as a plan lists them: adds by the value they
// serve, highest first, then cuts by saving, largest first; ties by
// candidate.
func Order(changes []Change) {
	slices.SortStableFunc(changes, func(a, b Change) int {
		if (a.Groups < 0) != (b.Groups < 0) {
			if a.Groups > 0 {
				return -1
			}
			return 1
		}
		if a.Groups > 0 {
			return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Candidate, b.Candidate))
		}
		return cmp.Or(cmp.Compare(a.Cost, b.Cost), cmp.Compare(a.Candidate, b.Candidate))
	})
}
