package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestParseDateAsTimeParse: ParseDate (by hand where it can) accepts
// exactly what time.Parse(time.DateOnly) accepts and gives the same day:
// every day and month from 0 to 32 and 13 of years around the edges (leap
// years, 0000, 9999), and random strings of the date's shape.
func TestParseDateAsTimeParse(t *testing.T) {
	want := func(s string) (Date, bool) {
		tt, err := time.Parse(time.DateOnly, s)
		return Date(tt.Unix() / 86400), err == nil
	}
	check := func(s string) {
		d, err := ParseDate(s)
		wd, ok := want(s)
		if (err == nil) != ok || ok && d != wd {
			t.Fatalf("ParseDate(%q) = %v, %v; time.Parse: %v, %v", s, d, err, wd, ok)
		}
	}
	for _, y := range []int{0, 1, 1899, 1900, 1970, 1999, 2000, 2023, 2024, 2100, 2400, 9999} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				check(fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	const chars = "0123456789-+ xA"
	for range 100_000 {
		b := []byte("2024-02-29")
		for k := range 1 + r.IntN(3) {
			_ = k
			b[r.IntN(len(b))] = chars[r.IntN(len(chars))]
		}
		check(string(b))
	}
}
