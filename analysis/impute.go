package analysis

import (
	"math"
	"slices"

	"needsplan/model"
)

// People with no OASys assessment, or a stale one, add no demand to the
// headline: their needs are unknown (or out of date). ImputeDemand gives
// the demand a range instead (docs/imputation.md): Low counts the
// currently-assessed people only; Central adds each stale or unassessed
// person at the rate of comparable currently-assessed people; High at the
// upper bound of that rate's Wilson interval.

// MinComparable is the fewest currently-assessed people a stratum of
// comparable people needs for its rates to be used; with fewer,
// ImputeDemand falls back to a wider stratum. It is an assumption (issue
// 15), not a published rule: rates from fewer people are too noisy — at 30
// people the 95% Wilson interval (Wilson 1927; wilson.go) of a rate of one
// half still runs from 0.33 to 0.67.
const MinComparable = 30

// Comparison is the stratum of comparable currently-assessed people whose
// rates a stale or unassessed person is counted at, from the narrowest to
// the widest (docs/imputation.md, "Comparable people").
type Comparison int

// Comparisons, in the order ImputeDemand tries them.
const (
	// SameEstablishment: the person's establishment and sentence type.
	SameEstablishment Comparison = iota
	// SameRegion: the region, suite and sentence type.
	SameRegion
	// SameSuiteSentence: the whole estate, with the same suite and
	// sentence type.
	SameSuiteSentence
	// SameSuite: the whole estate, with the same suite; used whatever its
	// size.
	SameSuite
	// NoComparable: nobody with the person's suite is currently assessed;
	// the person adds nothing.
	NoComparable
	// NumComparisons is the number of comparisons.
	NumComparisons
)

var comparisonNames = [NumComparisons]string{"establishment", "region", "estate_sentence", "estate", "none"}

// String names the comparison: establishment, region, estate_sentence,
// estate or none.
func (c Comparison) String() string { return comparisonNames[c] }

// DemandRange is the demand of one unit in one place with a range for the
// people whose needs are unknown: the number of people with a current need
// for a programme of the unit who have time to complete one (slack ≥ 0:
// Headline.WithTime), counted three ways.
type DemandRange struct {
	Level GroupBy // establishment, region or estate
	Key   string  // establishment code, region name or "estate"
	Kind  UnitKind
	Unit  string // programme code, family name, "core" or "any"
	// Low counts the currently-assessed people (assessment no older than
	// StaleAfter months) who need a programme of the unit now and have
	// time to complete one: the stale and unassessed add nothing.
	Low float64
	// Central is Low plus, for each stale or unassessed person with time
	// for the unit, the share of comparable currently-assessed people who
	// need a programme of it: the expected number if needs are missing at
	// random within the stratum.
	Central float64
	// High is Low plus, for the same people, the upper bound of the Wilson
	// score interval of that share at ImputeOptions.Confidence (Wilson
	// 1927; see Wilson). Each rate is at its bound at once, so High is a
	// pessimistic planning figure, not a confidence bound on the total.
	High float64
	// Assessed counts the currently-assessed people; Stale those assessed
	// more than StaleAfter months before the dataset date and Unassessed
	// those with no assessment date: the people imputed.
	Assessed, Stale, Unassessed int
	// By counts the imputed people by the stratum their rates came from,
	// indexed by Comparison.
	By [NumComparisons]int
}

// Imputed returns the people counted at a rate: Stale + Unassessed.
func (r *DemandRange) Imputed() int { return r.Stale + r.Unassessed }

// ImputeOptions sets up ImputeDemand.
type ImputeOptions struct {
	AsOf   model.Date
	Suites SuitePlan
	// StaleAfter is the months after which an assessment is stale (12, as
	// NeedsOptions and docs/classification.md).
	StaleAfter int
	// Confidence is the level of the rates' Wilson intervals (0.95).
	Confidence float64
}

// stratumKey names a stratum of comparable people. place is the
// establishment (SameEstablishment) or region (SameRegion); sentence is 0
// for SameSuite.
type stratumKey struct {
	cmp      Comparison
	place    string
	suite    model.Suite
	sentence model.SentenceType
}

// stratum holds its currently-assessed people n, those who need a
// programme of each unit k, and the rates: k/n and its Wilson upper bound.
type stratum struct {
	n          int
	k          []int
	rate, high []float64
}

// place is one establishment's accumulator: its rows, one per unit, and
// the strata its people belong to by sentence type, resolved once each.
type place struct {
	code, region string
	suite        model.Suite
	rows         []DemandRange
	strata       map[model.SentenceType]*[NoComparable]*stratum
}

// suiteSex is the suite and sex the programmes open to a person depend on.
type suiteSex struct {
	suite model.Suite
	sex   model.Sex
}

// imputer holds ImputeDemand's state.
type imputer struct {
	cat         *model.Catalogue
	units       []Unit
	opt         ImputeOptions
	staleBefore model.Date
	regionOf    map[string]string
	places      map[string]*place
	strata      map[stratumKey]*stratum
	// minTimes[x][u]: the least time needed by a programme of unit u open
	// to people of x (+Inf: none).
	minTimes map[suiteSex][]float64
	// later holds the stale and unassessed, in file order (add).
	later []imputed
}

// current reports whether p's assessment is current: dated, and no older
// than StaleAfter months (stale is strictly older, as AnalyseNeeds).
func (im *imputer) current(p *model.Profile) bool {
	d, ok := p.AssessedOn.Get()
	return ok && d >= im.staleBefore
}

// place returns establishment est's accumulator, made on first use.
func (im *imputer) place(est string) *place {
	pl := im.places[est]
	if pl == nil {
		pl = &place{code: est, region: im.regionOf[est], suite: im.opt.Suites.For(est),
			rows: make([]DemandRange, len(im.units)), strata: map[model.SentenceType]*[NoComparable]*stratum{}}
		for u := range im.units {
			pl.rows[u] = DemandRange{Level: ByEstablishment, Key: est, Kind: im.units[u].Kind, Unit: im.units[u].Name}
		}
		im.places[est] = pl
	}
	return pl
}

// strataOf returns the strata, narrowest first, that people of sentence
// type st at pl belong to: nil where there is none (no region — an
// establishment not in the establishments table, or none given — or, once
// the assessed are counted, no currently-assessed person). With create it
// makes the missing ones (counting the assessed); without, it must not be
// called before they are all counted.
func (im *imputer) strataOf(pl *place, st model.SentenceType, create bool) *[NoComparable]*stratum {
	if a, ok := pl.strata[st]; ok {
		return a
	}
	keys := [NoComparable]stratumKey{
		{cmp: SameEstablishment, place: pl.code, sentence: st},
		{cmp: SameRegion, place: pl.region, suite: pl.suite, sentence: st},
		{cmp: SameSuiteSentence, suite: pl.suite, sentence: st},
		{cmp: SameSuite, suite: pl.suite},
	}
	var a [NoComparable]*stratum
	for l, k := range keys {
		if l == int(SameRegion) && pl.region == "" {
			continue
		}
		s := im.strata[k]
		if s == nil && create {
			s = &stratum{k: make([]int, len(im.units))}
			im.strata[k] = s
		}
		a[l] = s
	}
	pl.strata[st] = &a
	return &a
}

// ImputeDemand gives, for every unit (Units over the suites in use) and
// every establishment, region and the estate, the demand of people with a
// current need and time to complete, with a range for the stale and
// unassessed (docs/imputation.md). cls[i] classifies ps[i]. A stale or
// unassessed person is counted at the rates of the first stratum with at
// least MinComparable currently-assessed people: their establishment and
// sentence type; else region, suite and sentence type; else the estate,
// suite and sentence type; else the estate and suite. They count for a
// unit only when their months left reach the least time needed by a
// programme of the unit they could take (in their establishment's suite,
// open to their sex); an unknown release counts as no time. Rows with no
// demand even at High are left out; the rest are sorted like Headlines.
func ImputeDemand(ps []model.Profile, cls []model.Classification, ests []model.Establishment, cat *model.Catalogue, opt ImputeOptions) []DemandRange {
	im := newImputer(ests, cat, opt)
	im.add(ps, cls)
	return im.finish(ests)
}

// newImputer prepares ImputeDemand's passes.
func newImputer(ests []model.Establishment, cat *model.Catalogue, opt ImputeOptions) *imputer {
	if opt.StaleAfter == 0 {
		opt.StaleAfter = 12
	}
	if opt.Confidence == 0 {
		opt.Confidence = 0.95
	}
	im := &imputer{cat: cat, units: Units(cat, opt.Suites.Programmes(cat)), opt: opt,
		staleBefore: opt.AsOf.AddMonths(-opt.StaleAfter), regionOf: map[string]string{},
		places: map[string]*place{}, strata: map[stratumKey]*stratum{}, minTimes: map[suiteSex][]float64{}}
	for _, e := range ests {
		im.regionOf[e.Code] = e.Region
	}
	return im
}

// add takes people in file order: the currently assessed are counted at
// once (Low and the strata); the stale and unassessed are kept, as what
// imputing them reads, for finish, since their strata's rates are known
// only once everyone is counted.
func (im *imputer) add(ps []model.Profile, cls []model.Classification) {
	for i := range ps {
		pl := im.place(ps[i].Establishment)
		if im.current(&ps[i]) {
			im.addAssessed(pl, &ps[i], &cls[i])
			continue
		}
		im.later = append(im.later, imputed{pl: pl, sentence: ps[i].SentenceType, sex: ps[i].Sex,
			stale: ps[i].AssessedOn.OK, monthsLeft: cls[i].MonthsLeft})
	}
}

// finish works out each stratum's rates, imputes the people kept by add,
// in the order they were read, and rolls the rows up.
func (im *imputer) finish(ests []model.Establishment) []DemandRange {
	for _, s := range im.strata {
		s.rate, s.high = make([]float64, len(im.units)), make([]float64, len(im.units))
		for u := range im.units {
			pr := NewProportion(s.k[u], s.n, im.opt.Confidence)
			s.rate[u], s.high[u] = pr.Share, pr.High
		}
	}
	for i := range im.later {
		im.addImputed(&im.later[i])
	}
	accs := make(map[string][]DemandRange, len(im.places))
	for est, pl := range im.places {
		for u := range pl.rows {
			pl.rows[u].Central += pl.rows[u].Low
			pl.rows[u].High += pl.rows[u].Low
		}
		accs[est] = pl.rows
	}
	return rollUp(accs, ests, func(level GroupBy, key string, r *DemandRange) DemandRange {
		return DemandRange{Level: level, Key: key, Kind: r.Kind, Unit: r.Unit}
	}, func(to, from *DemandRange) {
		to.Low += from.Low
		to.Central += from.Central
		to.High += from.High
		to.Assessed += from.Assessed
		to.Stale += from.Stale
		to.Unassessed += from.Unassessed
		for l := range to.By {
			to.By[l] += from.By[l]
		}
	}, func(r *DemandRange) bool { return r.High > 0 })
}

// imputed is what imputing a stale or unassessed person reads: their
// establishment, sentence type and sex, whether they were ever assessed,
// and their months left (Classification.MonthsLeft).
type imputed struct {
	pl         *place
	sentence   model.SentenceType
	sex        model.Sex
	stale      bool
	monthsLeft float64
}

// addAssessed counts a currently-assessed person: in Low for each unit
// they need with time (slack ≥ 0, as Headline.WithTime), and in their
// strata's counts of people and of need.
func (im *imputer) addAssessed(pl *place, p *model.Profile, c *model.Classification) {
	in := im.strataOf(pl, p.SentenceType, true)
	for _, s := range in {
		if s != nil {
			s.n++
		}
	}
	for u := range im.units {
		pl.rows[u].Assessed++
		if !c.Needed.Overlaps(&im.units[u].mask) {
			continue
		}
		_, slack, _ := im.units[u].needs(im.cat, c)
		for _, s := range in {
			if s != nil {
				s.k[u]++
			}
		}
		if slack >= 0 {
			pl.rows[u].Low++
		}
	}
}

// addImputed counts a stale or unassessed person at the rates of the
// first of their strata with at least MinComparable currently-assessed
// people (the last, the estate and suite, whatever its size), for each
// unit they have time for.
func (im *imputer) addImputed(p *imputed) {
	pl := p.pl
	var s *stratum
	by := NoComparable
	for l, t := range im.strataOf(pl, p.sentence, false) {
		if t != nil && (t.n >= MinComparable || Comparison(l) == SameSuite) {
			s, by = t, Comparison(l)
			break
		}
	}
	x := suiteSex{pl.suite, p.sex}
	times := im.minTimes[x]
	if times == nil {
		times = unitMinTimes(im.cat, im.units, x.suite, x.sex)
		im.minTimes[x] = times
	}
	for u := range im.units {
		r := &pl.rows[u]
		if p.stale {
			r.Stale++
		} else {
			r.Unassessed++
		}
		r.By[by]++
		// NaN months left (an unknown release) fails the comparison: no
		// time.
		if s == nil || math.IsInf(times[u], 1) || !(p.monthsLeft >= times[u]) {
			continue
		}
		r.Central += s.rate[u]
		r.High += s.high[u]
	}
}

// unitMinTimes returns, for each unit, the least time needed
// (Catalogue.TimeNeeded) by its programmes that are in suite s and open to
// sex (a programme with no sexes listed is open to all): +Inf when none is.
func unitMinTimes(cat *model.Catalogue, units []Unit, s model.Suite, sex model.Sex) []float64 {
	out := make([]float64, len(units))
	for u := range units {
		out[u] = math.Inf(1)
		for _, i := range units[u].Progs {
			g := cat.At(i)
			if g.InSuite(s) && (len(g.Sexes) == 0 || slices.Contains(g.Sexes, sex)) {
				out[u] = min(out[u], cat.TimeNeeded(i))
			}
		}
	}
	return out
}
