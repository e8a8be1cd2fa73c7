package data

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"needsplan/model"
)

// sampleProfiles returns the bytes of the valid sample dataset's profiles.
func sampleProfiles(f *testing.F) []byte {
	f.Helper()
	b, err := os.ReadFile("../testdata/sample/profiles.csv")
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// withCell returns the sample with the named column of its first person row
// replaced by v (written as is: the caller quotes when it wants quotes).
func withCell(f *testing.F, sample []byte, column, v string) []byte {
	f.Helper()
	lines := strings.SplitN(string(sample), "\n", 3)
	header := strings.Split(strings.TrimRight(lines[0], "\r"), ",")
	row := strings.Split(lines[1], ",")
	for j, h := range header {
		if h == column {
			row[j] = v
			return []byte(lines[0] + "\n" + strings.Join(row, ",") + "\n" + lines[2])
		}
	}
	f.Fatalf("sample has no column %q", column)
	return nil
}

func FuzzReadProfilesCSV(f *testing.F) {
	sample := sampleProfiles(f)
	header, _, _ := bytes.Cut(sample, []byte("\n"))
	first := bytes.SplitN(sample, []byte("\n"), 3)[1]

	f.Add(sample)
	f.Add(append(bytes.Clone(utf8BOM), sample...))
	f.Add(bytes.ReplaceAll(sample, []byte("\n"), []byte("\r\n")))
	f.Add(bytes.ReplaceAll(sample, []byte("\n"), []byte("\r")))
	f.Add(append(append(bytes.Clone(header), '\n'), first...)) // no final newline
	f.Add(append(bytes.Clone(header), '\n'))                   // header only
	f.Add(header)
	f.Add([]byte{})
	f.Add(utf8BOM)
	f.Add([]byte("\n\n\n"))
	f.Add([]byte(`"`))
	f.Add(sample[:len(sample)/2])                // truncated mid-row
	f.Add(append(bytes.Clone(sample), first...)) // duplicate person_id
	f.Add(bytes.Replace(sample, []byte("person_id"), []byte("person_id,person_id"), 1))
	f.Add(bytes.Replace(sample, []byte("person_id"), []byte("id"), 1))
	f.Add(bytes.Replace(sample, []byte("\n"), []byte(",extra\n"), 1))             // extra column, short rows
	f.Add(bytes.Replace(sample, []byte("person_id,"), []byte(" person_id ,"), 1)) // padded header
	f.Add(bytes.Replace(sample, []byte("person_id"), []byte("person_\xe9d"), 1))  // Latin-1 header
	for _, c := range []struct{ column, v string }{
		{"person_id", `"S01` + "\n" + `x"`}, // quoted newline
		{"person_id", `"S""01"`},
		{"person_id", `S"01`}, // bare quote
		{"person_id", `"S01`}, // unterminated quote
		{"person_id", "A1234BC"},
		{"person_id", "2019/0123456X"},
		{"person_id", "x123456"},
		{"person_id", ""},
		{"person_id", "S\xe901"}, // Latin-1 é
		{"establishment", "L\xc9I"},
		{"establishment", " LEI "},
		{"sex", "m"},
		{"sex", "F"},
		{"age", "14"},
		{"age", "15"},
		{"age", "110"},
		{"age", "111"},
		{"age", " 34 "},
		{"age", "34.0"},
		{"age", "-0"},
		{"age", "+34"},
		{"age", "9223372036854775808"},
		{"age", "0x22"},
		{"age", "NaN"},
		{"sentence_type", "remand"},
		{"sentence_type", "Determinate"},
		{"sentence_start", "2024-02-30"},
		{"sentence_start", "2024-02-29"},
		{"sentence_start", "1939-12-31"},
		{"sentence_start", "2151-01-01"},
		{"sentence_start", "0000-01-01"},
		{"sentence_start", "2024-6-1"},
		{"sentence_start", "01/06/2024"},
		{"sentence_start", "2024-06-01T00:00:00Z"},
		{"earliest_release", ""},
		{"earliest_release", "2024-05-31"},
		{"earliest_release", "9999-12-31"},
		{"parole_eligibility", "2020-01-01"},
		{"security_category", "open"},
		{"security_category", "b"},
		{"offence_group", "sexual"},
		{"offence_group", ""},
		{"sexual_offence_history", "YES"},
		{"sexual_offence_history", "2"},
		{"sexual_offence_history", ""},
		{"ogrs3", "NaN"},
		{"ogrs3", "Inf"},
		{"ogrs3", "-Inf"},
		{"ogrs3", "1e309"},
		{"ogrs3", "1e-400"},
		{"ogrs3", "100.0000001"},
		{"ogrs3", "-0"},
		{"ogrs3", "0x1p6"},
		{"ogrs3", "1_0"},
		{"ovp", "50,5"},
		{"rsr", `"2,1"`},
		{"osp_dc", "very_high"},
		{"osp_iic", "very_high"},
		{"sara_partner", "0"},
		{"sara_other", "3"},
		{"rosh", "VERY_HIGH"},
		{"q6_1", "3"},
		{"q6_1", "-1"},
		{"q6_1", "2"},
		{"q6_1", "1.5"},
		{"q6_11", "n"},
		{"accommodation", "9"},
		{"drugs", "10"},
		{"relationships", "7"},
		{"lds", "2147483648"},
		{"lds", "-1"},
		{"completed", "TSP; ;tsp;"},
		{"completed", ";;;"},
		{"assessed_on", "2024-13-01"},
		{"assessed_on", "\u00a02024-07-15"},
	} {
		f.Add(withCell(f, sample, c.column, c.v))
	}

	f.Fuzz(func(t *testing.T, in []byte) {
		ps, warn, err := ReadProfiles(context.Background(), bytes.NewReader(in), "profiles.csv", ReadOptions{})
		checkProfiles(t, ps, warn, err)
	})
}

// profileProblem checks an accepted profile against the contract's ranges
// (data-contract.md §1) and returns what is wrong, or "".
func profileProblem(p *model.Profile) string {
	inYears := func(d model.Date) bool { y := d.Year(); return y >= minYear && y <= maxYear }
	switch {
	case p.PersonID == "":
		return "person_id is empty"
	case model.IdentifierKind(p.PersonID) != "":
		return "person_id looks like a real identifier"
	case p.Establishment == "":
		return "establishment is empty"
	case p.Sex != model.Male && p.Sex != model.Female:
		return fmt.Sprintf("sex is %q", p.Sex)
	case p.Age < 15 || p.Age > 110:
		return fmt.Sprintf("age is %d, want 15–110", p.Age)
	case p.SentenceType == 0:
		return "sentence_type is empty"
	case p.OffenceGroup == 0:
		return "offence_group is empty"
	case !inYears(p.SentenceStart):
		return "sentence_start is " + p.SentenceStart.String()
	case !p.EarliestRelease.OK && p.SentenceType != model.Remand:
		return "earliest_release is missing for a " + p.SentenceType.String() + " sentence"
	case p.EarliestRelease.OK && (p.EarliestRelease.Val < p.SentenceStart || !inYears(p.EarliestRelease.Val)):
		return "earliest_release is " + p.EarliestRelease.Val.String()
	case p.ParoleEligibility.OK && (p.ParoleEligibility.Val < p.SentenceStart || !inYears(p.ParoleEligibility.Val)):
		return "parole_eligibility is " + p.ParoleEligibility.Val.String()
	case p.AssessedOn.OK && !inYears(p.AssessedOn.Val):
		return "assessed_on is " + p.AssessedOn.Val.String()
	}
	if sc, ok := p.SecurityCategory.Get(); ok && (sc == model.Open || sc == model.Closed) != (p.Sex == model.Female) {
		return fmt.Sprintf("security_category %s for sex %s", sc, p.Sex)
	}
	for _, x := range []model.Opt[float64]{p.OGRS3, p.OVP, p.RSR} {
		if v, ok := x.Get(); ok && !(v >= 0 && v <= 100) {
			return fmt.Sprintf("a percentage is %v, want 0–100", v)
		}
	}
	for _, x := range []model.Opt[int8]{p.SARAPartner, p.SARAOther} {
		if v, ok := x.Get(); ok && (v < 1 || v > 3) {
			return fmt.Sprintf("a SARA level is %d, want 1–3", v)
		}
	}
	for it, x := range p.Items {
		if v, ok := x.Get(); ok && (v < 0 || v > 2) {
			return fmt.Sprintf("%s is %d, want 0–2", model.Item(it).Column(), v)
		}
	}
	for s, x := range p.Scores {
		if v, ok := x.Get(); ok && (v < 0 || int(v) > model.Section(s).Max()) {
			return fmt.Sprintf("%s is %d, want 0–%d", model.Section(s).Column(), v, model.Section(s).Max())
		}
	}
	if v, ok := p.LDS.Get(); ok && v < 0 {
		return fmt.Sprintf("lds is %d", v)
	}
	for _, code := range p.Completed {
		if code == "" || code != strings.ToUpper(strings.TrimSpace(code)) {
			return fmt.Sprintf("completed holds %q", code)
		}
	}
	return ""
}

// dateSeeds are realistic and nasty date texts.
var dateSeeds = []string{
	"2024-06-01", "2024-02-29", "2023-02-29", "2024-02-30", "2024-04-31", "2024-13-01",
	"2024-00-10", "2024-01-00", "0000-01-01", "9999-12-31", "1970-01-01", "1969-12-31",
	"1940-01-01", "2150-12-31", "2024-6-1", "2024-06-1 ", " 2024-06-01", "24-06-01",
	"2024/06/01", "01/06/2024", "2024-06-01T00:00:00Z", "+024-06-01", "-024-06-01",
	"２０２４-06-01", "2024-06-0\xe9", "", "NaN",
}

func FuzzParseDate(f *testing.F) {
	for _, s := range dateSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := model.ParseDate(s)
		if err != nil {
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("ParseDate(%q) = %d, which prints as %q", s, d, got)
		}
		if d2, err := model.ParseDate(d.String()); err != nil || d2 != d {
			t.Fatalf("ParseDate(%q) = %d, %v; want %d", d.String(), d2, err, d)
		}
		if y := d.Year(); y < 0 || y > 9999 {
			t.Fatalf("ParseDate(%q): year %d", s, y)
		}
	})
}

// boolForms are the contract's textual booleans in lower case.
var boolForms = map[string]bool{"true": true, "1": true, "yes": true, "y": true,
	"false": false, "0": false, "no": false, "n": false}

// asciiLower lowers A–Z only.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func FuzzParseBool(f *testing.F) {
	for _, s := range []string{"true", "FALSE", "Yes", "nO", "Y", "n", "1", "0", "", " true", "true ",
		"t", "f", "2", "-1", "01", "on", "off", "yeſ", "\u212a", "İ", "y\x00", "\xff", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := model.ParseBool(s)
		want, ok := boolForms[asciiLower(s)]
		if (err == nil) != ok {
			t.Fatalf("ParseBool(%q): error %v, want accepted %v", s, err, ok)
		}
		if ok && v != want {
			t.Fatalf("ParseBool(%q) = %v, want %v", s, v, want)
		}
		if ok {
			if v2, err := model.ParseBool(strconv.FormatBool(v)); err != nil || v2 != v {
				t.Fatalf("ParseBool(%q) = %v, %v", strconv.FormatBool(v), v2, err)
			}
		}
	})
}

func FuzzCellParsers(f *testing.F) {
	for _, s := range []string{"0", "15", "110", " 34 ", "+7", "-0", "007", "1.5", "1e3", "1e309", "-1e309",
		"1e-400", "NaN", "nan", "Inf", "+Inf", "-inf", "infinity", "0x1p6", "0x10", "1_000", "9223372036854775807",
		"9223372036854775808", "-9223372036854775809", "100.0000001", "2,5", "", " ", "\t\n", "\u00a012",
		"true", "Y", "2024-02-29", "2024-02-30", " 2024-06-01 ", "2024-06-01\r", "\xe9", "１２"} {
		f.Add(s)
	}
	for _, s := range dateSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := strings.TrimSpace(s)
		// The cell under test is at row 1, column 1 of a 2×2 block, so a
		// parser reading the wrong cell would see "x" or "y".
		var col column = csvCol{rows: [][]string{{"x", "y"}, {"y", s}}, j: 1}
		if col.null(1) != (text == "") {
			t.Fatalf("null(%q) = %v", s, col.null(1))
		}
		if got := col.text(1); got != text {
			t.Fatalf("text(%q) = %q, want %q", s, got, text)
		}
		if v, ok := cellInt(col, 1); ok {
			w, err := strconv.ParseInt(text, 10, 64)
			if err != nil || v != w {
				t.Fatalf("cellInt(%q) = %d accepted; ParseInt gives %d, %v", s, v, w, err)
			}
			back := csvCol{rows: [][]string{{strconv.FormatInt(v, 10)}}}
			if v2, ok := cellInt(back, 0); !ok || v2 != v {
				t.Fatalf("cellInt(%q) = %d does not round-trip: %d, %v", s, v, v2, ok)
			}
		}
		if v, ok := cellFloat(col, 1); ok {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("cellFloat(%q) = %v accepted: not finite", s, v)
			}
			w, err := strconv.ParseFloat(text, 64)
			if err != nil || v != w {
				t.Fatalf("cellFloat(%q) = %v accepted; ParseFloat gives %v, %v", s, v, w, err)
			}
		}
		if d, ok := cellDate(col, 1); ok {
			if d.String() != text {
				t.Fatalf("cellDate(%q) = %d accepted, which prints as %q", s, d, d.String())
			}
		}
		if v, ok := cellBool(col, 1); ok {
			want, known := boolForms[asciiLower(text)]
			if !known || v != want {
				t.Fatalf("cellBool(%q) = %v accepted; want %v (a contract form: %v)", s, v, want, known)
			}
		}
	})
}
