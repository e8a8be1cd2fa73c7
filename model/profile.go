package model

import (
	"strings"
)

// Item names one of the 13 OASys items that feed the Programme Needs
// Identifier (docs/reference/pni.md §1). Each is answered 0, 1 or 2.
type Item int

// The PNI items, in the data contract's column order.
const (
	Q6_1 Item = iota
	Q6_6
	Q6_12
	Q7_3
	Q10_1
	Q11_2
	Q11_3
	Q11_4
	Q11_6
	Q11_11
	Q11_12
	Q12_1
	Q12_9
	NumItems
)

var itemColumns = [NumItems]string{"q6_1", "q6_6", "q6_12", "q7_3", "q10_1", "q11_2",
	"q11_3", "q11_4", "q11_6", "q11_11", "q11_12", "q12_1", "q12_9"}

// Column returns the item's column name in the data contract, e.g. "q11_12".
func (i Item) Column() string { return itemColumns[i] }

// Section is an OASys need section.
type Section int

// The OASys sections the data contract carries. The first eight are scored;
// Finance and Emotional are unscored and recorded as assessed need.
const (
	Accommodation Section = iota
	ETE
	Relationships
	Lifestyle
	DrugMisuse
	AlcoholMisuse
	ThinkingBehaviour
	Attitudes
	Finance
	Emotional
	NumSections
)

// NumScored is the number of scored sections (Accommodation to Attitudes).
const NumScored = 8

type sectionInfo struct {
	column, label  string
	max, threshold int
}

// sections holds the column, label, maximum score and need threshold of each
// section. Maxima and thresholds: docs/reference/data-contract.md §1
// ("Identified need per section: score ≥ threshold").
var sections = [NumSections]sectionInfo{
	{"accommodation", "Accommodation", 8, 2},
	{"ete", "Education, training, employment", 8, 3},
	{"relationships", "Relationships", 6, 2},
	{"lifestyle", "Lifestyle", 6, 2},
	{"drugs", "Drug misuse", 10, 2},
	{"alcohol", "Alcohol misuse", 8, 4},
	{"thinking", "Thinking and behaviour", 8, 4},
	{"attitudes", "Attitudes", 8, 2},
	{"finance_need", "Finance", 0, 0},
	{"emotional_need", "Emotional wellbeing", 0, 0},
}

// Column returns the section's column name in the data contract.
func (s Section) Column() string { return sections[s].column }

// Name returns the short name used in outputs: the column name without the
// "_need" suffix of the unscored sections.
func (s Section) Name() string { return strings.TrimSuffix(sections[s].column, "_need") }

// Label returns the section's name for people to read.
func (s Section) Label() string { return sections[s].label }

// Max returns the highest score of a scored section (0 for unscored ones).
func (s Section) Max() int { return sections[s].max }

// Threshold returns the score at or above which a scored section is an
// identified need.
func (s Section) Threshold() int { return sections[s].threshold }

// Scored reports whether the section has a score.
func (s Section) Scored() bool { return s < NumScored }

// Profile is one person's anonymised OASys-style need profile: one row of the
// profiles table (docs/reference/data-contract.md §1).
type Profile struct {
	PersonID          string
	Establishment     string
	Sex               Sex
	Age               int
	SentenceType      SentenceType
	SentenceStart     Date
	EarliestRelease   Opt[Date] // missing only for remand
	ParoleEligibility Opt[Date]
	SecurityCategory  Opt[SecurityCategory]
	OffenceGroup      OffenceGroup

	SexualOffenceHistory bool
	IPV, Gang, Extremism bool

	OGRS3, OVP, RSR        Opt[float64] // percentages 0–100
	OSPDC, OSPIIC          Opt[OSPBand]
	SARAPartner, SARAOther Opt[int8] // 1 low, 2 medium, 3 high
	RoSH                   Opt[RoSH]

	Items [NumItems]Opt[int8] // PNI items, each 0, 1 or 2
	Q6_11 Opt[bool]

	// Scores holds the scored sections' scores, indexed by Section.
	Scores [NumScored]Opt[int8]
	// FinanceNeed and EmotionalNeed are the unscored sections' assessed need.
	FinanceNeed, EmotionalNeed Opt[bool]

	LDS        Opt[int32] // learning disability screening sub-total
	Completed  []string   // programme codes already completed
	AssessedOn Opt[Date]
}

// Need reports whether section s is an identified need, and whether it was
// assessed at all (false when the score or flag is missing).
func (p *Profile) Need(s Section) (need, assessed bool) {
	switch s {
	case Finance:
		return p.FinanceNeed.Val, p.FinanceNeed.OK
	case Emotional:
		return p.EmotionalNeed.Val, p.EmotionalNeed.OK
	}
	v, ok := p.Scores[s].Get()
	return ok && int(v) >= s.Threshold(), ok
}

// LDCThreshold is the learning disability screening sub-total at and above
// which a person has a learning disability or challenges (pni.md §5).
const LDCThreshold = 3

// LDC reports learning disability or challenges: lds ≥ 3. A missing lds is
// not LDC.
func (p *Profile) LDC() bool { v, ok := p.LDS.Get(); return ok && int(v) >= LDCThreshold }

// IdentifierKind returns what real identifier id looks like ("prison number",
// "PNC number", "CRN"), or "" when it looks like none: a prison number
// (A1234BC), a PNC number (2019/0123456X, also with a two-digit year) or a
// probation case reference number (X123456), the shapes data-contract.md §1
// refuses as person_id. Case and surrounding space are ignored, since
// exports vary in both. It matches by hand rather than with regular
// expressions because every person_id of every load goes through it.
func IdentifierKind(id string) string {
	s := strings.TrimSpace(id)
	letter := func(i int) bool { c := s[i] | 0x20; return c >= 'a' && c <= 'z' }
	digits := func(i, j int) bool {
		for ; i < j; i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	switch n := len(s); {
	case n == 7 && letter(0) && digits(1, 5) && letter(5) && letter(6):
		return "prison number"
	case n == 7 && letter(0) && digits(1, 7):
		return "CRN"
	case n >= 5:
		// ([0-9]{2}|[0-9]{4}) / [0-9]{1,7} [A-Z]
		slash := strings.IndexByte(s, '/')
		if (slash == 2 || slash == 4) && digits(0, slash) && n-slash-2 >= 1 && n-slash-2 <= 7 &&
			digits(slash+1, n-1) && letter(n-1) {
			return "PNC number"
		}
	}
	return ""
}
