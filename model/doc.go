// Package model is the vocabulary of needsplan: people's anonymised need
// profiles, OASys need sections, the Programme Needs Identifier (PNI),
// establishments, programmes, offerings and the programme catalogue, with the
// rules that relate them (a person's stay and the cost of a move among
// them); and the words of simulations and scenarios — policies, schedules,
// allocation strategies, shocks, scenario files — each list of names kept
// once (simulation.go), so that data checks files against it and the
// simulation and the command line take it from here.
//
// It imports the standard library only. Dates are whole days (Date), scores
// are OASys points, times before release are months, durations are weeks.
// Optional inputs are Opt values whose zero value means "missing".
//
// The PNI follows docs/reference/pni.md (the OASys form of the rules); the
// programme facts follow docs/reference/programmes.md.
package model
