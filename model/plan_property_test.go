package model_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"needsplan/model"
)

// needMissing answers q12_1 = 2 and leaves the relationships items blank:
// thinking 2, total 2, low need; projected with the blanks at 2,
// relationships 2 and need medium, so at risk medium or high the pathway
// is information missing (pni.md §4.3).
var needMissing = func(p *model.Profile) {
	answers(map[model.Item]int{model.Q12_1: 2})(p)
	for _, it := range model.DomainItems(model.RelationshipsDomain) {
		p.Items[it] = model.Opt[int8]{}
	}
}

// routingPerson is one point of the routing property's grid.
type routingPerson struct {
	need             int // index in routingNeeds
	ogrs, ovp        float64
	osp              model.OSPBand
	sara             int // 0 missing, else sara_partner with the IPV flag
	offence          model.OffenceGroup
	soh, female, ldc bool
	extras           int // 0 none; 1 drugs, gang, RoSH medium; 2 alcohol, extremism
	completed        []string
	suite            model.Suite
}

var routingNeeds = []struct {
	name string
	set  pmod
}{{"low", needLow}, {"medium", needMed}, {"high", needHigh}, {"blanks", needMissing}}

func (x *routingPerson) profile() *model.Profile {
	p := person(routingNeeds[x.need].set, ogrs(x.ogrs), ovp(x.ovp), rsr(0.5), offence(x.offence),
		func(p *model.Profile) { p.OSPDC, p.OSPIIC = model.Some(x.osp), model.Some(model.OSPNA) })
	if x.sara > 0 {
		p.SARAPartner, p.IPV = model.Some(int8(x.sara)), true
	}
	p.SexualOffenceHistory = x.soh
	if x.female {
		p.Sex = model.Female
	}
	p.LDS = model.Some[int32](0)
	if x.ldc {
		p.LDS = model.Some[int32](3)
	}
	switch x.extras {
	case 1:
		p.Scores[model.DrugMisuse] = model.Some[int8](2)
		p.Gang, p.RoSH = true, model.Some(model.RoSHMedium)
	case 2:
		p.Scores[model.AlcoholMisuse] = model.Some[int8](4)
		p.Extremism = true
	}
	p.Completed = x.completed
	return p
}

func (x *routingPerson) String() string {
	sex := "M"
	if x.female {
		sex = "F"
	}
	return fmt.Sprintf("need %s, ogrs3 %v, ovp %v, osp_dc %v, sara_partner %d, %v, soh %v, %s, ldc %v, extras %d, completed %v, %s",
		routingNeeds[x.need].name, x.ogrs, x.ovp, x.osp, x.sara, x.offence, x.soh, sex, x.ldc, x.extras, x.completed, x.suite)
}

// routingOracle holds what the property needs of the catalogue, worked
// out from its public accessors and programme fields.
type routingOracle struct {
	cat     *model.Catalogue
	fams    []model.Family
	topRank []int                // the highest rank of each family's programmes
	counts  []model.ProgrammeSet // what completing i counts as, by replaced_by only
	credit  []model.ProgrammeSet // what completing i credits, by the family rule
}

func newRoutingOracle(cat *model.Catalogue) *routingOracle {
	o := &routingOracle{cat: cat, fams: cat.Families(), topRank: make([]int, len(cat.Families())),
		counts: make([]model.ProgrammeSet, cat.Len()), credit: make([]model.ProgrammeSet, cat.Len())}
	for i := range cat.Len() {
		if f := cat.Family(i); f >= 0 {
			o.topRank[f] = max(o.topRank[f], cat.Rank(i))
		}
		stack := []int{i}
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !o.counts[i].Has(j) {
				o.counts[i].Add(j)
				for _, code := range cat.At(j).ReplacedBy {
					k, _ := cat.Index(code)
					stack = append(stack, k)
				}
			}
		}
	}
	// Completing i credits what it counts as and every programme of a
	// family it serves at the same or a lower rank, with what counts as
	// those.
	for i := range cat.Len() {
		o.credit[i] = o.counts[i]
		for j := range cat.Len() {
			if cat.Family(j) >= 0 && o.serves(i, cat.Family(j)) && cat.Rank(j) <= cat.Rank(i) {
				for w := range o.credit[i] {
					o.credit[i][w] |= o.counts[j][w]
				}
			}
		}
	}
	return o
}

// serves reports whether programme i serves a need in family k: i is of
// family k or of a family that covers k, or i replaced (by replaced_by,
// transitively) a programme of family k.
func (o *routingOracle) serves(i, k int) bool {
	if f := o.cat.Family(i); f == k || f >= 0 && slices.Contains(o.fams[f].Covers, o.fams[k].Name) {
		return true
	}
	for j := range o.cat.Len() {
		if j != i && o.cat.Family(j) == k && o.counts[j].Has(i) {
			return true
		}
	}
	return false
}

// before is the routing order of two core programmes a person meets:
// family order, higher rank, adapted for a person with LDC, code order.
func (o *routingOracle) before(i, j int, ldc bool) bool {
	c := o.cat
	if c.Family(i) != c.Family(j) {
		return c.Family(i) < c.Family(j)
	}
	if c.Rank(i) != c.Rank(j) {
		return c.Rank(i) > c.Rank(j)
	}
	if ai, aj := c.At(i).LDC == model.LDCOnly, c.At(j).LDC == model.LDCOnly; ldc && ai != aj {
		return ai
	}
	return c.At(i).Code < c.At(j).Code
}

var reasonCode = regexp.MustCompile(`(?:\(|; )([A-Z][A-Z0-9_]*): `)

// check returns every property the plan breaks.
func (o *routingOracle) check(p *model.Profile, r *model.PNI, s model.Suite, pl model.Plan) []string {
	c := o.cat
	var bad []string
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	credits := c.Credits(p.Completed)
	var want, did model.ProgrammeSet
	for _, done := range p.Completed {
		if d, ok := c.Index(done); ok {
			for w := range want {
				want[w] |= o.credit[d][w]
				did[w] |= o.counts[d][w]
			}
		}
	}
	if credits != want {
		fail("credited %v, want %v", c.Codes(credits), c.Codes(want))
	}
	suite := c.SuiteProgrammes(s)
	core, planned := -1, pl.Needed
	for w := range planned {
		planned[w] |= pl.Deferred[w]
	}
	for i := range c.Len() {
		now, later := pl.Needed.Has(i), pl.Deferred.Has(i)
		if !now && !later {
			continue
		}
		code := c.At(i).Code
		switch {
		case !slices.Contains(suite, i):
			fail("%s planned but not a current programme of the suite", code)
		case now && later:
			fail("%s both current and deferred", code)
		case later && !c.IsCore(i):
			fail("%s deferred but not core", code)
		case now && c.IsCore(i) && core >= 0:
			fail("two current core programmes: %s and %s", c.At(core).Code, code)
		case now && c.IsCore(i):
			core = i
		}
		if credits.Has(i) {
			fail("%s planned but credited by a completion", code)
		}
		for _, done := range p.Completed {
			d, ok := c.Index(done)
			if ok && c.Family(i) >= 0 && o.serves(d, c.Family(i)) && c.Rank(i) <= c.Rank(d) {
				fail("%s (rank %d) planned after completing %s (rank %d), which serves its family", code, c.Rank(i), done, c.Rank(d))
			}
		}
		if g := c.At(i); now && !o.prerequisiteDone(g, &did) {
			fail("follow-on %s current with none of its prerequisites %v completed", code, g.Prerequisites)
		}
	}
	// Nothing the person is eligible for is lost: a programme of the
	// suite they meet, not credited, with a prerequisite done, is planned.
	for _, i := range suite {
		if g := c.At(i); !planned.Has(i) && !credits.Has(i) && g.Eligible(p, r) && o.prerequisiteDone(g, &did) {
			fail("eligible for %s, not credited, but it is neither current nor deferred", g.Code)
		}
	}
	for i := range c.Len() {
		if pl.Deferred.Has(i) && (core < 0 || !o.before(core, i, p.LDC())) {
			fail("%s deferred but the current core programme is %v", c.At(i).Code, c.Codes(pl.Needed))
		}
	}
	for k := range o.fams {
		bad = append(bad, o.checkFamily(p, r, s, pl, k, &planned, &credits)...)
	}
	return bad
}

// prerequisiteDone reports whether g has no prerequisites or one of them
// is in did (what the completions count as).
func (o *routingOracle) prerequisiteDone(g *model.Programme, did *model.ProgrammeSet) bool {
	return len(g.Prerequisites) == 0 || slices.ContainsFunc(g.Prerequisites, func(code string) bool {
		j, _ := o.cat.Index(code)
		return did.Has(j)
	})
}

// checkFamily: a need in family k is served by a planned programme of k or
// of a family covering it, or credited by a completion, or listed as
// unrouted with a reason naming only programmes the person is not eligible
// for. Listed means not served and not credited at the rank the pathway
// asks for (high intensity: the family's top rank).
func (o *routingOracle) checkFamily(p *model.Profile, r *model.PNI, s model.Suite, pl model.Plan, k int,
	planned, credits *model.ProgrammeSet) []string {
	c := o.cat
	var bad []string
	name := o.fams[k].Name
	need := o.fams[k].HasNeed(p, r)
	served, creditedAny, credited := false, false, false
	for i := range c.Len() {
		served = served || planned.Has(i) && o.serves(i, k)
		if c.Family(i) == k && credits.Has(i) {
			creditedAny = true
			credited = credited || r.Pathway != model.HighIntensity || c.Rank(i) >= o.topRank[k]
		}
	}
	unrouted := pl.Unrouted.Has(k)
	switch {
	case unrouted && !need:
		bad = append(bad, name+" unrouted without a need")
	case unrouted && served:
		bad = append(bad, name+" unrouted but served by "+strings.Join(c.Codes(*planned), ", "))
	case unrouted && credited:
		bad = append(bad, name+" unrouted but credited by "+strings.Join(p.Completed, ", "))
	case need && !served && !credited && !unrouted:
		bad = append(bad, name+" needed, neither served nor credited, and not listed as unrouted")
	case need && !served && !creditedAny && !unrouted:
		bad = append(bad, name+" need dropped")
	}
	if !unrouted {
		return bad
	}
	reason := c.UnroutedReason(p, r, s, k)
	var fams []int
	for _, i := range c.SuiteProgrammes(s) {
		if c.Family(i) == k {
			fams = append(fams, i)
		}
	}
	if len(fams) == 0 {
		if want := fmt.Sprintf("no %s programme in the %s suite", name, s); reason != want {
			bad = append(bad, fmt.Sprintf("%s: reason %q, want %q", name, reason, want))
		}
		return bad
	}
	for _, m := range reasonCode.FindAllStringSubmatch(reason, -1) {
		i, ok := c.Index(m[1])
		switch {
		case !ok || !slices.Contains(fams, i):
			bad = append(bad, fmt.Sprintf("%s: reason %q names %s, not a programme of the family in the suite", name, reason, m[1]))
		case c.At(i).Eligible(p, r):
			bad = append(bad, fmt.Sprintf("%s: reason %q names %s, for which the person is eligible", name, reason, m[1]))
		}
	}
	for _, i := range fams {
		g := c.At(i)
		if why := g.WhyNot(p, r); why == "fits" || !strings.Contains(reason, g.Code+": "+why) {
			bad = append(bad, fmt.Sprintf("%s: reason %q lacks %s: %s", name, reason, g.Code, why))
		}
	}
	return bad
}

// TestPlanRoutingProperty enumerates a grid of people on the embedded
// catalogue (every PNI pathway, every offence group with and without a
// sexual offence history and SARA partner 2 or 3, risk low, medium and
// high by OGRS3, OVP and OSP, both sexes, LDC or not, both suites, a few
// completions, add-on needs) and checks, for every person: no identified
// need is dropped (served, credited, or listed as unrouted with a true
// reason); at most one current core programme, the first in routing
// order; nothing credited planned again, nor anything of a family a
// completion covers at its rank or below; follow-ons only after a
// prerequisite.
func TestPlanRoutingProperty(t *testing.T) {
	cat := defaultCatalogue(t)
	o := newRoutingOracle(cat)
	var (
		pathways    [4]int
		risks       [3]int
		n, deferred int
		unrouted    = make([]int, len(o.fams))
		needs       = make([]int, len(o.fams))
		failures    int
	)
	eachRoutingPerson(func(x *routingPerson) {
		p := x.profile()
		r := model.ComputePNI(p, model.Custody)
		pl := cat.Plan(p, &r, x.suite)
		n++
		pathways[r.Pathway]++
		risks[r.Risk]++
		if pl.Deferred.Len() > 0 {
			deferred++
		}
		for k := range o.fams {
			if pl.Unrouted.Has(k) {
				unrouted[k]++
			}
			if o.fams[k].HasNeed(p, &r) {
				needs[k]++
			}
		}
		if bad := o.check(p, &r, x.suite, pl); len(bad) > 0 {
			failures++
			if failures <= 20 {
				t.Errorf("%s (pathway %v, risk %v): now %v, deferred %v, unrouted %v:\n  %s",
					x, r.Pathway, r.Risk, cat.Codes(pl.Needed), cat.Codes(pl.Deferred),
					familyNames(cat, pl.Unrouted), strings.Join(bad, "\n  "))
			}
		}
	})
	if failures > 20 {
		t.Errorf("… %d people break a property in all", failures)
	}
	// The grid must reach every case the properties are about.
	for _, pw := range model.Pathways {
		if pathways[pw] == 0 {
			t.Errorf("no person on the %v pathway", pw)
		}
	}
	for l, m := range risks {
		if m == 0 {
			t.Errorf("no person at risk %v", model.Level(l))
		}
	}
	if deferred == 0 {
		t.Error("no person with a deferred programme")
	}
	for k, f := range o.fams {
		if len(f.Need) > 0 && needs[k] == 0 {
			t.Errorf("no person with a %s need", f.Name)
		}
	}
	for _, name := range []string{"sexual_offending", "partner_violence", "violence", "general_offending", "substance_misuse", "alcohol_violence", "gang"} {
		if k, _ := cat.FamilyIndex(name); unrouted[k] == 0 {
			t.Errorf("no person with %s unrouted", name)
		}
	}
	t.Logf("%d people; pathways %v; deferred %d; needs %v; unrouted %v", n, pathways, deferred, needs, unrouted)
}

// eachRoutingPerson calls visit with every point of the grid, the last
// dimension fastest. The add-on needs (extras) follow the need and the
// offence group rather than multiply the grid: each offence group meets
// all three across the four need presets.
func eachRoutingPerson(visit func(*routingPerson)) {
	completions := [][]string{nil, {"TSP"}, {"KAIZEN_SO"}, {"SOTP"}, {"HORIZON"}, {"BSR"}, {"BBR"}}
	ogrs, ovp := []float64{30, 60, 80}, []float64{5, 40, 65} // risk low, medium, high
	osps := []model.OSPBand{model.OSPNA, model.OSPMedium, model.OSPHigh}
	saras := []int{0, 2, 3}
	type dim struct {
		n   int
		set func(x *routingPerson, i int)
	}
	dims := []dim{
		{len(model.Suites), func(x *routingPerson, i int) { x.suite = model.Suites[i] }},
		{len(completions), func(x *routingPerson, i int) { x.completed = completions[i] }},
		{len(routingNeeds), func(x *routingPerson, i int) { x.need = i }},
		{len(ogrs), func(x *routingPerson, i int) { x.ogrs = ogrs[i] }},
		{len(ovp), func(x *routingPerson, i int) { x.ovp = ovp[i] }},
		{len(osps), func(x *routingPerson, i int) { x.osp = osps[i] }},
		{len(saras), func(x *routingPerson, i int) { x.sara = saras[i] }},
		{len(model.OffenceGroups), func(x *routingPerson, i int) { x.offence = model.OffenceGroups[i] }},
		{2, func(x *routingPerson, i int) { x.soh = i == 1 }},
		{2, func(x *routingPerson, i int) { x.female = i == 1 }},
		{2, func(x *routingPerson, i int) { x.ldc = i == 1 }},
	}
	idx := make([]int, len(dims))
	var x routingPerson
	for {
		for d := range dims {
			dims[d].set(&x, idx[d])
		}
		x.extras = (x.need + int(x.offence)) % 3
		visit(&x)
		d := len(dims) - 1
		for ; d >= 0; d-- {
			if idx[d]++; idx[d] < dims[d].n {
				break
			}
			idx[d] = 0
		}
		if d < 0 {
			return
		}
	}
}
