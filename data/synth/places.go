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

// bcReplaces lists the legacy programmes an establishment stops running when
// it runs a Building Choices strand (programmes.md: Building Choices replaces
// them; which ones exactly is an assumption following the catalogue's
// replaced_by links).
var bcReplaces = map[string][]string{
	"general": {"TSP", "RESOLVE", "BBR", "KAIZEN_GV", "KAIZEN_IPV"},
	"sexual":  {"KAIZEN_SO", "HORIZON"},
}

// notRunShare is the chance that an establishment does not run a programme
// its function would run and its population needs: the inspectors found a
// quarter of people waiting because their prison did not run the programme
// (programmes.md, seed 000).
const notRunShare = 0.2

// teamUtilisation is the share of a year a facilitator team can deliver
// groups (leave, training, the gaps between cohorts: an assumption).
const teamUtilisation = 0.8

// offerings sizes each establishment's programmes by its people's need, with
// gaps, and scales the estate's places to about AnnualStarts.
func offerings(ctx context.Context, d *Dataset, sites []site, opt Options) ([]model.Offering, error) {
	cat := opt.Catalogue
	// Demand: people who need each programme and can complete it in time,
	// under the suite each establishment runs.
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
	type want struct {
		est, prog string
		weight    float64 // in-time demand × coverage
	}
	var wants []want
	for e := range sites {
		s := &sites[e]
		if s.children {
			continue
		}
		r := rand.New(rand.NewPCG(opt.Seed, uint64(2_000_000+e)))
		progs := slices.Clone(byFunction[s.est.Function])
		if s.soSpec && s.est.Function != model.OpenPrison {
			progs = append(progs, soProgrammes...)
		}
		general, sexual := slices.Contains(bcGeneral, s.est.Code), slices.Contains(bcSexual, s.est.Code)
		if general {
			progs = slices.DeleteFunc(progs, func(c string) bool { return slices.Contains(bcReplaces["general"], c) })
			progs = append(progs, "BC_MOD_GO")
			if s.est.Function != model.OpenPrison {
				progs = append(progs, "BC_HIGH_GO")
			}
		}
		if sexual {
			progs = slices.DeleteFunc(progs, func(c string) bool { return slices.Contains(bcReplaces["sexual"], c) })
			progs = append(progs, "BC_MOD_SO", "BC_HIGH_SO")
		}
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
			wants = append(wants, want{s.est.Code, code, math.Max(dem, 1) * cover})
		}
	}
	// Scale so the places sum to about AnnualStarts: find the multiplier
	// by bisection, since groups are whole numbers.
	places := func(scale float64) (int, []model.Offering) {
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
	lo, hi := 0.0, 100.0
	for range 60 {
		mid := (lo + hi) / 2
		if n, _ := places(mid); n < AnnualStarts {
			lo = mid
		} else {
			hi = mid
		}
	}
	_, out := places(hi)
	slices.SortFunc(out, func(a, b model.Offering) int {
		if a.Establishment != b.Establishment {
			return strings.Compare(a.Establishment, b.Establishment)
		}
		return strings.Compare(a.Programme, b.Programme)
	})
	// Facilitator teams: a team runs one group at a time, so an
	// establishment needs the group-years of its programmes divided by the
	// share of a year a team can deliver.
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
	return out, nil
}
