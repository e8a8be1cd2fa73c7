package data

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"needsplan/model"
)

// Dataset is a loaded and checked planning dataset.
type Dataset struct {
	Profiles       []model.Profile
	Establishments []model.Establishment
	Offerings      []model.Offering
	Catalogue      *model.Catalogue
	// AsOf is the dataset date: given, or the latest sentence start or
	// assessment in the profiles (AsOfDerived true).
	AsOf        model.Date
	AsOfDerived bool
	// Files are the paths read, in the order profiles, establishments,
	// offerings.
	Files    []string
	Warnings []string
}

// Paths names a dataset's files. Empty entries are not read. With FS set,
// the names are paths in FS (the embedded default dataset); otherwise they
// are files on disk.
type Paths struct {
	FS                                  fs.FS
	Profiles, Establishments, Offerings string
}

// LoadOptions says how to load a dataset.
type LoadOptions struct {
	// Format overrides the profiles file's format (empty: by extension).
	Format Format
	// AsOf is the dataset date; missing means derived from the profiles.
	AsOf model.Opt[model.Date]
	// Catalogue checks programme codes; nil means the embedded default.
	Catalogue *model.Catalogue
	// MaxErrors is how many problems to report per file.
	MaxErrors int
	// Limits bound what each file may make the readers hold (rows, CSV
	// field and row lengths); zero fields mean the defaults.
	Limits Limits
}

// tableExts are the extensions a dataset table may have, in the order they
// are looked for.
var tableExts = []string{".csv", ".parquet", ".arrow", ".feather", ".ipc"}

// FindTable returns the one file in dir called base with a table extension
// (profiles.csv, profiles.parquet …). It is an input error to have none or
// several.
func FindTable(dir, base string) (string, error) {
	var found []string
	for _, ext := range tableExts {
		p := filepath.Join(dir, base+ext)
		if _, err := os.Stat(p); err == nil {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return "", &Error{File: dir, Msg: fmt.Sprintf("no %s table: want %s.csv, %s.parquet or %s.arrow in the dataset directory", base, base, base, base)}
	case 1:
		return found[0], nil
	}
	return "", &Error{File: dir, Msg: fmt.Sprintf("several %s tables (%v): keep one", base, found)}
}

// With returns p with each file given (not "") in place of p's: a
// command's --profiles, --establishments and --offerings over its
// --dataset.
func (p Paths) With(profiles, establishments, offerings string) Paths {
	if profiles != "" {
		p.Profiles = profiles
	}
	if establishments != "" {
		p.Establishments = establishments
	}
	if offerings != "" {
		p.Offerings = offerings
	}
	return p
}

// DatasetPaths finds profiles, establishments and offerings in dir.
func DatasetPaths(dir string) (Paths, error) {
	var p Paths
	var err error
	if st, serr := os.Stat(dir); serr != nil || !st.IsDir() {
		return p, &Error{File: dir, Msg: "not a dataset directory (want a directory holding profiles, establishments and offerings)"}
	}
	if p.Profiles, err = FindTable(dir, "profiles"); err != nil {
		return p, err
	}
	if p.Establishments, err = FindTable(dir, "establishments"); err != nil {
		return p, err
	}
	if p.Offerings, err = FindTable(dir, "offerings"); err != nil {
		return p, err
	}
	return p, nil
}

// TablePaths sorts a command line's files into a dataset's tables by name:
// profiles*, establishments* or offerings* (in any case). One directory is
// a whole dataset (DatasetPaths), whose problems are input errors; a file
// named for no table, or two for one table, is refused with an error that
// is not (a mistake in the command line).
func TablePaths(args []string) (Paths, error) {
	if len(args) == 1 {
		if st, err := os.Stat(args[0]); err == nil && st.IsDir() {
			return DatasetPaths(args[0])
		}
	}
	var p Paths
	for _, a := range args {
		base := strings.ToLower(filepath.Base(a))
		var slot *string
		switch {
		case strings.HasPrefix(base, "profiles"):
			slot = &p.Profiles
		case strings.HasPrefix(base, "establishments"):
			slot = &p.Establishments
		case strings.HasPrefix(base, "offerings"):
			slot = &p.Offerings
		default:
			return p, fmt.Errorf("%s: cannot tell which table this is: name it profiles*, establishments* or offerings*", a)
		}
		if *slot != "" {
			return p, fmt.Errorf("two files for one table: %s and %s", *slot, a)
		}
		*slot = a
	}
	return p, nil
}

// Summary says what was read of the tables paths names: "ok:" and the
// people, establishments and offerings, then, with profiles, the dataset
// date and whether it was given or derived; a line each.
func (d *Dataset) Summary(paths Paths) string {
	var parts []string
	if paths.Profiles != "" {
		parts = append(parts, fmt.Sprintf("%d people", len(d.Profiles)))
	}
	if paths.Establishments != "" {
		parts = append(parts, fmt.Sprintf("%d establishments", len(d.Establishments)))
	}
	if paths.Offerings != "" {
		parts = append(parts, fmt.Sprintf("%d offerings", len(d.Offerings)))
	}
	s := fmt.Sprintf("ok: %s\n", strings.Join(parts, ", "))
	if paths.Profiles != "" {
		how := "given"
		if d.AsOf == 0 || d.AsOfDerived {
			how = "latest sentence start or assessment"
		}
		s += fmt.Sprintf("dataset date: %s (%s)\n", d.AsOf, how)
	}
	return s
}

// Load reads and checks the dataset's files: establishments first, then
// offerings and profiles against them. Problems in all three are reported
// together; when the establishments are invalid, the other tables are
// checked without them.
func Load(ctx context.Context, paths Paths, opt LoadOptions) (*Dataset, error) {
	return load(ctx, paths, opt, nil)
}

// LoadStream reads and checks the dataset's files as Load does, with the
// same problems, but hands the people to each in batches, in file order,
// instead of keeping them (StreamProfiles): the Dataset returned, and the
// one each is given, hold no profiles. The dataset date must be given
// (opt.AsOf), since checking and classifying a person needs it before the
// latest date in the file is known. When the error is not nil, whatever
// each made of the people must be thrown away; when the establishments or
// offerings are invalid, each is not called.
func LoadStream(ctx context.Context, paths Paths, opt LoadOptions, each func(d *Dataset, ps []model.Profile) error) (*Dataset, error) {
	if !opt.AsOf.OK {
		return nil, errors.New("data: LoadStream needs the dataset date (LoadOptions.AsOf)")
	}
	return load(ctx, paths, opt, each)
}

// load is Load, or LoadStream when each is not nil.
func load(ctx context.Context, paths Paths, opt LoadOptions, each func(d *Dataset, ps []model.Profile) error) (*Dataset, error) {
	cat := opt.Catalogue
	if cat == nil {
		var err error
		if cat, err = DefaultCatalogue(); err != nil {
			return nil, fmt.Errorf("embedded catalogue: %w", err)
		}
	}
	d := &Dataset{Catalogue: cat}
	var holds map[string]model.Holds
	var ests map[string]model.Establishment
	var all Errors
	keep := func(err error) error {
		var es *Errors
		var e *Error
		switch {
		case errors.As(err, &es):
			all.List = append(all.List, es.List...)
			all.Dropped += es.Dropped
		case errors.As(err, &e):
			all.List = append(all.List, e)
		default:
			return err
		}
		return nil
	}
	if paths.Establishments != "" {
		var warn []string
		err := withFile(paths.FS, paths.Establishments, func(f File) (err error) {
			d.Establishments, warn, err = readEstablishments(ctx, f, paths.Establishments, "", opt.Limits)
			return err
		})
		// Invalid establishments are reported with the problems of the
		// other tables, which are then checked without the establishment
		// list (codes and sexes unchecked) so that every file's problems
		// are found in one run.
		if err := keep(err); err != nil {
			return nil, err
		}
		d.Warnings = append(d.Warnings, warn...)
		if len(all.List) == 0 {
			holds = map[string]model.Holds{}
			ests = map[string]model.Establishment{}
			for _, e := range d.Establishments {
				holds[e.Code] = e.Holds
				ests[e.Code] = e
			}
		}
	}
	if paths.Offerings != "" {
		var warn []string
		err := withFile(paths.FS, paths.Offerings, func(f File) (err error) {
			d.Offerings, warn, err = readOfferings(ctx, f, paths.Offerings, "", ests, cat, opt.Limits)
			return err
		})
		if err := keep(err); err != nil {
			return nil, err
		}
		d.Warnings = append(d.Warnings, warn...)
	}
	if paths.Profiles != "" {
		var warn []string
		ro := ReadOptions{Format: opt.Format, Establishments: holds, Catalogue: cat, AsOf: opt.AsOf, MaxErrors: opt.MaxErrors, Limits: opt.Limits}
		tablesOK := len(all.List) == 0
		d.AsOf = opt.AsOf.Val
		err := withFile(paths.FS, paths.Profiles, func(f File) (err error) {
			if each == nil {
				d.Profiles, warn, err = ReadProfiles(ctx, f, paths.Profiles, ro)
				return err
			}
			warn, err = StreamProfiles(ctx, f, paths.Profiles, ro, func(ps []model.Profile) error {
				if !tablesOK {
					return nil // the dataset is refused: only its problems are wanted
				}
				return each(d, ps)
			})
			return err
		})
		if err := keep(err); err != nil {
			return nil, err
		}
		d.Warnings = append(d.Warnings, warn...)
	}
	if len(all.List) > 0 {
		return nil, &all
	}
	for _, p := range []string{paths.Profiles, paths.Establishments, paths.Offerings} {
		if p != "" {
			d.Files = append(d.Files, p)
		}
	}
	d.AsOf, d.AsOfDerived = opt.AsOf.Val, !opt.AsOf.OK
	if d.AsOfDerived {
		d.AsOf = DeriveAsOf(d.Profiles)
	}
	return d, nil
}

// DeriveAsOf returns the latest sentence start or assessment date among the
// profiles: the date the dataset describes when none is given.
func DeriveAsOf(ps []model.Profile) model.Date {
	var asOf model.Date
	for i := range ps {
		asOf = max(asOf, ps[i].SentenceStart, ps[i].AssessedOn.Val)
	}
	return asOf
}

func withFile(fsys fs.FS, path string, fn func(File) error) error {
	var f interface {
		File
		io.Closer
	}
	if fsys != nil {
		ff, err := fsys.Open(path)
		if err != nil {
			return fmt.Errorf("data: embedded %s: %w", path, err)
		}
		rf, ok := ff.(interface {
			File
			io.Closer
		})
		if !ok {
			ff.Close()
			return fmt.Errorf("data: embedded %s cannot be read at offsets", path)
		}
		f = rf
	} else {
		of, err := os.Open(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return &Error{File: path, Msg: "no such file"}
			}
			return fmt.Errorf("data: %w", err)
		}
		f = of
	}
	defer f.Close()
	return fn(f)
}

// Checksums returns the SHA-256 of each of the dataset's files, in the
// order profiles, establishments, offerings, as hexadecimal.
func Checksums(paths Paths) ([][2]string, error) {
	var out [][2]string
	for _, p := range []string{paths.Profiles, paths.Establishments, paths.Offerings} {
		if p == "" {
			continue
		}
		var b []byte
		var err error
		if paths.FS != nil {
			b, err = fs.ReadFile(paths.FS, p)
		} else {
			b, err = os.ReadFile(p)
		}
		if err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
		out = append(out, [2]string{p, Checksum(b)})
	}
	return out, nil
}

// Checksum returns the SHA-256 of b in hexadecimal, as the report's method
// note and a sweep's manifest give their inputs and parts.
func Checksum(b []byte) string { return fmt.Sprintf("%x", sha256.Sum256(b)) }
