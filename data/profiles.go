package data

import (
	"context"
	"fmt"
	"math"
	"strings"

	"needsplan/model"
)

// Profile columns, in the order of data-contract.md §1.
const (
	pPersonID = iota
	pEstablishment
	pSex
	pAge
	pSentenceType
	pSentenceStart
	pEarliestRelease
	pParoleEligibility
	pSecurityCategory
	pOffenceGroup
	pSexualOffenceHistory
	pIPV
	pGang
	pExtremism
	pOGRS3
	pOVP
	pOSPDC
	pOSPIIC
	pRSR
	pSARAPartner
	pSARAOther
	pRoSH
	pQ6_11
	pFinance
	pEmotional
	pLDS
	pCompleted
	pAssessedOn
	pItems                                 // the 13 PNI items follow
	pScores = pItems + int(model.NumItems) // then the 8 section scores
)

var profileSchema = func() schema {
	opt := []string{"earliest_release", "parole_eligibility", "security_category"}
	s := newSchema([]string{"person_id", "establishment", "sex", "age", "sentence_type", "sentence_start"}, opt...)
	// earliest_release is required except for remand: checked per row.
	s.names = append(s.names, "offence_group", "sexual_offence_history")
	s.required["offence_group"], s.required["sexual_offence_history"] = true, true
	s.names = append(s.names, "ipv", "gang", "extremism", "ogrs3", "ovp", "osp_dc", "osp_iic", "rsr",
		"sara_partner", "sara_other", "rosh", "q6_11", "finance_need", "emotional_need", "lds", "completed", "assessed_on")
	for it := range model.NumItems {
		s.names = append(s.names, it.Column())
	}
	for sec := range model.Section(model.NumScored) {
		s.names = append(s.names, sec.Column())
	}
	return s
}()

// ProfileColumns returns the profiles table's column names in contract order.
func ProfileColumns() []string { return append([]string(nil), profileSchema.names...) }

// ReadOptions says how to read and check profiles.
type ReadOptions struct {
	// Format of the file; empty means by the file name's extension.
	Format Format
	// Establishments, when not nil, is the set of known establishment codes
	// with the sex each holds: people elsewhere, or of a sex an
	// establishment does not hold, are refused.
	Establishments map[string]model.Holds
	// Catalogue, when not nil, checks completed programme codes.
	Catalogue *model.Catalogue
	// AsOf, when set, refuses sentence starts and assessments after it.
	AsOf model.Opt[model.Date]
	// MaxErrors is how many problems to report; 0 means DefaultMaxErrors.
	MaxErrors int
}

// ReadProfiles reads and checks a profiles table (data-contract.md §1) from
// f, calling it name in messages. It returns the people in file order and a
// warning for unknown columns. Any problem makes the error an *Errors
// (matching ErrInvalid) listing every problem found up to the limit.
func ReadProfiles(ctx context.Context, f File, name string, opt ReadOptions) ([]model.Profile, []string, error) {
	format, err := formatFor(name, opt.Format)
	if err != nil {
		return nil, nil, err
	}
	errs := &collector{max: cmpOr(opt.MaxErrors, DefaultMaxErrors)}
	t, err := openTable(ctx, f, name, format, profileSchema.want(), errs)
	if err != nil {
		return nil, nil, err
	}
	defer t.close()
	out := make([]model.Profile, 0, min(t.rows, 50_000_000))
	seen := make(map[string]int, min(t.rows, 50_000_000))
	estIntern := map[string]string{}
	extra, err := readRows(name, t, profileSchema, errs, func(c *cells) {
		p, ok := decodeProfile(c, &opt, estIntern)
		if !ok {
			return
		}
		if first, dup := seen[p.PersonID]; dup {
			c.errs.add(&Error{File: c.file, Row: c.row, Record: c.record, Column: "person_id", Value: p.PersonID,
				Msg: fmt.Sprintf("duplicate person_id: already on %s %d", rowWord(c.record), first)})
			return
		}
		seen[p.PersonID] = c.row
		out = append(out, p)
	})
	if err != nil {
		return nil, nil, err
	}
	if e := errs.err(); e != nil {
		return nil, nil, e
	}
	if len(out) == 0 {
		return nil, nil, &Error{File: name, Msg: "no people: the file has a header but no rows"}
	}
	return out, extraWarning(name, extra), nil
}

func rowWord(record bool) string {
	if record {
		return "record"
	}
	return "row"
}

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func formatFor(name string, f Format) (Format, error) {
	if f != "" {
		return f, nil
	}
	ff, err := formatOfExt(name)
	if err != nil {
		return "", &Error{File: name, Msg: err.Error()}
	}
	return ff, nil
}

func extraWarning(name string, extra []string) []string {
	if len(extra) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%s: ignoring %d unknown column(s): %s", name, len(extra), strings.Join(extra, ", "))}
}

// decodeProfile decodes one row; ok is false when any field was refused.
func decodeProfile(c *cells, opt *ReadOptions, estIntern map[string]string) (p model.Profile, ok bool) {
	p.PersonID = strings.Clone(c.str(pPersonID, true))
	if kind := model.IdentifierKind(p.PersonID); kind != "" {
		c.fail(pPersonID, "looks like a real "+kind+": person_id must be a pseudonymous id, never an identifier")
	}
	est := strings.ToUpper(c.str(pEstablishment, true))
	if e, ok := estIntern[est]; ok {
		p.Establishment = e
	} else if est != "" {
		p.Establishment = strings.Clone(est)
		estIntern[p.Establishment] = p.Establishment
	}
	var holds model.Holds
	if est != "" && opt.Establishments != nil {
		h, known := opt.Establishments[est]
		if !known {
			c.fail(pEstablishment, "unknown establishment: want a code listed in establishments")
		}
		holds = h
	}
	p.Sex = enum(c, pSex, model.ParseSex, true).Val
	if holds != "" && p.Sex != "" && !holds.Admits(p.Sex) {
		c.fail(pSex, fmt.Sprintf("establishment %s holds %s only", est, holds))
	}
	p.Age = c.integer(pAge, 15, 110, true).Val
	p.SentenceType = enum(c, pSentenceType, model.ParseSentenceType, true).Val
	start := c.date(pSentenceStart, true)
	p.SentenceStart = start.Val
	p.EarliestRelease = c.date(pEarliestRelease, p.SentenceType != model.Remand && p.SentenceType != "")
	p.ParoleEligibility = c.date(pParoleEligibility, false)
	if start.OK && p.EarliestRelease.OK && p.EarliestRelease.Val < start.Val {
		c.fail(pEarliestRelease, "earliest_release is before sentence_start "+start.Val.String())
	}
	if start.OK && p.ParoleEligibility.OK && p.ParoleEligibility.Val < start.Val {
		c.fail(pParoleEligibility, "parole_eligibility is before sentence_start "+start.Val.String())
	}
	if asOf, ok := opt.AsOf.Get(); ok && start.OK && start.Val > asOf {
		c.fail(pSentenceStart, "sentence_start is after the dataset date "+asOf.String())
	}
	p.SecurityCategory = enum(c, pSecurityCategory, model.ParseSecurityCategory, false)
	if sc, ok := p.SecurityCategory.Get(); ok && p.Sex != "" {
		women := sc == model.Open || sc == model.Closed
		if women != (p.Sex == model.Female) {
			c.fail(pSecurityCategory, "want A, B, C or D for men and closed or open for women")
		}
	}
	p.OffenceGroup = enum(c, pOffenceGroup, model.ParseOffenceGroup, true).Val
	p.SexualOffenceHistory = c.boolean(pSexualOffenceHistory, true).Val
	p.IPV = c.boolean(pIPV, false).Val
	p.Gang = c.boolean(pGang, false).Val
	p.Extremism = c.boolean(pExtremism, false).Val
	p.OGRS3 = c.float(pOGRS3, 0, 100, false)
	p.OVP = c.float(pOVP, 0, 100, false)
	p.RSR = c.float(pRSR, 0, 100, false)
	p.OSPDC = enum(c, pOSPDC, model.ParseOSPDC, false)
	p.OSPIIC = enum(c, pOSPIIC, model.ParseOSPIIC, false)
	p.SARAPartner = c.integer(pSARAPartner, 1, 3, false)
	p.SARAOther = c.integer(pSARAOther, 1, 3, false)
	p.RoSH = enum(c, pRoSH, model.ParseRoSH, false)
	p.Q6_11 = c.boolean(pQ6_11, false)
	p.FinanceNeed = c.boolean(pFinance, false)
	p.EmotionalNeed = c.boolean(pEmotional, false)
	p.LDS = c.integer(pLDS, 0, math.MaxInt32, false)
	if s := c.str(pCompleted, false); s != "" {
		for _, code := range strings.Split(s, ";") {
			code = strings.ToUpper(strings.TrimSpace(code))
			if code == "" {
				continue
			}
			if opt.Catalogue != nil {
				if _, ok := opt.Catalogue.Lookup(code); !ok {
					c.fail(pCompleted, fmt.Sprintf("unknown programme code %s: want codes from the catalogue separated by ';'", code))
					continue
				}
			}
			p.Completed = append(p.Completed, code)
		}
	}
	p.AssessedOn = c.date(pAssessedOn, false)
	if asOf, ok := opt.AsOf.Get(); ok && p.AssessedOn.OK && p.AssessedOn.Val > asOf {
		c.fail(pAssessedOn, "assessed_on is after the dataset date "+asOf.String())
	}
	for it := range model.NumItems {
		p.Items[it] = c.integer(pItems+int(it), 0, 2, false)
	}
	for sec := range model.Section(model.NumScored) {
		p.Scores[sec] = c.integer(pScores+int(sec), 0, int64(sec.Max()), false)
	}
	return p, !c.bad
}
