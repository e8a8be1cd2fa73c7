package data

import (
	"context"
	"fmt"
	"math"
	"strings"

	"needsplan/model"
)

var establishmentSchema = newSchema([]string{"code", "name", "sex", "function", "region"},
	"operational_capacity", "resettlement", "facilitator_teams")

// ReadEstablishments reads and checks an establishments table
// (data-contract.md §2). Codes must be unique.
func ReadEstablishments(ctx context.Context, f File, name string, format Format) ([]model.Establishment, []string, error) {
	format, err := formatFor(name, format)
	if err != nil {
		return nil, nil, err
	}
	errs := &collector{max: DefaultMaxErrors}
	t, err := openTable(ctx, f, name, format, establishmentSchema.want(), errs)
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
// against the known establishments and the catalogue. An establishment may
// list a programme once.
func ReadOfferings(ctx context.Context, f File, name string, format Format, ests map[string]model.Holds, cat *model.Catalogue) ([]model.Offering, []string, error) {
	format, err := formatFor(name, format)
	if err != nil {
		return nil, nil, err
	}
	errs := &collector{max: DefaultMaxErrors}
	t, err := openTable(ctx, f, name, format, offeringSchema.want(), errs)
	if err != nil {
		return nil, nil, err
	}
	defer t.close()
	var out []model.Offering
	seen := map[[2]string]int{}
	extra, err := readRows(name, t, offeringSchema, errs, func(c *cells) {
		o := model.Offering{
			Establishment:  strings.ToUpper(c.str(0, true)),
			Programme:      strings.ToUpper(c.str(1, true)),
			GroupsPerYear:  c.float(2, 0, 366, true).Val,
			GroupSize:      c.integer(3, 1, 24, false),
			MinGroupSize:   c.integer(4, 1, 24, false),
			OneToOnePlaces: c.integer(5, 0, 10000, false).Val,
			Referable:      c.boolean(6, false).Or(true),
		}
		if _, ok := ests[o.Establishment]; o.Establishment != "" && ests != nil && !ok {
			c.fail(0, "unknown establishment: want a code listed in establishments")
		}
		if o.Programme != "" && cat != nil {
			g, ok := cat.Lookup(o.Programme)
			if !ok {
				c.fail(1, "unknown programme: want a code from the catalogue (see `needsplan catalogue`)")
			} else if g.Status == model.Legacy {
				c.fail(1, "legacy programme: no longer delivered; list what replaced it ("+strings.Join(g.ReplacedBy, ", ")+")")
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
	})
	if err != nil {
		return nil, nil, err
	}
	if e := errs.err(); e != nil {
		return nil, nil, e
	}
	return out, extraWarning(name, extra), nil
}
