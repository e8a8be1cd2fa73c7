// Package analysis computes needsplan's results from model values: the
// classification of every person, needs by establishment, region and estate
// with confidence intervals, and (in later work) gaps and simulations. It
// does no I/O and holds no global state; randomness, where any, comes in as
// a seeded generator.
package analysis
