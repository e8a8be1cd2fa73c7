package pipeline

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"needsplan/analysis/estate"
	"needsplan/model"
)

// Settings are a simulation's settings as the commands take them, from
// flags (simulate, report) or from a scenario (ScenarioSettings): all of
// estate.Options but what the estate itself gives (the dataset date, the
// suites, the receptions) and what a scenario's set-up adds
// (estate.Options.WithScenario).
type Settings struct {
	Years    float64
	Policy   model.Policy
	Schedule model.Schedule
	// Consolidation and ReferralDelay are months; unset, the simulation's
	// defaults.
	Consolidation model.Opt[float64]
	ReferralDelay model.Opt[float64]
	Shocks        []model.Shock
	Transfers     bool
	TransferDelay float64
	TransferAfter float64
	StaleShare    float64
	// ReserveSeats moves people only into a seat held for them
	// (estate.Options.ReserveSeats).
	ReserveSeats bool
	// LateStarts lets cohorts take people who can finish but not
	// consolidate (estate.Options.LateStarts).
	LateStarts bool
	// Flow and FlowClasses replace the sampled receptions (Estate.ReadFlow).
	Flow        []model.Profile
	FlowClasses []model.Classification
}

// Options assembles the simulation's options: the settings on estate e,
// whose receptions are receptions (annual, by establishment). It is the
// one place simulate, report, compare and sweep put them together.
func (s Settings) Options(e *Estate, receptions map[string]float64) estate.Options {
	return estate.Options{AsOf: e.AsOf, Years: s.Years, Policy: s.Policy, Schedule: s.Schedule,
		Consolidation: s.Consolidation, ReferralDelay: s.ReferralDelay, Suites: e.Suites, Receptions: receptions,
		Shocks: s.Shocks, Transfers: s.Transfers, TransferDelay: s.TransferDelay, StaleShare: s.StaleShare,
		TransferAfter: s.TransferAfter, Flow: s.Flow, FlowClasses: s.FlowClasses, LateStarts: s.LateStarts, ReserveSeats: s.ReserveSeats}
}

// scenarioDefaults are the settings of a scenario run on its own (compare,
// sweep) that sets none: five years, by release date, cohorts spread over
// the year.
func scenarioDefaults() Settings {
	return Settings{Years: 5, Policy: model.ReleaseDate, Schedule: model.Spread}
}

// ScenarioSettings returns def with what the scenario sets: its years,
// policy, schedule and consolidation window (data.ReadScenario checked
// them).
func ScenarioSettings(sc *model.Scenario, def Settings) Settings {
	s := def
	s.Policy, s.Schedule = sc.Policy.Or(def.Policy), sc.Schedule.Or(def.Schedule)
	if sc.Consolidation.OK {
		s.Consolidation = sc.Consolidation
	}
	s.Years = sc.Years.Or(def.Years)
	return s
}

// ParseShock reads one delivery shock, as the simulate command's --shock
// takes it (times in months from the dataset date):
//
//	suspend:EST@FROM-TO       no starts at EST (EST/PROG for one programme, */PROG everywhere)
//	teams:EST=FACTOR@FROM-TO  facilitator teams × FACTOR (* for every establishment)
//	groups:EST/PROG=N@FROM    groups_per_year becomes N
func ParseShock(s string) (model.Shock, error) {
	sh := model.Shock{Groups: -1}
	kind, rest, ok := strings.Cut(s, ":")
	if !ok {
		return sh, fmt.Errorf("shock %q: want suspend:…, teams:… or groups:…", s)
	}
	target, when, ok := strings.Cut(rest, "@")
	if !ok {
		return sh, fmt.Errorf("shock %q: want @FROM-TO (months)", s)
	}
	from, to, _ := strings.Cut(when, "-")
	var err error
	if sh.From, err = strconv.ParseFloat(from, 64); err != nil || !(sh.From >= 0) || math.IsInf(sh.From, 0) {
		return sh, fmt.Errorf("shock %q: FROM %q: want months ≥ 0", s, from)
	}
	if to != "" {
		if sh.To, err = strconv.ParseFloat(to, 64); err != nil || !(sh.To > sh.From) || math.IsInf(sh.To, 0) {
			return sh, fmt.Errorf("shock %q: TO %q: want months after FROM", s, to)
		}
	}
	who, value, hasValue := strings.Cut(target, "=")
	est, prog, _ := strings.Cut(who, "/")
	if est != "*" {
		sh.Establishment = Code(est)
	}
	if prog != "*" {
		sh.Programme = Code(prog)
	}
	switch kind {
	case "suspend":
		if hasValue {
			return sh, fmt.Errorf("shock %q: suspend takes no =VALUE", s)
		}
		sh.Suspend = true
	case "teams":
		// Teams belong to an establishment, not a programme; factor 0: no
		// teams, so no group delivery (one-to-one places need none).
		if sh.TeamFactor, err = strconv.ParseFloat(value, 64); !hasValue || err != nil || !(sh.TeamFactor >= 0) ||
			math.IsInf(sh.TeamFactor, 0) || sh.Programme != "" {
			return sh, fmt.Errorf("shock %q: want teams:EST=FACTOR with a finite factor ≥ 0 (no /PROG)", s)
		}
	case "groups":
		if sh.Groups, err = strconv.ParseFloat(value, 64); !hasValue || err != nil || !(sh.Groups >= 0) || math.IsInf(sh.Groups, 0) || sh.Programme == "" {
			return sh, fmt.Errorf("shock %q: want groups:EST/PROG=N with N ≥ 0", s)
		}
	default:
		return sh, fmt.Errorf("shock %q: want suspend, teams or groups", s)
	}
	return sh, nil
}

// Code is an establishment or programme code as given on the command line:
// upper case, without the spaces around it.
func Code(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
