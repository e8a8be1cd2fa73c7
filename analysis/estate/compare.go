package estate

import (
	"math"

	"needsplan/analysis/sim"
)

// Figures returns a replication's estate totals of the CompareMeasures:
// the sum of a count, of a mean over the people started (PerStart) the
// mean weighted by starts, and of a share (p_start_in_time) the share of
// the estate's totals.
func Figures(run *Replication) []float64 {
	out := make([]float64, len(CompareMeasures))
	var starts float64
	var pool Outcome // the estate's starts and untreated, for the shares
	for i := range run.Outcomes {
		o := &run.Outcomes[i]
		starts += float64(o.Starts)
		pool.Starts += o.Starts
		pool.Untreated += o.Untreated
		for k, j := range CompareMeasures {
			ms := &Measures[j]
			switch {
			case ms.Adds:
				out[k] += ms.value(o)
			case ms.PerStart && o.Starts > 0:
				out[k] += ms.value(o) * float64(o.Starts)
			}
		}
	}
	pool.setShares()
	for k, j := range CompareMeasures {
		switch ms := &Measures[j]; {
		case ms.PerStart:
			out[k] /= starts
		case !ms.Adds:
			out[k] = ms.value(&pool)
		}
	}
	return out
}

// Difference is one measure of an alternative scenario against the base:
// both means and the mean of the per-replication differences (alt − base)
// with its 95% interval. With common random numbers — the same seed for
// the same replication in both scenarios — the differences are paired and
// the interval is that of the paired t statistic (Law 2015, Simulation
// Modeling and Analysis, §10.2.1).
type Difference struct {
	Measure    string
	Base, Alt  float64
	Difference sim.Summary
}

// Compare pairs the per-replication figures of base and alt (as
// Figures gives them, replication by replication).
func Compare(base, alt [][]float64) []Difference {
	var out []Difference
	for k, j := range CompareMeasures {
		// Only replications where both are defined (a mean wait is not
		// when nobody started), so that the means and the difference
		// describe the same replications.
		var b, a, d []float64
		for r := range min(len(base), len(alt)) {
			if math.IsNaN(base[r][k]) || math.IsNaN(alt[r][k]) {
				continue
			}
			b = append(b, base[r][k])
			a = append(a, alt[r][k])
			d = append(d, alt[r][k]-base[r][k])
		}
		out = append(out, Difference{Measure: MeasureNames[j], Base: mean(b), Alt: mean(a), Difference: sim.Summarise(d)})
	}
	return out
}

func mean(xs []float64) float64 {
	s, n := 0.0, 0
	for _, x := range xs {
		if !math.IsNaN(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}
