package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
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

// WriteDatasetDir writes a new dataset directory dir, atomically
// (WriteDirAtomic): establishments.csv, offerings.csv and the profiles as
// profiles.parquet (format "parquet"), profiles.csv ("csv"), or both, the
// CSV copy of the dataset in dir/csv ("both").
func WriteDatasetDir(dir string, d *Dataset, format string) error {
	return WriteDirAtomic(dir, func(tmp string) error {
		if format != "csv" {
			if err := writeDatasetFiles(tmp, d, "parquet"); err != nil {
				return err
			}
		}
		if format != "parquet" {
			sub := tmp
			if format == "both" {
				sub = filepath.Join(tmp, "csv")
				if err := os.Mkdir(sub, 0o755); err != nil {
					return err
				}
			}
			if err := writeDatasetFiles(sub, d, "csv"); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeDatasetFiles writes the three tables of a dataset into dir, the
// profiles as profiles.csv or profiles.parquet.
func writeDatasetFiles(dir string, d *Dataset, profiles string) error {
	write := func(name string, fn func(io.Writer) error) error {
		return WriteFileAtomic(filepath.Join(dir, name), fn)
	}
	if err := write("establishments.csv", func(w io.Writer) error { return WriteEstablishmentsCSV(w, d.Establishments) }); err != nil {
		return err
	}
	if err := write("offerings.csv", func(w io.Writer) error { return WriteOfferingsCSV(w, d.Offerings) }); err != nil {
		return err
	}
	if profiles == "csv" {
		return write("profiles.csv", func(w io.Writer) error { return WriteProfilesCSV(w, d.Profiles) })
	}
	return write("profiles.parquet", func(w io.Writer) error { return WriteProfilesParquet(w, d.Profiles) })
}

// ReadReceptions reads a CSV of establishment,receptions_per_year: explicit
// annual rates of sentenced receptions for the gap analysis. Codes are
// checked against ests (nil: not checked). Every problem names the file,
// row, column and value. The default Limits apply to its rows and fields.
func ReadReceptions(f io.Reader, name string, ests map[string]model.Establishment) (map[string]float64, error) {
	return readReceptions(f, name, ests, Limits{}.orDefaults())
}

func readReceptions(f io.Reader, name string, ests map[string]model.Establishment, lim Limits) (map[string]float64, error) {
	return readPairs(f, name, [2]string{"establishment", "receptions_per_year"}, establishmentKey(ests),
		func(v float64) bool { return v >= 0 }, "want a number 0 or more", lim)
}

// establishmentKey checks a pairs file's establishment code against ests
// (any code when ests is nil), upper-cased.
func establishmentKey(ests map[string]model.Establishment) func(string) (string, string) {
	return func(s string) (string, string) {
		code := strings.ToUpper(strings.TrimSpace(s))
		if _, known := ests[code]; ests != nil && !known {
			return "", "unknown establishment: want a code listed in establishments"
		}
		return code, ""
	}
}

// readPairs reads a two-column CSV file with the header cols: a key
// (checked and normalised by key, which returns a message when it is
// refused) and a finite number value accepts (valueMsg saying what it
// wants). Every bad row is reported, with its row, column and value; a key
// listed twice is refused.
func readPairs(f io.Reader, name string, cols [2]string, key func(string) (string, string), accepts func(float64) bool, valueMsg string, lim Limits) (map[string]float64, error) {
	r := csv.NewReader(newCSVLimiter(f, lim))
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if e := csvLimitError(err, name, cols[:]); e != nil {
			return nil, e
		}
		if err != nil {
			return nil, &Error{File: name, Msg: "not a readable CSV: " + csvReason(err)}
		}
		if len(rows) > lim.MaxRows {
			return nil, &Error{File: name, Msg: fmt.Sprintf("more than %d rows: a table may hold at most %d (data.Limits.MaxRows)", lim.MaxRows, lim.MaxRows)}
		}
		rows = append(rows, rec)
	}
	header := "want the header " + cols[0] + "," + cols[1]
	if len(rows) == 0 {
		return nil, &Error{File: name, Msg: "empty file: " + header}
	}
	for i, col := range cols {
		got := ""
		if i < len(rows[0]) {
			got = strings.TrimSpace(strings.TrimPrefix(rows[0][i], "\ufeff"))
		}
		if got != col {
			return nil, &Error{File: name, Row: 1, Column: col, Value: got, Msg: header}
		}
	}
	out := map[string]float64{}
	var errs Errors
	for i, row := range rows[1:] {
		k, msg := key(row[0])
		if msg != "" {
			errs.List = append(errs.List, &Error{File: name, Row: i + 2, Column: cols[0], Value: row[0], Msg: msg})
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(row[1]), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || !accepts(v) {
			errs.List = append(errs.List, &Error{File: name, Row: i + 2, Column: cols[1], Value: row[1], Msg: valueMsg})
			continue
		}
		if _, dup := out[k]; dup {
			errs.List = append(errs.List, &Error{File: name, Row: i + 2, Column: cols[0], Value: k, Msg: "listed twice"})
		}
		out[k] = v
	}
	if len(errs.List) > 0 {
		return nil, &errs
	}
	return out, nil
}
