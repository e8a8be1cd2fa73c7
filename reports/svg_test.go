package reports

import (
	"bytes"
	"strings"
	"testing"

	"needsplan/analysis/estate"
	"needsplan/reports/disclosure"
)

// TestInlineSVG: what gonum/plot writes is inlined, sized to the page and
// labelled; anything that could run, fetch or embed is refused.
func TestInlineSVG(t *testing.T) {
	var b bytes.Buffer
	c := &publication{d: disclosure.New(false)}
	s := &estate.Summary{SeriesNames: []string{"estate"}, Series: [][][3]float64{{{10, 12, 14}, {8, 9, 11}}}}
	c.registerSim(s)
	if err := c.seriesChart(s).WriteTo(&b, "svg"); err != nil {
		t.Fatal(err)
	}
	got, err := inlineSVG(b.Bytes(), `People "waiting" <now>`)
	if err != nil {
		t.Fatalf("gonum's SVG refused: %v", err)
	}
	for _, want := range []string{`<svg role="img" aria-label="People &#34;waiting&#34; &lt;now&gt;" width="100%" style="max-width:640pt;height:auto"`, `viewBox="0 0 640 360"`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("inline SVG lacks %s:\n%.300s", want, got)
		}
	}
	if strings.Contains(string(got), "<?xml") || strings.Contains(string(got), "<!--") {
		t.Error("the XML prolog or comment was kept")
	}
	head := `<svg width="10pt" height="10pt" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg">`
	for _, bad := range []string{
		head + `<script>alert(1)</script></svg>`,
		head + `<g onload="alert(1)"></g></svg>`,
		head + `<path d="M0,0" style="fill:url(https://example.org/x)"/></svg>`,
		head + `<foreignObject><div>x</div></foreignObject></svg>`,
		head + `<a href="javascript:alert(1)"><text>x</text></a></svg>`,
		head + `<text><![CDATA[<script>alert(1)</script>]]></text></svg>`,
		head + `<image href="x.png"/></svg>`,
	} {
		if _, err := inlineSVG([]byte(bad), "x"); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

// TestSeriesChartNegative: a figure below zero is drawn, not clipped by a
// y axis forced to start at zero.
func TestSeriesChartNegative(t *testing.T) {
	p := &publication{d: disclosure.New(false)}
	s := &estate.Summary{SeriesNames: []string{"estate"}, Series: [][][3]float64{{{-3, -2, -1}, {5, 6, 7}}}}
	p.registerSim(s)
	if y := p.seriesChart(s).Plots[0].Y.Min; y > -3 {
		t.Errorf("y axis starts at %g: the lowest figure, -3, is clipped", y)
	}
}
