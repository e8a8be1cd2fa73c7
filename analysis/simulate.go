package analysis

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"needsplan/analysis/sim"
	"needsplan/model"
)

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
	if slices.Contains(Policies, Policy(s)) {
		return Policy(s), nil
	}
	return "", fmt.Errorf("--policy %q: want release-date, fifo, risk or right-time", s)
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

// Shock changes delivery for a period: Suspend stops starts at an
// establishment (or one programme there, or a programme everywhere);
// TeamFactor scales facilitator teams; Groups replaces groups_per_year. An
// empty Establishment or Programme matches all. Times are months from the
// dataset date; To ≤ From means "from then on".
type Shock struct {
	Establishment, Programme string
	From, To                 float64
	Suspend                  bool
	TeamFactor               float64 // 0: unchanged
	Groups                   float64 // < 0: unchanged
}

func (s *Shock) active(t float64) bool { return t >= s.From && (s.To <= s.From || t < s.To) }

func (s *Shock) matches(est, prog string) bool {
	return (s.Establishment == "" || s.Establishment == est) && (s.Programme == "" || s.Programme == prog)
}

// SimOptions sets up a simulation of the estate.
type SimOptions struct {
	AsOf          model.Date
	Years         float64 // horizon (5)
	Policy        Policy
	Schedule      Schedule
	Consolidation float64 // months wanted between completion and release (6)
	ReferralDelay float64 // months from reception to joining the waiting lists (1)
	Suites        SuitePlan
	// Receptions is each establishment's annual rate of sentenced
	// receptions (Gaps.Receptions: given or estimated from the stock).
	Receptions map[string]float64
	Shocks     []Shock
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
	waits      []float64
	MeanWait   float64 // months from referral to start, over those started
	MedianWait float64
	P90Wait    float64
}

// SimRun is one replication's results.
type SimRun struct {
	// Transfers counts transfer outcomes by SimModel.Programmes index.
	Transfers [][numTransferOutcomes]int
	// Flows counts moves between regions: Flows[from][to], by
	// SimModel.Regions index.
	Flows [][]int
	// MoveDelay is the mean months from asking to move to arriving, over
	// the moves made (NaN when none).
	MoveDelay   float64
	Outcomes    []Outcome   // by SimModel.Keys index
	Series      [][]float64 // by SimModel.SeriesNames: people waiting, sampled monthly
	Utilisation []float64   // by SimModel.Establishments: team-months busy / available
	Events      int
}

// SimKey is an establishment × programme whose outcomes are counted.
type SimKey struct {
	Establishment, Region, Programme string
	Offered                          bool
}

// SimModel is the estate prepared for simulation: read-only, shared by
// replications.
type SimModel struct {
	opt            SimOptions
	horizon        float64
	cat            *model.Catalogue
	Keys           []SimKey
	Establishments []string
	SeriesNames    []string // "estate", then each programme with an offering
	ests           []simEst
	chans          []simChan
	people         []simPerson // the stock at the dataset date
	ids            []string    // person_id of each stock person
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
	duration      float64 // months
	completion    float64
	series        int // index in SeriesNames
}

type simPerson struct {
	offence model.OffenceGroup
	// alt holds the needs under the suite receptions switch to (SwitchAt).
	alt     *simPerson
	sex     model.Sex
	cat     model.Opt[model.SecurityCategory]
	stock   int32 // index of the stock person (the template, for a reception)
	est     int32
	release float64 // months from the dataset date; +Inf when open-ended
	stay    float64 // months of custody at reception (for templates)
	joined  float64 // when the person joined the waiting lists
	risk    model.Level
	needs   []int32 // channels (offered) for needed programmes
	unmet   []int32 // keys of needed programmes not offered here
}

// NewSimModel prepares the estate from classified people, establishments
// and offerings. Remand is left out: not sentenced, no programme can be
// planned (classification.md).
func NewSimModel(ps []model.Profile, cls []model.Classification, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue, opt SimOptions) (*SimModel, error) {
	if opt.Years == 0 {
		opt.Years = 5
	}
	if opt.Policy == "" {
		opt.Policy = ReleaseDate
	}
	if opt.Schedule == "" {
		opt.Schedule = Spread
	}
	if opt.Consolidation == 0 {
		opt.Consolidation = 6
	}
	if opt.ReferralDelay == 0 {
		opt.ReferralDelay = 1
	}
	if opt.TransferDelay == 0 {
		opt.TransferDelay = 28 / model.DaysPerMonth
	}
	m := &SimModel{opt: opt, horizon: 12 * opt.Years, cat: cat}
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
		m.Keys = append(m.Keys, SimKey{Establishment: est, Region: region, Programme: prog, Offered: offered})
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
		if o.GroupsPerYear > 0 {
			c := base
			c.group = true
			c.size = o.GroupSize.Or(int(g.GroupSize.Value))
			c.minSize = o.MinGroupSize.Or(int(g.MinGroupSize.Value))
			c.size, c.minSize = max(1, c.size), max(1, min(c.minSize, c.size))
			c.perYear = o.GroupsPerYear
			chanIdx[[2]string{o.Establishment, g.Code}] = append(chanIdx[[2]string{o.Establishment, g.Code}], int32(len(m.chans)))
			m.ests[e].chans = append(m.ests[e].chans, int32(len(m.chans)))
			m.chans = append(m.chans, c)
		}
		if o.OneToOnePlaces > 0 {
			c := base
			c.size, c.minSize, c.perYear = 1, 1, float64(o.OneToOnePlaces)
			chanIdx[[2]string{o.Establishment, g.Code}] = append(chanIdx[[2]string{o.Establishment, g.Code}], int32(len(m.chans)))
			m.ests[e].chans = append(m.ests[e].chans, int32(len(m.chans)))
			m.chans = append(m.chans, c)
		}
	}
	needsOf := func(p *model.Profile, c *model.Classification, plan SuitePlan) (needs, unmet []int32) {
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
		sp := simPerson{offence: p.OffenceGroup, sex: p.Sex, cat: p.SecurityCategory, stock: int32(len(m.people)), est: int32(e), risk: c.PNI.Risk, release: c.MonthsLeft}
		if math.IsNaN(sp.release) {
			continue
		}
		sp.stay, _ = stayMonths(p, opt.AsOf)
		sp.joined = math.Min(0, opt.ReferralDelay-p.SentenceStart.MonthsUntil(opt.AsOf))
		sp.needs, sp.unmet = needsOf(p, c, opt.Suites)
		if switched {
			alt := sp
			alt.needs, alt.unmet = needsOf(p, &opt.SwitchClasses[i], SuitePlan{Default: opt.SwitchSuite})
			sp.alt = &alt
		}
		if len(sp.needs)+len(sp.unmet) == 0 && sp.stay <= 0 && sp.alt == nil {
			continue
		}
		m.people = append(m.people, sp)
		m.ids = append(m.ids, p.PersonID)
	}
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
		if len(m.ests[i].templates) == 0 {
			m.ests[i].rate = 0
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
)

// need statuses
const (
	nWaiting uint8 = iota
	nOn
	nDone
	nDropped
	nUntreated
	nAway // waiting, but moved to a prison that does not run the programme
)

// Transfer outcomes, per programme (SimRun.Transfers).
const (
	TransferRequired = iota // asked to move for a programme not run locally
	TransferMoved           // moved and joined the programme's list there
	TransferFailed          // moved on a stale listing, found it not running, sent back
	TransferWaiting         // waiting for a planned move at release or the horizon
	TransferNoMove          // no establishment could take them
	numTransferOutcomes
)

type runPerson struct {
	simPerson
	busyUntil float64
	released  bool
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
	cohorts [][]queueEntry
}

// TraceEvent is one step of one person in a traced replication.
type TraceEvent struct {
	Time          float64 // months from the dataset date
	Person        string  // person_id, or R<n> for the n-th reception
	Template      string  // for a reception, the person_id it was drawn from
	Programme     string  // "" for receptions and releases
	Event         string  // reception, waiting, started, completed, dropped_out, released, released_untreated, waiting_at_horizon
	Establishment string
}

// Run simulates one replication with r.
func (m *SimModel) Run(ctx context.Context, r *rand.Rand) (*SimRun, error) {
	return m.RunTraced(ctx, r, nil)
}

// RunTraced simulates one replication, calling trace (when not nil) for
// every step of every person, in time order.
func (m *SimModel) RunTraced(ctx context.Context, r *rand.Rand, trace func(TraceEvent)) (*SimRun, error) {
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
	res := &SimRun{Outcomes: make([]Outcome, len(m.Keys)), Utilisation: make([]float64, len(m.ests)),
		Transfers: make([][numTransferOutcomes]int, len(m.Programmes)), Flows: make([][]int, len(m.Regions))}
	for i := range res.Flows {
		res.Flows[i] = make([]int, len(m.Regions))
	}
	months := int(math.Floor(m.horizon)) + 1
	res.Series = make([][]float64, len(m.SeriesNames))
	for i := range res.Series {
		res.Series[i] = make([]float64, months)
	}
	arrivals := 0.0
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
		if strings.HasPrefix(e.Person, "R") {
			e.Template = m.ids[p.stock]
		}
		trace(e)
	}
	freeTeams := make([]int, len(m.ests))
	busyTeams := make([]int, len(m.ests))
	lastBusy := make([]float64, len(m.ests))
	for i := range m.ests {
		freeTeams[i] = m.ests[i].teams
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
			if s.Suspend && s.active(t) && s.matches(m.ests[c.est].code, c.prog) {
				return true
			}
		}
		return false
	}
	teamsAt := func(e int, t float64) int {
		n := float64(m.ests[e].teams)
		for i := range m.opt.Shocks {
			s := &m.opt.Shocks[i]
			if s.TeamFactor > 0 && s.active(t) && s.matches(m.ests[e].code, "") {
				n *= s.TeamFactor
			}
		}
		return int(math.Round(n))
	}
	perYearAt := func(c *simChan, t float64) float64 {
		g := c.perYear
		for i := range m.opt.Shocks {
			s := &m.opt.Shocks[i]
			if s.Groups >= 0 && s.active(t) && s.matches(m.ests[c.est].code, c.prog) && c.group {
				g = s.Groups
			}
		}
		return g
	}
	accrueBusy := func(e int) {
		res.Utilisation[e] += float64(busyTeams[e]) * (now() - lastBusy[e])
		lastBusy[e] = now()
	}

	// Slabs hold every person's per-need status and joining time, so an
	// arrival costs no allocation of its own.
	var statusSlab []uint8
	var sinceSlab []float64
	addPerson := func(sp simPerson, joined float64) int32 {
		id := int32(len(people))
		n := len(sp.needs)
		if len(statusSlab) < n {
			statusSlab, sinceSlab = make([]uint8, 1<<16), make([]float64, 1<<16)
		}
		rp := runPerson{simPerson: sp, status: statusSlab[:n:n], since: sinceSlab[:n:n], moving: -1}
		statusSlab, sinceSlab = statusSlab[n:], sinceSlab[n:]
		rp.joined = joined
		people = append(people, rp)
		if trace != nil {
			if joined > cal.Now() { // a reception
				receptions++
				names = append(names, "R"+strconv.Itoa(receptions))
			} else {
				names = append(names, m.ids[sp.stock])
			}
		}
		if sp.release < m.horizon {
			cal.Schedule(math.Max(now(), sp.release), evRelease, id, 0)
		}
		return id
	}
	// Transfers: free places by establishment, the planners' directory of
	// who runs what (real offerings plus stale listings), pending moves.
	type move struct {
		person    int32
		from, to  int32
		key       int32 // the need's outcome row (origin × programme), for an unmet need
		prog      string
		unmet     bool // a programme not run at the origin (else: waited too long there)
		stale     bool
		requested float64
	}
	var moves []move
	var free []int
	asked := map[[2]int32]bool{} // needs that already asked to move after a long wait
	var delaySum float64
	delayN := 0
	directory := map[string][]int32{}
	stale := map[[2]int32]bool{} // (establishment, programme index) listed but not running
	if m.opt.Transfers {
		free = slices.Clone(m.free0)
		for _, prog := range m.Programmes {
			runs := m.runs[prog]
			directory[prog] = slices.Clone(runs)
			if m.opt.StaleShare <= 0 || len(runs) == 0 {
				continue
			}
			// Stale listings: StaleShare of the listed offerings are not
			// running, so add share/(1−share) × running ones, drawn from the
			// establishments that do not run it.
			extra := int(math.Round(float64(len(runs)) * m.opt.StaleShare / (1 - m.opt.StaleShare)))
			var others []int32
			for e := range m.ests {
				if !slices.Contains(runs, int32(e)) {
					others = append(others, int32(e))
				}
			}
			r.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
			for _, e := range others[:min(extra, len(others))] {
				directory[prog] = append(directory[prog], e)
				stale[[2]int32{e, int32(m.progIdx[prog])}] = true
			}
			slices.Sort(directory[prog])
		}
	}
	// requestMove asks, for a person's first programme not run locally, for
	// a move to an establishment listed as running it that holds their sex,
	// suits their security category and has a free place: same region
	// first, then the most free places.
	requestMove := func(id int32, prog string, key int32, unmet bool) {
		p := &people[id]
		pi := m.progIdx[prog]
		res.Transfers[pi][TransferRequired]++
		from := p.est
		best := int32(-1)
		for _, e := range directory[prog] {
			rec := &m.estRecs[e]
			if e == from || free[e] <= 0 || !rec.Holds.Admits(p.sex) || !CategoryAllows(p.cat, rec.Function) {
				continue
			}
			if best < 0 {
				best = e
				continue
			}
			same, bestSame := m.regionIdx[e] == m.regionIdx[from], m.regionIdx[best] == m.regionIdx[from]
			if same && !bestSame || same == bestSame && free[e] > free[best] {
				best = e
			}
		}
		if best < 0 {
			res.Transfers[pi][TransferNoMove]++
			return
		}
		free[best]--
		p.moving = int32(len(moves))
		moves = append(moves, move{person: id, from: from, to: best, key: key, prog: prog, unmet: unmet,
			stale: stale[[2]int32{best, int32(pi)}], requested: cal.Now()})
		cal.Schedule(cal.Now()+m.opt.TransferDelay, evMove, p.moving, 0)
	}
	var tryStart func(ch int)
	join := func(id int32) {
		p := &people[id]
		for k, ch := range p.needs {
			p.since[k] = p.joined
			chans[ch].queue = append(chans[ch].queue, queueEntry{id, int32(k)})
			waitN[ch]++
			emit(id, m.chans[ch].prog, "waiting")
		}
		for _, ch := range p.needs {
			for _, c := range m.ests[p.est].chans {
				if queueOf[c] == ch {
					tryStart(int(c))
				}
			}
		}
		if m.opt.Transfers && len(p.unmet) > 0 {
			requestMove(id, m.Keys[p.unmet[0]].Programme, p.unmet[0], true)
		}
	}
	outcome := func(p *runPerson, k int) *Outcome { return &res.Outcomes[m.chans[p.needs[k]].key] }

	// priority returns the sort key of a waiting need under the policy.
	priority := func(p *runPerson, k int, dur float64) (float64, float64) {
		switch m.opt.Policy {
		case FIFO:
			return p.since[k], 0
		case Risk:
			return -float64(p.risk), p.release
		case RightTime:
			latest := p.release - m.opt.Consolidation - dur
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
	tryStart = func(ci int) {
		c := &m.chans[ci]
		rc := &chans[ci]
		q := &chans[queueOf[ci]]
		t := now()
		if suspended(c, t) {
			return
		}
		if m.opt.Schedule == Ready && c.group {
			// Starts accrue at groups_per_year, up to a year's worth.
			rate := perYearAt(c, t) / 12
			rc.tokens = math.Min(math.Max(1, rate*12), rc.tokens+(t-rc.lastTok)*rate)
			rc.lastTok = t
		}
		if rc.tokens < 1 {
			return
		}
		if c.group && freeTeams[c.est] <= 0 {
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
		for i := range take {
			e := cands[i].e
			p := &people[e.person]
			p.status[e.need] = nOn
			waitN[queueOf[ci]]--
			p.busyUntil = t + c.duration
			o := &res.Outcomes[c.key]
			o.Starts++
			emit(e.person, c.prog, "started")
			o.waits = append(o.waits, t-p.since[e.need])
			cohort[i] = e
		}
		o := &res.Outcomes[c.key]
		o.Cohorts++
		o.Empty += c.size - take
		rc.tokens--
		if c.group {
			accrueBusy(int(c.est))
			freeTeams[c.est]--
			busyTeams[c.est]++
		}
		rc.cohorts = append(rc.cohorts, cohort)
		cal.Schedule(t+c.duration, evEnd, int32(ci), int32(len(rc.cohorts)-1))
	}

	// First receptions, slots, samples and shocks, then the stock.
	for e := range m.ests {
		if m.ests[e].rate > 0 {
			cal.Schedule(arrivalRNG[e].ExpFloat64()/m.ests[e].rate, evArrive, int32(e), 0)
		}
	}
	for ci := range m.chans {
		c := &m.chans[ci]
		if m.opt.Schedule == Spread || !c.group {
			if g := perYearAt(c, 0); g > 0 {
				phase := uniform(hashBase, uint64(c.est), uint64(m.progIdx[c.prog]), boolBit(c.group))
				cal.Schedule(phase*12/g, evSlot, int32(ci), 0)
			}
		} else {
			chans[ci].tokens = 1
		}
	}
	// The stock at the dataset date joins the lists once the schedules are
	// set, so that a ready schedule can start cohorts at once.
	for _, sp := range m.people {
		if len(sp.needs)+len(sp.unmet) == 0 {
			continue // needs nothing: no outcome to count
		}
		id := addPerson(sp, sp.joined)
		join(id)
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
		if !ok || ev.T > m.horizon {
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
			if p.moving >= 0 {
				mv := &moves[p.moving]
				res.Transfers[m.progIdx[mv.prog]][TransferWaiting]++
				free[mv.to]++
				p.moving = -1
			}
			for k, ch := range p.needs {
				switch p.status[k] {
				case nWaiting, nAway:
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
			id := addPerson(sp, t+m.opt.ReferralDelay)
			emit(id, "", "reception")
			cal.Schedule(t+m.opt.ReferralDelay, evRefer, id, 0)
		case evRefer:
			if !people[ev.A].released {
				join(ev.A)
			}
		case evSlot:
			ci := int(ev.A)
			c := &m.chans[ci]
			chans[ci].tokens = math.Min(chans[ci].tokens+1, 1)
			tryStart(ci)
			if g := perYearAt(c, t); g > 0 {
				cal.Schedule(t+12/g, evSlot, ev.A, 0)
			}
		case evEnd:
			ci := int(ev.A)
			c := &m.chans[ci]
			rc := &chans[ci]
			for _, e := range rc.cohorts[ev.B] {
				p := &people[e.person]
				o := &res.Outcomes[c.key]
				if uniform(hashBase^0xC0FFEE, uint64(e.person), uint64(m.progIdx[c.prog]), 2) < c.completion {
					emit(e.person, c.prog, "completed")
					p.status[e.need] = nDone
					if p.release-t >= m.opt.Consolidation {
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
			rc.cohorts[ev.B] = nil
			if c.group {
				accrueBusy(int(c.est))
				busyTeams[c.est]--
				freeTeams[c.est] = teamsAt(int(c.est), t) - busyTeams[c.est]
			}
			for _, other := range m.ests[c.est].chans {
				tryStart(int(other))
			}
		case evSample:
			if mth := int(math.Round(t)); mth < months {
				for ci, n := range waitN {
					if queueOf[ci] == int32(ci) {
						res.Series[0][mth] += float64(n)
						res.Series[m.chans[ci].series][mth] += float64(n)
					}
				}
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
							t-p.since[e.need] < m.opt.TransferAfter || asked[[2]int32{e.person, e.need}] {
							continue
						}
						asked[[2]int32{e.person, e.need}] = true
						requestMove(e.person, m.chans[ci].prog, m.chans[ci].key, false)
					}
				}
			}
		case evMove:
			mv := &moves[ev.A]
			p := &people[mv.person]
			if p.released || p.moving != ev.A {
				continue
			}
			prog := mv.prog
			pi := m.progIdx[prog]
			if p.busyUntil > t { // on another programme: move when it ends
				cal.Schedule(p.busyUntil, evMove, ev.A, 0)
				continue
			}
			free[mv.from]++
			p.est = mv.to
			res.Flows[m.regionIdx[mv.from]][m.regionIdx[mv.to]]++
			delaySum += t - mv.requested
			delayN++
			emit(mv.person, prog, "moved")
			if mv.stale {
				// The listing was out of date: nothing runs here for them;
				// they are sent back, which takes another move.
				p.moving = -1
				res.Transfers[pi][TransferFailed]++
				emit(mv.person, prog, "move_failed")
				cal.Schedule(t+m.opt.TransferDelay, evReturn, ev.A, 0)
				continue
			}
			p.moving = -1
			res.Transfers[pi][TransferMoved]++
			// The need joins the list there, keeping the time it was first
			// referred; the person's other waiting needs follow if the new
			// prison runs them, and otherwise wait without a list.
			if mv.unmet {
				p.unmet = slices.DeleteFunc(slices.Clone(p.unmet), func(k int32) bool { return k == mv.key })
			}
			ch := m.chanAt[[2]string{m.ests[mv.to].code, prog}]
			for k, old := range p.needs {
				if p.status[k] != nWaiting {
					continue
				}
				waitN[old]--
				if nc, ok := m.chanAt[[2]string{m.ests[mv.to].code, m.chans[old].prog}]; ok {
					p.needs = slices.Clone(p.needs)
					p.needs[k] = nc
					chans[nc].queue = append(chans[nc].queue, queueEntry{mv.person, int32(k)})
					waitN[nc]++
				} else {
					p.status[k] = nAway
				}
			}
			if mv.unmet { // a new list for the programme the move was for
				p.needs = append(slices.Clone(p.needs), ch)
				p.status = append(slices.Clone(p.status), nWaiting)
				p.since = append(slices.Clone(p.since), p.joined)
				chans[ch].queue = append(chans[ch].queue, queueEntry{mv.person, int32(len(p.needs) - 1)})
				waitN[ch]++
			}
			for _, c := range m.ests[mv.to].chans {
				tryStart(int(c))
			}
		case evReturn:
			mv := &moves[ev.A]
			p := &people[mv.person]
			free[mv.to]++
			p.moving = -1
			if p.released {
				continue
			}
			p.est = mv.from
			free[mv.from]--
			res.Flows[m.regionIdx[mv.to]][m.regionIdx[mv.from]]++
			emit(mv.person, "", "returned")
		case evShock:
			s := &m.opt.Shocks[ev.A]
			for e := range m.ests {
				if s.matches(m.ests[e].code, "") || s.Establishment == m.ests[e].code {
					accrueBusy(e)
					freeTeams[e] = teamsAt(e, t) - busyTeams[e]
				}
			}
			for ci := range m.chans {
				c := &m.chans[ci]
				if !s.matches(m.ests[c.est].code, c.prog) {
					continue
				}
				// A changed schedule restarts the slots from now.
				if s.Groups >= 0 && (m.opt.Schedule == Spread || !c.group) {
					if g := perYearAt(c, t); g > 0 {
						cal.Schedule(t+12/g, evSlot, int32(ci), 0)
					}
				}
				tryStart(ci)
			}
		}
	}
	// At the horizon.
	for e := range m.ests {
		res.Utilisation[e] += float64(busyTeams[e]) * (m.horizon - lastBusy[e])
		if m.ests[e].teams > 0 {
			res.Utilisation[e] /= float64(m.ests[e].teams) * m.horizon
		} else {
			res.Utilisation[e] = math.NaN()
		}
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
		if p.moving >= 0 {
			res.Transfers[m.progIdx[moves[p.moving].prog]][TransferWaiting]++
		}
		for k := range p.needs {
			switch p.status[k] {
			case nWaiting, nAway:
				outcome(p, k).Waiting++
				emit(int32(i), m.chans[p.needs[k]].prog, "waiting_at_horizon")
			case nOn:
				outcome(p, k).InProgress++
			}
		}
		for _, key := range p.unmet {
			res.Outcomes[key].Waiting++
		}
	}
	for i := range res.Outcomes {
		o := &res.Outcomes[i]
		o.MeanWait, o.MedianWait, o.P90Wait = math.NaN(), math.NaN(), math.NaN()
		if len(o.waits) > 0 {
			w := slices.Clone(o.waits)
			slices.Sort(w)
			sum := 0.0
			for _, x := range w {
				sum += x
			}
			o.MeanWait = sum / float64(len(w))
			q := sim.Band(w, 0.5, 0.9)
			o.MedianWait, o.P90Wait = q[0], q[1]
		}
		o.waits = nil
	}
	return res, nil
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
