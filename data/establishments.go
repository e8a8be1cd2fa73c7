package data

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"needsplan/model"
)

var establishmentSchema = newSchema([]string{"code", "name", "sex", "function", "region"},
	"operational_capacity", "resettlement", "facilitator_teams")

// ReadEstablishments reads and checks an establishments table
// (data-contract.md §2). Codes must be unique.
// The default Limits apply; Load passes its own.
func ReadEstablishments(ctx context.Context, f File, name string, format Format) ([]model.Establishment, []string, error) {
	return readEstablishments(ctx, f, name, format, Limits{})
}

func readEstablishments(ctx context.Context, f File, name string, format Format, lim Limits) ([]model.Establishment, []string, error) {
	format, err := formatFor(name, format)
	if err != nil {
		return nil, nil, err
	}
	errs := &collector{max: DefaultMaxErrors}
	t, err := openTable(ctx, f, name, format, establishmentSchema.want(), errs, lim.orDefaults())
	if err != nil {
		return nil, nil, err
	}
	defer t.close()
	var out []model.Establishment
	seen := map[string]int{}
	extra, err := readRows(name, t, establishmentSchema, errs, func(c *cells) {
		e := model.Establishment{
			Code:                strings.ToUpper(c.str(0, true)),
			Name:                c.str(1, true),
			Holds:               enum(c, 2, model.ParseHolds, true).Val,
			Function:            enum(c, 3, model.ParseFunction, true).Val,
			Region:              c.str(4, true),
			OperationalCapacity: c.integer(5, 0, math.MaxInt32, false),
			Resettlement:        c.boolean(6, false).Val,
			FacilitatorTeams:    c.integer(7, 0, 1000, false),
		}
		if c.bad {
			return
		}
		if first, dup := seen[e.Code]; dup {
			c.fail(0, fmt.Sprintf("duplicate establishment code: already on %s %d", rowWord(c.record), first))
			return
		}
		seen[e.Code] = c.row
		out = append(out, e)
	})
	if err != nil {
		return nil, nil, err
	}
	if e := errs.err(); e != nil {
		return nil, nil, e
	}
	if len(out) == 0 {
		return nil, nil, &Error{File: name, Msg: "no establishments: the file has a header but no rows"}
	}
	return out, extraWarning(name, extra), nil
}

var offeringSchema = newSchema([]string{"establishment", "programme", "groups_per_year"},
	"group_size", "min_group_size", "one_to_one_places", "referable")

// ReadOfferings reads and checks an offerings table (data-contract.md §3)
// against the known establishments (nil: not checked) and the catalogue. An
// establishment may list a programme once; a programme must take a sex the
// establishment holds. Legal but suspicious rows give warnings: a listed
// offering with no places, a paused one, a high-intensity programme in an
// open prison, a programme whose format does not match its places. A file
// with a header but no rows is refused. The default Limits apply; Load
// passes its own.
func ReadOfferings(ctx context.Context, f File, name string, format Format, ests map[string]model.Establishment, cat *model.Catalogue) ([]model.Offering, []string, error) {
	return readOfferings(ctx, f, name, format, ests, cat, Limits{})
}

func readOfferings(ctx context.Context, f File, name string, format Format, ests map[string]model.Establishment, cat *model.Catalogue, lim Limits) ([]model.Offering, []string, error) {
	format, err := formatFor(name, format)
	if err != nil {
		return nil, nil, err
	}
	errs := &collector{max: DefaultMaxErrors}
	t, err := openTable(ctx, f, name, format, offeringSchema.want(), errs, lim.orDefaults())
	if err != nil {
		return nil, nil, err
	}
	defer t.close()
	var out []model.Offering
	var warnings []string
	seen := map[[2]string]int{}
	load := map[string]*teamLoad{}
	extra, err := readRows(name, t, offeringSchema, errs, func(c *cells) {
		o := model.Offering{
			Establishment:  strings.ToUpper(c.str(0, true)),
			Programme:      strings.ToUpper(c.str(1, true)),
			GroupsPerYear:  c.float(2, 0, model.MaxGroupsPerYear, true).Val,
			GroupSize:      c.integer(3, 1, 24, false),
			MinGroupSize:   c.integer(4, 1, 24, false),
			OneToOnePlaces: c.integer(5, 0, model.MaxOneToOne, false).Val,
			Referable:      c.boolean(6, false).Or(true),
		}
		est, known := ests[o.Establishment]
		if o.Establishment != "" && ests != nil && !known {
			c.fail(0, "unknown establishment: want a code listed in establishments")
		}
		if o.Programme != "" && cat != nil {
			g, ok := cat.Lookup(o.Programme)
			if !ok {
				c.fail(1, "unknown programme: want a code from the catalogue (see `needsplan catalogue`)")
			} else if g.Status == model.Legacy {
				c.fail(1, "legacy programme: no longer delivered; list what replaced it ("+strings.Join(g.ReplacedBy, ", ")+")")
			}
			if ok && known && len(g.Sexes) > 0 && !slices.ContainsFunc(g.Sexes, est.Holds.Admits) {
				c.fail(1, fmt.Sprintf("%s is for %s only, but %s holds %s", g.Code, model.SexesWords(g.Sexes), est.Code, holdsOnly(est.Holds)))
			}
			if ok && known && !c.bad {
				warnOffering(c, &warnings, est, g, o)
			}
			if ok && o.MinGroupSize.OK && !o.GroupSize.OK && float64(o.MinGroupSize.Val) > g.GroupSize.Value {
				c.fail(4, fmt.Sprintf("min_group_size is above the catalogue's group size %v for %s (give group_size too)", g.GroupSize.Value, g.Code))
			}
		}
		if o.MinGroupSize.OK && o.GroupSize.OK && o.MinGroupSize.Val > o.GroupSize.Val {
			c.fail(4, fmt.Sprintf("min_group_size is above group_size %d", o.GroupSize.Val))
		}
		if c.bad {
			return
		}
		key := [2]string{o.Establishment, o.Programme}
		if first, dup := seen[key]; dup {
			c.fail(1, fmt.Sprintf("programme listed twice for %s: already on %s %d", o.Establishment, rowWord(c.record), first))
			return
		}
		seen[key] = c.row
		out = append(out, o)
		if g, ok := lookup(cat, o.Programme); ok && known && o.Referable && g.Format != model.OneToOneFormat && o.GroupsPerYear > 0 {
			l := load[o.Establishment]
			if l == nil {
				l = &teamLoad{file: c.file}
				load[o.Establishment] = l
			}
			l.weeks += o.GroupsPerYear * g.DurationWeeks.Value
			l.parts = append(l.parts, fmt.Sprintf("%s %s × %s weeks, %s %d", g.Code, FormatFloat(o.GroupsPerYear), FormatFloat(g.DurationWeeks.Value), rowWord(c.record), c.row))
		}
	})
	if err != nil {
		return nil, nil, err
	}
	if e := errs.err(); e != nil {
		return nil, nil, e
	}
	if len(out) == 0 {
		return nil, nil, &Error{File: name, Msg: "no offerings: the file has a header but no rows"}
	}
	return out, append(append(extraWarning(name, extra), warnings...), teamWarnings(load, ests)...), nil
}

func lookup(cat *model.Catalogue, code string) (*model.Programme, bool) {
	if cat == nil {
		return nil, false
	}
	return cat.Lookup(code)
}

// teamLoad is the facilitator time an establishment's group offerings take
// in a year, in team-weeks.
type teamLoad struct {
	file  string
	weeks float64
	parts []string
}

// weeksPerYear is what one facilitator team can give in a year at most: it
// runs one group at a time (data-contract.md §2, facilitator_teams), for 52
// weeks with no leave, training or gaps between cohorts.
const weeksPerYear = 52

// teamWarnings warns of establishments whose group offerings take more
// facilitator time (groups_per_year × duration_weeks, summed) than their
// facilitator teams have in a year (teams × 52 weeks): physically
// impossible, so groups_per_year or facilitator_teams is likely wrong. An
// establishment without facilitator_teams is not checked.
func teamWarnings(load map[string]*teamLoad, ests map[string]model.Establishment) []string {
	var out []string
	codes := make([]string, 0, len(load))
	for code := range load {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		l, teams := load[code], ests[code].FacilitatorTeams
		if !teams.OK || l.weeks <= float64(teams.Val*weeksPerYear) {
			continue
		}
		out = append(out, fmt.Sprintf("%s: %s: its group programmes need %s facilitator-team weeks a year but its %d facilitator teams can give at most %d (%d × %d weeks, one group at a time per team): %s; check groups_per_year and facilitator_teams",
			l.file, code, FormatFloat(l.weeks), teams.Val, teams.Val*weeksPerYear, teams.Val, weeksPerYear, strings.Join(l.parts, "; ")))
	}
	return out
}

// warnOffering notes legal but suspicious offerings.
func warnOffering(c *cells, warnings *[]string, est model.Establishment, g *model.Programme, o model.Offering) {
	at := fmt.Sprintf("%s: %s %d: %s at %s", c.file, rowWord(c.record), c.row, g.Code, est.Code)
	switch {
	case o.GroupsPerYear == 0 && o.OneToOnePlaces == 0:
		*warnings = append(*warnings, at+": listed with no places (groups_per_year 0, no one-to-one places): counted as not run")
	case !o.Referable:
		*warnings = append(*warnings, at+": not referable (paused): its places are not counted as supply")
	}
	if est.Function == model.OpenPrison && g.Intensity == model.IntensityHigh {
		*warnings = append(*warnings, at+": a high-intensity programme in an open prison")
	}
	if g.Format == model.OneToOneFormat && o.GroupsPerYear > 0 {
		*warnings = append(*warnings, at+": a one-to-one programme listed with groups_per_year; its group places are counted as given")
	}
}

// holdsOnly names who an establishment holds, "only" after a single sex:
// "men only", "women only", "men and women".
func holdsOnly(h model.Holds) string {
	if h == model.HoldsMixed {
		return h.Words()
	}
	return h.Words() + " only"
}
