package data

import (
	"context"
	"testing"

	"needsplan/model"
)

// TestEmbeddedDatasetPlans checks issue 15's rules on every person of the
// embedded dataset under both suites, from the rules themselves rather
// than the plan's own bookkeeping: nobody has two current core programmes;
// nobody who completed a programme of a family is counted for a programme
// of that family at the same or a lower rank; every family left unrouted
// has a reason; and a deferred programme is one the person meets but is
// not current.
func TestEmbeddedDatasetPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("classifies the embedded dataset twice")
	}
	d, err := LoadDefault(context.Background(), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cat := d.Catalogue
	var unrouted, deferred int
	for _, suite := range model.Suites {
		for i := range d.Profiles {
			p := &d.Profiles[i]
			c := model.Classify(p, cat, suite, d.AsOf)
			core := 0
			for j := range cat.Len() {
				if !c.Needed.Has(j) {
					continue
				}
				if cat.IsCore(j) {
					core++
				}
				for _, code := range p.Completed {
					k, ok := cat.Index(code)
					if ok && cat.Family(k) >= 0 && cat.Family(k) == cat.Family(j) && cat.Rank(j) <= cat.Rank(k) {
						t.Fatalf("%s (%s): completed %s (rank %d) yet counted for %s (rank %d) of the same family",
							p.PersonID, suite, code, cat.Rank(k), cat.At(j).Code, cat.Rank(j))
					}
				}
				if c.Deferred.Has(j) {
					t.Fatalf("%s (%s): %s both current and deferred", p.PersonID, suite, cat.At(j).Code)
				}
			}
			if core > 1 {
				t.Fatalf("%s (%s): %d current core programmes %v", p.PersonID, suite, core, cat.Codes(c.Needed))
			}
			if c.Deferred.Len() > 0 {
				deferred++
				if core != 1 {
					t.Fatalf("%s (%s): deferred %v with no current core programme", p.PersonID, suite, cat.Codes(c.Deferred))
				}
			}
			for k := range cat.Families() {
				if c.Unrouted.Has(k) {
					unrouted++
					if r := cat.UnroutedReason(p, &c.PNI, suite, k); r == "" {
						t.Fatalf("%s (%s): family %s unrouted with no reason", p.PersonID, suite, cat.Families()[k].Name)
					}
				}
			}
		}
	}
	// The rules have cases to act on in this dataset.
	if deferred == 0 || unrouted == 0 {
		t.Errorf("%d people with deferred programmes, %d unrouted needs: the check saw no case", deferred, unrouted)
	}
	t.Logf("%d plans with deferred core programmes, %d unrouted family needs over both suites", deferred, unrouted)
}
