package model_test

// Tests of Catalogue.Needed and Classify against docs/reference/
// programmes.md (with pni.md for the pathway each profile gets), plus
// IdentifierKind (data-contract.md §1) and ParseDate. Every profile's PNI
// pathway is derived by hand in its comment and checked first, so that a
// failure points at the catalogue rules rather than at the set-up.

import (
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"needsplan/data"
	"needsplan/model"
)

func defaultCatalogue(t *testing.T) *model.Catalogue {
	t.Helper()
	c, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatalf("DefaultCatalogue: %v", err)
	}
	return c
}

type pmod func(*model.Profile)

var asOf = model.DateOf(2025, 1, 1)

// person builds a male, determinate, violence profile released in three
// years, then applies ms in order.
func person(ms ...pmod) *model.Profile {
	p := &model.Profile{
		PersonID: "S01", Establishment: "AAA", Sex: model.Male, Age: 30,
		SentenceType: model.Determinate, SentenceStart: model.DateOf(2024, 1, 1),
		EarliestRelease: model.Some(model.DateOf(2028, 1, 1)), OffenceGroup: model.Violence,
	}
	for _, m := range ms {
		m(p)
	}
	return p
}

// answers answers every PNI item: the listed ones as given, the rest 0.
func answers(a map[model.Item]int) pmod {
	return func(p *model.Profile) {
		for it := range model.NumItems {
			p.Items[it] = model.Some(int8(a[it]))
		}
	}
}

// Need presets, every item answered (pni.md §1):
// needHigh: think 2+2 = 4 → 2; rel 2+2+1 = 5 → 2; self 2+2+1 = 5 → 2 → 6 high.
// needMed: think q12_1 = 2 ⇒ 2; rel 1+1 = 2 → 1 → 3 medium.
// needLow: all 0 → 0 low.
var (
	needHigh = answers(map[model.Item]int{model.Q12_1: 2, model.Q12_9: 2, model.Q6_1: 2, model.Q6_6: 2, model.Q7_3: 1, model.Q11_2: 2, model.Q11_4: 2, model.Q11_6: 1})
	needMed  = answers(map[model.Item]int{model.Q12_1: 2, model.Q6_1: 1, model.Q6_6: 1})
	needLow  = answers(nil)
)

func ogrs(v float64) pmod { return func(p *model.Profile) { p.OGRS3 = model.Some(v) } }
func ovp(v float64) pmod  { return func(p *model.Profile) { p.OVP = model.Some(v) } }
func rsr(v float64) pmod  { return func(p *model.Profile) { p.RSR = model.Some(v) } }
func osp(dc, iic model.OSPBand) pmod {
	return func(p *model.Profile) { p.OSPDC, p.OSPIIC = model.Some(dc), model.Some(iic) }
}
func saraP(v int) pmod { return func(p *model.Profile) { p.SARAPartner = model.Some(int8(v)) } }
func lds(v int) pmod   { return func(p *model.Profile) { p.LDS = model.Some(int32(v)) } }
func done(codes ...string) pmod {
	return func(p *model.Profile) { p.Completed = codes }
}
func score(s model.Section, v int) pmod {
	return func(p *model.Profile) { p.Scores[s] = model.Some(int8(v)) }
}
func soh(p *model.Profile)    { p.SexualOffenceHistory = true }
func woman(p *model.Profile)  { p.Sex = model.Female }
func noOGRS(p *model.Profile) { p.OGRS3 = model.Opt[float64]{} }
func noOSP(p *model.Profile) {
	p.OSPDC, p.OSPIIC = model.Opt[model.OSPBand]{}, model.Opt[model.OSPBand]{}
}

func all(ms ...pmod) pmod {
	return func(p *model.Profile) {
		for _, m := range ms {
			m(p)
		}
	}
}

// Pathway presets. Every risk input is present so that pni.md §4 changes
// nothing unless a case removes one.
var (
	// GV high: need 6 high; ogrs3 80 ≥ 75 and ovp 65 ≥ 60 → risk high and
	// override 1 → high intensity.
	gvHigh = all(needHigh, ogrs(80), ovp(65), rsr(0.5))
	// General moderate: need 3 medium; ogrs3 60 → medium; ovp 5, rsr 0.5
	// (OSPs na) → moderate.
	genMod = all(needMed, ogrs(60), ovp(5), rsr(0.5))
	// GV moderate with OVP high: need 3 medium; ovp 65 → risk high; ogrs3
	// 60 < 75 so no override 1 → matrix moderate.
	gvModOVPHigh = all(needMed, ogrs(60), ovp(65), rsr(0.5))
	// GV moderate with OVP medium: need 3 medium; ogrs3 60, ovp 40 → medium
	// → moderate.
	gvModOVPMed = all(needMed, ogrs(60), ovp(40), rsr(0.5))
	// SO high: soh, need 6 high (sex items 0 → sex 0); osp_dc high → risk
	// high; ogrs3 10, ovp 5 → high intensity (matrix).
	soHigh = all(soh, needHigh, ogrs(10), ovp(5), rsr(0.5), osp(model.OSPHigh, model.OSPNA))
	// SO moderate: soh, need 3 medium; osp_dc medium → medium → moderate.
	soMod = all(soh, needMed, ogrs(10), ovp(5), rsr(0.5), osp(model.OSPMedium, model.OSPNA))
	// IPV high: need 6 high; sara_partner 3 → risk high; ogrs3 10 → matrix
	// high intensity.
	ipvHigh = all(needHigh, ogrs(10), ovp(5), rsr(0.5), saraP(3))
	// IPV moderate: need 3 medium; sara_partner 2 → medium → moderate.
	ipvMod = all(needMed, ogrs(10), ovp(5), rsr(0.5), saraP(2))
	// Not eligible: need 0 low; ogrs3 60 medium → NE.
	notElig = all(needLow, ogrs(60), ovp(5), rsr(0.5))
)

type neededCase struct {
	name    string
	p       *model.Profile
	suite   model.Suite
	pathway model.Pathway // the PNI pathway derived by hand for p
	want    []string      // programmes that must be needed
	notWant []string      // programmes that must not be needed
	// deferred, when not nil, is exactly the plan's deferred core
	// programmes (one current core programme at a time: the others the
	// person meets wait); nil leaves them unchecked.
	deferred []string
}

func runNeeded(t *testing.T, cases []neededCase) {
	t.Helper()
	cat := defaultCatalogue(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, code := range append(slices.Clone(c.want), c.notWant...) {
				if _, ok := cat.Lookup(code); !ok {
					t.Fatalf("test names unknown programme %s", code)
				}
			}
			cl := model.Classify(c.p, cat, c.suite, asOf)
			if cl.PNI.Pathway != c.pathway {
				t.Fatalf("set-up: PNI pathway %v, want %v", cl.PNI.Pathway, c.pathway)
			}
			// Needed directly, with the PNI of the profile, must agree.
			pni := model.ComputePNI(c.p, model.Custody)
			if cl.Needed != cat.Needed(c.p, &pni, c.suite) {
				t.Errorf("Classify.Needed differs from Catalogue.Needed")
			}
			got := cat.Codes(cl.Needed)
			for _, code := range c.want {
				if !slices.Contains(got, code) {
					t.Errorf("%s not needed; needed %v", code, got)
				}
			}
			for _, code := range c.notWant {
				if slices.Contains(got, code) {
					t.Errorf("%s needed but should not be; needed %v", code, got)
				}
			}
			if c.deferred != nil {
				for _, code := range c.deferred {
					if _, ok := cat.Lookup(code); !ok {
						t.Fatalf("test names unknown programme %s", code)
					}
				}
				if d := cat.Codes(cl.Deferred); !slices.Equal(d, c.deferred) {
					t.Errorf("deferred %v, want %v", d, c.deferred)
				}
			}
		})
	}
}

func TestNeededReplacementCredit(t *testing.T) {
	// programmes.md: "A completed code counts for what replaced it: someone
	// who completed SOTP does not need KAIZEN_SO or HORIZON again (unless a
	// follow-on such as HSP applies)."
	L, BC := model.LegacySuite, model.BuildingChoicesSuite
	runNeeded(t, []neededCase{
		// soHigh: KAIZEN_SO (M, soh, OSP high, not LDC, high pathway) needed;
		// HSP is a follow-on with nothing completed → not needed.
		{"SO high, nothing completed: KAIZEN_SO", person(soHigh), L, model.HighIntensity,
			[]string{"KAIZEN_SO"}, []string{"HSP", "HORIZON"}, nil},
		// SOTP replaced by KAIZEN_SO, HORIZON → KAIZEN_SO not needed; the
		// credit for KAIZEN_SO meets HSP's prerequisite; soh and OSP high ∈
		// medium+ → HSP needed. Legacy SOTP itself is never needed.
		{"SO high, SOTP completed: no KAIZEN_SO, HSP follow-on", person(soHigh, done("SOTP")), L, model.HighIntensity,
			[]string{"HSP"}, []string{"KAIZEN_SO", "HORIZON", "SOTP"}, nil},
		// soMod: HORIZON (M, soh, OSP medium, moderate pathway) needed.
		{"SO moderate, nothing completed: HORIZON", person(soMod), L, model.ModerateIntensity,
			[]string{"HORIZON"}, []string{"KAIZEN_SO", "HSP"}, nil},
		{"SO moderate, SOTP completed: no HORIZON, HSP follow-on", person(soMod, done("SOTP")), L, model.ModerateIntensity,
			[]string{"HSP"}, []string{"HORIZON", "KAIZEN_SO", "SOTP"}, nil},
		// genMod: TSP (ogrs3 60 ≥ 50, moderate, not LDC) and, for the
		// violent index offence person() gives, RESOLVE (violence, ogrs3 ≥
		// 50) are met; one core programme at a time, violence before
		// general offending in routing order: RESOLVE now, TSP waits.
		{"violent offence, general moderate, nothing completed: RESOLVE now, TSP deferred", person(genMod), L, model.ModerateIntensity,
			[]string{"RESOLVE"}, []string{"TSP"}, []string{"TSP"}},
		// ETS replaced by TSP; ETS (general offending, moderate: rank 1)
		// also credits the families general offending covers at rank 1,
		// so RESOLVE (violence, moderate) is credited too.
		{"general moderate, ETS completed: no TSP, nor RESOLVE (general offending covers violence)", person(genMod, done("ETS")), L, model.ModerateIntensity,
			nil, []string{"TSP", "ETS", "RESOLVE"}, []string{}},
		// A completed current programme is not needed again, nor one of a
		// covered family at the same rank (TSP covers RESOLVE).
		{"general moderate, TSP completed: no TSP, nor RESOLVE (covered at rank 1)", person(genMod, done("TSP")), L, model.ModerateIntensity,
			nil, []string{"TSP", "RESOLVE"}, []string{}},
		// PASRO replaced by BSR; BSR needs a drugs or alcohol need (drugs 2 ≥
		// threshold 2) and is not pathway bound.
		{"drugs need, nothing completed: BSR", person(genMod, score(model.DrugMisuse, 2)), L, model.ModerateIntensity,
			[]string{"BSR"}, nil, nil},
		// The risk principle (catalogue assumption): BSR, moderate
		// intensity, needs programme risk medium or high. OGRS3 30, OVP 5,
		// RSR 0.5 with OSPs na: risk low, so no BSR despite the drugs need.
		{"drugs need, OGRS3 30: no BSR (programme risk low, risk principle)", person(needMed, ogrs(30), ovp(5), rsr(0.5), score(model.DrugMisuse, 2)), L, model.NotEligible,
			nil, []string{"BSR"}, nil},
		{"drugs need, PASRO completed: no BSR", person(genMod, score(model.DrugMisuse, 2), done("PASRO")), L, model.ModerateIntensity,
			nil, []string{"BSR", "PASRO"}, nil},
		{"drugs need, PASRO completed: no BSR (building-choices)", person(genMod, score(model.DrugMisuse, 2), done("PASRO")), BC, model.ModerateIntensity,
			nil, []string{"BSR"}, nil},
		// Transitive through the catalogue's (assumed, replaced_by_assumption)
		// links TSP → BC_MOD_GO and KAIZEN_SO → BC_HIGH_SO: ETS → TSP →
		// BC_MOD_GO; SOTP → KAIZEN_SO → BC_HIGH_SO.
		{"BC moderate, nothing completed: BC_MOD_GO", person(genMod), BC, model.ModerateIntensity,
			[]string{"BC_MOD_GO"}, nil, nil},
		{"BC moderate, ETS completed: no BC_MOD_GO (ETS→TSP→BC_MOD_GO)", person(genMod, done("ETS")), BC, model.ModerateIntensity,
			nil, []string{"BC_MOD_GO"}, nil},
		{"BC SO high, nothing completed: BC_HIGH_SO", person(soHigh), BC, model.HighIntensity,
			[]string{"BC_HIGH_SO"}, nil, nil},
		{"BC SO high, SOTP completed: no BC_HIGH_SO (SOTP→KAIZEN_SO→BC_HIGH_SO)", person(soHigh, done("SOTP")), BC, model.HighIntensity,
			nil, []string{"BC_HIGH_SO"}, nil},
	})
}

func TestNeededCreditTransitiveCustomCatalogue(t *testing.T) {
	// A chain OLD1 → OLD2 → NEW (legacy, legacy, current): completing OLD1
	// counts for OLD2 and, transitively, for NEW.
	cat, err := model.NewCatalogue("t", []model.Programme{
		{Code: "OLD1", Name: "old 1", Status: model.Legacy, ReplacedBy: []string{"OLD2"}, Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive},
		{Code: "OLD2", Name: "old 2", Status: model.Legacy, ReplacedBy: []string{"NEW"}, Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive},
		{Code: "NEW", Name: "new", Status: model.Current, Suites: []model.Suite{model.LegacySuite}, Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive},
		{Code: "OTHER", Name: "other", Status: model.Current, Suites: []model.Suite{model.LegacySuite}, Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive},
	}, model.Rules{})
	if err != nil {
		t.Fatal(err)
	}
	var pni model.PNI
	for _, c := range []struct {
		name      string
		completed []string
		want      []string
	}{
		{"nothing completed", nil, []string{"NEW", "OTHER"}},
		{"OLD2 completed", []string{"OLD2"}, []string{"OTHER"}},
		{"OLD1 completed (transitive)", []string{"OLD1"}, []string{"OTHER"}},
		{"NEW completed", []string{"NEW"}, []string{"OTHER"}},
		{"unrelated OTHER completed", []string{"OTHER"}, []string{"NEW"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := person(done(c.completed...))
			if got := cat.Codes(cat.Needed(p, &pni, model.LegacySuite)); !slices.Equal(got, c.want) {
				t.Errorf("needed %v, want %v", got, c.want)
			}
		})
	}
}

func TestNeededFollowOn(t *testing.T) {
	// HSP: "OSP medium+; follow-on after KAIZEN_SO, BNM_PLUS_SO, HORIZON or
	// NMS_SO" (programmes.md). soMod: soh, OSP/DC medium, moderate pathway.
	L := model.LegacySuite
	runNeeded(t, []neededCase{
		{"nothing completed", person(soMod), L, model.ModerateIntensity, nil, []string{"HSP"}, nil},
		{"KAIZEN_SO completed", person(soMod, done("KAIZEN_SO")), L, model.ModerateIntensity, []string{"HSP"}, nil, nil},
		{"BNM_PLUS_SO completed", person(soMod, done("BNM_PLUS_SO")), L, model.ModerateIntensity, []string{"HSP"}, nil, nil},
		{"HORIZON completed", person(soMod, done("HORIZON")), L, model.ModerateIntensity, []string{"HSP"}, []string{"HORIZON"}, nil},
		{"NMS_SO completed", person(soMod, done("NMS_SO")), L, model.ModerateIntensity, []string{"HSP"}, nil, nil},
		// By credit: SOTP counts for KAIZEN_SO and HORIZON.
		{"SOTP completed (credit)", person(soMod, done("SOTP")), L, model.ModerateIntensity, []string{"HSP"}, nil, nil},
		// TSP is not a prerequisite of HSP.
		{"only TSP completed", person(soMod, done("TSP")), L, model.ModerateIntensity, nil, []string{"HSP"}, nil},
		// OSP low/low: HSP's OSP medium+ fails even after KAIZEN_SO. (Risk:
		// OSPs not na so rsr does not count; ogrs3 10, ovp 5 → low → NE.)
		{"KAIZEN_SO completed but OSP low", person(soMod, osp(model.OSPLow, model.OSPLow), done("KAIZEN_SO")), L, model.NotEligible, nil, []string{"HSP"}, nil},
		// No sexual offence history: the sexual-offence follow-on does not apply.
		{"HORIZON completed but no soh", person(genMod, osp(model.OSPMedium, model.OSPNA), done("HORIZON")), L, model.ModerateIntensity, nil, []string{"HSP"}, nil},
	})
}

func TestNeededLDCRouting(t *testing.T) {
	// pni.md §5: LDC when lds ≥ 3; LDC routes to Becoming New Me+ (high) and
	// New Me Strengths (moderate); programmes.md: KAIZEN_*/HORIZON/TSP "no
	// (LDC → ...)", BNM_PLUS_*/NMS_* "yes (LDC only)".
	L := model.LegacySuite
	runNeeded(t, []neededCase{
		{"GV high, lds 3: BNM_PLUS_GV not KAIZEN_GV", person(gvHigh, lds(3)), L, model.HighIntensity,
			[]string{"BNM_PLUS_GV"}, []string{"KAIZEN_GV"}, nil},
		{"GV high, lds 2: KAIZEN_GV not BNM_PLUS_GV", person(gvHigh, lds(2)), L, model.HighIntensity,
			[]string{"KAIZEN_GV"}, []string{"BNM_PLUS_GV"}, nil},
		{"GV high, lds missing: no BNM_PLUS_GV", person(gvHigh), L, model.HighIntensity,
			nil, []string{"BNM_PLUS_GV"}, nil},
		// gvModOVPMed: ovp 40 ∈ 30–<60 and ogrs3 60 ≥ 50 → NMS_GV for LDC;
		// for non-LDC TSP (ogrs3 ≥ 50) and RESOLVE (violent offence, ogrs3
		// ≥ 50): violence routes before general offending, so RESOLVE is
		// current and TSP waits.
		{"GV moderate, lds 3: NMS_GV not TSP", person(gvModOVPMed, lds(3)), L, model.ModerateIntensity,
			[]string{"NMS_GV"}, []string{"TSP", "KAIZEN_GV"}, nil},
		{"GV moderate, lds 2: RESOLVE now, TSP deferred (violence before general), no NMS_GV", person(gvModOVPMed, lds(2)), L, model.ModerateIntensity,
			[]string{"RESOLVE"}, []string{"NMS_GV", "TSP"}, []string{"TSP"}},
		{"IPV high, lds 3: BNM_PLUS_IPV not KAIZEN_IPV", person(ipvHigh, lds(3)), L, model.HighIntensity,
			[]string{"BNM_PLUS_IPV"}, []string{"KAIZEN_IPV"}, nil},
		{"IPV high, lds 0: KAIZEN_IPV not BNM_PLUS_IPV", person(ipvHigh, lds(0)), L, model.HighIntensity,
			[]string{"KAIZEN_IPV"}, []string{"BNM_PLUS_IPV"}, nil},
		// BBR is LDC "yes" (inclusive), so both partner-violence programmes
		// of rank 1 are met; for someone with LDC the adapted one (ldc:
		// only) comes first: NMS_IPV now, BBR waits.
		{"IPV moderate, lds 3: NMS_IPV now (adapted before inclusive), BBR deferred", person(ipvMod, lds(3)), L, model.ModerateIntensity,
			[]string{"NMS_IPV"}, []string{"KAIZEN_IPV", "BBR"}, []string{"BBR"}},
		{"IPV moderate, lds 2: BBR not NMS_IPV", person(ipvMod, lds(2)), L, model.ModerateIntensity,
			[]string{"BBR"}, []string{"NMS_IPV"}, nil},
		{"SO high, lds 3: BNM_PLUS_SO not KAIZEN_SO", person(soHigh, lds(3)), L, model.HighIntensity,
			[]string{"BNM_PLUS_SO"}, []string{"KAIZEN_SO"}, nil},
		{"SO moderate, lds 3: NMS_SO not HORIZON", person(soMod, lds(3)), L, model.ModerateIntensity,
			[]string{"NMS_SO"}, []string{"HORIZON", "BNM_PLUS_SO"}, nil},
		{"SO moderate, lds 2: HORIZON not NMS_SO", person(soMod, lds(2)), L, model.ModerateIntensity,
			[]string{"HORIZON"}, []string{"NMS_SO"}, nil},
		// Building Choices is LDC-inclusive.
		{"BC GV high, lds 3: BC_HIGH_GO", person(gvHigh, lds(3)), model.BuildingChoicesSuite, model.HighIntensity,
			[]string{"BC_HIGH_GO"}, nil, nil},
	})
}

// TestNeededLDCRoutes checks the "LDC → …" routes of programmes.md: someone
// with LDC who meets every criterion of TSP, a Kaizen strand or Horizon but
// its LDC rule needs the adapted programme the route names, even where the
// adapted programme's own criteria do not hold; a route is skipped when one
// of its programmes is already needed or completed.
func TestNeededLDCRoutes(t *testing.T) {
	L := model.LegacySuite
	runNeeded(t, []neededCase{
		// genMod: moderate; ogrs3 60 meets TSP; ovp 5 fails NMS_GV's own OVP
		// medium, so NMS_GV comes only through TSP's route.
		{"moderate, lds 3, OVP low: NMS_GV through TSP's route", person(genMod, lds(3)), L, model.ModerateIntensity,
			[]string{"NMS_GV"}, []string{"TSP"}, nil},
		{"as above, NMS_GV completed: nothing for TSP", person(genMod, lds(3), done("NMS_GV")), L, model.ModerateIntensity,
			nil, []string{"TSP", "NMS_GV"}, nil},
		{"as above, TSP completed: no route", person(genMod, lds(3), done("TSP")), L, model.ModerateIntensity,
			nil, []string{"TSP", "NMS_GV"}, nil},
		// Without LDC TSP is met, and RESOLVE too (violent offence, ogrs3
		// 60): RESOLVE current, TSP deferred, and no route.
		{"as above, lds 2: RESOLVE now, TSP deferred (violence before general), no route", person(genMod, lds(2)), L, model.ModerateIntensity,
			[]string{"RESOLVE"}, []string{"NMS_GV", "TSP"}, []string{"TSP"}},
		// NMS_GV is for men: a woman with LDC has no adapted route.
		{"woman, moderate, lds 3: no TSP, no NMS_GV", person(genMod, woman, lds(3)), L, model.ModerateIntensity,
			nil, []string{"TSP", "NMS_GV"}, nil},
		// gvModOVPHigh: moderate; ovp 65 is above NMS_GV's medium band.
		{"moderate, OVP high, lds 3: NMS_GV through TSP's route", person(gvModOVPHigh, lds(3)), L, model.ModerateIntensity,
			[]string{"NMS_GV"}, []string{"TSP", "KAIZEN_GV"}, nil},
		// need high; ovp 65 → risk high; ogrs3 60 < 75: high intensity by the
		// matrix, KAIZEN_GV's OVP high holds, BNM_PLUS_GV's OGRS high does
		// not: BNM_PLUS_GV through KAIZEN_GV's route.
		{"high, OGRS3 60, lds 3: BNM_PLUS_GV through Kaizen's route", person(needHigh, ogrs(60), ovp(65), rsr(0.5), lds(3)), L,
			model.HighIntensity, []string{"BNM_PLUS_GV"}, []string{"KAIZEN_GV"}, nil},
		// soh, need medium, osp_dc high → risk high → moderate. HORIZON holds
		// (OSP high); NMS_SO (OSP medium) does not: BNM_PLUS_SO through
		// Horizon's route.
		{"SO moderate, OSP high, lds 3: BNM_PLUS_SO through Horizon's route",
			person(soh, needMed, ogrs(10), ovp(5), rsr(0.5), osp(model.OSPHigh, model.OSPNA), lds(3)), L,
			model.ModerateIntensity, []string{"BNM_PLUS_SO"}, []string{"HORIZON", "NMS_SO", "KAIZEN_SO"}, nil},
	})
}

func TestNeededClassifyLDC(t *testing.T) {
	cat := defaultCatalogue(t)
	for _, c := range []struct {
		name string
		p    *model.Profile
		want bool
	}{
		{"lds 3", person(lds(3)), true},  // ≥ 3
		{"lds 9", person(lds(9)), true},  // ≥ 3
		{"lds 2", person(lds(2)), false}, // < 3
		{"lds missing", person(), false}, // no score, no LDC
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := model.Classify(c.p, cat, model.LegacySuite, asOf).LDC; got != c.want {
				t.Errorf("LDC %v, want %v", got, c.want)
			}
		})
	}
}

func TestNeededPathwayBinding(t *testing.T) {
	L := model.LegacySuite
	runNeeded(t, []neededCase{
		// TSP is moderate intensity: high pathway (ogrs3 80 ≥ 50 notwithstanding) → no TSP.
		{"high pathway: KAIZEN_GV, no TSP", person(gvHigh), L, model.HighIntensity,
			[]string{"KAIZEN_GV"}, []string{"TSP"}, nil},
		// Moderate pathway with OVP high: KAIZEN_GV's OVP criterion met but
		// Kaizen is high intensity → no KAIZEN_GV; TSP (ogrs3 60) and
		// RESOLVE (violent offence, ogrs3 60) met: violence first.
		{"moderate pathway, OVP high: RESOLVE now, TSP deferred, no KAIZEN_GV", person(gvModOVPHigh), L, model.ModerateIntensity,
			[]string{"RESOLVE"}, []string{"KAIZEN_GV", "TSP"}, []string{"TSP"}},
		// need 3 medium, sara_partner 3 → risk high, ogrs3 10 → moderate:
		// no KAIZEN_IPV.
		{"moderate pathway, SARA partner 3: no KAIZEN_IPV", person(needMed, ogrs(10), ovp(5), rsr(0.5), saraP(3)), L, model.ModerateIntensity,
			nil, []string{"KAIZEN_IPV"}, nil},
		// need 3 medium, soh, osp_dc high → risk high → moderate: no KAIZEN_SO;
		// HORIZON (OSP medium, high or very high) yes.
		{"moderate pathway, OSP high: HORIZON, no KAIZEN_SO", person(soMod, osp(model.OSPHigh, model.OSPNA)), L, model.ModerateIntensity,
			[]string{"HORIZON"}, []string{"KAIZEN_SO"}, nil},
		// High pathway soh OSP high: KAIZEN_SO, not HORIZON.
		{"high pathway, OSP high: KAIZEN_SO, no HORIZON", person(soHigh), L, model.HighIntensity,
			[]string{"KAIZEN_SO"}, []string{"HORIZON"}, nil},
		// Not eligible pathway: no pathway-bound programme.
		{"not eligible: no TSP, no KAIZEN", person(notElig), L, model.NotEligible,
			nil, []string{"TSP", "KAIZEN_GV", "RESOLVE"}, nil},
	})
}

func TestNeededBuildingChoices(t *testing.T) {
	// programmes.md: BC_HIGH_* for pathway high intensity, BC_MOD_* for
	// moderate; "sexual offence strand when sexual_offence_history, else
	// general. In a women's prison the strand split does not apply."
	BC := model.BuildingChoicesSuite
	bc := []string{"BC_HIGH_GO", "BC_HIGH_SO", "BC_MOD_GO", "BC_MOD_SO"}
	except := func(keep ...string) []string {
		var out []string
		for _, c := range bc {
			if !slices.Contains(keep, c) {
				out = append(out, c)
			}
		}
		return out
	}
	runNeeded(t, []neededCase{
		{"man, soh, high", person(soHigh), BC, model.HighIntensity, []string{"BC_HIGH_SO"}, except("BC_HIGH_SO"), nil},
		{"man, no soh, high", person(gvHigh), BC, model.HighIntensity, []string{"BC_HIGH_GO"}, except("BC_HIGH_GO"), nil},
		{"man, soh, moderate", person(soMod), BC, model.ModerateIntensity, []string{"BC_MOD_SO"}, except("BC_MOD_SO"), nil},
		{"man, no soh, moderate", person(genMod), BC, model.ModerateIntensity, []string{"BC_MOD_GO"}, except("BC_MOD_GO"), nil},
		{"woman, soh, high: general strand", person(soHigh, woman), BC, model.HighIntensity, []string{"BC_HIGH_GO"}, except("BC_HIGH_GO"), nil},
		{"woman, soh, moderate: general strand", person(soMod, woman), BC, model.ModerateIntensity, []string{"BC_MOD_GO"}, except("BC_MOD_GO"), nil},
		{"woman, no soh, high", person(gvHigh, woman), BC, model.HighIntensity, []string{"BC_HIGH_GO"}, except("BC_HIGH_GO"), nil},
		{"woman, no soh, moderate", person(genMod, woman), BC, model.ModerateIntensity, []string{"BC_MOD_GO"}, except("BC_MOD_GO"), nil},
		{"not eligible: no Building Choices", person(notElig), BC, model.NotEligible, nil, bc, nil},
		// need 3 medium, ogrs3 60, ovp missing → IM (pni.md §4.3): neither
		// high nor moderate pathway → no Building Choices.
		{"information missing: no Building Choices", person(needMed, ogrs(60), rsr(0.5)), BC, model.InfoMissing, nil, bc, nil},
		// The legacy suite's programmes are not in the building-choices suite.
		{"high GV in BC suite: no KAIZEN_GV", person(gvHigh), BC, model.HighIntensity, nil, []string{"KAIZEN_GV", "TSP"}, nil},
	})
}

func TestNeededSexRestrictions(t *testing.T) {
	L := model.LegacySuite
	runNeeded(t, []neededCase{
		{"man, GV high: KAIZEN_GV", person(gvHigh), L, model.HighIntensity, []string{"KAIZEN_GV"}, nil, nil},
		{"woman, GV high: no KAIZEN_GV (men only)", person(gvHigh, woman), L, model.HighIntensity, nil, []string{"KAIZEN_GV"}, nil},
		{"woman, GV high, LDC: no BNM_PLUS_GV (men only)", person(gvHigh, woman, lds(3)), L, model.HighIntensity, nil, []string{"BNM_PLUS_GV"}, nil},
		{"woman, IPV high: no KAIZEN_IPV", person(ipvHigh, woman), L, model.HighIntensity, nil, []string{"KAIZEN_IPV"}, nil},
		{"woman, SO moderate: no HORIZON", person(soMod, woman), L, model.ModerateIntensity, nil, []string{"HORIZON"}, nil},
		{"woman, IPV moderate: no BBR", person(ipvMod, woman), L, model.ModerateIntensity, nil, []string{"BBR"}, nil},
		// TSP is "M or F".
		{"woman, moderate: TSP", person(genMod, woman), L, model.ModerateIntensity, []string{"TSP"}, nil, nil},
	})
}

func TestNeededMissingCriterion(t *testing.T) {
	L := model.LegacySuite
	runNeeded(t, []neededCase{
		// need 3 medium, ovp 65 → high, ogrs3 missing: projected ogrs3 100
		// keeps risk high, need unchanged → moderate stands (pni.md §4.3).
		// TSP needs ogrs3 ≥ 50: missing → not needed; RESOLVE likewise.
		{"ogrs3 missing: no TSP", person(gvModOVPHigh, noOGRS), L, model.ModerateIntensity, nil, []string{"TSP", "RESOLVE"}, nil},
		// With ogrs3 60 both are met; one core programme at a time,
		// violence before general offending.
		{"ogrs3 60: RESOLVE now, TSP deferred (one core programme)", person(gvModOVPHigh), L, model.ModerateIntensity, []string{"RESOLVE"}, []string{"TSP"}, []string{"TSP"}},
		// soh, need 6 high, ogrs3 80 → high intensity (§4.1) with OSPs
		// missing: KAIZEN_SO's OSP criterion cannot be met.
		{"OSP missing: no KAIZEN_SO", person(soHigh, ogrs(80), noOSP), L, model.HighIntensity, nil, []string{"KAIZEN_SO", "HSP"}, nil},
		{"OSP missing, KAIZEN_SO completed: no HSP", person(soHigh, ogrs(80), noOSP, done("KAIZEN_SO")), L, model.HighIntensity, nil, []string{"HSP"}, nil},
		// GV high, sara_partner missing (PNI counts it as 1): no KAIZEN_IPV.
		{"SARA missing: no KAIZEN_IPV", person(gvHigh), L, model.HighIntensity, nil, []string{"KAIZEN_IPV"}, nil},
		// BSR: drugs ≥ 2 or alcohol ≥ 4 (data-contract.md thresholds).
		{"drugs and alcohol missing: no BSR", person(genMod), L, model.ModerateIntensity, nil, []string{"BSR"}, nil},
		{"drugs 1, alcohol 3: no BSR", person(genMod, score(model.DrugMisuse, 1), score(model.AlcoholMisuse, 3)), L, model.ModerateIntensity, nil, []string{"BSR"}, nil},
		{"drugs 2: BSR", person(genMod, score(model.DrugMisuse, 2)), L, model.ModerateIntensity, []string{"BSR"}, nil, nil},
		{"alcohol 4: BSR", person(genMod, score(model.AlcoholMisuse, 4)), L, model.ModerateIntensity, []string{"BSR"}, nil, nil},
	})
}

func TestNeededMissingNeverEligibleCustom(t *testing.T) {
	// Negated and upper-bound criteria too: a missing value fails every test.
	prog := func(code string, c model.Criterion) model.Programme {
		return model.Programme{Code: code, Name: code, Status: model.Current, Suites: []model.Suite{model.LegacySuite},
			Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive, Eligibility: []model.Criterion{c}}
	}
	cat, err := model.NewCatalogue("t", []model.Programme{
		prog("NE_OGRS", model.Criterion{Field: "ogrs3", Op: "!=", Values: []string{"10"}}),
		prog("LT_OVP", model.Criterion{Field: "ovp", Op: "<", Values: []string{"30"}}),
		prog("NOTIN_OSP", model.Criterion{Field: "osp_dc", Op: "not_in", Values: []string{"high", "very_high"}}),
		prog("LT_SARA", model.Criterion{Field: "sara_partner", Op: "<", Values: []string{"3"}}),
		prog("LE_ITEM", model.Criterion{Field: "q11_12", Op: "<=", Values: []string{"1"}}),
		prog("NE_NEED", model.Criterion{Field: "need:drugs", Op: "!=", Values: []string{"true"}}),
		prog("ANY", model.Criterion{Any: []model.Criterion{
			{Field: "rsr", Op: "<", Values: []string{"1"}},
			{Field: "rosh", Op: "not_in", Values: []string{"high"}},
		}}),
	}, model.Rules{})
	if err != nil {
		t.Fatal(err)
	}
	var pni model.PNI
	missing := person()
	if got := cat.Codes(cat.Needed(missing, &pni, model.LegacySuite)); len(got) != 0 {
		t.Errorf("every criterion's value missing: needed %v, want none", got)
	}
	present := person(ogrs(20), ovp(5), osp(model.OSPLow, model.OSPNA), saraP(1), rsr(0.5),
		score(model.DrugMisuse, 0), func(p *model.Profile) {
			p.Items[model.Q11_12] = model.Some[int8](0)
			p.RoSH = model.Some(model.RoSHLow)
		})
	want := []string{"ANY", "LE_ITEM", "LT_OVP", "LT_SARA", "NE_NEED", "NE_OGRS", "NOTIN_OSP"}
	if got := cat.Codes(cat.Needed(present, &pni, model.LegacySuite)); !slices.Equal(got, want) {
		t.Errorf("every criterion met: needed %v, want %v", got, want)
	}
}

func TestClassifyMonthsLeft(t *testing.T) {
	cat := defaultCatalogue(t)
	d := model.DateOf
	months := func(days int) float64 { return float64(days) / (365.2425 / 12) }
	type check struct {
		months float64
		inTime bool
	}
	cases := []struct {
		name   string
		p      *model.Profile
		left   float64 // NaN, +Inf or a number of months
		checks []check
	}{
		{"remand, no release date: NaN", person(func(p *model.Profile) {
			p.SentenceType, p.EarliestRelease = model.Remand, model.Opt[model.Date]{}
		}), math.NaN(), []check{{0, false}, {6, false}}},
		{"remand with a release date: still NaN", person(func(p *model.Profile) {
			p.SentenceType, p.EarliestRelease = model.Remand, model.Some(d(2026, 1, 1))
		}), math.NaN(), []check{{0, false}}},
		{"indeterminate past tariff and parole eligibility: +Inf", person(func(p *model.Profile) {
			p.SentenceType = model.Indeterminate
			p.EarliestRelease, p.ParoleEligibility = model.Some(d(2020, 1, 1)), model.Some(d(2019, 1, 1))
		}), math.Inf(1), []check{{0, true}, {120, true}}},
		{"indeterminate past tariff, no PED: +Inf", person(func(p *model.Profile) {
			p.SentenceType, p.EarliestRelease = model.Indeterminate, model.Some(d(2024, 12, 31))
		}), math.Inf(1), []check{{12, true}}},
		// PED 2025-07-01 before CRD 2028-01-01: target PED, 31+28+31+30+31+30
		// = 181 days from 2025-01-01 → 5.95 months: not in time for 6.
		{"PED earlier than earliest release is the target", person(func(p *model.Profile) {
			p.ParoleEligibility = model.Some(d(2025, 7, 1))
		}), months(181), []check{{5.9, true}, {6, false}}},
		// Indeterminate, tariff 2027-01-01 (730 days on), PED 2026-01-01
		// (365 days on): PED is the target.
		{"indeterminate with PED before tariff", person(func(p *model.Profile) {
			p.SentenceType = model.Indeterminate
			p.EarliestRelease, p.ParoleEligibility = model.Some(d(2027, 1, 1)), model.Some(d(2026, 1, 1))
		}), months(365), []check{{11.9, true}, {12, false}}},
		// PED already passed, CRD 2027-01-01 ahead (730 days): CRD.
		{"PED passed, earliest release ahead", person(func(p *model.Profile) {
			p.EarliestRelease, p.ParoleEligibility = model.Some(d(2027, 1, 1)), model.Some(d(2024, 6, 1))
		}), months(730), []check{{23.9, true}, {24, false}}},
		{"determinate, no PED: earliest release", person(func(p *model.Profile) {
			p.EarliestRelease = model.Some(d(2027, 1, 1))
		}), months(730), []check{{6, true}}},
		{"determinate past release: 0", person(func(p *model.Profile) {
			p.EarliestRelease = model.Some(d(2024, 6, 1))
		}), 0, []check{{0, true}, {0.5, false}, {6, false}}},
		{"determinate past release and PED: 0", person(func(p *model.Profile) {
			p.EarliestRelease, p.ParoleEligibility = model.Some(d(2024, 6, 1)), model.Some(d(2023, 6, 1))
		}), 0, []check{{0, true}, {1, false}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := model.Classify(c.p, cat, model.LegacySuite, asOf)
			switch {
			case math.IsNaN(c.left):
				if !math.IsNaN(cl.MonthsLeft) {
					t.Errorf("MonthsLeft %v, want NaN", cl.MonthsLeft)
				}
			case math.IsInf(c.left, 1):
				if !math.IsInf(cl.MonthsLeft, 1) {
					t.Errorf("MonthsLeft %v, want +Inf", cl.MonthsLeft)
				}
			default:
				if math.Abs(cl.MonthsLeft-c.left) > 1e-9 {
					t.Errorf("MonthsLeft %v, want %v", cl.MonthsLeft, c.left)
				}
			}
			for _, k := range c.checks {
				if got := cl.InTime(k.months); got != k.inTime {
					t.Errorf("InTime(%v) = %v, want %v (MonthsLeft %v)", k.months, got, k.inTime, cl.MonthsLeft)
				}
			}
		})
	}
}

func TestIdentifierKind(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"A1234BC", "prison number"},    // letter, 4 digits, 2 letters
		{"2019/0123456X", "PNC number"}, // 4-digit year / 7 digits + letter
		{"19/123456X", "PNC number"},    // 2-digit year form
		{"X123456", "CRN"},              // letter + 6 digits
		{"S01", ""},
		{"P-000123", ""},
		{"12345", ""},
		{" a1234bc ", "prison number"}, // case and space ignored
		{"19/1234567x", "PNC number"},
		{"2019/1X", "PNC number"},
		{"A12345C", ""},        // 5 digits
		{"AB1234C", ""},        // two leading letters
		{"A1234B", ""},         // too short
		{"123/1X", ""},         // 3-digit year
		{"2019/12345678X", ""}, // 8 digits
		{"2019//1X", ""},
		{"2019/X", ""},
		{"X1234567", ""}, // 7 digits
		{"X12345", ""},   // 5 digits
		{"É123456", ""},  // not an ASCII letter
	} {
		t.Run(c.id, func(t *testing.T) {
			if got := model.IdentifierKind(c.id); got != c.want {
				t.Errorf("IdentifierKind(%q) = %q, want %q", c.id, got, c.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	if _, err := model.ParseDate("2024-02-30"); err == nil {
		t.Errorf("ParseDate(2024-02-30): no error, want one (February has no 30th)")
	}
	if _, err := model.ParseDate("2023-02-29"); err == nil {
		t.Errorf("ParseDate(2023-02-29): no error, want one (2023 is not a leap year)")
	}
	got, err := model.ParseDate("2024-02-29")
	if err != nil {
		t.Fatalf("ParseDate(2024-02-29): %v, want the leap day", err)
	}
	if want := model.DateOf(2024, 2, 29); got != want || got.String() != "2024-02-29" {
		t.Errorf("ParseDate(2024-02-29) = %v, want %v", got, want)
	}
}

func TestNeededIdentityMatters(t *testing.T) {
	// programmes.md: Identity Matters is for gang-related offending with
	// "RoSH medium or high; OGRS ≥ 50".
	gang := func(p *model.Profile) { p.Gang = true }
	rosh := func(r model.RoSH) pmod { return func(p *model.Profile) { p.RoSH = model.Some(r) } }
	L := model.LegacySuite
	runNeeded(t, []neededCase{
		{"gang, RoSH medium, OGRS3 60", person(genMod, gang, rosh(model.RoSHMedium)), L, model.ModerateIntensity, []string{"IDENTITY_MATTERS"}, nil, nil},
		{"gang, RoSH high, OGRS3 60", person(genMod, gang, rosh(model.RoSHHigh)), L, model.ModerateIntensity, []string{"IDENTITY_MATTERS"}, nil, nil},
		{"gang, RoSH very high: not listed", person(genMod, gang, rosh(model.RoSHVeryHigh)), L, model.ModerateIntensity, nil, []string{"IDENTITY_MATTERS"}, nil},
		{"gang, RoSH low", person(genMod, gang, rosh(model.RoSHLow)), L, model.ModerateIntensity, nil, []string{"IDENTITY_MATTERS"}, nil},
		{"no gang", person(genMod, rosh(model.RoSHHigh)), L, model.ModerateIntensity, nil, []string{"IDENTITY_MATTERS"}, nil},
		{"gang, RoSH high, OGRS3 30", person(needMed, ogrs(30), ovp(5), rsr(0.5), gang, rosh(model.RoSHHigh)), L, model.NotEligible, nil, []string{"IDENTITY_MATTERS"}, nil},
	})
}

func TestCatalogueLDCRouteChecked(t *testing.T) {
	base := func() []model.Programme {
		return []model.Programme{
			{Code: "MAIN", Name: "Main", Status: model.Current, Suites: []model.Suite{model.LegacySuite},
				Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCExcluded,
				LDCRoute: []string{"ADAPT"}, GroupSize: model.Figure{Value: 12}},
			{Code: "ADAPT", Name: "Adapted", Status: model.Current, Suites: []model.Suite{model.LegacySuite},
				Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCOnly,
				GroupSize: model.Figure{Value: 12}},
		}
	}
	if _, err := model.NewCatalogue("t", base(), model.Rules{}); err != nil {
		t.Fatalf("valid route refused: %v", err)
	}
	for _, c := range []struct {
		name string
		edit func([]model.Programme)
	}{
		{"route on a programme that takes LDC", func(ps []model.Programme) { ps[0].LDC = model.LDCInclusive }},
		{"route to a programme that excludes LDC", func(ps []model.Programme) { ps[1].LDC = model.LDCExcluded }},
		{"route to an unknown code", func(ps []model.Programme) { ps[0].LDCRoute = []string{"NOPE"} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := base()
			c.edit(ps)
			if _, err := model.NewCatalogue("t", ps, model.Rules{}); err == nil {
				t.Error("catalogue accepted")
			}
		})
	}
}

func TestProgrammeAssumed(t *testing.T) {
	cat := defaultCatalogue(t)
	for _, c := range []struct {
		code string
		want []string // must be listed
		not  []string // must not be listed
	}{
		// BSR: its "linked to offending" reading and its LDC rule are not
		// published (programmes.md: "not published").
		{"BSR", []string{"eligibility[1]", "ldc"}, []string{"ldc_route"}},
		// TSP's route names no strand in programmes.md.
		{"TSP", []string{"ldc_route", "duration_weeks"}, []string{"eligibility[1]", "ldc"}},
		// KAIZEN_GV's route is published (LDC → BNM_PLUS_GV).
		{"KAIZEN_GV", []string{"duration_weeks"}, []string{"ldc_route", "eligibility[1]"}},
		{"LNM", []string{"prerequisites"}, nil},
		{"HSP", nil, []string{"prerequisites"}},
	} {
		g, ok := cat.Lookup(c.code)
		if !ok {
			t.Fatalf("no %s", c.code)
		}
		got := g.Assumed()
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: %s not listed as assumed in %v", c.code, w, got)
			}
		}
		for _, w := range c.not {
			if slices.Contains(got, w) {
				t.Errorf("%s: %s listed as assumed in %v", c.code, w, got)
			}
		}
	}
}

// TestIdentifierKindMatchesPatterns checks the hand-written matcher against
// the three regular expressions of data-contract.md §1 on many strings built
// from the characters that matter.
func TestIdentifierKindMatchesPatterns(t *testing.T) {
	prison := regexp.MustCompile(`^[A-Z][0-9]{4}[A-Z]{2}$`)
	pnc := regexp.MustCompile(`^([0-9]{2}|[0-9]{4})/[0-9]{1,7}[A-Z]$`)
	crn := regexp.MustCompile(`^[A-Z][0-9]{6}$`)
	alphabet := []byte("A9z0/ -x")
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		b := make([]byte, 1+r.IntN(14))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
			if r.IntN(3) == 0 {
				b[i] = byte('0' + r.IntN(10))
			}
		}
		s := string(b)
		u := strings.ToUpper(strings.TrimSpace(s))
		want := ""
		switch {
		case prison.MatchString(u):
			want = "prison number"
		case pnc.MatchString(u):
			want = "PNC number"
		case crn.MatchString(u):
			want = "CRN"
		}
		if got := model.IdentifierKind(s); got != want {
			t.Fatalf("IdentifierKind(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestHoldsWords(t *testing.T) {
	for _, c := range []struct {
		h     model.Holds
		sexes []model.Sex
		words string
	}{
		{model.HoldsMen, []model.Sex{model.Male}, "men"},
		{model.HoldsWomen, []model.Sex{model.Female}, "women"},
		{model.HoldsMixed, []model.Sex{model.Male, model.Female}, "men and women"},
	} {
		if got := c.h.Sexes(); !slices.Equal(got, c.sexes) {
			t.Errorf("%s: Sexes() = %v, want %v", c.h, got, c.sexes)
		}
		if got := c.h.Words(); got != c.words {
			t.Errorf("%s: Words() = %q, want %q", c.h, got, c.words)
		}
		for _, s := range []model.Sex{model.Male, model.Female} {
			if c.h.Admits(s) != slices.Contains(c.sexes, s) {
				t.Errorf("%s: Admits(%v) disagrees with Sexes()", c.h, s)
			}
		}
	}
	if got := model.SexesWords(nil); got != "men and women" {
		t.Errorf("SexesWords(nil) = %q, want no restriction", got)
	}
}

func TestFunctionWords(t *testing.T) {
	for _, f := range model.Functions {
		if w := f.Words(); w == "" || strings.Contains(w, "_") {
			t.Errorf("%s: Words() = %q, want words", f, w)
		}
	}
	if got := model.CatCTrainer.Words(); got != "Category C training prison" {
		t.Errorf("CatCTrainer.Words() = %q", got)
	}
	if got := model.Function("new_kind").Words(); got != "new kind" {
		t.Errorf("an unknown function: %q, want its code in words", got)
	}
}

func TestOfferingGroupSizes(t *testing.T) {
	g := &model.Programme{GroupSize: model.Figure{Value: 10}, MinGroupSize: model.Figure{Value: 6}}
	for _, c := range []struct {
		name        string
		o           model.Offering
		size, least int
	}{
		{"catalogue's", model.Offering{}, 10, 6},
		{"offering's own", model.Offering{GroupSize: model.Some(8), MinGroupSize: model.Some(4)}, 8, 4},
		{"minimum above the group size", model.Offering{GroupSize: model.Some(5)}, 5, 5},
		{"at least one", model.Offering{GroupSize: model.Some(0), MinGroupSize: model.Some(0)}, 1, 1},
	} {
		if got := c.o.Group(g); got != c.size {
			t.Errorf("%s: Group = %d, want %d", c.name, got, c.size)
		}
		if got := c.o.MinGroup(g); got != c.least {
			t.Errorf("%s: MinGroup = %d, want %d", c.name, got, c.least)
		}
	}
}
