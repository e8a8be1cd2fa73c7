package allocate_test

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"needsplan/analysis/allocate"
	"needsplan/data"
	"needsplan/internal/testkit"
	"needsplan/model"
)

// instance is a small random estate: establishments, offerings of a few
// programmes, and people with current programmes and months left.
type instance struct {
	ests []model.Establishment
	offs []model.Offering
	ps   []model.Profile
	cls  []model.Classification
	cat  *model.Catalogue
}

var progs = []string{"TSP", "RESOLVE", "BSR"}

// randomInstance draws 2–4 establishments in two regions (men's category
// C or B trainers, locals, an open prison, a women's prison), offerings
// with small groups and one-to-one places, and 5–30 people.
func randomInstance(t *testing.T, r *rand.Rand) *instance {
	t.Helper()
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	in := &instance{cat: cat}
	funcs := []model.Function{model.CatCTrainer, model.CatBTrainer, model.Local, model.OpenPrison, model.FemalePrison}
	for e := range 2 + r.IntN(3) {
		f := funcs[r.IntN(len(funcs))]
		holds := model.HoldsMen
		if f == model.FemalePrison {
			holds = model.HoldsWomen
		}
		in.ests = append(in.ests, model.Establishment{Code: fmt.Sprintf("E%d", e), Name: "E", Holds: holds, Function: f,
			Region: []string{"North", "South"}[r.IntN(2)], Resettlement: r.IntN(2) == 0})
	}
	for _, e := range in.ests {
		for _, g := range progs {
			if r.IntN(2) == 0 {
				in.offs = append(in.offs, model.Offering{Establishment: e.Code, Programme: g, GroupsPerYear: float64(r.IntN(4)) / 2,
					GroupSize: model.Some(1 + r.IntN(3)), OneToOnePlaces: r.IntN(3), Referable: true})
			}
		}
	}
	cats := []model.SecurityCategory{model.CatB, model.CatC, model.CatD}
	for i := range 5 + r.IntN(26) {
		e := in.ests[r.IntN(len(in.ests))]
		sex := model.Male
		if e.Holds == model.HoldsWomen {
			sex = model.Female
		}
		p := testkit.NeedyPerson(fmt.Sprintf("p%02d", i), e.Code, 12, 0)
		p.Sex, p.Age, p.SentenceStart = sex, 18+r.IntN(40), testkit.AsOf.AddMonths(-r.IntN(48))
		if sex == model.Male {
			p.SecurityCategory = model.Some(cats[r.IntN(len(cats))])
		}
		c := model.Classification{MonthsLeft: 4 + 30*r.Float64()}
		c.PNI.Risk = model.Level(r.IntN(3))
		for _, g := range progs {
			if r.IntN(2) == 0 {
				j, _ := cat.Index(g)
				c.Needed.Add(j)
			}
		}
		in.ps, in.cls = append(in.ps, p), append(in.cls, c)
	}
	return in
}

// reference is the allocation problem stated from the rules alone, one
// person a row: a place at slot s is open to person i if it is one of their
// current programmes with the latest start not passed, its month ends by
// that latest start, and it is at their prison or, after a move (delay:
// from month 1), at one that can hold them; a local place costs nothing, a
// move λ(½ + model.MoveCost); leaving i out costs their priority weight,
// 1 + (1000 − ⌊1000 r/n⌋)/1000 for rank r by release date (then risk,
// then person_id).
func reference(in *instance, lambda float64) (slots []allocate.Slot, order []int, weight []float64, cost [][]float64) {
	slots = allocate.Slots(in.offs, in.cat, 12)
	est := map[string]*model.Establishment{}
	for i := range in.ests {
		est[in.ests[i].Code] = &in.ests[i]
	}
	latest := func(i int, g string) float64 {
		j, _ := in.cat.Index(g)
		if !in.cls[i].Needed.Has(j) {
			return -1
		}
		return in.cls[i].MonthsLeft - in.cat.TimeNeeded(j)
	}
	for i := range in.ps {
		for _, g := range progs {
			if latest(i, g) >= 0 {
				order = append(order, i)
				break
			}
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(in.cls[a].MonthsLeft, in.cls[b].MonthsLeft), cmp.Compare(in.cls[b].PNI.Risk, in.cls[a].PNI.Risk),
			strings.Compare(in.ps[a].PersonID, in.ps[b].PersonID))
	})
	n := len(order)
	for r, i := range order {
		weight = append(weight, 1+float64(1000-r*1000/n)/1000)
		row := make([]float64, len(slots))
		for s, sl := range slots {
			row[s] = math.Inf(1)
			l := latest(i, sl.Programme)
			p := &in.ps[i]
			local := sl.Establishment == p.Establishment
			switch {
			case l < 0 || float64(sl.Month+1) > l:
			case local:
				row[s] = 0
			case sl.Month >= 1 && model.MoveAllowed(est[sl.Establishment], p.Sex, p.SecurityCategory, p.Age):
				row[s] = lambda * (0.5 + model.MoveCost(est[p.Establishment], est[sl.Establishment], in.cls[i].MonthsLeft))
			}
		}
		cost = append(cost, row)
	}
	return slots, order, weight, cost
}

// TestAllocationIsOptimal: on 200 small random estates, at three values of
// λ, the allocation's objective equals the optimum of the reference
// problem by gonum's LP simplex, and every place given is open to its
// person under the rules (so no move sends anyone where they cannot be
// held, or too late).
func TestAllocationIsOptimal(t *testing.T) {
	moves := 0
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 17))
		in := randomInstance(t, r)
		for _, lambda := range []float64{0, 0.01, 1} {
			a, err := allocate.Allocate(in.ps, in.cls, in.ests, in.offs, in.cat, allocate.Options{AsOf: testkit.AsOf, Lambda: model.Some(lambda)})
			if err != nil {
				t.Fatal(err)
			}
			slots, order, weight, cost := reference(in, lambda)
			supply := make([]int, len(order))
			for i := range supply {
				supply[i] = 1
			}
			capacity := make([]int, len(slots))
			for s, sl := range slots {
				capacity[s] = sl.Places
			}
			lp, err := testkit.LPCost(supply, capacity, cost, weight)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			if math.Abs(lp-a.Objective) > 1e-6 {
				t.Fatalf("seed %d λ %g: objective %v, LP optimum %v", seed, lambda, a.Objective, lp)
			}
			if len(a.People) != len(order) {
				t.Fatalf("seed %d: %d people, want %d", seed, len(a.People), len(order))
			}
			for r, pl := range a.People {
				if pl.Kind == allocate.NoPlace {
					continue
				}
				s := slices.IndexFunc(slots, func(s allocate.Slot) bool {
					return s.Establishment == pl.To && s.Programme == pl.Programme && s.Month == pl.Month
				})
				if s < 0 || math.IsInf(cost[r][s], 1) || in.ps[order[r]].PersonID != pl.Person {
					t.Fatalf("seed %d: %+v: a place not open to them", seed, pl)
				}
				if pl.Kind != allocate.Local {
					moves++
				}
			}
		}
	}
	if moves < 100 {
		t.Errorf("only %d moves over the instances: the rules were hardly tested", moves)
	}
}

// TestPurePriority: with λ = 0 the people placed are those a greedy pass
// in priority order places, keeping a person only when everyone kept so
// far can still be placed together (the transversal matroid's greedy
// basis, the unique maximum-weight one for distinct weights): every slot
// goes to the highest-priority people who can use it.
func TestPurePriority(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 23))
		in := randomInstance(t, r)
		a, err := allocate.Allocate(in.ps, in.cls, in.ests, in.offs, in.cat, allocate.Options{AsOf: testkit.AsOf, Lambda: model.Some(0.0)})
		if err != nil {
			t.Fatal(err)
		}
		slots, order, _, cost := reference(in, 0)
		var kept []int
		for r := range order {
			if matchable(append(slices.Clone(kept), r), slots, cost) {
				kept = append(kept, r)
			}
		}
		var placed []int
		for r, pl := range a.People {
			if pl.Kind != allocate.NoPlace {
				placed = append(placed, r)
			}
		}
		if !slices.Equal(placed, kept) {
			t.Fatalf("seed %d: placed ranks %v, greedy by priority %v", seed, placed, kept)
		}
	}
}

// matchable reports whether every person (rank) in set can hold a
// place at once: a maximum bipartite matching of set into the slots'
// places (Kuhn's augmenting paths) covers them all.
func matchable(set []int, slots []allocate.Slot, cost [][]float64) bool {
	var units []int // slot of each place
	for s, sl := range slots {
		for range sl.Places {
			units = append(units, s)
		}
	}
	owner := make([]int, len(units))
	for u := range owner {
		owner[u] = -1
	}
	var try func(p int, seen []bool) bool
	try = func(p int, seen []bool) bool {
		for u, s := range units {
			if seen[u] || math.IsInf(cost[p][s], 1) {
				continue
			}
			seen[u] = true
			if owner[u] < 0 || try(owner[u], seen) {
				owner[u] = p
				return true
			}
		}
		return false
	}
	for _, p := range set {
		if !try(p, make([]bool, len(units))) {
			return false
		}
	}
	return true
}
