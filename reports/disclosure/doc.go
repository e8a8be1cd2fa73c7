// Package disclosure is the statistical disclosure control of the
// published report: which figures about people it may show and which it
// must hide.
//
// It implements the rules of official statistics for tables of counts:
//
//   - Primary suppression: a count of people from 1 to 4 (Threshold 5),
//     or an expected number of people that rounds to 1 to 4, is not shown.
//     The threshold is the one of the ONS ("Policy on protecting
//     confidentiality in tables of birth and death statistics", 2014), the
//     GSS guidance "Statistical disclosure control for tables" and MoJ
//     statistics.
//   - Secondary suppression: in every set of figures that adds up to a
//     total shown elsewhere and has exactly one figure hidden, the next
//     smallest figure is hidden too (the GSS guidance's "next smallest
//     cell"), until no set has exactly one; then, until no hidden figure
//     can be worked out exactly from the shown ones by any combination of
//     the relations, found by Gauss–Jordan elimination (Strang, "Linear
//     Algebra and Its Applications", 4th ed., §2.2).
//   - Rounding: expected numbers of people are published rounded to whole
//     people; modelled figures (simulated means, a scenario's range) are
//     rounded and never suppressed for being small (Modelled).
//   - Widening: after secondary suppression, every figure hidden for being
//     small is checked for how closely an intruder can bound it, by proofs
//     along the null space of the relations and by linear programming
//     (package analysis/lp; intervals.go, lp.go); for each that can be
//     bounded to within ±Margin people, the least costly shown figures
//     that free it are hidden too (widen.go: Castro's network heuristic
//     as a linear programme), national figures (Keep) last; any left are
//     listed in Control.Narrow (docs/disclosure.md).
//   - A hidden figure shows as Suppressed, "[c]", the GSS symbol for a
//     confidential value ("Symbols in tables, definitions and help", GSS
//     Analysis Function, 2021); a figure derived from a hidden one (a
//     share, an interval, a gap) is hidden with it (AnyHidden).
//
// A Control registers every figure a publication shows, under a key naming
// what it counts, and every relation a reader can see between them
// (Sum, Relate); Protect then decides what is hidden. Which figures and
// relations a report has, and how they are written, is the reports
// package's business: this package knows keys and numbers only.
package disclosure
