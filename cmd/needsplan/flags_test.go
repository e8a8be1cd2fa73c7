package main

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"needsplan/model"
)

// TestMonthsFlag checks a months flag prints its value readably (two
// decimals, whole weeks named) while keeping the exact value, by default
// and as given.
func TestMonthsFlag(t *testing.T) {
	tests := []struct {
		def   float64
		args  []string
		want  float64
		shown string
	}{
		{moveDelay, nil, 28 / model.DaysPerMonth, "0.92, 4 weeks"},
		{7 / model.DaysPerMonth, nil, 7 / model.DaysPerMonth, "0.23, 1 week"},
		{0, nil, 0, "0"},
		{moveDelay, []string{"--delay", "1.5"}, 1.5, "1.5"},
		{moveDelay, []string{"--delay", "0"}, 0, "0"},
		{moveDelay, []string{"--delay", "0.9199367543481386"}, moveDelay, "0.92, 4 weeks"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append([]string{tt.shown}, tt.args...), " "), func(t *testing.T) {
			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			var v float64
			monthsVar(fs, &v, "delay", tt.def, "months a move takes")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if v != tt.want {
				t.Errorf("value %v, want %v", v, tt.want)
			}
			if got := fs.Lookup("delay").Value.String(); got != tt.shown {
				t.Errorf("shown as %q, want %q", got, tt.shown)
			}
		})
	}
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	var v float64
	monthsVar(fs, &v, "delay", moveDelay, "")
	if err := fs.Parse([]string{"--delay", "soon"}); err == nil {
		t.Error("--delay soon: no error")
	}
}

// TestHelpDefaults checks the help of the commands with a move's delay
// shows its default readably, not as 0.9199367543481386.
func TestHelpDefaults(t *testing.T) {
	tests := []struct{ cmd, flag string }{
		{"transfers", "--delay"},
		{"allocate", "--delay"},
		{"simulate", "--transfer-delay"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			code, out, errb := runCLI(t, tt.cmd, "--help")
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errb)
			}
			if strings.Contains(out, "0.9199") {
				t.Errorf("%s --help shows the delay's default unrounded:\n%s", tt.cmd, out)
			}
			if want := tt.flag + " float"; !strings.Contains(out, want) || !strings.Contains(out, "months a move takes (default 0.92, 4 weeks)") {
				t.Errorf("%s --help lacks %q with the default 0.92, 4 weeks:\n%s", tt.cmd, want, out)
			}
		})
	}
}
