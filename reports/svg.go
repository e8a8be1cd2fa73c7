package reports

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
)

// svgElements and svgAttrs are what gonum/plot's SVG backend (vgsvg, on
// svgo) writes: shapes, groups and text with inline styles. Anything else —
// a script, an event handler, a link, an embedded document, a style that
// fetches — is refused, so an inline chart is inert whatever its labels
// say (vgsvg escapes text with html.EscapeString).
var (
	svgElements = map[string]bool{"svg": true, "g": true, "path": true, "text": true, "tspan": true, "title": true,
		"rect": true, "line": true, "circle": true, "polygon": true, "polyline": true, "ellipse": true}
	svgAttrs = map[string]bool{"width": true, "height": true, "viewBox": true, "xmlns": true, "transform": true, "d": true,
		"style": true, "x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true, "cx": true, "cy": true, "r": true,
		"rx": true, "ry": true, "points": true, "fill": true, "stroke": true, "stroke-width": true, "font-size": true,
		"font-family": true, "text-anchor": true, "dx": true, "dy": true}
	svgDimensions = regexp.MustCompile(`^<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)
)

// inlineSVG checks that an SVG chart holds only inert drawing and returns
// it for inlining in a page: without its XML prolog and comment, scaled to
// the page's width (at most its own), labelled for screen readers by alt.
func inlineSVG(b []byte, alt string) (template.HTML, error) {
	start := bytes.Index(b, []byte("<svg"))
	if start < 0 {
		return "", errors.New("reports: chart is not SVG")
	}
	body := b[start:]
	if bytes.Contains(body, []byte("<!")) || bytes.Contains(body, []byte("<?")) {
		return "", errors.New("reports: chart SVG holds a comment, CDATA, doctype or processing instruction")
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("reports: chart SVG: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if !svgElements[se.Name.Local] {
				return "", fmt.Errorf("reports: chart SVG has a <%s> element", se.Name.Local)
			}
			for _, a := range se.Attr {
				name := a.Name.Local
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && name == "xmlns") {
					continue // namespace declarations
				}
				if a.Name.Space != "" || !svgAttrs[name] {
					return "", fmt.Errorf("reports: chart SVG has a %s attribute", name)
				}
				if v := strings.ToLower(a.Value); strings.Contains(v, "url(") || strings.Contains(v, "expression") ||
					strings.Contains(v, "javascript:") || strings.Contains(v, "@import") {
					return "", fmt.Errorf("reports: chart SVG attribute %s refers to something outside", name)
				}
			}
		}
	}
	// Size: the page's width, at most the chart's own; the viewBox keeps
	// the aspect ratio.
	m := svgDimensions.FindSubmatch(body)
	if m == nil {
		return "", errors.New("reports: chart SVG has no size in points")
	}
	head := fmt.Sprintf(`<svg role="img" aria-label="%s" width="100%%" style="max-width:%spt;height:auto"`,
		template.HTMLEscapeString(alt), m[1])
	out := head + string(body[len(m[0]):])
	return template.HTML(strings.TrimSpace(out)), nil // checked above: only inert drawing
}
