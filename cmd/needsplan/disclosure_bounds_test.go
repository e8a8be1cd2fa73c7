package main

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"needsplan/analysis/lp"
)

// The intruder's linear programmes (issue 19): for every figure hidden
// for being small, the least and greatest value it can take given every
// relation the intruder read from the published tables, the figures shown
// and every figure being at least zero. The intruder here is stronger
// than a real one: it knows the shown figures as computed, not rounded
// (truth, read from the same report run without suppression), so an
// interval it cannot narrow to ±2 a real intruder cannot either. The
// programmes are solved by package lp over each whole set of hidden
// figures linked by the relations, and every bound is taken only from a
// point this code checks against the relations itself, so a solver fault
// can only fail the test, never pass it.

// protectionMargin is issue 19's ±2: no small figure may be bounded to
// an interval 4 people wide or narrower.
const protectionMargin = 2

// bounds returns, for every hidden figure of the published report whose
// true value rounds to 1–4 people (not a modelled figure), a description
// of its interval when it is 2·protectionMargin wide or narrower, and the
// number of such figures checked.
func (a *intruder) bounds(truth *intruder) (narrow []string, checked int) {
	hiddenKeys, rows := a.hiddenRelations()
	index := map[string]int{}
	for i, k := range hiddenKeys {
		index[k] = i
	}
	value := func(k string) float64 { v, _, _ := truth.state(k); return v }
	comps := components(len(hiddenKeys), rows)
	type job struct {
		comp   int
		target int // index into the component's figures
	}
	var jobs []job
	for ci, c := range comps {
		for j, v := range c.vars {
			k := hiddenKeys[v]
			if r := math.Round(value(k)); r >= 1 && r < 5 && !modelledKey(k) {
				jobs = append(jobs, job{ci, j})
			}
		}
	}
	progs := make([]*intruderProgram, len(comps))
	for ci, c := range comps {
		progs[ci] = newIntruderProgram(c, rows, hiddenKeys, value)
	}
	widths := make([]float64, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				widths[i] = progs[jobs[i].comp].width(jobs[i].target)
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, jb := range jobs {
		if widths[i] <= 2*protectionMargin+1e-6 {
			k := hiddenKeys[comps[jb.comp].vars[jb.target]]
			narrow = append(narrow, fmt.Sprintf("%s (%v people) can be bounded to an interval %.2f wide", k, value(k), widths[i]))
		}
	}
	slices.Sort(narrow)
	return narrow, len(jobs)
}

// hiddenRelations returns the figures hidden everywhere they are
// published and every relation over them: coefficients by figure, the
// shown figures left out (they are known).
func (a *intruder) hiddenRelations() ([]string, []map[int]float64) {
	index := map[string]int{}
	var names []string
	var rows []map[int]float64
	add := func(terms map[string]float64) {
		row := map[int]float64{}
		for k, c := range terms {
			if _, hidden, seen := a.state(k); !seen || !hidden {
				continue
			}
			i, ok := index[k]
			if !ok {
				i = len(names)
				index[k] = i
				names = append(names, k)
			}
			row[i] += c
		}
		for i, c := range row {
			if c == 0 {
				delete(row, i)
			}
		}
		if len(row) > 0 {
			rows = append(rows, row)
		}
	}
	for _, r := range a.rels {
		terms := map[string]float64{r[0]: 1}
		for _, p := range r[1:] {
			terms[p]--
		}
		add(terms)
	}
	for _, r := range a.signed {
		terms := map[string]float64{}
		for _, p := range r[0] {
			terms[p]++
		}
		for _, p := range r[1] {
			terms[p]--
		}
		add(terms)
	}
	return names, rows
}

// component is one set of hidden figures linked by relations: its figures
// (indexes into the hidden figures) and its relations (indexes into rows).
type component struct{ vars, rows []int }

// components groups n figures by the relations rows, union–find.
func components(n int, rows []map[int]float64) []component {
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for _, r := range rows {
		first := -1
		for i := range r {
			if first < 0 {
				first = i
			} else {
				parent[find(i)] = find(first)
			}
		}
	}
	byRoot := map[int]int{}
	var out []component
	for i := range n {
		root := find(i)
		c, ok := byRoot[root]
		if !ok {
			c = len(out)
			byRoot[root] = c
			out = append(out, component{})
		}
		out[c].vars = append(out[c].vars, i)
	}
	for ri, r := range rows {
		for i := range r {
			c := byRoot[find(i)]
			out[c].rows = append(out[c].rows, ri)
			break
		}
	}
	return out
}

// intruderProgram is one component's relations as a linear programme in
// standard form: a column per hidden figure, scaled to at most 1, and the
// right-hand side the relations' value at the true figures (so that the
// true table is a feasible point whatever the rounding of the shown ones).
type intruderProgram struct {
	a     [][]float64
	b     []float64
	scale float64
	prog  *lp.Program
	err   error
}

func newIntruderProgram(c component, rows []map[int]float64, names []string, value func(string) float64) *intruderProgram {
	col := map[int]int{}
	scale := 1.0
	for j, v := range c.vars {
		col[v] = j
		scale = math.Max(scale, math.Abs(value(names[v])))
	}
	p := &intruderProgram{scale: scale}
	for _, ri := range c.rows {
		row := make([]float64, len(c.vars))
		rhs := 0.0
		for i, coef := range rows[ri] {
			row[col[i]] = coef
			rhs += coef * value(names[i]) / scale
		}
		p.a = append(p.a, row)
		p.b = append(p.b, rhs)
	}
	if len(p.a) > 0 {
		p.prog, p.err = lp.New(p.a, p.b)
	}
	return p
}

// width is how far apart two checked tables put figure j: the greatest
// value less the least; 0 when either programme fails or its point does
// not keep the relations. A figure in no relation is unbounded above.
func (p *intruderProgram) width(j int) float64 {
	if len(p.a) == 0 {
		return math.Inf(1)
	}
	if p.err != nil {
		return 0
	}
	cost := make([]float64, len(p.a[0]))
	cost[j] = 1
	_, lo, err := p.prog.Minimise(cost)
	if err != nil || !p.keeps(lo) {
		return 0
	}
	cost[j] = -1
	_, hi, err := p.prog.Minimise(cost)
	if (err != nil && !errors.Is(err, lp.ErrUnbounded)) || !p.keeps(hi) {
		return 0
	}
	return (hi[j] - lo[j]) * p.scale
}

// keeps reports whether z is a table the relations allow: no figure below
// zero and every relation kept to rounding.
func (p *intruderProgram) keeps(z []float64) bool {
	for _, v := range z {
		if v < -1e-7 {
			return false
		}
	}
	for i, row := range p.a {
		s := 0.0
		for j, c := range row {
			s += c * z[j]
		}
		if math.Abs(s-p.b[i]) > 1e-7*math.Max(1, math.Abs(p.b[i])) {
			return false
		}
	}
	return true
}
