package model

import (
	"fmt"
	"math"
)

// Costs are the staffing and cost figures a commissioning plan prices
// groups with (docs/plan.md, "Costs"). None is published for the estate
// as a whole: each is an assumption, marked so in the catalogue, which
// the catalogue's `costs` block may replace.
type Costs struct {
	// FacilitatorsPerGroup run each session of a group.
	FacilitatorsPerGroup Figure
	// SessionHours is the length of one session, hours.
	SessionHours Figure
	// SupportHours is each facilitator's preparation, write-up and
	// supervision per session, hours.
	SupportHours Figure
	// FacilitatorYearHours is the hours a full-time facilitator gives to
	// delivery and its support in a year.
	FacilitatorYearHours Figure
	// PerFacilitatorYear is the cost of a facilitator-year, pounds: pay,
	// on-costs, training and treatment management.
	PerFacilitatorYear Figure
	// PerPlace is the cost of a place beyond the facilitators' time,
	// pounds: assessment, materials and reports.
	PerPlace Figure
	// SessionsPerWeek gives the sessions of a programme the catalogue gives
	// none for: duration_weeks × SessionsPerWeek.
	SessionsPerWeek Figure
	// ExtraGroups is how many more groups a year an establishment could
	// host (rooms and teams) when no capacity file says otherwise.
	ExtraGroups Figure
}

// CostField is one field of Costs with its catalogue key.
type CostField struct {
	Key string
	Get func(*Costs) *Figure
}

// CostFields are the catalogue's `costs` keys, in the order docs/plan.md
// lists them: one table read by the catalogue reader, the defaults and
// the docs test.
var CostFields = []CostField{
	{"facilitators_per_group", func(c *Costs) *Figure { return &c.FacilitatorsPerGroup }},
	{"session_hours", func(c *Costs) *Figure { return &c.SessionHours }},
	{"support_hours_per_session", func(c *Costs) *Figure { return &c.SupportHours }},
	{"facilitator_year_hours", func(c *Costs) *Figure { return &c.FacilitatorYearHours }},
	{"cost_per_facilitator_year", func(c *Costs) *Figure { return &c.PerFacilitatorYear }},
	{"cost_per_place", func(c *Costs) *Figure { return &c.PerPlace }},
	{"sessions_per_week", func(c *Costs) *Figure { return &c.SessionsPerWeek }},
	{"extra_groups_per_establishment", func(c *Costs) *Figure { return &c.ExtraGroups }},
}

// DefaultCosts are the costs of a catalogue that gives none: every figure
// an assumption, with why (docs/plan.md gives the reasoning).
func DefaultCosts() Costs {
	a := func(v float64, note string) Figure { return Figure{Value: v, Assumption: true, Note: note} }
	return Costs{
		FacilitatorsPerGroup: a(2, "group programmes are co-facilitated by two facilitators (practice described in the inspection reports; no published staffing ratio)"),
		SessionHours:         a(2.5, "a group session of about two and a half hours (TSP: 19 sessions, about 40 hours with the one-to-one sessions)"),
		SupportHours:         a(2, "preparation, write-up and supervision per facilitator per session: not published"),
		FacilitatorYearHours: a(1650, "37 hours a week over about 44.5 working weeks after leave, training and sickness"),
		PerFacilitatorYear:   a(45000, "a band 4 programme facilitator's pay with on-costs, training and a share of treatment management: not published"),
		PerPlace:             a(250, "assessment, materials and reports per place: not published"),
		SessionsPerWeek:      a(2.5, "two to three sessions a week, as the catalogue's durations assume"),
		ExtraGroups:          a(4, "one more programme room at each establishment, used for about four group runs a year: not published"),
	}
}

// Sessions is the number of sessions of programme g: the catalogue's, or
// its duration in weeks × c.SessionsPerWeek; at least 1.
func (c *Costs) Sessions(g *Programme) float64 {
	if s := g.Sessions.Value; s > 0 {
		return s
	}
	return math.Max(1, math.Round(g.DurationWeeks.Value*c.SessionsPerWeek.Value))
}

// GroupFacilitatorYears is the facilitator time one group of g takes, in
// facilitator-years: facilitators × sessions × (session + support hours)
// ÷ hours in a facilitator-year.
func (c *Costs) GroupFacilitatorYears(g *Programme) float64 {
	return c.FacilitatorsPerGroup.Value * c.Sessions(g) * (c.SessionHours.Value + c.SupportHours.Value) / c.FacilitatorYearHours.Value
}

// GroupCost is the cost in pounds of one group of g with size places:
// its facilitator-years × the cost of one, plus size × the cost of a
// place.
func (c *Costs) GroupCost(g *Programme, size int) float64 {
	return c.GroupFacilitatorYears(g)*c.PerFacilitatorYear.Value + float64(size)*c.PerPlace.Value
}

// Check refuses costs a plan cannot price with: every figure must be
// finite and above zero but the cost of a place, which may be zero.
func (c *Costs) Check() error {
	for _, f := range CostFields {
		v := f.Get(c).Value
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v == 0 && f.Key != "cost_per_place" {
			return fmt.Errorf("costs: %s %g: want a finite number above 0", f.Key, v)
		}
	}
	return nil
}
