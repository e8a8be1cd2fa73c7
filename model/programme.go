package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Figure is a number from the programme catalogue with its standing: a
// published figure, or an assumption (Assumption true) that users should
// check against local knowledge.
type Figure struct {
	Value      float64
	Assumption bool
	Note       string
}

// Status says whether a programme is still delivered.
type Status string

// Programme statuses: current programmes can be needed; legacy ones only
// count as completed for what replaced them.
const (
	Current Status = "current"
	Legacy  Status = "legacy"
)

// Intensity is a programme's PNI intensity.
type Intensity string

// Programme intensities (data-contract.md §4).
const (
	IntensityHigh         Intensity = "high"
	IntensityModerate     Intensity = "moderate"
	IntensityHighModerate Intensity = "high_moderate"
	IntensityNone         Intensity = "none"
)

// Format is how a programme is delivered.
type Format string

// Delivery formats (data-contract.md §4).
const (
	GroupFormat    Format = "group"
	OneToOneFormat Format = "one_to_one"
	RollingFormat  Format = "rolling"
)

// LDCRule is how a programme treats learning disability or challenges.
type LDCRule string

// LDC rules: legacy mainstream programmes exclude people with LDC (they go
// to adapted programmes), adapted programmes take only them, Building
// Choices and others include everyone (programmes.md).
const (
	LDCExcluded  LDCRule = "excluded"
	LDCOnly      LDCRule = "only"
	LDCInclusive LDCRule = "inclusive"
)

// Suite names a set of programmes a planner chooses between.
type Suite string

// The two suites: the legacy-named programmes still running in many prisons,
// and Building Choices, which replaces many of them.
const (
	LegacySuite          Suite = "legacy"
	BuildingChoicesSuite Suite = "building-choices"
)

// ParseSuite parses a suite name.
func ParseSuite(s string) (Suite, error) { return oneOf(s, Suites...) }

// Suites lists the programme suites.
var Suites = []Suite{LegacySuite, BuildingChoicesSuite}

// SuiteNames returns the suites' names, for lists of allowed values.
func SuiteNames() []string {
	out := make([]string, len(Suites))
	for i, s := range Suites {
		out[i] = string(s)
	}
	return out
}

// Programme is one accredited programme in the catalogue (data-contract.md §4).
type Programme struct {
	Code       string
	Name       string
	Status     Status
	Suites     []Suite
	ReplacedBy []string
	// ReplacedByAssumed marks a replaced_by link that is not published.
	ReplacedByAssumed bool
	Intensity         Intensity
	Format            Format
	Settings          []Setting
	Sexes             []Sex
	Audience          string
	// Description says what the programme is for, in plain words, from
	// the published facts (docs/reference/programmes.md).
	Description string
	LDC         LDCRule
	// LDCAssumed marks an LDC rule that is not published.
	LDCAssumed bool
	// LDCRoute lists the adapted programmes that people with LDC, who are
	// excluded from this one, take instead ("LDC → NMS", programmes.md): an
	// LDC person who meets this programme's other criteria needs the first
	// route programme of the suite open to their sex, unless they already
	// need or have completed one of the route programmes.
	LDCRoute []string
	// LDCRouteAssumed marks a route that is not published as such.
	LDCRouteAssumed bool
	// PathwayBound programmes need the person's PNI pathway to match their
	// intensity: high needs high intensity, moderate needs moderate.
	PathwayBound bool
	// Family names the programme's family (docs/catalogue.md); Rank is its
	// rank within it, higher covering lower (0: from its intensity).
	Family string
	Rank   int
	// RiskNote states the risk principle for a programme whose eligibility
	// has no risk criterion and that is not pathway-bound; RiskAssumed
	// marks it as an assumption.
	RiskNote    string
	RiskAssumed bool
	Eligibility []Criterion
	// Prerequisites of a follow-on: one of them must have been completed.
	Prerequisites []string
	// PrerequisitesAssumed marks a prerequisite list that is not published.
	PrerequisitesAssumed bool
	MonthsNeeded         Figure // time needed before release to complete, months
	DurationWeeks        Figure
	Sessions             Figure
	GroupSize            Figure // default places per cohort
	MinGroupSize         Figure // default fewest people to start a cohort
	CompletionRate       Figure // share of starters who complete
	Sources              []string

	match func(*Profile, *PNI) bool
	preds []func(*Profile, *PNI) bool // preds[i]: Eligibility[i] compiled
}

// Criterion is one structured eligibility condition over a profile column or
// a derived value. A leaf tests Field with Op against Values; a node with Any
// holds when any of its criteria holds. A missing value fails every test, so
// nobody is counted as needing a programme on a score they do not have.
type Criterion struct {
	Field  string
	Op     string // one of = != < <= > >= in not_in
	Values []string
	Any    []Criterion
	// Assumption marks a criterion that reads an unpublished or
	// not-in-the-data rule into the profile's columns; Note says how.
	Assumption bool
	Note       string
}

// criterionFields are the fields a criterion can test beyond the profile's
// section scores and PNI items: each returns a number, a text, and whether
// the value is present.
var criterionFields = map[string]func(*Profile, *PNI) (float64, string, bool){
	"sex":                    func(p *Profile, _ *PNI) (float64, string, bool) { return 0, p.Sex.String(), true },
	"age":                    func(p *Profile, _ *PNI) (float64, string, bool) { return float64(p.Age), "", true },
	"sentence_type":          func(p *Profile, _ *PNI) (float64, string, bool) { return 0, p.SentenceType.String(), true },
	"security_category":      func(p *Profile, _ *PNI) (float64, string, bool) { return optText(p.SecurityCategory) },
	"offence_group":          func(p *Profile, _ *PNI) (float64, string, bool) { return 0, p.OffenceGroup.String(), true },
	"sexual_offence_history": func(p *Profile, _ *PNI) (float64, string, bool) { return boolText(p.SexualOffenceHistory) },
	"ipv":                    func(p *Profile, _ *PNI) (float64, string, bool) { return boolText(p.IPV) },
	"gang":                   func(p *Profile, _ *PNI) (float64, string, bool) { return boolText(p.Gang) },
	"extremism":              func(p *Profile, _ *PNI) (float64, string, bool) { return boolText(p.Extremism) },
	"ogrs3":                  func(p *Profile, _ *PNI) (float64, string, bool) { return p.OGRS3.Val, "", p.OGRS3.OK },
	"ovp":                    func(p *Profile, _ *PNI) (float64, string, bool) { return p.OVP.Val, "", p.OVP.OK },
	"rsr":                    func(p *Profile, _ *PNI) (float64, string, bool) { return p.RSR.Val, "", p.RSR.OK },
	"osp_dc":                 func(p *Profile, _ *PNI) (float64, string, bool) { return optText(p.OSPDC) },
	"osp_iic":                func(p *Profile, _ *PNI) (float64, string, bool) { return optText(p.OSPIIC) },
	"sara_partner":           func(p *Profile, _ *PNI) (float64, string, bool) { return optInt(p.SARAPartner) },
	"sara_other":             func(p *Profile, _ *PNI) (float64, string, bool) { return optInt(p.SARAOther) },
	"rosh":                   func(p *Profile, _ *PNI) (float64, string, bool) { return optText(p.RoSH) },
	"lds":                    func(p *Profile, _ *PNI) (float64, string, bool) { return optInt(p.LDS) },
	"ldc":                    func(p *Profile, _ *PNI) (float64, string, bool) { return boolText(p.LDC()) },
	"need_level":             func(_ *Profile, r *PNI) (float64, string, bool) { return 0, r.Need.String(), true },
	"programme_risk":         func(_ *Profile, r *PNI) (float64, string, bool) { return 0, r.Risk.String(), true },
	"pathway":                func(_ *Profile, r *PNI) (float64, string, bool) { return 0, r.Pathway.String(), true },
}

func optText[T fmt.Stringer](o Opt[T]) (float64, string, bool)      { return 0, o.Val.String(), o.OK }
func optInt[T int8 | int32 | int](o Opt[T]) (float64, string, bool) { return float64(o.Val), "", o.OK }
func boolText(b bool) (float64, string, bool)                       { return 0, strconv.FormatBool(b), true }

// fieldGetter finds the accessor for a criterion field: the fixed fields
// above, a section score by its column ("drugs"), a section's identified need
// ("need:drugs"), or a PNI item ("q11_12").
func fieldGetter(name string) (func(*Profile, *PNI) (float64, string, bool), bool) {
	if g, ok := criterionFields[name]; ok {
		return g, true
	}
	if sec, ok := strings.CutPrefix(name, "need:"); ok {
		for s := range NumSections {
			if s.Name() == sec {
				return func(p *Profile, _ *PNI) (float64, string, bool) {
					need, assessed := p.Need(s)
					_, txt, _ := boolText(need)
					return 0, txt, assessed
				}, true
			}
		}
		return nil, false
	}
	for s := range Section(NumScored) {
		if s.Column() == name {
			return func(p *Profile, _ *PNI) (float64, string, bool) { return optInt(p.Scores[s]) }, true
		}
	}
	for it := range NumItems {
		if it.Column() == name {
			return func(p *Profile, _ *PNI) (float64, string, bool) { return optInt(p.Items[it]) }, true
		}
	}
	return nil, false
}

// compile turns a criterion into a predicate, checking its field and operator.
func (c *Criterion) compile() (func(*Profile, *PNI) bool, error) {
	if len(c.Any) > 0 {
		if c.Field != "" {
			return nil, fmt.Errorf("a criterion has either any or field, not both")
		}
		subs := make([]func(*Profile, *PNI) bool, len(c.Any))
		for i := range c.Any {
			f, err := c.Any[i].compile()
			if err != nil {
				return nil, err
			}
			subs[i] = f
		}
		return func(p *Profile, r *PNI) bool {
			for _, f := range subs {
				if f(p, r) {
					return true
				}
			}
			return false
		}, nil
	}
	get, ok := fieldGetter(c.Field)
	if !ok {
		return nil, fmt.Errorf("unknown field %q", c.Field)
	}
	if len(c.Values) == 0 {
		return nil, fmt.Errorf("field %q: no value to compare with", c.Field)
	}
	switch c.Op {
	case "in", "not_in", "=", "!=":
		if (c.Op == "=" || c.Op == "!=") && len(c.Values) != 1 {
			return nil, fmt.Errorf("field %q: %s takes one value", c.Field, c.Op)
		}
		want := slices.Clone(c.Values)
		neg := c.Op == "not_in" || c.Op == "!="
		nums := make([]float64, len(want))
		isNum := make([]bool, len(want))
		for i, w := range want {
			v, err := strconv.ParseFloat(w, 64)
			nums[i], isNum[i] = v, err == nil
		}
		return func(p *Profile, r *PNI) bool {
			x, s, ok := get(p, r)
			if !ok {
				return false
			}
			hit := false
			for i, w := range want {
				// A numeric field (empty text) compares numbers; others compare text.
				if s == w && s != "" || s == "" && isNum[i] && x == nums[i] {
					hit = true
					break
				}
			}
			return hit != neg
		}, nil
	case "<", "<=", ">", ">=":
		if len(c.Values) != 1 {
			return nil, fmt.Errorf("field %q: %s takes one value", c.Field, c.Op)
		}
		v, err := strconv.ParseFloat(c.Values[0], 64)
		if err != nil {
			return nil, fmt.Errorf("field %q: %s needs a number, got %q", c.Field, c.Op, c.Values[0])
		}
		cmp := map[string]func(float64) bool{
			"<": func(x float64) bool { return x < v }, "<=": func(x float64) bool { return x <= v },
			">": func(x float64) bool { return x > v }, ">=": func(x float64) bool { return x >= v },
		}[c.Op]
		return func(p *Profile, r *PNI) bool {
			x, s, ok := get(p, r)
			return ok && s == "" && cmp(x)
		}, nil
	}
	return nil, fmt.Errorf("field %q: unknown operator %q (want = != < <= > >= in not_in)", c.Field, c.Op)
}

// Eligible reports whether the person meets the programme's sex, LDC,
// pathway and structured criteria. It does not look at what they completed.
func (g *Programme) Eligible(p *Profile, r *PNI) bool {
	switch g.LDC {
	case LDCExcluded:
		if p.LDC() {
			return false
		}
	case LDCOnly:
		if !p.LDC() {
			return false
		}
	}
	return g.eligibleButLDC(p, r)
}

// eligibleButLDC is Eligible without the LDC rule: whether someone meets the
// programme's sex, pathway and structured criteria.
func (g *Programme) eligibleButLDC(p *Profile, r *PNI) bool {
	if len(g.Sexes) > 0 && !slices.Contains(g.Sexes, p.Sex) {
		return false
	}
	if g.PathwayBound {
		switch g.Intensity {
		case IntensityHigh:
			if r.Pathway != HighIntensity {
				return false
			}
		case IntensityModerate:
			if r.Pathway != ModerateIntensity {
				return false
			}
		case IntensityHighModerate:
			if r.Pathway != HighIntensity && r.Pathway != ModerateIntensity {
				return false
			}
		}
	}
	return g.match == nil || g.match(p, r)
}

// NamedFigure is one of a programme's figures with its key in the
// catalogue file.
type NamedFigure struct {
	Key string
	Figure
}

// Figures returns the programme's figures, by their keys in the catalogue
// file, in the file's order.
func (g *Programme) Figures() []NamedFigure {
	return []NamedFigure{{"months_needed", g.MonthsNeeded}, {"duration_weeks", g.DurationWeeks}, {"sessions", g.Sessions},
		{"group_size", g.GroupSize}, {"min_group_size", g.MinGroupSize}, {"completion_rate", g.CompletionRate}}
}

// Assumed lists the catalogue fields of g that are assumptions rather than
// published facts: figures marked assumption, and the assumption flags of
// replaced_by, ldc, ldc_route, prerequisites, risk_principle and each
// eligibility criterion
// (as eligibility[N], 1-based, with the criteria nested under any: counted
// as one).
func (g *Programme) Assumed() []string {
	var out []string
	for _, f := range g.Figures() {
		if f.Assumption {
			out = append(out, f.Key)
		}
	}
	for _, f := range []struct {
		name string
		on   bool
	}{{"replaced_by", g.ReplacedByAssumed}, {"ldc", g.LDCAssumed}, {"ldc_route", g.LDCRouteAssumed},
		{"prerequisites", g.PrerequisitesAssumed}, {"risk_principle", g.RiskAssumed && g.RiskNote != ""}} {
		if f.on {
			out = append(out, f.name)
		}
	}
	for i := range g.Eligibility {
		if g.Eligibility[i].assumed() {
			out = append(out, fmt.Sprintf("eligibility[%d]", i+1))
		}
	}
	return out
}

// assumed reports whether the criterion, or one nested in it, is an
// assumption.
func (c *Criterion) assumed() bool {
	if c.Assumption {
		return true
	}
	for i := range c.Any {
		if c.Any[i].assumed() {
			return true
		}
	}
	return false
}

// InSuite reports whether the programme belongs to suite s.
func (g *Programme) InSuite(s Suite) bool { return slices.Contains(g.Suites, s) }

// riskFields are the criterion fields that measure risk (pni.md §2, and
// RoSH): a criterion on one of them applies the risk principle.
var riskFields = []string{"ogrs3", "ovp", "rsr", "osp_dc", "osp_iic", "sara_partner", "sara_other", "programme_risk", "rosh"}

// RiskRule says how the programme applies the risk principle (more
// intensive programmes for higher risk; docs/catalogue.md, "Risk"): the PNI
// pathway for a pathway-bound programme, its criteria on risk scores, or
// its risk_principle note; "" when it has none. assumed is true when the
// rule is an assumption rather than published.
func (g *Programme) RiskRule() (rule string, assumed bool) {
	if g.PathwayBound {
		return "PNI pathway", false
	}
	var parts []string
	var walk func(c *Criterion) bool
	walk = func(c *Criterion) bool { // reports whether c tests risk
		if len(c.Any) > 0 {
			for i := range c.Any {
				if walk(&c.Any[i]) {
					return true
				}
			}
			return false
		}
		return slices.Contains(riskFields, c.Field)
	}
	for i := range g.Eligibility {
		if c := &g.Eligibility[i]; walk(c) {
			parts = append(parts, c.String())
			assumed = assumed || c.assumed()
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, " and "), assumed
	}
	return g.RiskNote, g.RiskAssumed && g.RiskNote != ""
}
