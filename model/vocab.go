package model

import (
	"fmt"
	"strings"
)

// Sex is the sex recorded for a person: M or F.
type Sex string

// The two values of Sex in the data contract.
const (
	Male   Sex = "M"
	Female Sex = "F"
)

// SentenceType is the kind of custody a person is in.
type SentenceType string

// Sentence types in the data contract. Indeterminate means life or IPP.
const (
	Determinate   SentenceType = "determinate"
	Indeterminate SentenceType = "indeterminate"
	Recall        SentenceType = "recall"
	Remand        SentenceType = "remand"
)

// SentenceTypes lists every sentence type in contract order.
var SentenceTypes = []SentenceType{Determinate, Indeterminate, Recall, Remand}

// SecurityCategory is a person's security category: A to D for men,
// closed or open for the women's estate.
type SecurityCategory string

// Security categories in the data contract.
const (
	CatA   SecurityCategory = "A"
	CatB   SecurityCategory = "B"
	CatC   SecurityCategory = "C"
	CatD   SecurityCategory = "D"
	Closed SecurityCategory = "closed"
	Open   SecurityCategory = "open"
)

// SecurityCategories lists every security category.
var SecurityCategories = []SecurityCategory{CatA, CatB, CatC, CatD, Closed, Open}

// OffenceGroup is the principal index offence group.
type OffenceGroup string

// Offence groups in the data contract.
const (
	Violence       OffenceGroup = "violence"
	Sexual         OffenceGroup = "sexual"
	Robbery        OffenceGroup = "robbery"
	Burglary       OffenceGroup = "burglary"
	Theft          OffenceGroup = "theft"
	Drugs          OffenceGroup = "drugs"
	Weapons        OffenceGroup = "weapons"
	Fraud          OffenceGroup = "fraud"
	Motoring       OffenceGroup = "motoring"
	PublicOrder    OffenceGroup = "public_order"
	CriminalDamage OffenceGroup = "criminal_damage"
	OtherOffence   OffenceGroup = "other"
)

// OffenceGroups lists every offence group in contract order.
var OffenceGroups = []OffenceGroup{Violence, Sexual, Robbery, Burglary, Theft, Drugs,
	Weapons, Fraud, Motoring, PublicOrder, CriminalDamage, OtherOffence}

// OSPBand is an OASys Sexual reoffending Predictor band. OSP/DC uses all five
// values; OSP/IIC stops at High.
type OSPBand string

// OSP bands in the data contract; OSPNA means the predictor does not apply.
const (
	OSPNA       OSPBand = "na"
	OSPLow      OSPBand = "low"
	OSPMedium   OSPBand = "medium"
	OSPHigh     OSPBand = "high"
	OSPVeryHigh OSPBand = "very_high"
)

// RoSH is the overall risk of serious harm.
type RoSH string

// RoSH levels in the data contract.
const (
	RoSHLow      RoSH = "low"
	RoSHMedium   RoSH = "medium"
	RoSHHigh     RoSH = "high"
	RoSHVeryHigh RoSH = "very_high"
)

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
func (h Holds) Admits(s Sex) bool { return h == HoldsMixed || string(h) == string(s) }

// oneOf returns the member of vals whose text is s, or an error listing them.
func oneOf[T ~string](s string, vals ...T) (T, error) {
	for _, v := range vals {
		if string(v) == s {
			return v, nil
		}
	}
	names := make([]string, len(vals))
	for i, v := range vals {
		names[i] = string(v)
	}
	var zero T
	return zero, fmt.Errorf("want one of %s", strings.Join(names, ", "))
}

// ParseSex parses M or F.
func ParseSex(s string) (Sex, error) { return oneOf(s, Male, Female) }

// ParseSentenceType parses a sentence type.
func ParseSentenceType(s string) (SentenceType, error) { return oneOf(s, SentenceTypes...) }

// ParseSecurityCategory parses a security category.
func ParseSecurityCategory(s string) (SecurityCategory, error) {
	return oneOf(s, SecurityCategories...)
}

// ParseOffenceGroup parses an offence group.
func ParseOffenceGroup(s string) (OffenceGroup, error) { return oneOf(s, OffenceGroups...) }

// ParseOSPDC parses an OSP/DC band (na, low, medium, high, very_high).
func ParseOSPDC(s string) (OSPBand, error) {
	return oneOf(s, OSPNA, OSPLow, OSPMedium, OSPHigh, OSPVeryHigh)
}

// ParseOSPIIC parses an OSP/IIC band (na, low, medium, high).
func ParseOSPIIC(s string) (OSPBand, error) { return oneOf(s, OSPNA, OSPLow, OSPMedium, OSPHigh) }

// ParseRoSH parses a RoSH level.
func ParseRoSH(s string) (RoSH, error) {
	return oneOf(s, RoSHLow, RoSHMedium, RoSHHigh, RoSHVeryHigh)
}

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
