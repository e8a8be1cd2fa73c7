package synth

import "math"

// rake adjusts the seed table w (rows × columns, non-negative) so that its
// row sums equal rows and its column sums equal cols, by iterative
// proportional fitting (Deming and Stephan 1940, "On a least squares
// adjustment of a sampled frequency table when the expected marginal totals
// are known", Ann. Math. Stat. 11:427–444). The sums of rows and cols must
// agree. It stops when every column is within tol of its target or after
// maxIter sweeps, and returns the fitted table.
func rake(w [][]float64, rows, cols []float64, tol float64, maxIter int) [][]float64 {
	m := make([][]float64, len(w))
	for i := range w {
		m[i] = append([]float64(nil), w[i]...)
	}
	for range maxIter {
		for i := range m {
			s := 0.0
			for _, v := range m[i] {
				s += v
			}
			if s > 0 {
				f := rows[i] / s
				for j := range m[i] {
					m[i][j] *= f
				}
			}
		}
		worst := 0.0
		for j := range cols {
			s := 0.0
			for i := range m {
				s += m[i][j]
			}
			if s > 0 {
				f := cols[j] / s
				for i := range m {
					m[i][j] *= f
				}
			}
			worst = math.Max(worst, math.Abs(s-cols[j]))
		}
		if worst < tol {
			break
		}
	}
	return m
}
