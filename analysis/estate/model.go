package estate

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"needsplan/analysis"
	"needsplan/analysis/sim"
	"needsplan/model"
)

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
	// flowReleases counts the flow file's receptions who need nothing and
	// are released within the run: from sentences, and recalls.
	flowReleases [2]int
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

// simEst is an establishment as the model holds it: its teams, and the
// reception rate and templates receptions are drawn from.
type simEst struct {
	code      string
	teams     int
	rate      float64 // receptions a month
	weights   []float64
	pick      *sim.Alias
	templates []int32 // people in the stock receptions are drawn from
	// drawn holds, by template, what a reception needs looked at before
	// it is known to need a programme, packed apart from the people so
	// that the receptions needing none touch one small entry (arrive.go).
	drawn []drawnTemplate
	// needing is the share of receptions (by weight) needing a programme
	// under either suite: what a replication reserves people for.
	needing float64
	chans   []int32
}

// simChan is a channel: the group cohorts, or the one-to-one places, of
// one offering (an establishment × programme may have both).
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

// simPerson is a person of the stock or the flow file, or the template of
// sampled receptions, with the channels of the programmes they need.
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
	recall  bool    // serving a recall (releases are counted apart)
	needs   []int32 // channels (offered) for needed programmes
	unmet   []int32 // keys of needed programmes not offered here
}

// New prepares the estate from classified people, establishments
// and offerings. Remand is left out: not sentenced, no programme can be
// planned (classification.md).
func New(ps []model.Profile, cls []model.Classification, ests []model.Establishment, offs []model.Offering, cat *model.Catalogue, opt Options) (*Model, error) {
	opt, err := opt.withDefaults(cat)
	if err != nil {
		return nil, err
	}
	m := &Model{opt: opt, horizon: 12 * opt.Years, cat: cat, consolidation: opt.Consolidation.Val, referralDelay: opt.ReferralDelay.Val}
	b := &builder{m: m, cat: cat, keyIdx: map[[2]string]int{}, chanIdx: map[[2]string][]int32{},
		progs: opt.Suites.Programmes(cat), switchProgs: analysis.SuitePlan{Default: opt.SwitchSuite}.Programmes(cat)}
	b.indexEstablishments(ests)
	b.addChannels(offs)
	b.addStock(ps, cls)
	if err := b.addFlow(); err != nil {
		return nil, err
	}
	m.sortFlow()
	m.prepareReceptions()
	b.prepareTransfers(ps)
	m.indexProgrammes()
	return m, nil
}

// builder holds the indexes New uses while it prepares a Model.
type builder struct {
	m       *Model
	cat     *model.Catalogue
	sorted  []model.Establishment // the establishments by code
	estIdx  map[string]int        // establishment code → index in Model.ests
	region  map[string]string     // establishment code → region
	keyIdx  map[[2]string]int     // establishment, programme → index in Model.Keys
	chanIdx map[[2]string][]int32 // establishment, programme → its channels
	// progs and switchProgs are the catalogue indices of the programmes of
	// the suites people are matched to, and of the suite switched to:
	// worked out once, not for each person (needsOf).
	progs, switchProgs []int
}

// indexEstablishments lists the establishments in order of code, with
// their teams and receptions a month.
func (b *builder) indexEstablishments(ests []model.Establishment) {
	m := b.m
	b.estIdx = map[string]int{}
	b.sorted = slices.Clone(ests)
	slices.SortFunc(b.sorted, func(a, b model.Establishment) int { return compareStrings(a.Code, b.Code) })
	for _, e := range b.sorted {
		b.estIdx[e.Code] = len(m.ests)
		m.ests = append(m.ests, simEst{code: e.Code, teams: e.FacilitatorTeams.Or(1), rate: m.opt.Receptions[e.Code] / 12})
		m.Establishments = append(m.Establishments, e.Code)
	}
	b.region = map[string]string{}
	for _, e := range ests {
		b.region[e.Code] = e.Region
	}
}

// key returns the index in Model.Keys of an establishment × programme,
// adding it when new; offered marks it as offered.
func (b *builder) key(est, prog string, offered bool) int {
	m := b.m
	k := [2]string{est, prog}
	if i, ok := b.keyIdx[k]; ok {
		if offered {
			m.Keys[i].Offered = true
		}
		return i
	}
	b.keyIdx[k] = len(m.Keys)
	m.Keys = append(m.Keys, Key{Establishment: est, Region: b.region[est], Programme: prog, Offered: offered})
	return len(m.Keys) - 1
}

// addChannels makes the channels of the referable offerings, in order of
// establishment and programme: a group channel for an offering with groups
// (now or from a shock) and a one-to-one channel for one with one-to-one
// places; each programme with an offering gets a series.
func (b *builder) addChannels(offs []model.Offering) {
	m := b.m
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
		g, ok := b.cat.Lookup(o.Programme)
		e, ok2 := b.estIdx[o.Establishment]
		if !ok || !ok2 || !o.Referable {
			continue
		}
		if _, ok := seriesIdx[g.Code]; !ok {
			seriesIdx[g.Code] = len(m.SeriesNames)
			m.SeriesNames = append(m.SeriesNames, g.Code)
		}
		k := int32(b.key(o.Establishment, g.Code, true))
		base := simChan{est: int32(e), key: k, prog: g.Code, duration: g.DurationWeeks.Value * 12 / 52,
			completion: g.CompletionRate.Value, series: seriesIdx[g.Code]}
		if base.duration <= 0 {
			base.duration = 3 // a programme with no duration in the catalogue: three months (assumption)
		}
		if base.completion <= 0 {
			base.completion = 1
		}
		at := [2]string{o.Establishment, g.Code}
		if o.GroupsPerYear > 0 || groupsLater(m.opt.Shocks, o.Establishment, g.Code) {
			c := base
			c.group = true
			c.size, c.minSize = o.Group(g), o.MinGroup(g)
			c.perYear = o.GroupsPerYear
			b.addChannel(at, c)
		}
		if o.OneToOnePlaces > 0 || oneToOneLater(m.opt.Shocks, o.Establishment, g.Code) {
			c := base
			c.size, c.minSize, c.perYear = 1, 1, float64(o.OneToOnePlaces)
			c.groupBase = o.GroupsPerYear
			b.addChannel(at, c)
		}
	}
}

// addChannel adds channel c of the establishment × programme at.
func (b *builder) addChannel(at [2]string, c simChan) {
	m := b.m
	b.chanIdx[at] = append(b.chanIdx[at], int32(len(m.chans)))
	m.ests[c.est].chans = append(m.ests[c.est].chans, int32(len(m.chans)))
	m.chans = append(m.chans, c)
}

// needsOf returns the channels of the programmes progs (catalogue
// indices) that c says p needs and that p's establishment runs, and the keys of those it does not
// run.
func (b *builder) needsOf(p *model.Profile, c *model.Classification, progs []int) (needs, unmet []int32) {
	for _, j := range progs {
		if !c.Needed.Has(j) {
			continue
		}
		code := b.cat.At(j).Code
		if chs, ok := b.chanIdx[[2]string{p.Establishment, code}]; ok {
			// The first channel stands for the programme's queue; its
			// one-to-one sibling shares it (see runState.queueOf).
			needs = append(needs, chs[0])
		} else {
			unmet = append(unmet, int32(b.key(p.Establishment, code, false)))
		}
	}
	return needs, unmet
}

// addStock adds the sentenced people at the dataset date who need a
// programme or can stand for receptions (a known stay), with their needs
// under the suite switched to, when there is a switch.
func (b *builder) addStock(ps []model.Profile, cls []model.Classification) {
	m, opt := b.m, b.m.opt
	switched := len(opt.SwitchClasses) == len(ps) && opt.SwitchAt > 0
	for i := range ps {
		p, c := &ps[i], &cls[i]
		e, ok := b.estIdx[p.Establishment]
		if !ok || p.SentenceType == model.Remand {
			continue
		}
		sp := simPerson{offence: p.OffenceGroup, sex: p.Sex, cat: p.SecurityCategory, age: p.Age, stock: int32(len(m.people)), est: int32(e), risk: c.PNI.Risk, release: c.MonthsLeft, recall: isRecall(p)}
		if math.IsNaN(sp.release) {
			continue
		}
		sp.stay, _ = model.StayMonths(p, opt.AsOf)
		// Referred a delay after the sentence started, but waits count only
		// within the simulated window: from month 0 for people sentenced
		// longer ago.
		sp.joined = math.Max(0, m.referralDelay-p.SentenceStart.MonthsUntil(opt.AsOf))
		sp.needs, sp.unmet = b.needsOf(p, c, b.progs)
		if switched {
			alt := sp
			alt.needs, alt.unmet = b.needsOf(p, &opt.SwitchClasses[i], b.switchProgs)
			sp.alt = &alt
		}
		if len(sp.needs)+len(sp.unmet) == 0 && sp.stay <= 0 && sp.alt == nil {
			continue
		}
		m.people = append(m.people, sp)
		m.ids = append(m.ids, p.PersonID)
	}
}

// addFlow adds the flow file's receptions who need a programme, in file
// order; those arriving at or after the horizon never come.
func (b *builder) addFlow() error {
	m, opt := b.m, b.m.opt
	for i := range opt.Flow {
		p, c := &opt.Flow[i], &opt.FlowClasses[i]
		e, ok := b.estIdx[p.Establishment]
		if !ok || p.SentenceType == model.Remand || math.IsNaN(c.MonthsLeft) {
			continue
		}
		at := opt.AsOf.MonthsUntil(p.SentenceStart)
		if at < 0 {
			return fmt.Errorf("flow person %s: sentence_start %s is before the dataset date %s", p.PersonID, p.SentenceStart, opt.AsOf)
		}
		if at >= m.horizon {
			continue
		}
		sp := simPerson{offence: p.OffenceGroup, sex: p.Sex, cat: p.SecurityCategory, stock: -1, est: int32(e), risk: c.PNI.Risk,
			release: c.MonthsLeft, arrive: at, recall: isRecall(p)}
		sp.needs, sp.unmet = b.needsOf(p, c, b.progs)
		if len(sp.needs)+len(sp.unmet) == 0 {
			if sp.release < m.horizon { // needs nothing: only a release to count
				m.flowReleases[boolBit(sp.recall)]++
			}
			continue
		}
		m.flow = append(m.flow, sp)
		m.flowIDs = append(m.flowIDs, p.PersonID)
	}
	return nil
}

// sortFlow puts the flow file's receptions in order of arrival (stable:
// file order for the same day).
func (m *Model) sortFlow() {
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
}

// prepareReceptions sets up the draws of receptions from templates: each
// sentenced person stands for 1/stay receptions a month (length-biased
// sampling; docs/gap-analysis.md), times MixShift for their offence group.
// An establishment with no one to draw from, or any when the flow file
// replaces the draws, has no sampled receptions.
func (m *Model) prepareReceptions() {
	for i := range m.people {
		p := &m.people[i]
		if p.stay <= 0 || math.IsInf(p.stay, 0) {
			continue
		}
		est := &m.ests[p.est]
		w := 1 / p.stay
		if f, ok := m.opt.MixShift[p.offence]; ok {
			w *= f
		}
		est.weights = append(est.weights, w)
		est.templates = append(est.templates, int32(i))
		est.drawn = append(est.drawn, drawnOf(p))
	}
	for i := range m.ests {
		if len(m.ests[i].templates) == 0 || m.opt.Flow != nil {
			m.ests[i].rate = 0 // no one to draw from, or the flow file replaces the draws
			continue
		}
		est := &m.ests[i]
		est.pick = sim.NewAlias(est.weights)
		all, needing := 0.0, 0.0
		for k, w := range est.weights {
			all += w
			if est.drawn[k].needs || est.drawn[k].needsAlt {
				needing += w
			}
		}
		est.needing = needing / all
	}
}

// prepareTransfers sets what moves need: each establishment's record and
// free places at the start (operational capacity − people held, every
// profile counting, remand too), the regions, the queue of each
// establishment × programme and the establishments running each programme.
func (b *builder) prepareTransfers(ps []model.Profile) {
	m := b.m
	held := map[string]int{}
	for i := range ps {
		held[ps[i].Establishment]++
	}
	m.runs = map[string][]int32{}
	m.chanAt = map[[2]string]int32{}
	regionSet := map[string]int{}
	for _, e := range b.sorted {
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
	for _, e := range b.sorted {
		m.regionIdx = append(m.regionIdx, regionSet[e.Region])
	}
	for k, chs := range b.chanIdx {
		m.chanAt[k] = chs[0]
		m.runs[k[1]] = append(m.runs[k[1]], int32(b.estIdx[k[0]]))
	}
	for prog := range m.runs {
		slices.Sort(m.runs[prog])
	}
}

// indexProgrammes lists the programmes with outcomes in order, for the
// transfer counts.
func (m *Model) indexProgrammes() {
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
