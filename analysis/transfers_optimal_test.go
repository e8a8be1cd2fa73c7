package analysis

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"needsplan/internal/testkit"
	"slices"
	"strings"
	"testing"

	"needsplan/analysis/transport"
	"needsplan/data"
	"needsplan/model"
)

// The property test of the person-level transfer allocation: it was in
// transport_test.go with the solver's tests until the solver moved to
// package transport, and needs AnalyseTransfers and moveCost.

// lpTol is the tolerance for comparing a total cost with the LP optimum.
const lpTol = 1e-6

// randomTransferInstance draws a small estate and people for the
// allocation property tests: nEst establishments in two regions with
// random holds, functions and resettlement; nPeople people with random
// sex, security category (sometimes missing), age (16, 19 or 30), months
// left (some too few to move, some open-ended) and needs among TSP,
// RESOLVE and COVAID; and places and demand at random establishment ×
// programme pairs.
func randomTransferInstance(r *rand.Rand, nEst, nPeople int) ([]model.Profile, []model.Classification, []model.Establishment, []Gap) {
	holds := []model.Holds{model.HoldsMen, model.HoldsMen, model.HoldsWomen, model.HoldsMixed}
	var ests []model.Establishment
	for i := range nEst {
		ests = append(ests, model.Establishment{Code: fmt.Sprintf("E%d", i), Holds: holds[r.IntN(len(holds))],
			Function: model.Functions[r.IntN(len(model.Functions))], Region: fmt.Sprintf("R%d", r.IntN(2)), Resettlement: r.IntN(2) == 0})
	}
	menCats := []model.SecurityCategory{0, model.CatA, model.CatB, model.CatC, model.CatC, model.CatD}
	womenCats := []model.SecurityCategory{0, model.Closed, model.Open}
	// Around the time rule's thresholds (weeks × 7/30.436875 + 6 months'
	// consolidation, plus a 0.92-month move): COVAID 6.92 (7.84 to move),
	// TSP 7.84 (8.76), RESOLVE 8.30 (9.22).
	lefts := []float64{3, 7.9, 8.5, 9, 14, 30, math.Inf(1)}
	progs := []string{"TSP", "RESOLVE", "COVAID"}
	var ps []model.Profile
	var cls []model.Classification
	for i := range nPeople {
		p := model.Profile{PersonID: fmt.Sprintf("p%d", i), Establishment: ests[r.IntN(nEst)].Code, Sex: model.Male,
			Age: []int{16, 19, 30}[r.IntN(3)], SentenceType: model.Determinate}
		c := menCats[r.IntN(len(menCats))]
		if r.IntN(3) == 0 {
			p.Sex = model.Female
			c = womenCats[r.IntN(len(womenCats))]
		}
		if c != 0 {
			p.SecurityCategory = model.Some(c)
		}
		cl := model.Classification{MonthsLeft: lefts[r.IntN(len(lefts))]}
		for _, g := range progs {
			if r.IntN(2) == 0 {
				k, _ := transferTestCatalogue.Index(g)
				cl.Needed.Add(k)
			}
		}
		ps, cls = append(ps, p), append(cls, cl)
	}
	var rows []Gap
	for _, e := range ests {
		for _, g := range progs {
			if r.IntN(2) == 0 {
				rows = append(rows, Gap{Establishment: e.Code, Region: e.Region, Programme: g,
					Places: float64(r.IntN(4)) + 0.5*float64(r.IntN(2)), Demand: float64(r.IntN(3))})
			}
		}
	}
	return ps, cls, ests, rows
}

// transferTestCatalogue is the default catalogue.
var transferTestCatalogue = func() *model.Catalogue {
	cat, err := data.DefaultCatalogue()
	if err != nil {
		panic(err)
	}
	return cat
}()

// personOption is a spare place a person could take: at an
// establishment, for a programme, at a cost.
type personOption struct {
	est, prog string
	cost      float64
}

// personOptions recomputes, from the rules alone and person by person (no
// classes), where each person who must move may go: the (establishment,
// programme) spare places they could take, at what cost.
func personOptions(tp TransferPerson, p *model.Profile, ests map[string]*model.Establishment, spare map[[2]string]int, delay float64) (opts []personOption, timely bool) {
	var eligible []string
	for _, g := range tp.Programmes() {
		// The time rule: the programme's length and the consolidation
		// window (model.Catalogue.TimeNeeded), after the move.
		j, _ := transferTestCatalogue.Index(g)
		if tp.MonthsLeft >= transferTestCatalogue.TimeNeeded(j)+delay {
			eligible = append(eligible, g)
		}
	}
	if len(eligible) == 0 {
		return nil, false
	}
	from := ests[p.Establishment]
	codes := make([]string, 0, len(ests))
	for c := range ests {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, code := range codes {
		to := ests[code]
		if code == p.Establishment || !model.MoveAllowed(to, p.Sex, p.SecurityCategory, p.Age) {
			continue
		}
		served := 0
		for _, g := range eligible {
			if spare[[2]string{code, g}] > 0 {
				served++
			}
		}
		c := model.MoveCost(from, to, tp.MonthsLeft) + 0.1*float64(len(eligible)-served)/float64(len(eligible))
		for _, g := range eligible {
			if spare[[2]string{code, g}] > 0 {
				opts = append(opts, personOption{code, g, c})
			}
		}
	}
	return opts, true
}

// TestAnalyseTransfersOptimal checks the person-level allocation on random
// small instances (many seeds): the allocation is feasible (each person
// placed at most once, in one of their own options, no place used twice
// counting the programmes a move also serves), its cost is what its moves
// cost, and that cost is optimal — equal to brute force over every
// person's choices and to gonum's LP simplex on the person-by-person
// transportation problem (no classes), so grouping people into classes
// loses nothing.
func TestAnalyseTransfersOptimal(t *testing.T) {
	legacy := SuitePlan{Default: model.LegacySuite}
	const unplaced = 10
	placedAll, peopleAll := 0, 0
	for seed := range uint64(400) {
		r := rand.New(rand.NewPCG(seed, 11))
		small := seed < 300
		nEst, nPeople := 2+r.IntN(3), 1+r.IntN(5)
		if !small {
			nEst, nPeople = 4+r.IntN(6), 10+r.IntN(40)
		}
		ps, cls, ests, rows := randomTransferInstance(r, nEst, nPeople)
		gs := NewGaps(rows, GapOptions{Horizon: 12, Suites: legacy})
		tr, err := AnalyseTransfers(ps, cls, ests, gs, transferTestCatalogue, TransferOptions{AsOf: model.DateOf(2025, 6, 30), Suites: legacy})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		estBy := map[string]*model.Establishment{}
		for i := range ests {
			estBy[ests[i].Code] = &ests[i]
		}
		spare := map[[2]string]int{}
		var dests [][2]string
		for _, g := range rows {
			if s := math.Floor(g.Places - g.Demand); s > 0 {
				spare[[2]string{g.Establishment, g.Programme}] = int(s)
				dests = append(dests, [2]string{g.Establishment, g.Programme})
			}
		}
		slices.SortFunc(dests, func(a, b [2]string) int { return strings.Compare(a[0]+"/"+a[1], b[0]+"/"+b[1]) })
		byID := map[string]*model.Profile{}
		for i := range ps {
			byID[ps[i].PersonID] = &ps[i]
		}
		// Feasibility and the cost of tr's own allocation.
		used := map[[2]string]int{}
		var options [][]personOption
		cost, moved := 0.0, 0
		for _, tp := range tr.People {
			opts, timely := personOptions(tp, byID[tp.Person], estBy, spare, tr.Options.Delay)
			if timely {
				options = append(options, opts)
			}
			switch {
			case tp.Outcome == Placed:
				moved++
				i := slices.IndexFunc(opts, func(o personOption) bool { return o.est == tp.To && o.prog == tp.Programme })
				if i < 0 {
					t.Fatalf("seed %d: %s placed at %s for %s, not one of their options %v", seed, tp.Person, tp.To, tp.Programme, opts)
				}
				cost += opts[i].cost
				for _, g := range tp.Served {
					used[[2]string{tp.To, g}]++
				}
				if len(tp.Served) == 0 || tp.Served[0] != tp.Programme {
					t.Errorf("seed %d: %s served %v, want %s first", seed, tp.Person, tp.Served, tp.Programme)
				}
			case timely:
				cost += unplaced
				if (len(opts) == 0) != (tp.Outcome == NoCompatible || tp.Outcome == NoPlaceAnywhere) {
					t.Errorf("seed %d: %s has %d options but outcome %s", seed, tp.Person, len(opts), tp.Outcome)
				}
			default:
				if tp.Outcome != NotEnoughTime {
					t.Errorf("seed %d: %s has no time to move but outcome %s", seed, tp.Person, tp.Outcome)
				}
			}
		}
		for k, n := range used {
			if n > spare[k] {
				t.Errorf("seed %d: %v used %d times, %d spare", seed, k, n, spare[k])
			}
		}
		if moved != tr.Moved() {
			t.Errorf("seed %d: %d placed, matrix holds %d moves", seed, moved, tr.Moved())
		}
		if math.Abs(cost-tr.Cost) > 1e-9 {
			t.Errorf("seed %d: moves cost %v, reported %v", seed, cost, tr.Cost)
		}
		// The LP of the person-by-person problem.
		p := transport.Problem{Supply: make([]int, len(options)), Capacity: make([]int, len(dests)), Cost: make([][]float64, len(options)), Unplaced: make([]float64, len(options))}
		for j, d := range dests {
			p.Capacity[j] = spare[d]
		}
		for i, opts := range options {
			p.Supply[i], p.Unplaced[i] = 1, unplaced
			p.Cost[i] = make([]float64, len(dests))
			for j, d := range dests {
				p.Cost[i][j] = math.Inf(1)
				for _, o := range opts {
					if o.est == d[0] && o.prog == d[1] {
						p.Cost[i][j] = o.cost
					}
				}
			}
		}
		if len(options) == 0 || len(dests) == 0 {
			// Nobody with time to move, or no spare place: nothing to
			// solve (the LP has no rows or columns).
			if want := unplaced * float64(len(options)); math.Abs(tr.Cost-want) > 1e-9 {
				t.Errorf("seed %d: cost %v with no choice to make, want %v", seed, tr.Cost, want)
			}
		} else if lpCost, err := testkit.LPCost(p.Supply, p.Capacity, p.Cost, p.Unplaced); err != nil {
			t.Errorf("seed %d: lp.Simplex: %v", seed, err)
		} else if math.Abs(lpCost-tr.Cost) > lpTol*math.Max(1, lpCost) {
			t.Errorf("seed %d: cost %v, LP %v", seed, tr.Cost, lpCost)
		}
		// Brute force: every person's choice of an option or none.
		if small {
			left := maps.Clone(spare)
			best := math.Inf(1)
			var try func(i int, c float64)
			try = func(i int, c float64) {
				if i == len(options) {
					best = math.Min(best, c)
					return
				}
				try(i+1, c+unplaced)
				for _, o := range options[i] {
					k := [2]string{o.est, o.prog}
					if left[k] > 0 {
						left[k]--
						try(i+1, c+o.cost)
						left[k]++
					}
				}
			}
			try(0, 0)
			if math.Abs(best-tr.Cost) > 1e-9 {
				t.Errorf("seed %d: cost %v, brute force %v\npeople %+v", seed, tr.Cost, best, tr.People)
			}
		}
		placedAll += moved
		peopleAll += len(tr.People)
		if t.Failed() {
			t.FailNow()
		}
	}
	if placedAll == 0 || placedAll == peopleAll {
		t.Errorf("%d of %d people placed over all instances: the instances do not test the allocation", placedAll, peopleAll)
	}
	t.Logf("%d of %d people who must move were placed", placedAll, peopleAll)
}
