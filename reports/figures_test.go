package reports

import (
	"testing"

	"needsplan/reports/disclosure"
)

// TestPublishedFigures: a figure in a table or on a page is shown as
// computed for internal use, and rounded to whole people, or [c], when
// suppressing.
func TestPublishedFigures(t *testing.T) {
	off := &publication{d: disclosure.New(false)}
	off.d.Count("a", 3)
	off.d.Count("b", 2.25)
	off.d.Count("c", 12345.6)
	off.d.Sum("a", "b")
	off.d.Protect()
	if cell(off.d, "a") != "3" || cell(off.d, "b") != "2.25" || cell(off.d, "missing") != "0" || off.text("c") != "12,346" {
		t.Errorf("unsuppressed: a %q, b %q, missing %q, c %q", cell(off.d, "a"), cell(off.d, "b"), cell(off.d, "missing"), off.text("c"))
	}
	on := &publication{d: disclosure.New(true)}
	on.d.Count("a", 3)
	on.d.Count("b", 12.6)
	on.d.Protect()
	if cell(on.d, "a") != disclosure.Suppressed || on.text("a") != disclosure.Suppressed || cell(on.d, "b") != "13" || on.text("b") != "13" {
		t.Errorf("suppressed: a %q, b %q", cell(on.d, "a"), cell(on.d, "b"))
	}
}
