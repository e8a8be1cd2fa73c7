package analysis

import (
	"slices"

	"needsplan/model"
)

// ScenarioChanges is a scenario turned into what the simulation takes: the
// offerings at the start, the shocks over time, and the receptions scaled by
// growth.
type ScenarioChanges struct {
	Offerings  []model.Offering
	Shocks     []Shock
	Receptions map[string]float64
}

func matches(est *model.Establishment, estCode, region string) bool {
	return (estCode == "" || est.Code == estCode) && (region == "" || est.Region == region)
}

// ApplyScenario applies a scenario's changes (docs/scenarios.md) to the
// baseline offerings and receptions. Offering changes from month 0 change
// the offerings; later ones become shocks that change groups_per_year from
// then on (remove: 0; set: the value; scale: the scaled value; add: the
// value, listing the offering from the start with no groups if it was not
// there). Team changes and suspensions become shocks. Growth multiplies
// every establishment's receptions by 1 + growth.
func ApplyScenario(sc *model.Scenario, ests []model.Establishment, offs []model.Offering, receptions map[string]float64) ScenarioChanges {
	out := ScenarioChanges{Offerings: slices.Clone(offs), Receptions: map[string]float64{}}
	byCode := map[string]*model.Establishment{}
	for i := range ests {
		byCode[ests[i].Code] = &ests[i]
	}
	hit := func(o *model.Offering, c *model.OfferingChange) bool {
		e := byCode[o.Establishment]
		return e != nil && matches(e, c.Establishment, c.Region) && (c.Programme == "" || o.Programme == c.Programme)
	}
	for _, c := range sc.Offerings {
		if c.From > 0 {
			for i := range out.Offerings {
				o := &out.Offerings[i]
				if !hit(o, &c) {
					continue
				}
				g := o.GroupsPerYear
				switch c.Action {
				case model.ActionRemove:
					g = 0
				case model.ActionSet, model.ActionAdd:
					g = c.GroupsPerYear
				case model.ActionScale:
					g *= c.Factor
				}
				out.Shocks = append(out.Shocks, Shock{Establishment: o.Establishment, Programme: o.Programme, From: c.From, Groups: g})
			}
			if c.Action == model.ActionAdd && !slices.ContainsFunc(out.Offerings, func(o model.Offering) bool {
				return o.Establishment == c.Establishment && o.Programme == c.Programme
			}) {
				out.Offerings = append(out.Offerings, model.Offering{Establishment: c.Establishment, Programme: c.Programme, Referable: true})
				out.Shocks = append(out.Shocks, Shock{Establishment: c.Establishment, Programme: c.Programme, From: c.From, Groups: c.GroupsPerYear})
			}
			continue
		}
		if c.Action == model.ActionAdd {
			i := slices.IndexFunc(out.Offerings, func(o model.Offering) bool {
				return o.Establishment == c.Establishment && o.Programme == c.Programme
			})
			if i < 0 {
				out.Offerings = append(out.Offerings, model.Offering{Establishment: c.Establishment, Programme: c.Programme})
				i = len(out.Offerings) - 1
			}
			out.Offerings[i].GroupsPerYear += c.GroupsPerYear
			out.Offerings[i].OneToOnePlaces += int(c.OneToOne)
			out.Offerings[i].Referable = true
			continue
		}
		kept := out.Offerings[:0]
		for _, o := range out.Offerings {
			if hit(&o, &c) {
				switch c.Action {
				case model.ActionRemove:
					continue
				case model.ActionScale:
					o.GroupsPerYear *= c.Factor
					o.OneToOnePlaces = int(float64(o.OneToOnePlaces)*c.Factor + 0.5)
				case model.ActionSet:
					o.GroupsPerYear = c.GroupsPerYear
				}
			}
			kept = append(kept, o)
		}
		out.Offerings = kept
	}
	for _, t := range sc.Teams {
		for i := range ests {
			if matches(&ests[i], t.Establishment, t.Region) {
				out.Shocks = append(out.Shocks, Shock{Establishment: ests[i].Code, From: t.From, To: t.To, TeamFactor: t.Factor, Groups: -1})
			}
		}
	}
	for _, s := range sc.Suspensions {
		for i := range ests {
			if matches(&ests[i], s.Establishment, s.Region) {
				out.Shocks = append(out.Shocks, Shock{Establishment: ests[i].Code, Programme: s.Programme, From: s.From, To: s.To, Suspend: true, Groups: -1})
			}
		}
	}
	g := sc.Growth.Or(0)
	for code, r := range receptions {
		out.Receptions[code] = r * (1 + g)
	}
	return out
}
