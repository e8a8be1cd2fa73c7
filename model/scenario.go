package model

// Scenario is a "what if" over a baseline dataset: settings for the
// simulation and changes to the offerings, facilitator teams and delivery
// (docs/scenarios.md). Optional settings are Opt values: unset ones come
// from the scenario it extends, or the defaults. Lines are the YAML lines
// the entries came from, for error messages.
type Scenario struct {
	File    string // the file it was read from
	Name    string
	Extends string // the file of the scenario it extends, resolved

	Dataset Opt[string] // dataset directory; missing: the embedded national dataset
	// Strategy places the group programmes before the changes apply.
	Strategy      Opt[Strategy]
	Years         Opt[float64]
	Replications  Opt[int]
	Seed          Opt[uint64]
	Policy        Opt[Policy]
	Schedule      Opt[Schedule]
	Suite         Opt[string]
	Consolidation Opt[float64]
	// Growth scales receptions: 0.05 is 5% more a year than the stock gives.
	Growth    Opt[float64]
	Transfers Opt[bool]
	// TransferDelay, StaleShare and TransferAfter as in the simulation.
	TransferDelay Opt[float64]
	StaleShare    Opt[float64]
	TransferAfter Opt[float64]

	// Mix multiplies the share of receptions with each index offence group.
	Mix map[OffenceGroup]float64
	// SwitchSuite and SwitchFrom: from month SwitchFrom receptions are
	// assessed for SwitchSuite (a suite switch-over date).
	SwitchSuite Opt[string]
	SwitchFrom  Opt[float64]

	Offerings   []OfferingChange
	Teams       []TeamChange
	Suspensions []Suspension
}

// Offering change actions.
const (
	ActionAdd    = "add"    // run the programme with GroupsPerYear (and OneToOne) places
	ActionRemove = "remove" // stop running it
	ActionScale  = "scale"  // multiply groups_per_year and one-to-one places by Factor
	ActionSet    = "set"    // groups_per_year becomes GroupsPerYear
)

// OfferingChange changes the offerings matched by Establishment, Region and
// Programme (empty: all), from month From (0: from the start).
type OfferingChange struct {
	File                    string
	Line                    int
	Establishment, Region   string
	Programme               string
	Action                  string
	GroupsPerYear, OneToOne float64
	Factor                  float64
	From                    float64
}

// TeamChange multiplies facilitator teams at the matched establishments by
// Factor from month From to month To (To ≤ From: for good).
type TeamChange struct {
	File                  string
	Line                  int
	Establishment, Region string
	Factor                float64
	From, To              float64
}

// Suspension stops delivery of the matched programmes at the matched
// establishments from month From to month To.
type Suspension struct {
	File                             string
	Line                             int
	Establishment, Region, Programme string
	From, To                         float64
}
