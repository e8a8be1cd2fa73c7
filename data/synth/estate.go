package synth

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"needsplan/model"
)

//go:embed estate.csv
var estateCSV []byte

// site is an establishment with what the population model needs to know.
type site struct {
	est       model.Establishment
	published float64 // published population, 0 when none
	children  bool    // the youth custody estate: ages 15–17
	childSize int     // its assumed size (childrenSites)
	soSpec    bool    // a sex-offender specialist training prison
	openWomen bool    // a women's open prison
	people    int     // people allocated
}

// functionOf maps the 2016 function to the data contract's enum, following
// docs/reference/README.md ("Immigration Removal Centre"/"YJB" → other).
// Five Wells (FWI), opened in 2022 as a category C trainer, has no 2016 row;
// Oakhill (STC3), a secure training centre, is other. Peterborough Female
// (PFI) shares the 2016 "Local" row with the men's prison; as a women's
// prison it is female here.
func functionOf(code, f2016 string, female bool) model.Function {
	switch {
	case code == "FWI":
		return model.CatCTrainer
	case code == "STC3":
		return model.OtherFunc
	case female && f2016 == "Local":
		return model.FemalePrison
	}
	switch f2016 {
	case "Local":
		return model.Local
	case "Cat B Trainer":
		return model.CatBTrainer
	case "Cat C Trainer":
		return model.CatCTrainer
	case "High Security":
		return model.HighSecurity
	case "Open":
		return model.OpenPrison
	case "Female":
		return model.FemalePrison
	case "YOI":
		return model.YOI
	}
	return model.OtherFunc
}

// regionOf gives the two rows without a 2016 region one: Five Wells
// (Wellingborough) in the East group that held Wellingborough in 2016, and
// Oakhill in the Young People's Estate.
func regionOf(code, r2016 string) string {
	switch {
	case r2016 != "":
		return r2016
	case code == "FWI":
		return "East"
	case code == "STC3":
		return "Young People's Estate"
	}
	return "Unknown"
}

// soSpecialists are training prisons that hold mainly men convicted of
// sexual offences (HMPPS designations as reported by HM Inspectorate of
// Prisons; an assumption of this model): Whatton, Usk, Bure, Stafford, Rye
// Hill, Littlehey, the Isle of Wight, Ashfield, The Verne, North Sea Camp
// (open), Channings Wood and Wakefield (high security).
var soSpecialists = []string{"WTI", "UKI", "BRI", "SFI", "RHI", "LTI", "IWI", "ASI", "VEI", "NSI", "CWI", "WDI"}

// childrenSites are the youth custody estate (ages 15–17): establishments
// whose register type is YCS or STC and that held children in 2016, with
// sizes assumed from the youth custody population (about 430 children in
// 2024; MoJ youth custody data, an assumption of scale).
var childrenSites = map[string]int{"CKI": 60, "WNI": 60, "WYI": 100, "FYI": 80, "PYI": 30, "STC3": 40}

// defaultSize is the size weight of an establishment with no published
// population, by function: typical 2014 populations of each function in
// the estate list (an assumption; only relative sizes matter, since the
// total is scaled to the national figure).
var defaultSize = map[model.Function]float64{
	model.Local: 850, model.CatBTrainer: 800, model.CatCTrainer: 750, model.HighSecurity: 600,
	model.OpenPrison: 350, model.FemalePrison: 300, model.YOI: 400, model.OtherFunc: 300,
}

// smallWords are the words an establishment's name writes in lower case
// after its first word ("Isle of Wight"); the register capitalises every
// word ("Isle Of Wight").
var smallWords = []string{"of", "and", "the", "on", "upon", "in", "at", "by", "for", "under"}

// tidyName writes a name from the register with its small words in lower
// case after the first word: "Isle Of Wight (HMP & YOI)" is "Isle of Wight
// (HMP & YOI)"; "The Mount (HMP)" keeps its "The".
func tidyName(name string) string {
	words := strings.Split(name, " ")
	for i, w := range words {
		if i > 0 && slices.Contains(smallWords, strings.ToLower(w)) {
			words[i] = strings.ToLower(w)
		}
	}
	return strings.Join(words, " ")
}

// readEstate parses the embedded establishments list (estate.csv, a
// verbatim copy of the shared reference), its names tidied (tidyName).
func readEstate() ([]site, error) {
	rows, err := csv.NewReader(bytes.NewReader(estateCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("synth: estate.csv: %w", err)
	}
	col := map[string]int{}
	for j, h := range rows[0] {
		col[h] = j
	}
	var out []site
	for _, r := range rows[1:] {
		get := func(k string) string { return r[col[k]] }
		male, female := get("male") == "true", get("female") == "true"
		holds := model.HoldsMen
		switch {
		case male && female:
			holds = model.HoldsMixed
		case female:
			holds = model.HoldsWomen
		}
		code := get("code")
		s := site{est: model.Establishment{
			Code: code, Name: tidyName(get("name")), Holds: holds,
			Function: functionOf(code, get("function_2016"), female && !male),
			Region:   regionOf(code, get("region_2016")),
		}}
		if p, err := strconv.ParseFloat(get("population"), 64); err == nil && p > 0 {
			s.published = p
		}
		s.childSize, s.children = childrenSites[code]
		s.soSpec = slices.Contains(soSpecialists, code)
		s.openWomen = code == "AGI" || code == "ESI" // Askham Grange and East Sutton Park
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b site) int { return strings.Compare(a.est.Code, b.est.Code) })
	return out, nil
}

// WomenShare is the share of women in the prison population: 3,658 of
// 87,360 on 28 June 2024 (MoJ weekly bulletin via Prison Reform Trust;
// calibration.md §1).
const WomenShare = 3658.0 / 87360.0

// allocate shares n people among the sites: the children's estate at its
// assumed sizes, the women's prisons WomenShare of the rest, the men's
// prisons the remainder, each in proportion to its published population
// (or its function's typical size), by largest remainders so the total is
// exact.
func allocate(sites []site, n int) {
	kids := 0
	for _, s := range sites {
		kids += s.childSize
	}
	kids = min(kids, n/10)
	women := int(math.Round(WomenShare * float64(n-kids)))
	men := n - kids - women
	share := func(pick func(*site) bool, total int, weight func(*site) float64) {
		var idx []int
		var w []float64
		for i := range sites {
			if pick(&sites[i]) {
				idx = append(idx, i)
				w = append(w, weight(&sites[i]))
			}
		}
		if len(idx) == 0 {
			return
		}
		for k, n := range model.Apportion(total, w) {
			sites[idx[k]].people = n
		}
	}
	size := func(s *site) float64 {
		if s.published > 0 {
			return s.published
		}
		return defaultSize[s.est.Function]
	}
	share(func(s *site) bool { return s.children }, kids, func(s *site) float64 { return float64(s.childSize) })
	share(func(s *site) bool { return !s.children && s.est.Holds == model.HoldsWomen }, women, size)
	share(func(s *site) bool { return !s.children && s.est.Holds != model.HoldsWomen }, men, size)
}
