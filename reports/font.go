package reports

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
)

// chartFont is the charts' typeface: Liberation Sans, which gonum/plot
// embeds (metric-compatible with Arial), so that chart text is a
// sans-serif like the pages' (style.css names it first) instead of
// gonum/plot's default serif.
var chartFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

func init() {
	plot.DefaultFont = chartFont
	plotter.DefaultFont = chartFont
}
