package analysis_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"

	"needsplan/analysis"
	"needsplan/data"
	"needsplan/model"
)

// benchAsOf is the dataset date of the generated profiles.
var benchAsOf = model.DateOf(2026, 3, 31)

// benchSuites matches everyone to the legacy suite.
var benchSuites = analysis.SuitePlan{Default: model.LegacySuite}

// benchDir holds the generated Parquet files for the whole process; TestMain
// removes it.
var benchDir struct {
	sync.Mutex
	path  string
	files map[int]string // people → Parquet file
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir.path != "" {
		_ = os.RemoveAll(benchDir.path)
	}
	os.Exit(code)
}

// benchEstablishments returns 120 establishments in 12 regions: every tenth
// holds women, the rest men.
func benchEstablishments() []model.Establishment {
	fns := []model.Function{model.Local, model.CatBTrainer, model.CatCTrainer, model.CatCTrainer,
		model.CatCTrainer, model.OpenPrison, model.HighSecurity, model.YOI, model.Local}
	ests := make([]model.Establishment, 120)
	for i := range ests {
		code := string([]byte{'A' + byte(i/26%26), 'A' + byte(i%26), 'X'})
		e := model.Establishment{Code: code, Name: "Establishment " + code, Holds: model.HoldsMen,
			Function: fns[i%len(fns)], Region: fmt.Sprintf("Region %02d", i%12+1),
			OperationalCapacity: model.Some(300 + i*13%1200), FacilitatorTeams: model.Some(1 + i%3)}
		if i%10 == 0 {
			e.Holds, e.Function, e.Region = model.HoldsWomen, model.FemalePrison, "Women's Estate"
		}
		ests[i] = e
	}
	return ests
}

// genProfiles generates n plausible profiles, the same ones on every run:
// every contract column is filled, and about 3% of optional values are
// missing.
func genProfiles(n int, ests []model.Establishment, cat *model.Catalogue) []model.Profile {
	r := rand.New(rand.NewPCG(1, 2))
	miss := func() bool { return r.IntN(100) < 3 }
	pct := func(hi float64) model.Opt[float64] {
		if miss() {
			return model.Opt[float64]{}
		}
		return model.Some(float64(int(r.Float64()*hi*10)) / 10)
	}
	pick := func(weights []int) int {
		total := 0
		for _, w := range weights {
			total += w
		}
		x := r.IntN(total)
		for i, w := range weights {
			if x < w {
				return i
			}
			x -= w
		}
		return len(weights) - 1
	}
	offenceWeights := []int{30, 18, 10, 6, 5, 14, 6, 2, 1, 2, 1, 5} // model.OffenceGroups order
	var codes []string
	for i := range cat.Len() {
		codes = append(codes, cat.At(i).Code)
	}
	days := func(lo, hi int) model.Date { return model.Date(lo + r.IntN(hi-lo+1)) }

	ps := make([]model.Profile, n)
	for i := range ps {
		p := &ps[i]
		e := &ests[r.IntN(len(ests))]
		p.PersonID = fmt.Sprintf("p%07d", i+1)
		p.Establishment = e.Code
		p.Sex = model.Male
		if e.Holds == model.HoldsWomen {
			p.Sex = model.Female
		}
		p.Age = min(18+r.IntN(20)+r.IntN(25)+r.IntN(25), 110)
		p.SentenceType = model.SentenceTypes[pick([]int{70, 9, 10, 11})]
		switch p.SentenceType {
		case model.Remand:
			p.SentenceStart = benchAsOf - days(0, 365)
			if r.IntN(4) == 0 { // an expected release date is sometimes known
				p.EarliestRelease = model.Some(p.SentenceStart + days(30, 365))
			}
		case model.Recall:
			p.SentenceStart = benchAsOf - days(0, 2*365)
			p.EarliestRelease = model.Some(p.SentenceStart + days(28, 2*365))
		case model.Indeterminate:
			p.SentenceStart = benchAsOf - days(0, 25*365)
			p.EarliestRelease = model.Some(p.SentenceStart + days(2*365, 30*365)) // tariff expiry
		default:
			p.SentenceStart = benchAsOf - days(0, 8*365)
			p.EarliestRelease = model.Some(p.SentenceStart + days(90, 12*365))
			if r.IntN(5) == 0 { // extended sentence with a parole eligibility date
				p.ParoleEligibility = model.Some(p.SentenceStart + (p.EarliestRelease.Val-p.SentenceStart)*2/3)
			}
		}
		if !miss() {
			if p.Sex == model.Female {
				p.SecurityCategory = model.Some([]model.SecurityCategory{model.Closed, model.Open}[pick([]int{85, 15})])
			} else {
				p.SecurityCategory = model.Some([]model.SecurityCategory{model.CatA, model.CatB, model.CatC, model.CatD}[pick([]int{1, 17, 70, 12})])
			}
		}
		p.OffenceGroup = model.OffenceGroups[pick(offenceWeights)]
		p.SexualOffenceHistory = p.OffenceGroup == model.Sexual || r.IntN(100) < 4
		p.IPV = r.IntN(100) < 15
		p.Gang = r.IntN(100) < 8
		p.Extremism = r.IntN(1000) < 5
		p.OGRS3, p.OVP, p.RSR = pct(100), pct(100), pct(25)
		if p.SexualOffenceHistory {
			p.OSPDC = model.Some([]model.OSPBand{model.OSPLow, model.OSPMedium, model.OSPHigh, model.OSPVeryHigh}[pick([]int{45, 30, 20, 5})])
			p.OSPIIC = model.Some([]model.OSPBand{model.OSPNA, model.OSPLow, model.OSPMedium, model.OSPHigh}[pick([]int{30, 40, 20, 10})])
			p.Q6_11 = model.Some(r.IntN(10) < 7)
		} else if !miss() {
			p.OSPDC, p.OSPIIC = model.Some(model.OSPNA), model.Some(model.OSPNA)
		}
		if p.IPV {
			p.SARAPartner = model.Some(int8(1 + r.IntN(3)))
			p.SARAOther = model.Some(int8(1 + r.IntN(3)))
		}
		if !miss() {
			p.RoSH = model.Some([]model.RoSH{model.RoSHLow, model.RoSHMedium, model.RoSHHigh, model.RoSHVeryHigh}[pick([]int{20, 50, 27, 3})])
		}
		for it := range p.Items {
			if !miss() {
				p.Items[it] = model.Some(int8(pick([]int{40, 35, 25})))
			}
		}
		for s := range p.Scores {
			if !miss() {
				p.Scores[s] = model.Some(int8(r.IntN(model.Section(s).Max() + 1)))
			}
		}
		if !miss() {
			p.FinanceNeed = model.Some(r.IntN(100) < 35)
		}
		if !miss() {
			p.EmotionalNeed = model.Some(r.IntN(100) < 40)
		}
		if !miss() {
			p.LDS = model.Some(int32(pick([]int{40, 25, 15, 8, 5, 4, 3})))
		}
		if r.IntN(10) == 0 {
			p.Completed = []string{codes[r.IntN(len(codes))]}
		}
		if !miss() {
			p.AssessedOn = model.Some(p.SentenceStart + days(0, int(benchAsOf-p.SentenceStart)))
		}
	}
	return ps
}

// parquetFile returns a Parquet file of n generated profiles, writing it the
// first time it is asked for in this process.
func parquetFile(b *testing.B, n int, ests []model.Establishment, cat *model.Catalogue) string {
	b.Helper()
	benchDir.Lock()
	defer benchDir.Unlock()
	if path, ok := benchDir.files[n]; ok {
		return path
	}
	if benchDir.path == "" {
		dir, err := os.MkdirTemp("", "needsplan-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDir.path, benchDir.files = dir, map[int]string{}
	}
	path := filepath.Join(benchDir.path, fmt.Sprintf("profiles-%d.parquet", n))
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := data.WriteProfilesParquet(f, genProfiles(n, ests, cat)); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if st, err := os.Stat(path); err == nil {
		b.Logf("generated %d profiles: %s, %.1f MiB", n, path, float64(st.Size())/(1<<20))
	}
	// Give the generator's memory back before anything is timed.
	runtime.GC()
	debug.FreeOSMemory()
	benchDir.files[n] = path
	return path
}

// loadClassifyNeeds is the timed work: open the file, read and check the
// profiles, classify everyone and analyse needs by establishment.
func loadClassifyNeeds(ctx context.Context, path string, ests []model.Establishment, cat *model.Catalogue) (int, *analysis.Needs, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	ps, _, err := data.ReadProfiles(ctx, f, path, data.ReadOptions{})
	if err != nil {
		return 0, nil, err
	}
	cls, err := analysis.ClassifyAll(ctx, ps, cat, benchSuites, benchAsOf)
	if err != nil {
		return 0, nil, err
	}
	n := analysis.AnalyseNeeds(ps, cls, ests, cat, analysis.NeedsOptions{
		By: analysis.ByEstablishment, AsOf: benchAsOf, Suites: benchSuites})
	return len(ps), n, nil
}

func benchmarkLoadClassifyNeeds(b *testing.B, people int) {
	cat, err := data.DefaultCatalogue()
	if err != nil {
		b.Fatal(err)
	}
	ests := benchEstablishments()
	path := parquetFile(b, people, ests, cat)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		got, n, err := loadClassifyNeeds(ctx, path, ests, cat)
		if err != nil {
			b.Fatal(err)
		}
		if got != people || len(n.Groups) != len(ests) {
			b.Fatalf("read %d people in %d groups, want %d in %d", got, len(n.Groups), people, len(ests))
		}
	}
	b.ReportMetric(float64(people)*float64(b.N)/b.Elapsed().Seconds(), "people/s")
}

func BenchmarkLoadClassifyNeeds1M(b *testing.B)   { benchmarkLoadClassifyNeeds(b, 1_000_000) }
func BenchmarkLoadClassifyNeeds100k(b *testing.B) { benchmarkLoadClassifyNeeds(b, 100_000) }

// TestGeneratedProfilesValid checks, on a small run, that the generator's
// profiles pass the loader's checks against the generated establishments and
// the catalogue, so the benchmark measures valid data.
func TestGeneratedProfilesValid(t *testing.T) {
	cat, err := data.DefaultCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	ests := benchEstablishments()
	holds := map[string]model.Holds{}
	for _, e := range ests {
		holds[e.Code] = e.Holds
	}
	path := filepath.Join(t.TempDir(), "profiles.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	want := genProfiles(5000, ests, cat)
	if err := data.WriteProfilesParquet(f, want); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	ps, _, err := data.ReadProfiles(context.Background(), f, path, data.ReadOptions{
		Establishments: holds, Catalogue: cat, AsOf: model.Some(benchAsOf)})
	_ = f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != len(want) {
		t.Fatalf("read %d profiles, want %d", len(ps), len(want))
	}
	if again := genProfiles(5000, ests, cat); again[4999].PersonID != want[4999].PersonID ||
		again[4999].SentenceStart != want[4999].SentenceStart || again[4999].Establishment != want[4999].Establishment {
		t.Fatal("generator is not deterministic")
	}
}
