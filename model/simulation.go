package model

import (
	"fmt"
	"strings"
)

// The vocabulary of simulations and scenarios: how people waiting are
// prioritised (Policy), when an offering may start a cohort (Schedule), how
// group programmes are placed before a scenario's changes (Strategy) and
// the changes to delivery over a period (Shock). They are domain words shared by the
// scenario files (data), the estate simulation (analysis/estate) and the
// command line, so each list of names is kept here once
// (docs/simulation.md).

// Policy orders the people waiting for a programme when a cohort starts.
type Policy string

// Prioritisation policies.
const (
	// ReleaseDate: earliest release or parole date first — what HMPPS does
	// now (seed 003, 4.1).
	ReleaseDate Policy = "release-date"
	// FIFO: first referred, first started.
	FIFO Policy = "fifo"
	// Risk: highest programme risk first, then earliest release.
	Risk Policy = "risk"
	// RightTime: those who can still finish a consolidation window before
	// release, latest possible start first; the others fall back behind
	// them, earliest release first.
	RightTime Policy = "right-time"
)

// Policies lists the policies.
var Policies = []Policy{ReleaseDate, FIFO, Risk, RightTime}

// ParsePolicy reads a policy name.
func ParsePolicy(s string) (Policy, error) {
	return parseName("policy", Policies, s)
}

// Schedule says when an offering may start a cohort.
type Schedule string

// Schedules: spread starts groups_per_year evenly over the year (a start
// missed for want of people or a team waits for the next chance, at most
// one carried); ready starts whenever enough people and a team are there,
// up to groups_per_year a year on average.
const (
	Spread Schedule = "spread"
	Ready  Schedule = "ready"
)

// Schedules lists the schedules.
var Schedules = []Schedule{Spread, Ready}

// ParseSchedule reads a schedule name.
func ParseSchedule(s string) (Schedule, error) {
	return parseName("schedule", Schedules, s)
}

// parseName returns s as one of names, or an error that lists them
// ("policy "x": want release-date, fifo, risk or right-time").
func parseName[T ~string](what string, names []T, s string) (T, error) {
	if v, err := oneOf(s, names...); err == nil {
		return v, nil
	}
	return "", fmt.Errorf("%s %q: want %s", what, s, OrList(names))
}

// OrList lists names as "a, b or c".
func OrList[T ~string](names []T) string {
	s := Names(names)
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// Strategy is a rule that places the estate's group programmes before a
// scenario's changes apply (analysis.Allocate).
type Strategy string

// Allocation strategies (docs/scenarios.md).
const (
	// PreviousTakeUp keeps today's places: the way inspectors found
	// programmes are allocated (seed 003, 4.1).
	PreviousTakeUp Strategy = "previous-take-up"
	// NeedProportional shares each programme's national number of groups
	// out in proportion to each establishment's demand, within what its
	// facilitator teams can deliver.
	NeedProportional Strategy = "need-proportional"
	// Optimised moves half-groups from where places exceed demand to where
	// demand exceeds places most, within facilitator time (a greedy
	// heuristic: "move places from surplus to gap").
	Optimised Strategy = "optimised"
)

// Strategies lists the strategies.
var Strategies = []Strategy{PreviousTakeUp, NeedProportional, Optimised}

// ParseStrategy reads a strategy name.
func ParseStrategy(s string) (Strategy, error) {
	return parseName("strategy", Strategies, s)
}

// Shock changes delivery for a period: Suspend stops starts at an
// establishment (or one programme there, or a programme everywhere);
// Groups ≥ 0 replaces groups_per_year (and scales the offering's one-to-one
// places in proportion, docs/simulation.md); a shock that does neither is a
// team shock: TeamFactor scales the establishment's facilitator teams, 0
// meaning none. A positive TeamFactor also applies alongside the others. An
// empty Establishment or Programme matches all. Times are months from the
// dataset date; To ≤ From means "from then on".
type Shock struct {
	Establishment, Programme string
	From, To                 float64
	Suspend                  bool
	TeamFactor               float64
	Groups                   float64 // < 0: unchanged
	// OneToOne, when set, is the offering's one-to-one places a year while
	// the shock is active. When it is not set, a groups shock scales them
	// by new/old groups_per_year.
	OneToOne Opt[float64]
}

// Active says whether the shock applies at month t.
func (s *Shock) Active(t float64) bool { return t >= s.From && (s.To <= s.From || t < s.To) }

// Team returns the factor the shock applies to teams, and whether it
// applies one.
func (s *Shock) Team() (float64, bool) {
	if s.TeamFactor > 0 || !s.Suspend && s.Groups < 0 && !s.OneToOne.OK {
		return s.TeamFactor, true
	}
	return 1, false
}

// Matches says whether the shock applies to a programme at an
// establishment.
func (s *Shock) Matches(est, prog string) bool {
	return (s.Establishment == "" || s.Establishment == est) && (s.Programme == "" || s.Programme == prog)
}

// Names returns the names of a vocabulary list as strings, in order.
func Names[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = string(n)
	}
	return out
}
