package estate

import "needsplan/model"

// priorityFunc returns the sort keys of need k of a waiting person p when
// a cohort of a programme lasting dur months can start at now: people are
// taken by k1, then k2, lowest first, and in queue order when both tie.
// consolidation is the months wanted between completion and release.
type priorityFunc func(p *runPerson, k int, dur, now, consolidation float64) (k1, k2 float64)

// priorities are the policies' priority functions, one per name in
// model.Policies (TestEveryPolicyHasAPriority): adding a policy is its
// name in model and its function here.
var priorities = map[model.Policy]priorityFunc{
	model.ReleaseDate: releaseFirst,
	model.FIFO:        fifoFirst,
	model.Risk:        riskFirst,
	model.RightTime:   rightTimeFirst,
}

// priorityOf returns the priority of a policy (model.Policy says what
// each is for); any other policy is release date, the default.
func priorityOf(policy model.Policy) priorityFunc {
	if f, ok := priorities[policy]; ok {
		return f
	}
	return releaseFirst
}

// releaseFirst is model.ReleaseDate: earliest release first, then first
// referred.
func releaseFirst(p *runPerson, k int, _, _, _ float64) (float64, float64) {
	return p.release, p.since[k]
}

// fifoFirst is model.FIFO: first referred first.
func fifoFirst(p *runPerson, k int, _, _, _ float64) (float64, float64) {
	return p.since[k], 0
}

// riskFirst is model.Risk: highest programme risk first, then earliest
// release.
func riskFirst(p *runPerson, _ int, _, _, _ float64) (float64, float64) {
	return -float64(p.risk), p.release
}

// rightTimeFirst is model.RightTime: those who can still start in time to
// finish consolidation months before release come first, the one whose
// latest such start comes soonest first; the others after them, earliest
// release first.
func rightTimeFirst(p *runPerson, _ int, dur, now, consolidation float64) (float64, float64) {
	latest := p.release - consolidation - dur
	if latest >= now {
		return 0, latest
	}
	return 1, p.release
}
