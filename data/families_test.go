package data

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"needsplan/model"
)

// TestCatalogueFamiliesRead: the embedded catalogue's families come in
// routing order with their roles, covers and need criteria, and the
// consolidation window with its assumption flag.
func TestCatalogueFamiliesRead(t *testing.T) {
	cat, err := DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name   string
		role   model.Role
		covers []string
		needs  int // top-level need criteria
	}{
		{"sexual_offending", model.CoreRole, []string{"violence", "general_offending"}, 3},
		{"partner_violence", model.CoreRole, []string{"violence", "general_offending"}, 2},
		{"violence", model.CoreRole, []string{"general_offending"}, 2},
		{"general_offending", model.CoreRole, []string{"violence"}, 1},
		{"substance_misuse", model.AddOnRole, nil, 1},
		{"alcohol_violence", model.AddOnRole, nil, 2},
		{"gang", model.AddOnRole, nil, 1},
		{"extremism", model.AddOnRole, nil, 1},
		{"sexual_follow_on", model.FollowOnRole, nil, 0},
		{"follow_on", model.FollowOnRole, nil, 0},
	}
	fams := cat.Families()
	if len(fams) != len(want) {
		t.Fatalf("%d families, want %d", len(fams), len(want))
	}
	for i, w := range want {
		f := fams[i]
		if f.Name != w.name || f.Role != w.role || !slices.Equal(f.Covers, w.covers) || len(f.Need) != w.needs {
			t.Errorf("family %d: %s, %s, covers %v, %d need criteria; want %s, %s, covers %v, %d",
				i+1, f.Name, f.Role, f.Covers, len(f.Need), w.name, w.role, w.covers, w.needs)
		}
		if f.CoversAssumed != (len(w.covers) > 0) {
			t.Errorf("%s: covers_assumption %v, want %v", f.Name, f.CoversAssumed, len(w.covers) > 0)
		}
		if f.Description == "" {
			t.Errorf("%s: no description", f.Name)
		}
	}
	// The sexual offending need: soh, OSP medium or above (any of two
	// criteria, marked an assumption), pathway high or moderate.
	so := fams[0]
	if c := so.Need[1]; len(c.Any) != 2 || !c.Assumption || c.Note == "" {
		t.Errorf("sexual_offending need[2]: %+v, want any of two OSP criteria marked as an assumption", c)
	}
	if c := cat.Consolidation(); c.Value != 6 || !c.Assumption || c.Note == "" {
		t.Errorf("consolidation %+v, want 6 months, an assumption with a note", c)
	}
}

// TestCatalogueFamilyNeed: the need criteria read from YAML decide HasNeed.
func TestCatalogueFamilyNeed(t *testing.T) {
	cat, err := DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	idx := func(name string) int {
		k, ok := cat.FamilyIndex(name)
		if !ok {
			t.Fatalf("no family %s", name)
		}
		return k
	}
	mod, high, ne := model.PNI{Pathway: model.ModerateIntensity}, model.PNI{Pathway: model.HighIntensity}, model.PNI{Pathway: model.NotEligible}
	for _, c := range []struct {
		name   string
		family string
		p      *model.Profile
		r      model.PNI
		want   bool
	}{
		{"soh, OSP/DC medium, moderate", "sexual_offending",
			&model.Profile{SexualOffenceHistory: true, OSPDC: model.Some(model.OSPMedium)}, mod, true},
		{"soh, OSP/IIC medium, high", "sexual_offending",
			&model.Profile{SexualOffenceHistory: true, OSPIIC: model.Some(model.OSPMedium)}, high, true},
		{"soh, OSP/DC low", "sexual_offending",
			&model.Profile{SexualOffenceHistory: true, OSPDC: model.Some(model.OSPLow)}, mod, false},
		{"OSP/DC high, no soh", "sexual_offending",
			&model.Profile{OSPDC: model.Some(model.OSPHigh)}, mod, false},
		{"soh, OSP/DC high, not eligible", "sexual_offending",
			&model.Profile{SexualOffenceHistory: true, OSPDC: model.Some(model.OSPHigh)}, ne, false},
		{"SARA partner 2, moderate", "partner_violence", &model.Profile{SARAPartner: model.Some[int8](2)}, mod, true},
		{"SARA partner 1", "partner_violence", &model.Profile{SARAPartner: model.Some[int8](1)}, mod, false},
		{"SARA partner missing", "partner_violence", &model.Profile{}, mod, false},
		{"robbery, high", "violence", &model.Profile{OffenceGroup: model.Robbery}, high, true},
		{"theft, OVP 30", "violence", &model.Profile{OffenceGroup: model.Theft, OVP: model.Some(30.0)}, mod, true},
		{"theft, OVP 29", "violence", &model.Profile{OffenceGroup: model.Theft, OVP: model.Some(29.0)}, mod, false},
		{"any person, moderate", "general_offending", &model.Profile{}, mod, true},
		{"any person, not eligible", "general_offending", &model.Profile{}, ne, false},
		{"alcohol 4, violence", "alcohol_violence", func() *model.Profile {
			p := &model.Profile{OffenceGroup: model.Violence}
			p.Scores[model.AlcoholMisuse] = model.Some[int8](4)
			return p
		}(), ne, true},
		{"alcohol 4, theft", "alcohol_violence", func() *model.Profile {
			p := &model.Profile{OffenceGroup: model.Theft}
			p.Scores[model.AlcoholMisuse] = model.Some[int8](4)
			return p
		}(), ne, false},
		{"drugs 2", "substance_misuse", func() *model.Profile {
			p := &model.Profile{}
			p.Scores[model.DrugMisuse] = model.Some[int8](2)
			return p
		}(), ne, true},
		{"gang", "gang", &model.Profile{Gang: true}, ne, true},
		{"extremism", "extremism", &model.Profile{Extremism: true}, ne, true},
		{"follow-on: no need of its own", "follow_on", &model.Profile{}, high, false},
	} {
		t.Run(c.family+": "+c.name, func(t *testing.T) {
			f := cat.Families()[idx(c.family)]
			if got := f.HasNeed(c.p, &c.r); got != c.want {
				t.Errorf("HasNeed %v, want %v", got, c.want)
			}
		})
	}
}

// TestCatalogueFamiliesSmall reads a small catalogue: need and covers as
// written, an explicit rank, and family credit by them.
func TestCatalogueFamiliesSmall(t *testing.T) {
	yaml := `version: t
consolidation_months: 3
families:
  - name: core_a
    role: core
    covers: [core_b]
    covers_assumption: true
    need:
      - {field: ogrs3, op: ">=", value: 50}
  - name: core_b
    role: core
programmes:
  - {code: A, name: A, status: current, suites: [legacy], intensity: moderate, format: group, family: core_a}
  - {code: A_OLD, name: A old, status: legacy, intensity: moderate, format: group, family: core_a}
  - {code: B, name: B, status: current, suites: [legacy], intensity: moderate, format: group, family: core_b}
  - {code: B_TOP, name: B top, status: current, suites: [legacy], intensity: moderate, format: group, family: core_b, rank: 3}
`
	cat, err := ReadCatalogue(strings.NewReader(yaml), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a := cat.Families()[0]
	if a.Name != "core_a" || !slices.Equal(a.Covers, []string{"core_b"}) || !a.CoversAssumed || len(a.Need) != 1 ||
		a.Need[0].Field != "ogrs3" || a.Need[0].Op != ">=" || !slices.Equal(a.Need[0].Values, []string{"50"}) {
		t.Errorf("core_a read as %+v", a)
	}
	if b := cat.Families()[1]; len(b.Covers) != 0 || b.CoversAssumed || len(b.Need) != 0 {
		t.Errorf("core_b read as %+v", b)
	}
	if c := cat.Consolidation(); c.Value != 3 || c.Assumption {
		t.Errorf("consolidation %+v, want 3, published", c)
	}
	var r model.PNI
	for _, c := range []struct {
		ogrs float64
		want bool
	}{{50, true}, {49, false}} {
		if got := a.HasNeed(&model.Profile{OGRS3: model.Some(c.ogrs)}, &r); got != c.want {
			t.Errorf("core_a need at ogrs3 %v: %v, want %v", c.ogrs, got, c.want)
		}
	}
	code := func(s string) int { i, _ := cat.Index(s); return i }
	if got := cat.Rank(code("B_TOP")); got != 3 {
		t.Errorf("B_TOP rank %d, want 3 (explicit)", got)
	}
	for _, c := range []struct {
		completed string
		want      []string
	}{
		{"A", []string{"A", "A_OLD", "B"}},     // core_a covers core_b at rank 1
		{"A_OLD", []string{"A", "A_OLD", "B"}}, // a legacy programme of the family
		{"B", []string{"B"}},                   // core_b covers nothing
		{"B_TOP", []string{"B", "B_TOP"}},      // its family at rank ≤ 3
	} {
		if got := cat.Codes(cat.Credits([]string{c.completed})); !slices.Equal(got, c.want) {
			t.Errorf("completed %s: credits %v, want %v", c.completed, got, c.want)
		}
	}
}

// TestCatalogueWithoutFamilies: a catalogue with no families (one written
// before them) still loads, and every programme a person meets is current.
func TestCatalogueWithoutFamilies(t *testing.T) {
	yaml := `version: t
programmes:
  - {code: A, name: A, status: current, suites: [legacy], intensity: moderate, format: group}
  - {code: B, name: B, status: current, suites: [legacy], intensity: high, format: group}
`
	cat, err := ReadCatalogue(strings.NewReader(yaml), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var r model.PNI
	pl := cat.Plan(&model.Profile{}, &r, model.LegacySuite)
	if got := cat.Codes(pl.Needed); len(cat.Families()) != 0 || !slices.Equal(got, []string{"A", "B"}) || pl.Deferred.Len() != 0 || pl.Unrouted != 0 {
		t.Errorf("families %d; now %v, deferred %v, unrouted %v; want none, [A B], none, none",
			len(cat.Families()), got, cat.Codes(pl.Deferred), pl.Unrouted)
	}
}

// TestCatalogueDefaultConsolidation: a catalogue without
// consolidation_months keeps the time rule with the default 6-month window,
// marked as an assumption; one that gives it uses it.
func TestCatalogueDefaultConsolidation(t *testing.T) {
	base := "version: t\nprogrammes:\n  - {code: A, name: A, status: current, suites: [legacy], intensity: moderate, format: group, duration_weeks: 10}\n"
	tests := []struct {
		name, extra string
		window      float64
		assumed     bool
	}{
		{"not given", "", 6, true},
		{"given", "consolidation_months: 3\n", 3, false},
		{"none", "consolidation_months: 0\n", 0, false},
	}
	for _, tt := range tests {
		cat, err := ReadCatalogue(strings.NewReader(base+tt.extra), "c.yaml")
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		c := cat.Consolidation()
		// 10 weeks = 70 / 30.436875 = 2.2998 months, plus the window.
		if c.Value != tt.window || c.Assumption != tt.assumed || math.Abs(cat.TimeNeeded(0)-(70/30.436875+tt.window)) > 1e-9 {
			t.Errorf("%s: window %v (assumption %v), time needed %v; want %v (%v), %v", tt.name, c.Value, c.Assumption,
				cat.TimeNeeded(0), tt.window, tt.assumed, 70/30.436875+tt.window)
		}
	}
}

// TestCatalogueFamilyErrors: mistakes in the families or a programme's
// family are input errors naming the file and the problem.
func TestCatalogueFamilyErrors(t *testing.T) {
	cat := string(DefaultCatalogueYAML())
	tests := []struct {
		name, from, to, want string
		line                 bool // the error names the line of to
		// at, when set, is the entry whose line the error names (the
		// programme or family it is about): its first occurrence, or its
		// last with last set.
		at   string
		last bool
	}{
		// The first "family: general_offending" is TSP's.
		{"unknown family on a programme", "    family: general_offending\n", "    family: general_offence\n",
			"programme TSP: unknown family general_offence", false, "  - code: TSP\n", false},
		{"current programme without a family", "    family: general_offending\n", "",
			"programme TSP: a current programme needs a family", false, "  - code: TSP\n", false},
		{"unknown family in covers", "    covers: [violence, general_offending]\n",
			"    covers: [violence, general_offence]\n",
			"family sexual_offending covers unknown family general_offence", false, "  - name: sexual_offending\n", false},
		{"duplicate family name", "  - name: follow_on\n", "  - name: gang\n", "family gang listed twice", false, "  - name: gang\n", true},
		{"bad role", "    role: add_on\n", "    role: addon\n",
			`family substance_misuse: role "addon": want one of core, add_on, follow_on`, false, "  - name: substance_misuse\n", false},
		{"family without a name", "  - name: gang\n", "  - name: \"\"\n", "family 7 has no name", false, "  - name: \"\"\n", false},
		// The first such line is the gang family's need, before Identity
		// Matters' eligibility.
		{"unknown field in a need", "      - {field: gang, op: \"=\", value: true}\n", "      - {field: gangs, op: \"=\", value: true}\n",
			`family gang: need: unknown field "gangs"`, false, "  - name: gang\n", false},
		{"consolidation out of range", "consolidation_months: {value: 6,", "consolidation_months: {value: -1,",
			"consolidation -1 months: want a number from 0 to 120", false, "", false},
		{"unknown key in a family", "    covers_assumption: true\n", "    covers_assumed: true\n", "covers_assumed", true, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(cat, tt.from) {
				t.Fatalf("catalogue has no %q", tt.from)
			}
			bad := strings.Replace(cat, tt.from, tt.to, 1)
			_, err := ReadCatalogue(strings.NewReader(bad), "c.yaml")
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v, want an input error", err)
			}
			if !strings.HasPrefix(err.Error(), "c.yaml: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name c.yaml and %q", err, tt.want)
			}
			if tt.line {
				n := strings.Count(bad[:strings.Index(bad, tt.to)], "\n") + 1
				if !strings.HasPrefix(err.Error(), "c.yaml: line "+itoa(n)+": ") {
					t.Errorf("error %q does not name line %d", err, n)
				}
			}
			if tt.at != "" {
				i := strings.Index(bad, tt.at)
				if tt.last {
					i = strings.LastIndex(bad, tt.at)
				}
				if n := strings.Count(bad[:i], "\n") + 1; !strings.HasPrefix(err.Error(), "c.yaml: line "+itoa(n)+": ") {
					t.Errorf("error %q does not name line %d, of %q", err, n, tt.at)
				}
			}
		})
	}
}
