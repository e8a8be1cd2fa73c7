package model

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

// A person's programme plan follows the PNI's "one programme at a time"
// (docs/classification.md, "Programme plan"): programmes belong to
// families; each person has at most one current core programme, chosen
// from the core families in the catalogue's order; add-ons run alongside
// it; follow-ons count once a prerequisite is done. Completing a programme
// credits every programme of its family, and of the families it covers, at
// the same or a lower rank, so that finishing a high-intensity strand also
// covers the moderate one.

// Role is the part a programme family plays in a person's plan.
type Role string

// Family roles.
const (
	// CoreRole families hold the offending-behaviour programmes the PNI
	// routes to by pathway and offence type: one current at a time.
	CoreRole Role = "core"
	// AddOnRole families (substance misuse, alcohol-related violence,
	// gang, extremism) run alongside the core programme.
	AddOnRole Role = "add_on"
	// FollowOnRole families count only after a prerequisite.
	FollowOnRole Role = "follow_on"
)

// Roles lists the roles.
var Roles = []Role{CoreRole, AddOnRole, FollowOnRole}

// MaxFamilies is the most families a catalogue may hold: the capacity of
// FamilySet.
const MaxFamilies = 32

// FamilySet is a set of families, by their index in a Catalogue.
type FamilySet uint32

// Add puts family i in the set.
func (s *FamilySet) Add(i int) { *s |= 1 << i }

// Has reports whether family i is in the set.
func (s FamilySet) Has(i int) bool { return s&(1<<i) != 0 }

// Len returns the number of families in the set.
func (s FamilySet) Len() int { return bits.OnesCount32(uint32(s)) }

// Family is a programme family: programmes that address the same need at
// different intensities or for different groups (docs/catalogue.md).
type Family struct {
	Name        string
	Role        Role
	Description string
	// Covers names other families that completing a programme of this one
	// also credits, at the same or a lower rank.
	Covers []string
	// CoversAssumed marks a covers list that is not published.
	CoversAssumed bool
	// Need says who has an identified need in the family whether or not a
	// programme fits them (all criteria must hold). A person who meets it
	// and gets no programme of the family is listed with a reason, never
	// dropped. Empty for families with no need of their own (follow-ons).
	Need    []Criterion
	Sources []string

	match func(*Profile, *PNI) bool
}

// RuleError is a problem with one family (Index, 1-based, in Rules.Families)
// or with one programme's family (Programme, its code), so that a reader of
// the catalogue file can name the line.
type RuleError struct {
	Index     int
	Programme string
	Msg       string
}

func (e *RuleError) Error() string { return e.Msg }

// Rules are the catalogue's planning rules beyond its programmes.
type Rules struct {
	// Families in routing order: a person's current core programme comes
	// from the first core family that has one for them.
	Families []Family
	// Consolidation is the months wanted between completing a programme
	// and release; with a programme's duration it gives the time needed.
	Consolidation Figure
	// Costs price groups for a commissioning plan; zero: DefaultCosts.
	Costs *Costs
}

// defaultRank is a programme's rank within its family when the catalogue
// gives none: its intensity, high (and high_moderate, which covers both)
// above moderate.
func defaultRank(in Intensity) int {
	switch in {
	case IntensityHigh, IntensityHighModerate:
		return 2
	case IntensityModerate:
		return 1
	}
	return 0
}

// checkFamilies validates the families and compiles their need criteria.
func checkFamilies(fs []Family) error {
	if len(fs) > MaxFamilies {
		return fmt.Errorf("%d families, at most %d", len(fs), MaxFamilies)
	}
	seen := map[string]bool{}
	for i := range fs {
		f := &fs[i]
		if f.Name == "" {
			return &RuleError{Index: i + 1, Msg: fmt.Sprintf("family %d has no name", i+1)}
		}
		if seen[f.Name] {
			return &RuleError{Index: i + 1, Msg: fmt.Sprintf("family %s listed twice", f.Name)}
		}
		seen[f.Name] = true
		if _, err := oneOf(string(f.Role), Roles...); err != nil {
			return &RuleError{Index: i + 1, Msg: fmt.Sprintf("family %s: role %q: %v", f.Name, f.Role, err)}
		}
		var preds []func(*Profile, *PNI) bool
		for j := range f.Need {
			p, err := f.Need[j].compile()
			if err != nil {
				return &RuleError{Index: i + 1, Msg: fmt.Sprintf("family %s: need: %v", f.Name, err)}
			}
			preds = append(preds, p)
		}
		f.match = func(p *Profile, r *PNI) bool {
			for _, m := range preds {
				if !m(p, r) {
					return false
				}
			}
			return len(preds) > 0
		}
	}
	for i := range fs {
		for _, c := range fs[i].Covers {
			if !seen[c] {
				return &RuleError{Index: i + 1, Msg: fmt.Sprintf("family %s covers unknown family %s", fs[i].Name, c)}
			}
		}
	}
	return nil
}

// HasNeed reports whether the person has an identified need in the family
// (its need criteria all hold; never for a family without criteria).
func (f *Family) HasNeed(p *Profile, r *PNI) bool { return f.match != nil && f.match(p, r) }

// Plan is a person's programme plan (docs/classification.md): the
// programmes they need now, the core programmes that wait for the current
// one, and the families where they have an identified need that no
// programme fits.
type Plan struct {
	// Needed holds the current programmes: at most one core programme,
	// the add-ons, and follow-ons whose prerequisite is done.
	Needed ProgrammeSet
	// Deferred holds the other core programmes the person meets: not
	// demand now, since the PNI routes to one core programme at a time.
	Deferred ProgrammeSet
	// Unrouted holds the families where the person has an identified need,
	// has not completed a programme that credits it, and no programme of
	// the suite fits them (UnroutedReason says why).
	Unrouted FamilySet
}

// Families returns the catalogue's families in routing order.
func (c *Catalogue) Families() []Family { return c.families }

// Family returns the index of programme i's family, or -1 when it has none.
func (c *Catalogue) Family(i int) int { return c.family[i] }

// FamilyIndex returns the index of the family with the given name.
func (c *Catalogue) FamilyIndex(name string) (int, bool) {
	i := slices.IndexFunc(c.families, func(f Family) bool { return f.Name == name })
	return i, i >= 0
}

// Rank returns programme i's rank within its family (higher covers lower).
func (c *Catalogue) Rank(i int) int { return c.rank[i] }

// IsCore reports whether programme i belongs to a core family.
func (c *Catalogue) IsCore(i int) bool {
	return c.family[i] >= 0 && c.families[c.family[i]].Role == CoreRole
}

// Consolidation returns the months wanted between completing a programme
// and release.
func (c *Catalogue) Consolidation() Figure { return c.consolidation }

// Costs returns the catalogue's staffing and cost figures (DefaultCosts
// where it gives none).
func (c *Catalogue) Costs() Costs { return c.costs }

// TimeNeeded returns the months before release that programme i needs:
// its duration plus the consolidation window, or its published
// months_needed where that is longer (docs/classification.md, "In time").
// A person can start it in time while their months left are at least this.
func (c *Catalogue) TimeNeeded(i int) float64 { return c.timeNeeded[i] }

// DurationMonths returns programme i's duration in average months.
func (c *Catalogue) DurationMonths(i int) float64 {
	// weeks × 7 days / 30.436875 days a month (the mean Gregorian month,
	// as Date.MonthsUntil).
	return c.programmes[i].DurationWeeks.Value * 7 / 30.436875
}

// ShortMonthsNeeded reports whether programme i's months_needed (published
// or assumed) is shorter than its duration plus the consolidation window:
// people with only that much time left could finish but not consolidate
// before release.
func (c *Catalogue) ShortMonthsNeeded(i int) bool {
	g := &c.programmes[i]
	return g.MonthsNeeded.Value > 0 && g.MonthsNeeded.Value < c.DurationMonths(i)+c.consolidation.Value
}

// Serves returns the families programme i serves: its own, those its
// family covers, and those of the programmes it replaced (replaced_by,
// transitively: Building Choices' general strand replaced Thinking Skills,
// Resolve and BBR, so it serves their families). Completing i credits every
// programme of these families at i's rank or lower; a person with i
// current or deferred has their need in these families in hand.
func (c *Catalogue) Serves(i int) FamilySet { return c.serves[i] }

// buildRules resolves families, ranks, credit and time needed for the
// programmes (NewCatalogue's last step).
func (c *Catalogue) buildRules(r Rules) error {
	c.families = slices.Clone(r.Families)
	if err := checkFamilies(c.families); err != nil {
		return err
	}
	c.consolidation = r.Consolidation
	c.costs = DefaultCosts()
	if r.Costs != nil {
		if err := r.Costs.Check(); err != nil {
			return err
		}
		c.costs = *r.Costs
	}
	if v := r.Consolidation.Value; v < 0 || v > 120 || v != v {
		return fmt.Errorf("consolidation %v months: want a number from 0 to 120", v)
	}
	n := len(c.programmes)
	c.family, c.rank, c.timeNeeded = make([]int, n), make([]int, n), make([]float64, n)
	for i := range c.programmes {
		g := &c.programmes[i]
		c.family[i] = -1
		if g.Family != "" {
			f, ok := c.FamilyIndex(g.Family)
			if !ok {
				return &RuleError{Programme: g.Code, Msg: fmt.Sprintf("programme %s: unknown family %s", g.Code, g.Family)}
			}
			c.family[i] = f
		} else if len(c.families) > 0 && g.Status == Current {
			return &RuleError{Programme: g.Code, Msg: fmt.Sprintf("programme %s: a current programme needs a family", g.Code)}
		}
		c.rank[i] = g.Rank
		if c.rank[i] == 0 {
			c.rank[i] = defaultRank(g.Intensity)
		}
		c.timeNeeded[i] = c.DurationMonths(i) + c.consolidation.Value
		if g.MonthsNeeded.Value > c.timeNeeded[i] && !g.MonthsNeeded.Assumption {
			c.timeNeeded[i] = g.MonthsNeeded.Value
		}
	}
	// Completing i credits, beside what replaced_by gives, every programme
	// of the families i serves at the same or a lower rank, and what
	// replaced those.
	replaced := slices.Clone(c.credit) // replaced_by closures (NewCatalogue)
	c.countsAs = replaced
	c.topRank = make([]int, len(c.families))
	for i, f := range c.family {
		if f >= 0 {
			c.topRank[f] = max(c.topRank[f], c.rank[i])
		}
	}
	c.serves = make([]FamilySet, n)
	for i := range c.programmes {
		if f := c.family[i]; f >= 0 {
			c.serves[i].Add(f)
			for _, name := range c.families[f].Covers {
				k, _ := c.FamilyIndex(name)
				c.serves[i].Add(k)
			}
		}
		for j := range c.programmes {
			if j != i && c.family[j] >= 0 && replaced[j].Has(i) {
				c.serves[i].Add(c.family[j])
			}
		}
	}
	nf := len(c.families)
	c.servedBy, c.members, c.topMembers = make([]ProgrammeSet, nf), make([]ProgrammeSet, nf), make([]ProgrammeSet, nf)
	for i := range c.programmes {
		for k := range nf {
			if c.serves[i].Has(k) {
				c.servedBy[k].Add(i)
			}
		}
		if f := c.family[i]; f >= 0 {
			c.members[f].Add(i)
			if c.rank[i] >= c.topRank[f] {
				c.topMembers[f].Add(i)
			}
			if c.families[f].Role == CoreRole {
				c.coreSet.Add(i)
			}
		}
	}
	for i := range c.programmes {
		for j := range c.programmes {
			if fj := c.family[j]; fj >= 0 && c.serves[i].Has(fj) && c.rank[j] <= c.rank[i] {
				for w := range c.credit[i] {
					c.credit[i][w] |= replaced[j][w]
				}
			}
		}
	}
	return nil
}

// UnroutedReason says why no programme of family k in suite s fits a
// person with an identified need in it: for each current programme of the
// family in the suite, the first rule it fails (WhyNot), or that the suite
// has none. For the lists of people the catalogue cannot route.
func (c *Catalogue) UnroutedReason(p *Profile, r *PNI, s Suite, k int) string {
	return c.ReasonText(c.Why(p, r, s, k))
}

// maxWhy is the most programmes of one family in one suite a Why records.
const maxWhy = 8

// Why is the compact form of an UnroutedReason, comparable so that many
// people can be grouped by it before one text is written (ReasonText): the
// family, the suite, the person's pathway (the text names it) and, for
// each programme of the family in the suite in code order, the first rule
// it fails (whyNot's code).
type Why struct {
	Family  int
	Suite   Suite
	Pathway Pathway
	N       int8
	Fails   [maxWhy]int8
}

// Why works out the compact reason no programme of family k in suite s
// fits the person.
func (c *Catalogue) Why(p *Profile, r *PNI, s Suite, k int) Why {
	w := Why{Family: k, Suite: s, Pathway: r.Pathway}
	for _, i := range c.suite[s] {
		if c.family[i] == k && int(w.N) < maxWhy {
			w.Fails[w.N] = c.programmes[i].whyNot(p, r)
			w.N++
		}
	}
	return w
}

// ReasonText writes a Why as UnroutedReason does.
func (c *Catalogue) ReasonText(w Why) string {
	var parts []string
	n := 0
	for _, i := range c.suite[w.Suite] {
		if c.family[i] == w.Family && n < int(w.N) {
			g := &c.programmes[i]
			parts = append(parts, g.Code+": "+g.whyNotText(w.Fails[n], w.Pathway))
			n++
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("no %s programme in the %s suite", c.families[w.Family].Name, w.Suite)
	}
	return "no programme fits (" + strings.Join(parts, "; ") + ")"
}

// The codes of whyNot: a rule before the criteria, or the index of the
// first criterion failed (0 and up).
const (
	whyFits       int8 = -1
	whySex        int8 = -2
	whyExcludesLD int8 = -3
	whyOnlyLD     int8 = -4
	whyPathway    int8 = -5
)

// WhyNot returns the first of the programme's rules the person fails, in
// the order Eligible checks them: sex, LDC, pathway, then each criterion;
// "fits" when they meet them all.
func (g *Programme) WhyNot(p *Profile, r *PNI) string { return g.whyNotText(g.whyNot(p, r), r.Pathway) }

// whyNot is WhyNot as a code (whyFits, whySex…, or a criterion's index),
// so that counting reasons allocates nothing.
func (g *Programme) whyNot(p *Profile, r *PNI) int8 {
	switch {
	case len(g.Sexes) > 0 && !slices.Contains(g.Sexes, p.Sex):
		return whySex
	case g.LDC == LDCExcluded && p.LDC():
		return whyExcludesLD
	case g.LDC == LDCOnly && !p.LDC():
		return whyOnlyLD
	}
	if g.PathwayBound {
		ok := true
		switch g.Intensity {
		case IntensityHigh:
			ok = r.Pathway == HighIntensity
		case IntensityModerate:
			ok = r.Pathway == ModerateIntensity
		case IntensityHighModerate:
			ok = r.Pathway == HighIntensity || r.Pathway == ModerateIntensity
		}
		if !ok {
			return whyPathway
		}
	}
	// The criteria as NewCatalogue compiled them (Eligible's match): a
	// programme not built by it has none to fail.
	for i, m := range g.preds {
		if !m(p, r) && i < 127 {
			return int8(i)
		}
	}
	return whyFits
}

// whyNotText writes a whyNot code; pathway is the person's.
func (g *Programme) whyNotText(code int8, pathway Pathway) string {
	switch code {
	case whyFits:
		return "fits"
	case whySex:
		sexes := make([]string, len(g.Sexes))
		for i, x := range g.Sexes {
			sexes[i] = x.String()
		}
		return "for " + strings.Join(sexes, " or ") + " only"
	case whyExcludesLD:
		return "excludes people with LDC"
	case whyOnlyLD:
		return "for people with LDC only"
	case whyPathway:
		return fmt.Sprintf("%s pathway only (theirs: %s)", g.Intensity, pathway)
	}
	return "needs " + g.Eligibility[code].String()
}

// String writes the criterion as the catalogue does: "ogrs3 >= 50",
// "osp_dc in medium, high", "any of (…; …)".
func (c *Criterion) String() string {
	if len(c.Any) > 0 {
		parts := make([]string, len(c.Any))
		for i := range c.Any {
			parts[i] = c.Any[i].String()
		}
		return "any of (" + strings.Join(parts, "; ") + ")"
	}
	return c.Field + " " + c.Op + " " + strings.Join(c.Values, ", ")
}
