package data

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"needsplan/model"
)

// ReadRoom reads a capacity file for a plan (docs/plan.md, "Room"): CSV
// with the header establishment,extra_groups_per_year, the whole groups a
// year each establishment listed could host beyond what it runs.
func ReadRoom(f io.Reader, name string, ests map[string]model.Establishment) (map[string]int, error) {
	m, err := readPairs(f, name, [2]string{"establishment", "extra_groups_per_year"}, establishmentKey(ests),
		func(v float64) bool { return v >= 0 && v <= 255 && v == math.Trunc(v) }, "want a whole number of groups from 0 to 255", Limits{}.orDefaults())
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = int(v)
	}
	return out, nil
}

// ReadWeights reads a plan's priority weights (docs/plan.md, "Weights"):
// CSV with the header rule,weight, the rules model.BaseWeight and those of
// model.WeightRules, each weight a number above 0 and at most 1,000.
// Rules not listed keep model.DefaultPriorityWeights.
func ReadWeights(f io.Reader, name string) (model.PriorityWeights, error) {
	keys := []string{model.BaseWeight}
	for _, r := range model.WeightRules {
		keys = append(keys, r.Key)
	}
	key := func(s string) (string, string) {
		k := strings.ToLower(strings.TrimSpace(s))
		if !slices.Contains(keys, k) {
			return "", "unknown rule: want one of " + strings.Join(keys, ", ")
		}
		return k, ""
	}
	m, err := readPairs(f, name, [2]string{"rule", "weight"}, key,
		func(v float64) bool { return v > 0 && v <= 1000 }, "want a weight above 0 and at most 1000", Limits{}.orDefaults())
	if err != nil {
		return nil, err
	}
	w := model.DefaultPriorityWeights()
	for k, v := range m {
		w[k] = v
	}
	return w, nil
}

// WriteScenario writes a scenario as the YAML data.ReadScenario reads
// (docs/scenarios.md): its name, dataset (absolute, so the file may be
// moved), suite, simulation settings and offerings changes — what a plan
// writes; teams, suspensions and the other settings are not written.
func WriteScenario(w io.Writer, sc *model.Scenario) error {
	var b strings.Builder
	q := func(s string) string { return strconv.Quote(s) }
	fmt.Fprintf(&b, "name: %s\n", q(sc.Name))
	if sc.Dataset.OK {
		abs, err := filepath.Abs(sc.Dataset.Val)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "dataset: %s\n", q(abs))
	}
	if sc.Suite.OK {
		fmt.Fprintf(&b, "suite: %s\n", sc.Suite.Val)
	}
	if sc.Years.OK {
		fmt.Fprintf(&b, "years: %s\n", strconv.FormatFloat(sc.Years.Val, 'f', -1, 64))
	}
	if sc.Replications.OK {
		fmt.Fprintf(&b, "replications: %d\n", sc.Replications.Val)
	}
	if sc.Seed.OK {
		fmt.Fprintf(&b, "seed: %d\n", sc.Seed.Val)
	}
	if sc.Policy.OK {
		fmt.Fprintf(&b, "policy: %s\n", sc.Policy.Val)
	}
	if len(sc.Offerings) > 0 {
		b.WriteString("offerings:\n")
	}
	for _, o := range sc.Offerings {
		fmt.Fprintf(&b, "  - {establishment: %s, programme: %s, action: %s, groups_per_year: %s}\n",
			o.Establishment, o.Programme, o.Action, strconv.FormatFloat(o.GroupsPerYear, 'f', -1, 64))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
