package estate

import "math"

// teamPool is an establishment's facilitator teams, shared by its group
// programmes. Team shocks make the capacity fractional (3 teams × 0.5 =
// 1.5): the whole part is teams always available, and a fractional part f
// is one part-time team that, after each cohort, rests (1/f − 1) × the
// cohort's duration before it can start another, so that with back-to-back
// demand it runs a share f of the time, and capacity scales in proportion
// to the factor even where there is one team (docs/simulation.md).
type teamPool struct {
	capacity float64 // teams now: facilitator_teams × the active team factors
	full     int     // cohorts running on whole teams
	part     bool    // a cohort running on the part-time team
	partFree float64 // when the part-time team has rested
	// Team-months busy and available, and when they were last brought up
	// to date.
	busyArea, capArea, last float64
}

// split returns the whole teams and the part-time team's share.
func (tp *teamPool) split() (int, float64) {
	w := math.Floor(tp.capacity + 1e-9) // 1.5 × 2 is 3 whole teams, whatever the rounding
	f := tp.capacity - w
	if f < 1e-9 {
		f = 0
	}
	return int(w), f
}

// accrue brings the team-months busy and available up to t.
func (tp *teamPool) accrue(t float64) {
	busy := float64(tp.full)
	if tp.part {
		busy++
	}
	tp.busyArea += busy * (t - tp.last)
	tp.capArea += tp.capacity * (t - tp.last)
	tp.last = t
}

// used returns how many whole teams are taken and whether the part-time
// team's place is, when the capacity has changed under running cohorts:
// cohorts on whole teams beyond the whole teams left take the part-time
// place, and a part-time cohort takes a whole team when no part is left.
func (tp *teamPool) used() (whole, f float64, fullUsed int, partUsed bool) {
	w, f := tp.split()
	fullUsed, partUsed = tp.full, tp.part
	if tp.part && f == 0 {
		fullUsed, partUsed = fullUsed+1, false
	}
	if f > 0 && tp.full > w {
		partUsed = true
	}
	return float64(w), f, fullUsed, partUsed
}

// free reports whether a team can start a cohort at t.
func (tp *teamPool) free(t float64) bool {
	whole, f, fullUsed, partUsed := tp.used()
	return float64(fullUsed) < whole || f > 0 && !partUsed && t >= tp.partFree
}

// take assigns a cohort starting at t to a team (free must be true) and
// reports whether it is the part-time one.
func (tp *teamPool) take(t float64) bool {
	tp.accrue(t)
	if whole, _, fullUsed, _ := tp.used(); float64(fullUsed) < whole {
		tp.full++
		return false
	}
	tp.part = true
	return true
}

// release frees the team of a cohort of the given duration ending at t; it
// returns when a part-time team will have rested (0 when it need not).
func (tp *teamPool) release(t float64, part bool, duration float64) float64 {
	tp.accrue(t)
	whole, f := tp.split()
	if !part {
		excess := tp.full > whole // it ran in the part-time team's place
		tp.full--
		if !excess || f == 0 {
			return 0
		}
		tp.partFree = t + (1/f-1)*duration
		return tp.partFree
	}
	tp.part = false
	if f > 0 {
		tp.partFree = t + (1/f-1)*duration
		return tp.partFree
	}
	return 0
}
