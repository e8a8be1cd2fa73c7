package data

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"needsplan/model"
)

//go:embed catalogue.yaml
var defaultCatalogue []byte

// DefaultCatalogue returns the programme catalogue embedded in the binary
// (data/catalogue.yaml). It is read once and shared: a model.Catalogue is
// read-only once built (its accessors return what NewCatalogue made), so
// every caller may use the one value; read the YAML with ReadCatalogue for
// a catalogue of one's own.
func DefaultCatalogue() (*model.Catalogue, error) { return defaultCatalogueOnce() }

// defaultCatalogueOnce parses the embedded catalogue on first use: a
// command reads it once or twice, but the tests, which run many commands
// in one process, spent about two seconds re-reading the same YAML.
var defaultCatalogueOnce = sync.OnceValues(func() (*model.Catalogue, error) {
	return ReadCatalogue(bytes.NewReader(defaultCatalogue), "catalogue.yaml")
})

// LoadCatalogue reads the catalogue file at path (a command's --catalogue),
// or returns the embedded catalogue when path is empty.
func LoadCatalogue(path string) (*model.Catalogue, error) {
	if path == "" {
		return DefaultCatalogue()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot open the catalogue: " + err.Error()}
	}
	defer f.Close()
	return ReadCatalogue(f, path)
}

// DefaultCatalogueYAML returns the embedded catalogue file's bytes, for
// users who want a copy to edit.
func DefaultCatalogueYAML() []byte { return bytes.Clone(defaultCatalogue) }

// figure is a catalogue number: a plain number, or a mapping with value,
// assumption and note.
type figure struct {
	set bool
	model.Figure
}

func (f *figure) UnmarshalYAML(n *yaml.Node) error {
	f.set = true
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Decode(&f.Value)
	case yaml.MappingNode:
		var m struct {
			Value      *float64 `yaml:"value"`
			Assumption bool     `yaml:"assumption"`
			Note       string   `yaml:"note"`
		}
		if err := decodeStrict(n, &m); err != nil {
			return err
		}
		if m.Value == nil {
			return &yamlError{Line: n.Line, Msg: "a figure needs a value"}
		}
		f.Figure = model.Figure{Value: *m.Value, Assumption: m.Assumption, Note: m.Note}
		return nil
	}
	return &yamlError{Line: n.Line, Msg: "want a number or {value, assumption, note}"}
}

type criterionYAML struct {
	Field      string          `yaml:"field"`
	Op         string          `yaml:"op"`
	Value      any             `yaml:"value"`
	Values     []string        `yaml:"values"`
	Any        []criterionYAML `yaml:"any"`
	Assumption bool            `yaml:"assumption"`
	Note       string          `yaml:"note"`
}

func (c *criterionYAML) model() model.Criterion {
	m := model.Criterion{Field: c.Field, Op: c.Op, Values: c.Values, Assumption: c.Assumption, Note: c.Note}
	if c.Value != nil {
		m.Values = append([]string{fmt.Sprint(c.Value)}, m.Values...)
	}
	for i := range c.Any {
		m.Any = append(m.Any, c.Any[i].model())
	}
	return m
}

type programmeYAML struct {
	Code                 string   `yaml:"code"`
	Name                 string   `yaml:"name"`
	Status               string   `yaml:"status"`
	Suites               []string `yaml:"suites"`
	ReplacedBy           []string `yaml:"replaced_by"`
	ReplacedByAssumption bool     `yaml:"replaced_by_assumption"`
	Intensity            string   `yaml:"intensity"`
	Format               string   `yaml:"format"`
	Settings             []string `yaml:"settings"`
	Sex                  []string `yaml:"sex"`
	Audience             string   `yaml:"audience"`
	Description          string   `yaml:"description"`
	LDC                  string   `yaml:"ldc"`
	LDCAssumption        bool     `yaml:"ldc_assumption"`
	LDCRoute             []string `yaml:"ldc_route"`
	LDCRouteAssumption   bool     `yaml:"ldc_route_assumption"`
	PathwayBound         bool     `yaml:"pathway_bound"`
	Family               string   `yaml:"family"`
	Rank                 int      `yaml:"rank"`
	RiskPrinciple        *struct {
		Note       string `yaml:"note"`
		Assumption bool   `yaml:"assumption"`
	} `yaml:"risk_principle"`
	Eligibility          []criterionYAML `yaml:"eligibility"`
	Prerequisites        []string        `yaml:"prerequisites"`
	PrerequisitesAssumed bool            `yaml:"prerequisites_assumption"`
	MonthsNeeded         figure          `yaml:"months_needed"`
	DurationWeeks        figure          `yaml:"duration_weeks"`
	Sessions             figure          `yaml:"sessions"`
	GroupSize            figure          `yaml:"group_size"`
	MinGroupSize         figure          `yaml:"min_group_size"`
	CompletionRate       figure          `yaml:"completion_rate"`
	Sources              []string        `yaml:"sources"`
}

type catalogueYAML struct {
	Version  string `yaml:"version"`
	Defaults struct {
		GroupSize      figure   `yaml:"group_size"`
		MinGroupSize   figure   `yaml:"min_group_size"`
		CompletionRate figure   `yaml:"completion_rate"`
		Settings       []string `yaml:"settings"`
	} `yaml:"defaults"`
	// Consolidation is the months wanted between completing a programme
	// and release (docs/classification.md, "In time").
	Consolidation figure `yaml:"consolidation_months"`
	// Costs prices groups for a plan (model.CostFields; docs/plan.md).
	Costs      yaml.Node   `yaml:"costs"`
	Families   []yaml.Node `yaml:"families"`
	Programmes []yaml.Node `yaml:"programmes"`
}

// defaultConsolidation is the consolidation window, in months, of a
// catalogue that does not give consolidation_months: the embedded
// catalogue's (an assumption, docs/catalogue.md); the simulation takes its
// default window from the catalogue too.
const defaultConsolidation = 6

type familyYAML struct {
	Name          string          `yaml:"name"`
	Role          string          `yaml:"role"`
	Description   string          `yaml:"description"`
	Covers        []string        `yaml:"covers"`
	CoversAssumed bool            `yaml:"covers_assumption"`
	Need          []criterionYAML `yaml:"need"`
	Sources       []string        `yaml:"sources"`
}

// rules returns the catalogue's planning rules: its families (fs, decoded
// from c.Families) and the consolidation window.
func (c *catalogueYAML) rules(fs []familyYAML) model.Rules {
	r := model.Rules{Consolidation: c.Consolidation.Figure}
	if !c.Consolidation.set {
		// The embedded catalogue's window, so that a catalogue written
		// before the key existed keeps the time rule.
		r.Consolidation = model.Figure{Value: defaultConsolidation, Assumption: true,
			Note: "not given in the catalogue: the embedded catalogue's window"}
	}
	for _, f := range fs {
		m := model.Family{Name: f.Name, Role: model.Role(f.Role), Description: f.Description,
			Covers: f.Covers, CoversAssumed: f.CoversAssumed, Sources: f.Sources}
		for i := range f.Need {
			m.Need = append(m.Need, f.Need[i].model())
		}
		r.Families = append(r.Families, m)
	}
	return r
}

// ReadCatalogue reads a programme catalogue in YAML (docs/catalogue.md) and
// checks it. Errors name the file and line. The default Limits apply: file
// size, nesting and the number of programmes.
func ReadCatalogue(r io.Reader, name string) (*model.Catalogue, error) {
	return ReadCatalogueWith(r, name, Limits{})
}

// ReadCatalogueWith is ReadCatalogue with the given limits (zero fields:
// the defaults).
func ReadCatalogueWith(r io.Reader, name string, lim Limits) (*model.Catalogue, error) {
	lim = lim.orDefaults()
	b, err := readLimited(r, name, "catalogue", lim.MaxYAMLBytes)
	if err != nil {
		return nil, err
	}
	// The shape first, on the nodes (the decoder below walks aliases).
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err == nil {
		if err := checkYAMLShape(&root, lim); err != nil {
			return nil, fileErr(name, err)
		}
	}
	d := yaml.NewDecoder(bytes.NewReader(b))
	d.KnownFields(true)
	var c catalogueYAML
	if err := d.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: name, Msg: "empty catalogue, want a YAML mapping with version and programmes"}
		}
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			err = yamlErrorOf(te.Errors[0], 0)
		} else if _, ok := err.(*yamlError); !ok {
			err = yamlErrorOf(err.Error(), 0)
		}
		line, msg := lineMsg(err)
		return nil, &Error{File: name, Line: line, Msg: "not a valid catalogue: " + msg}
	}
	if len(c.Programmes) > lim.MaxProgrammes {
		return nil, &Error{File: name, Line: c.Programmes[lim.MaxProgrammes].Line,
			Msg: fmt.Sprintf("more than %d programmes (data.Limits.MaxProgrammes)", lim.MaxProgrammes)}
	}
	var ps []model.Programme
	for i := range c.Programmes {
		n := &c.Programmes[i]
		var y programmeYAML
		if err := decodeStrict(n, &y); err != nil {
			line, msg := lineMsg(err)
			return nil, &Error{File: name, Line: line, Msg: fmt.Sprintf("programme %d: %s", i+1, msg)}
		}
		p, err := y.model(&c)
		if err != nil {
			return nil, &Error{File: name, Line: n.Line, Msg: fmt.Sprintf("programme %s: %v", y.Code, err)}
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		return nil, &Error{File: name, Msg: "catalogue lists no programmes"}
	}
	fs := make([]familyYAML, len(c.Families))
	for i := range c.Families {
		if err := decodeStrict(&c.Families[i], &fs[i]); err != nil {
			line, msg := lineMsg(err)
			return nil, &Error{File: name, Line: line, Msg: fmt.Sprintf("family %d: %s", i+1, msg)}
		}
	}
	rules := c.rules(fs)
	if rules.Costs, err = readCosts(&c.Costs); err != nil {
		line, msg := lineMsg(err)
		return nil, &Error{File: name, Line: line, Msg: "costs: " + msg}
	}
	cat, err := model.NewCatalogue(c.Version, ps, rules)
	if err != nil {
		return nil, &Error{File: name, Line: c.ruleLine(err), Msg: err.Error()}
	}
	return cat, nil
}

// readCosts reads the catalogue's costs block (model.CostFields): nil
// when there is none; keys it does not give keep model.DefaultCosts.
func readCosts(n *yaml.Node) (*model.Costs, error) {
	if n.Kind == 0 {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, &yamlError{Line: n.Line, Msg: "want a mapping of cost figures"}
	}
	c := model.DefaultCosts()
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		j := slices.IndexFunc(model.CostFields, func(f model.CostField) bool { return f.Key == k.Value })
		if j < 0 {
			var keys []string
			for _, f := range model.CostFields {
				keys = append(keys, f.Key)
			}
			return nil, &yamlError{Line: k.Line, Msg: fmt.Sprintf("unknown key %q: want one of %s", k.Value, strings.Join(keys, ", "))}
		}
		if seen[k.Value] {
			return nil, &yamlError{Line: k.Line, Msg: fmt.Sprintf("%s given twice", k.Value)}
		}
		seen[k.Value] = true
		var f figure
		if err := f.UnmarshalYAML(v); err != nil {
			return nil, err
		}
		*model.CostFields[j].Get(&c) = f.Figure
	}
	if err := c.Check(); err != nil {
		return nil, &yamlError{Line: n.Line, Msg: strings.TrimPrefix(err.Error(), "costs: ")}
	}
	return &c, nil
}

// ruleLine returns the line of the family or programme a catalogue error
// is about (model.RuleError), or 0.
func (c *catalogueYAML) ruleLine(err error) int {
	var re *model.RuleError
	switch {
	case !errors.As(err, &re):
	case re.Index > 0 && re.Index <= len(c.Families):
		return c.Families[re.Index-1].Line
	case re.Programme != "":
		for i := range c.Programmes {
			var y struct {
				Code string `yaml:"code"`
			}
			if c.Programmes[i].Decode(&y) == nil && y.Code == re.Programme {
				return c.Programmes[i].Line
			}
		}
	}
	return 0
}

func orDefault(f, def figure) model.Figure {
	if f.set {
		return f.Figure
	}
	return def.Figure
}

func (y *programmeYAML) model(c *catalogueYAML) (model.Programme, error) {
	p := model.Programme{
		Code: y.Code, Name: y.Name, Status: model.Status(y.Status),
		ReplacedBy: y.ReplacedBy, ReplacedByAssumed: y.ReplacedByAssumption,
		Intensity: model.Intensity(y.Intensity), Format: model.Format(y.Format),
		Audience: y.Audience, Description: y.Description, LDC: model.LDCRule(y.LDC), LDCAssumed: y.LDCAssumption,
		LDCRoute: y.LDCRoute, LDCRouteAssumed: y.LDCRouteAssumption, PathwayBound: y.PathwayBound,
		Prerequisites: y.Prerequisites, PrerequisitesAssumed: y.PrerequisitesAssumed, Sources: y.Sources,
		Family: y.Family, Rank: y.Rank,
		MonthsNeeded: y.MonthsNeeded.Figure, DurationWeeks: y.DurationWeeks.Figure,
		Sessions:       y.Sessions.Figure,
		GroupSize:      orDefault(y.GroupSize, c.Defaults.GroupSize),
		MinGroupSize:   orDefault(y.MinGroupSize, c.Defaults.MinGroupSize),
		CompletionRate: orDefault(y.CompletionRate, c.Defaults.CompletionRate),
	}
	if p.LDC == "" {
		p.LDC = model.LDCInclusive
	}
	if y.RiskPrinciple != nil {
		p.RiskNote, p.RiskAssumed = y.RiskPrinciple.Note, y.RiskPrinciple.Assumption
	}
	if p.Format == model.OneToOneFormat && !y.GroupSize.set {
		p.GroupSize, p.MinGroupSize = model.Figure{Value: 1}, model.Figure{Value: 1}
	}
	for _, s := range y.Suites {
		p.Suites = append(p.Suites, model.Suite(s))
	}
	settings := y.Settings
	if settings == nil {
		settings = c.Defaults.Settings
	}
	for _, s := range settings {
		switch s {
		case "custody":
			p.Settings = append(p.Settings, model.Custody)
		case "community":
			p.Settings = append(p.Settings, model.Community)
		default:
			return p, fmt.Errorf("setting %q: want custody or community", s)
		}
	}
	for _, s := range y.Sex {
		sx, err := model.ParseSex(s)
		if err != nil {
			return p, fmt.Errorf("sex %q: %w", s, err)
		}
		p.Sexes = append(p.Sexes, sx)
	}
	for i := range y.Eligibility {
		p.Eligibility = append(p.Eligibility, y.Eligibility[i].model())
	}
	if strings.TrimSpace(p.Name) == "" {
		return p, fmt.Errorf("no name")
	}
	return p, nil
}
