package data

import (
	"encoding/csv"
	"io"
	"strconv"

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
