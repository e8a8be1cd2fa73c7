package data

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"needsplan/model"
)

// scenarioYAML is a scenario file's shape (docs/scenarios.md,
// docs/scenario.schema.json). Pointers tell "unset" from zero.
type scenarioYAML struct {
	Name          string             `yaml:"name"`
	Extends       string             `yaml:"extends"`
	Dataset       *string            `yaml:"dataset"`
	Strategy      *string            `yaml:"strategy"`
	Years         *float64           `yaml:"years"`
	Replications  *int               `yaml:"replications"`
	Seed          *uint64            `yaml:"seed"`
	Policy        *string            `yaml:"policy"`
	Schedule      *string            `yaml:"schedule"`
	Suite         *string            `yaml:"suite"`
	Consolidation *float64           `yaml:"consolidation"`
	Growth        *float64           `yaml:"growth"`
	Transfers     *transfersYAML     `yaml:"transfers"`
	Mix           map[string]float64 `yaml:"mix"`
	SuiteSwitch   *suiteSwitchYAML   `yaml:"suite_switch"`
	Offerings     []yaml.Node
	Teams         []yaml.Node
	Suspensions   []yaml.Node
}

type transfersYAML struct {
	Enabled        *bool    `yaml:"enabled"`
	Delay          *float64 `yaml:"delay"`
	StaleDirectory *float64 `yaml:"stale_directory"`
	After          *float64 `yaml:"after"`
}

type suiteSwitchYAML struct {
	Suite string  `yaml:"suite"`
	From  float64 `yaml:"from"`
}

type offeringChangeYAML struct {
	Establishment string   `yaml:"establishment"`
	Region        string   `yaml:"region"`
	Programme     string   `yaml:"programme"`
	Action        string   `yaml:"action"`
	GroupsPerYear *float64 `yaml:"groups_per_year"`
	OneToOne      *float64 `yaml:"one_to_one_places"`
	Factor        *float64 `yaml:"factor"`
	From          float64  `yaml:"from"`
}

type teamChangeYAML struct {
	Establishment string  `yaml:"establishment"`
	Region        string  `yaml:"region"`
	Factor        float64 `yaml:"factor"`
	From          float64 `yaml:"from"`
	To            float64 `yaml:"to"`
}

type suspensionYAML struct {
	Establishment string  `yaml:"establishment"`
	Region        string  `yaml:"region"`
	Programme     string  `yaml:"programme"`
	From          float64 `yaml:"from"`
	To            float64 `yaml:"to"`
}

// MaxExtends is how deep a chain of scenarios extending each other may go.
const MaxExtends = 16

// ReadScenario reads a scenario file and the scenarios it extends (paths
// relative to the file that names them): the extending file's settings win,
// its change lists come after its parent's. Unknown keys, bad values and
// circular extends are errors naming the file and line.
func ReadScenario(path string) (*model.Scenario, error) {
	return readScenario(path, nil)
}

func readScenario(path string, chain []string) (*model.Scenario, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	if slices.Contains(chain, abs) {
		return nil, &Error{File: path, Line: 1, Msg: "circular extends: " + strings.Join(append(chain, abs), " → ")}
	}
	if len(chain) >= MaxExtends {
		return nil, &Error{File: path, Msg: fmt.Sprintf("extends more than %d scenarios deep", MaxExtends)}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read the scenario: " + err.Error()}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, &Error{File: path, Msg: "not valid YAML: " + err.Error()}
	}
	if len(root.Content) == 0 {
		return nil, &Error{File: path, Msg: "empty scenario: want a mapping of settings and changes"}
	}
	var y scenarioYAML
	if err := decodeStrict(root.Content[0], &y); err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	sc := &model.Scenario{}
	if y.Extends != "" {
		parentPath := y.Extends
		if !filepath.IsAbs(parentPath) {
			parentPath = filepath.Join(filepath.Dir(path), parentPath)
		}
		parent, err := readScenario(parentPath, append(chain, abs))
		if err != nil {
			return nil, err
		}
		*sc = *parent
		sc.Extends = parentPath
		sc.Offerings = slices.Clone(parent.Offerings)
		sc.Teams = slices.Clone(parent.Teams)
		sc.Suspensions = slices.Clone(parent.Suspensions)
	}
	sc.File = path
	if y.Name != "" {
		sc.Name = y.Name
	}
	setOpt(&sc.Dataset, y.Dataset)
	if y.Dataset != nil && *y.Dataset != "" && !filepath.IsAbs(*y.Dataset) {
		sc.Dataset = model.Some(filepath.Join(filepath.Dir(path), *y.Dataset))
	}
	setOpt(&sc.Strategy, y.Strategy)
	if st, ok := sc.Strategy.Get(); ok && st != "previous-take-up" && st != "need-proportional" && st != "optimised" {
		return nil, &Error{File: path, Line: lineOf(root.Content[0], "strategy"), Column: "strategy", Value: st, Msg: "want previous-take-up, need-proportional or optimised"}
	}
	setOpt(&sc.Years, y.Years)
	setOpt(&sc.Replications, y.Replications)
	setOpt(&sc.Seed, y.Seed)
	setOpt(&sc.Policy, y.Policy)
	setOpt(&sc.Schedule, y.Schedule)
	setOpt(&sc.Suite, y.Suite)
	setOpt(&sc.Consolidation, y.Consolidation)
	setOpt(&sc.Growth, y.Growth)
	if t := y.Transfers; t != nil {
		setOpt(&sc.Transfers, t.Enabled)
		setOpt(&sc.TransferDelay, t.Delay)
		setOpt(&sc.StaleShare, t.StaleDirectory)
		setOpt(&sc.TransferAfter, t.After)
	}
	if mix := y.Mix; mix != nil {
		line := lineOf(root.Content[0], "mix")
		if sc.Mix == nil {
			sc.Mix = map[model.OffenceGroup]float64{}
		} else {
			parent := sc.Mix
			sc.Mix = map[model.OffenceGroup]float64{}
			for k, v := range parent {
				sc.Mix[k] = v
			}
		}
		for k, v := range mix {
			g, err := model.ParseOffenceGroup(k)
			if err != nil {
				return nil, &Error{File: path, Line: line, Column: "mix", Value: k, Msg: "offence group: " + err.Error()}
			}
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &Error{File: path, Line: line, Column: k, Value: fmt.Sprint(v), Msg: "want a factor ≥ 0"}
			}
			sc.Mix[g] = v
		}
	}
	if sw := y.SuiteSwitch; sw != nil {
		if _, err := model.ParseSuite(sw.Suite); err != nil || sw.From <= 0 {
			return nil, &Error{File: path, Line: lineOf(root.Content[0], "suite_switch"), Column: "suite_switch", Value: sw.Suite,
				Msg: "want {suite: legacy or building-choices, from: months > 0}"}
		}
		sc.SwitchSuite, sc.SwitchFrom = model.Some(sw.Suite), model.Some(sw.From)
	}
	for i := range y.Offerings {
		n := &y.Offerings[i]
		var o offeringChangeYAML
		if err := decodeStrict(n, &o); err != nil {
			return nil, &Error{File: path, Line: n.Line, Msg: "offerings: " + err.Error()}
		}
		c := model.OfferingChange{File: path, Line: n.Line, Establishment: strings.ToUpper(o.Establishment), Region: o.Region,
			Programme: strings.ToUpper(o.Programme), Action: o.Action, From: o.From, Factor: 1}
		if o.GroupsPerYear != nil {
			c.GroupsPerYear = *o.GroupsPerYear
		}
		if o.OneToOne != nil {
			c.OneToOne = *o.OneToOne
		}
		if o.Factor != nil {
			c.Factor = *o.Factor
		}
		if err := checkOfferingChange(path, &c, o); err != nil {
			return nil, err
		}
		sc.Offerings = append(sc.Offerings, c)
	}
	for i := range y.Teams {
		n := &y.Teams[i]
		var tc teamChangeYAML
		if err := decodeStrict(n, &tc); err != nil {
			return nil, &Error{File: path, Line: n.Line, Msg: "teams: " + err.Error()}
		}
		if tc.Factor < 0 || math.IsNaN(tc.Factor) || tc.From < 0 {
			return nil, &Error{File: path, Line: n.Line, Column: "factor", Value: fmt.Sprint(tc.Factor), Msg: "want a factor ≥ 0 and months from ≥ 0"}
		}
		sc.Teams = append(sc.Teams, model.TeamChange{File: path, Line: n.Line, Establishment: strings.ToUpper(tc.Establishment), Region: tc.Region,
			Factor: tc.Factor, From: tc.From, To: tc.To})
	}
	for i := range y.Suspensions {
		n := &y.Suspensions[i]
		var s suspensionYAML
		if err := decodeStrict(n, &s); err != nil {
			return nil, &Error{File: path, Line: n.Line, Msg: "suspensions: " + err.Error()}
		}
		if s.From < 0 || s.To <= s.From {
			return nil, &Error{File: path, Line: n.Line, Column: "to", Value: fmt.Sprint(s.To), Msg: fmt.Sprintf("want a period: 0 ≤ from < to (months), got from %v", s.From)}
		}
		sc.Suspensions = append(sc.Suspensions, model.Suspension{File: path, Line: n.Line, Establishment: strings.ToUpper(s.Establishment),
			Region: s.Region, Programme: strings.ToUpper(s.Programme), From: s.From, To: s.To})
	}
	if g, ok := sc.Growth.Get(); ok && (g <= -1 || math.IsNaN(g) || math.IsInf(g, 0)) {
		return nil, &Error{File: path, Line: lineOf(root.Content[0], "growth"), Column: "growth", Value: fmt.Sprint(g), Msg: "want a growth above −1 (−100%)"}
	}
	if r, ok := sc.Replications.Get(); ok && (r < 1 || r > 1_000_000) {
		return nil, &Error{File: path, Line: lineOf(root.Content[0], "replications"), Column: "replications", Value: fmt.Sprint(r), Msg: "want from 1 to 1,000,000"}
	}
	if y, ok := sc.Years.Get(); ok && (y <= 0 || y > 50) {
		return nil, &Error{File: path, Line: lineOf(root.Content[0], "years"), Column: "years", Value: fmt.Sprint(y), Msg: "want from 0 to 50"}
	}
	return sc, nil
}

func setOpt[T any](o *model.Opt[T], v *T) {
	if v != nil {
		*o = model.Some(*v)
	}
}

// lineOf returns the line of key in a mapping node, or the mapping's line.
func lineOf(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return m.Line
}

func checkOfferingChange(path string, c *model.OfferingChange, o offeringChangeYAML) error {
	fail := func(col, val, msg string) error {
		return &Error{File: path, Line: c.Line, Column: col, Value: val, Msg: msg}
	}
	switch c.Action {
	case model.ActionAdd:
		if c.Establishment == "" || c.Programme == "" {
			return fail("establishment", c.Establishment, "add needs an establishment and a programme")
		}
		if c.GroupsPerYear <= 0 && c.OneToOne <= 0 {
			return fail("groups_per_year", fmt.Sprint(c.GroupsPerYear), "add needs groups_per_year or one_to_one_places above 0")
		}
	case model.ActionRemove:
	case model.ActionScale:
		if o.Factor == nil || c.Factor < 0 || math.IsNaN(c.Factor) {
			return fail("factor", fmt.Sprint(c.Factor), "scale needs a factor ≥ 0")
		}
	case model.ActionSet:
		if o.GroupsPerYear == nil || c.GroupsPerYear < 0 {
			return fail("groups_per_year", fmt.Sprint(c.GroupsPerYear), "set needs groups_per_year ≥ 0")
		}
	default:
		return fail("action", c.Action, "want add, remove, scale or set")
	}
	if c.From < 0 || math.IsNaN(c.From) {
		return fail("from", fmt.Sprint(c.From), "want months ≥ 0")
	}
	if c.GroupsPerYear > 366 || c.OneToOne > 10000 {
		return fail("groups_per_year", fmt.Sprint(c.GroupsPerYear), "want at most 366 groups and 10,000 one-to-one places a year")
	}
	return nil
}

// CheckScenario checks a scenario's changes against the dataset: known
// establishments, regions and programme codes, and no two suspensions of
// the same thing that overlap in time.
func CheckScenario(sc *model.Scenario, d *Dataset) error {
	ests, regions := map[string]bool{}, map[string]bool{}
	for _, e := range d.Establishments {
		ests[e.Code] = true
		regions[e.Region] = true
	}
	var errs Errors
	check := func(file string, line int, est, region, prog string) {
		if est != "" && !ests[est] {
			errs.List = append(errs.List, &Error{File: file, Line: line, Column: "establishment", Value: est, Msg: "unknown establishment: want a code in the dataset's establishments"})
		}
		if region != "" && !regions[region] {
			errs.List = append(errs.List, &Error{File: file, Line: line, Column: "region", Value: region, Msg: "unknown region: want a region of the dataset's establishments"})
		}
		if prog != "" {
			if g, ok := d.Catalogue.Lookup(prog); !ok || g.Status != model.Current {
				errs.List = append(errs.List, &Error{File: file, Line: line, Column: "programme", Value: prog, Msg: "unknown programme: want a current code from the catalogue"})
			}
		}
	}
	for _, c := range sc.Offerings {
		check(c.File, c.Line, c.Establishment, c.Region, c.Programme)
	}
	for _, c := range sc.Teams {
		check(c.File, c.Line, c.Establishment, c.Region, "")
	}
	for i, s := range sc.Suspensions {
		check(s.File, s.Line, s.Establishment, s.Region, s.Programme)
		for _, o := range sc.Suspensions[:i] {
			if o.Establishment == s.Establishment && o.Region == s.Region && o.Programme == s.Programme && s.From < o.To && o.From < s.To {
				errs.List = append(errs.List, &Error{File: s.File, Line: s.Line, Column: "from", Value: fmt.Sprint(s.From),
					Msg: fmt.Sprintf("overlaps the suspension of the same delivery at line %d (months %v–%v)", o.Line, o.From, o.To)})
			}
		}
	}
	if len(errs.List) > 0 {
		return &errs
	}
	return nil
}
