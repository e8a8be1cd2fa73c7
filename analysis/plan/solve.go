package plan

import (
	"math"
	"slices"
)

// add is x groups added to candidate cand.
type add struct{ cand, x int }

// site is an establishment's candidates that can add groups, and its room.
type site struct {
	cands []int
	room  int
}

// sites groups the candidates that can add a group with some value by
// establishment, in code order.
func sites(p *Problem) []site {
	by := map[string][]int{}
	for i := range p.Candidates {
		c := &p.Candidates[i]
		if c.MaxAdd > 0 && p.Room[c.Establishment] > 0 && c.Value(1) > 0 {
			by[c.Establishment] = append(by[c.Establishment], i)
		}
	}
	codes := make([]string, 0, len(by))
	for e := range by {
		codes = append(codes, e)
	}
	slices.Sort(codes)
	out := make([]site, len(codes))
	for k, e := range codes {
		out[k] = site{by[e], min(p.Room[e], 255)} // pick stores groups as uint8
	}
	return out
}

// siteTable is one establishment's best value with at most k more groups
// and at most b steps (best[k][b]), and the groups of each candidate that
// give it (pick[j][k][b], for tracing back).
type siteTable struct {
	best [][]float64
	pick [][][]uint8
}

// siteDP solves one establishment exactly: a bounded knapsack over its
// candidates in two resources, the groups (at most its room) and the
// budget steps (at most budget). A candidate's value is concave in its
// groups, but the recurrence does not need it: every x is tried. Ties go
// to fewer groups (x is tried upward and only a larger value replaces).
func siteDP(p *Problem, s site, budget int, trace bool) *siteTable {
	h := s.room
	t := &siteTable{best: make([][]float64, h+1)}
	for k := range t.best {
		t.best[k] = make([]float64, budget+1)
	}
	if trace {
		t.pick = make([][][]uint8, len(s.cands))
	}
	next := make([][]float64, h+1)
	for k := range next {
		next[k] = make([]float64, budget+1)
	}
	for j, ci := range s.cands {
		c := &p.Candidates[ci]
		cost := steps(c.Cost, p.Step, true)
		maxX := min(c.MaxAdd, h)
		if trace {
			t.pick[j] = make([][]uint8, h+1)
			for k := range t.pick[j] {
				t.pick[j][k] = make([]uint8, budget+1)
			}
		}
		for k := 0; k <= h; k++ {
			for b := 0; b <= budget; b++ {
				v, pick := t.best[k][b], 0
				for x := 1; x <= min(maxX, k) && x*cost <= b; x++ {
					if w := t.best[k-x][b-x*cost] + c.Value(x); w > v {
						v, pick = w, x
					}
				}
				next[k][b] = v
				if trace {
					t.pick[j][k][b] = uint8(pick)
				}
			}
		}
		t.best, next = next, t.best
	}
	return t
}

// adds traces a site's table back from k groups and b steps.
func (t *siteTable) adds(p *Problem, s site, k, b int) []add {
	var out []add
	for j := len(s.cands) - 1; j >= 0; j-- {
		x := int(t.pick[j][k][b])
		if x > 0 {
			out = append(out, add{s.cands[j], x})
			k -= x
			b -= x * steps(p.Candidates[s.cands[j]].Cost, p.Step, true)
		}
	}
	return out
}

// solveAdds finds, exactly, the adds that serve the most value within
// budget steps and each establishment's room, and the best value at every
// budget from 0 to budget steps (the curve). Each establishment's best
// value at b steps, v(b), is a nondecreasing step function (siteDP); the
// estate's, F_e(b) = max over b' ≤ b of F_{e−1}(b − b') + v_e(b'), needs
// only the b' where v_e rises (a b' between them gives the value of the
// one before at more cost, and F_{e−1} is nondecreasing): a
// multiple-choice knapsack over the sites (Kellerer, Pferschy and
// Pisinger 2004, Knapsack Problems, §11.5).
func solveAdds(p *Problem, budget int) ([]float64, []add) {
	ss := sites(p)
	f := make([]float64, budget+1)
	choice := make([][]int32, len(ss))
	for e, s := range ss {
		v := siteDP(p, s, budget, false).best[s.room]
		var rise []int // the b' where v rises, 0 first
		for b := range v {
			if b == 0 || v[b] > v[b-1] {
				rise = append(rise, b)
			}
		}
		g := make([]float64, budget+1)
		choice[e] = make([]int32, budget+1)
		for b := range g {
			best, at := math.Inf(-1), 0
			for _, c := range rise {
				if c > b {
					break
				}
				if w := f[b-c] + v[c]; w > best {
					best, at = w, c
				}
			}
			g[b], choice[e][b] = best, int32(at)
		}
		f = g
	}
	var out []add
	b := budget
	for e := len(ss) - 1; e >= 0; e-- {
		c := int(choice[e][b])
		if c > 0 {
			t := siteDP(p, ss[e], c, true)
			out = append(out, t.adds(p, ss[e], ss[e].room, c)...)
		}
		b -= c
	}
	slices.SortStableFunc(out, func(a, b add) int {
		va, vb := p.Candidates[a.cand].Value(a.x), p.Candidates[b.cand].Value(b.x)
		switch {
		case va > vb:
			return -1
		case va < vb:
			return 1
		}
		return a.cand - b.cand
	})
	return f, out
}
