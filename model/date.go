package model

import (
	"fmt"
	"time"
)

// Date is a calendar date, counted in days since 1970-01-01 (the same count
// as Arrow's date32 type). Dates carry no time of day and no zone.
type Date int32

// DateOf returns the date y-m-d. Out-of-range days and months normalise as
// in time.Date; use ParseDate to refuse them.
func DateOf(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDate parses the textual form YYYY-MM-DD, refusing impossible dates
// such as 2024-02-30.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 {
		return 0, fmt.Errorf("want a date YYYY-MM-DD")
	}
	if d, ok := ymd(s); ok {
		return d, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("want a real date YYYY-MM-DD")
	}
	return Date(t.Unix() / 86400), nil
}

// ymd reads YYYY-MM-DD by hand where time.Parse(time.DateOnly) would
// accept it — four, two and two digits, a month from 1 to 12 and a day in
// it — without time.Parse's general machinery, which took a fifth of the
// reading of a CSV file of profiles (four date columns). Anything else is
// left to time.Parse (ok false), so what is accepted, and how it is
// refused, does not change.
func ymd(s string) (Date, bool) {
	if s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	num := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = 10*n + int(c-'0')
		}
		return n, true
	}
	y, okY := num(0, 4)
	m, okM := num(5, 7)
	d, okD := num(8, 10)
	if !okY || !okM || !okD || m < 1 || m > 12 || d < 1 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return 0, false // past the month's end
	}
	return Date(t.Unix() / 86400), true
}

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// Year returns the calendar year of the date.
func (d Date) Year() int { return d.Time().Year() }

// AddMonths returns the date n calendar months later (earlier when n < 0),
// normalised as in time.AddDate.
func (d Date) AddMonths(n int) Date {
	return Date(d.Time().AddDate(0, n, 0).Unix() / 86400)
}

// MonthsUntil returns the time from d to e in average months
// (days / 30.436875, the mean Gregorian month: 365.2425 / 12).
func (d Date) MonthsUntil(e Date) float64 { return float64(e-d) / DaysPerMonth }

// DaysPerMonth is the mean length of a Gregorian month in days (365.2425/12).
const DaysPerMonth = 365.2425 / 12
