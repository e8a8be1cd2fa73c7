package model

// PriorityWeights weigh people in a commissioning plan's objective
// (docs/plan.md, "Weights"): a person's weight is the largest weight of
// the rules they meet, Base when they meet none. Higher weights go to the
// people the risk principle and public protection put first.
type PriorityWeights map[string]float64

// WeightRule is one rule of the weights: its key in a weights file and
// whom it matches.
type WeightRule struct {
	Key   string
	Doc   string
	Match func(*Profile) bool
}

// BaseWeight is the key of the weight of a person who meets no rule.
const BaseWeight = "base"

// WeightRules are the rules a weights file may weigh, besides BaseWeight.
// The bands are those of the data contract: OGRS3 75 and above is high
// (75–89) or very high (90+); OVP 60 and above is high or very high
// (reference/pni.md).
var WeightRules = []WeightRule{
	{"high_rosh", "RoSH high or very high", func(p *Profile) bool { return p.RoSH.OK && p.RoSH.Val >= RoSHHigh }},
	{"high_risk", "OGRS3 75 or more, or OVP 60 or more", func(p *Profile) bool {
		return p.OGRS3.OK && p.OGRS3.Val >= 75 || p.OVP.OK && p.OVP.Val >= 60
	}},
	{"sexual_offence", "a sexual offence in their history", func(p *Profile) bool { return p.SexualOffenceHistory }},
	{"partner_violence", "intimate partner violence", func(p *Profile) bool { return p.IPV }},
}

// DefaultPriorityWeights are the weights when no file gives them: high
// RoSH, sexual and partner-violence offences twice a base person, high
// likelihood of reoffending one and a half times (an assumption: no
// published weights exist; docs/plan.md).
func DefaultPriorityWeights() PriorityWeights {
	return PriorityWeights{BaseWeight: 1, "high_rosh": 2, "high_risk": 1.5, "sexual_offence": 2, "partner_violence": 2}
}

// Of is person p's weight.
func (w PriorityWeights) Of(p *Profile) float64 {
	v := w[BaseWeight]
	for _, r := range WeightRules {
		if x, ok := w[r.Key]; ok && x > v && r.Match(p) {
			v = x
		}
	}
	return v
}
