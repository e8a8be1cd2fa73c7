package analysis

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"needsplan/model"
)

// GroupBy is the level a needs analysis reports at.
type GroupBy string

// Levels of a needs analysis.
const (
	ByEstablishment GroupBy = "establishment"
	ByRegion        GroupBy = "region"
	ByEstate        GroupBy = "estate"
)

// ParseGroupBy parses establishment, region or estate.
func ParseGroupBy(s string) (GroupBy, error) {
	switch GroupBy(s) {
	case ByEstablishment, ByRegion, ByEstate:
		return GroupBy(s), nil
	}
	return "", fmt.Errorf("by %q: want establishment, region or estate", s)
}

// EstateKey is the group key of the whole estate.
const EstateKey = "estate"

// ClassifyAll classifies every profile (model.Classify) on asOf for the
// suite its establishment uses, using all cores. Result i belongs to profile
// i whatever the number of workers.
func ClassifyAll(ctx context.Context, ps []model.Profile, cat *model.Catalogue, suites SuitePlan, asOf model.Date) ([]model.Classification, error) {
	out := make([]model.Classification, len(ps))
	const chunk = 4096
	workers := min(runtime.GOMAXPROCS(0), (len(ps)+chunk-1)/chunk)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range next {
				for i := lo; i < min(lo+chunk, len(ps)); i++ {
					model.ClassifyInto(&out[i], &ps[i], cat, suites.For(ps[i].Establishment), asOf)
				}
			}
		}()
	}
	var err error
	for lo := 0; lo < len(ps); lo += chunk {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- lo
	}
	close(next)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("classifying: %w", err)
	}
	return out, nil
}

// NeedsOptions sets up a needs analysis.
type NeedsOptions struct {
	By         GroupBy
	AsOf       model.Date
	Suites     SuitePlan
	StaleAfter int     // months after which an assessment is stale (12)
	Confidence float64 // confidence level of the intervals (0.95)
}

// Demand is the need for one programme in a group.
type Demand struct {
	Programme string
	Need      int // people who need it
	InTime    int // of those, people with enough time before release to complete it
}

// Group is the needs of one establishment, region or the estate.
type Group struct {
	Key    string // establishment code, region name, or "estate"
	Name   string // establishment name, region name, or "England and Wales"
	Region string // the establishment's region (ByEstablishment only)
	People int
	// Needs is the prevalence of each identified need among those assessed
	// for that section.
	Needs [model.NumSections]Proportion
	// Pathways counts people by PNI pathway, indexed by model.Pathway.
	Pathways [4]int
	// LDC is the share with learning disability or challenges among those
	// screened (lds present).
	LDC Proportion
	// Stale counts assessments older than StaleAfter months before the
	// dataset date; Unassessed counts people with no assessment date.
	Stale, Unassessed int
	Demand            []Demand // one per programme of the suites in use, in code order
}

// Needs is a needs analysis: one Group per establishment, region or the
// estate, sorted by key.
type Needs struct {
	Options    NeedsOptions
	Programmes []string // the programmes of the suites in use, in code order
	Groups     []Group
	// Headlines decompose demand by unit for each group, over 12 months,
	// without places (Headlines).
	Headlines []Headline
	// Consolidation is the catalogue's consolidation window in months.
	Consolidation float64
	// Unrouted lists the identified needs no programme fits, over every
	// group (UnroutedNeeds).
	Unrouted []Unrouted
	// Ranges give each group's demand by unit with a range for the stale
	// and unassessed (ImputeDemand, docs/imputation.md).
	Ranges []DemandRange
}

// AnalyseNeeds summarises needs by opt.By. cls[i] must be the classification
// of ps[i]. Every establishment (or region) in ests appears, with zero people
// if none are held there.
func AnalyseNeeds(ps []model.Profile, cls []model.Classification, ests []model.Establishment, cat *model.Catalogue, opt NeedsOptions) *Needs {
	t := NewNeedsTally(ests, cat, opt)
	t.Add(ps, cls)
	return t.Needs()
}

// NeedsTally is a needs analysis in progress: it takes the people in
// batches (Add), in file order, and keeps only counts and, for the
// stale and unassessed, what imputing them reads (about 24 bytes each), so
// that a large dataset can be analysed as it is read (data.LoadStream).
// AnalyseNeeds is one Add of everyone.
type NeedsTally struct {
	opt         NeedsOptions
	cat         *model.Catalogue
	ests        []model.Establishment
	progs       []int
	months      []float64 // time needed by each of progs
	staleBefore model.Date
	keyOf       map[string]string // establishment code → group key
	groups      map[string]*needsAcc
	unrouted    map[model.Why]int // UnroutedNeeds
	heads       *tally            // Headlines
	im          *imputer          // ImputeDemand
}

// needsAcc is one group's counts.
type needsAcc struct {
	g                 Group
	need, assessed    [model.NumSections]int
	ldc, screened     int
	demand, demandInT []int
}

// NewNeedsTally prepares a needs analysis by opt.By of people held in
// ests.
func NewNeedsTally(ests []model.Establishment, cat *model.Catalogue, opt NeedsOptions) *NeedsTally {
	if opt.StaleAfter == 0 {
		opt.StaleAfter = 12
	}
	if opt.Confidence == 0 {
		opt.Confidence = 0.95
	}
	progs := opt.Suites.Programmes(cat)
	t := &NeedsTally{opt: opt, cat: cat, ests: ests, progs: progs, months: make([]float64, len(progs)),
		staleBefore: opt.AsOf.AddMonths(-opt.StaleAfter), keyOf: map[string]string{}, groups: map[string]*needsAcc{},
		unrouted: map[model.Why]int{}, heads: newTally(Units(cat, progs)),
		im: newImputer(ests, cat, ImputeOptions{AsOf: opt.AsOf, Suites: opt.Suites, StaleAfter: opt.StaleAfter, Confidence: opt.Confidence})}
	for k, i := range progs {
		t.months[k] = cat.TimeNeeded(i)
	}
	for _, e := range ests {
		switch opt.By {
		case ByEstablishment:
			t.keyOf[e.Code] = e.Code
			t.group(e.Code, e.Name, e.Region)
		case ByRegion:
			t.keyOf[e.Code] = e.Region
			t.group(e.Region, e.Region, "")
		}
	}
	if opt.By == ByEstate {
		t.group(EstateKey, "England and Wales", "")
	}
	return t
}

// group returns the group of key, made with name and region the first time.
func (t *NeedsTally) group(key, name, region string) *needsAcc {
	a := t.groups[key]
	if a == nil {
		a = &needsAcc{g: Group{Key: key, Name: name, Region: region},
			demand: make([]int, len(t.progs)), demandInT: make([]int, len(t.progs))}
		t.groups[key] = a
	}
	return a
}

// Add counts ps, classified by cls (cls[i] classifies ps[i]). Batches must
// come in file order, as the headline's flows and the imputed ranges are
// sums whose last digits depend on their order. The four tallies are
// independent and run at once.
func (t *NeedsTally) Add(ps []model.Profile, cls []model.Classification) {
	var wg sync.WaitGroup
	wg.Go(func() { countUnrouted(t.unrouted, ps, cls, t.cat, t.opt.Suites) })
	wg.Go(func() { t.heads.add(ps, cls, t.cat, t.opt.AsOf, headlineHorizon) })
	wg.Go(func() { t.im.add(ps, cls) })
	t.count(ps, cls)
	wg.Wait()
}

// headlineHorizon is the horizon of a needs analysis's headline, in
// months (Headlines' default).
const headlineHorizon = 12

// count adds ps to their groups' counts.
func (t *NeedsTally) count(ps []model.Profile, cls []model.Classification) {
	for i := range ps {
		p, c := &ps[i], &cls[i]
		key := EstateKey
		if t.opt.By != ByEstate {
			k, ok := t.keyOf[p.Establishment]
			if !ok { // profiles read without an establishments table
				k = p.Establishment
				t.group(k, k, "")
				t.keyOf[k] = k
			}
			key = k
		}
		a := t.groups[key]
		a.g.People++
		for s := range model.NumSections {
			need, assessed := p.Need(s)
			if assessed {
				a.assessed[s]++
				if need {
					a.need[s]++
				}
			}
		}
		a.g.Pathways[c.PNI.Pathway]++
		if p.LDS.OK {
			a.screened++
			if c.LDC {
				a.ldc++
			}
		}
		if d, ok := p.AssessedOn.Get(); !ok {
			a.g.Unassessed++
		} else if d < t.staleBefore {
			a.g.Stale++
		}
		for k, j := range t.progs {
			if c.Needed.Has(j) {
				a.demand[k]++
				if c.InTime(t.months[k]) {
					a.demandInT[k]++
				}
			}
		}
	}
}

// Needs finishes the analysis of the people added.
func (t *NeedsTally) Needs() *Needs {
	opt, cat := t.opt, t.cat
	n := &Needs{Options: opt}
	for _, i := range t.progs {
		n.Programmes = append(n.Programmes, cat.At(i).Code)
	}
	keys := make([]string, 0, len(t.groups))
	for k := range t.groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, strings.Compare)
	for _, k := range keys {
		a := t.groups[k]
		for s := range model.NumSections {
			a.g.Needs[s] = NewProportion(a.need[s], a.assessed[s], opt.Confidence)
		}
		a.g.LDC = NewProportion(a.ldc, a.screened, opt.Confidence)
		for j, code := range n.Programmes {
			a.g.Demand = append(a.g.Demand, Demand{Programme: code, Need: a.demand[j], InTime: a.demandInT[j]})
		}
		n.Groups = append(n.Groups, a.g)
	}
	n.Consolidation = cat.Consolidation().Value
	n.Unrouted = unrouted(t.unrouted, cat)
	for _, h := range t.heads.headlines(t.ests, nil, cat, GapOptions{AsOf: opt.AsOf, Suites: opt.Suites, Horizon: headlineHorizon}) {
		if h.Level == opt.By {
			n.Headlines = append(n.Headlines, h)
		}
	}
	for _, r := range t.im.finish(t.ests) {
		if r.Level == opt.By {
			n.Ranges = append(n.Ranges, r)
		}
	}
	return n
}
