package data

import (
	"reflect"
	"testing"
)

// TestIDSetDuplicates: duplicates are found in file order, each naming the
// first row with its id, and two ids that share a hash (forced here) are
// compared as strings, never taken for duplicates.
func TestIDSetDuplicates(t *testing.T) {
	s := newIDSet(0)
	for i, id := range []string{"A1", "B2", "A1", "C3", "B2", "A1"} {
		s.add(id, 10+i)
	}
	s.hashes[3] = s.hashes[0] // C3 collides with A1
	var got []string
	for _, e := range s.duplicates("p.csv", false) {
		got = append(got, e.Value+" "+e.Msg+" @"+string(rune('0'+e.Row-10)))
	}
	want := []string{
		"A1 duplicate person_id: already on row 10 @2",
		"B2 duplicate person_id: already on row 11 @4",
		"A1 duplicate person_id: already on row 10 @5",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("duplicates\n%q\nwant\n%q", got, want)
	}
	if d := newIDSet(3).duplicates("p.csv", false); d != nil {
		t.Errorf("no ids: %v", d)
	}
}
