package model

// Establishment is a prison: one row of the establishments table
// (shared/reference/data-contract.md §2).
type Establishment struct {
	Code                string
	Name                string
	Holds               Holds
	Function            Function
	Region              string
	OperationalCapacity Opt[int]
	Resettlement        bool
	FacilitatorTeams    Opt[int]
}

// Matches reports whether a scenario change naming an establishment code
// and a region applies to e: an empty code or region matches all.
func (e *Establishment) Matches(code, region string) bool {
	return (code == "" || e.Code == code) && (region == "" || e.Region == region)
}

// Limits of what one offering may run in a year, for the offerings table
// and scenarios alike (docs/scenario.schema.json): 366 is a group starting
// every day; beyond them the simulation would schedule an unbounded number
// of events.
const (
	MaxGroupsPerYear = 366
	MaxOneToOne      = 10_000
)

// Offering is a programme's places at one establishment: one row of the
// offerings table (shared/reference/data-contract.md §3). Zero GroupSize and
// MinGroupSize mean "the catalogue's default".
type Offering struct {
	Establishment  string
	Programme      string
	GroupsPerYear  float64
	GroupSize      Opt[int]
	MinGroupSize   Opt[int]
	OneToOnePlaces int
	Referable      bool
}

// AnnualPlaces returns the places an offering provides in a year:
// groups_per_year × group_size + one_to_one_places (the supply of the gap
// analysis), taking the group size from prog when the offering has none.
func (o *Offering) AnnualPlaces(prog *Programme) float64 {
	size := o.GroupSize.Or(int(prog.GroupSize.Value))
	return o.GroupsPerYear*float64(size) + float64(o.OneToOnePlaces)
}
