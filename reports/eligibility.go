package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"needsplan/model"
)

// Eligibility in plain words: the catalogue's structured criteria
// (docs/catalogue.md) turned into sentences for staff and prisoners. The
// score bands follow docs/reference/pni.md (OVP 30–59 medium, 60 or more
// high; OGRS3 50 or more medium-high, 75 or more high; SARA 2 medium, 3
// high).

// fieldWords names a criterion's field for people, and says a test on it
// when the words depend on the values.
var fieldWords = map[string]string{
	"ogrs3":                  "an OGRS3 score",
	"ovp":                    "an OVP score",
	"rsr":                    "an RSR score",
	"osp_dc":                 "OSP/DC (the likelihood of contact sexual reoffending)",
	"osp_iic":                "OSP/IIC (the likelihood of indecent-image reoffending)",
	"rosh":                   "risk of serious harm (RoSH)",
	"programme_risk":         "programme risk",
	"age":                    "age",
	"sentence_type":          "sentence",
	"security_category":      "security category",
	"offence_group":          "index offence",
	"sara_partner":           "SARA risk to a partner",
	"sara_other":             "SARA risk to others",
	"sexual_offence_history": "a sexual offence in their history",
	"ipv":                    "intimate partner violence in their offending",
	"gang":                   "gang involvement linked to their offending",
	"extremism":              "extremist offending or concerns",
}

// needWords names the OASys needs a criterion can test.
var needWords = map[string]string{"drugs": "drug misuse", "alcohol": "alcohol misuse", "ete": "education, training and employment",
	"emotional": "emotional wellbeing", "thinking": "thinking and behaviour"}

// scoreMeaning says what a score predicts, after its range.
var scoreMeaning = map[string]string{"ogrs3": " (the likelihood of proven reoffending)", "ovp": " (the likelihood of violent reoffending)",
	"rsr": " (the risk of serious recidivism)"}

// bandWords names ordered bands (OSP, RoSH, programme risk) and the SARA
// scores.
var bandWords = map[string]string{"low": "low", "medium": "medium", "high": "high", "very_high": "very high", "na": "not applicable"}

// listWords joins words as people write a list: "a", "a or b", "a, b or c".
func listWords(ws []string, conj string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " " + conj + " " + ws[len(ws)-1]
}

func valueWords(field string, vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		if w, ok := bandWords[v]; ok {
			out[i] = w
		} else {
			out[i] = strings.ReplaceAll(v, "_", " ")
		}
	}
	return out
}

// criterionPhrase says one criterion as a phrase that follows "with"
// (people with …).
func criterionPhrase(c model.Criterion) string {
	if len(c.Any) > 0 {
		var alt []string
		for _, a := range c.Any {
			alt = append(alt, criterionPhrase(a))
		}
		return listWords(alt, "or")
	}
	v := ""
	if len(c.Values) > 0 {
		v = c.Values[0]
	}
	if strings.HasPrefix(c.Field, "need:") {
		need := strings.ReplaceAll(strings.TrimPrefix(c.Field, "need:"), "_", " ")
		if w, ok := needWords[need]; ok {
			need = w
		}
		if c.Op == "=" && v == "false" || c.Op == "!=" && v == "true" {
			return "no " + need + " need"
		}
		article := "a"
		if strings.ContainsRune("aeiou", rune(need[0])) {
			article = "an"
		}
		return article + " " + need + " need"
	}
	switch c.Field {
	case "sexual_offence_history", "ipv", "gang", "extremism":
		phrase := fieldWords[c.Field]
		if c.Op == "=" && v == "false" || c.Op == "!=" && v == "true" {
			return "no " + strings.TrimPrefix(strings.TrimPrefix(phrase, "a "), "an ")
		}
		return phrase
	case "ovp":
		switch {
		case c.Op == ">=" && v == "60":
			return "a high risk of violent reoffending (OVP 60 or more)"
		case c.Op == ">=" && v == "30":
			return "at least a medium risk of violent reoffending (OVP 30 or more)"
		}
	case "ogrs3":
		switch {
		case c.Op == ">=" && v == "75":
			return "a high likelihood of reoffending (OGRS3 75 or more)"
		case c.Op == ">=" && v == "50":
			return "a medium or higher likelihood of reoffending (OGRS3 50 or more)"
		}
	case "sara_partner", "sara_other":
		who := "a partner"
		if c.Field == "sara_other" {
			who = "others"
		}
		if c.Op == "=" {
			switch v {
			case "3":
				return "a high risk of violence to " + who + " (SARA)"
			case "2":
				return "a medium risk of violence to " + who + " (SARA)"
			}
		}
	case "osp_dc", "osp_iic", "rosh", "programme_risk":
		if c.Op == "in" || c.Op == "=" {
			bands := listWords(valueWords(c.Field, c.Values), "or")
			switch c.Field {
			case "osp_dc":
				return "a " + bands + " OSP/DC score (the likelihood of contact sexual reoffending)"
			case "osp_iic":
				return "a " + bands + " OSP/IIC score (the likelihood of indecent-image reoffending)"
			case "rosh":
				return "a " + bands + " risk of serious harm (RoSH)"
			}
			return "a " + bands + " programme risk"
		}
	case "offence_group":
		if c.Op == "in" || c.Op == "=" {
			return "an index offence of " + listWords(valueWords(c.Field, c.Values), "or")
		}
	case "sex":
		if c.Op == "=" {
			return map[string]string{"F": "women", "M": "men"}[v]
		}
	}
	name := fieldWords[c.Field]
	if name == "" {
		name = strings.ReplaceAll(c.Field, "_", " ")
	}
	vals := valueWords(c.Field, c.Values)
	if m, ok := scoreMeaning[c.Field]; ok {
		switch c.Op {
		case ">=":
			return name + " of " + v + " or more" + m
		case ">":
			return name + " above " + v + m
		case "<=":
			return name + " of " + v + " or less" + m
		case "<":
			return name + " below " + v + m
		}
	}
	switch c.Op {
	case "in":
		return "a " + listWords(vals, "or") + " " + name
	case "not_in":
		return "a " + name + " other than " + listWords(vals, "or")
	case "=":
		return "a " + name + " of " + v
	case "!=":
		return "a " + name + " other than " + v
	case ">=":
		return name + " of " + v + " or more"
	case ">":
		return name + " above " + v
	case "<=":
		return name + " of " + v + " or less"
	case "<":
		return name + " below " + v
	}
	return name + " " + c.Op + " " + strings.Join(vals, ", ")
}

// mergeRanges says criteria as phrases, joining a lower and an upper bound
// on the same field into one range ("OVP 30 to 59"), in order.
func mergeRanges(cs []model.Criterion) []string {
	var out []string
	used := make([]bool, len(cs))
	for i, c := range cs {
		if used[i] {
			continue
		}
		phrase := ""
		if len(c.Any) == 0 && (c.Op == ">=" || c.Op == ">") && len(c.Values) > 0 {
			for j := i + 1; j < len(cs) && phrase == ""; j++ {
				u := cs[j]
				if used[j] || len(u.Any) > 0 || u.Field != c.Field || (u.Op != "<" && u.Op != "<=") || len(u.Values) == 0 {
					continue
				}
				used[j] = true
				phrase = rangePhrase(c, u)
			}
		}
		if phrase == "" {
			phrase = criterionPhrase(c)
		}
		out = append(out, phrase)
	}
	return out
}

// rangePhrase says a lower bound lo and an upper bound hi on one field.
func rangePhrase(lo, hi model.Criterion) string {
	if lo.Field == "ovp" && lo.Op == ">=" && lo.Values[0] == "30" && hi.Op == "<" && hi.Values[0] == "60" {
		return "a medium risk of violent reoffending (OVP 30 to 59)"
	}
	name := fieldWords[lo.Field]
	if name == "" {
		name = strings.ReplaceAll(lo.Field, "_", " ")
	}
	from := lo.Values[0]
	if lo.Op == ">" {
		from = "above " + from
	}
	to := "to " + hi.Values[0]
	if hi.Op == "<" {
		to = "to under " + hi.Values[0]
	}
	return name + " from " + from + " " + to + scoreMeaning[lo.Field]
}

// isSex reports whether c tests the person's sex, and which sex.
func isSex(c model.Criterion) (model.Sex, bool) {
	if len(c.Any) == 0 && c.Field == "sex" && c.Op == "=" && len(c.Values) == 1 {
		if s, err := model.ParseSex(c.Values[0]); err == nil {
			return s, true
		}
	}
	return 0, false
}

// plainEligibility says who a programme is for, in sentences. within is
// the sexes of the people it is said to (an establishment's population; nil
// for the programme's own page): a programme for men and women is "for
// men" on a men's prison's page, and a criterion on sex that the
// population settles is left out.
func plainEligibility(g *model.Programme, within []model.Sex, cat *model.Catalogue) string {
	sexes := g.Sexes
	if len(sexes) == 0 {
		sexes = []model.Sex{model.Male, model.Female}
	}
	if within != nil {
		var both []model.Sex
		for _, s := range sexes {
			if slices.Contains(within, s) {
				both = append(both, s)
			}
		}
		if len(both) > 0 {
			sexes = both
		}
	}
	// Criteria that offer a sex as an alternative ("no sexual offence
	// history, or a woman"): settled by the population, or said apart.
	var crits []model.Criterion
	var alsoFor []string // "women" in "…, and for women"
	for _, c := range g.Eligibility {
		if len(c.Any) == 0 {
			crits = append(crits, c)
			continue
		}
		var rest []model.Criterion
		var sexAlt []model.Sex
		for _, a := range c.Any {
			if s, ok := isSex(a); ok {
				sexAlt = append(sexAlt, s)
			} else {
				rest = append(rest, a)
			}
		}
		if len(sexAlt) == 0 {
			crits = append(crits, c)
			continue
		}
		var others []model.Sex // sexes the alternative does not settle
		settled := false
		for _, s := range sexes {
			if slices.Contains(sexAlt, s) {
				settled = true
			} else {
				others = append(others, s)
			}
		}
		switch {
		case len(others) == 0: // everyone here qualifies through sex
		case !settled && len(rest) > 0:
			crits = append(crits, model.Criterion{Any: rest})
		case len(rest) > 0:
			// Mixed: the others need the rest; the settled sex qualifies.
			for _, s := range sexes {
				if slices.Contains(sexAlt, s) {
					alsoFor = append(alsoFor, model.SexesWords([]model.Sex{s}))
				}
			}
			sexes = others
			crits = append(crits, model.Criterion{Any: rest})
		}
	}
	var with []string
	if g.LDC == model.LDCOnly {
		with = append(with, "a learning disability or challenge")
	}
	with = append(with, mergeRanges(crits)...)
	var b strings.Builder
	b.WriteString("For " + model.SexesWords(sexes))
	if len(with) > 0 {
		b.WriteString(" with " + listWords(with, "and"))
	}
	if g.PathwayBound && g.Intensity != "" && g.Intensity != "none" {
		b.WriteString(", whose Programme Needs Identifier pathway is " + strings.ReplaceAll(string(g.Intensity), "_", " or ") + " intensity")
	}
	if len(alsoFor) > 0 {
		b.WriteString(", and for " + listWords(alsoFor, "and"))
		if g.PathwayBound && g.Intensity != "" && g.Intensity != "none" {
			b.WriteString(" on that pathway")
		}
	}
	b.WriteString(".")
	if g.LDC == model.LDCExcluded {
		b.WriteString(" People with a learning disability or challenge go to an adapted programme instead.")
	}
	if len(g.Prerequisites) > 0 {
		// By programme family: "Kaizen, sexual offence" and "Kaizen,
		// general violence" are both Kaizen.
		var names []string
		for _, code := range g.Prerequisites {
			name := code
			if cat != nil {
				if p, ok := cat.Lookup(code); ok {
					name, _, _ = strings.Cut(p.Name, ",")
				}
			}
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
		b.WriteString(" It follows on from " + listWords(names, "or") + ", which must be completed first.")
	}
	// One time rule (docs/classification.md, "In time"): the programme's
	// length and the consolidation window, or months_needed if longer
	// (without the catalogue there is no window to say).
	if cat != nil {
		if i, ok := cat.Index(g.Code); ok && cat.TimeNeeded(i) > 0 {
			fmt.Fprintf(&b, " To finish with %s to consolidate before release, it must start at least %s before release.",
				months(cat.Consolidation().Value), months(math.Round(cat.TimeNeeded(i)*10)/10))
		}
	}
	return b.String()
}
