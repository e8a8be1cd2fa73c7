package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"needsplan/model"
)

// Sweep is a grid of scenarios: a base scenario and, for each parameter,
// the values to try (docs/scale-out.md). Every (point, replication) pair is
// a unit of work.
type Sweep struct {
	File string
	// Base is the base scenario, with the sweep's seed and replications.
	Base *model.Scenario
	// Files are the files the sweep was read from: the sweep file, then the
	// base scenario and the scenarios it extends.
	Files        []string
	Replications int
	Seed         uint64
	Params       []SweepParam // sorted by name
}

// SweepParam is one grid dimension: a scenario parameter by its path
// ("growth", "transfers.delay", "mix.sexual", "offerings[0].factor") and
// the values to try, as written.
type SweepParam struct {
	Name   string
	Line   int // the line of the parameter in the sweep file
	Values []string
	nodes  []*yaml.Node
}

type sweepYAML struct {
	Base         string    `yaml:"base"`
	Replications yaml.Node `yaml:"replications"`
	Seed         yaml.Node `yaml:"seed"`
	Grid         yaml.Node `yaml:"grid"`
}

// MaxPoints bounds a grid's size (a million points).
const MaxPoints = 1_000_000

// ReadSweep reads a sweep file: base (a scenario file, relative to the
// sweep), replications, seed and grid (a mapping of parameter to a list of
// values). Every value is checked now, with its line, not when a shard
// reaches it. The default Limits apply.
func ReadSweep(path string) (*Sweep, error) {
	return ReadSweepWith(path, Limits{})
}

// ReadSweepWith is ReadSweep with the given limits (zero fields: the
// defaults) for the sweep file and the scenarios it reads.
func ReadSweepWith(path string, lim Limits) (*Sweep, error) {
	lim = lim.orDefaults()
	top, err := readYAMLMapping(path, "sweep", lim)
	if errors.Is(err, errNoMapping) {
		return nil, &Error{File: path, Msg: "not a valid sweep file: want a mapping with base, replications, seed and grid"}
	}
	if err != nil {
		return nil, err
	}
	var y sweepYAML
	if err := decodeStrict(top, &y); err != nil {
		return nil, fileErr(path, err)
	}
	if y.Base == "" {
		return nil, &Error{File: path, Line: top.Line, Column: "base", Msg: "want the base scenario file"}
	}
	base := y.Base
	if !filepath.IsAbs(base) {
		base = filepath.Join(filepath.Dir(path), base)
	}
	if _, err := os.Stat(base); err != nil {
		n := valueOf(top, "base")
		return nil, &Error{File: path, Line: n.Line, Column: "base", Value: y.Base, Msg: "cannot read the base scenario: " + err.Error()}
	}
	s := &Sweep{File: path, Files: []string{path}}
	sc, err := readScenario(base, nil, &s.Files, lim)
	if err != nil {
		return nil, err
	}
	s.Replications, s.Seed = sc.Replications.Or(20), sc.Seed.Or(1)
	if y.Replications.Kind != 0 {
		r, err := nodeWhole(&y.Replications, "replications", 1, MaxReplications)
		if err != nil {
			return nil, fileErr(path, err)
		}
		s.Replications = int(r)
	}
	if y.Seed.Kind != 0 {
		if s.Seed, err = nodeWhole(&y.Seed, "seed", 0, 1<<64-1); err != nil {
			return nil, fileErr(path, err)
		}
	}
	sc.Replications, sc.Seed = model.Some(s.Replications), model.Some(s.Seed)
	s.Base = sc
	if g := &y.Grid; g.Kind != 0 && !(g.Kind == yaml.ScalarNode && g.ShortTag() == "!!null") {
		if g.Kind != yaml.MappingNode {
			return nil, &Error{File: path, Line: g.Line, Column: "grid", Msg: "want a mapping of parameter to a list of values"}
		}
		if err := noDuplicateKeys(g); err != nil {
			return nil, fileErr(path, err)
		}
		points := 1
		for i := 0; i+1 < len(g.Content); i += 2 {
			k, v := g.Content[i], g.Content[i+1]
			if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
				return nil, &Error{File: path, Line: v.Line, Column: k.Value, Msg: "want a non-empty list of values"}
			}
			p := SweepParam{Name: k.Value, Line: k.Line}
			for _, x := range v.Content {
				if x.Kind != yaml.ScalarNode {
					return nil, &Error{File: path, Line: x.Line, Column: k.Value, Msg: "want a list of plain values"}
				}
				// Each value on its own against the base, so a mistake
				// names its own line.
				if err := applyParam(cloneScenario(sc), k.Value, x, path); err != nil {
					return nil, fileErr(path, err)
				}
				p.Values, p.nodes = append(p.Values, x.Value), append(p.nodes, x)
			}
			if points *= len(p.Values); points > MaxPoints {
				return nil, &Error{File: path, Line: k.Line, Column: "grid", Msg: fmt.Sprintf("more than %d points", MaxPoints)}
			}
			s.Params = append(s.Params, p)
		}
	}
	slices.SortFunc(s.Params, func(a, b SweepParam) int { return strings.Compare(a.Name, b.Name) })
	// Each value was checked against the base; of their combinations only
	// a suite switch can go wrong, and a point sets only half of it exactly
	// when the base has none and the grid varies one half (a base switch
	// has both, and every grid value sets its half): then every point does.
	if !s.Base.SwitchSuite.OK && len(s.Params) > 0 {
		varies := func(name string) bool {
			return slices.ContainsFunc(s.Params, func(p SweepParam) bool { return p.Name == name })
		}
		if varies("suite_switch.suite") != varies("suite_switch.from") {
			if _, err := s.Scenario(0); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// NumPoints is the number of points of the grid (1 without a grid).
func (s *Sweep) NumPoints() int {
	n := 1
	for _, p := range s.Params {
		n *= len(p.Values)
	}
	return n
}

// index returns the value index of each parameter at point k: the last
// parameter (by name) varies fastest.
func (s *Sweep) index(k int) []int {
	idx := make([]int, len(s.Params))
	for i := len(s.Params) - 1; i >= 0; i-- {
		n := len(s.Params[i].Values)
		idx[i] = k % n
		k /= n
	}
	return idx
}

// Point returns point k's values, one for each of Params.
func (s *Sweep) Point(k int) []string {
	var out []string
	for i, j := range s.index(k) {
		out = append(out, s.Params[i].Values[j])
	}
	return out
}

// Scenario returns the base scenario with point k's values.
func (s *Sweep) Scenario(k int) (*model.Scenario, error) {
	sc := cloneScenario(s.Base)
	for i, j := range s.index(k) {
		p := &s.Params[i]
		if err := applyParam(sc, p.Name, p.nodes[j], s.File); err != nil {
			return nil, fileErr(s.File, err)
		}
	}
	if sc.SwitchSuite.OK != sc.SwitchFrom.OK {
		line := s.Params[0].Line // the grid varying the half given
		for _, p := range s.Params {
			if strings.HasPrefix(p.Name, "suite_switch.") {
				line = p.Line
			}
		}
		return nil, &Error{File: s.File, Line: line, Column: "suite_switch",
			Msg: fmt.Sprintf("point %d sets only half of suite_switch: the base scenario or the grid must give both suite and from", k)}
	}
	return sc, nil
}

var listParam = regexp.MustCompile(`^(offerings|teams|suspensions)\[(\d+)\]\.([a-z_]+)$`)

// SweepParamForms says which parameters a grid may vary.
const SweepParamForms = "any scenario setting by its path (years, strategy, policy, schedule, suite, seed, dataset, consolidation, growth, " +
	"mix.GROUP, suite_switch.suite, suite_switch.from, transfers.enabled, transfers.delay, transfers.stale_directory, transfers.after) " +
	"or a field of a change by its index in the base scenario's merged lists (offerings[0].factor, teams[1].from, suspensions[0].to)"

// applyParam sets the parameter name of sc to the value in n, checking it.
func applyParam(sc *model.Scenario, name string, n *yaml.Node, file string) error {
	fail := func(msg string) error { return &Error{Line: n.Line, Column: name, Value: n.Value, Msg: msg} }
	switch name {
	case "replications":
		return fail("the sweep's replications are fixed (the units depend on them): set replications at the top of the sweep file")
	case "name", "extends":
		return fail("not a parameter a sweep can vary: want " + SweepParamForms)
	}
	m := listParam.FindStringSubmatch(name)
	if m == nil {
		if _, ok := settings[name]; !ok && !strings.HasPrefix(name, "mix.") {
			return fail("unknown parameter: want " + SweepParamForms)
		}
		return setSetting(sc, name, n, file)
	}
	i, err := strconv.Atoi(m[2])
	list, field := m[1], m[3]
	var size int
	switch list {
	case "offerings":
		size = len(sc.Offerings)
	case "teams":
		size = len(sc.Teams)
	default:
		size = len(sc.Suspensions)
	}
	if err != nil || i >= size {
		return fail(fmt.Sprintf("the base scenario has %d %s (numbered from 0, its parents' first)", size, list))
	}
	var where func() (string, int)
	switch list {
	case "offerings":
		c := &sc.Offerings[i]
		f, ok := offeringFields[field]
		if !ok {
			return fail(unknownKey(field, keysOf(offeringFields)))
		}
		if err := f(c, n); err != nil {
			return err
		}
		err, where = CheckOfferingChange(c), func() (string, int) { return c.File, c.Line }
	case "teams":
		c := &sc.Teams[i]
		f, ok := teamFields[field]
		if !ok {
			return fail(unknownKey(field, keysOf(teamFields)))
		}
		if err := f(c, n); err != nil {
			return err
		}
		err, where = CheckTeamChange(c), func() (string, int) { return c.File, c.Line }
	default:
		c := &sc.Suspensions[i]
		f, ok := suspensionFields[field]
		if !ok {
			return fail(unknownKey(field, keysOf(suspensionFields)))
		}
		if err := f(c, n); err != nil {
			return err
		}
		err, where = CheckSuspension(c), func() (string, int) { return c.File, c.Line }
	}
	if err != nil {
		f, l := where()
		_, msg := lineMsg(err)
		if e, ok := err.(*Error); ok {
			msg = e.Msg
		}
		return fail(fmt.Sprintf("%s (the change at %s line %d)", msg, f, l))
	}
	return nil
}

func keysOf[F any](m map[string]F) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
