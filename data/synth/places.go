package synth

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"needsplan/model"
)

// Programmes each function runs (an assumption from HMPPS practice as the
// inspection reports describe it: short-stay local prisons run short
// moderate programmes, high-intensity programmes are in category B, high
// security and category C training prisons, sex-offender programmes in the
// specialist prisons, open prisons no high-intensity work, the women's
// estate its own programmes, and the children's estate none).
var byFunction = map[model.Function][]string{
	model.Local:        {"TSP", "BSR", "COVAID"},
	model.CatCTrainer:  {"TSP", "BSR", "RESOLVE", "BBR", "COVAID", "KAIZEN_GV", "NMS_GV", "NMS_IPV", "IDENTITY_MATTERS", "HII", "LNM"},
	model.CatBTrainer:  {"TSP", "BSR", "RESOLVE", "KAIZEN_GV", "KAIZEN_IPV", "BNM_PLUS_GV", "BNM_PLUS_IPV", "IDENTITY_MATTERS", "HII", "LNM"},
	model.HighSecurity: {"TSP", "RESOLVE", "KAIZEN_GV", "KAIZEN_IPV", "BNM_PLUS_GV", "HII", "IDENTITY_MATTERS", "LNM"},
	model.OpenPrison:   {"TSP", "BSR", "LNM"},
	model.FemalePrison: {"TSP", "BSR", "COVAID", "HII"},
	model.YOI:          {"TSP", "RESOLVE", "BSR", "IDENTITY_MATTERS"},
}

// soProgrammes run only in the sex-offender specialist prisons: elsewhere
// men convicted of sexual offences wait or move, as the inspectors found
// (HMP Shrewsbury "held many men convicted of sexual offences" but ran one
// TSP; programmes.md, seed facts).
var soProgrammes = []string{"KAIZEN_SO", "HORIZON", "BNM_PLUS_SO", "NMS_SO", "HSP"}

// Published Building Choices offerings in 2025 (programmes.md): the sexual
// offence strand and the general strand, by establishment.
var (
	bcSexual  = []string{"FKI", "FWI", "LPI", "RHI", "RSI", "SFI", "SNI", "WMI", "WTI"}
	bcGeneral = []string{"ACI", "BCI", "BWI", "DHI", "FBI", "FKI", "HHI", "HII", "HMI", "LFI", "LNI", "LPI", "NHI", "RSI", "SKI", "SNI", "WMI"}
)

// familyShare is the share of the estate's annual places each programme
// family is given (assumptions: the published starts are not split by
// programme, calibration.md §12.8). Sex-offender programmes: the historical
// target of 1,180–1,240 SOTP completions in 7,000 (calibration.md §9), 17%;
// substance misuse (BSR): 14%, the share of sentence plans requiring a
// substance misuse programme (programmes.md, seed 000). The other
// programmes share the rest in proportion to their need.
var familyShare = map[string]float64{"sexual": 0.17, "substance": 0.14}

// family names the programme family of code for familyShare, or "".
func family(code string) string {
	switch {
	case slices.Contains(soProgrammes, code), code == "BC_HIGH_SO", code == "BC_MOD_SO":
		return "sexual"
	case code == "BSR":
		return "substance"
	}
	return ""
}

// notRunShare is the chance that an establishment does not run a programme
// its function would run and its population needs: the inspectors found a
// quarter of people waiting because their prison did not run the programme
// (programmes.md, seed 000).
const notRunShare = 0.2

// needExponent bends places towards small needs: an establishment's places
// grow with its need less than in proportion (places ∝ need^0.6), since a
// prison runs a group or two for a small need and cannot scale delivery to a
// large one (an assumption of shape; with places at a tenth of need
// nationally, strict proportion would leave every programme everywhere far
// short, which is not what inspections describe: some prisons meet their
// need for a programme, many do not, seed 000).
const needExponent = 0.6

// teamUtilisation is the share of a year a facilitator team can deliver
// groups (leave, training, the gaps between cohorts: an assumption).
const teamUtilisation = 0.8

// offerings sizes each establishment's programmes by its people's need, with
// gaps, and scales the estate's places to about AnnualStarts.
func offerings(ctx context.Context, d *Dataset, sites []site, opt Options) ([]model.Offering, error) {
	cat := opt.Catalogue
	demand, err := inTimeDemand(ctx, d, cat)
	if err != nil {
		return nil, err
	}
	var wants []programmeWant
	for e := range sites {
		wants = append(wants, programmesWanted(&sites[e], e, demand, cat, opt.Seed)...)
	}
	shareByFamily(wants)
	out := sizePlaces(wants, cat)
	sizeEstablishments(d, sites, out, cat)
	return out, nil
}

// inTimeDemand counts, by establishment and programme code, the people who
// need each programme and can complete it in time, under the suite each
// establishment runs.
func inTimeDemand(ctx context.Context, d *Dataset, cat *model.Catalogue) (map[[2]string]float64, error) {
	demand := map[[2]string]float64{}
	for _, suite := range []model.Suite{model.LegacySuite, model.BuildingChoicesSuite} {
		for i := range d.Profiles {
			if i%4096 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			p := &d.Profiles[i]
			c := model.Classify(p, cat, suite, d.AsOf)
			for k := range cat.Len() {
				if c.Needed.Has(k) {
					g := cat.At(k)
					if suite == model.BuildingChoicesSuite && !slices.Contains(g.Suites, model.LegacySuite) || suite == model.LegacySuite {
						if c.InTime(g.MonthsNeeded.Value) {
							demand[[2]string{p.Establishment, g.Code}]++
						}
					}
				}
			}
		}
	}
	return demand, nil
}

// programmeWant is a programme an establishment runs, before sizing.
type programmeWant struct {
	est, prog string
	weight    float64 // in-time demand × coverage
}

// programmesWanted returns the programmes site s (the e-th) runs, each
// weighted by its in-time demand and a drawn coverage, from the site's own
// random stream. Some are not run (notRunShare), and a group programme
// only with enough people to fill cohorts; published Building Choices
// offerings always are.
func programmesWanted(s *site, e int, demand map[[2]string]float64, cat *model.Catalogue, seed uint64) []programmeWant {
	if s.children {
		return nil
	}
	r := rand.New(rand.NewPCG(seed, uint64(2_000_000+e)))
	progs, general, sexual := programmesRun(s, cat)
	var wants []programmeWant
	for _, code := range progs {
		dem := demand[[2]string{s.est.Code, code}]
		published := strings.HasPrefix(code, "BC_") && (general || sexual)
		// Coverage varies: some prisons run a programme often enough,
		// many do not (28% of waits were "not run often enough",
		// seed 000); a uniform draw from 0.25 to 1.25 of need.
		cover := 0.25 + r.Float64()
		if r.Float64() < notRunShare && !published {
			continue
		}
		// A group programme needs enough people to fill cohorts: an
		// establishment runs one only when at least two minimum cohorts
		// need it in time (one-to-one work needs one person).
		g, _ := cat.Lookup(code)
		enough := 1.0
		if g.Format != model.OneToOneFormat {
			enough = 2 * g.MinGroupSize.Value
		}
		if dem < enough && !published {
			continue
		}
		wants = append(wants, programmeWant{s.est.Code, code, math.Pow(math.Max(dem, 1), needExponent) * cover})
	}
	return wants
}

// programmesRun returns the programmes site s would run by its function
// (byFunction, soProgrammes) and the published Building Choices offerings,
// and whether it runs the general and the sexual offence strand.
func programmesRun(s *site, cat *model.Catalogue) (progs []string, general, sexual bool) {
	progs = slices.Clone(byFunction[s.est.Function])
	if s.soSpec && s.est.Function != model.OpenPrison {
		progs = append(progs, soProgrammes...)
	}
	general, sexual = slices.Contains(bcGeneral, s.est.Code), slices.Contains(bcSexual, s.est.Code)
	if general || sexual {
		// An establishment that runs Building Choices matches all its
		// people to that suite (--suite auto, docs/gap-analysis.md),
		// so it runs no programme outside it: Building Choices replaces
		// them (programmes.md).
		progs = slices.DeleteFunc(progs, func(c string) bool {
			g, ok := cat.Lookup(c)
			return !ok || !g.InSuite(model.BuildingChoicesSuite)
		})
	}
	if general {
		progs = append(progs, "BC_MOD_GO")
		if s.est.Function != model.OpenPrison {
			progs = append(progs, "BC_HIGH_GO")
		}
	}
	if sexual {
		progs = append(progs, "BC_MOD_SO", "BC_HIGH_SO")
	}
	return progs, general, sexual
}

// shareByFamily gives each family its share of the weight (familyShare),
// the other programmes the rest in proportion to their need.
func shareByFamily(wants []programmeWant) {
	famWeight := map[string]float64{}
	totalWeight := 0.0
	for _, w := range wants {
		famWeight[family(w.prog)] += w.weight
		totalWeight += w.weight
	}
	rest := 1.0
	for _, sh := range familyShare {
		rest -= sh
	}
	famScale := map[string]float64{"": rest * totalWeight / famWeight[""]}
	for f, sh := range familyShare {
		if famWeight[f] > 0 {
			famScale[f] = sh * totalWeight / famWeight[f]
		}
	}
	for i := range wants {
		wants[i].weight *= famScale[family(wants[i].prog)]
	}
}

// sizePlaces scales the weights so the places sum to about AnnualStarts,
// finding the multiplier by bisection since groups are whole numbers, and
// returns the offerings by establishment and programme.
func sizePlaces(wants []programmeWant, cat *model.Catalogue) []model.Offering {
	lo, hi := 0.0, 100.0
	for range 60 {
		mid := (lo + hi) / 2
		if n, _ := placesAt(wants, cat, mid); n < AnnualStarts {
			lo = mid
		} else {
			hi = mid
		}
	}
	_, out := placesAt(wants, cat, hi)
	slices.SortFunc(out, func(a, b model.Offering) int {
		if a.Establishment != b.Establishment {
			return strings.Compare(a.Establishment, b.Establishment)
		}
		return strings.Compare(a.Programme, b.Programme)
	})
	return out
}

// placesAt returns the offerings of wants at scale, and their places.
func placesAt(wants []programmeWant, cat *model.Catalogue, scale float64) (int, []model.Offering) {
	total := 0
	var out []model.Offering
	for _, w := range wants {
		g, _ := cat.Lookup(w.prog)
		o := model.Offering{Establishment: w.est, Programme: w.prog, Referable: true}
		size := g.GroupSize.Value
		if g.Format == model.OneToOneFormat {
			o.OneToOnePlaces = max(1, int(math.Round(w.weight*scale)))
			total += o.OneToOnePlaces
		} else {
			// Half-yearly steps: a small need is met by a cohort every
			// other year.
			o.GroupsPerYear = math.Max(0.5, math.Round(2*w.weight*scale/size)/2)
			total += int(math.Round(o.GroupsPerYear * size))
		}
		out = append(out, o)
	}
	return total, out
}

// sizeEstablishments sets each establishment's resettlement role,
// operational capacity and facilitator teams, and puts it in d. A team
// runs one group at a time, so an establishment needs the group-years of
// its programmes (out) divided by the share of a year a team can deliver.
func sizeEstablishments(d *Dataset, sites []site, out []model.Offering, cat *model.Catalogue) {
	years := map[string]float64{}
	for _, o := range out {
		g, _ := cat.Lookup(o.Programme)
		years[o.Establishment] += o.GroupsPerYear * g.DurationWeeks.Value / 52
	}
	for e := range sites {
		s := &sites[e]
		s.est.Resettlement = s.est.Function == model.Local || s.est.Function == model.FemalePrison || s.est.Function == model.OpenPrison
		// Operational capacity: national useable capacity was 88,818 for a
		// population of 87,360 (June 2024, calibration.md §11): 1.017 each.
		s.est.OperationalCapacity = model.Some(int(math.Round(float64(s.people) * 88818 / 87360)))
		if y := years[s.est.Code]; y > 0 {
			s.est.FacilitatorTeams = model.Some(int(math.Ceil(y / teamUtilisation)))
		} else {
			s.est.FacilitatorTeams = model.Some(0)
		}
		d.Establishments[e] = s.est
	}
}
