package model

// Tests of ComputePNI against docs/reference/pni.md. Every expected value
// is derived by hand from pni.md; the derivation is the comment on each case.
// Abbreviations in the derivations: domains are written sex/think/rel/self;
// "soh" is sexual_offence_history; "NE" is not eligible; "IM" is information
// missing.

import "testing"

// ans lists item answers; how unlisted items are treated depends on the
// helper (all: answered 0; only: missing).
type ans map[Item]int

// mod changes one aspect of a profile under construction.
type mod func(*Profile)

// mk builds a profile from mods, applied in order (a later mod wins). The
// zero profile has every optional field missing (Opt zero value).
func mk(ms ...mod) *Profile {
	p := &Profile{PersonID: "S01", Sex: Male, Age: 30, SentenceType: Determinate, OffenceGroup: Violence}
	for _, m := range ms {
		m(p)
	}
	return p
}

func with(ms ...mod) mod {
	return func(p *Profile) {
		for _, m := range ms {
			m(p)
		}
	}
}

// all answers every one of the 13 items: the listed ones as given, the rest 0.
func all(a ans) mod {
	return func(p *Profile) {
		for it := range NumItems {
			p.Items[it] = Some(int8(a[it]))
		}
	}
}

// only answers the listed items and leaves every other item missing.
func only(a ans) mod {
	return func(p *Profile) {
		for it := range NumItems {
			if v, ok := a[it]; ok {
				p.Items[it] = Some(int8(v))
			} else {
				p.Items[it] = Opt[int8]{}
			}
		}
	}
}

// miss makes the listed items missing.
func miss(its ...Item) mod {
	return func(p *Profile) {
		for _, it := range its {
			p.Items[it] = Opt[int8]{}
		}
	}
}

func ogrs(v float64) mod { return func(p *Profile) { p.OGRS3 = Some(v) } }
func ovp(v float64) mod  { return func(p *Profile) { p.OVP = Some(v) } }
func rsr(v float64) mod  { return func(p *Profile) { p.RSR = Some(v) } }
func dc(b OSPBand) mod   { return func(p *Profile) { p.OSPDC = Some(b) } }
func iic(b OSPBand) mod  { return func(p *Profile) { p.OSPIIC = Some(b) } }
func saraP(v int) mod    { return func(p *Profile) { p.SARAPartner = Some(int8(v)) } }
func saraO(v int) mod    { return func(p *Profile) { p.SARAOther = Some(int8(v)) } }
func q611(b bool) mod    { return func(p *Profile) { p.Q6_11 = Some(b) } }
func soh(p *Profile)     { p.SexualOffenceHistory = true }

// mergeAns returns the union of answer sets; a later set wins.
func mergeAns(as ...ans) ans {
	m := ans{}
	for _, a := range as {
		for k, v := range a {
			m[k] = v
		}
	}
	return m
}

// Need presets (answers; use with all or only).
var (
	// 0/0/0/0 = 0 → low.
	needLow0 = ans{}
	// think: q12_1=2 ⇒ 2 (override; raw 2 alone would be 1); 0/2/0/0 = 2 → low.
	needLow2 = ans{Q12_1: 2}
	// think q12_1=2 ⇒ 2; rel raw 1+1 = 2 → 1; 0/2/1/0 = 3 → medium.
	needMed3 = ans{Q12_1: 2, Q6_1: 1, Q6_6: 1}
	// think q12_1=2 ⇒ 2; rel raw 2+2+1 = 5 → 2; self raw 1+1 = 2 → 1;
	// 0/2/2/1 = 5 → medium.
	needMed5 = ans{Q12_1: 2, Q6_1: 2, Q6_6: 2, Q7_3: 1, Q11_2: 1, Q11_4: 1}
	// think raw 4 → 2; rel raw 2+2+1 = 5 → 2; self raw 2+2+1 = 5 → 2;
	// 0/2/2/2 = 6 → high.
	needHigh6 = ans{Q12_1: 2, Q12_9: 2, Q6_1: 2, Q6_6: 2, Q7_3: 1, Q11_2: 2, Q11_4: 2, Q11_6: 1}
	// The three sex items, raw 2+1+2 = 5 → 2 when the sex domain applies.
	sexRaw5 = ans{Q11_11: 2, Q11_12: 1, Q6_12: 2}
)

// riskLow: ogrs3 10 (<50), ovp 5 (<30), rsr 0.5 (<1, counts since the OSPs
// are missing = na without soh), SARA missing = 1 → low; nothing missing
// that projection would raise.
var riskLow = with(ogrs(10), ovp(5), rsr(0.5))

// riskMed: as riskLow but ogrs3 60 (50–<75) → medium.
var riskMed = with(ogrs(60), ovp(5), rsr(0.5))

// riskHigh: as riskLow but ogrs3 80 (≥75) → high; ovp 5 and SARA 1 so
// override 1 does not apply.
var riskHigh = with(ogrs(80), ovp(5), rsr(0.5))

func TestPNIMatrix(t *testing.T) {
	// All 13 items answered, every risk input present, no soh: nothing is
	// missing, so §4 leaves the matrix result as it is.
	cases := []struct {
		name       string
		p          *Profile
		need, risk Level
		score      int8
		want       Pathway
	}{
		{"need high, risk high", mk(all(needHigh6), riskHigh), LevelHigh, LevelHigh, 6, HighIntensity},        // 6 → high; ogrs3 80 → high; matrix → high intensity
		{"need high, risk medium", mk(all(needHigh6), riskMed), LevelHigh, LevelMedium, 6, ModerateIntensity}, // 6 → high; ogrs3 60 → medium; matrix → moderate
		{"need high, risk low", mk(all(needHigh6), riskLow), LevelHigh, LevelLow, 6, NotEligible},             // 6 → high; all low → low; matrix → NE
		{"need medium, risk high", mk(all(needMed3), riskHigh), LevelMedium, LevelHigh, 3, ModerateIntensity}, // 3 → medium; ogrs3 80 → high; matrix → moderate
		{"need medium, risk medium", mk(all(needMed5), riskMed), LevelMedium, LevelMedium, 5, ModerateIntensity},
		{"need medium, risk low", mk(all(needMed3), riskLow), LevelMedium, LevelLow, 3, NotEligible},
		{"need low, risk high", mk(all(needLow2), riskHigh), LevelLow, LevelHigh, 2, NotEligible},    // 2 → low; matrix low row → NE (no SARA ≥ 2, ovp 5)
		{"need low, risk medium", mk(all(needLow2), riskMed), LevelLow, LevelMedium, 2, NotEligible}, // 2 → low; ogrs3 60 → medium; matrix → NE
		{"need low, risk low", mk(all(needLow0), riskLow), LevelLow, LevelLow, 0, NotEligible},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ComputePNI(c.p, Custody)
			if got.Need != c.need || got.Risk != c.risk || got.Score != c.score || got.Pathway != c.want {
				t.Errorf("got need %v risk %v score %d pathway %v; want need %v risk %v score %d pathway %v",
					got.Need, got.Risk, got.Score, got.Pathway, c.need, c.risk, c.score, c.want)
			}
		})
	}
}

func TestPNIDomains(t *testing.T) {
	// soh true so the sex domain applies; every item answered (unlisted = 0).
	cases := []struct {
		name  string
		a     ans
		doms  [NumDomains]int8
		score int8
		need  Level
	}{
		// sex: 0–1 → 0; 2–3 → 1; 4–6 → 2; q11_12 = 2 ⇒ 2.
		{"sex raw 0", ans{}, [4]int8{0, 0, 0, 0}, 0, LevelLow},
		{"sex raw 1", ans{Q11_11: 1}, [4]int8{0, 0, 0, 0}, 0, LevelLow},                                  // 1 → 0
		{"sex raw 2", ans{Q11_11: 1, Q6_12: 1}, [4]int8{1, 0, 0, 0}, 1, LevelLow},                        // 2 → 1
		{"sex raw 3", ans{Q11_11: 2, Q6_12: 1}, [4]int8{1, 0, 0, 0}, 1, LevelLow},                        // 3 → 1
		{"sex raw 4", ans{Q11_11: 2, Q6_12: 2}, [4]int8{2, 0, 0, 0}, 2, LevelLow},                        // 4 → 2
		{"sex raw 6", ans{Q11_11: 2, Q11_12: 2, Q6_12: 2}, [4]int8{2, 0, 0, 0}, 2, LevelLow},             // 6 → 2
		{"sex raw 2 via q11_12=1 q11_11=1", ans{Q11_11: 1, Q11_12: 1}, [4]int8{1, 0, 0, 0}, 1, LevelLow}, // 2 → 1, q11_12 not 2 so no override
		{"sex override q11_12=2 alone", ans{Q11_12: 2}, [4]int8{2, 0, 0, 0}, 2, LevelLow},                // raw 2 → 1, but q11_12 = 2 ⇒ 2
		{"sex override q11_12=2 raw 3", ans{Q11_12: 2, Q6_12: 1}, [4]int8{2, 0, 0, 0}, 2, LevelLow},      // raw 3 → 1, override ⇒ 2
		// thinking: 0 → 0; 1–2 → 1; 3–4 → 2; q12_1 = 2 ⇒ 2.
		{"thinking raw 1", ans{Q12_9: 1}, [4]int8{0, 1, 0, 0}, 1, LevelLow},                   // 1 → 1
		{"thinking raw 2 via q12_9", ans{Q12_9: 2}, [4]int8{0, 1, 0, 0}, 1, LevelLow},         // 2 → 1; q12_9 has no override
		{"thinking raw 2 via 1+1", ans{Q12_1: 1, Q12_9: 1}, [4]int8{0, 1, 0, 0}, 1, LevelLow}, // 2 → 1
		{"thinking raw 3", ans{Q12_1: 1, Q12_9: 2}, [4]int8{0, 2, 0, 0}, 2, LevelLow},         // 3 → 2
		{"thinking raw 4", ans{Q12_1: 2, Q12_9: 2}, [4]int8{0, 2, 0, 0}, 2, LevelLow},         // 4 → 2
		{"thinking override q12_1=2 alone", ans{Q12_1: 2}, [4]int8{0, 2, 0, 0}, 2, LevelLow},  // raw 2 → 1, q12_1 = 2 ⇒ 2
		// relationships: 0–1 → 0; 2–4 → 1; 5–8 → 2.
		{"relationships raw 1", ans{Q6_1: 1}, [4]int8{0, 0, 0, 0}, 0, LevelLow},
		{"relationships raw 2", ans{Q6_1: 1, Q11_3: 1}, [4]int8{0, 0, 1, 0}, 1, LevelLow},
		{"relationships raw 4", ans{Q6_1: 2, Q7_3: 2}, [4]int8{0, 0, 1, 0}, 1, LevelLow},
		{"relationships raw 5", ans{Q6_1: 2, Q6_6: 2, Q11_3: 1}, [4]int8{0, 0, 2, 0}, 2, LevelLow},
		{"relationships raw 8", ans{Q6_1: 2, Q6_6: 2, Q7_3: 2, Q11_3: 2}, [4]int8{0, 0, 2, 0}, 2, LevelLow},
		// self-management: 0–1 → 0; 2–4 → 1; 5–8 → 2.
		{"self-management raw 1", ans{Q10_1: 1}, [4]int8{0, 0, 0, 0}, 0, LevelLow},
		{"self-management raw 2", ans{Q11_2: 1, Q10_1: 1}, [4]int8{0, 0, 0, 1}, 1, LevelLow},
		{"self-management raw 4", ans{Q11_4: 2, Q11_6: 2}, [4]int8{0, 0, 0, 1}, 1, LevelLow},
		{"self-management raw 5", ans{Q11_2: 2, Q11_4: 2, Q10_1: 1}, [4]int8{0, 0, 0, 2}, 2, LevelLow},
		{"self-management raw 8", ans{Q11_2: 2, Q11_4: 2, Q11_6: 2, Q10_1: 2}, [4]int8{0, 0, 0, 2}, 2, LevelLow},
		// Total 0–2 low, 3–5 medium, 6–8 high.
		{"total 2 low", ans{Q12_1: 2}, [4]int8{0, 2, 0, 0}, 2, LevelLow},                                                      // 0/2/0/0
		{"total 3 medium", ans{Q12_1: 2, Q6_1: 1, Q6_6: 1}, [4]int8{0, 2, 1, 0}, 3, LevelMedium},                              // 0/2/1/0
		{"total 5 medium", ans{Q12_1: 2, Q6_1: 2, Q6_6: 2, Q7_3: 1, Q11_2: 1, Q11_4: 1}, [4]int8{0, 2, 2, 1}, 5, LevelMedium}, // 0/2/2/1
		{"total 6 high", ans{Q11_12: 2, Q12_1: 2, Q6_1: 2, Q6_6: 2, Q7_3: 1}, [4]int8{2, 2, 2, 0}, 6, LevelHigh},              // 2/2/2/0
		{"total 8 high", ans{Q11_12: 2, Q12_1: 2, Q6_1: 2, Q6_6: 2, Q7_3: 1, Q11_2: 2, Q11_4: 2, Q11_6: 1}, [4]int8{2, 2, 2, 2}, 8, LevelHigh},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ComputePNI(mk(soh, all(c.a), riskLow, dc(OSPNA), iic(OSPNA)), Custody)
			if got.Domains != c.doms || got.Score != c.score || got.Need != c.need {
				t.Errorf("got domains %v score %d need %v; want %v %d %v", got.Domains, got.Score, got.Need, c.doms, c.score, c.need)
			}
		})
	}
}

func TestPNISexDomainApplies(t *testing.T) {
	// Sex items raw 5 → 2 (and q11_12=2 in the override case); the domain
	// counts only when soh or q6_11 is true, a missing q6_11 being false.
	cases := []struct {
		name string
		p    *Profile
		sex  int8
	}{
		{"soh true, q6_11 missing", mk(soh, all(sexRaw5), riskLow), 2},
		{"soh true, q6_11 false", mk(soh, q611(false), all(sexRaw5), riskLow), 2},
		{"soh false, q6_11 true", mk(q611(true), all(sexRaw5), riskLow), 2},
		{"soh false, q6_11 false", mk(q611(false), all(sexRaw5), riskLow), 0},
		{"soh false, q6_11 missing", mk(all(sexRaw5), riskLow), 0},
		{"q11_12=2 override ignored when the domain does not apply", mk(all(ans{Q11_12: 2}), riskLow), 0},
		{"q11_12=2 override when q6_11 true", mk(q611(true), all(ans{Q11_12: 2}), riskLow), 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ComputePNI(c.p, Custody)
			if got.Domains[SexDomain] != c.sex || got.Score != c.sex {
				t.Errorf("got sex domain %d score %d; want %d %d", got.Domains[SexDomain], got.Score, c.sex, c.sex)
			}
		})
	}
}

func TestPNIRisk(t *testing.T) {
	// Need medium (needMed3, all answered) so the pathway also shows the
	// risk level: risk low → NE, medium or high → moderate (matrix), with no
	// override unless stated. Base risk inputs ogrs3 10, ovp 5, rsr 0.5 (all
	// low), no soh, OSPs and SARA missing (= na and 1).
	base := with(all(needMed3), riskLow)
	cases := []struct {
		name string
		p    *Profile
		risk Level
		want Pathway
	}{
		{"all low", mk(base), LevelLow, NotEligible},
		// ogrs3: ≥75 high; 50–<75 medium.
		{"ogrs3 49.99", mk(base, ogrs(49.99)), LevelLow, NotEligible},
		{"ogrs3 50", mk(base, ogrs(50)), LevelMedium, ModerateIntensity},
		{"ogrs3 74.99", mk(base, ogrs(74.99)), LevelMedium, ModerateIntensity},
		{"ogrs3 75", mk(base, ogrs(75)), LevelHigh, ModerateIntensity}, // high risk, medium need → moderate; ovp 5 so no override 1
		{"ogrs3 100", mk(base, ogrs(100)), LevelHigh, ModerateIntensity},
		// ovp: ≥60 high; 30–<60 medium.
		{"ovp 29.99", mk(base, ovp(29.99)), LevelLow, NotEligible},
		{"ovp 30", mk(base, ovp(30)), LevelMedium, ModerateIntensity},
		{"ovp 59.99", mk(base, ovp(59.99)), LevelMedium, ModerateIntensity},
		{"ovp 60", mk(base, ovp(60)), LevelHigh, ModerateIntensity}, // ogrs3 10 so no override 1
		// osp_dc: high or very_high → high; medium → medium.
		{"osp_dc na", mk(base, dc(OSPNA)), LevelLow, NotEligible},
		{"osp_dc low", mk(base, dc(OSPLow)), LevelLow, NotEligible},
		{"osp_dc medium", mk(base, dc(OSPMedium)), LevelMedium, ModerateIntensity},
		{"osp_dc high", mk(base, dc(OSPHigh)), LevelHigh, ModerateIntensity},
		{"osp_dc very_high", mk(base, dc(OSPVeryHigh)), LevelHigh, ModerateIntensity},
		// osp_iic: high → high; medium → medium.
		{"osp_iic na", mk(base, iic(OSPNA)), LevelLow, NotEligible},
		{"osp_iic low", mk(base, iic(OSPLow)), LevelLow, NotEligible},
		{"osp_iic medium", mk(base, iic(OSPMedium)), LevelMedium, ModerateIntensity},
		{"osp_iic high", mk(base, iic(OSPHigh)), LevelHigh, ModerateIntensity},
		// rsr: ≥3 high, 1–<3 medium, only when both OSPs are na or missing.
		{"rsr 0.99, OSPs missing (na)", mk(base, rsr(0.99)), LevelLow, NotEligible},
		{"rsr 1, OSPs missing (na)", mk(base, rsr(1)), LevelMedium, ModerateIntensity},
		{"rsr 2.99, OSPs missing (na)", mk(base, rsr(2.99)), LevelMedium, ModerateIntensity},
		{"rsr 3, OSPs missing (na)", mk(base, rsr(3)), LevelHigh, ModerateIntensity},
		{"rsr 3, both OSPs na", mk(base, rsr(3), dc(OSPNA), iic(OSPNA)), LevelHigh, ModerateIntensity},
		{"rsr 3, osp_dc na, osp_iic missing", mk(base, rsr(3), dc(OSPNA)), LevelHigh, ModerateIntensity},
		{"rsr 1, osp_dc missing, osp_iic na", mk(base, rsr(1), iic(OSPNA)), LevelMedium, ModerateIntensity},
		// osp_dc low present: rsr does not count; dc low adds nothing → low.
		{"rsr 3 ignored when osp_dc low", mk(base, rsr(3), dc(OSPLow)), LevelLow, NotEligible},
		{"rsr 5 ignored when osp_iic low", mk(base, rsr(5), iic(OSPLow)), LevelLow, NotEligible},
		{"rsr 1.5 ignored when osp_dc low, osp_iic na", mk(base, rsr(1.5), dc(OSPLow), iic(OSPNA)), LevelLow, NotEligible},
		// soh, both OSPs missing: "na or missing" → rsr counts: 3 → high.
		// Projection (OSPs at highest) keeps risk high; need same → moderate.
		{"rsr 3 counts for soh with both OSPs missing", mk(base, soh, rsr(3)), LevelHigh, ModerateIntensity},
		// SARA: 3 → high; 2 → medium. (SARA ≥ 2 also gives override 2,
		// harmless here: the matrix already gives moderate.)
		{"sara_partner 1", mk(base, saraP(1)), LevelLow, NotEligible},
		{"sara_partner 2", mk(base, saraP(2)), LevelMedium, ModerateIntensity},
		{"sara_partner 3", mk(base, saraP(3)), LevelHigh, ModerateIntensity}, // ogrs3 10 so no override 1
		{"sara_other 1", mk(base, saraO(1)), LevelLow, NotEligible},
		{"sara_other 2", mk(base, saraO(2)), LevelMedium, ModerateIntensity},
		{"sara_other 3", mk(base, saraO(3)), LevelHigh, ModerateIntensity},
		// A high trigger beats a medium one.
		{"ogrs3 60 and sara_other 3", mk(base, ogrs(60), saraO(3)), LevelHigh, ModerateIntensity},
		{"ovp 40 and osp_iic high", mk(base, ovp(40), iic(OSPHigh)), LevelHigh, ModerateIntensity},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ComputePNI(c.p, Custody)
			if got.Risk != c.risk || got.Pathway != c.want || got.Need != LevelMedium {
				t.Errorf("got risk %v pathway %v need %v; want risk %v pathway %v need medium",
					got.Risk, got.Pathway, got.Need, c.risk, c.want)
			}
		})
	}
}

func TestPNIOverrides(t *testing.T) {
	cases := []struct {
		name       string
		p          *Profile
		need, risk Level
		want       Pathway
	}{
		// Override 1: ogrs3 ≥ 75 and (ovp ≥ 60 or a SARA = 3) ⇒ high, whatever the need.
		{"o1 ogrs3 75 ovp 60, need low 0", mk(all(needLow0), rsr(0.5), ogrs(75), ovp(60)), LevelLow, LevelHigh, HighIntensity},
		{"o1 ogrs3 75 sara_partner 3, need low 0", mk(all(needLow0), rsr(0.5), ogrs(75), ovp(5), saraP(3)), LevelLow, LevelHigh, HighIntensity},
		{"o1 ogrs3 75 sara_other 3, need low 0", mk(all(needLow0), rsr(0.5), ogrs(75), ovp(5), saraO(3)), LevelLow, LevelHigh, HighIntensity},
		{"o1 ogrs3 90 ovp 99, need medium", mk(all(needMed3), rsr(0.5), ogrs(90), ovp(99)), LevelMedium, LevelHigh, HighIntensity}, // matrix moderate, raised to high
		{"o1 with need high", mk(all(needHigh6), rsr(0.5), ogrs(75), ovp(60)), LevelHigh, LevelHigh, HighIntensity},
		// Just below override 1: risk high (ovp ≥ 60 or ogrs3 ≥ 75) but need
		// low → matrix NE; no SARA ≥ 2 → NE.
		{"o1 not: ogrs3 74.99 ovp 60", mk(all(needLow0), rsr(0.5), ogrs(74.99), ovp(60)), LevelLow, LevelHigh, NotEligible},
		{"o1 not: ogrs3 75 ovp 59.99", mk(all(needLow0), rsr(0.5), ogrs(75), ovp(59.99)), LevelLow, LevelHigh, NotEligible},
		// ogrs3 75, SARA 2 (not 3): no override 1; override 2 ⇒ moderate.
		{"o1 not: ogrs3 75 sara_partner 2", mk(all(needLow0), rsr(0.5), ogrs(75), ovp(5), saraP(2)), LevelLow, LevelHigh, ModerateIntensity},
		// SARA 3 with ogrs3 74.99: no override 1; risk high, need low → NE; override 2 (3 ≥ 2) ⇒ moderate.
		{"o1 not: ogrs3 74.99 sara_other 3", mk(all(needLow0), rsr(0.5), ogrs(74.99), ovp(5), saraO(3)), LevelLow, LevelHigh, ModerateIntensity},
		// Override 2: a SARA ≥ 2 ⇒ at least moderate.
		{"o2 sara_partner 2, need low", mk(all(needLow0), riskLow, saraP(2)), LevelLow, LevelMedium, ModerateIntensity},           // matrix low/medium NE → moderate
		{"o2 sara_other 2, need low", mk(all(needLow2), riskLow, saraO(2)), LevelLow, LevelMedium, ModerateIntensity},             // matrix NE → moderate
		{"o2 sara_partner 3, need low", mk(all(needLow0), riskLow, saraP(3)), LevelLow, LevelHigh, ModerateIntensity},             // ogrs3 10: no o1; matrix NE → moderate
		{"o2 sara_other 2, need high risk low", mk(all(needHigh6), riskLow, saraO(2)), LevelHigh, LevelMedium, ModerateIntensity}, // sara 2 → risk medium; matrix moderate
		{"no override: sara 1 both", mk(all(needLow0), riskLow, saraP(1), saraO(1)), LevelLow, LevelLow, NotEligible},
		// Overrides only raise: matrix high stays high with a SARA 2.
		{"o2 does not lower high", mk(all(needHigh6), riskHigh, saraP(2)), LevelHigh, LevelHigh, HighIntensity},
		{"o2 does not lower high (sara_other 2)", mk(all(needHigh6), riskHigh, saraO(2)), LevelHigh, LevelHigh, HighIntensity},
		// need medium, risk high by sara 3, ogrs3 10: matrix moderate; no o1; o2 keeps moderate.
		{"o2 keeps moderate", mk(all(needMed3), riskLow, saraP(3)), LevelMedium, LevelHigh, ModerateIntensity},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ComputePNI(c.p, Custody)
			if got.Need != c.need || got.Risk != c.risk || got.Pathway != c.want {
				t.Errorf("got need %v risk %v pathway %v; want %v %v %v", got.Need, got.Risk, got.Pathway, c.need, c.risk, c.want)
			}
		})
	}
}

func TestPNISetting(t *testing.T) {
	// High intensity exists only in custody: in Community high → moderate;
	// other pathways and the need and risk levels are unchanged.
	cases := []struct {
		name               string
		p                  *Profile
		custody, community Pathway
	}{
		{"matrix high", mk(all(needHigh6), riskHigh), HighIntensity, ModerateIntensity},                  // 6 high, ogrs3 80 high
		{"override 1", mk(all(needLow0), rsr(0.5), ogrs(80), ovp(70)), HighIntensity, ModerateIntensity}, // o1
		{"moderate", mk(all(needMed3), riskMed), ModerateIntensity, ModerateIntensity},                   // medium/medium
		{"override 2", mk(all(needLow0), riskLow, saraP(2)), ModerateIntensity, ModerateIntensity},       // o2
		{"not eligible", mk(all(needLow0), riskHigh), NotEligible, NotEligible},                          // low/high
		{"information missing", mk(all(needMed3), ogrs(60), rsr(0.5)), InfoMissing, InfoMissing},         // ovp missing → projected high ≠ medium
		{"high despite missing items", mk(only(needHigh6), ogrs(80)), HighIntensity, ModerateIntensity},  // §4.1
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cu, co := ComputePNI(c.p, Custody), ComputePNI(c.p, Community)
			if cu.Pathway != c.custody || co.Pathway != c.community {
				t.Errorf("got custody %v community %v; want %v %v", cu.Pathway, co.Pathway, c.custody, c.community)
			}
			if cu.Need != co.Need || cu.Risk != co.Risk || cu.Score != co.Score || cu.Domains != co.Domains {
				t.Errorf("setting changed need/risk: custody %+v community %+v", cu, co)
			}
		})
	}
}

func TestPNIMissingInformation(t *testing.T) {
	nonSex := func(a ans) ans { // a with the three sex items missing, every other item answered
		m := mergeAns(ans{Q6_1: 0, Q6_6: 0, Q7_3: 0, Q10_1: 0, Q11_2: 0, Q11_3: 0, Q11_4: 0, Q11_6: 0, Q12_1: 0, Q12_9: 0}, a)
		return m
	}
	cases := []struct {
		name       string
		p          *Profile
		need, risk Level // the actual levels (present answers, defaults applied)
		want       Pathway
	}{
		// Defaults.
		// need 3 medium; ogrs3 10, ovp 5, rsr 0.5, SARA missing = 1 → low;
		// SARA is never projected → NE.
		{"missing SARA counts as 1", mk(all(needMed3), riskLow), LevelMedium, LevelLow, NotEligible},
		// No soh, OSPs missing = na (not projected); rsr 0.5 present → low; NE.
		{"missing OSP is na without soh (not projected)", mk(all(needMed3), riskLow), LevelMedium, LevelLow, NotEligible},
		// q6_11 true but no soh: OSP default still na → NE.
		{"missing OSP is na without soh even with q6_11 true", mk(q611(true), all(needMed3), riskLow), LevelMedium, LevelLow, NotEligible},
		// q6_11 missing = false, no soh: sex items missing do not count;
		// 0/2/0/0 = 2 low; ogrs3 60 medium; projection: no counted item
		// missing → low/medium → NE.
		{"missing q6_11 is false: missing sex items do not count", mk(only(nonSex(needLow2)), riskMed), LevelLow, LevelMedium, NotEligible},
		{"q6_11 false: missing sex items do not count", mk(q611(false), only(nonSex(needLow2)), riskMed), LevelLow, LevelMedium, NotEligible},
		// q6_11 true: sex items count, projected 2 → raw 6 → 2; 2/2/0/0 = 4
		// medium; risk medium → moderate (not NE); need low ≠ medium → IM.
		{"q6_11 true: missing sex items projected", mk(q611(true), only(nonSex(needLow2)), riskMed), LevelLow, LevelMedium, InfoMissing},
		// soh with OSPs low/low (rsr not counted; ogrs3 60 → medium): sex
		// items projected → need medium → moderate → need differs → IM.
		{"soh: missing sex items projected", mk(soh, only(nonSex(needLow2)), riskMed, dc(OSPLow), iic(OSPLow)), LevelLow, LevelMedium, InfoMissing},
		// Sex domain does not apply, sex items missing, the rest need 3
		// medium and complete, risk medium → moderate stands.
		{"sex domain not applying: missing sex items ignored, moderate stands", mk(only(nonSex(needMed3)), riskMed), LevelMedium, LevelMedium, ModerateIntensity},

		// Step 1: high intensity from present inputs stands.
		// Only needHigh6's items answered (q11_3, q10_1, sex items missing):
		// 0/2/2/2 = 6 high; ogrs3 80 high; ovp, rsr missing → high intensity.
		{"step 1: matrix high despite missing items and risk inputs", mk(only(needHigh6), ogrs(80)), LevelHigh, LevelHigh, HighIntensity},
		// Every item missing (need 0 low), ogrs3 80, ovp 70 → override 1.
		{"step 1: override 1 with every item missing", mk(ogrs(80), ovp(70)), LevelLow, LevelHigh, HighIntensity},
		// Every item missing, ogrs3 75, sara_partner 3, ovp missing → override 1.
		{"step 1: override 1 by SARA with ovp missing", mk(ogrs(75), saraP(3)), LevelLow, LevelHigh, HighIntensity},
		// soh, OSPs missing, sex items missing; need 6 high from the others,
		// ovp 65 high → high.
		{"step 1: soh with OSPs missing", mk(soh, only(needHigh6), ovp(65)), LevelHigh, LevelHigh, HighIntensity},

		// Step 2: projection still not eligible.
		// Need 0 complete; ogrs3, ovp, rsr missing → actual risk low;
		// projected all at highest → risk high; low/high → NE, SARA 1 → NE.
		// (Projected ogrs3 and ovp would meet override 1's numbers, but
		// step 2 uses the matrix then override 2 only.)
		{"step 2: need complete low, all risk inputs missing", mk(all(needLow0)), LevelLow, LevelLow, NotEligible},
		{"step 2: need complete low 2, ogrs3 missing", mk(all(needLow2), ovp(5), rsr(0.5)), LevelLow, LevelLow, NotEligible},
		// Every item missing (actual 0 low); risk complete low; projected
		// need 0/2/2/2 = 6 high (sex not applying); high/low → NE.
		{"step 2: every item missing, risk complete low", mk(riskLow), LevelLow, LevelLow, NotEligible},
		// soh, need complete low, OSPs missing → projected risk high; low → NE.
		{"step 2: soh, OSPs missing, need low", mk(soh, all(needLow2), riskLow), LevelLow, LevelLow, NotEligible},
		// rsr missing but osp_dc low present: rsr does not count so is not
		// projected; ogrs3 10 ovp 5 → low; NE.
		{"step 2: rsr missing where it does not count (osp_dc low)", mk(all(needMed3), ogrs(10), ovp(5), dc(OSPLow)), LevelMedium, LevelLow, NotEligible},
		{"step 2: rsr missing where it does not count (soh, OSPs low/low)", mk(soh, all(needMed3), ogrs(10), ovp(5), dc(OSPLow), iic(OSPLow)), LevelMedium, LevelLow, NotEligible},

		// Step 3: projected need or risk level differs → information missing.
		// need 3, ogrs3 60 medium, ovp missing → projected 100 → risk high;
		// medium/high → moderate (not NE); risk medium ≠ high → IM (even
		// though the pathway would be moderate either way).
		{"step 3: ovp missing raises risk level", mk(all(needMed3), ogrs(60), rsr(0.5)), LevelMedium, LevelMedium, InfoMissing},
		// need 3; ogrs3 missing, ovp 5, rsr 0.5 → low (NE); projected ogrs3
		// 100 → high; medium/high → moderate → IM.
		{"step 3: ogrs3 missing", mk(all(needMed3), ovp(5), rsr(0.5)), LevelMedium, LevelLow, InfoMissing},
		// No soh, OSPs missing = na → rsr counts; rsr missing → actual low;
		// projected rsr 100 → high → moderate → IM.
		{"step 3: rsr missing where it counts (OSPs na)", mk(all(needMed3), ogrs(10), ovp(5)), LevelMedium, LevelLow, InfoMissing},
		// needMed5 with q11_6, q10_1 missing: actual 0/2/2/1 = 5 medium;
		// ogrs3 80 high → moderate; projected self raw 1+1+2+2 = 6 → 2;
		// 6 high → high ≠ NE; need differs → IM.
		{"step 3: missing self-management items raise need", mk(all(needMed5), miss(Q11_6, Q10_1), riskHigh), LevelMedium, LevelHigh, InfoMissing},
		// needLow2 with the relationships items missing: 0/2/0/0 = 2 low,
		// ogrs3 80 → NE; projected rel raw 8 → 2, 4 medium → moderate → IM.
		{"step 3: missing relationships items turn NE into IM", mk(all(needLow2), miss(Q6_1, Q6_6, Q7_3, Q11_3), riskHigh), LevelLow, LevelHigh, InfoMissing},
		// q12_1 missing, q12_9 = 0, need otherwise 0/0/2/2 = 4 medium;
		// ogrs3 80 → moderate. Projected q12_1 = 2: raw 2 → 1 but override
		// ⇒ 2 → 6 high (without the override 5 medium, moderate would
		// stand); projected high/high → IM.
		{"step 3: missing q12_1 projected to 2 triggers its override", mk(all(ans{Q6_1: 2, Q6_6: 2, Q7_3: 1, Q11_2: 2, Q11_4: 2, Q11_6: 1}), miss(Q12_1), riskHigh), LevelMedium, LevelHigh, InfoMissing},
		// soh, q11_12 missing, other sex items 0: actual sex 0; think 2
		// (q12_1 = 2), rel 2+2+1 = 5 → 2: 0/2/2/0 = 4 medium; OSPs low/low
		// (rsr not counted), ogrs3 80 → high → moderate. Projected q11_12 =
		// 2: raw 2 → 1 but override ⇒ 2 → 6 high (without the override it
		// would be 5 medium and moderate would stand) → IM.
		{"step 3: missing q11_12 projected to 2 triggers its override", mk(soh, all(ans{Q12_1: 2, Q6_1: 2, Q6_6: 2, Q7_3: 1}), miss(Q11_12), riskHigh, dc(OSPLow), iic(OSPLow)), LevelMedium, LevelHigh, InfoMissing},
		// soh, need 3, ogrs3 10, ovp 5, rsr 0.5, OSPs missing: actual rsr
		// counts (both missing) → low → NE; projected osp_dc very_high →
		// high; medium/high → moderate → IM.
		{"step 3: soh with OSPs missing projected to highest band", mk(soh, all(needMed3), riskLow), LevelMedium, LevelLow, InfoMissing},
		// soh, osp_dc low, osp_iic missing: actual low; projected osp_iic
		// high → high → moderate → IM.
		{"step 3: soh with osp_iic missing", mk(soh, all(needMed3), riskLow, dc(OSPLow)), LevelMedium, LevelLow, InfoMissing},
		// soh, osp_iic low, osp_dc missing → projected osp_dc very_high → IM.
		{"step 3: soh with osp_dc missing", mk(soh, all(needMed3), riskLow, iic(OSPLow)), LevelMedium, LevelLow, InfoMissing},
		// soh, osp_iic low, osp_dc missing, ogrs3 60 → actual medium →
		// moderate; osp_dc projected to its highest band (very_high) → risk
		// high ≠ medium → IM (a projection only to medium would leave it).
		{"step 3: soh with osp_dc missing projected to very_high, not medium", mk(soh, all(needMed3), riskMed, iic(OSPLow)), LevelMedium, LevelMedium, InfoMissing},
		// Same with osp_iic missing and osp_dc low: osp_iic projected high.
		{"step 3: soh with osp_iic missing projected to high", mk(soh, all(needMed3), riskMed, dc(OSPLow)), LevelMedium, LevelMedium, InfoMissing},
		// Need 0 complete, sara_partner 2 (override 2 → moderate, risk
		// medium), ogrs3 missing: projected risk high; low/high → NE, then
		// override 2 → moderate (not NE); risk medium ≠ high → IM.
		{"step 3: override 2 with ogrs3 missing", mk(all(needLow0), ovp(5), rsr(0.5), saraP(2)), LevelLow, LevelMedium, InfoMissing},

		// Step 3: neither level differs → the actual result stands.
		// needMed5 with q12_9 missing: thinking already 2 by q12_1 = 2;
		// projected raw 4 → 2; total 5 both → medium; risk medium complete
		// → moderate.
		{"step 3: missing item that cannot change need", mk(all(needMed5), miss(Q12_9), riskMed), LevelMedium, LevelMedium, ModerateIntensity},
		// need 3 complete, ogrs3 80 → high, ovp missing: projected risk still
		// high; need same → the actual moderate stands (step 3 compares the
		// levels; override 1 is not re-run on projected values).
		{"step 3: ovp missing but risk already high", mk(all(needMed3), ogrs(80), rsr(0.5)), LevelMedium, LevelHigh, ModerateIntensity},
		// No soh, osp_dc medium → risk medium, rsr missing does not count
		// (osp_dc not na) → not projected; need 3 → moderate stands.
		{"step 3: rsr missing where it does not count (osp_dc medium)", mk(all(needMed3), ogrs(10), ovp(5), dc(OSPMedium)), LevelMedium, LevelMedium, ModerateIntensity},
		// Need high 6, risk medium (ogrs3 60) complete: moderate; a missing
		// SARA is 1 and is not projected → moderate stands.
		{"step 3: missing SARA not projected", mk(all(needHigh6), riskMed), LevelHigh, LevelMedium, ModerateIntensity},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ComputePNI(c.p, Custody)
			if got.Need != c.need || got.Risk != c.risk || got.Pathway != c.want {
				t.Errorf("got need %v risk %v pathway %v; want %v %v %v", got.Need, got.Risk, got.Pathway, c.need, c.risk, c.want)
			}
		})
	}
}

func TestPNIDomainsCountMissingAsZero(t *testing.T) {
	// needMed5 with q11_6 and q10_1 missing: self raw 1+1 = 2 → 1; the
	// reported domains are those of the present answers: 0/2/2/1 = 5.
	got := ComputePNI(mk(all(needMed5), miss(Q11_6, Q10_1), riskHigh), Custody)
	if want := [NumDomains]int8{0, 2, 2, 1}; got.Domains != want || got.Score != 5 {
		t.Errorf("got domains %v score %d; want %v 5", got.Domains, got.Score, want)
	}
	// Every item missing: 0/0/0/0.
	got = ComputePNI(mk(soh, riskLow), Custody)
	if got.Domains != [NumDomains]int8{} || got.Score != 0 || got.Need != LevelLow {
		t.Errorf("every item missing: got %+v; want zero domains, score 0, need low", got)
	}
}

func TestPNIWorkedExamples(t *testing.T) {
	cases := []struct {
		name               string
		p                  *Profile
		doms               [NumDomains]int8
		score              int8
		need, risk         Level
		custody, community Pathway
	}{
		{
			// No soh; think 1+1 = 2 → 1; rel 1+2+1+1 = 5 → 2; self 2+1+1+1 = 5
			// → 2; 0/1/2/2 = 5 medium. ogrs3 80 → high; ovp 40 not ≥ 60 and
			// SARA 1/1 so no override 1 → matrix moderate. Missing: sex items
			// (domain does not apply), rsr (counts; projected high; risk
			// already high), OSPs (na) → levels unchanged → moderate.
			name: "example 1: medium need, high risk, no override",
			p: mk(only(ans{Q12_1: 1, Q12_9: 1, Q6_1: 1, Q6_6: 2, Q7_3: 1, Q11_3: 1, Q11_2: 2, Q11_4: 1, Q11_6: 1, Q10_1: 1}),
				ogrs(80), ovp(40), saraP(1), saraO(1)),
			doms: [4]int8{0, 1, 2, 2}, score: 5, need: LevelMedium, risk: LevelHigh,
			custody: ModerateIntensity, community: ModerateIntensity,
		},
		{
			// q12_1 = 2 (q12_9 = 0: raw 2 → 1, override ⇒ 2); rel 2+2+1+0 = 5
			// → 2; self 2+2+1+0 = 5 → 2; 0/2/2/2 = 6 high. ovp 65 → high.
			// Matrix high → high intensity (stands whatever is missing);
			// community → moderate.
			name: "example 2: high need, high risk",
			p: mk(only(ans{Q12_1: 2, Q12_9: 0, Q6_1: 2, Q6_6: 2, Q7_3: 1, Q11_3: 0, Q11_2: 2, Q11_4: 2, Q11_6: 1, Q10_1: 0}),
				ovp(65)),
			doms: [4]int8{0, 2, 2, 2}, score: 6, need: LevelHigh, risk: LevelHigh,
			custody: HighIntensity, community: ModerateIntensity,
		},
		{
			// think q12_9 = 2 → raw 2 → 1; rel 1+1 = 2 → 1; 0/1/1/0 = 2 low.
			// sara_partner 2 → risk medium; matrix NE; override 2 → moderate.
			// Every item and ogrs3 10, ovp 5, rsr 0.5 present so projection
			// changes nothing (with ogrs3 missing this would be IM).
			name: "example 3: low need, SARA override",
			p:    mk(all(ans{Q12_9: 2, Q6_1: 1, Q11_3: 1}), riskLow, saraP(2)),
			doms: [4]int8{0, 1, 1, 0}, score: 2, need: LevelLow, risk: LevelMedium,
			custody: ModerateIntensity, community: ModerateIntensity,
		},
		{
			// think q12_9 = 1 → 1; 0/1/0/0 = 1 low. ogrs3 92 ≥ 75 and ovp 70 ≥
			// 60 → override 1 → high intensity; community → moderate.
			name: "example 4: low need, OGRS3 + OVP override",
			p:    mk(all(ans{Q12_9: 1}), rsr(0.5), ogrs(92), ovp(70)),
			doms: [4]int8{0, 1, 0, 0}, score: 1, need: LevelLow, risk: LevelHigh,
			custody: HighIntensity, community: ModerateIntensity,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, s := range []struct {
				setting Setting
				want    Pathway
			}{{Custody, c.custody}, {Community, c.community}} {
				got := ComputePNI(c.p, s.setting)
				if got.Domains != c.doms || got.Score != c.score || got.Need != c.need || got.Risk != c.risk || got.Pathway != s.want {
					t.Errorf("setting %d: got %+v (pathway %v); want domains %v score %d need %v risk %v pathway %v",
						s.setting, got, got.Pathway, c.doms, c.score, c.need, c.risk, s.want)
				}
			}
		})
	}
}

func TestPNIDoesNotModifyProfile(t *testing.T) {
	// Projection works on a copy: the profile's missing answers stay missing.
	p := mk(soh, all(needMed3), miss(Q11_12), ogrs(60))
	_ = ComputePNI(p, Custody)
	if p.Items[Q11_12].OK || p.OVP.OK || p.RSR.OK || p.OSPDC.OK || p.OSPIIC.OK || p.SARAPartner.OK || p.Q6_11.OK {
		t.Errorf("ComputePNI filled in missing profile fields: %+v", p)
	}
}
