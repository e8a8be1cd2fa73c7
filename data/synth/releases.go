package synth

import (
	"math"

	"needsplan/model"
)

// AnnualReleases, AnnualRecalls and ReleasesTolerance are the published
// flows the releases are checked against (model.PublishedReleases).
const (
	AnnualReleases    = model.PublishedReleases
	AnnualRecalls     = model.PublishedRecalls
	ReleasesTolerance = model.ReleasesTolerance
)

// Releases are the releases a dataset implies in the 12 months after its
// date, split by where they come from: people in custody now (Stock) and
// the next 12 months' receptions released within the year (Flow); from
// determinate and indeterminate sentences (Sentences) and after recall
// (Recall).
type Releases struct {
	SentencesStock, SentencesFlow float64
	RecallStock, RecallFlow       float64
}

// Sentences is the releases from determinate and indeterminate sentences.
func (r Releases) Sentences() float64 { return r.SentencesStock + r.SentencesFlow }

// Total is every release of a sentenced person, re-releases after recall
// included.
func (r Releases) Total() float64 { return r.Sentences() + r.RecallStock + r.RecallFlow }

// ExpectedReleases estimates the releases in the 12 months after asOf.
//
// Stock: every sentenced person whose release target (model.ReleaseTarget)
// falls within 12 months of asOf; one overdue for release counts as
// released now, an indeterminate sentence past tariff and parole
// eligibility has no target and is not counted.
//
// Flow: the gap analysis's length-biased weights (docs/gap-analysis.md,
// "Flow"; Cox 1962): a sentenced person whose stay is S months
// (model.StayMonths) stands for 1/S receptions a month like them. Over the
// year, receptions arrive evenly; one arriving at month t is released
// within the year if t + S ≤ 12, so each person stands for
// ∫₀¹² (1/S)·[t + S ≤ 12] dt = max(0, 12 − S)/S releases. Remand is left
// out (not sentenced).
//
// In a steady state the total equals the sentenced receptions of a year
// (12 × Σ 1/S, the figure `needsplan gap` prints). The recall part's flow
// inherits the bias of the recall stay (twice the time left; its
// reciprocal is convex, so Σ 1/S over-counts short recalls): docs/synthetic-
// data.md, "Releases".
func ExpectedReleases(ps []model.Profile, asOf model.Date) Releases {
	var r Releases
	for i := range ps {
		p := &ps[i]
		if p.SentenceType == model.Remand {
			continue
		}
		stock, flow := &r.SentencesStock, &r.SentencesFlow
		if p.SentenceType == model.Recall {
			stock, flow = &r.RecallStock, &r.RecallFlow
		}
		if t, ok, _ := model.ReleaseTarget(p, asOf); ok && asOf.MonthsUntil(t) <= 12 {
			*stock++
		}
		if s, known := model.StayMonths(p, asOf); known {
			*flow += math.Max(0, 12-s) / s
		}
	}
	return r
}
