package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleWith writes the sample dataset into a new directory with extra
// lines appended to its tables (keyed by file name) and returns the
// directory.
func sampleWith(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"establishments.csv", "offerings.csv", "profiles.csv"} {
		b := string(mustRead(t, filepath.Join(sample, name))) + extra[name]
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func writeTemp(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestGapCLIRefusals checks the gap and fit flags that make no sense exit
// with status 2 (usage) or 3 (invalid input data) and say what is wrong.
func TestGapCLIRefusals(t *testing.T) {
	// NSI holds nobody and offers nothing: no gap rows.
	empty := sampleWith(t, map[string]string{"establishments.csv": "NSI,North Sea Camp (HMP),M,open,East,,false,1\n"})
	rec := func(body string) string { return writeTemp(t, "receptions.csv", body) }
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"horizon half a month", []string{"gap", "--dataset", sample, "--horizon", "0.5"}, exitUsage, "--horizon 0.5: want a number of months from 1 to 120"},
		{"horizon 0.01", []string{"fit", "--dataset", sample, "-e", "HMI", "--horizon", "0.01"}, exitUsage, "--horizon 0.01: want a number of months from 1 to 120"},
		{"horizon 0", []string{"gap", "--dataset", sample, "--horizon", "0"}, exitUsage, "--horizon 0:"},
		{"horizon 121", []string{"gap", "--dataset", sample, "--horizon", "121"}, exitUsage, "--horizon 121:"},
		{"horizon NaN", []string{"gap", "--dataset", sample, "--horizon", "NaN"}, exitUsage, "--horizon NaN:"},
		{"focus with no rows", []string{"gap", "--dataset", empty, "--charts", t.TempDir(), "--focus", "nsi"}, exitUsage,
			`--focus "nsi": NSI has no demand and no places over the horizon, so there is nothing to chart`},
		{"receptions header", []string{"gap", "--dataset", sample, "--receptions", rec("code,rate\nHMI,100\n")}, exitInvalidData,
			`receptions.csv: row 1, column "establishment": value "code": want the header establishment,receptions_per_year`},
		{"receptions unknown establishment", []string{"gap", "--dataset", sample, "--receptions", rec("establishment,receptions_per_year\nHMI,100\nZZZ,4\n")}, exitInvalidData,
			`receptions.csv: row 3, column "establishment": value "ZZZ": unknown establishment: want a code listed in establishments`},
		{"receptions missing file", []string{"gap", "--dataset", sample, "--receptions", filepath.Join(t.TempDir(), "none.csv")}, exitInvalidData, "none.csv: cannot open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errb := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(errb, tt.want) {
				t.Errorf("exit %d, want %d; stderr does not contain %q:\n%s", code, tt.code, tt.want, errb)
			}
			if out != "" {
				t.Errorf("stdout not empty:\n%s", out)
			}
		})
	}
	// A horizon of one month and of 120 are allowed.
	for _, h := range []string{"1", "120", "1.5"} {
		if code, _, errb := runCLI(t, "gap", "--dataset", sample, "--horizon", h); code != exitOK {
			t.Errorf("--horizon %s: exit %d: %s", h, code, errb)
		}
	}
}

// TestGapReceptionsRemandOnly checks a receptions rate given for an
// establishment holding only remand is used, with a warning, instead of
// being dropped: RMI (a local holding one man on remand) with 120
// receptions a year gets a flow from the mix of LEI, the sample's other
// local prison holding men.
func TestGapReceptionsRemandOnly(t *testing.T) {
	dir := sampleWith(t, map[string]string{
		"establishments.csv": "RMI,Remand Only (HMP),M,local,North East and Yorkshire,,false,1\n",
		"profiles.csv":       "R01,RMI,M,22,remand,2025-02-01,,,B,violence,false,false,false,false,65,35,,,1.0,,,,1,1,0,0,0,1,0,1,0,0,0,1,1,,1,3,1,2,1,5,4,2,false,false,0,,\n",
	})
	rec := writeTemp(t, "receptions.csv", "establishment,receptions_per_year\nRMI,120\n")
	code, out, errb := runCLI(t, "gap", "--dataset", dir, "--receptions", rec, "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if want := "warning: RMI holds no sentenced people to split its 120 receptions a year by programme: used the programme mix of local prisons holding men with suite legacy (LEI)"; !strings.Contains(errb, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errb)
	}
	flow := false
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(line, ",")
		if len(f) > 4 && f[0] == "RMI" && f[4] != "0" {
			flow = true
		}
	}
	if !flow {
		t.Errorf("no RMI row with a flow:\n%s", out)
	}
}

// TestOfferingsTeamsWarn checks the loader warns of offerings the
// establishment's facilitator teams cannot deliver: 300 RESOLVE groups a
// year (10 weeks each) at HMI, which has 2 teams. With the sample's own HMI
// offerings (BSR 3 × 10, KAIZEN_GV 1 × 24, TSP 4 × 8 weeks): 3,000 + 30 +
// 24 + 32 = 3,086 team-weeks against 2 × 52 = 104.
func TestOfferingsTeamsWarn(t *testing.T) {
	dir := sampleWith(t, map[string]string{"offerings.csv": "HMI,RESOLVE,300,,,,true\n"})
	code, _, errb := runCLI(t, "validate", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	want := "offerings.csv: HMI: its group programmes need 3086 facilitator-team weeks a year but its 2 facilitator teams can give at most 104"
	if !strings.Contains(errb, want) || !strings.Contains(errb, "RESOLVE 300 × 10 weeks, row 15") {
		t.Errorf("stderr lacks %q:\n%s", want, errb)
	}
}
