package data

import (
	"fmt"
	"os"
	"path/filepath"
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
	File         string
	Base         *model.Scenario
	Replications int
	Seed         uint64
	Params       []SweepParam // sorted by name
}

// SweepParam is one grid dimension.
type SweepParam struct {
	Name   string
	Values []string
}

// SweepParams are the scenario settings a sweep can vary.
var SweepParams = []string{"strategy", "years", "policy", "schedule", "suite", "consolidation", "growth",
	"transfers.enabled", "transfers.delay", "transfers.stale_directory", "transfers.after"}

type sweepYAML struct {
	Base         string               `yaml:"base"`
	Replications int                  `yaml:"replications"`
	Seed         uint64               `yaml:"seed"`
	Grid         map[string]yaml.Node `yaml:"grid"`
}

// ReadSweep reads a sweep file: base (a scenario file, relative to the
// sweep), replications, seed and grid (a mapping of parameter to a list of
// values).
func ReadSweep(path string) (*Sweep, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read the sweep: " + err.Error()}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil || len(root.Content) == 0 {
		return nil, &Error{File: path, Msg: "not a valid sweep file: want a mapping with base, replications, seed and grid"}
	}
	var y sweepYAML
	if err := decodeStrict(root.Content[0], &y); err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	if y.Base == "" {
		return nil, &Error{File: path, Line: root.Content[0].Line, Column: "base", Msg: "want the base scenario file"}
	}
	base := y.Base
	if !filepath.IsAbs(base) {
		base = filepath.Join(filepath.Dir(path), base)
	}
	sc, err := ReadScenario(base)
	if err != nil {
		return nil, err
	}
	s := &Sweep{File: path, Base: sc, Replications: y.Replications, Seed: y.Seed}
	if s.Replications == 0 {
		s.Replications = sc.Replications.Or(20)
	}
	if s.Seed == 0 {
		s.Seed = sc.Seed.Or(1)
	}
	if s.Replications < 1 || s.Replications > 1_000_000 {
		return nil, &Error{File: path, Column: "replications", Value: fmt.Sprint(s.Replications), Msg: "want from 1 to 1,000,000"}
	}
	for name, n := range y.Grid {
		if !slices.Contains(SweepParams, name) {
			return nil, &Error{File: path, Line: n.Line, Column: "grid", Value: name, Msg: "unknown parameter: want one of " + strings.Join(SweepParams, ", ")}
		}
		var vals []string
		if err := n.Decode(&vals); err != nil || len(vals) == 0 {
			return nil, &Error{File: path, Line: n.Line, Column: name, Msg: "want a non-empty list of values"}
		}
		p := SweepParam{Name: name, Values: vals}
		for _, v := range vals { // check every value now, not when a shard reaches it
			if _, err := ApplyPoint(sc, map[string]string{name: v}); err != nil {
				return nil, &Error{File: path, Line: n.Line, Column: name, Value: v, Msg: err.Error()}
			}
		}
		s.Params = append(s.Params, p)
	}
	slices.SortFunc(s.Params, func(a, b SweepParam) int { return strings.Compare(a.Name, b.Name) })
	return s, nil
}

// Points returns the grid's points in a fixed order: the last parameter
// (by name) varies fastest. A sweep without a grid has one point.
func (s *Sweep) Points() []map[string]string {
	points := []map[string]string{{}}
	for _, p := range s.Params {
		var next []map[string]string
		for _, pt := range points {
			for _, v := range p.Values {
				q := map[string]string{p.Name: v}
				for k, x := range pt {
					q[k] = x
				}
				next = append(next, q)
			}
		}
		points = next
	}
	return points
}

// ApplyPoint returns a copy of the scenario with a point's settings.
func ApplyPoint(sc *model.Scenario, point map[string]string) (*model.Scenario, error) {
	out := *sc
	num := func(v string) (float64, error) { return strconv.ParseFloat(v, 64) }
	for k, v := range point {
		var err error
		var x float64
		switch k {
		case "years":
			if x, err = num(v); err == nil && (x <= 0 || x > 50) {
				err = fmt.Errorf("want years from 0 to 50")
			}
			out.Years = model.Some(x)
		case "strategy":
			if v != "previous-take-up" && v != "need-proportional" && v != "optimised" {
				err = fmt.Errorf("want previous-take-up, need-proportional or optimised")
			}
			out.Strategy = model.Some(v)
		case "policy":
			if !slices.Contains([]string{"release-date", "fifo", "risk", "right-time"}, v) {
				err = fmt.Errorf("want release-date, fifo, risk or right-time")
			}
			out.Policy = model.Some(v)
		case "schedule":
			if v != "spread" && v != "ready" {
				err = fmt.Errorf("want spread or ready")
			}
			out.Schedule = model.Some(v)
		case "suite":
			if v != "legacy" && v != "building-choices" && v != "auto" {
				err = fmt.Errorf("want legacy, building-choices or auto")
			}
			out.Suite = model.Some(v)
		case "consolidation":
			x, err = num(v)
			out.Consolidation = model.Some(x)
		case "growth":
			if x, err = num(v); err == nil && x <= -1 {
				err = fmt.Errorf("want a growth above −1")
			}
			out.Growth = model.Some(x)
		case "transfers.enabled":
			var b bool
			b, err = model.ParseBool(v)
			out.Transfers = model.Some(b)
		case "transfers.delay":
			x, err = num(v)
			out.TransferDelay = model.Some(x)
		case "transfers.stale_directory":
			if x, err = num(v); err == nil && (x < 0 || x >= 1) {
				err = fmt.Errorf("want a share from 0 to below 1")
			}
			out.StaleShare = model.Some(x)
		case "transfers.after":
			x, err = num(v)
			out.TransferAfter = model.Some(x)
		default:
			err = fmt.Errorf("unknown parameter %q", k)
		}
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", k, v, err)
		}
	}
	return &out, nil
}
