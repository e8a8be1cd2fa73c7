package synth_test

import (
	"math"
	"testing"

	"needsplan/data/synth"
	"needsplan/model"
)

// at is the date months after asOf, to the day.
func at(asOf model.Date, months float64) model.Date {
	return asOf + model.Date(math.Round(months*model.DaysPerMonth))
}

// sentenced is a determinate (or recall) sentence that started served
// months before asOf with release left months after it.
func sentenced(st model.SentenceType, asOf model.Date, served, left float64) model.Profile {
	return model.Profile{SentenceType: st, SentenceStart: at(asOf, -served), EarliestRelease: model.Some(at(asOf, left))}
}

// TestExpectedReleasesByHand: one person of each kind, each figure worked
// out from the estimator's definition.
func TestExpectedReleasesByHand(t *testing.T) {
	asOf := synth.DefaultAsOf
	ps := []model.Profile{
		// Stay 9 months, released in 3: one release from the stock, and
		// receptions like them (1/9 a month) released within the year when
		// they arrive in its first 3 months: (12 − 9)/9 = 1/3.
		sentenced(model.Determinate, asOf, 6, 3),
		// Stay 36 months, released in 24: none.
		sentenced(model.Determinate, asOf, 12, 24),
		// Overdue (release date passed): released now, one from the stock;
		// stay 14 months so none from the flow.
		sentenced(model.Determinate, asOf, 14, -2),
		// Recall released in 2 months: stay taken as twice that, 4; one
		// re-release from the stock and (12 − 4)/4 = 2 from the flow.
		sentenced(model.Recall, asOf, 1, 2),
		// Remand: not counted.
		{SentenceType: model.Remand, SentenceStart: at(asOf, -1)},
	}
	// An indeterminate sentence past tariff and parole eligibility has no
	// release target; stayed 120 months so far: nothing.
	life := sentenced(model.Indeterminate, asOf, 120, -12)
	life.ParoleEligibility = model.Some(at(asOf, -12))
	ps = append(ps, life)

	r := synth.ExpectedReleases(ps, asOf)
	// Dates are whole days, so the flow terms are within 0.01 of these.
	want := synth.Releases{SentencesStock: 2, SentencesFlow: 1.0 / 3, RecallStock: 1, RecallFlow: 2}
	if r.SentencesStock != want.SentencesStock || math.Abs(r.SentencesFlow-want.SentencesFlow) > 0.01 ||
		r.RecallStock != want.RecallStock || math.Abs(r.RecallFlow-want.RecallFlow) > 0.01 {
		t.Errorf("got %+v, want %+v", r, want)
	}
	if got, sum := r.Total(), r.SentencesStock+r.SentencesFlow+r.RecallStock+r.RecallFlow; got != sum || r.Sentences() != r.SentencesStock+r.SentencesFlow {
		t.Errorf("total %.3f, want the sum of the four parts %.3f", got, sum)
	}
}

// TestExpectedReleasesSteadyState: in a steady state the releases of a
// year equal its receptions, whatever the stays. Ten receptions a month,
// each staying S months, leave 10·S people in custody with time served
// evenly spread over (0, S); for short stays (3 months) the year's
// releases come mostly from receptions, for long ones (18, 30) all from
// the stock, and each gives 120.
func TestExpectedReleasesSteadyState(t *testing.T) {
	asOf := synth.DefaultAsOf
	const perMonth = 10.0
	for _, stay := range []float64{3, 18, 30} {
		var ps []model.Profile
		n := int(perMonth * stay)
		for k := range n {
			served := (float64(k) + 0.5) / perMonth
			ps = append(ps, sentenced(model.Determinate, asOf, served, stay-served))
		}
		r := synth.ExpectedReleases(ps, asOf)
		// Dates are whole days: allow a person's worth of rounding.
		if got := r.Sentences(); math.Abs(got-12*perMonth) > 1.5 {
			t.Errorf("stay %g months: %.2f releases a year (stock %.2f, flow %.2f), want 120", stay, got, r.SentencesStock, r.SentencesFlow)
		}
	}
}
