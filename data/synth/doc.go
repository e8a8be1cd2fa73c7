// Package synth generates a synthetic planning dataset of the real prison
// estate of England and Wales: the real establishments (estate.csv, from
// docs/reference/establishments.csv), a population of synthetic people
// drawn establishment by establishment from a documented model whose
// marginals are calibrated to published figures, and offerings of a
// realistic scale.
//
// Real OASys records are never public: every person is synthetic, every
// published figure is real. docs/synthetic-data.md explains each modelling
// choice and its source. Generation is deterministic for a seed: each
// establishment draws from its own math/rand/v2 PCG stream (seed, index).
package synth
