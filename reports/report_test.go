package reports

import (
	"testing"

	"needsplan/model"
)

// TestAssumedWords: every field the catalogue can mark as an assumption
// has words in the report (none shown as its raw key).
func TestAssumedWords(t *testing.T) {
	g := &model.Programme{}
	for _, f := range g.Figures() {
		if _, ok := assumedWords[f.Key]; !ok {
			t.Errorf("figure %s has no words", f.Key)
		}
	}
	for _, key := range []string{"replaced_by", "ldc", "ldc_route", "prerequisites"} {
		if _, ok := assumedWords[key]; !ok {
			t.Errorf("%s has no words", key)
		}
	}
}
