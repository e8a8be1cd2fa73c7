package model

import (
	"fmt"
	"slices"
	"strings"
)

// The enumerations of a profile (Sex, SentenceType, SecurityCategory,
// OffenceGroup, OSPBand, RoSH) are small integers rather than strings: a
// planning dataset holds a million profiles, and every string in a profile
// is a pointer the garbage collector must follow. The zero value of each
// is "not given"; String gives the data contract's text.

// enumText returns names[v], or "" for a value outside names.
func enumText(names []string, v uint8) string {
	if int(v) < len(names) {
		return names[v]
	}
	return ""
}

// parseEnum returns the value whose name is s (names[0], the zero value,
// is never matched), or an error listing the names.
func parseEnum[T ~uint8](s string, names []string) (T, error) {
	for i := 1; i < len(names); i++ {
		if names[i] == s {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("want one of %s", strings.Join(names[1:], ", "))
}

// Sex is the sex recorded for a person: M or F.
type Sex uint8

// The two values of Sex in the data contract.
const (
	Male Sex = iota + 1
	Female
)

var sexNames = []string{"", "M", "F"}

// String returns M or F ("" when not given).
func (s Sex) String() string { return enumText(sexNames, uint8(s)) }

// MarshalText writes the contract's text.
func (s Sex) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses the contract's text.
func (s *Sex) UnmarshalText(b []byte) (err error) { *s, err = ParseSex(string(b)); return err }

// SentenceType is the kind of custody a person is in.
type SentenceType uint8

// Sentence types in the data contract. Indeterminate means life or IPP.
const (
	Determinate SentenceType = iota + 1
	Indeterminate
	Recall
	Remand
)

var sentenceTypeNames = []string{"", "determinate", "indeterminate", "recall", "remand"}

// String returns the contract's text ("" when not given).
func (t SentenceType) String() string { return enumText(sentenceTypeNames, uint8(t)) }

// MarshalText writes the contract's text.
func (t SentenceType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText parses the contract's text.
func (t *SentenceType) UnmarshalText(b []byte) (err error) {
	*t, err = ParseSentenceType(string(b))
	return err
}

// SentenceTypes lists every sentence type in contract order.
var SentenceTypes = []SentenceType{Determinate, Indeterminate, Recall, Remand}

// SecurityCategory is a person's security category: A to D for men,
// closed or open for the women's estate.
type SecurityCategory uint8

// Security categories in the data contract.
const (
	CatA SecurityCategory = iota + 1
	CatB
	CatC
	CatD
	Closed
	Open
)

var securityCategoryNames = []string{"", "A", "B", "C", "D", "closed", "open"}

// String returns the contract's text ("" when not given).
func (c SecurityCategory) String() string { return enumText(securityCategoryNames, uint8(c)) }

// MarshalText writes the contract's text.
func (c SecurityCategory) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText parses the contract's text.
func (c *SecurityCategory) UnmarshalText(b []byte) (err error) {
	*c, err = ParseSecurityCategory(string(b))
	return err
}

// SecurityCategories lists every security category.
var SecurityCategories = []SecurityCategory{CatA, CatB, CatC, CatD, Closed, Open}

// OffenceGroup is the principal index offence group.
type OffenceGroup uint8

// Offence groups in the data contract.
const (
	Violence OffenceGroup = iota + 1
	Sexual
	Robbery
	Burglary
	Theft
	Drugs
	Weapons
	Fraud
	Motoring
	PublicOrder
	CriminalDamage
	OtherOffence
)

var offenceGroupNames = []string{"", "violence", "sexual", "robbery", "burglary", "theft", "drugs",
	"weapons", "fraud", "motoring", "public_order", "criminal_damage", "other"}

// String returns the contract's text ("" when not given).
func (g OffenceGroup) String() string { return enumText(offenceGroupNames, uint8(g)) }

// MarshalText writes the contract's text.
func (g OffenceGroup) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// UnmarshalText parses the contract's text.
func (g *OffenceGroup) UnmarshalText(b []byte) (err error) {
	*g, err = ParseOffenceGroup(string(b))
	return err
}

// OffenceGroups lists every offence group in contract order.
var OffenceGroups = []OffenceGroup{Violence, Sexual, Robbery, Burglary, Theft, Drugs,
	Weapons, Fraud, Motoring, PublicOrder, CriminalDamage, OtherOffence}

// OSPBand is an OASys Sexual reoffending Predictor band. OSP/DC uses all five
// values; OSP/IIC stops at High.
type OSPBand uint8

// OSP bands in the data contract; OSPNA means the predictor does not apply.
const (
	OSPNA OSPBand = iota + 1
	OSPLow
	OSPMedium
	OSPHigh
	OSPVeryHigh
)

var ospNames = []string{"", "na", "low", "medium", "high", "very_high"}

// String returns the contract's text ("" when not given).
func (b OSPBand) String() string { return enumText(ospNames, uint8(b)) }

// MarshalText writes the contract's text.
func (b OSPBand) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// RoSH is the overall risk of serious harm.
type RoSH uint8

// RoSH levels in the data contract.
const (
	RoSHLow RoSH = iota + 1
	RoSHMedium
	RoSHHigh
	RoSHVeryHigh
)

var roshNames = []string{"", "low", "medium", "high", "very_high"}

// String returns the contract's text ("" when not given).
func (r RoSH) String() string { return enumText(roshNames, uint8(r)) }

// MarshalText writes the contract's text.
func (r RoSH) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Function is an establishment's predominant function.
type Function string

// Establishment functions in the data contract.
const (
	Local        Function = "local"
	CatBTrainer  Function = "cat_b_trainer"
	CatCTrainer  Function = "cat_c_trainer"
	OpenPrison   Function = "open"
	HighSecurity Function = "high_security"
	FemalePrison Function = "female"
	YOI          Function = "yoi"
	OtherFunc    Function = "other"
)

// functionWords names establishment functions for people.
var functionWords = map[Function]string{
	Local: "Local prison", CatBTrainer: "Category B training prison", CatCTrainer: "Category C training prison",
	OpenPrison: "Open prison", HighSecurity: "High security prison", FemalePrison: "Women's prison",
	YOI: "Young offender institution", OtherFunc: "Other",
}

// Words names the function for people ("Category C training prison"); a
// code outside the contract is given with spaces for underscores.
func (f Function) Words() string {
	if w, ok := functionWords[f]; ok {
		return w
	}
	return strings.ReplaceAll(string(f), "_", " ")
}

// Functions lists every establishment function.
var Functions = []Function{Local, CatBTrainer, CatCTrainer, OpenPrison, HighSecurity, FemalePrison, YOI, OtherFunc}

// Holds is the population an establishment holds: M, F or mixed.
type Holds string

// Populations an establishment can hold.
const (
	HoldsMen   Holds = "M"
	HoldsWomen Holds = "F"
	HoldsMixed Holds = "mixed"
)

// Admits reports whether an establishment holding h can hold a person of sex s.
func (h Holds) Admits(s Sex) bool {
	return h == HoldsMixed || h == HoldsMen && s == Male || h == HoldsWomen && s == Female
}

// Sexes returns the sexes an establishment holding h holds.
func (h Holds) Sexes() []Sex {
	switch h {
	case HoldsMen:
		return []Sex{Male}
	case HoldsWomen:
		return []Sex{Female}
	}
	return []Sex{Male, Female}
}

// Words names who an establishment holding h holds: "men", "women" or
// "men and women".
func (h Holds) Words() string { return SexesWords(h.Sexes()) }

// SexesWords names a set of sexes: "men", "women", or "men and women" (for
// both, or none given: no restriction).
func SexesWords(sexes []Sex) string {
	m, f := slices.Contains(sexes, Male), slices.Contains(sexes, Female)
	switch {
	case m && !f:
		return "men"
	case f && !m:
		return "women"
	}
	return "men and women"
}

// oneOf returns the member of vals whose text is s, or an error listing them.
func oneOf[T ~string](s string, vals ...T) (T, error) {
	for _, v := range vals {
		if string(v) == s {
			return v, nil
		}
	}
	var zero T
	return zero, fmt.Errorf("want one of %s", strings.Join(Names(vals), ", "))
}

// ParseSex parses M or F.
func ParseSex(s string) (Sex, error) { return parseEnum[Sex](s, sexNames) }

// ParseSentenceType parses a sentence type.
func ParseSentenceType(s string) (SentenceType, error) {
	return parseEnum[SentenceType](s, sentenceTypeNames)
}

// ParseSecurityCategory parses a security category.
func ParseSecurityCategory(s string) (SecurityCategory, error) {
	return parseEnum[SecurityCategory](s, securityCategoryNames)
}

// ParseOffenceGroup parses an offence group.
func ParseOffenceGroup(s string) (OffenceGroup, error) {
	return parseEnum[OffenceGroup](s, offenceGroupNames)
}

// ParseOSPDC parses an OSP/DC band (na, low, medium, high, very_high).
func ParseOSPDC(s string) (OSPBand, error) { return parseEnum[OSPBand](s, ospNames) }

// ParseOSPIIC parses an OSP/IIC band (na, low, medium, high).
func ParseOSPIIC(s string) (OSPBand, error) { return parseEnum[OSPBand](s, ospNames[:OSPHigh+1]) }

// ParseRoSH parses a RoSH level.
func ParseRoSH(s string) (RoSH, error) { return parseEnum[RoSH](s, roshNames) }

// ParseFunction parses an establishment function.
func ParseFunction(s string) (Function, error) { return oneOf(s, Functions...) }

// ParseHolds parses M, F or mixed.
func ParseHolds(s string) (Holds, error) { return oneOf(s, HoldsMen, HoldsWomen, HoldsMixed) }

// ParseBool parses the contract's textual booleans: true/false, 1/0, yes/no,
// y/n, in any case.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "1", "yes", "y":
		return true, nil
	case "false", "0", "no", "n":
		return false, nil
	}
	return false, fmt.Errorf("want a boolean (true/false, 1/0, yes/no, y/n)")
}
