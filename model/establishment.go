package model

// Establishment is a prison: one row of the establishments table
// (docs/reference/data-contract.md §2).
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
// offerings table (docs/reference/data-contract.md §3). Zero GroupSize and
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
	return o.GroupsPerYear*float64(o.GroupSize.Or(int(prog.GroupSize.Value))) + float64(o.OneToOnePlaces)
}

// Group returns the size of the offering's cohorts: its group_size, else
// the programme's, at least 1.
func (o *Offering) Group(prog *Programme) int {
	return max(1, o.GroupSize.Or(int(prog.GroupSize.Value)))
}

// MinGroup returns the fewest people who can start one of the offering's
// cohorts: its min_group_size, else the programme's (data-contract.md §3),
// at least 1 and at most the group size.
func (o *Offering) MinGroup(prog *Programme) int {
	return max(1, min(o.MinGroupSize.Or(int(prog.MinGroupSize.Value)), o.Group(prog)))
}

// CategoryAllows reports whether a person of security category cat
// (missing: any) may be held at an establishment of function f, for a move
// to a programme: category A only in high security; B in high security,
// category B trainers and locals; C in category B and C trainers, locals
// and YOIs (not open conditions); D in open prisons and category C
// trainers. Women's categories: closed in any establishment that is not
// open conditions (the female function, or any other closed function);
// open in open prisons or the female function (the contract's female
// function does not say which women's prisons are open: Askham Grange and
// East Sutton Park, the women's open prisons, are coded female).
// Establishments of function other (immigration removal centres, secure
// children's homes and training centres) take no one.
func CategoryAllows(cat Opt[SecurityCategory], f Function) bool {
	if f == OtherFunc {
		return false
	}
	c, ok := cat.Get()
	if !ok {
		return true
	}
	switch c {
	case CatA:
		return f == HighSecurity
	case CatB:
		return f == HighSecurity || f == CatBTrainer || f == Local
	case CatC:
		return f == CatBTrainer || f == CatCTrainer || f == Local || f == YOI
	case CatD:
		return f == OpenPrison || f == CatCTrainer
	case Closed:
		return f != OpenPrison
	case Open:
		return f == OpenPrison || f == FemalePrison
	}
	return false
}

// AgeAllows reports whether a person of the given age (whole years at the
// dataset date) may be held at an establishment of function f: under 18
// only in a young offender institution (function yoi; the children's
// estate coded other is never a destination); 18 to 20 in a YOI or an
// adult prison; 21 and over not in a YOI. The contract has only the
// predominant function: some YOI-function establishments also hold adults
// (Brinsford and Deerbolt are "HMP & YOI" in the published register's
// types), but the dataset cannot say which, so adults are not sent to any
// (docs/transfers.md; an assumption).
func AgeAllows(age int, f Function) bool {
	switch {
	case age < 18:
		return f == YOI
	case age <= 20:
		return true
	}
	return f != YOI
}

// MoveAllowed reports whether a person of sex, security category cat and
// age may be moved to establishment to: it holds their sex
// (Holds.Admits), suits their category (CategoryAllows) and their age
// (AgeAllows). The static analysis and the simulation both use it.
func MoveAllowed(to *Establishment, sex Sex, cat Opt[SecurityCategory], age int) bool {
	return to.Holds.Admits(sex) && CategoryAllows(cat, to.Function) && AgeAllows(age, to.Function)
}

// Typical returns the person a move from establishment e is planned for
// when the planner does not know who moves (fit, the directory): the sex,
// security category and age such that any prison that can hold them can
// hold anyone e holds for its function — women (closed) at a women's
// prison, men elsewhere (a mixed prison's men); category A at a high
// security prison, B at a category B trainer or a local, C at a category C
// trainer or a YOI, D at an open prison; 19 at a YOI, 30 elsewhere. So a
// prison suggested for a high-security population is another high-security
// prison, never a category C trainer (docs/transfers.md; an assumption:
// the dataset has no per-prison mix of categories to do better with).
// MoveAllowed(to, Typical(e)) is the rule fit, the directory and the
// allocation share.
func Typical(e *Establishment) (Sex, Opt[SecurityCategory], int) {
	sex, age := Male, 30
	if e.Holds == HoldsWomen {
		sex = Female
	}
	cat := map[Function]SecurityCategory{HighSecurity: CatA, CatBTrainer: CatB, Local: CatB, CatCTrainer: CatC, YOI: CatC,
		OpenPrison: CatD, FemalePrison: Closed}[e.Function]
	if e.Function == YOI {
		age = 19
	}
	if cat == 0 {
		return sex, Opt[SecurityCategory]{}, age
	}
	return sex, Some(cat), age
}

// AgeBand groups ages by AgeAllows's thresholds: 0 under 18, 1 from 18 to
// 20, 2 from 21; BandAge is an age in each band.
func AgeBand(age int) int {
	switch {
	case age < 18:
		return 0
	case age <= 20:
		return 1
	}
	return 2
}

// BandAge is an age representative of each AgeBand.
var BandAge = [3]int{17, 19, 30}
