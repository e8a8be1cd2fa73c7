package model_test

// Tests of the programme plan's rules (issue 15), one table per rule, with
// expected values worked out by hand from data/catalogue.yaml, shared/
// reference/programmes.md and pni.md: one current core programme
// (Catalogue.Plan), family credit (Catalogue.Credits), the risk principle,
// the time rule (Catalogue.TimeNeeded) and unrouted needs (Plan.Unrouted,
// Catalogue.UnroutedReason). Each profile's pathway is checked first, so
// that a failure points at the rule rather than at the set-up.

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"needsplan/model"
)

func saraO(v int) pmod { return func(p *model.Profile) { p.SARAOther = model.Some(int8(v)) } }
func offence(g model.OffenceGroup) pmod {
	return func(p *model.Profile) { p.OffenceGroup = g }
}
func roshOf(r model.RoSH) pmod   { return func(p *model.Profile) { p.RoSH = model.Some(r) } }
func gangFlag(p *model.Profile)  { p.Gang = true }
func extremist(p *model.Profile) { p.Extremism = true }

// releasedAfter sets the earliest release days after asOf.
func releasedAfter(days int) pmod {
	return func(p *model.Profile) { p.EarliestRelease = model.Some(asOf + model.Date(days)) }
}

// familyNames returns the names of the families in s, in routing order.
func familyNames(cat *model.Catalogue, s model.FamilySet) []string {
	var out []string
	for k, f := range cat.Families() {
		if s.Has(k) {
			out = append(out, f.Name)
		}
	}
	return out
}

type planCase struct {
	name     string
	p        *model.Profile
	suite    model.Suite
	pathway  model.Pathway // derived by hand
	now      []string      // exactly the plan's current programmes, in code order
	deferred []string      // exactly its deferred core programmes, in code order
}

func runPlan(t *testing.T, cat *model.Catalogue, cases []planCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, code := range append(slices.Clone(c.now), c.deferred...) {
				if _, ok := cat.Lookup(code); !ok {
					t.Fatalf("test names unknown programme %s", code)
				}
			}
			r := model.ComputePNI(c.p, model.Custody)
			if r.Pathway != c.pathway {
				t.Fatalf("set-up: PNI pathway %v, want %v", r.Pathway, c.pathway)
			}
			pl := cat.Plan(c.p, &r, c.suite)
			if got := cat.Codes(pl.Needed); !slices.Equal(got, c.now) {
				t.Errorf("now %v, want %v", got, c.now)
			}
			if got := cat.Codes(pl.Deferred); !slices.Equal(got, c.deferred) {
				t.Errorf("deferred %v, want %v", got, c.deferred)
			}
		})
	}
}

// TestPlanOneCoreProgramme: at most one current core programme, from the
// first core family in routing order (sexual offending, partner violence,
// violence, general offending); the other core programmes met are
// deferred; add-ons and follow-ons run alongside.
func TestPlanOneCoreProgramme(t *testing.T) {
	cat := defaultCatalogue(t)
	L, BC := model.LegacySuite, model.BuildingChoicesSuite
	// need 3 medium; ogrs3 60 and SARA partner 2 → risk medium → moderate.
	// Violent index offence (person()).
	ipvViolentMod := all(needMed, ogrs(60), ovp(5), rsr(0.5), saraP(2))
	// need 6 high; ogrs3 80 → risk high; override 1 (ogrs3 ≥ 75, ovp 65)
	// → high intensity.
	gvIPVHigh := all(needHigh, ogrs(80), ovp(65), rsr(0.5), saraP(3))
	// soh, need 6 high (sex items 0); osp_dc high, ogrs3 80 → high.
	soGVHigh := all(soh, needHigh, ogrs(80), ovp(65), rsr(0.5), osp(model.OSPHigh, model.OSPNA))
	runPlan(t, cat, []planCase{
		// BBR (sara_partner = 2), RESOLVE (violent, ogrs3 ≥ 50) and TSP
		// (ogrs3 ≥ 50) are met; partner violence routes first.
		{"moderate, OGRS3 60, violent, SARA partner 2: BBR now, RESOLVE and TSP deferred",
			person(ipvViolentMod), L, model.ModerateIntensity, []string{"BBR"}, []string{"RESOLVE", "TSP"}},
		// Building Choices: only BC_MOD_GO (no soh) of the core programmes.
		{"as above, building-choices: BC_MOD_GO alone",
			person(ipvViolentMod), BC, model.ModerateIntensity, []string{"BC_MOD_GO"}, nil},
		// A woman: BBR and RESOLVE are for men; TSP is M or F.
		{"as above, a woman: TSP alone",
			person(ipvViolentMod, woman), L, model.ModerateIntensity, []string{"TSP"}, nil},
		// KAIZEN_GV (ovp ≥ 60) and KAIZEN_IPV (sara_partner 3), both high:
		// partner violence before violence.
		{"high, Kaizen GV and IPV met: KAIZEN_IPV now, KAIZEN_GV deferred",
			person(gvIPVHigh), L, model.HighIntensity, []string{"KAIZEN_IPV"}, []string{"KAIZEN_GV"}},
		// With LDC both Kaizen strands route to Becoming New Me+ (each also
		// met in its own right): the same order.
		{"high, GV and IPV, lds 3: BNM_PLUS_IPV now, BNM_PLUS_GV deferred",
			person(gvIPVHigh, lds(3)), L, model.HighIntensity, []string{"BNM_PLUS_IPV"}, []string{"BNM_PLUS_GV"}},
		// Sexual offending routes first of all.
		{"high, soh OSP high and OVP 65: KAIZEN_SO now, KAIZEN_GV deferred",
			person(soGVHigh), L, model.HighIntensity, []string{"KAIZEN_SO"}, []string{"KAIZEN_GV"}},
		// BC_HIGH_GO is for no soh (or women): BC_HIGH_SO alone.
		{"as above, building-choices: BC_HIGH_SO alone",
			person(soGVHigh), BC, model.HighIntensity, []string{"BC_HIGH_SO"}, nil},
		// Add-ons run alongside: BSR (drugs 2, risk medium) and COVAID
		// (ogrs3 60 in 35–75, violent offence, alcohol 4).
		{"moderate, violent, drugs and alcohol need: RESOLVE with BSR and COVAID, TSP deferred",
			person(genMod, score(model.DrugMisuse, 2), score(model.AlcoholMisuse, 4)), L, model.ModerateIntensity,
			[]string{"BSR", "COVAID", "RESOLVE"}, []string{"TSP"}},
		// Identity Matters: gang, RoSH medium, ogrs3 ≥ 50; an add-on.
		{"moderate, violent, gang, RoSH medium: RESOLVE with IDENTITY_MATTERS, TSP deferred",
			person(genMod, gangFlag, roshOf(model.RoSHMedium)), L, model.ModerateIntensity,
			[]string{"IDENTITY_MATTERS", "RESOLVE"}, []string{"TSP"}},
		// Follow-ons are not core: KAIZEN_SO completed credits HORIZON (same
		// family, lower rank); HSP (soh, OSP medium) and LNM (risk medium)
		// follow it, both current.
		{"moderate soh OSP medium, KAIZEN_SO completed: HSP and LNM, no core",
			person(soMod, done("KAIZEN_SO")), L, model.ModerateIntensity, []string{"HSP", "LNM"}, nil},
		// LDC: NMS_IPV (ldc: only) and BBR (inclusive), both partner
		// violence at rank 1: the adapted one first.
		{"moderate IPV, lds 3: NMS_IPV now, BBR deferred",
			person(ipvMod, lds(3)), L, model.ModerateIntensity, []string{"NMS_IPV"}, []string{"BBR"}},
		{"moderate IPV, lds 0: BBR alone",
			person(ipvMod, lds(0)), L, model.ModerateIntensity, []string{"BBR"}, nil},
		// Not eligible: no pathway-bound programme, nothing deferred.
		{"not eligible: nothing",
			person(notElig), L, model.NotEligible, nil, nil},
	})
}

// TestPlanOneCoreOrder checks each step of the order on a small catalogue
// whose programmes are switched on one by one (programme X is met when its
// item is answered 1): family routing order, then higher rank (an explicit
// rank over the one from intensity), then for a person with LDC an adapted
// (ldc: only) programme before an inclusive one, then code order.
func TestPlanOneCoreOrder(t *testing.T) {
	type spec struct {
		code, family string
		in           model.Intensity
		rank         int
		ldc          model.LDCRule
		item         model.Item
	}
	specs := []spec{
		{"A_ALT", "a", model.IntensityModerate, 0, model.LDCInclusive, model.Q6_1},
		{"A_HIGH", "a", model.IntensityHigh, 0, model.LDCInclusive, model.Q6_6},
		{"A_LOW", "a", model.IntensityModerate, 0, model.LDCInclusive, model.Q6_12},
		{"A_RANKED", "a", model.IntensityModerate, 3, model.LDCInclusive, model.Q7_3},
		{"A_ZADAPT", "a", model.IntensityModerate, 0, model.LDCOnly, model.Q10_1},
		{"B_TOP", "b", model.IntensityHigh, 0, model.LDCInclusive, model.Q11_2},
		{"ADD_ON", "add", model.IntensityModerate, 0, model.LDCInclusive, model.Q11_3},
	}
	var ps []model.Programme
	for _, s := range specs {
		ps = append(ps, model.Programme{Code: s.code, Name: s.code, Status: model.Current,
			Suites: []model.Suite{model.LegacySuite}, Intensity: s.in, Rank: s.rank, Format: model.GroupFormat,
			LDC: s.ldc, Family: s.family, Eligibility: []model.Criterion{{Field: s.item.Column(), Op: "=", Values: []string{"1"}}}})
	}
	fam := func(name string, role model.Role) model.Family { return model.Family{Name: name, Role: role} }
	ab, err := model.NewCatalogue("t", ps, model.Rules{Families: []model.Family{
		fam("a", model.CoreRole), fam("b", model.CoreRole), fam("add", model.AddOnRole)}})
	if err != nil {
		t.Fatal(err)
	}
	ba, err := model.NewCatalogue("t", ps, model.Rules{Families: []model.Family{
		fam("b", model.CoreRole), fam("a", model.CoreRole), fam("add", model.AddOnRole)}})
	if err != nil {
		t.Fatal(err)
	}
	met := func(ldc bool, codes ...string) *model.Profile {
		p := person()
		for _, s := range specs {
			if slices.Contains(codes, s.code) {
				p.Items[s.item] = model.Some[int8](1)
			}
		}
		if ldc {
			p.LDS = model.Some[int32](3)
		}
		return p
	}
	for _, c := range []struct {
		name     string
		cat      *model.Catalogue
		p        *model.Profile
		now, def []string
	}{
		{"family a routes before b, whatever the rank", ab, met(false, "A_LOW", "B_TOP"), []string{"A_LOW"}, []string{"B_TOP"}},
		{"families in the other order: b first", ba, met(false, "A_LOW", "B_TOP"), []string{"B_TOP"}, []string{"A_LOW"}},
		{"same family: higher rank (high 2 over moderate 1)", ab, met(false, "A_LOW", "A_HIGH"), []string{"A_HIGH"}, []string{"A_LOW"}},
		{"explicit rank 3 over high's 2", ab, met(false, "A_RANKED", "A_HIGH"), []string{"A_RANKED"}, []string{"A_HIGH"}},
		{"LDC: adapted before inclusive at the same rank, despite code order", ab, met(true, "A_LOW", "A_ZADAPT"), []string{"A_ZADAPT"}, []string{"A_LOW"}},
		{"LDC: rank before adaptation", ab, met(true, "A_HIGH", "A_ZADAPT"), []string{"A_HIGH"}, []string{"A_ZADAPT"}},
		{"LDC, both inclusive: code order", ab, met(true, "A_LOW", "A_ALT"), []string{"A_ALT"}, []string{"A_LOW"}},
		{"no LDC: code order", ab, met(false, "A_LOW", "A_ALT"), []string{"A_ALT"}, []string{"A_LOW"}},
		{"add-on alongside the core programme", ab, met(false, "ADD_ON", "A_LOW", "B_TOP"), []string{"ADD_ON", "A_LOW"}, []string{"B_TOP"}},
		{"one core programme: nothing deferred", ab, met(false, "B_TOP"), []string{"B_TOP"}, nil},
		{"nothing met", ab, met(false), nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var r model.PNI
			pl := c.cat.Plan(c.p, &r, model.LegacySuite)
			if got := c.cat.Codes(pl.Needed); !slices.Equal(got, c.now) {
				t.Errorf("now %v, want %v", got, c.now)
			}
			if got := c.cat.Codes(pl.Deferred); !slices.Equal(got, c.def) {
				t.Errorf("deferred %v, want %v", got, c.def)
			}
		})
	}
}

// TestFamilyCredit: completing a programme credits every programme of its
// family and of the families its family covers at the same or a lower rank
// (rank from intensity: high and high_moderate 2, moderate 1), plus what
// replaced_by gives. Families (catalogue.yaml): sexual offending covers
// partner violence, violence and general offending; those three cover each
// other; add-ons and follow-ons cover nothing.
func TestFamilyCredit(t *testing.T) {
	cat := defaultCatalogue(t)
	for _, c := range []struct {
		name        string
		completed   []string
		credited    []string
		notCredited []string
	}{
		{"KAIZEN_SO (sexual, rank 2): the sexual family and the covered violence and general families up to rank 2, not partner violence",
			[]string{"KAIZEN_SO"},
			[]string{"KAIZEN_SO", "HORIZON", "BC_MOD_SO", "NMS_SO", "BNM_PLUS_SO", "BC_HIGH_SO", "KAIZEN_GV", "TSP", "RESOLVE", "BC_HIGH_GO", "BC_MOD_GO"},
			[]string{"KAIZEN_IPV", "BBR", "NMS_IPV", "HSP", "LNM", "BSR", "COVAID", "IDENTITY_MATTERS", "HII"}},
		{"HORIZON (sexual, moderate: rank 1): not KAIZEN_SO or any rank 2, not partner violence",
			[]string{"HORIZON"},
			[]string{"HORIZON", "NMS_SO", "BC_MOD_SO", "TSP", "RESOLVE", "NMS_GV", "BC_MOD_GO"},
			[]string{"KAIZEN_SO", "BNM_PLUS_SO", "BC_HIGH_SO", "KAIZEN_GV", "KAIZEN_IPV", "BC_HIGH_GO", "HSP", "BBR", "NMS_IPV"}},
		{"SOTP (legacy, high_moderate: rank 2): neither Kaizen SO nor Horizon",
			[]string{"SOTP"},
			[]string{"KAIZEN_SO", "HORIZON", "BNM_PLUS_SO", "NMS_SO", "BC_HIGH_SO", "BC_MOD_SO", "KAIZEN_GV", "TSP"},
			[]string{"HSP", "LNM", "BSR"}},
		{"IHORIZON (withdrawn, sexual rank 1): Horizon by family, not Kaizen",
			[]string{"IHORIZON"},
			[]string{"HORIZON", "NMS_SO", "BC_MOD_SO", "TSP"},
			[]string{"KAIZEN_SO", "BC_HIGH_SO"}},
		{"TSP (general, rank 1): not RESOLVE (covered), but BBR still (partner violence is its own need); not Kaizen or sexual",
			[]string{"TSP"},
			[]string{"TSP", "BC_MOD_GO", "RESOLVE", "NMS_GV"},
			[]string{"BBR", "NMS_IPV", "KAIZEN_GV", "KAIZEN_IPV", "BNM_PLUS_GV", "BC_HIGH_GO", "HORIZON", "NMS_SO", "BC_MOD_SO", "KAIZEN_SO", "LNM", "BSR"}},
		{"RESOLVE (violence, rank 1): not TSP; BBR still",
			[]string{"RESOLVE"},
			[]string{"RESOLVE", "TSP", "BC_MOD_GO", "NMS_GV"},
			[]string{"BBR", "NMS_IPV", "KAIZEN_GV", "BC_HIGH_GO", "HORIZON", "BC_MOD_SO"}},
		{"BBR (partner violence, rank 1): not Kaizen IPV",
			[]string{"BBR"},
			[]string{"BBR", "NMS_IPV", "RESOLVE", "NMS_GV", "TSP", "BC_MOD_GO"},
			[]string{"KAIZEN_IPV", "BNM_PLUS_IPV", "KAIZEN_GV", "HORIZON"}},
		{"KAIZEN_GV (violence, rank 2): general up to rank 2; not partner violence or sexual",
			[]string{"KAIZEN_GV"},
			[]string{"KAIZEN_GV", "BNM_PLUS_GV", "NMS_GV", "RESOLVE", "TSP", "BC_HIGH_GO", "BC_MOD_GO"},
			[]string{"KAIZEN_IPV", "BNM_PLUS_IPV", "BBR", "NMS_IPV", "KAIZEN_SO", "HORIZON", "BC_MOD_SO", "BC_HIGH_SO", "LNM"}},
		{"BC_MOD_GO (general, rank 1): not BC_HIGH_GO",
			[]string{"BC_MOD_GO"},
			[]string{"BC_MOD_GO", "TSP", "RESOLVE", "BBR", "NMS_GV", "NMS_IPV"},
			[]string{"BC_HIGH_GO", "BC_MOD_SO", "KAIZEN_GV"}},
		{"BSR (an add-on): itself only",
			[]string{"BSR"},
			[]string{"BSR"},
			[]string{"TSP", "RESOLVE", "COVAID", "BC_MOD_GO"}},
		{"PASRO: BSR by replaced_by and family",
			[]string{"PASRO"}, []string{"BSR"}, []string{"TSP"}},
		{"ARV: COVAID",
			[]string{"ARV"}, []string{"COVAID"}, []string{"RESOLVE", "BSR"}},
		{"HSP (a follow-on): nothing else",
			[]string{"HSP"}, []string{"HSP"}, []string{"LNM", "KAIZEN_SO", "HORIZON"}},
		{"an unknown code: nothing",
			[]string{"NOPE"}, nil, []string{"TSP", "KAIZEN_SO", "BSR"}},
		{"two completions: the union",
			[]string{"HORIZON", "BSR"}, []string{"HORIZON", "BSR", "TSP"}, []string{"KAIZEN_SO", "COVAID"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := cat.Credits(c.completed)
			for _, list := range [][]string{c.credited, c.notCredited} {
				for _, code := range list {
					i, ok := cat.Index(code)
					if !ok {
						t.Fatalf("test names unknown programme %s", code)
					}
					if want := slices.Contains(c.credited, code); got.Has(i) != want {
						t.Errorf("%s credited %v, want %v (credited: %v)", code, got.Has(i), want, cat.Codes(got))
					}
				}
			}
		})
	}
}

// TestFamilyRank: a programme's rank defaults from its intensity (high and
// high_moderate 2, moderate 1); core families hold the offending-behaviour
// programmes, add-ons and follow-ons are not core.
func TestFamilyRank(t *testing.T) {
	cat := defaultCatalogue(t)
	for _, c := range []struct {
		code, family string
		rank         int
		core         bool
	}{
		{"KAIZEN_SO", "sexual_offending", 2, true},
		{"HORIZON", "sexual_offending", 1, true},
		{"SOTP", "sexual_offending", 2, true}, // high_moderate
		{"TSP", "general_offending", 1, true},
		{"BC_HIGH_GO", "general_offending", 2, true},
		{"RESOLVE", "violence", 1, true},
		{"KAIZEN_IPV", "partner_violence", 2, true},
		{"BSR", "substance_misuse", 1, false},
		{"COVAID", "alcohol_violence", 1, false},
		{"IDENTITY_MATTERS", "gang", 1, false},
		{"HII", "extremism", 2, false},
		{"HSP", "sexual_follow_on", 2, false}, // high_moderate
		{"LNM", "follow_on", 2, false},
	} {
		i, ok := cat.Index(c.code)
		if !ok {
			t.Fatalf("no %s", c.code)
		}
		f := cat.Family(i)
		if f < 0 || cat.Families()[f].Name != c.family {
			t.Errorf("%s: family %d, want %s", c.code, f, c.family)
		}
		if cat.Rank(i) != c.rank {
			t.Errorf("%s: rank %d, want %d", c.code, cat.Rank(i), c.rank)
		}
		if cat.IsCore(i) != c.core {
			t.Errorf("%s: core %v, want %v", c.code, cat.IsCore(i), c.core)
		}
	}
}

// TestPlanFamilyCredit: the credit rule seen in plans.
func TestPlanFamilyCredit(t *testing.T) {
	cat := defaultCatalogue(t)
	L, BC := model.LegacySuite, model.BuildingChoicesSuite
	runPlan(t, cat, []planCase{
		// soMod meets HORIZON (legacy), NMS_SO with LDC, BC_MOD_SO (BC).
		{"soh moderate: HORIZON", person(soMod), L, model.ModerateIntensity, []string{"HORIZON"}, nil},
		{"soh moderate, KAIZEN_SO completed: no HORIZON; HSP and LNM follow",
			person(soMod, done("KAIZEN_SO")), L, model.ModerateIntensity, []string{"HSP", "LNM"}, nil},
		{"soh moderate, lds 3, KAIZEN_SO completed: no NMS_SO",
			person(soMod, lds(3), done("KAIZEN_SO")), L, model.ModerateIntensity, []string{"HSP", "LNM"}, nil},
		{"soh moderate, KAIZEN_SO completed, building-choices: no BC_MOD_SO",
			person(soMod, done("KAIZEN_SO")), BC, model.ModerateIntensity, nil, nil},
		// genMod (violent offence, ogrs3 60): RESOLVE now, TSP deferred
		// without completions.
		{"violent moderate, TSP completed: not RESOLVE either",
			person(genMod, done("TSP")), L, model.ModerateIntensity, nil, nil},
		{"violent moderate, RESOLVE completed: not TSP either",
			person(genMod, done("RESOLVE")), L, model.ModerateIntensity, nil, nil},
		// soHigh meets KAIZEN_SO; HORIZON (rank 1) does not credit it; HSP
		// and LNM follow Horizon (OSP high, risk high).
		{"soh high, HORIZON (moderate) completed: still KAIZEN_SO",
			person(soHigh, done("HORIZON")), L, model.HighIntensity, []string{"HSP", "KAIZEN_SO", "LNM"}, nil},
		{"soh high, lds 3, HORIZON completed: still BNM_PLUS_SO",
			person(soHigh, lds(3), done("HORIZON")), L, model.HighIntensity, []string{"BNM_PLUS_SO", "HSP", "LNM"}, nil},
		{"soh high, HORIZON completed, building-choices: still BC_HIGH_SO",
			person(soHigh, done("HORIZON")), BC, model.HighIntensity, []string{"BC_HIGH_SO"}, nil},
		{"soh high, SOTP completed: neither KAIZEN_SO nor HORIZON; HSP and LNM follow",
			person(soHigh, done("SOTP")), L, model.HighIntensity, []string{"HSP", "LNM"}, nil},
		{"GV high, TSP (rank 1) completed: still KAIZEN_GV",
			person(gvHigh, done("TSP")), L, model.HighIntensity, []string{"KAIZEN_GV"}, nil},
		{"IPV high, BBR (rank 1) completed: still KAIZEN_IPV",
			person(ipvHigh, done("BBR")), L, model.HighIntensity, []string{"KAIZEN_IPV"}, nil},
		// need 3, ogrs3 60, SARA 2: BBR, RESOLVE, TSP met; KAIZEN_GV (rank
		// 2, violence) credits RESOLVE and TSP, not BBR (violence does not
		// cover partner violence); LNM follows Kaizen (risk medium).
		{"violent IPV moderate, KAIZEN_GV completed: BBR still, no RESOLVE or TSP; LNM follows",
			person(needMed, ogrs(60), ovp(5), rsr(0.5), saraP(2), done("KAIZEN_GV")), L, model.ModerateIntensity, []string{"BBR", "LNM"}, nil},
	})
}

// TestPlanFollowOnPrerequisites: a follow-on needs one of its
// prerequisites completed, or a programme that counts as one by
// replaced_by ("A completed code counts for what replaced it",
// programmes.md); family credit spares a programme but does not count as
// having done it, so TSP, RESOLVE or BBR (which credit New Me Strengths by
// family) do not open Living as New Me.
func TestPlanFollowOnPrerequisites(t *testing.T) {
	cat := defaultCatalogue(t)
	L := model.LegacySuite
	runPlan(t, cat, []planCase{
		// genMod: risk medium (LNM's programme_risk); RESOLVE and TSP met.
		{"TSP completed: credits NMS_GV by family, but no LNM",
			person(genMod, done("TSP")), L, model.ModerateIntensity, nil, nil},
		{"RESOLVE completed: no LNM",
			person(genMod, done("RESOLVE")), L, model.ModerateIntensity, nil, nil},
		{"BC_MOD_GO completed: no LNM",
			person(genMod, done("BC_MOD_GO")), L, model.ModerateIntensity, nil, nil},
		{"BBR completed (credits NMS_IPV): no LNM",
			person(ipvMod, done("BBR")), L, model.ModerateIntensity, nil, nil},
		{"NMS_GV completed: LNM (a prerequisite)",
			person(genMod, done("NMS_GV")), L, model.ModerateIntensity, []string{"LNM"}, nil},
		// CSCP was replaced by KAIZEN_GV: it counts as Kaizen, a
		// prerequisite; as a rank-2 violence programme it credits RESOLVE
		// and TSP.
		{"CSCP completed: counts as KAIZEN_GV, LNM",
			person(genMod, done("CSCP")), L, model.ModerateIntensity, []string{"LNM"}, nil},
		// soMod: soh, OSP medium, risk medium: HORIZON met.
		{"IHORIZON completed: credits HORIZON by family, but no HSP or LNM",
			person(soMod, done("IHORIZON")), L, model.ModerateIntensity, nil, nil},
		{"SOTP completed: counts as KAIZEN_SO and HORIZON, HSP and LNM",
			person(soMod, done("SOTP")), L, model.ModerateIntensity, []string{"HSP", "LNM"}, nil},
	})
}

// TestPlanRiskPrinciple: BSR (moderate intensity, not pathway-bound) needs
// programme risk medium or high (an assumption: no threshold is
// published); HII, with no risk criterion, states its risk rule instead.
func TestPlanRiskPrinciple(t *testing.T) {
	cat := defaultCatalogue(t)
	bsr, _ := cat.Index("BSR")
	hii, _ := cat.Index("HII")
	drugs := score(model.DrugMisuse, 2)
	for _, c := range []struct {
		name string
		p    *model.Profile
		risk model.Level // pni.md §2, by hand
		want bool
	}{
		// OSPs missing for a person without soh count as na, so RSR counts.
		{"ogrs3 30, ovp 5, rsr 0.5: risk low, no BSR", person(needLow, ogrs(30), ovp(5), rsr(0.5), drugs), model.LevelLow, false},
		{"ogrs3 49.9: risk low, no BSR", person(needLow, ogrs(49.9), ovp(5), rsr(0.5), drugs), model.LevelLow, false},
		{"ogrs3 50: risk medium, BSR", person(needLow, ogrs(50), ovp(5), rsr(0.5), drugs), model.LevelMedium, true},
		{"ovp 30: risk medium, BSR", person(needLow, ogrs(30), ovp(30), rsr(0.5), drugs), model.LevelMedium, true},
		{"rsr 1 with OSPs na: risk medium, BSR", person(needLow, ogrs(30), ovp(5), rsr(1), drugs), model.LevelMedium, true},
		{"sara_other 2: risk medium, BSR", person(needLow, ogrs(30), ovp(5), rsr(0.5), saraO(2), drugs), model.LevelMedium, true},
		{"ogrs3 80: risk high, BSR", person(needLow, ogrs(80), ovp(5), rsr(0.5), drugs), model.LevelHigh, true},
		{"alcohol 4, risk medium: BSR", person(needLow, ogrs(60), ovp(5), rsr(0.5), score(model.AlcoholMisuse, 4)), model.LevelMedium, true},
		{"risk medium, no drugs or alcohol need: no BSR", person(needLow, ogrs(60), ovp(5), rsr(0.5), score(model.DrugMisuse, 1)), model.LevelMedium, false},
	} {
		for _, s := range []model.Suite{model.LegacySuite, model.BuildingChoicesSuite} {
			t.Run(c.name+" ("+string(s)+")", func(t *testing.T) {
				r := model.ComputePNI(c.p, model.Custody)
				if r.Risk != c.risk {
					t.Fatalf("set-up: risk %v, want %v", r.Risk, c.risk)
				}
				needed := cat.Needed(c.p, &r, s)
				if got := needed.Has(bsr); got != c.want {
					t.Errorf("BSR needed %v, want %v", got, c.want)
				}
			})
		}
	}
	g := cat.At(bsr)
	if got := g.Assumed(); !slices.Contains(got, "eligibility[2]") {
		t.Errorf("BSR's risk criterion is not marked as an assumption: %v", got)
	}
	if h := cat.At(hii); h.RiskNote == "" || !h.RiskAssumed {
		t.Errorf("HII: risk_principle note %q, assumption %v; want a note marked as an assumption", h.RiskNote, h.RiskAssumed)
	}
	// HII's risk rule is the specialist assessment the extremism flag
	// stands for: at programme risk low it still applies.
	p := person(needLow, ogrs(10), ovp(5), rsr(0.5), extremist)
	r := model.ComputePNI(p, model.Custody)
	needed := cat.Needed(p, &r, model.LegacySuite)
	if r.Risk != model.LevelLow || !needed.Has(hii) {
		t.Errorf("extremism at risk %v: HII needed %v, want risk low and HII", r.Risk, needed.Has(hii))
	}
}

// riskFields are the criterion fields that measure risk (pni.md §2 and
// RoSH).
var riskFields = []string{"programme_risk", "ogrs3", "ovp", "rsr", "osp_dc", "osp_iic", "sara_partner", "sara_other", "rosh"}

func hasRiskCriterion(cs []model.Criterion) bool {
	for _, c := range cs {
		if slices.Contains(riskFields, c.Field) || hasRiskCriterion(c.Any) {
			return true
		}
	}
	return false
}

// TestCatalogueRiskPrinciple: every current programme of the embedded
// catalogue that is not pathway-bound has a risk criterion or states its
// risk principle (catalogue.yaml's header), so that nobody at low risk is
// sent to a programme by need alone without a stated reason.
func TestCatalogueRiskPrinciple(t *testing.T) {
	cat := defaultCatalogue(t)
	n := 0
	for i := range cat.Len() {
		g := cat.At(i)
		if g.Status != model.Current || g.PathwayBound {
			continue
		}
		n++
		if !hasRiskCriterion(g.Eligibility) && g.RiskNote == "" {
			t.Errorf("%s: not pathway-bound, no risk criterion and no risk_principle", g.Code)
		}
	}
	// BSR, COVAID, IDENTITY_MATTERS, HII, HSP, LNM.
	if n != 6 {
		t.Errorf("%d current programmes not pathway-bound, want 6", n)
	}
}

// TestTimeNeeded: the time a person needs left to start a programme in
// time is its duration (weeks × 7 / 30.436875 months) plus the
// consolidation window (6 months, an assumption), or its published
// months_needed where that is longer. An assumed months_needed never
// lengthens it. ShortMonthsNeeded flags a months_needed (published or not)
// shorter than duration plus consolidation.
func TestTimeNeeded(t *testing.T) {
	cat := defaultCatalogue(t)
	if c := cat.Consolidation(); c.Value != 6 || !c.Assumption {
		t.Fatalf("consolidation %+v, want 6 months marked as an assumption", c)
	}
	const month = 30.436875 // days
	for _, c := range []struct {
		code  string
		want  float64
		short bool
	}{
		// 10 weeks: 70/30.436875 = 2.2998 + 6 = 8.2998; months_needed 6
		// (assumed) is shorter.
		{"BSR", 10*7/month + 6, true},
		// 8 weeks: 56/30.436875 = 1.8399 + 6 = 7.8399 beats the published 6.
		{"TSP", 8*7/month + 6, true},
		// 24 weeks: 11.5196 beats the published 6.
		{"KAIZEN_GV", 24*7/month + 6, true},
		// 40 weeks: 9.1994 + 6 = 15.1994 beats the published 12.
		{"BNM_PLUS_GV", 40*7/month + 6, true},
		// ~4 weeks: 0.9199 + 6 = 6.9199; published months_needed 1.
		{"COVAID", 4*7/month + 6, true},
		// 12 weeks: 8.7598; published 3.
		{"IDENTITY_MATTERS", 12*7/month + 6, true},
		// 12 weeks; assumed 4.
		{"BC_MOD_GO", 12*7/month + 6, true},
		// A legacy programme has no duration and no months_needed: the
		// consolidation window alone, nothing to flag.
		{"SOTP", 6, false},
	} {
		t.Run(c.code, func(t *testing.T) {
			i, ok := cat.Index(c.code)
			if !ok {
				t.Fatalf("no %s", c.code)
			}
			if got := cat.TimeNeeded(i); math.Abs(got-c.want) > 1e-9 {
				t.Errorf("TimeNeeded %v, want %v", got, c.want)
			}
			if got := cat.ShortMonthsNeeded(i); got != c.short {
				t.Errorf("ShortMonthsNeeded %v, want %v", got, c.short)
			}
		})
	}
	// The hand figures, to two places.
	for _, c := range []struct {
		code string
		want float64
	}{{"BSR", 8.30}, {"TSP", 7.84}, {"BNM_PLUS_GV", 15.20}} {
		i, _ := cat.Index(c.code)
		if got := math.Round(cat.TimeNeeded(i)*100) / 100; got != c.want {
			t.Errorf("%s: TimeNeeded %.2f, want %.2f", c.code, got, c.want)
		}
	}
}

// TestTimeNeededCustom: the published-longer and assumed-longer cases,
// which the embedded catalogue lacks, and the consolidation's range.
func TestTimeNeededCustom(t *testing.T) {
	prog := func(code string, weeks float64, months model.Figure) model.Programme {
		return model.Programme{Code: code, Name: code, Status: model.Current, Suites: []model.Suite{model.LegacySuite},
			Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive,
			DurationWeeks: model.Figure{Value: weeks}, MonthsNeeded: months}
	}
	ps := []model.Programme{
		prog("LONG_PUB", 4, model.Figure{Value: 12}),
		prog("LONG_ASSUMED", 4, model.Figure{Value: 12, Assumption: true}),
		prog("NONE", 4, model.Figure{}),
		prog("SHORT_PUB", 4, model.Figure{Value: 3}),
	}
	four := 28 / 30.436875 // 4 weeks in months: 0.9199
	for _, c := range []struct {
		consolidation float64
		code          string
		want          float64
		short         bool
	}{
		{6, "LONG_PUB", 12, false},               // published 12 > 6.92
		{6, "LONG_ASSUMED", four + 6, false},     // assumed 12 does not count
		{6, "NONE", four + 6, false},             // nothing to flag
		{6, "SHORT_PUB", four + 6, true},         // 3 < 6.92
		{0, "SHORT_PUB", 3, false},               // no consolidation: 3 > 0.92
		{0, "NONE", four, false},                 // the duration alone
		{2.5, "SHORT_PUB", four + 2.5, true},     // 3 < 3.42
		{1.5, "LONG_ASSUMED", four + 1.5, false}, // assumed 12 > 2.42 still does not count
	} {
		t.Run(fmt.Sprintf("%s, consolidation %v", c.code, c.consolidation), func(t *testing.T) {
			cat, err := model.NewCatalogue("t", ps, model.Rules{Consolidation: model.Figure{Value: c.consolidation}})
			if err != nil {
				t.Fatal(err)
			}
			i, _ := cat.Index(c.code)
			if got := cat.TimeNeeded(i); math.Abs(got-c.want) > 1e-9 {
				t.Errorf("TimeNeeded %v, want %v", got, c.want)
			}
			if got := cat.ShortMonthsNeeded(i); got != c.short {
				t.Errorf("ShortMonthsNeeded %v, want %v", got, c.short)
			}
		})
	}
	for _, v := range []float64{-1, 121, math.NaN()} {
		if _, err := model.NewCatalogue("t", ps, model.Rules{Consolidation: model.Figure{Value: v}}); err == nil ||
			!strings.Contains(err.Error(), "consolidation") {
			t.Errorf("consolidation %v: error %v, want one naming the consolidation", v, err)
		}
	}
}

// TestTimeNeededInTime: a person can start a programme in time while their
// months left are at least its time needed. In days from asOf: BSR needs
// 70 + 6 × 30.436875 = 252.62 days, TSP 56 + 182.62 = 238.62 days.
func TestTimeNeededInTime(t *testing.T) {
	cat := defaultCatalogue(t)
	for _, c := range []struct {
		code string
		days int
		want bool
	}{
		{"BSR", 252, false},
		{"BSR", 253, true},
		{"TSP", 238, false},
		{"TSP", 239, true},
		// Six published months (182.62 days) and a day are no longer
		// enough for TSP: 8 weeks and 6 months to consolidate.
		{"TSP", 183, false},
		{"KAIZEN_GV", 350, false}, // 168 + 182.62 = 350.62
		{"KAIZEN_GV", 351, true},
	} {
		t.Run(fmt.Sprintf("%s, release in %d days", c.code, c.days), func(t *testing.T) {
			i, _ := cat.Index(c.code)
			cl := model.Classify(person(releasedAfter(c.days)), cat, model.LegacySuite, asOf)
			if got := cl.InTime(cat.TimeNeeded(i)); got != c.want {
				t.Errorf("InTime %v, want %v (months left %v, needed %v)", got, c.want, cl.MonthsLeft, cat.TimeNeeded(i))
			}
			if slack := cl.Slack(cat, i); (slack >= 0) != c.want {
				t.Errorf("Slack %v disagrees with InTime %v", slack, c.want)
			}
		})
	}
	// Exactly at the boundary: in time; the next float below: not.
	for _, code := range []string{"BSR", "TSP"} {
		i, _ := cat.Index(code)
		need := cat.TimeNeeded(i)
		at := model.Classification{MonthsLeft: need}
		below := model.Classification{MonthsLeft: math.Nextafter(need, 0)}
		if !at.InTime(need) || below.InTime(need) || at.Slack(cat, i) != 0 {
			t.Errorf("%s: at %v in time %v (slack %v), just below in time %v; want true, 0, false",
				code, need, at.InTime(need), at.Slack(cat, i), below.InTime(need))
		}
	}
}

type unroutedCase struct {
	name     string
	p        *model.Profile
	suite    model.Suite
	pathway  model.Pathway
	now      []string          // the plan's current programmes
	unrouted []string          // exactly the unrouted families, in routing order
	reasons  map[string]string // family → UnroutedReason, exactly
}

func runUnrouted(t *testing.T, cat *model.Catalogue, cases []unroutedCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := model.ComputePNI(c.p, model.Custody)
			if r.Pathway != c.pathway {
				t.Fatalf("set-up: PNI pathway %v, want %v", r.Pathway, c.pathway)
			}
			pl := cat.Plan(c.p, &r, c.suite)
			if got := cat.Codes(pl.Needed); !slices.Equal(got, c.now) {
				t.Errorf("now %v, want %v", got, c.now)
			}
			if got := familyNames(cat, pl.Unrouted); !slices.Equal(got, c.unrouted) {
				t.Errorf("unrouted %v, want %v", got, c.unrouted)
			}
			if cl := model.Classify(c.p, cat, c.suite, asOf); cl.Unrouted != pl.Unrouted || cl.Deferred != pl.Deferred {
				t.Errorf("Classify's plan differs from Catalogue.Plan")
			}
			for name, want := range c.reasons {
				k, ok := cat.FamilyIndex(name)
				if !ok {
					t.Fatalf("test names unknown family %s", name)
				}
				if got := cat.UnroutedReason(c.p, &r, c.suite, k); got != want {
					t.Errorf("%s: reason\n %q, want\n %q", name, got, want)
				}
			}
		})
	}
}

// TestPlanUnrouted: a family whose need criteria a person meets, with no
// current or deferred programme of it or of a family covering it, and no
// completion crediting it (for a high-pathway person at the family's top
// rank), is listed with the first rule each of its programmes fails.
func TestPlanUnrouted(t *testing.T) {
	cat := defaultCatalogue(t)
	L, BC := model.LegacySuite, model.BuildingChoicesSuite
	// need 3 medium; sara_partner 3 → risk high; ogrs3 10 < 75, so no
	// override 1: moderate. Violent index offence.
	ipv3Mod := all(needMed, ogrs(10), ovp(5), rsr(0.5), saraP(3))
	// soh, sexual offence, need 6 high; ogrs3 80 → risk high → high;
	// osp_dc medium: the sexual offending need (OSP medium+) but not
	// KAIZEN_SO's OSP high.
	soMedHigh := all(soh, offence(model.Sexual), needHigh, ogrs(80), rsr(0.5), osp(model.OSPMedium, model.OSPNA))
	pvReason := "no programme fits (BBR: needs sara_partner = 2; BNM_PLUS_IPV: for people with LDC only; " +
		"KAIZEN_IPV: high pathway only (theirs: moderate); NMS_IPV: for people with LDC only)"
	soReason := "no programme fits (BNM_PLUS_SO: for people with LDC only; HORIZON: moderate pathway only (theirs: high); " +
		"KAIZEN_SO: needs any of (osp_dc in high, very_high; osp_iic = high); NMS_SO: for people with LDC only)"
	runUnrouted(t, cat, []unroutedCase{
		// BBR needs SARA 2, Kaizen IPV high intensity; RESOLVE and TSP need
		// ogrs3 ≥ 50: nothing covers partner violence, violence (violent
		// offence) or general offending.
		{"moderate, SARA partner 3, OGRS3 10, legacy: partner violence, violence and general offending unrouted",
			person(ipv3Mod), L, model.ModerateIntensity, nil,
			[]string{"partner_violence", "violence", "general_offending"},
			map[string]string{
				"partner_violence": pvReason,
				"violence": "no programme fits (BNM_PLUS_GV: for people with LDC only; KAIZEN_GV: high pathway only (theirs: moderate); " +
					"NMS_GV: for people with LDC only; RESOLVE: needs ogrs3 >= 50)",
				"general_offending": "no programme fits (TSP: needs ogrs3 >= 50)",
			}},
		// With ogrs3 60 RESOLVE is current (TSP deferred): it serves
		// violence and general offending, not partner violence, which no
		// programme fits.
		{"as above, OGRS3 60: RESOLVE now, partner violence still unrouted",
			person(ipv3Mod, ogrs(60)), L, model.ModerateIntensity, []string{"RESOLVE"}, []string{"partner_violence"},
			map[string]string{"partner_violence": pvReason}},
		// Building Choices' general strand serves partner violence: it
		// replaced BBR and the partner-violence strands.
		{"as above, OGRS3 10, building-choices: BC_MOD_GO covers it",
			person(ipv3Mod), BC, model.ModerateIntensity, []string{"BC_MOD_GO"}, nil, nil},
		// With LDC: NMS_IPV needs SARA 2, BNM_PLUS_IPV high intensity;
		// Kaizen IPV's route needs its pathway, so no route.
		{"as above, lds 3: unrouted, the adapted strands' rules named",
			person(ipv3Mod, lds(3)), L, model.ModerateIntensity, nil,
			[]string{"partner_violence", "violence", "general_offending"},
			map[string]string{
				"partner_violence": "no programme fits (BBR: needs sara_partner = 2; BNM_PLUS_IPV: high pathway only (theirs: moderate); " +
					"KAIZEN_IPV: excludes people with LDC; NMS_IPV: needs sara_partner = 2)",
				"violence": "no programme fits (BNM_PLUS_GV: high pathway only (theirs: moderate); KAIZEN_GV: excludes people with LDC; " +
					"NMS_GV: needs ovp >= 30; RESOLVE: excludes people with LDC)",
				"general_offending": "no programme fits (TSP: excludes people with LDC)",
			}},
		// OVP 65: KAIZEN_GV is current, but violence does not cover sexual
		// offending.
		{"high, soh, OSP/DC medium, OVP 65, legacy: KAIZEN_GV now, sexual offending unrouted",
			person(soMedHigh, ovp(65)), L, model.HighIntensity, []string{"KAIZEN_GV"},
			[]string{"sexual_offending"}, map[string]string{"sexual_offending": soReason}},
		// OVP 5: no violence need; legacy has no high-intensity general
		// programme either.
		{"high, soh, OSP/DC medium, OVP 5, legacy: sexual and general offending unrouted",
			person(soMedHigh, ovp(5)), L, model.HighIntensity, nil,
			[]string{"sexual_offending", "general_offending"},
			map[string]string{"sexual_offending": soReason, "general_offending": "no programme fits (TSP: moderate pathway only (theirs: high))"}},
		{"as above, building-choices: BC_HIGH_SO covers them",
			person(soMedHigh, ovp(5)), BC, model.HighIntensity, []string{"BC_HIGH_SO"}, nil, nil},
		// HORIZON (rank 1) credits the sexual family below the high
		// pathway's rank 2: still unrouted. HSP and LNM follow Horizon.
		{"as above, legacy, HORIZON completed: still unrouted at the high pathway",
			person(soMedHigh, ovp(65), done("HORIZON")), L, model.HighIntensity, []string{"HSP", "KAIZEN_GV", "LNM"},
			[]string{"sexual_offending"}, map[string]string{"sexual_offending": soReason}},
		// SOTP (rank 2) credits the sexual family and, by covers, KAIZEN_GV
		// and BC_HIGH_GO.
		{"as above, SOTP completed: credited, nothing unrouted",
			person(soMedHigh, ovp(65), done("SOTP")), L, model.HighIntensity, []string{"HSP", "LNM"}, nil, nil},
		// Moderate pathway: any rank credits. soMod: soh, OSP medium.
		{"moderate soh, HORIZON completed: credited, nothing unrouted",
			person(soMod, done("HORIZON")), L, model.ModerateIntensity, []string{"HSP", "LNM"}, nil, nil},
		// Add-ons. Risk low (ogrs3 30, ovp 5, rsr 0.5): not eligible, so no
		// core need; BSR's risk principle fails.
		{"drugs need at risk low: substance misuse unrouted",
			person(needLow, ogrs(30), ovp(5), rsr(0.5), score(model.DrugMisuse, 2)), L, model.NotEligible, nil,
			[]string{"substance_misuse"},
			map[string]string{"substance_misuse": "no programme fits (BSR: needs programme_risk in medium, high)"}},
		{"gang, RoSH medium, OGRS3 30: gang unrouted",
			person(needLow, ogrs(30), ovp(5), rsr(0.5), gangFlag, roshOf(model.RoSHMedium)), BC, model.NotEligible, nil,
			[]string{"gang"},
			map[string]string{"gang": "no programme fits (IDENTITY_MATTERS: needs ogrs3 >= 50)"}},
		// An add-on family's top rank is 1: a high-pathway person who
		// completed BSR is credited for substance misuse.
		{"high, drugs need, BSR completed: credited, nothing unrouted",
			person(gvHigh, score(model.DrugMisuse, 2), done("BSR")), L, model.HighIntensity, []string{"KAIZEN_GV"}, nil, nil},
		{"high, drugs need, PASRO completed: credited, nothing unrouted",
			person(gvHigh, score(model.DrugMisuse, 2), done("PASRO")), L, model.HighIntensity, []string{"KAIZEN_GV"}, nil, nil},
	})
}

// TestUnroutedNoProgrammeInSuite: a family with no programme in the suite
// is named as such.
func TestUnroutedNoProgrammeInSuite(t *testing.T) {
	cat, err := model.NewCatalogue("t", []model.Programme{
		{Code: "X_LEG", Name: "x", Status: model.Current, Suites: []model.Suite{model.LegacySuite},
			Intensity: model.IntensityModerate, Format: model.GroupFormat, LDC: model.LDCInclusive, Family: "x",
			Eligibility: []model.Criterion{{Field: "ogrs3", Op: ">=", Values: []string{"50"}}}},
	}, model.Rules{Families: []model.Family{{Name: "x", Role: model.CoreRole,
		Need: []model.Criterion{{Field: "ogrs3", Op: ">=", Values: []string{"40"}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		ogrs     float64
		suite    model.Suite
		unrouted bool
		reason   string
	}{
		{"ogrs3 60, legacy: X_LEG", 60, model.LegacySuite, false, ""},
		{"ogrs3 45, legacy: need, X_LEG's rule fails", 45, model.LegacySuite, true, "no programme fits (X_LEG: needs ogrs3 >= 50)"},
		{"ogrs3 60, building-choices: none in the suite", 60, model.BuildingChoicesSuite, true, "no x programme in the building-choices suite"},
		{"ogrs3 30: no need", 30, model.BuildingChoicesSuite, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := person(ogrs(c.ogrs))
			var r model.PNI
			pl := cat.Plan(p, &r, c.suite)
			if pl.Unrouted.Has(0) != c.unrouted {
				t.Errorf("unrouted %v, want %v", pl.Unrouted.Has(0), c.unrouted)
			}
			if c.unrouted {
				if got := cat.UnroutedReason(p, &r, c.suite, 0); got != c.reason {
					t.Errorf("reason %q, want %q", got, c.reason)
				}
			}
		})
	}
}

// TestServes: the families a programme serves are its own, those its
// family covers, and those of the programmes it replaced (worked from
// catalogue.yaml: covers, replaced_by).
func TestServes(t *testing.T) {
	cat := defaultCatalogue(t)
	for _, c := range []struct {
		code string
		want []string // in routing order
	}{
		// general covers violence; replaced ETS (general).
		{"TSP", []string{"violence", "general_offending"}},
		// violence covers general; replaced CALM (violence).
		{"RESOLVE", []string{"violence", "general_offending"}},
		// partner violence covers violence and general; replaced HRP.
		{"BBR", []string{"partner_violence", "violence", "general_offending"}},
		// general covers violence; replaced TSP, RESOLVE, BBR, NMS_GV and
		// NMS_IPV: partner violence too.
		{"BC_MOD_GO", []string{"partner_violence", "violence", "general_offending"}},
		// sexual covers violence and general; replaced SOTP (sexual).
		{"KAIZEN_SO", []string{"sexual_offending", "violence", "general_offending"}},
		// an add-on serves its own family; BSR replaced PASRO (substance).
		{"BSR", []string{"substance_misuse"}},
		{"HSP", []string{"sexual_follow_on"}},
	} {
		i, _ := cat.Index(c.code)
		var got []string
		for k, f := range cat.Families() {
			if cat.Serves(i).Has(k) {
				got = append(got, f.Name)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s serves %v, want %v", c.code, got, c.want)
		}
	}
}
