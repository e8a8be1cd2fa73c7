package synth

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"needsplan/model"
)

// Options sets up a generation.
type Options struct {
	Seed   uint64
	People int // population size; DefaultPeople when 0
	// Establishments is how many establishments to draw people into: 0 or
	// the 125 real ones; more adds synthetic copies of real establishments
	// (for scale tests), each a copy of a real one with a numbered code.
	Establishments int
	AsOf           model.Date // dataset date; DefaultAsOf when 0
	// Catalogue classifies the people to size the offerings.
	Catalogue *model.Catalogue
}

// Dataset is a generated planning dataset.
type Dataset struct {
	Establishments []model.Establishment
	Profiles       []model.Profile
	Offerings      []model.Offering
	AsOf           model.Date
}

// mixedWomen is the share of women drawn at an establishment holding both
// sexes (Wetherby's girls' unit; an assumption).
const mixedWomen = 0.05

// Generate draws a dataset. The same options give the same dataset.
func Generate(ctx context.Context, opt Options) (*Dataset, error) {
	if opt.People == 0 {
		opt.People = DefaultPeople
	}
	if opt.AsOf == 0 {
		opt.AsOf = DefaultAsOf
	}
	if opt.People < 200 || opt.People > 20_000_000 {
		return nil, fmt.Errorf("synth: %d people: want from 200 to 20,000,000", opt.People)
	}
	if opt.Catalogue == nil {
		return nil, fmt.Errorf("synth: no catalogue")
	}
	sites, err := readEstate()
	if err != nil {
		return nil, err
	}
	if opt.Establishments != 0 && (opt.Establishments < len(sites) || opt.Establishments > MaxEstablishments) {
		return nil, fmt.Errorf("synth: %d establishments: want the %d real ones, or up to %d with synthetic copies",
			opt.Establishments, len(sites), MaxEstablishments)
	}
	sites = withCopies(sites, opt.Establishments)
	allocate(sites, opt.People)
	typeP := sentenceProbabilities(sites, opt.People)
	offP := offenceProbabilities(sites, typeP)

	var ps []model.Profile
	var lats []latent
	for e := range sites {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s := &sites[e]
		r := rand.New(rand.NewPCG(opt.Seed, uint64(e)))
		for range s.people {
			sex := model.Male
			switch s.est.Holds {
			case model.HoldsWomen:
				sex = model.Female
			case model.HoldsMixed:
				if r.Float64() < mixedWomen {
					sex = model.Female
				}
			}
			st := sentenceTypeOrder[drawIndex(r, typeP[e][:])]
			var g model.OffenceGroup
			if st == model.Remand {
				m := offenceRemand
				w := mixOf(m)
				for i, og := range model.OffenceGroups {
					w[i] *= offenceMultiplier(s, st, og)
				}
				g = w.draw(r)
			} else {
				g = offP[e][sexIndex(sex)][typeIndex(st)].draw(r)
			}
			p, lat := person(r, s, sex, st, g, opt.AsOf)
			ps = append(ps, p)
			lats = append(lats, lat)
		}
	}
	calibrateSections(ps, lats)
	calibrateLDC(ps, lats)
	drawItemsAndHistory(ps, lats, sites, opt)
	for i := range ps {
		ps[i].PersonID = fmt.Sprintf("P%07d", i+1)
	}
	d := &Dataset{Profiles: ps, AsOf: opt.AsOf}
	for _, s := range sites {
		d.Establishments = append(d.Establishments, s.est)
	}
	d.Offerings, err = offerings(ctx, d, sites, opt)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// MaxEstablishments is the most establishments Generate draws into.
const MaxEstablishments = 5000

// withCopies returns sites with synthetic copies of the real establishments
// added until there are n: copy k of establishment E has code E followed by
// k+1 (ACI2, ACI3…), the name marked as a synthetic copy, and E's function,
// region, sex and size. The copies come after the real establishments, so
// the real ones draw the same random streams whatever n is.
func withCopies(sites []site, n int) []site {
	real := len(sites)
	codes := map[string]bool{}
	for _, s := range sites {
		codes[s.est.Code] = true
	}
	for k := 0; len(sites) < n; k++ {
		base := sites[k%real]
		copyNo := k/real + 2
		code := fmt.Sprintf("%s%d", base.est.Code, copyNo)
		for codes[code] {
			code += "X"
		}
		codes[code] = true
		base.est.Code = code
		base.est.Name = fmt.Sprintf("%s, synthetic copy %d", base.est.Name, copyNo)
		sites = append(sites, base)
	}
	return sites
}

func sexIndex(s model.Sex) int {
	if s == model.Female {
		return 1
	}
	return 0
}

func typeIndex(st model.SentenceType) int { return slices.Index(sentenceTypeOrder[:], st) }

func drawIndex(r *rand.Rand, w []float64) int {
	sum := 0.0
	for _, v := range w {
		sum += v
	}
	u := r.Float64() * sum
	for i, v := range w {
		if u < v {
			return i
		}
		u -= v
	}
	return len(w) - 1
}

// sentenceProbabilities rakes each establishment's seed mix of sentence
// types so that the national shares match sentenceShares: p[e][t].
func sentenceProbabilities(sites []site, n int) [][4]float64 {
	seed := make([][]float64, len(sites))
	rows := make([]float64, len(sites))
	for e, s := range sites {
		w := sentenceSeed[s.est.Function]
		if s.children {
			w = sentenceSeed[model.OtherFunc]
		}
		seed[e] = append([]float64(nil), w[:]...)
		rows[e] = float64(s.people)
	}
	cols := make([]float64, 4)
	for t, st := range sentenceTypeOrder {
		cols[t] = sentenceShares[st] * float64(n)
	}
	m := rake(seed, rows, cols, 0.01, 500)
	out := make([][4]float64, len(sites))
	for e := range m {
		for t := range 4 {
			if rows[e] > 0 {
				out[e][t] = m[e][t] / rows[e]
			}
		}
	}
	return out
}

// offenceProbabilities rakes, for each sex, the offence mix of every
// (establishment, sentenced type) cell so that the sentenced population
// matches the published (women) or assumed (men) offence mix:
// out[e][sex][type] is a mix to draw from.
func offenceProbabilities(sites []site, typeP [][4]float64) [][2][4]mix {
	out := make([][2][4]mix, len(sites))
	for sx, sex := range []model.Sex{model.Male, model.Female} {
		target := offenceSentencedMen
		if sex == model.Female {
			target = offenceSentencedWomen
		}
		tsum := 0.0
		for _, v := range target {
			tsum += v
		}
		type cell struct{ e, t int }
		var cells []cell
		var seed [][]float64
		var rows []float64
		total := 0.0
		for e := range sites {
			s := &sites[e]
			share := 0.0
			switch s.est.Holds {
			case model.HoldsMen:
				if sex == model.Male {
					share = 1
				}
			case model.HoldsWomen:
				if sex == model.Female {
					share = 1
				}
			default:
				share = 1 - mixedWomen
				if sex == model.Female {
					share = mixedWomen
				}
			}
			if share == 0 {
				continue
			}
			for t, st := range sentenceTypeOrder {
				if st == model.Remand {
					continue
				}
				count := float64(s.people) * share * typeP[e][t]
				if count <= 0 {
					continue
				}
				w := make([]float64, len(model.OffenceGroups))
				for i, g := range model.OffenceGroups {
					w[i] = target[g] / tsum * offenceMultiplier(s, st, g)
				}
				cells = append(cells, cell{e, t})
				seed = append(seed, w)
				rows = append(rows, count)
				total += count
			}
		}
		cols := make([]float64, len(model.OffenceGroups))
		for i, g := range model.OffenceGroups {
			cols[i] = target[g] / tsum * total
		}
		m := rake(seed, rows, cols, 0.01, 500)
		for k, c := range cells {
			copy(out[c.e][sx][c.t][:], m[k])
		}
	}
	return out
}

// ranks returns the indices idx sorted by key, ascending.
func ranks(idx []int, key func(int) float64) []int {
	out := slices.Clone(idx)
	slices.SortStableFunc(out, func(a, b int) int {
		ka, kb := key(a), key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	return out
}

// calibrateSections turns section latents into scores (or flags) so that,
// among assessed people of each sex, exactly the target share has each
// identified need: the latent's rank decides. Men's targets are what makes
// the all-custody share right given the women's (needTargets).
func calibrateSections(ps []model.Profile, lats []latent) {
	var bySex [2][]int
	for i := range ps {
		if lats[i].assessed {
			bySex[sexIndex(ps[i].Sex)] = append(bySex[sexIndex(ps[i].Sex)], i)
		}
	}
	nm, nw := float64(len(bySex[0])), float64(len(bySex[1]))
	for sec := range model.NumSections {
		t := needTargets[sec]
		targets := [2]float64{t.all, t.women}
		if nm > 0 {
			targets[0] = math.Min(0.99, math.Max(0.01, (t.all*(nm+nw)-t.women*nw)/nm))
		}
		for sx := range 2 {
			order := ranks(bySex[sx], func(i int) float64 { return lats[i].sections[sec] })
			n := len(order)
			needers := int(math.Round(targets[sx] * float64(n)))
			cut := n - needers
			for k, i := range order {
				need := k >= cut
				if !sec.Scored() {
					if sec == model.Finance {
						ps[i].FinanceNeed = model.Some(need)
					} else {
						ps[i].EmotionalNeed = model.Some(need)
					}
					continue
				}
				thr, mx := sec.Threshold(), sec.Max()
				var score int
				if need {
					v := float64(k-cut) / float64(max(1, needers))
					score = thr + int(v*float64(mx-thr+1))
				} else {
					v := float64(k) / float64(max(1, cut))
					score = int(v * float64(thr))
				}
				ps[i].Scores[sec] = model.Some(int8(min(score, mx)))
			}
		}
	}
}

// calibrateLDC sets the learning disability screening total so that LDCShare
// of those screened (the assessed) have lds ≥ 3.
func calibrateLDC(ps []model.Profile, lats []latent) {
	var idx []int
	for i := range ps {
		if lats[i].assessed {
			idx = append(idx, i)
		}
	}
	order := ranks(idx, func(i int) float64 { return lats[i].ldc })
	n := len(order)
	cut := n - int(math.Round(LDCShare*float64(n)))
	for k, i := range order {
		if k >= cut {
			v := float64(k-cut) / float64(max(1, n-cut))
			ps[i].LDS = model.Some(int32(model.LDCThreshold + int(v*4))) // 3–6
		} else {
			v := float64(k) / float64(max(1, cut))
			ps[i].LDS = model.Some(int32(v * model.LDCThreshold)) // 0–2
		}
	}
}

// itemSection says which section's latent drives each PNI item: OASys
// section 6 (relationships) for q6_*, 7 (lifestyle) for q7_3, 10 (emotional
// wellbeing) for q10_1, 11 (thinking and behaviour) for q11_*, 12
// (attitudes) for q12_*. The sex items follow the sexual latent.
var itemSection = [model.NumItems]model.Section{
	model.Q6_1: model.Relationships, model.Q6_6: model.Relationships, model.Q6_12: -1,
	model.Q7_3: model.Lifestyle, model.Q10_1: model.Emotional,
	model.Q11_2: model.ThinkingBehaviour, model.Q11_3: model.ThinkingBehaviour, model.Q11_4: model.ThinkingBehaviour,
	model.Q11_6: model.ThinkingBehaviour, model.Q11_11: -1, model.Q11_12: -1,
	model.Q12_1: model.Attitudes, model.Q12_9: model.Attitudes,
}

// itemMissing is the share of single PNI answers left blank in an assessed
// profile (an assumption, so that "information missing" occurs).
const itemMissing = 0.02

// drawItemsAndHistory draws the PNI items from the standardised section
// latents, q6_11, completed programmes and assessment dates, each
// establishment from its own stream.
func drawItemsAndHistory(ps []model.Profile, lats []latent, sites []site, opt Options) {
	// Normal scores of each section latent among the assessed.
	var idx []int
	for i := range ps {
		if lats[i].assessed {
			idx = append(idx, i)
		}
	}
	z := make([][model.NumSections]float64, len(ps))
	for sec := range model.NumSections {
		order := ranks(idx, func(i int) float64 { return lats[i].sections[sec] })
		for k, i := range order {
			z[i][sec] = distuv.UnitNormal.Quantile((float64(k) + 0.5) / float64(len(order)))
		}
	}
	first := 0
	for e := range sites {
		r := rand.New(rand.NewPCG(opt.Seed, uint64(1_000_000+e)))
		for i := first; i < first+sites[e].people; i++ {
			drawHistory(r, &ps[i], &lats[i], z[i], opt.AsOf)
		}
		first += sites[e].people
	}
}

// answer draws an item answer 0, 1 or 2 from a standardised latent: cuts at
// −0.25 and 0.95 on 0.75·z + 0.66·noise give about 40%, 43% and 17% (an
// assumption of shape).
func answer(r *rand.Rand, z float64) int {
	return band(0.75*z+0.66*r.NormFloat64(), []float64{-0.25, 0.95}, 0, 1, 2)
}

func drawHistory(r *rand.Rand, p *model.Profile, lat *latent, z [model.NumSections]float64, asOf model.Date) {
	if !p.SexualOffenceHistory {
		p.Q6_11 = model.Some(r.Float64() < 0.03)
	}
	if lat.assessed {
		for it := range model.NumItems {
			if r.Float64() < itemMissing {
				continue
			}
			sec := itemSection[it]
			switch {
			case sec >= 0:
				p.Items[it] = model.Some(int8(answer(r, z[sec])))
			case p.SexualOffenceHistory:
				p.Items[it] = model.Some(int8(answer(r, lat.sexual)))
			default:
				p.Items[it] = model.Some[int8](0)
			}
		}
		// Last assessment: reviews come about yearly; the time since the
		// last one is exponential with a mean of 8 months (so about a
		// fifth are stale: an assumption, inspectors found many out of
		// date), never before the sentence began.
		d := addDays(asOf, -8*daysPerMonth*r.ExpFloat64())
		d = max(d, min(asOf, p.SentenceStart+21))
		p.AssessedOn = model.Some(d)
	}
	// Completed programmes: the chance of having completed one grows with
	// time served, 1 − exp(−0.12 × years) (an assumption; 34% of IPP
	// prisoners had completed none in 2010, calibration.md §10).
	years := float64(asOf-p.SentenceStart) / 365.2425
	if p.SentenceType == model.Remand || !lat.assessed || years < 0.5 || r.Float64() >= 1-math.Exp(-0.12*years) {
		return
	}
	startYear := p.SentenceStart.Year()
	switch p.OffenceGroup {
	case model.Sexual:
		switch {
		case startYear < 2017:
			p.Completed = append(p.Completed, "SOTP")
		case r.Float64() < 0.5:
			p.Completed = append(p.Completed, "HORIZON")
		default:
			p.Completed = append(p.Completed, "KAIZEN_SO")
		}
	case model.Violence, model.Robbery:
		switch {
		case startYear < 2010:
			p.Completed = append(p.Completed, "CALM")
		case r.Float64() < 0.6:
			p.Completed = append(p.Completed, "TSP")
		default:
			p.Completed = append(p.Completed, "RESOLVE")
		}
	default:
		if startYear < 2010 {
			p.Completed = append(p.Completed, "ETS")
		} else {
			p.Completed = append(p.Completed, "TSP")
		}
	}
	if need, ok := p.Need(model.DrugMisuse); ok && need && r.Float64() < 0.3 {
		if startYear < 2012 {
			p.Completed = append(p.Completed, "PASRO")
		} else {
			p.Completed = append(p.Completed, "BSR")
		}
	}
}
