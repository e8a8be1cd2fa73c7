package estate

// The start rule (docs/simulation.md, "Who can start"): a person can start
// a programme while their months left are at least its time needed, the
// duration plus the consolidation window, so that they finish and have the
// window before release; with Options.LateStarts, the duration alone. A
// need released untreated counts as having had time when the person could
// have started at referral.

// timeNeeded returns the months before release a person must have to start
// a programme of duration dur.
func (m *Model) timeNeeded(dur float64) float64 {
	if m.opt.LateStarts {
		return dur
	}
	return dur + m.consolidation
}

// hadTime reports whether a person released at release, referred at ref,
// could have started a programme of duration dur in time at referral.
func (m *Model) hadTime(release, ref, dur float64) bool {
	return release-ref >= m.timeNeeded(dur)
}

// placesPerYear returns the places the channels give a year at the start:
// starts a year × cohort size.
func (m *Model) placesPerYear() float64 {
	p := 0.0
	for i := range m.chans {
		p += m.chans[i].perYear * float64(m.chans[i].size)
	}
	return p
}

// durationOf returns a programme's duration in months, as channels have it
// (weeks × 12/52; three months when the catalogue gives none), for needs
// of programmes not run where the person is.
func (m *Model) durationOf(prog string) float64 {
	if g, ok := m.cat.Lookup(prog); ok && g.DurationWeeks.Value > 0 {
		return g.DurationWeeks.Value * 12 / 52
	}
	return 3
}
