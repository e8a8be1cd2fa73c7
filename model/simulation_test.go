package model

import "testing"

// TestParseVocabulary: each list's names read back as themselves, and a
// name not in the list is refused with the list in words.
func TestParseVocabulary(t *testing.T) {
	for _, p := range Policies {
		if got, err := ParsePolicy(string(p)); err != nil || got != p {
			t.Errorf("ParsePolicy(%q) = %q, %v", p, got, err)
		}
	}
	for _, s := range Schedules {
		if got, err := ParseSchedule(string(s)); err != nil || got != s {
			t.Errorf("ParseSchedule(%q) = %q, %v", s, got, err)
		}
	}
	for _, s := range Strategies {
		if got, err := ParseStrategy(string(s)); err != nil || got != s {
			t.Errorf("ParseStrategy(%q) = %q, %v", s, got, err)
		}
	}
	for _, tc := range []struct {
		parse func(string) error
		want  string
	}{
		{func(s string) error { _, err := ParsePolicy(s); return err }, `policy "x": want release-date, fifo, risk or right-time`},
		{func(s string) error { _, err := ParseSchedule(s); return err }, `schedule "x": want spread or ready`},
		{func(s string) error { _, err := ParseStrategy(s); return err }, `strategy "x": want previous-take-up, need-proportional or optimised`},
	} {
		if err := tc.parse("x"); err == nil || err.Error() != tc.want {
			t.Errorf("got %v, want %s", err, tc.want)
		}
	}
}

func TestOrList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a or b"}, {[]string{"a", "b", "c"}, "a, b or c"}} {
		if got := OrList(tc.in); got != tc.want {
			t.Errorf("OrList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestShockWindow: a shock applies from From up to To, or for good when To
// is not after From; empty targets match everything.
func TestShockWindow(t *testing.T) {
	s := Shock{Establishment: "HMI", From: 6, To: 12, Groups: -1, TeamFactor: 0.5}
	for _, tc := range []struct {
		t    float64
		want bool
	}{{5.9, false}, {6, true}, {11.9, true}, {12, false}} {
		if got := s.Active(tc.t); got != tc.want {
			t.Errorf("Active(%v) = %v", tc.t, got)
		}
	}
	forever := Shock{From: 3}
	if !forever.Active(1e6) || forever.Active(2) {
		t.Error("a shock with no end applies from From on")
	}
	if !s.Matches("HMI", "TSP") || s.Matches("LEI", "TSP") || !forever.Matches("LEI", "BSR") {
		t.Error("Matches")
	}
	if f, ok := s.Team(); !ok || f != 0.5 {
		t.Errorf("Team() = %v, %v; want 0.5, true", f, ok)
	}
	if _, ok := (&Shock{Suspend: true, Groups: -1}).Team(); ok {
		t.Error("a suspension is not a team shock")
	}
	if f, ok := (&Shock{Groups: -1}).Team(); !ok || f != 0 {
		t.Errorf("a shock that changes nothing else is a team shock with factor %v (0: no teams), got %v", f, ok)
	}
}
