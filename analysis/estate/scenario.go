package estate

import (
	"needsplan/analysis"
	"needsplan/model"
)

// WithScenario returns opt with what a scenario sets in the simulation:
// the set-up s's receptions and shocks, the reception mix, the suite switch
// and the transfer settings.
func (opt Options) WithScenario(sc *model.Scenario, s *analysis.ScenarioSetup) Options {
	opt.Receptions, opt.Shocks, opt.MixShift = s.Receptions, s.Shocks, sc.Mix
	opt.Transfers, opt.TransferDelay = sc.Transfers.Or(false), sc.TransferDelay.Or(0)
	opt.StaleShare, opt.TransferAfter = sc.StaleShare.Or(0), sc.TransferAfter.Or(0)
	if sw, ok := sc.SwitchSuite.Get(); ok {
		opt.SwitchAt, opt.SwitchSuite, opt.SwitchClasses = sc.SwitchFrom.Or(0), model.Suite(sw), s.SwitchClasses
	}
	return opt
}
