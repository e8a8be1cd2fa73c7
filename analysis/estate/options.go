package estate

import (
	"fmt"
	"math"

	"needsplan/analysis"
	"needsplan/model"
)

// Options sets up a simulation of the estate.
type Options struct {
	AsOf     model.Date
	Years    float64 // horizon (5)
	Policy   model.Policy
	Schedule model.Schedule
	// Consolidation is the months wanted between completion and release
	// (the catalogue's window when not set: 6 months in the embedded
	// catalogue; 0 is zero).
	Consolidation model.Opt[float64]
	// ReferralDelay is the months from reception to joining the waiting
	// lists (1 when not set; 0 is zero).
	ReferralDelay model.Opt[float64]
	Suites        analysis.SuitePlan
	// Receptions is each establishment's annual rate of sentenced
	// receptions (Gaps.Receptions: given or estimated from the stock).
	Receptions map[string]float64
	// Flow, when not nil, replaces the sampled receptions: each profile
	// arrives at its sentence_start (within the simulated window) at its
	// establishment, with FlowClasses[i] its classification on the dataset
	// date (docs/simulation.md). Remand and people needing nothing are left
	// out, as in the stock.
	Flow        []model.Profile
	FlowClasses []model.Classification
	Shocks      []model.Shock
	// Transfers switches moves on: a person who needs a programme their
	// establishment does not run asks to move to one that does
	// (docs/simulation.md).
	Transfers bool
	// TransferDelay is the months a move takes (4 weeks).
	TransferDelay float64
	// TransferAfter, when positive, also moves a person who has waited that
	// many months on a local list to a prison running the programme with a
	// free place (the oversubscribed case).
	TransferAfter float64
	// MixShift multiplies the share of receptions with each index offence
	// group (1.2: a fifth more of them among receptions); the number of
	// receptions is unchanged.
	MixShift map[model.OffenceGroup]float64
	// SwitchAt, when positive, is the month from which receptions are
	// assessed for SwitchClasses' suite instead (a suite switch-over):
	// SwitchClasses[i] classifies profile i under the new suite.
	SwitchAt      float64
	SwitchSuite   model.Suite
	SwitchClasses []model.Classification
	// LateStarts lets a cohort take people who can finish the programme
	// but not have the consolidation window before release (they complete
	// late); off, a cohort takes only people who can finish and
	// consolidate: months left ≥ duration + Consolidation (the start rule,
	// docs/simulation.md).
	LateStarts bool
	// ReserveSeats moves a person only when a seat is held for them in a
	// cohort at the destination starting after they can arrive and by
	// their latest start, the destination chosen by that start plus the
	// move's cost (reserve.go); off, a move goes to the listing serving the
	// most of their programmes at the least cost, whatever its queue.
	ReserveSeats bool
	// StaleShare is the share of the planners' directory of offerings that
	// is out of date: listed, but not running. A move to one fails on
	// arrival and the person is sent back.
	StaleShare float64
}

// withDefaults returns opt with every setting left unset given its
// default, so that a Model's options say what was simulated (a summary
// reports them), and checks the settings a run cannot work with. The
// consolidation window's default is the catalogue's (the window of the
// needs analysis's time rule), so the two agree.
func (opt Options) withDefaults(cat *model.Catalogue) (Options, error) {
	if opt.Years == 0 {
		opt.Years = 5
	}
	if opt.Policy == "" {
		opt.Policy = model.ReleaseDate
	}
	if opt.Schedule == "" {
		opt.Schedule = model.Spread
	}
	// Defaults when not set: the catalogue's consolidation window (6
	// months in the embedded one) and a month to referral (assumptions,
	// docs/simulation.md); 0 means 0.
	consolidation, delay := opt.Consolidation.Or(cat.Consolidation().Value), opt.ReferralDelay.Or(1)
	if !(consolidation >= 0) || math.IsInf(consolidation, 0) {
		return opt, fmt.Errorf("consolidation %v months: want a finite number ≥ 0", consolidation)
	}
	if !(delay >= 0) || math.IsInf(delay, 0) {
		return opt, fmt.Errorf("referral delay %v months: want a finite number ≥ 0", delay)
	}
	opt.Consolidation, opt.ReferralDelay = model.Some(consolidation), model.Some(delay)
	if len(opt.FlowClasses) != len(opt.Flow) {
		return opt, fmt.Errorf("flow: %d profiles but %d classifications", len(opt.Flow), len(opt.FlowClasses))
	}
	if opt.TransferDelay == 0 {
		opt.TransferDelay = 28 / model.DaysPerMonth
	}
	return opt, nil
}
