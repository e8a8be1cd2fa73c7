package model

// This file implements the Programme Needs Identifier exactly as
// docs/reference/pni.md states it (the OASys form of the rules, whose
// oracle is the OASys test suite's pni.ts).

// Level is a low, medium or high need or risk level.
type Level int8

// Need and risk levels.
const (
	LevelLow Level = iota
	LevelMedium
	LevelHigh
)

var levelNames = [...]string{"low", "medium", "high"}

// String returns low, medium or high.
func (l Level) String() string { return levelNames[l] }

// Pathway is the PNI programme pathway.
type Pathway int8

// PNI pathways. NotEligible is the service's wording for the alternative
// pathway (other interventions); InfoMissing means missing answers could
// change the result.
const (
	NotEligible Pathway = iota
	ModerateIntensity
	HighIntensity
	InfoMissing
)

// Pathways lists the pathways in report order.
var Pathways = []Pathway{HighIntensity, ModerateIntensity, NotEligible, InfoMissing}

var pathwayNames = [...]string{"not_eligible", "moderate", "high", "information_missing"}

// String returns high, moderate, not_eligible or information_missing.
func (p Pathway) String() string { return pathwayNames[p] }

// Setting is where a programme is delivered: high intensity exists only in
// custody (pni.md §3).
type Setting int8

// Delivery settings.
const (
	Custody Setting = iota
	Community
)

// Domain names a PNI need domain.
type Domain int

// The four PNI need domains (pni.md §1).
const (
	SexDomain Domain = iota
	ThinkingDomain
	RelationshipsDomain
	SelfManagementDomain
	NumDomains
)

// PNI is the result of the Programme Needs Identifier for one person.
type PNI struct {
	Domains [NumDomains]int8 // domain scores 0–2, missing answers counted as 0
	Score   int8             // total need score 0–8
	Need    Level            // need level from Score
	Risk    Level            // programme risk level (not RoSH)
	Pathway Pathway
}

// pniInputs holds the PNI's inputs after the OASys defaults of pni.md §4: a
// negative score is missing, an empty band is missing.
type pniInputs struct {
	items           [NumItems]int // -1 missing
	sexApplies      bool
	ogrs3, ovp, rsr float64 // -1 missing
	ospDC, ospIIC   OSPBand // 0 missing
	saraP, saraO    int
	soh             bool
}

func optFloat(o Opt[float64]) float64 {
	if o.OK {
		return o.Val
	}
	return -1
}

func (p *Profile) pniInputs() pniInputs {
	in := pniInputs{
		ogrs3: optFloat(p.OGRS3), ovp: optFloat(p.OVP), rsr: optFloat(p.RSR),
		ospDC: p.OSPDC.Val, ospIIC: p.OSPIIC.Val,
		// A missing SARA counts as 1 (low); a missing q6_11 as false (pni.md §4).
		saraP: int(p.SARAPartner.Or(1)), saraO: int(p.SARAOther.Or(1)),
		soh: p.SexualOffenceHistory,
	}
	in.sexApplies = p.SexualOffenceHistory || p.Q6_11.Or(false)
	if !p.SexualOffenceHistory {
		// A missing OSP counts as na for someone with no sexual offence history.
		if !p.OSPDC.OK {
			in.ospDC = OSPNA
		}
		if !p.OSPIIC.OK {
			in.ospIIC = OSPNA
		}
	}
	for i, o := range p.Items {
		if o.OK {
			in.items[i] = int(o.Val)
		} else {
			in.items[i] = -1
		}
	}
	return in
}

// domainItems lists each domain's items (pni.md §1 table).
var domainItems = [NumDomains][]Item{
	SexDomain:            {Q11_11, Q11_12, Q6_12},
	ThinkingDomain:       {Q12_1, Q12_9},
	RelationshipsDomain:  {Q6_1, Q6_6, Q7_3, Q11_3},
	SelfManagementDomain: {Q11_2, Q11_4, Q11_6, Q10_1},
}

// DomainItems returns the items of domain d.
func DomainItems(d Domain) []Item { return domainItems[d] }

// band maps a domain's raw sum to its score: raw ≥ hi → 2, raw ≥ lo → 1
// (pni.md §1: sex 2/4, thinking 1/3, relationships and self-management 2/5).
var bands = [NumDomains][2]int{
	SexDomain:            {2, 4},
	ThinkingDomain:       {1, 3},
	RelationshipsDomain:  {2, 5},
	SelfManagementDomain: {2, 5},
}

func (in *pniInputs) need() (doms [NumDomains]int8, total int8, lvl Level) {
	for d := range NumDomains {
		if d == SexDomain && !in.sexApplies {
			continue
		}
		raw := 0
		for _, it := range domainItems[d] {
			if v := in.items[it]; v > 0 {
				raw += v
			}
		}
		switch {
		case raw >= bands[d][1]:
			doms[d] = 2
		case raw >= bands[d][0]:
			doms[d] = 1
		}
		// Overrides: q11_12 = 2 puts sex at 2; q12_1 = 2 puts thinking at 2.
		if d == SexDomain && in.items[Q11_12] == 2 || d == ThinkingDomain && in.items[Q12_1] == 2 {
			doms[d] = 2
		}
		total += doms[d]
	}
	// Need level: 0–2 low, 3–5 medium, 6–8 high (pni.md §1).
	switch {
	case total >= 6:
		lvl = LevelHigh
	case total >= 3:
		lvl = LevelMedium
	}
	return doms, total, lvl
}

// ospAbsent reports whether both OSPs are na or missing, the condition for
// RSR to count (pni.md §2).
func (in *pniInputs) ospAbsent() bool {
	return (in.ospDC == OSPNA || in.ospDC == 0) && (in.ospIIC == OSPNA || in.ospIIC == 0)
}

// risk returns the programme risk level (pni.md §2).
func (in *pniInputs) risk() Level {
	rsrCounts := in.ospAbsent()
	switch {
	case in.ogrs3 >= 75, in.ovp >= 60,
		in.ospDC == OSPHigh, in.ospDC == OSPVeryHigh, in.ospIIC == OSPHigh,
		rsrCounts && in.rsr >= 3,
		in.saraP == 3, in.saraO == 3:
		return LevelHigh
	case in.ogrs3 >= 50, in.ovp >= 30,
		in.ospDC == OSPMedium, in.ospIIC == OSPMedium,
		rsrCounts && in.rsr >= 1,
		in.saraP == 2, in.saraO == 2:
		return LevelMedium
	}
	return LevelLow
}

// matrix is the need × risk pathway table of pni.md §3.
func matrix(need, risk Level) Pathway {
	switch {
	case need == LevelHigh && risk == LevelHigh:
		return HighIntensity
	case need >= LevelMedium && risk >= LevelMedium:
		return ModerateIntensity
	}
	return NotEligible
}

// override1 is pni.md §3 override 1: OGRS3 ≥ 75 and (OVP ≥ 60 or a SARA = 3).
func (in *pniInputs) override1() bool {
	return in.ogrs3 >= 75 && (in.ovp >= 60 || in.saraP == 3 || in.saraO == 3)
}

// override2 is pni.md §3 override 2: a SARA ≥ 2 gives at least moderate.
func (in *pniInputs) override2(p Pathway) Pathway {
	if p == NotEligible && (in.saraP >= 2 || in.saraO >= 2) {
		return ModerateIntensity
	}
	return p
}

// project returns the inputs with every missing answer that counts at its
// highest value (pni.md §4 step 2).
func (in pniInputs) project() pniInputs {
	for d := range NumDomains {
		if d == SexDomain && !in.sexApplies {
			continue
		}
		for _, it := range domainItems[d] {
			if in.items[it] < 0 {
				in.items[it] = 2
			}
		}
	}
	if in.ogrs3 < 0 {
		in.ogrs3 = 100
	}
	if in.ovp < 0 {
		in.ovp = 100
	}
	if in.soh { // only someone with sexual offence history can have a missing OSP here
		if in.ospDC == 0 {
			in.ospDC = OSPVeryHigh
		}
		if in.ospIIC == 0 {
			in.ospIIC = OSPHigh
		}
	}
	if in.rsr < 0 && in.ospAbsent() {
		in.rsr = 100
	}
	return in
}

// ComputePNI runs the Programme Needs Identifier on p for a delivery setting,
// following docs/reference/pni.md §1–§4 including both overrides, the
// missing-information projection and custody-only high intensity.
func ComputePNI(p *Profile, setting Setting) PNI {
	in := p.pniInputs()
	var r PNI
	r.Domains, r.Score, r.Need = in.need()
	r.Risk = in.risk()
	r.Pathway = decide(&in, r.Need, r.Risk)
	if setting == Community && r.Pathway == HighIntensity {
		r.Pathway = ModerateIntensity
	}
	return r
}

func decide(in *pniInputs, need, risk Level) Pathway {
	actual := matrix(need, risk)
	if in.override1() {
		actual = HighIntensity
	}
	actual = in.override2(actual)
	// §4.1: high intensity from the present answers stands.
	if actual == HighIntensity {
		return HighIntensity
	}
	// §4.2: project the missing answers; still not eligible → not eligible.
	pr := in.project()
	_, _, pNeed := pr.need()
	pRisk := pr.risk()
	if pr.override2(matrix(pNeed, pRisk)) == NotEligible {
		return NotEligible
	}
	// §4.3: information missing only when the projection moves a level.
	if pNeed != need || pRisk != risk {
		return InfoMissing
	}
	return actual
}
