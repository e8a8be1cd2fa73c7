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
// workers. The measures counted for each establishment × programme are
// listed once, in MeasureNames (summary.go).
package estate
