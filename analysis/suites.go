package analysis

import (
	"fmt"
	"slices"
	"strings"

	"needsplan/model"
)

// SuitePlan says which programme suite each establishment's people are
// matched to: one suite for all, or (auto) Building Choices where an
// establishment runs any Building Choices programme and the legacy suite
// elsewhere — people are assessed for what their prison runs.
type SuitePlan struct {
	Default model.Suite
	// Except holds the establishments that use another suite than Default.
	Except map[string]model.Suite
}

// Auto is the --suite value that chooses the suite per establishment.
const Auto = "auto"

// ParseSuitePlan reads legacy, building-choices or auto. For auto it looks
// at the offerings: establishments offering a programme that is only in the
// Building Choices suite use it.
func ParseSuitePlan(s string, offerings []model.Offering, cat *model.Catalogue) (SuitePlan, error) {
	if s != Auto {
		suite, err := model.ParseSuite(s)
		if err != nil {
			return SuitePlan{}, fmt.Errorf("suite %q: want legacy, building-choices or auto", s)
		}
		return SuitePlan{Default: suite}, nil
	}
	plan := SuitePlan{Default: model.LegacySuite, Except: map[string]model.Suite{}}
	for _, o := range offerings {
		if g, ok := cat.Lookup(o.Programme); ok && g.InSuite(model.BuildingChoicesSuite) && !g.InSuite(model.LegacySuite) {
			plan.Except[o.Establishment] = model.BuildingChoicesSuite
		}
	}
	return plan, nil
}

// For returns the suite of an establishment.
func (p SuitePlan) For(establishment string) model.Suite {
	if s, ok := p.Except[establishment]; ok {
		return s
	}
	return p.Default
}

// Suites returns the suites in use, legacy first.
func (p SuitePlan) Suites() []model.Suite {
	out := []model.Suite{p.Default}
	for _, s := range p.Except {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b model.Suite) int { return strings.Compare(string(b), string(a)) })
	return out
}

// String describes the plan: "legacy", or "legacy (building-choices at 22
// establishments)".
func (p SuitePlan) String() string {
	if len(p.Except) == 0 {
		return string(p.Default)
	}
	n := map[model.Suite]int{}
	for _, s := range p.Except {
		n[s]++
	}
	var parts []string
	for _, s := range p.Suites() {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s at %d establishments", s, n[s]))
		}
	}
	return fmt.Sprintf("%s (%s)", p.Default, strings.Join(parts, ", "))
}

// Programmes returns the catalogue indices of the current programmes of the
// suites in use, in code order.
func (p SuitePlan) Programmes(cat *model.Catalogue) []int {
	var out []int
	for i := range cat.Len() {
		g := cat.At(i)
		if g.Status != model.Current {
			continue
		}
		for _, s := range p.Suites() {
			if g.InSuite(s) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}
