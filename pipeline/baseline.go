package pipeline

import (
	"context"
	"os"
	"slices"

	"needsplan/analysis"
	"needsplan/analysis/allocate"
	"needsplan/data"
	"needsplan/model"
)

// GapInput is what a gap analysis reads besides the dataset.
type GapInput struct {
	Horizon float64 // the planning horizon in months
	// Receptions is a CSV file of establishment,receptions_per_year to use
	// instead of the estimate from the stock, or "".
	Receptions string
}

// Check refuses a receptions file that cannot be opened, so that a
// dataset is not loaded for nothing.
func (g GapInput) Check() error {
	if g.Receptions != "" {
		if _, err := os.Stat(g.Receptions); err != nil {
			return &data.Error{File: g.Receptions, Msg: "cannot open: " + err.Error()}
		}
	}
	return nil
}

// Baseline is a classified estate with its gap analysis: what gap, fit,
// transfers, simulate and report start from.
type Baseline struct {
	Estate *Estate
	Gaps   *analysis.Gaps // over the horizon asked for (Gaps.Options.Horizon)
}

// HasGaps reports whether establishment code has any row in the gap
// analysis: demand or places over the horizon.
func (b *Baseline) HasGaps(code string) bool {
	return slices.ContainsFunc(b.Gaps.Rows, func(g analysis.Gap) bool { return g.Establishment == code })
}

// Fit is establishment code's fit (analysis.EstablishmentFit): its need
// profile against the estate's, and its places against its people's need
// programme by programme.
func (b *Baseline) Fit(code string) (*analysis.Fit, error) {
	e := b.Estate
	f, err := analysis.EstablishmentFit(code, b.Gaps, e.Needs(analysis.ByEstablishment), e.Needs(analysis.ByEstate), e.Establishments)
	if err != nil {
		return nil, err
	}
	// Each suggestion's first cohort start a person moving now could take.
	f.SetNextStarts(allocate.FirstStarts(e.Offerings, e.Catalogue))
	return f, nil
}

// Analyse reads the receptions file, if any, and analyses the gaps of the
// classified estate e, passing on the analysis's warnings.
func Analyse(e *Estate, g GapInput, log Log) (*Baseline, error) {
	var rec map[string]float64
	if g.Receptions != "" {
		f, err := os.Open(g.Receptions)
		if err != nil {
			return nil, &data.Error{File: g.Receptions, Msg: "cannot open: " + err.Error()}
		}
		known := map[string]model.Establishment{}
		for _, x := range e.Establishments {
			known[x.Code] = x
		}
		rec, err = data.ReadReceptions(f, g.Receptions, known)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	gaps := e.Gaps(g.Horizon, rec)
	for _, w := range gaps.Warnings {
		log.warn("%s", w)
	}
	return &Baseline{Estate: e, Gaps: gaps}, nil
}

// ReadFlow reads a flow of receptions for the simulation (Settings.Flow):
// a profiles table in the data contract's format (every check but the
// dataset-date ones) whose sentence_start is each reception's arrival. A
// start before the dataset date is refused with its row; starts at or
// after the horizon of years are counted out (a note says how many). The
// receptions are classified as the estate's people are.
func (e *Estate) ReadFlow(ctx context.Context, path string, years float64, log Log) ([]model.Profile, []model.Classification, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, &data.Error{File: path, Msg: "cannot open the flow file: " + err.Error()}
	}
	defer f.Close()
	holds := map[string]model.Holds{}
	for _, x := range e.Establishments {
		holds[x.Code] = x.Holds
	}
	ps, warn, err := data.ReadProfiles(ctx, f, path, data.ReadOptions{Establishments: holds, Catalogue: e.Catalogue})
	if err != nil {
		return nil, nil, err
	}
	for _, w := range warn {
		log.warn("%s", w)
	}
	csv := false
	if f, err := data.FormatOf(path); err == nil && f == data.CSV {
		csv = true
	}
	late := 0
	for i := range ps {
		switch {
		case ps[i].SentenceStart < e.AsOf:
			de := &data.Error{File: path, Row: i + 1, Record: true, Column: "sentence_start", Value: ps[i].SentenceStart.String(),
				Msg: "a reception's arrival must be on or after the dataset date " + e.AsOf.String()}
			if csv {
				de.Row, de.Record = i+2, false // the header is row 1
			}
			return nil, nil, de
		case e.AsOf.MonthsUntil(ps[i].SentenceStart) >= 12*years:
			late++
		}
	}
	if late > 0 {
		log.note("%s: %d of %d receptions arrive after the %g-year horizon and are left out", path, late, len(ps), years)
	}
	cls, err := analysis.ClassifyAll(ctx, ps, e.Catalogue, e.Suites, e.AsOf)
	if err != nil {
		return nil, nil, err
	}
	return ps, cls, nil
}
