package reports

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"text/tabwriter"

	"needsplan/model"
)

// byCode returns the establishments sorted by code.
func byCode(ests []model.Establishment) []model.Establishment {
	out := slices.Clone(ests)
	slices.SortFunc(out, func(a, b model.Establishment) int { return cmp.Compare(a.Code, b.Code) })
	return out
}

// EstablishmentsTable lists the establishments by code: code, name,
// region, function and who it holds (the data contract's values:
// docs/data-contract.md §2) and facilitator teams (empty when not given).
func EstablishmentsTable(ests []model.Establishment) *model.Table {
	b := newBuilder("establishments", text("code"), text("name"), text("region"), text("function"), text("sex"), float("facilitator_teams"))
	for _, e := range byCode(ests) {
		teams := math.NaN()
		if t, ok := e.FacilitatorTeams.Get(); ok {
			teams = float64(t)
		}
		b.row(e.Code, e.Name, e.Region, string(e.Function), string(e.Holds), teams)
	}
	return &b.t
}

// WriteEstablishmentsText writes the establishments for people, by code:
// code, name, region, function and who it holds in words, and facilitator
// teams ("–" when not given), then how many there are.
func WriteEstablishmentsText(w io.Writer, ests []model.Establishment) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "code\tname\tregion\tfunction\tholds\tfacilitator teams")
	for _, e := range byCode(ests) {
		teams := missing
		if t, ok := e.FacilitatorTeams.Get(); ok {
			teams = strconv.Itoa(t)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Code, e.Name, e.Region, e.Function.Words(), e.Holds.Words(), teams)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d establishments.\n", len(ests))
	return err
}
