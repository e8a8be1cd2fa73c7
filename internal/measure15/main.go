package main

import (
	"context"
	"fmt"
	"math"
	"sort"

	"needsplan/model"
	"needsplan/pipeline"
)

var debugHook func(*pipeline.Estate)

func main() {
	ctx := context.Background()
	e, err := pipeline.Load(ctx, pipeline.Input{Suite: "auto"}, pipeline.Log{})
	if err != nil {
		panic(err)
	}
	if err := e.Classify(ctx); err != nil {
		panic(err)
	}
	if debugHook != nil {
		debugHook(e)
	}
	cat := e.Catalogue
	multiCore := map[string]int{}
	nMulti := 0
	complSame := map[string]int{}
	bsr, _ := cat.Index("BSR")
	bsrAll, bsrLow, bsrNE := 0, 0, 0
	unrouted := map[string]int{}
	people, core, rows, rowsInTime := 0, 0, 0, 0
	for i := range e.Profiles {
		p, c := &e.Profiles[i], &e.Classes[i]
		var cores []string
		any := false
		for j := 0; j < cat.Len(); j++ {
			if c.Needed.Has(j) {
				any = true
				rows++
				if c.InTime(cat.TimeNeeded(j)) {
					rowsInTime++
				}
				if cat.IsCore(j) {
					cores = append(cores, cat.At(j).Code)
				}
				for _, done := range p.Completed {
					k, ok := cat.Index(done)
					if ok && cat.Family(k) >= 0 && cat.Family(k) == cat.Family(j) && cat.Rank(j) <= cat.Rank(k) {
						complSame[done+"->"+cat.At(j).Code]++
					}
				}
			}
		}
		if any {
			people++
		}
		if len(cores) > 0 {
			core++
		}
		if len(cores) > 1 {
			nMulti++
			multiCore[fmt.Sprint(cores)]++
		}
		if c.Needed.Has(bsr) {
			bsrAll++
			if c.PNI.Risk == model.LevelLow {
				bsrLow++
			}
			if c.PNI.Pathway == model.NotEligible {
				bsrNE++
			}
		}
		for k, f := range cat.Families() {
			if c.Unrouted.Has(k) {
				unrouted[fmt.Sprintf("%s pathway=%s risk=%s sex=%s ldc=%v suite=%s", f.Name, c.PNI.Pathway, c.PNI.Risk, p.Sex, c.LDC, e.Suites.For(p.Establishment))]++
			}
		}
	}
	fmt.Println("people with 2+ current core programmes:", nMulti, multiCore)
	fmt.Println("completed same family, counted again:", complSame)
	fmt.Println("BSR:", bsrAll, "low risk:", bsrLow, "not eligible pathway:", bsrNE)
	fmt.Println("person x programme rows:", rows, "in time:", rowsInTime, "distinct people with a need:", people, "with a core need:", core)
	keys := make([]string, 0, len(unrouted))
	for k := range unrouted {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool { return unrouted[keys[a]] > unrouted[keys[b]] })
	for _, k := range keys[:min(25, len(keys))] {
		fmt.Println("unrouted", unrouted[k], k)
	}
	for j := 0; j < cat.Len(); j++ {
		g := cat.At(j)
		if g.Status == model.Current {
			fmt.Printf("%-18s time %.2f months_needed %v short=%v\n", g.Code, cat.TimeNeeded(j), g.MonthsNeeded.Value, cat.ShortMonthsNeeded(j))
		}
	}
	_ = math.Inf
}
