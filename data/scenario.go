package data

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"needsplan/model"
)

// MaxExtends is how deep a chain of scenarios extending each other may go
// by default (Limits.MaxExtends): far more than any planning question
// needs, and it keeps the chain in an error message readable.
const MaxExtends = 16

// Limits of a scenario's numbers (docs/scenario.schema.json); what one
// offering may run in a year is bounded by model.MaxGroupsPerYear and
// model.MaxOneToOne.
const (
	MaxYears        = 50
	MaxReplications = 1_000_000
)

// ReadScenario reads a scenario file and the scenarios it extends (paths
// relative to the file that names them): the extending file's settings win,
// its change lists come after its parent's, and its name is its own (or,
// when it has none, its file's base name). Unknown keys, bad values and
// circular extends are errors naming the file and line. The default Limits
// apply: file size, nesting and extends depth.
func ReadScenario(path string) (*model.Scenario, error) {
	return ReadScenarioWith(path, Limits{})
}

// ReadScenarioWith is ReadScenario with the given limits (zero fields: the
// defaults).
func ReadScenarioWith(path string, lim Limits) (*model.Scenario, error) {
	return readScenario(path, nil, nil, lim.orDefaults())
}

// readScenario reads path; chain holds the files extending it, files
// collects every file read (the file first, then its parents).
func readScenario(path string, chain []string, files *[]string, lim Limits) (*model.Scenario, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	if files != nil {
		*files = append(*files, path)
	}
	top, err := readYAMLMapping(path, "scenario", lim)
	if errors.Is(err, errNoMapping) {
		if top == nil {
			return nil, &Error{File: path, Msg: "empty scenario: want a mapping of settings and changes"}
		}
		return nil, &Error{File: path, Line: top.Line, Msg: "want a mapping of settings and changes (docs/scenarios.md)"}
	}
	if err != nil {
		return nil, err
	}
	sc := &model.Scenario{}
	if ext := valueOf(top, "extends"); ext != nil {
		parentPath, err := nodeString(ext, "extends")
		if err != nil {
			return nil, fileErr(path, err)
		}
		if !filepath.IsAbs(parentPath) {
			parentPath = filepath.Join(filepath.Dir(path), parentPath)
		}
		pabs, _ := filepath.Abs(parentPath)
		here := append(slices.Clone(chain), abs)
		if slices.Contains(here, pabs) {
			return nil, &Error{File: path, Line: ext.Line, Column: "extends", Value: ext.Value,
				Msg: "circular extends: " + strings.Join(append(here, pabs), " → ")}
		}
		if len(here) >= lim.MaxExtends {
			return nil, &Error{File: path, Line: ext.Line, Column: "extends", Value: ext.Value, Msg: fmt.Sprintf("extends more than %d scenarios deep (data.Limits.MaxExtends)", lim.MaxExtends)}
		}
		if _, err := os.Stat(parentPath); err != nil {
			return nil, &Error{File: path, Line: ext.Line, Column: "extends", Value: ext.Value, Msg: "cannot read the scenario it extends: " + err.Error()}
		}
		parent, err := readScenario(parentPath, here, files, lim)
		if err != nil {
			return nil, err
		}
		*sc = *cloneScenario(parent)
		sc.Extends = parentPath
	}
	sc.File, sc.Name = path, ""
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		var err error
		switch k.Value {
		case "extends":
		case "offerings", "teams", "suspensions":
			err = readChanges(sc, path, k.Value, v)
		case "mix", "transfers", "suite_switch":
			if v.Kind != yaml.MappingNode {
				err = &Error{Line: v.Line, Column: k.Value, Value: v.Value, Msg: "want a mapping"}
				break
			}
			if err = noDuplicateKeys(v); err != nil {
				break
			}
			for j := 0; j+1 < len(v.Content) && err == nil; j += 2 {
				kk := v.Content[j]
				p := k.Value + "." + kk.Value
				if _, ok := settings[p]; !ok && k.Value != "mix" {
					err = &Error{Line: kk.Line, Msg: k.Value + ": " + unknownKey(kk.Value, subKeys(k.Value))}
					break
				}
				err = setSetting(sc, p, v.Content[j+1], path)
			}
			if err == nil && k.Value == "suite_switch" {
				if valueOf(v, "suite") == nil || valueOf(v, "from") == nil {
					err = &Error{Line: v.Line, Column: "suite_switch", Msg: "want both suite and from: {suite: legacy or building-choices, from: months > 0}"}
				}
			}
		default:
			if _, ok := settings[k.Value]; !ok || strings.Contains(k.Value, ".") {
				err = &Error{Line: k.Line, Msg: unknownKey(k.Value, topKeys())}
				break
			}
			err = setSetting(sc, k.Value, v, path)
		}
		if err != nil {
			return nil, fileErr(path, err)
		}
	}
	return sc, nil
}

// fileErr gives an error from the helpers below its file.
func fileErr(path string, err error) error {
	switch e := err.(type) {
	case *Error:
		c := *e
		c.File = path
		return &c
	case *yamlError:
		return &Error{File: path, Line: e.Line, Msg: e.Msg}
	}
	return &Error{File: path, Msg: err.Error()}
}

// cloneScenario copies a scenario deeply enough to change it.
func cloneScenario(sc *model.Scenario) *model.Scenario {
	c := *sc
	c.Offerings = slices.Clone(sc.Offerings)
	c.Teams = slices.Clone(sc.Teams)
	c.Suspensions = slices.Clone(sc.Suspensions)
	if sc.Mix != nil {
		c.Mix = maps.Clone(sc.Mix)
	}
	return &c
}

// valueOf returns the value of key in mapping m, or nil.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// noDuplicateKeys refuses a mapping that gives a key twice (yaml.v3 only
// checks this when decoding into a map or struct).
func noDuplicateKeys(m *yaml.Node) error {
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if l, ok := seen[k.Value]; ok {
			return &Error{Line: k.Line, Column: k.Value, Value: k.Value, Msg: fmt.Sprintf("given twice (first at line %d)", l)}
		}
		seen[k.Value] = k.Line
	}
	return nil
}

// Scalar values. Each error names the value's own line.

func scalar(n *yaml.Node, col, want string) error {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return &Error{Line: n.Line, Column: col, Value: n.Value, Msg: "want " + want}
	}
	return nil
}

func nodeString(n *yaml.Node, col string) (string, error) {
	if err := scalar(n, col, "a text value"); err != nil {
		return "", err
	}
	return n.Value, nil
}

// nodeNumber reads a finite number.
func nodeNumber(n *yaml.Node, col string) (float64, error) {
	var x float64
	if err := scalar(n, col, "a number"); err != nil {
		return 0, err
	}
	if err := n.Decode(&x); err != nil {
		return 0, &Error{Line: n.Line, Column: col, Value: n.Value, Msg: "want a number"}
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, &Error{Line: n.Line, Column: col, Value: n.Value, Msg: "want a finite number"}
	}
	return x, nil
}

// nodeRange reads a number in [lo, hi] (open at an end when loOpen, hiOpen).
func nodeRange(n *yaml.Node, col string, lo, hi float64, loOpen, hiOpen bool, want string) (float64, error) {
	x, err := nodeNumber(n, col)
	if err != nil {
		return 0, err
	}
	if x < lo || x > hi || loOpen && x == lo || hiOpen && x == hi {
		return 0, &Error{Line: n.Line, Column: col, Value: n.Value, Msg: "want " + want}
	}
	return x, nil
}

// nodeWhole reads a whole number (YAML !!int: 2.5 is refused, not
// truncated) from lo to hi.
func nodeWhole(n *yaml.Node, col string, lo, hi uint64) (uint64, error) {
	want := fmt.Sprintf("a whole number from %d to %d", lo, hi)
	if err := scalar(n, col, want); err != nil {
		return 0, err
	}
	var x uint64
	if n.ShortTag() != "!!int" || n.Decode(&x) != nil || x < lo || x > hi {
		return 0, &Error{Line: n.Line, Column: col, Value: n.Value, Msg: "want " + want}
	}
	return x, nil
}

func nodeOneOf(n *yaml.Node, col string, opts ...string) (string, error) {
	want := strings.Join(opts[:len(opts)-1], ", ") + " or " + opts[len(opts)-1]
	if err := scalar(n, col, want); err != nil {
		return "", err
	}
	if !slices.Contains(opts, n.Value) {
		return "", &Error{Line: n.Line, Column: col, Value: n.Value, Msg: "want " + want}
	}
	return n.Value, nil
}

func nodeBool(n *yaml.Node, col string) (bool, error) {
	var b bool
	if err := scalar(n, col, "true or false"); err != nil {
		return false, err
	}
	if n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		return false, &Error{Line: n.Line, Column: col, Value: n.Value, Msg: "want true or false"}
	}
	return b, nil
}

// A setting sets one scalar of a scenario from a YAML node, checking it.
// The same table serves scenario files and sweep grids, so a value a file
// refuses a grid refuses too.
type setting func(sc *model.Scenario, n *yaml.Node, file string) error

var settings = map[string]setting{
	"name": func(sc *model.Scenario, n *yaml.Node, _ string) (err error) {
		sc.Name, err = nodeString(n, "name")
		return err
	},
	"dataset": func(sc *model.Scenario, n *yaml.Node, file string) error {
		d, err := nodeString(n, "dataset")
		if err != nil {
			return err
		}
		if d != "" && !filepath.IsAbs(d) {
			d = filepath.Join(filepath.Dir(file), d)
		}
		sc.Dataset = model.Some(d)
		if d == "" {
			sc.Dataset = model.Opt[string]{}
		}
		return nil
	},
	"strategy": nameSetting(func(sc *model.Scenario) *model.Opt[model.Strategy] { return &sc.Strategy }, "strategy", model.Strategies),
	"policy":   nameSetting(func(sc *model.Scenario) *model.Opt[model.Policy] { return &sc.Policy }, "policy", model.Policies),
	"schedule": nameSetting(func(sc *model.Scenario) *model.Opt[model.Schedule] { return &sc.Schedule }, "schedule", model.Schedules),
	"suite":    strSetting(func(sc *model.Scenario) *model.Opt[string] { return &sc.Suite }, "suite", append(model.SuiteNames(), "auto")...),
	"years": numSetting(func(sc *model.Scenario) *model.Opt[float64] { return &sc.Years }, "years", 0, MaxYears, true, false,
		fmt.Sprintf("years above 0, at most %d", MaxYears)),
	"replications": func(sc *model.Scenario, n *yaml.Node, _ string) error {
		r, err := nodeWhole(n, "replications", 1, MaxReplications)
		sc.Replications = model.Some(int(r))
		return err
	},
	"seed": func(sc *model.Scenario, n *yaml.Node, _ string) error {
		s, err := nodeWhole(n, "seed", 0, math.MaxUint64)
		sc.Seed = model.Some(s)
		return err
	},
	"consolidation": numSetting(func(sc *model.Scenario) *model.Opt[float64] { return &sc.Consolidation }, "consolidation", 0, math.Inf(1), false, true, "months ≥ 0"),
	"growth": numSetting(func(sc *model.Scenario) *model.Opt[float64] { return &sc.Growth }, "growth", -1, math.Inf(1), true, true,
		"a growth above −1 (−100%)"),
	"transfers.enabled": func(sc *model.Scenario, n *yaml.Node, _ string) error {
		b, err := nodeBool(n, "enabled")
		sc.Transfers = model.Some(b)
		return err
	},
	"transfers.delay": numSetting(func(sc *model.Scenario) *model.Opt[float64] { return &sc.TransferDelay }, "delay", 0, math.Inf(1), true, true,
		"months above 0 (a move takes time)"),
	"transfers.stale_directory": numSetting(func(sc *model.Scenario) *model.Opt[float64] { return &sc.StaleShare }, "stale_directory", 0, 1, false, true,
		"a share from 0 to below 1"),
	"transfers.after": numSetting(func(sc *model.Scenario) *model.Opt[float64] { return &sc.TransferAfter }, "after", 0, math.Inf(1), false, true, "months ≥ 0"),
	"suite_switch.suite": func(sc *model.Scenario, n *yaml.Node, _ string) error {
		s, err := nodeOneOf(n, "suite", model.SuiteNames()...)
		sc.SwitchSuite = model.Some(s)
		return err
	},
	"suite_switch.from": numSetting(func(sc *model.Scenario) *model.Opt[float64] { return &sc.SwitchFrom }, "from", 0, math.Inf(1), true, true, "months above 0"),
}

func strSetting(field func(*model.Scenario) *model.Opt[string], col string, opts ...string) setting {
	return func(sc *model.Scenario, n *yaml.Node, _ string) error {
		s, err := nodeOneOf(n, col, opts...)
		*field(sc) = model.Some(s)
		return err
	}
}

// nameSetting reads a name from one of model's vocabulary lists (policy,
// schedule, strategy).
func nameSetting[T ~string](field func(*model.Scenario) *model.Opt[T], col string, names []T) setting {
	return func(sc *model.Scenario, n *yaml.Node, _ string) error {
		s, err := nodeOneOf(n, col, model.Names(names)...)
		*field(sc) = model.Some(T(s))
		return err
	}
}

func numSetting(field func(*model.Scenario) *model.Opt[float64], col string, lo, hi float64, loOpen, hiOpen bool, want string) setting {
	return func(sc *model.Scenario, n *yaml.Node, _ string) error {
		x, err := nodeRange(n, col, lo, hi, loOpen, hiOpen, want)
		*field(sc) = model.Some(x)
		return err
	}
}

// setSetting sets the scalar setting at path ("years", "transfers.delay",
// "mix.sexual").
func setSetting(sc *model.Scenario, path string, n *yaml.Node, file string) error {
	if g, ok := strings.CutPrefix(path, "mix."); ok {
		og, err := model.ParseOffenceGroup(g)
		if err != nil {
			return &Error{Line: n.Line, Column: "mix", Value: g, Msg: "offence group: " + err.Error()}
		}
		f, err := nodeRange(n, g, 0, math.Inf(1), false, true, "a factor ≥ 0")
		if err != nil {
			return err
		}
		if sc.Mix == nil {
			sc.Mix = map[model.OffenceGroup]float64{}
		}
		sc.Mix[og] = f
		return nil
	}
	set, ok := settings[path]
	if !ok {
		return &Error{Line: n.Line, Column: path, Msg: "unknown setting"}
	}
	return set(sc, n, file)
}

func topKeys() []string {
	keys := []string{"extends", "offerings", "teams", "suspensions", "mix", "transfers", "suite_switch"}
	for k := range settings {
		if !strings.Contains(k, ".") {
			keys = append(keys, k)
		}
	}
	return keys
}

func subKeys(prefix string) []string {
	var keys []string
	for k := range settings {
		if s, ok := strings.CutPrefix(k, prefix+"."); ok {
			keys = append(keys, s)
		}
	}
	return keys
}

// Changes: each list entry is a mapping of fields; the field tables serve
// scenario files and sweep grids alike ("offerings[0].factor").

type (
	offeringField   func(c *model.OfferingChange, n *yaml.Node) error
	teamField       func(c *model.TeamChange, n *yaml.Node) error
	suspensionField func(c *model.Suspension, n *yaml.Node) error
)

func codeField(dst *string, col string, upper bool) func(n *yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := nodeString(n, col)
		if upper {
			s = strings.ToUpper(s)
		}
		*dst = s
		return err
	}
}

var offeringFields = map[string]offeringField{
	"establishment": func(c *model.OfferingChange, n *yaml.Node) error {
		return codeField(&c.Establishment, "establishment", true)(n)
	},
	"region": func(c *model.OfferingChange, n *yaml.Node) error { return codeField(&c.Region, "region", false)(n) },
	"programme": func(c *model.OfferingChange, n *yaml.Node) error {
		return codeField(&c.Programme, "programme", true)(n)
	},
	"action": func(c *model.OfferingChange, n *yaml.Node) (err error) {
		c.Action, err = nodeOneOf(n, "action", model.ActionAdd, model.ActionRemove, model.ActionScale, model.ActionSet)
		return err
	},
	"groups_per_year": func(c *model.OfferingChange, n *yaml.Node) (err error) {
		c.GroupsPerYear, err = nodeRange(n, "groups_per_year", 0, model.MaxGroupsPerYear, false, false, fmt.Sprintf("from 0 to %d groups a year", model.MaxGroupsPerYear))
		return err
	},
	"one_to_one_places": func(c *model.OfferingChange, n *yaml.Node) (err error) {
		c.OneToOne, err = nodeRange(n, "one_to_one_places", 0, model.MaxOneToOne, false, false, fmt.Sprintf("from 0 to %d places a year", model.MaxOneToOne))
		return err
	},
	"factor": func(c *model.OfferingChange, n *yaml.Node) (err error) {
		c.Factor, err = nodeRange(n, "factor", 0, math.Inf(1), false, true, "a factor ≥ 0")
		return err
	},
	"from": func(c *model.OfferingChange, n *yaml.Node) (err error) {
		c.From, err = nodeRange(n, "from", 0, math.Inf(1), false, true, "months ≥ 0")
		return err
	},
}

var teamFields = map[string]teamField{
	"establishment": func(c *model.TeamChange, n *yaml.Node) error {
		return codeField(&c.Establishment, "establishment", true)(n)
	},
	"region": func(c *model.TeamChange, n *yaml.Node) error { return codeField(&c.Region, "region", false)(n) },
	"factor": func(c *model.TeamChange, n *yaml.Node) (err error) {
		c.Factor, err = nodeRange(n, "factor", 0, math.Inf(1), false, true, "a factor ≥ 0 (0: no delivery)")
		return err
	},
	"from": func(c *model.TeamChange, n *yaml.Node) (err error) {
		c.From, err = nodeRange(n, "from", 0, math.Inf(1), false, true, "months ≥ 0")
		return err
	},
	"to": func(c *model.TeamChange, n *yaml.Node) (err error) {
		c.To, err = nodeRange(n, "to", 0, math.Inf(1), true, true, "months above 0")
		return err
	},
}

var suspensionFields = map[string]suspensionField{
	"establishment": func(c *model.Suspension, n *yaml.Node) error {
		return codeField(&c.Establishment, "establishment", true)(n)
	},
	"region":    func(c *model.Suspension, n *yaml.Node) error { return codeField(&c.Region, "region", false)(n) },
	"programme": func(c *model.Suspension, n *yaml.Node) error { return codeField(&c.Programme, "programme", true)(n) },
	"from": func(c *model.Suspension, n *yaml.Node) (err error) {
		c.From, err = nodeRange(n, "from", 0, math.Inf(1), false, true, "months ≥ 0")
		return err
	},
	"to": func(c *model.Suspension, n *yaml.Node) (err error) {
		c.To, err = nodeRange(n, "to", 0, math.Inf(1), true, true, "months above 0")
		return err
	},
}

// readEntry reads one list entry's fields with set, refusing unknown and
// repeated keys; it returns the keys given.
func readEntry[F any](list string, n *yaml.Node, fields map[string]F, set func(F, *yaml.Node) error) (map[string]bool, error) {
	if n.Kind != yaml.MappingNode {
		return nil, &Error{Line: n.Line, Column: list, Value: n.Value, Msg: "want a mapping of fields"}
	}
	if err := noDuplicateKeys(n); err != nil {
		return nil, err
	}
	given := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		f, ok := fields[k.Value]
		if !ok {
			return nil, &Error{Line: k.Line, Msg: list + ": " + unknownKey(k.Value, slices.Collect(maps.Keys(fields)))}
		}
		if err := set(f, n.Content[i+1]); err != nil {
			return nil, err
		}
		given[k.Value] = true
	}
	return given, nil
}

func readChanges(sc *model.Scenario, path, list string, v *yaml.Node) error {
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		return &Error{Line: v.Line, Column: list, Value: v.Value, Msg: "want a list of changes"}
	}
	for _, n := range v.Content {
		switch list {
		case "offerings":
			c := model.OfferingChange{File: path, Line: n.Line, Factor: 1}
			given, err := readEntry(list, n, offeringFields, func(f offeringField, x *yaml.Node) error { return f(&c, x) })
			if err != nil {
				return err
			}
			switch {
			case !given["action"]:
				return &Error{Line: n.Line, Column: "action", Msg: "offerings: want an action: add, remove, scale or set"}
			case c.Action == model.ActionScale && !given["factor"]:
				return &Error{Line: n.Line, Column: "factor", Msg: "scale needs a factor ≥ 0"}
			case c.Action == model.ActionSet && !given["groups_per_year"] && !given["one_to_one_places"]:
				return &Error{Line: n.Line, Column: "groups_per_year", Msg: "set needs groups_per_year (or one_to_one_places) ≥ 0"}
			}
			if err := CheckOfferingChange(&c); err != nil {
				return err
			}
			sc.Offerings = append(sc.Offerings, c)
		case "teams":
			c := model.TeamChange{File: path, Line: n.Line}
			given, err := readEntry(list, n, teamFields, func(f teamField, x *yaml.Node) error { return f(&c, x) })
			if err != nil {
				return err
			}
			if !given["factor"] {
				return &Error{Line: n.Line, Column: "factor", Msg: "teams: want a factor ≥ 0 (0.5: half the teams; 0: no delivery)"}
			}
			if err := CheckTeamChange(&c); err != nil {
				return err
			}
			sc.Teams = append(sc.Teams, c)
		case "suspensions":
			c := model.Suspension{File: path, Line: n.Line}
			given, err := readEntry(list, n, suspensionFields, func(f suspensionField, x *yaml.Node) error { return f(&c, x) })
			if err != nil {
				return err
			}
			if !given["to"] {
				return &Error{Line: n.Line, Column: "to", Msg: "suspensions: want the month it ends (to)"}
			}
			if err := CheckSuspension(&c); err != nil {
				return err
			}
			sc.Suspensions = append(sc.Suspensions, c)
		}
	}
	return nil
}

// CheckOfferingChange checks an offering change on its own (the fields'
// ranges are checked as they are read): add needs an establishment, a
// programme and some places.
func CheckOfferingChange(c *model.OfferingChange) error {
	fail := func(col, val, msg string) error {
		return &Error{File: c.File, Line: c.Line, Column: col, Value: val, Msg: msg}
	}
	switch c.Action {
	case model.ActionAdd:
		if c.Establishment == "" || c.Programme == "" {
			return fail("establishment", c.Establishment, "add needs an establishment and a programme")
		}
		if c.GroupsPerYear <= 0 && c.OneToOne <= 0 {
			return fail("groups_per_year", fmt.Sprint(c.GroupsPerYear), "add needs groups_per_year or one_to_one_places above 0")
		}
	case model.ActionRemove, model.ActionScale, model.ActionSet:
	default:
		return fail("action", c.Action, "want add, remove, scale or set")
	}
	return nil
}

// CheckTeamChange checks a team change: to, when given, after from.
func CheckTeamChange(c *model.TeamChange) error {
	if c.To != 0 && c.To <= c.From {
		return &Error{File: c.File, Line: c.Line, Column: "to", Value: fmt.Sprint(c.To),
			Msg: fmt.Sprintf("want a period: to after from (%v); leave to out for good", c.From)}
	}
	return nil
}

// CheckSuspension checks a suspension's period: 0 ≤ from < to.
func CheckSuspension(c *model.Suspension) error {
	if c.To <= c.From {
		return &Error{File: c.File, Line: c.Line, Column: "to", Value: fmt.Sprint(c.To),
			Msg: fmt.Sprintf("want a period: 0 ≤ from < to (months), got from %v", c.From)}
	}
	return nil
}

// CheckScenario checks a scenario's changes against the dataset: known
// establishments, regions and programme codes, an establishment in the
// region given with it, and no two suspensions that stop the same delivery
// (an establishment and programme both match) over overlapping periods.
func CheckScenario(sc *model.Scenario, d *Dataset) error {
	ests, regions := map[string]string{}, map[string]bool{}
	for _, e := range d.Establishments {
		ests[e.Code] = e.Region
		regions[e.Region] = true
	}
	var errs Errors
	check := func(file string, line int, est, region, prog string) {
		if r, ok := ests[est]; est != "" && !ok {
			errs.List = append(errs.List, &Error{File: file, Line: line, Column: "establishment", Value: est, Msg: "unknown establishment: want a code in the dataset's establishments"})
		} else if est != "" && region != "" && r != region {
			errs.List = append(errs.List, &Error{File: file, Line: line, Column: "region", Value: region, Msg: fmt.Sprintf("establishment %s is in %s, so the change would match nothing", est, r)})
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
	for i := range sc.Suspensions {
		s := &sc.Suspensions[i]
		check(s.File, s.Line, s.Establishment, s.Region, s.Programme)
		for j := range sc.Suspensions[:i] {
			o := &sc.Suspensions[j]
			if !(s.From < o.To && o.From < s.To) || s.Programme != "" && o.Programme != "" && s.Programme != o.Programme {
				continue
			}
			shared := ""
			for _, e := range d.Establishments {
				if e.Matches(s.Establishment, s.Region) && e.Matches(o.Establishment, o.Region) {
					shared = e.Code
					break
				}
			}
			if shared == "" {
				continue
			}
			where := fmt.Sprintf("line %d", o.Line)
			if o.File != s.File {
				where = fmt.Sprintf("%s line %d", o.File, o.Line)
			}
			prog := s.Programme
			if prog == "" {
				prog = o.Programme
			}
			if prog == "" {
				prog = "every programme"
			}
			errs.List = append(errs.List, &Error{File: s.File, Line: s.Line, Column: "from", Value: fmt.Sprint(s.From),
				Msg: fmt.Sprintf("overlaps the suspension at %s (months %v–%v): both stop %s at %s; merge them into one period", where, o.From, o.To, prog, shared)})
		}
	}
	if len(errs.List) > 0 {
		return &errs
	}
	return nil
}

// errNoMapping is readYAMLMapping's error for a document that is empty (no
// node) or not a mapping (the node), for its caller to say what it wants.
var errNoMapping = errors.New("not a mapping")

// readYAMLMapping reads the YAML file path (what: "scenario", "sweep") within
// lim: its size, valid YAML, its shape (depth, nodes), a mapping at the top
// (errNoMapping, with the top node when there is one) and no key twice.
func readYAMLMapping(path, what string, lim Limits) (*yaml.Node, error) {
	b, err := readFileLimited(path, what, lim.MaxYAMLBytes)
	if err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		line, msg := lineMsg(yamlErrorOf(err.Error(), 0))
		return nil, &Error{File: path, Line: line, Msg: "not valid YAML: " + msg}
	}
	if err := checkYAMLShape(&root, lim); err != nil {
		return nil, fileErr(path, err)
	}
	if len(root.Content) == 0 {
		return nil, errNoMapping
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return top, errNoMapping
	}
	if err := noDuplicateKeys(top); err != nil {
		return nil, fileErr(path, err)
	}
	return top, nil
}
