package estate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"needsplan/analysis"
	"slices"
	"sort"
	"strconv"

	"needsplan/analysis/sim"
	"needsplan/model"
)

// Options sets up a simulation of the estate.
type Options struct {
	AsOf     model.Date
	Years    float64 // horizon (5)
	Policy   model.Policy
	Schedule model.Schedule
	// Consolidation is the months wanted between completion and release
	// (6 when not set; 0 is zero).
	Consolidation model.Opt[float64]
	// ReferralDelay is the months from reception to joining the waiting
	// lists (1 when not set; 0 is zero).
	ReferralDelay model.Opt[float64]
	Suites        analysis.SuitePlan
	// Receptions is each establishment's annual rate of sentenced
	// receptions (Gaps.Receptions: given or estimated from the stock).
	Receptions map[string]float64
	// Flow, when not nil, replaces the sampled receptions: each profile
	// arrives at its sentence_start (within the simulated window) at its
	// establishment, with FlowClasses[i] its classification on the dataset
	// date (docs/simulation.md). Remand and people needing nothing are left
	// out, as in the stock.
	Flow        []model.Profile
	FlowClasses []model.Classification
	Shocks      []model.Shock
	// Transfers switches moves on: a person who needs a programme their
	// establishment does not run asks to move to one that does
	// (docs/simulation.md).
	Transfers bool
	// TransferDelay is the months a move takes (4 weeks).
	TransferDelay float64
	// TransferAfter, when positive, also moves a person who has waited that
	// many months on a local list to a prison running the programme with a
	// free place (the oversubscribed case).
	TransferAfter float64
	// MixShift multiplies the share of receptions with each index offence
	// group (1.2: a fifth more of them among receptions); the number of
	// receptions is unchanged.
	MixShift map[model.OffenceGroup]float64
	// SwitchAt, when positive, is the month from which receptions are
	// assessed for SwitchClasses' suite instead (a suite switch-over):
	// SwitchClasses[i] classifies profile i under the new suite.
	SwitchAt      float64
	SwitchSuite   model.Suite
	SwitchClasses []model.Classification
	// StaleShare is the share of the planners' directory of offerings that
	// is out of date: listed, but not running. A move to one fails on
	// arrival and the person is sent back.
	StaleShare float64
}

// Outcome counts what happened to people's needs for one establishment ×
// programme in one replication.
type Outcome struct {
	InTime     int // completed at least Consolidation months before release
	Late       int // completed, but within the consolidation window
	Dropped    int // started and did not complete
	Untreated  int // released without starting
	Waiting    int // still waiting at the horizon
	InProgress int // on the programme at the horizon
	Starts     int // people started
	Cohorts    int
	Empty      int // places left empty in cohorts that ran
	// waits and newWaits hold, sorted, the months from referral to start of
	// everyone started and of the receptions among them (for pooled
	// rollups; SimulateEach drops them).
	waits, newWaits []float64
	// MeanWait is the months from referral to start, over those started.
	// Referral is counted within the simulated window: people in custody at
	// the start joined the lists at month 0, or at their referral delay if
	// sentenced more recently, so time served before the dataset date does
	// not count.
	MeanWait   float64
	MedianWait float64
	P90Wait    float64
	// MeanWaitNew is MeanWait over receptions only (people who arrived
	// during the run): the wait a new referral can expect.
	MeanWaitNew float64
	// NextStart is the months from the start of the run to the first
	// cohort start (NaN: none before the horizon).
	NextStart float64
}

// Replication is one replication's results.
type Replication struct {
	// Transfers counts transfer outcomes by Model.Programmes index.
	Transfers [][numTransferOutcomes]int
	// Flows counts moves between regions: Flows[from][to], by
	// Model.Regions index.
	Flows [][]int
	// EstFlows counts moves between establishments (moves out, including
	// those that fail, and returns): EstFlows[from][to], by
	// Model.Establishments index; nil without transfers.
	EstFlows [][]int
	// FreeAtHorizon is each establishment's free places at the horizon
	// (operational capacity − people held, by Model.Establishments;
	// places held for a planned move count as taken); nil without
	// transfers. A check of the place accounting.
	FreeAtHorizon []int
	// MoveDelay is the mean months from asking to move to arriving, over
	// the moves made (NaN when none).
	MoveDelay float64
	Outcomes  []Outcome   // by Model.Keys index
	Series    [][]float64 // by Model.SeriesNames: people waiting, sampled monthly
	// Utilisation is, by Model.Establishments, team-months busy over
	// team-months available after team shocks (NaN when none available).
	Utilisation []float64
	Events      int
}

// Key is an establishment × programme whose outcomes are counted.
type Key struct {
	Establishment, Region, Programme string
	Offered                          bool
}

// Model is the estate prepared for simulation: read-only, shared by
// replications.
type Model struct {
	opt            Options
	horizon        float64
	consolidation  float64 // resolved Options.Consolidation
	referralDelay  float64 // resolved Options.ReferralDelay
	cat            *model.Catalogue
	Keys           []Key
	Establishments []string
	SeriesNames    []string // "estate", then each programme with an offering
	ests           []simEst
	chans          []simChan
	people         []simPerson // the stock at the dataset date
	ids            []string    // person_id of each stock person
	flow           []simPerson // receptions from Options.Flow, by arrival time
	flowIDs        []string    // person_id of each of them
	// For transfers: each establishment's record, its free places at the
	// start (operational capacity − people held), and the establishments
	// that run each programme.
	estRecs    []model.Establishment
	free0      []int
	runs       map[string][]int32 // programme → establishments that run it
	chanAt     map[[2]string]int32
	Programmes []string // programmes with outcomes, for transfer counts
	progIdx    map[string]int
	Regions    []string
	regionIdx  []int // by establishment
}

type simEst struct {
	code      string
	teams     int
	rate      float64 // receptions a month
	weights   []float64
	pick      *sim.Alias
	templates []int32 // people in the stock receptions are drawn from
	chans     []int32
}

type simChan struct {
	est, key      int32
	prog          string
	group         bool
	size, minSize int
	perYear       float64
	// groupBase is, for a one-to-one channel, the groups_per_year of its
	// offering: a groups shock scales the places by new/groupBase.
	groupBase  float64
	duration   float64 // months
	completion float64
	series     int // index in SeriesNames
}

type simPerson struct {
	offence model.OffenceGroup
	// alt holds the needs under the suite receptions switch to (SwitchAt).
	alt     *simPerson
	sex     model.Sex
	cat     model.Opt[model.SecurityCategory]
	age     int   // years at the dataset date (transfers: AgeAllows)
	stock   int32 // index of the stock person (the template, for a reception)
	est     int32
	release float64 // months from the dataset date; +Inf when open-ended
	stay    float64 // months of custody at reception (for templates)
	joined  float64 // when the person joins the waiting lists (months from the start, ≥ 0)
	arrive  float64 // for the flow: when the person arrives
	risk    model.Level
	needs   []int32 // channels (offered) for needed programmes
	unmet   []int32 // keys of needed programmes not offered here
}

// New prepares the estate from classified people, establishments
// and offerings. Remand is left out: not sentenced, no programme can be
// planned (classification.md).
func New(ps []model.Profile, cls []model.Classification, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue, opt Options) (*Model, error) {
	if opt.Years == 0 {
		opt.Years = 5
	}
	if opt.Policy == "" {
		opt.Policy = model.ReleaseDate
	}
	if opt.Schedule == "" {
		opt.Schedule = model.Spread
	}
	// Defaults when not set: 6 months' consolidation and a month to
	// referral (assumptions, docs/simulation.md); 0 means 0.
	consolidation, delay := opt.Consolidation.Or(6), opt.ReferralDelay.Or(1)
	if !(consolidation >= 0) || math.IsInf(consolidation, 0) {
		return nil, fmt.Errorf("consolidation %v months: want a finite number ≥ 0", consolidation)
	}
	if !(delay >= 0) || math.IsInf(delay, 0) {
		return nil, fmt.Errorf("referral delay %v months: want a finite number ≥ 0", delay)
	}
	opt.Consolidation, opt.ReferralDelay = model.Some(consolidation), model.Some(delay)
	if len(opt.FlowClasses) != len(opt.Flow) {
		return nil, fmt.Errorf("flow: %d profiles but %d classifications", len(opt.Flow), len(opt.FlowClasses))
	}
	if opt.TransferDelay == 0 {
		opt.TransferDelay = 28 / model.DaysPerMonth
	}
	m := &Model{opt: opt, horizon: 12 * opt.Years, cat: cat, consolidation: consolidation, referralDelay: delay}
	estIdx := map[string]int{}
	sorted := slices.Clone(ests)
	slices.SortFunc(sorted, func(a, b model.Establishment) int { return compareStrings(a.Code, b.Code) })
	for _, e := range sorted {
		estIdx[e.Code] = len(m.ests)
		m.ests = append(m.ests, simEst{code: e.Code, teams: e.FacilitatorTeams.Or(1), rate: opt.Receptions[e.Code] / 12})
		m.Establishments = append(m.Establishments, e.Code)
	}
	keyIdx := map[[2]string]int{}
	key := func(est, region, prog string, offered bool) int {
		k := [2]string{est, prog}
		if i, ok := keyIdx[k]; ok {
			if offered {
				m.Keys[i].Offered = true
			}
			return i
		}
		keyIdx[k] = len(m.Keys)
		m.Keys = append(m.Keys, Key{Establishment: est, Region: region, Programme: prog, Offered: offered})
		return len(m.Keys) - 1
	}
	region := map[string]string{}
	for _, e := range ests {
		region[e.Code] = e.Region
	}
	chanIdx := map[[2]string][]int32{}
	seriesIdx := map[string]int{}
	m.SeriesNames = []string{"estate"}
	offSorted := slices.Clone(offs)
	slices.SortFunc(offSorted, func(a, b model.Offering) int {
		if c := compareStrings(a.Establishment, b.Establishment); c != 0 {
			return c
		}
		return compareStrings(a.Programme, b.Programme)
	})
	for _, o := range offSorted {
		g, ok := cat.Lookup(o.Programme)
		e, ok2 := estIdx[o.Establishment]
		if !ok || !ok2 || !o.Referable {
			continue
		}
		if _, ok := seriesIdx[g.Code]; !ok {
			seriesIdx[g.Code] = len(m.SeriesNames)
			m.SeriesNames = append(m.SeriesNames, g.Code)
		}
		k := int32(key(o.Establishment, region[o.Establishment], g.Code, true))
		base := simChan{est: int32(e), key: k, prog: g.Code, duration: g.DurationWeeks.Value * 12 / 52,
			completion: g.CompletionRate.Value, series: seriesIdx[g.Code]}
		if base.duration <= 0 {
			base.duration = 3 // a programme with no duration in the catalogue: three months (assumption)
		}
		if base.completion <= 0 {
			base.completion = 1
		}
		if o.GroupsPerYear > 0 || groupsLater(opt.Shocks, o.Establishment, g.Code) {
			c := base
			c.group = true
			c.size, c.minSize = o.Group(g), o.MinGroup(g)
			c.perYear = o.GroupsPerYear
			chanIdx[[2]string{o.Establishment, g.Code}] = append(chanIdx[[2]string{o.Establishment, g.Code}], int32(len(m.chans)))
			m.ests[e].chans = append(m.ests[e].chans, int32(len(m.chans)))
			m.chans = append(m.chans, c)
		}
		if o.OneToOnePlaces > 0 || oneToOneLater(opt.Shocks, o.Establishment, g.Code) {
			c := base
			c.size, c.minSize, c.perYear = 1, 1, float64(o.OneToOnePlaces)
			c.groupBase = o.GroupsPerYear
			chanIdx[[2]string{o.Establishment, g.Code}] = append(chanIdx[[2]string{o.Establishment, g.Code}], int32(len(m.chans)))
			m.ests[e].chans = append(m.ests[e].chans, int32(len(m.chans)))
			m.chans = append(m.chans, c)
		}
	}
	needsOf := func(p *model.Profile, c *model.Classification, plan analysis.SuitePlan) (needs, unmet []int32) {
		for _, j := range plan.Programmes(cat) {
			if !c.Needed.Has(j) {
				continue
			}
			code := cat.At(j).Code
			if chs, ok := chanIdx[[2]string{p.Establishment, code}]; ok {
				// The first channel stands for the programme's queue; its
				// one-to-one sibling shares it (see Run).
				needs = append(needs, chs[0])
			} else {
				unmet = append(unmet, int32(key(p.Establishment, region[p.Establishment], code, false)))
			}
		}
		return needs, unmet
	}
	switched := len(opt.SwitchClasses) == len(ps) && opt.SwitchAt > 0
	for i := range ps {
		p, c := &ps[i], &cls[i]
		e, ok := estIdx[p.Establishment]
		if !ok || p.SentenceType == model.Remand {
			continue
		}
		sp := simPerson{offence: p.OffenceGroup, sex: p.Sex, cat: p.SecurityCategory, age: p.Age, stock: int32(len(m.people)), est: int32(e), risk: c.PNI.Risk, release: c.MonthsLeft}
		if math.IsNaN(sp.release) {
			continue
		}
		sp.stay, _ = model.StayMonths(p, opt.AsOf)
		// Referred a delay after the sentence started, but waits count only
		// within the simulated window: from month 0 for people sentenced
		// longer ago.
		sp.joined = math.Max(0, delay-p.SentenceStart.MonthsUntil(opt.AsOf))
		sp.needs, sp.unmet = needsOf(p, c, opt.Suites)
		if switched {
			alt := sp
			alt.needs, alt.unmet = needsOf(p, &opt.SwitchClasses[i], analysis.SuitePlan{Default: opt.SwitchSuite})
			sp.alt = &alt
		}
		if len(sp.needs)+len(sp.unmet) == 0 && sp.stay <= 0 && sp.alt == nil {
			continue
		}
		m.people = append(m.people, sp)
		m.ids = append(m.ids, p.PersonID)
	}
	// The flow file's receptions, in order of arrival (stable: file order
	// for the same day); those arriving at or after the horizon never come.
	for i := range opt.Flow {
		p, c := &opt.Flow[i], &opt.FlowClasses[i]
		e, ok := estIdx[p.Establishment]
		if !ok || p.SentenceType == model.Remand || math.IsNaN(c.MonthsLeft) {
			continue
		}
		at := opt.AsOf.MonthsUntil(p.SentenceStart)
		if at < 0 {
			return nil, fmt.Errorf("flow person %s: sentence_start %s is before the dataset date %s", p.PersonID, p.SentenceStart, opt.AsOf)
		}
		if at >= m.horizon {
			continue
		}
		sp := simPerson{offence: p.OffenceGroup, sex: p.Sex, cat: p.SecurityCategory, stock: -1, est: int32(e), risk: c.PNI.Risk,
			release: c.MonthsLeft, arrive: at}
		sp.needs, sp.unmet = needsOf(p, c, opt.Suites)
		if len(sp.needs)+len(sp.unmet) == 0 {
			continue
		}
		m.flow = append(m.flow, sp)
		m.flowIDs = append(m.flowIDs, p.PersonID)
	}
	order := make([]int, len(m.flow))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return m.flow[order[a]].arrive < m.flow[order[b]].arrive })
	flow, flowIDs := make([]simPerson, len(order)), make([]string, len(order))
	for i, j := range order {
		flow[i], flowIDs[i] = m.flow[j], m.flowIDs[j]
	}
	m.flow, m.flowIDs = flow, flowIDs
	// Reception templates: each sentenced person stands for 1/stay
	// receptions a month (length-biased sampling; docs/gap-analysis.md).
	for i := range m.people {
		p := &m.people[i]
		if p.stay <= 0 || math.IsInf(p.stay, 0) {
			continue
		}
		est := &m.ests[p.est]
		w := 1 / p.stay
		if f, ok := opt.MixShift[p.offence]; ok {
			w *= f
		}
		est.weights = append(est.weights, w)
		est.templates = append(est.templates, int32(i))
	}
	for i := range m.ests {
		if len(m.ests[i].templates) == 0 || opt.Flow != nil {
			m.ests[i].rate = 0 // no one to draw from, or the flow file replaces the draws
			continue
		}
		m.ests[i].pick = sim.NewAlias(m.ests[i].weights)
	}
	// Transfer preparation.
	held := map[string]int{}
	for i := range ps {
		held[ps[i].Establishment]++
	}
	m.runs = map[string][]int32{}
	m.chanAt = map[[2]string]int32{}
	regionSet := map[string]int{}
	for _, e := range sorted {
		m.estRecs = append(m.estRecs, e)
		free := 1 << 30 // no operational capacity given: no limit
		if c, ok := e.OperationalCapacity.Get(); ok {
			free = max(0, c-held[e.Code])
		}
		m.free0 = append(m.free0, free)
		if _, ok := regionSet[e.Region]; !ok {
			regionSet[e.Region] = 0
			m.Regions = append(m.Regions, e.Region)
		}
	}
	slices.Sort(m.Regions)
	for i, r := range m.Regions {
		regionSet[r] = i
	}
	for _, e := range sorted {
		m.regionIdx = append(m.regionIdx, regionSet[e.Region])
	}
	for k, chs := range chanIdx {
		m.chanAt[k] = chs[0]
		m.runs[k[1]] = append(m.runs[k[1]], int32(estIdx[k[0]]))
	}
	for prog := range m.runs {
		slices.Sort(m.runs[prog])
	}
	m.progIdx = map[string]int{}
	for _, k := range m.Keys {
		if _, ok := m.progIdx[k.Programme]; !ok {
			m.progIdx[k.Programme] = 0
			m.Programmes = append(m.Programmes, k.Programme)
		}
	}
	slices.Sort(m.Programmes)
	for i, p := range m.Programmes {
		m.progIdx[p] = i
	}
	return m, nil
}

// groupsLater reports whether a shock gives the offering groups at some
// point (a scenario adding it from a month, or a groups: shock on an
// offering with none at the start), so that it needs a group channel.
func groupsLater(shocks []model.Shock, est, prog string) bool {
	for i := range shocks {
		if shocks[i].Groups > 0 && shocks[i].Matches(est, prog) {
			return true
		}
	}
	return false
}

// oneToOneLater reports whether a shock gives the offering one-to-one
// places at some point (a scenario adding them from a month), so that it
// needs a one-to-one channel.
func oneToOneLater(shocks []model.Shock, est, prog string) bool {
	for i := range shocks {
		if shocks[i].OneToOne.Val > 0 && shocks[i].OneToOne.OK && shocks[i].Matches(est, prog) {
			return true
		}
	}
	return false
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Event kinds of the estate model.
const (
	evRelease int32 = iota
	evArrive
	evRefer
	evSlot
	evEnd
	evSample
	evShock
	evMove
	evReturn
	evFlow  // a reception from the flow file
	evToken // a ready schedule's next start becomes due
	evTeam  // a part-time team has rested (team shocks)
)

// need statuses
const (
	nPending uint8 = iota // not yet referred: on no list
	nWaiting
	nOn
	nDone
	nDropped
	nUntreated
	nAway // waiting, but moved to a prison that does not run the programme
)

// Transfer outcomes, per programme (Replication.Transfers), counted per person
// under the first programme they asked to move for: Required = Moved +
// Waiting + NoMove + TransferCancelled, each person counted once at
// release or the horizon; Failed (and TransferReturned) count events.
const (
	TransferRequired = iota // needed a move: a programme not run where they were, or a wait past TransferAfter
	TransferMoved           // moved, and joined the programme's list there
	TransferFailed          // moves made on a stale listing, found not running, and sent back (events)
	TransferWaiting         // waiting for a planned move at release or the horizon
	TransferNoMove          // no establishment could take them (or no time to move and complete)
	numInspectorOutcomes
)

type runPerson struct {
	simPerson
	busyUntil float64
	released  bool
	reception bool      // arrived during the run (its waits are new referrals')
	moving    int32     // index of the pending move, or −1
	status    []uint8   // per need (a window of one slab for all people)
	since     []float64 // when each need joined its list
}

type queueEntry struct {
	person int32
	need   int32
}

type runChan struct {
	queue   []queueEntry
	tokens  float64
	lastTok float64
	// rate is the starts a year now (groups_per_year, or one-to-one places,
	// after shocks); a change of rate starts a new generation of slot
	// events (gen), and slot events of an older one are ignored. next is
	// when the current generation's next slot falls (NaN: none).
	rate float64
	gen  int32
	next float64
	// A ready schedule's pending token event (evToken), of generation
	// tokenGen.
	tokenDue bool
	tokenGen int32
	cohorts  []runCohort
}

type runCohort struct {
	members []queueEntry
	part    bool // run by the part-time team (teamPool)
}

// teamPool is an establishment's facilitator teams, shared by its group
// programmes. Team shocks make the capacity fractional (3 teams × 0.5 =
// 1.5): the whole part is teams always available, and a fractional part f
// is one part-time team that, after each cohort, rests (1/f − 1) × the
// cohort's duration before it can start another, so that with back-to-back
// demand it runs a share f of the time, and capacity scales in proportion
// to the factor even where there is one team (docs/simulation.md).
type teamPool struct {
	capacity float64 // teams now: facilitator_teams × the active team factors
	full     int     // cohorts running on whole teams
	part     bool    // a cohort running on the part-time team
	partFree float64 // when the part-time team has rested
	// Team-months busy and available, and when they were last brought up
	// to date.
	busyArea, capArea, last float64
}

// split returns the whole teams and the part-time team's share.
func (tp *teamPool) split() (int, float64) {
	w := math.Floor(tp.capacity + 1e-9) // 1.5 × 2 is 3 whole teams, whatever the rounding
	f := tp.capacity - w
	if f < 1e-9 {
		f = 0
	}
	return int(w), f
}

func (tp *teamPool) accrue(t float64) {
	busy := float64(tp.full)
	if tp.part {
		busy++
	}
	tp.busyArea += busy * (t - tp.last)
	tp.capArea += tp.capacity * (t - tp.last)
	tp.last = t
}

// used returns how many whole teams are taken and whether the part-time
// team's place is, when the capacity has changed under running cohorts:
// cohorts on whole teams beyond the whole teams left take the part-time
// place, and a part-time cohort takes a whole team when no part is left.
func (tp *teamPool) used() (whole, f float64, fullUsed int, partUsed bool) {
	w, f := tp.split()
	fullUsed, partUsed = tp.full, tp.part
	if tp.part && f == 0 {
		fullUsed, partUsed = fullUsed+1, false
	}
	if f > 0 && tp.full > w {
		partUsed = true
	}
	return float64(w), f, fullUsed, partUsed
}

// free reports whether a team can start a cohort at t.
func (tp *teamPool) free(t float64) bool {
	whole, f, fullUsed, partUsed := tp.used()
	return float64(fullUsed) < whole || f > 0 && !partUsed && t >= tp.partFree
}

// take assigns a cohort starting at t to a team (free must be true) and
// reports whether it is the part-time one.
func (tp *teamPool) take(t float64) bool {
	tp.accrue(t)
	if whole, _, fullUsed, _ := tp.used(); float64(fullUsed) < whole {
		tp.full++
		return false
	}
	tp.part = true
	return true
}

// release frees the team of a cohort of the given duration ending at t; it
// returns when a part-time team will have rested (0 when it need not).
func (tp *teamPool) release(t float64, part bool, duration float64) float64 {
	tp.accrue(t)
	whole, f := tp.split()
	if !part {
		excess := tp.full > whole // it ran in the part-time team's place
		tp.full--
		if !excess || f == 0 {
			return 0
		}
		tp.partFree = t + (1/f-1)*duration
		return tp.partFree
	}
	tp.part = false
	if f > 0 {
		tp.partFree = t + (1/f-1)*duration
		return tp.partFree
	}
	return 0
}

// TraceEvent is one step of one person in a traced replication.
type TraceEvent struct {
	Time      float64 // months from the dataset date
	Person    string  // person_id (of the stock or the flow file), or R<n> for the n-th sampled reception
	Template  string  // for a reception, the person_id it was drawn from
	Programme string  // "" for receptions and releases
	// Event is reception, waiting (joined a list), started, completed,
	// dropped_out, released, released_untreated, and at the horizon
	// waiting_at_horizon, referral_pending_at_horizon (arrived, not yet
	// referred), not_run_here_at_horizon (a need the prison does not run)
	// or in_progress_at_horizon; with transfers also moved, move_failed and
	// returned. Every need ends in exactly one of completed, dropped_out,
	// released_untreated and the four at the horizon.
	Event         string
	Establishment string
}

// Run simulates one replication with r.
func (m *Model) Run(ctx context.Context, r *rand.Rand) (*Replication, error) {
	return m.RunTraced(ctx, r, nil)
}

// RunTraced simulates one replication, calling trace (when not nil) for
// every step of every person, in time order.
func (m *Model) RunTraced(ctx context.Context, r *rand.Rand, trace func(TraceEvent)) (*Replication, error) {
	var cal sim.Calendar
	// Common random numbers need each random process on its own stream, so
	// that a change to one (more cohorts somewhere) does not shift the
	// draws of the others (Law 2015, §11.2.1, "synchronization"):
	// receptions draw from one stream per establishment; completion and the
	// phase of each offering's schedule are hashed from the person, the
	// programme and the offering; what is left (stale listings) uses r.
	base := r.Uint64()
	arrivalRNG := make([]*rand.Rand, len(m.ests))
	for e := range arrivalRNG {
		arrivalRNG[e] = rand.New(rand.NewPCG(base, uint64(e)+1))
	}
	hashBase := r.Uint64()
	res := &Replication{Outcomes: make([]Outcome, len(m.Keys)), Utilisation: make([]float64, len(m.ests)),
		Transfers: make([][numTransferOutcomes]int, len(m.Programmes)), Flows: make([][]int, len(m.Regions))}
	for i := range res.Flows {
		res.Flows[i] = make([]int, len(m.Regions))
	}
	for i := range res.Outcomes {
		res.Outcomes[i].NextStart = math.NaN()
	}
	months := int(math.Floor(m.horizon)) + 1
	res.Series = make([][]float64, len(m.SeriesNames))
	for i := range res.Series {
		res.Series[i] = make([]float64, months)
	}
	arrivals := float64(len(m.flow))
	for e := range m.ests {
		arrivals += m.ests[e].rate * m.horizon
	}
	people := make([]runPerson, 0, len(m.people)+int(arrivals*1.1)+16)
	chans := make([]runChan, len(m.chans))
	waitN := make([]int, len(m.chans)) // people waiting, by queue (first channel)
	receptions := 0
	names := []string{} // trace names by run id
	traceAt := -1.0     // when set, the time of trace events (the horizon)
	emit := func(id int32, prog, event string) {
		if trace == nil {
			return
		}
		p := &people[id]
		t := cal.Now()
		if traceAt >= 0 {
			t = traceAt
		}
		e := TraceEvent{Time: t, Person: names[id], Programme: prog, Event: event, Establishment: m.ests[p.est].code}
		if p.reception && p.stock >= 0 {
			e.Template = m.ids[p.stock]
		}
		trace(e)
	}
	// The queue of a programme at an establishment is its first channel's;
	// queueOf maps every channel to it.
	queueOf := make([]int32, len(m.chans))
	first := map[[2]int32]int32{}
	for i, c := range m.chans {
		k := [2]int32{c.est, c.key}
		if f, ok := first[k]; ok {
			queueOf[i] = f
		} else {
			first[k] = int32(i)
			queueOf[i] = int32(i)
		}
	}
	now := func() float64 { return cal.Now() }

	// shocks
	suspended := func(c *simChan, t float64) bool {
		for i := range m.opt.Shocks {
			s := &m.opt.Shocks[i]
			if s.Suspend && s.Active(t) && s.Matches(m.ests[c.est].code, c.prog) {
				return true
			}
		}
		return false
	}
	// capacityAt is the establishment's teams at t: facilitator_teams times
	// the factors of the team shocks active then.
	capacityAt := func(e int, t float64) float64 {
		n := float64(m.ests[e].teams)
		for i := range m.opt.Shocks {
			s := &m.opt.Shocks[i]
			if f, ok := s.Team(); ok && s.Active(t) && s.Matches(m.ests[e].code, "") {
				n *= f
			}
		}
		return n
	}
	teams := make([]teamPool, len(m.ests))
	for e := range teams {
		teams[e].capacity = capacityAt(e, 0)
	}
	// perYearAt is a channel's starts a year at t: groups_per_year, or for
	// one-to-one places their number, as the groups shocks active then
	// leave them (the last in the list wins). A shock that sets OneToOne
	// (scenario changes do) gives the one-to-one places directly; a groups
	// shock without it (simulate --shock groups:) scales an offering's
	// one-to-one places by new/old groups_per_year, and for an offering
	// with no groups at the start 0 stops them and another value leaves them
	// as they are (the groups go to the group channel).
	perYearAt := func(c *simChan, t float64) float64 {
		g := c.perYear
		for i := range m.opt.Shocks {
			s := &m.opt.Shocks[i]
			if s.Groups < 0 && !s.OneToOne.OK || !s.Active(t) || !s.Matches(m.ests[c.est].code, c.prog) {
				continue
			}
			switch {
			case c.group && s.Groups < 0:
				// a one-to-one change only: the groups are unchanged
			case c.group:
				g = s.Groups
			case s.OneToOne.OK:
				g = s.OneToOne.Val
			case c.groupBase > 0:
				g = c.perYear * s.Groups / c.groupBase
			case s.Groups == 0:
				g = 0
			default:
				g = c.perYear
			}
		}
		return g
	}

	// Slabs hold every person's per-need status and joining time, so an
	// arrival costs no allocation of its own.
	var statusSlab []uint8
	var sinceSlab []float64
	addPerson := func(sp simPerson, joined float64, name string, reception bool) int32 {
		id := int32(len(people))
		n := len(sp.needs)
		if len(statusSlab) < n {
			statusSlab, sinceSlab = make([]uint8, 1<<16), make([]float64, 1<<16)
		}
		rp := runPerson{simPerson: sp, status: statusSlab[:n:n], since: sinceSlab[:n:n], moving: -1, reception: reception}
		statusSlab, sinceSlab = statusSlab[n:], sinceSlab[n:]
		rp.joined = joined
		people = append(people, rp)
		if trace != nil {
			if name == "" {
				receptions++
				name = "R" + strconv.Itoa(receptions)
			}
			names = append(names, name)
		}
		if sp.release < m.horizon {
			cal.Schedule(math.Max(now(), sp.release), evRelease, id, 0)
		}
		return id
	}
	// Transfers (docs/transfers.md): free places by establishment, the
	// planners' directory of who runs what (real listings and stale ones),
	// the moves asked for, and each person's transfer record.
	type move struct {
		person    int32
		from, to  int32
		progs     []string // the programmes the move is for, listed at to
		local     int32    // the local need a move after a long wait is for; −1: programmes not run at the origin
		requested float64
		state     uint8
	}
	const (
		movePending uint8 = iota
		moveReturning
		moveDone
		moveCancelled
	)
	var moves []move
	var free []int
	asked := map[[2]int32]bool{} // needs that already asked to move after a long wait
	var delaySum float64
	delayN := 0
	var directory map[string][]simListing
	records := map[int32]*transferRecord{}
	monthsNeeded := map[string]float64{}
	if m.opt.Transfers {
		free = slices.Clone(m.free0)
		directory = m.directory(r)
		for _, prog := range m.Programmes {
			if g, ok := m.cat.Lookup(prog); ok {
				monthsNeeded[prog] = g.MonthsNeeded.Value
			}
		}
		res.EstFlows = make([][]int, len(m.ests))
		for i := range res.EstFlows {
			res.EstFlows[i] = make([]int, len(m.ests))
		}
	}
	countMove := func(from, to int32) {
		res.Flows[m.regionIdx[from]][m.regionIdx[to]]++
		res.EstFlows[from][to]++
	}
	// settle counts a person's transfer outcome once, at release or the
	// horizon: waiting for a planned move (one pending, or on the way back
	// from a failed one, to ask again), moved, move cancelled, or no move
	// possible.
	settle := func(id int32) {
		rec := records[id]
		if rec == nil || rec.settled {
			return
		}
		rec.settled = true
		out := &res.Transfers[m.progIdx[rec.prog]]
		switch {
		case people[id].moving >= 0:
			out[TransferWaiting]++
		case rec.moved:
			out[TransferMoved]++
		case rec.cancelled:
			out[TransferCancelled]++
		default:
			out[TransferNoMove]++
		}
	}
	cancelMove := func(mi int32) {
		mv := &moves[mi]
		mv.state = moveCancelled
		free[mv.to]++
		people[mv.person].moving = -1
		records[mv.person].cancelled = true
	}
	// leave settles a released person's transfers and gives back the place
	// held for them at a destination (a pending move) or at the stale
	// listing they are being sent back from; the place where they are is
	// freed by the release itself.
	leave := func(id int32) {
		settle(id)
		p := &people[id]
		if p.moving < 0 {
			return
		}
		mv := &moves[p.moving]
		if mv.state == movePending || mv.state == moveReturning {
			free[mv.to]++
			mv.state = moveDone
		}
		p.moving = -1
	}
	type destScore struct {
		served int
		places float64
		progs  []string
	}
	scores := make([]destScore, len(m.ests))
	var touched []int32
	// requestMove asks for a move: for the person's programmes not run
	// where they are (local < 0), or for their local need local after a
	// long wait. A person who needs a programme they could complete before
	// release counts as required (once); they can move for the programmes
	// they have time to move for and complete (months_needed plus the
	// move's delay, as in the static analysis), to an establishment listed
	// as running one of them that holds their sex and suits their security
	// category and age (MoveAllowed), has a free place, and that they have
	// neither left nor found stale. The choice: the most of those
	// programmes listed there, then the lowest move cost (same region;
	// training prisons for long sentences, resettlement prisons in the
	// final year: moveCost), then at random in proportion to the listed
	// places, so a stale listing is no likelier to be chosen than a real one
	// like it.
	requestMove := func(id int32, local int32) {
		p := &people[id]
		t := now()
		left := p.release - t
		var progs []string
		if local >= 0 {
			if p.status[local] != nWaiting {
				return
			}
			progs = []string{m.chans[p.needs[local]].prog}
		} else {
			for _, k := range p.unmet {
				progs = append(progs, m.Keys[k].Programme)
			}
		}
		var timely []string
		first := ""
		for _, g := range progs {
			if left >= monthsNeeded[g] && first == "" {
				first = g
			}
			if left >= monthsNeeded[g]+m.opt.TransferDelay {
				timely = append(timely, g)
			}
		}
		if first == "" {
			return // no time to complete any of them: no move is needed
		}
		rec := records[id]
		if rec == nil {
			rec = &transferRecord{prog: first}
			if len(timely) > 0 {
				rec.prog = timely[0]
			}
			records[id] = rec
			res.Transfers[m.progIdx[rec.prog]][TransferRequired]++
		}
		rec.requests++
		if rec.moves >= MaxMovesPerPerson || p.moving >= 0 {
			return
		}
		from := p.est
		touched = touched[:0]
		for _, g := range timely {
			gi := int32(m.progIdx[g])
			for _, l := range directory[g] {
				e := l.est
				if e == from || free[e] <= 0 || rec.hasLeft(e) || rec.knowsStale(e, gi) ||
					!model.MoveAllowed(&m.estRecs[e], p.sex, p.cat, p.age) {
					continue
				}
				sc := &scores[e]
				if sc.served == 0 {
					touched = append(touched, e)
				}
				sc.served++
				sc.places += l.places
				sc.progs = append(sc.progs, g)
			}
		}
		best := int32(-1)
		var bestCost float64
		var ties []int32
		for _, e := range touched {
			c := model.MoveCost(&m.estRecs[from], &m.estRecs[e], left)
			switch {
			case best < 0 || scores[e].served > scores[best].served || scores[e].served == scores[best].served && c < bestCost:
				best, bestCost = e, c
				ties = append(ties[:0], e)
			case scores[e].served == scores[best].served && c == bestCost:
				ties = append(ties, e)
			}
		}
		if len(ties) > 1 {
			u := uniform(hashBase^0x7A3F5EED, uint64(id), uint64(rec.requests), 5)
			total := 0.0
			for _, e := range ties {
				total += scores[e].places
			}
			best = ties[min(int(u*float64(len(ties))), len(ties)-1)]
			if total > 0 {
				x := u * total
				for _, e := range ties {
					if x < scores[e].places {
						best = e
						break
					}
					x -= scores[e].places
				}
			}
		}
		var chosen []string
		if best >= 0 {
			chosen = slices.Clone(scores[best].progs)
		}
		for _, e := range touched {
			scores[e] = destScore{progs: scores[e].progs[:0]}
		}
		if best < 0 {
			return // no move possible now (counted at release or the horizon)
		}
		free[best]--
		rec.moves++
		p.moving = int32(len(moves))
		moves = append(moves, move{person: id, from: from, to: best, progs: chosen, local: local, requested: t})
		cal.Schedule(t+m.opt.TransferDelay, evMove, p.moving, 0)
	}
	// localStart cancels a pending move for a local need that has just
	// started where the person is.
	localStart := func(id, need int32) {
		p := &people[id]
		if p.moving >= 0 {
			if mv := &moves[p.moving]; mv.state == movePending && mv.local == need {
				cancelMove(p.moving)
			}
		}
	}
	var tryStart func(ch int)
	// join puts a person's needs on the lists and, when try is set, tries
	// to start cohorts for them.
	join := func(id int32, try bool) {
		p := &people[id]
		for k, ch := range p.needs {
			p.status[k] = nWaiting
			p.since[k] = p.joined
			chans[ch].queue = append(chans[ch].queue, queueEntry{id, int32(k)})
			waitN[ch]++
			emit(id, m.chans[ch].prog, "waiting")
		}
		for _, ch := range p.needs {
			for _, c := range m.ests[p.est].chans {
				if try && queueOf[c] == ch {
					tryStart(int(c))
				}
			}
		}
		if m.opt.Transfers && len(p.unmet) > 0 {
			requestMove(id, -1)
		}
	}
	outcome := func(p *runPerson, k int) *Outcome { return &res.Outcomes[m.chans[p.needs[k]].key] }

	// priority returns the sort key of a waiting need under the policy.
	priority := func(p *runPerson, k int, dur float64) (float64, float64) {
		switch m.opt.Policy {
		case model.FIFO:
			return p.since[k], 0
		case model.Risk:
			return -float64(p.risk), p.release
		case model.RightTime:
			latest := p.release - m.consolidation - dur
			if latest >= now() {
				return 0, latest
			}
			return 1, p.release
		}
		return p.release, p.since[k]
	}
	type cand struct {
		e      queueEntry
		k1, k2 float64
	}
	var cands []cand
	// accrueTokens brings a ready schedule's starts up to t: they accrue at
	// the channel's rate, up to a year's worth (at least one).
	accrueTokens := func(rc *runChan, t float64) {
		rc.tokens = math.Min(math.Max(1, rc.rate), rc.tokens+(t-rc.lastTok)*rc.rate/12)
		rc.lastTok = t
	}
	ready := func(c *simChan) bool { return m.opt.Schedule == model.Ready && c.group }
	tryStart = func(ci int) {
		c := &m.chans[ci]
		rc := &chans[ci]
		q := &chans[queueOf[ci]]
		t := now()
		if suspended(c, t) {
			return
		}
		if ready(c) {
			accrueTokens(rc, t)
			if rc.tokens < 1 && rc.rate > 0 && !rc.tokenDue {
				// Try again when the next start is due.
				rc.tokenDue = true
				cal.Schedule(t+(1-rc.tokens)*12/rc.rate, evToken, int32(ci), rc.tokenGen)
			}
		}
		if rc.tokens < 1 {
			return
		}
		tp := &teams[c.est]
		if c.group && !tp.free(t) {
			return
		}
		cands = cands[:0]
		live := q.queue[:0]
		for _, e := range q.queue {
			p := &people[e.person]
			if p.released || p.status[e.need] != nWaiting || p.est != c.est {
				continue
			}
			live = append(live, e)
			if p.busyUntil > t || p.release-t < c.duration {
				continue
			}
			k1, k2 := priority(p, int(e.need), c.duration)
			cands = append(cands, cand{e, k1, k2})
		}
		q.queue = live
		if len(cands) < c.minSize {
			return
		}
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].k1 != cands[j].k1 {
				return cands[i].k1 < cands[j].k1
			}
			return cands[i].k2 < cands[j].k2
		})
		take := min(c.size, len(cands))
		cohort := make([]queueEntry, take)
		o := &res.Outcomes[c.key]
		for i := range take {
			e := cands[i].e
			p := &people[e.person]
			p.status[e.need] = nOn
			if p.moving >= 0 {
				localStart(e.person, e.need)
			}
			waitN[queueOf[ci]]--
			p.busyUntil = t + c.duration
			o.Starts++
			emit(e.person, c.prog, "started")
			w := t - p.since[e.need]
			o.waits = append(o.waits, w)
			if p.reception {
				o.newWaits = append(o.newWaits, w)
			}
			cohort[i] = e
		}
		if math.IsNaN(o.NextStart) {
			o.NextStart = t
		}
		o.Cohorts++
		o.Empty += c.size - take
		rc.tokens--
		part := false
		if c.group {
			part = tp.take(t)
		}
		rc.cohorts = append(rc.cohorts, runCohort{members: cohort, part: part})
		cal.Schedule(t+c.duration, evEnd, int32(ci), int32(len(rc.cohorts)-1))
	}
	// setRate applies a change of a channel's starts a year at t (a groups
	// shock beginning or ending) and reports whether it changed. A spread
	// schedule keeps its phase: the part of the interval to the next slot
	// still to run is run at the new rate, so a shock to the same value
	// changes nothing and one from nothing starts at the offering's phase.
	// Slot events of the old rate are then stale (gen).
	setRate := func(ci int, t float64) bool {
		c := &m.chans[ci]
		rc := &chans[ci]
		g := perYearAt(c, t)
		if g == rc.rate {
			return false
		}
		if ready(c) {
			accrueTokens(rc, t) // at the old rate up to now
			rc.tokenGen++
			rc.tokenDue = false
		} else {
			rc.gen++
			frac := uniform(hashBase, uint64(c.est), uint64(m.progIdx[c.prog]), boolBit(c.group))
			if rc.rate > 0 && !math.IsNaN(rc.next) {
				frac = (rc.next - t) * rc.rate / 12
			}
			rc.next = math.NaN()
			if g > 0 {
				rc.next = t + frac*12/g
				cal.Schedule(rc.next, evSlot, int32(ci), rc.gen)
			}
		}
		rc.rate = g
		return true
	}

	// sample records the people waiting on the lists in month mth.
	sample := func(mth int) {
		for ci, n := range waitN {
			if queueOf[ci] == int32(ci) {
				res.Series[0][mth] += float64(n)
				res.Series[m.chans[ci].series][mth] += float64(n)
			}
		}
	}

	// First receptions, slots, samples and shocks, then the stock.
	for e := range m.ests {
		if m.ests[e].rate > 0 {
			cal.Schedule(arrivalRNG[e].ExpFloat64()/m.ests[e].rate, evArrive, int32(e), 0)
		}
	}
	for i := range m.flow {
		cal.Schedule(m.flow[i].arrive, evFlow, int32(i), 0)
	}
	for ci := range m.chans {
		c := &m.chans[ci]
		rc := &chans[ci]
		rc.rate, rc.next = perYearAt(c, 0), math.NaN()
		if ready(c) {
			rc.tokens = 1
		} else if rc.rate > 0 {
			phase := uniform(hashBase, uint64(c.est), uint64(m.progIdx[c.prog]), boolBit(c.group))
			rc.next = phase * 12 / rc.rate
			cal.Schedule(rc.next, evSlot, int32(ci), rc.gen)
		}
	}
	// The stock at the dataset date joins the lists once the schedules are
	// set, so that a ready schedule can start cohorts at once.
	for _, sp := range m.people {
		if len(sp.needs)+len(sp.unmet) == 0 {
			continue // needs nothing: no outcome to count
		}
		id := addPerson(sp, sp.joined, m.ids[sp.stock], false)
		if sp.joined > 0 { // sentenced less than a referral delay ago
			cal.Schedule(sp.joined, evRefer, id, 0)
		} else {
			join(id, false)
		}
	}
	// Then the first starts, with everyone waiting at month 0 on the lists
	// (a ready schedule takes up to group_size of them, not the first
	// min_group_size to join).
	for ci := range m.chans {
		tryStart(ci)
	}
	for mth := range months {
		cal.Schedule(float64(mth), evSample, 0, 0)
	}
	for i := range m.opt.Shocks {
		s := &m.opt.Shocks[i]
		cal.Schedule(s.From, evShock, int32(i), 0)
		if s.To > s.From {
			cal.Schedule(s.To, evShock, int32(i), 1)
		}
	}

	for {
		ev, ok := cal.Next()
		if !ok || ev.T >= m.horizon { // nothing happens at or after the horizon
			break
		}
		res.Events++
		if res.Events&8191 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		t := ev.T
		switch ev.Kind {
		case evRelease:
			p := &people[ev.A]
			if p.busyUntil > t { // programme holds: released when it ends
				cal.Schedule(p.busyUntil, evRelease, ev.A, 0)
				continue
			}
			p.released = true
			if free != nil {
				free[p.est]++ // the place is free again
			}
			if free != nil {
				leave(ev.A) // transfer outcome; a place held elsewhere
			}
			for k, ch := range p.needs {
				switch p.status[k] {
				case nWaiting, nAway, nPending:
					if p.status[k] == nWaiting {
						waitN[ch]--
					}
					p.status[k] = nUntreated
					outcome(p, k).Untreated++
					emit(ev.A, m.chans[ch].prog, "released_untreated")
				}
			}
			for _, key := range p.unmet {
				res.Outcomes[key].Untreated++
				emit(ev.A, m.Keys[key].Programme, "released_untreated")
			}
			emit(ev.A, "", "released")
		case evArrive:
			e := int(ev.A)
			est := &m.ests[e]
			ar := arrivalRNG[e]
			tpl := &m.people[est.templates[est.pick.Draw(ar)]]
			cal.Schedule(t+ar.ExpFloat64()/est.rate, evArrive, ev.A, 0)
			if tpl.alt != nil && t >= m.opt.SwitchAt {
				tpl = tpl.alt // assessed under the new suite
			}
			if len(tpl.needs)+len(tpl.unmet) == 0 {
				continue // a reception who needs nothing changes no outcome
			}
			sp := *tpl
			sp.release = t + tpl.stay
			if free != nil {
				free[e]-- // a reception takes a place (possibly beyond capacity: prisons are full)
			}
			id := addPerson(sp, t+m.referralDelay, "", true)
			emit(id, "", "reception")
			cal.Schedule(t+m.referralDelay, evRefer, id, 0)
		case evFlow:
			sp := m.flow[ev.A]
			if free != nil {
				free[sp.est]-- // as a sampled reception
			}
			id := addPerson(sp, t+m.referralDelay, m.flowIDs[ev.A], true)
			emit(id, "", "reception")
			cal.Schedule(t+m.referralDelay, evRefer, id, 0)
		case evRefer:
			if !people[ev.A].released {
				join(ev.A, true)
			}
		case evSlot:
			ci := int(ev.A)
			rc := &chans[ci]
			if ev.B != rc.gen {
				continue // a slot of a rate since changed
			}
			rc.tokens = math.Min(rc.tokens+1, 1)
			tryStart(ci)
			rc.next = t + 12/rc.rate
			cal.Schedule(rc.next, evSlot, ev.A, rc.gen)
		case evToken:
			ci := int(ev.A)
			rc := &chans[ci]
			if ev.B != rc.tokenGen || !rc.tokenDue {
				continue
			}
			rc.tokenDue = false
			accrueTokens(rc, t)
			if rc.tokens > 1-1e-9 {
				rc.tokens = math.Max(rc.tokens, 1) // due now, whatever the rounding
			}
			tryStart(ci)
		case evTeam:
			for _, ci := range m.ests[ev.A].chans {
				tryStart(int(ci))
			}
		case evEnd:
			ci := int(ev.A)
			c := &m.chans[ci]
			rc := &chans[ci]
			co := rc.cohorts[ev.B]
			for _, e := range co.members {
				p := &people[e.person]
				o := &res.Outcomes[c.key]
				if uniform(hashBase^0xC0FFEE, uint64(e.person), uint64(m.progIdx[c.prog]), 2) < c.completion {
					emit(e.person, c.prog, "completed")
					p.status[e.need] = nDone
					if p.release-t >= m.consolidation {
						o.InTime++
					} else {
						o.Late++
					}
				} else {
					p.status[e.need] = nDropped
					o.Dropped++
					emit(e.person, c.prog, "dropped_out")
				}
			}
			rc.cohorts[ev.B] = runCohort{}
			if c.group {
				if at := teams[c.est].release(t, co.part, c.duration); at > t {
					cal.Schedule(at, evTeam, c.est, 0)
				}
			}
			for _, other := range m.ests[c.est].chans {
				tryStart(int(other))
			}
		case evSample:
			if mth := int(math.Round(t)); mth < months {
				sample(mth)
			}
			// Monthly, people who have waited past the threshold on a
			// local list ask to move (once per need).
			if m.opt.Transfers && m.opt.TransferAfter > 0 {
				for ci := range m.chans {
					if queueOf[ci] != int32(ci) {
						continue
					}
					for _, e := range chans[ci].queue {
						p := &people[e.person]
						if p.released || p.moving >= 0 || p.status[e.need] != nWaiting || p.est != m.chans[ci].est ||
							asked[[2]int32{e.person, e.need}] {
							continue
						}
						// The wait counts at this prison: from referral, or
						// from arriving by a move.
						since := p.since[e.need]
						if rec := records[e.person]; rec != nil {
							since = math.Max(since, rec.arrived)
						}
						if t-since < m.opt.TransferAfter {
							continue
						}
						asked[[2]int32{e.person, e.need}] = true
						requestMove(e.person, e.need)
					}
				}
			}
		case evMove:
			mv := &moves[ev.A]
			p := &people[mv.person]
			if p.released || p.moving != ev.A || mv.state != movePending {
				continue
			}
			if p.busyUntil > t { // on another programme: move when it ends
				cal.Schedule(p.busyUntil, evMove, ev.A, 0)
				continue
			}
			// Called off when the need is met where they are or has ended:
			// a local need no longer waiting, or no time left to complete
			// any of the programmes.
			keep := mv.progs[:0:0]
			for _, g := range mv.progs {
				if p.release-t >= monthsNeeded[g] {
					keep = append(keep, g)
				}
			}
			if len(keep) == 0 || mv.local >= 0 && p.status[mv.local] != nWaiting {
				cancelMove(ev.A)
				continue
			}
			rec := records[mv.person]
			to := m.ests[mv.to].code
			countMove(mv.from, mv.to)
			delaySum += t - mv.requested
			delayN++
			runs := false
			for _, g := range mv.progs {
				if _, ok := m.chanAt[[2]string{to, g}]; ok {
					runs = true
				}
			}
			if !runs {
				// Every listing the move was for was out of date: nothing
				// runs here for them. They are sent back, which takes
				// another move, and ask again on return, knowing these
				// listings are stale. Until then they stay on their
				// prison's lists but cannot start (busy) and hold their
				// place there; the place here stays taken.
				for _, g := range mv.progs {
					rec.stale = append(rec.stale, [2]int32{mv.to, int32(m.progIdx[g])})
				}
				mv.state = moveReturning
				rec.moves-- // a failed move does not count: each one teaches them a stale listing
				p.busyUntil = t + m.opt.TransferDelay
				res.Transfers[m.progIdx[rec.prog]][TransferFailed]++
				home := p.est
				p.est = mv.to
				emit(mv.person, mv.progs[0], "moved")
				emit(mv.person, mv.progs[0], "move_failed")
				p.est = home
				cal.Schedule(p.busyUntil, evReturn, ev.A, 0)
				continue
			}
			free[mv.from]++
			p.est = mv.to
			p.moving = -1
			mv.state = moveDone
			rec.moved = true
			rec.arrived = t
			rec.left = append(rec.left, mv.from)
			for _, g := range mv.progs {
				emit(mv.person, g, "moved")
			}
			// Every waiting need the new prison runs joins its list there,
			// keeping the time it was first referred: the needs on the old
			// prison's lists, those waiting without a list (after an
			// earlier move), and those for programmes not run at the old
			// prison. Needs it does not run wait without a list.
			p.needs = slices.Clone(p.needs)
			for k, old := range p.needs {
				if p.status[k] != nWaiting && p.status[k] != nAway {
					continue
				}
				if p.status[k] == nWaiting {
					waitN[old]--
				}
				if nc, ok := m.chanAt[[2]string{to, m.chans[old].prog}]; ok {
					p.needs[k] = nc
					p.status[k] = nWaiting
					chans[nc].queue = append(chans[nc].queue, queueEntry{mv.person, int32(k)})
					waitN[nc]++
				} else {
					p.status[k] = nAway
				}
			}
			var still []int32
			for _, key := range p.unmet {
				nc, ok := m.chanAt[[2]string{to, m.Keys[key].Programme}]
				if !ok {
					still = append(still, key)
					continue
				}
				p.needs = append(p.needs, nc)
				p.status = append(slices.Clone(p.status), nWaiting)
				p.since = append(slices.Clone(p.since), p.joined)
				chans[nc].queue = append(chans[nc].queue, queueEntry{mv.person, int32(len(p.needs) - 1)})
				waitN[nc]++
			}
			p.unmet = still
			for _, c := range m.ests[mv.to].chans {
				tryStart(int(c))
			}
		case evReturn:
			mv := &moves[ev.A]
			p := &people[mv.person]
			if mv.state != moveReturning || p.released {
				continue
			}
			mv.state = moveDone
			p.moving = -1
			free[mv.to]++
			countMove(mv.to, mv.from)
			res.Transfers[m.progIdx[records[mv.person].prog]][TransferReturned]++
			emit(mv.person, "", "returned")
			requestMove(mv.person, mv.local)
			for _, c := range m.ests[p.est].chans {
				tryStart(int(c))
			}
		case evShock:
			s := &m.opt.Shocks[ev.A]
			_, teamShock := s.Team()
			if teamShock {
				for e := range m.ests {
					if s.Matches(m.ests[e].code, "") {
						teams[e].accrue(t)
						teams[e].capacity = capacityAt(e, t)
					}
				}
			}
			for ci := range m.chans {
				c := &m.chans[ci]
				if !s.Matches(m.ests[c.est].code, c.prog) {
					continue
				}
				changed := s.Suspend || teamShock
				if (s.Groups >= 0 || s.OneToOne.OK) && setRate(ci, t) {
					changed = true
				}
				if changed { // a shock that changes nothing here tries nothing
					tryStart(ci)
				}
			}
		}
	}
	// At the horizon. Utilisation is over the team-months available after
	// team shocks.
	for e := range m.ests {
		tp := &teams[e]
		tp.accrue(m.horizon)
		res.Utilisation[e] = math.NaN()
		if tp.capArea > 0 {
			res.Utilisation[e] = tp.busyArea / tp.capArea
		}
	}
	if last := months - 1; float64(last) == m.horizon {
		sample(last) // the month at the horizon: the lists as they are left
	}
	if free != nil {
		res.FreeAtHorizon = slices.Clone(free)
	}
	res.MoveDelay = math.NaN()
	if delayN > 0 {
		res.MoveDelay = delaySum / float64(delayN)
	}
	traceAt = m.horizon
	for i := range people {
		p := &people[i]
		if p.released {
			continue
		}
		if free != nil {
			settle(int32(i))
		}
		// Every need still open ends here, in one terminal event.
		for k := range p.needs {
			prog := m.chans[p.needs[k]].prog
			switch p.status[k] {
			case nWaiting, nAway:
				outcome(p, k).Waiting++
				emit(int32(i), prog, "waiting_at_horizon")
			case nPending: // arrived, not yet referred: counted as waiting
				outcome(p, k).Waiting++
				emit(int32(i), prog, "referral_pending_at_horizon")
			case nOn:
				outcome(p, k).InProgress++
				emit(int32(i), prog, "in_progress_at_horizon")
			}
		}
		for _, key := range p.unmet {
			res.Outcomes[key].Waiting++
			emit(int32(i), m.Keys[key].Programme, "not_run_here_at_horizon")
		}
	}
	for i := range res.Outcomes {
		o := &res.Outcomes[i]
		slices.Sort(o.waits)
		slices.Sort(o.newWaits)
		o.MeanWait, o.MedianWait, o.P90Wait = waitStats(o.waits)
		o.MeanWaitNew, _, _ = waitStats(o.newWaits)
	}
	return res, nil
}

// waitStats returns the mean, median and 90th percentile of sorted waits
// (NaN when there are none); the quantiles are gonum's empirical ones
// (sim.Band).
func waitStats(sorted []float64) (mean, median, p90 float64) {
	if len(sorted) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	sum := 0.0
	for _, x := range sorted {
		sum += x
	}
	q := sim.Band(sorted, 0.5, 0.9)
	return sum / float64(len(sorted)), q[0], q[1]
}

// uniform returns a number in [0, 1) determined by its arguments: the
// SplitMix64 finaliser (Steele, Lea and Flood 2014, "Fast splittable
// pseudorandom number generators", OOPSLA) applied to a mix of them, the top
// 53 bits as a fraction. It gives each (person, programme) or offering its
// own draw, whatever else the replication does.
func uniform(seed, a, b, c uint64) float64 {
	z := seed ^ a*0x9E3779B97F4A7C15 ^ b*0xBF58476D1CE4E5B9 ^ c*0x94D049BB133111EB
	for range 2 {
		z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
		z = (z ^ z>>27) * 0x94D049BB133111EB
		z ^= z >> 31
	}
	return float64(z>>11) / (1 << 53)
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
