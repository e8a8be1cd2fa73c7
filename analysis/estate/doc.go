// Package estate is the estate simulation: the prison estate of a dataset
// prepared for the discrete-event engine (analysis/sim) and run over years
// — receptions and releases, referral to waiting lists, cohorts that start
// when enough people wait and a facilitator team is free, attrition,
// prioritisation policies, shocks to delivery, transfers between
// establishments — with the outcomes of every establishment × programme
// summarised across replications and compared between scenarios with
// common random numbers (docs/simulation.md).
//
// New prepares a read-only Model from classified people, establishments
// and offerings; Model.Run is one replication from its own random stream;
// Simulate runs many in parallel and summarises them, results stored by
// replication index so the output does not depend on the number of
// workers.
//
// The files:
//
//   - options.go: Options and their defaults.
//   - model.go: Model and New, in steps: the establishments and the keys
//     (establishment × programme), the channels of the offerings, the
//     stock, the flow file, the reception templates, what transfers need.
//   - state.go: runState, one replication in progress (people, channels'
//     queues, teams, the calendar, the random streams, the trace), and
//     adding a person and putting their needs on the lists.
//   - events.go: the event kinds, RunTraced's loop, and one handler per
//     kind (release, arrive, arriveFromFlow, refer, slot, token, team, end,
//     sample, move, returned, shock).
//   - cohort.go: starting a cohort (tryStart: candidates in the policy's
//     order, startCohort) and completing one (complete).
//   - schedule.go: spread and ready schedules: first slots, tokens, changes
//     of rate.
//   - policy.go: one priority function per model.Policy (priorityOf).
//   - shocks.go: suspensions, groups and team shocks.
//   - teams.go: teamPool, an establishment's facilitator teams, fractional
//     under team shocks.
//   - moves.go: transfers (requests, destinations, moves, stale listings,
//     returns) and their counts.
//   - outcome.go: Outcome, Replication, and what is counted at the horizon.
//   - measures.go: Measures, the one table of the measures counted for each
//     establishment × programme (name, unit, whether it adds up, how
//     publication treats it, whether scenarios compare it); MeasureNames
//     and CompareMeasures are derived from it.
//   - summary.go: Simulate, SimulateEach and the Summary across
//     replications, with rollups by programme and for the estate.
//   - compare.go: Figures and Compare, the paired comparison of scenarios.
//   - scenario.go: Options.WithScenario.
package estate
