package data

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"

	"needsplan/model"
)

// WriteEstablishmentsCSV writes establishments in the data contract's
// columns (data-contract.md §2).
func WriteEstablishmentsCSV(w io.Writer, es []model.Establishment) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(establishmentSchema.names)
	for _, e := range es {
		_ = cw.Write([]string{e.Code, e.Name, string(e.Holds), string(e.Function), e.Region,
			optInt(e.OperationalCapacity), strconv.FormatBool(e.Resettlement), optInt(e.FacilitatorTeams)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteOfferingsCSV writes offerings in the data contract's columns
// (data-contract.md §3).
func WriteOfferingsCSV(w io.Writer, os []model.Offering) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(offeringSchema.names)
	for _, o := range os {
		_ = cw.Write([]string{o.Establishment, o.Programme, FormatFloat(o.GroupsPerYear),
			optInt(o.GroupSize), optInt(o.MinGroupSize), strconv.Itoa(o.OneToOnePlaces), strconv.FormatBool(o.Referable)})
	}
	cw.Flush()
	return cw.Error()
}

func optInt(o model.Opt[int]) string {
	if !o.OK {
		return ""
	}
	return strconv.Itoa(o.Val)
}

// ReadReceptions reads a CSV of establishment,receptions_per_year: explicit
// annual rates of sentenced receptions for the gap analysis.
func ReadReceptions(f io.Reader, name string) (map[string]float64, error) {
	r := csv.NewReader(f)
	rows, err := r.ReadAll()
	if err != nil {
		return nil, &Error{File: name, Msg: "not a readable CSV: " + csvReason(err)}
	}
	if len(rows) == 0 || len(rows[0]) < 2 || strings.TrimSpace(rows[0][0]) != "establishment" || strings.TrimSpace(rows[0][1]) != "receptions_per_year" {
		return nil, &Error{File: name, Row: 1, Msg: "want a header establishment,receptions_per_year"}
	}
	out := map[string]float64{}
	var errs Errors
	for i, row := range rows[1:] {
		code := strings.ToUpper(strings.TrimSpace(row[0]))
		v, err := strconv.ParseFloat(strings.TrimSpace(row[1]), 64)
		if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			errs.List = append(errs.List, &Error{File: name, Row: i + 2, Column: "receptions_per_year", Value: row[1], Msg: "want a number 0 or more"})
			continue
		}
		if _, dup := out[code]; dup {
			errs.List = append(errs.List, &Error{File: name, Row: i + 2, Column: "establishment", Value: code, Msg: "listed twice"})
		}
		out[code] = v
	}
	if len(errs.List) > 0 {
		return nil, &errs
	}
	return out, nil
}
