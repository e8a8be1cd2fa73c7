package model

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// MaxProgrammes is the most programmes a catalogue may hold: the capacity of
// ProgrammeSet.
const MaxProgrammes = 128

// ProgrammeSet is a set of programmes, by their index in a Catalogue.
type ProgrammeSet [MaxProgrammes / 64]uint64

// Add puts programme i in the set.
func (s *ProgrammeSet) Add(i int) { s[i/64] |= 1 << (i % 64) }

// Has reports whether programme i is in the set.
func (s *ProgrammeSet) Has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }

// and returns the programmes in both s and t.
func (s *ProgrammeSet) and(t *ProgrammeSet) ProgrammeSet {
	var out ProgrammeSet
	for w := range s {
		out[w] = s[w] & t[w]
	}
	return out
}

// or returns the programmes in s or t.
func (s *ProgrammeSet) or(t *ProgrammeSet) ProgrammeSet {
	var out ProgrammeSet
	for w := range s {
		out[w] = s[w] | t[w]
	}
	return out
}

// Overlaps reports whether s and t share a programme.
func (s *ProgrammeSet) Overlaps(t *ProgrammeSet) bool {
	for w := range s {
		if s[w]&t[w] != 0 {
			return true
		}
	}
	return false
}

// Len returns the number of programmes in the set.
func (s *ProgrammeSet) Len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// Catalogue is the programme catalogue: every programme, by code, with the
// replacement links that make a legacy completion count for its successors.
type Catalogue struct {
	// Version identifies the catalogue file (its "version" key).
	Version    string
	programmes []Programme // sorted by code
	index      map[string]int
	credit     []ProgrammeSet // credit[i]: what completing programme i counts for
	// countsAs[i] is what completing programme i counts as completed:
	// itself and what replaced it (replaced_by, transitively), for
	// follow-ons' prerequisites. Family credit (credit) is wider: it
	// spares a programme without counting as having done it.
	countsAs []ProgrammeSet
	// Indices resolved once, so that classifying a person looks up no
	// codes: prereq[i] and route[i] are programme i's prerequisites and LDC
	// route, suite[s] the current programmes of suite s in code order.
	prereq, route [][]int
	suite         map[Suite][]int
	// The planning rules (family.go): families in routing order, each
	// programme's family index (-1: none) and rank, each family's top
	// rank, and each programme's time needed.
	families     []Family
	family, rank []int
	topRank      []int
	serves       []FamilySet // serves[i]: the families programme i serves (Serves)
	// By family k: the programmes serving it, its members, its members of
	// its top rank; and the core programmes.
	servedBy, members, topMembers []ProgrammeSet
	coreSet                       ProgrammeSet
	timeNeeded                    []float64
	consolidation                 Figure
	costs                         Costs
}

// NewCatalogue checks ps and the rules and builds a catalogue: codes unique
// and upper-case, replaced_by and prerequisites naming known codes, criteria
// valid, every current programme in a known family when there are families.
// Programmes are kept sorted by code.
func NewCatalogue(version string, ps []Programme, rules Rules) (*Catalogue, error) {
	if len(ps) > MaxProgrammes {
		return nil, fmt.Errorf("catalogue: %d programmes, at most %d", len(ps), MaxProgrammes)
	}
	c := &Catalogue{Version: version, programmes: slices.Clone(ps), index: map[string]int{}}
	slices.SortFunc(c.programmes, func(a, b Programme) int { return strings.Compare(a.Code, b.Code) })
	for i := range c.programmes {
		g := &c.programmes[i]
		if g.Code == "" || strings.ToUpper(g.Code) != g.Code || strings.ContainsAny(g.Code, "; ,") {
			return nil, fmt.Errorf("catalogue: programme %q: want an upper-case code without spaces or ';'", g.Code)
		}
		if _, dup := c.index[g.Code]; dup {
			return nil, fmt.Errorf("catalogue: programme %s listed twice", g.Code)
		}
		c.index[g.Code] = i
		if err := g.check(); err != nil {
			return nil, fmt.Errorf("catalogue: programme %s: %w", g.Code, err)
		}
	}
	for i := range c.programmes {
		g := &c.programmes[i]
		for _, list := range [][]string{g.ReplacedBy, g.Prerequisites, g.LDCRoute} {
			for _, code := range list {
				if _, ok := c.index[code]; !ok {
					return nil, fmt.Errorf("catalogue: programme %s names unknown programme %s", g.Code, code)
				}
			}
		}
		if len(g.LDCRoute) > 0 && g.LDC != LDCExcluded {
			return nil, fmt.Errorf("catalogue: programme %s: ldc_route is for a programme with ldc: excluded", g.Code)
		}
		for _, code := range g.LDCRoute {
			if h := &c.programmes[c.index[code]]; h.LDC == LDCExcluded {
				return nil, fmt.Errorf("catalogue: programme %s: ldc_route names %s, which excludes people with LDC", g.Code, code)
			}
		}
	}
	c.prereq, c.route = make([][]int, len(c.programmes)), make([][]int, len(c.programmes))
	c.suite = map[Suite][]int{}
	for i := range c.programmes {
		g := &c.programmes[i]
		for _, code := range g.Prerequisites {
			c.prereq[i] = append(c.prereq[i], c.index[code])
		}
		for _, code := range g.LDCRoute {
			c.route[i] = append(c.route[i], c.index[code])
		}
		if g.Status == Current {
			for _, s := range g.Suites {
				if !slices.Contains(c.suite[s], i) {
					c.suite[s] = append(c.suite[s], i)
				}
			}
		}
	}
	// Completing a programme counts for it and, transitively, for every
	// programme that replaced it (programmes.md: "A completed code counts
	// for what replaced it").
	c.credit = make([]ProgrammeSet, len(c.programmes))
	for i := range c.programmes {
		stack := []int{i}
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if c.credit[i].Has(j) {
				continue
			}
			c.credit[i].Add(j)
			for _, code := range c.programmes[j].ReplacedBy {
				stack = append(stack, c.index[code])
			}
		}
	}
	if err := c.buildRules(rules); err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	return c, nil
}

func (g *Programme) check() error {
	if g.Status != Current && g.Status != Legacy {
		return fmt.Errorf("status %q: want current or legacy", g.Status)
	}
	for _, s := range g.Suites {
		if _, err := ParseSuite(string(s)); err != nil {
			return fmt.Errorf("suite %q: %w", s, err)
		}
	}
	if g.Status == Legacy && len(g.Suites) > 0 {
		return fmt.Errorf("a legacy programme belongs to no suite")
	}
	if _, err := oneOf(string(g.Intensity), IntensityHigh, IntensityModerate, IntensityHighModerate, IntensityNone); err != nil {
		return fmt.Errorf("intensity %q: %w", g.Intensity, err)
	}
	if _, err := oneOf(string(g.Format), GroupFormat, OneToOneFormat, RollingFormat); err != nil {
		return fmt.Errorf("format %q: %w", g.Format, err)
	}
	if _, err := oneOf(string(g.LDC), LDCExcluded, LDCOnly, LDCInclusive); err != nil {
		return fmt.Errorf("ldc %q: %w", g.LDC, err)
	}
	for _, f := range []struct {
		name string
		v    float64
		lo   float64
		hi   float64
	}{
		{"months_needed", g.MonthsNeeded.Value, 0, 120},
		{"duration_weeks", g.DurationWeeks.Value, 0, 520},
		{"sessions", g.Sessions.Value, 0, 1000},
		{"group_size", g.GroupSize.Value, 0, 24},
		{"min_group_size", g.MinGroupSize.Value, 0, 24},
		{"completion_rate", g.CompletionRate.Value, 0, 1},
	} {
		if math.IsNaN(f.v) || f.v < f.lo || f.v > f.hi {
			return fmt.Errorf("%s %v: want a number from %v to %v", f.name, f.v, f.lo, f.hi)
		}
	}
	if g.MinGroupSize.Value > g.GroupSize.Value {
		return fmt.Errorf("min_group_size %v is above group_size %v", g.MinGroupSize.Value, g.GroupSize.Value)
	}
	var preds []func(*Profile, *PNI) bool
	for i := range g.Eligibility {
		f, err := g.Eligibility[i].compile()
		if err != nil {
			return fmt.Errorf("eligibility: %w", err)
		}
		preds = append(preds, f)
	}
	g.preds = preds
	g.match = func(p *Profile, r *PNI) bool {
		for _, f := range preds {
			if !f(p, r) {
				return false
			}
		}
		return true
	}
	return nil
}

// Len returns the number of programmes.
func (c *Catalogue) Len() int { return len(c.programmes) }

// At returns the programme at index i (0 ≤ i < Len), in code order.
func (c *Catalogue) At(i int) *Programme { return &c.programmes[i] }

// Index returns the index of the programme with the given code.
func (c *Catalogue) Index(code string) (int, bool) { i, ok := c.index[code]; return i, ok }

// Lookup returns the programme with the given code.
func (c *Catalogue) Lookup(code string) (*Programme, bool) {
	i, ok := c.index[code]
	if !ok {
		return nil, false
	}
	return &c.programmes[i], true
}

// SuiteProgrammes returns the indices of the current programmes in suite s,
// in code order.
func (c *Catalogue) SuiteProgrammes(s Suite) []int { return slices.Clone(c.suite[s]) }

// Credits returns the programmes that the completed codes count for: each
// code, everything that replaced it, and what family credit gives (the
// programmes of its family and the families it covers at the same or a
// lower rank, family.go). Unknown codes are ignored (loading refuses
// them).
func (c *Catalogue) Credits(completed []string) ProgrammeSet {
	var s ProgrammeSet
	for _, code := range completed {
		if i, ok := c.index[code]; ok {
			for w := range s {
				s[w] |= c.credit[i][w]
			}
		}
	}
	return s
}

// Needed returns the programmes of suite s that the person needs now: the
// Needed set of their Plan.
func (c *Catalogue) Needed(p *Profile, r *PNI, s Suite) ProgrammeSet { return c.Plan(p, r, s).Needed }

// Plan works out the person's programme plan in suite s
// (docs/classification.md): first the programmes they meet (meets), then
// one current core programme (oneCore), then the families with an
// identified need that nothing fits (unrouted).
func (c *Catalogue) Plan(p *Profile, r *PNI, s Suite) Plan {
	done := c.Credits(p.Completed)
	var did ProgrammeSet
	for _, code := range p.Completed {
		if i, ok := c.index[code]; ok {
			for w := range did {
				did[w] |= c.countsAs[i][w]
			}
		}
	}
	var pl Plan
	pl.Needed = c.meets(p, r, s, &done, &did)
	pl.Needed, pl.Deferred = c.oneCore(p, pl.Needed)
	pl.Unrouted = c.unrouted(p, r, &done, pl.Needed, pl.Deferred)
	return pl
}

// meets returns the current programmes of suite s whose sex, LDC, pathway
// and criteria the person meets, one of whose prerequisites (for a
// follow-on) they have completed or completed a predecessor of (did), and
// which they have not been credited with (done); and,
// for someone with LDC who meets every criterion of a programme that
// excludes LDC but its LDC rule, the programme its LDC route names.
func (c *Catalogue) meets(p *Profile, r *PNI, s Suite, done, did *ProgrammeSet) ProgrammeSet {
	var out ProgrammeSet
	var routedBuf [8]int
	routed := routedBuf[:0]
	for _, i := range c.suite[s] {
		g := &c.programmes[i]
		if done.Has(i) {
			continue
		}
		if len(c.prereq[i]) > 0 && !slices.ContainsFunc(c.prereq[i], did.Has) {
			continue
		}
		switch {
		case g.Eligible(p, r):
			out.Add(i)
		case g.LDC == LDCExcluded && len(c.route[i]) > 0 && p.LDC() && g.eligibleButLDC(p, r):
			routed = append(routed, i)
		}
	}
	// LDC routes (programmes.md: "LDC → NMS"), after every programme's own
	// criteria, so that a route is skipped when one of its programmes is
	// already needed in its own right.
	for _, i := range routed {
		route := c.route[i]
		if slices.ContainsFunc(route, func(j int) bool { return out.Has(j) || done.Has(j) }) {
			continue
		}
		for _, j := range route {
			h := &c.programmes[j]
			if h.Status == Current && h.InSuite(s) && (len(h.Sexes) == 0 || slices.Contains(h.Sexes, p.Sex)) {
				out.Add(j)
				break
			}
		}
	}
	return out
}

// oneCore keeps one core programme of those met and defers the others:
// the one of the first core family in routing order, then the highest
// rank, then, for someone with LDC, a programme adapted for LDC (ldc: only)
// before an inclusive one, then code order.
func (c *Catalogue) oneCore(p *Profile, met ProgrammeSet) (now, deferred ProgrammeSet) {
	now, best := met, -1
	better := func(i, j int) bool { // is i before j?
		if fi, fj := c.family[i], c.family[j]; fi != fj {
			return fi < fj
		}
		if c.rank[i] != c.rank[j] {
			return c.rank[i] > c.rank[j]
		}
		if ai, aj := c.programmes[i].LDC == LDCOnly, c.programmes[j].LDC == LDCOnly; p.LDC() && ai != aj {
			return ai
		}
		return i < j
	}
	cores := met.and(&c.coreSet)
	if cores.Len() < 2 {
		return met, deferred // nothing competes
	}
	for i := range c.programmes {
		if cores.Has(i) && (best < 0 || better(i, best)) {
			best = i
		}
	}
	for i := range c.programmes {
		if i != best && cores.Has(i) {
			now[i/64] &^= 1 << (i % 64)
			deferred.Add(i)
		}
	}
	return now, deferred
}

// unrouted returns the families where the person has an identified need
// (the family's need criteria), has no current or deferred programme that
// serves the family (Serves), and has not completed a programme crediting
// the family at the rank their pathway asks for (high intensity: the
// family's top rank, so 1 for a family with only moderate programmes;
// otherwise any).
func (c *Catalogue) unrouted(p *Profile, r *PNI, done *ProgrammeSet, now, deferred ProgrammeSet) FamilySet {
	var out FamilySet
	planned := now.or(&deferred)
	for k := range c.families {
		// Set tests first: the need criteria only for those not served
		// (servedBy[k]: the programmes that serve k) nor credited
		// (members[k], or topMembers[k] on the high pathway).
		credit := &c.members[k]
		if r.Pathway == HighIntensity {
			credit = &c.topMembers[k]
		}
		if planned.Overlaps(&c.servedBy[k]) || done.Overlaps(credit) || !c.families[k].HasNeed(p, r) {
			continue
		}
		out.Add(k)
	}
	return out
}

// Codes returns the codes of the programmes in set, in code order.
func (c *Catalogue) Codes(set ProgrammeSet) []string {
	var out []string
	for i := range c.programmes {
		if set.Has(i) {
			out = append(out, c.programmes[i].Code)
		}
	}
	return out
}
