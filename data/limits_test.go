package data

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/ipc"
	"github.com/apache/arrow/go/v15/arrow/memory"

	"needsplan/model"
)

// samplePaths are the sample dataset's files.
var samplePaths = Paths{Profiles: "../testdata/sample/profiles.csv",
	Establishments: "../testdata/sample/establishments.csv", Offerings: "../testdata/sample/offerings.csv"}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// replaceCell returns csv with the cell of the given 0-based data row and
// column replaced by v (as written: the caller quotes).
func replaceCell(t *testing.T, csv []byte, row int, column, v string) []byte {
	t.Helper()
	lines := strings.Split(string(csv), "\n")
	header := strings.Split(lines[0], ",")
	cells := strings.Split(lines[1+row], ",")
	for j, h := range header {
		if h == column {
			cells[j] = v
			lines[1+row] = strings.Join(cells, ",")
			return []byte(strings.Join(lines, "\n"))
		}
	}
	t.Fatalf("no column %q", column)
	return nil
}

// readProfilesErr reads in as a profiles CSV with lim and returns the one
// problem found (failing unless there is exactly one).
func readProfilesErr(t *testing.T, in []byte, lim Limits) *Error {
	t.Helper()
	_, _, err := ReadProfiles(context.Background(), bytes.NewReader(in), "profiles.csv", ReadOptions{Limits: lim})
	if err == nil {
		t.Fatal("accepted")
	}
	var es *Errors
	if errors.As(err, &es) {
		if len(es.List) != 1 {
			t.Fatalf("%d problems, want 1:\n%v", len(es.List), err)
		}
		return es.List[0]
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%T %v: not an input error", err, err)
	}
	return e
}

// TestCSVFieldAndLineLimits: a field or a row just over its limit is
// refused with the file, row and column; one at the limit is read; the
// row numbers count rows as csv does (quoted newlines, CRLF and a BOM do
// not shift them).
func TestCSVFieldAndLineLimits(t *testing.T) {
	sample := mustReadFile(t, "../testdata/sample/profiles.csv")
	// Row 6 (data row 4) holds person S05: its completed cell is padded.
	pad := func(n int) string { return "TSP;" + strings.Repeat(" ", n-4) }
	// A row limit above the header's length, and the padding that brings
	// row 6 to it.
	lines := strings.Split(string(sample), "\n")
	line := len(lines[0]) + 50
	rowPad := line - len(replaceCell(t, []byte(lines[0]+"\n"+lines[5]), 0, "completed", "")) + len(lines[0]) + 1
	const field = 100
	tests := []struct {
		name    string
		in      []byte
		lim     Limits
		wantErr string // "" means accepted
	}{
		{"field at the limit", replaceCell(t, sample, 4, "completed", pad(field)), Limits{MaxFieldBytes: field}, ""},
		{"field over the limit", replaceCell(t, sample, 4, "completed", pad(field+1)),
			Limits{MaxFieldBytes: field}, `profiles.csv: row 6, column "completed": value "TSP;     `},
		{"quoted field over the limit", replaceCell(t, sample, 4, "completed", `"`+pad(field-1)+`"`),
			Limits{MaxFieldBytes: field}, `profiles.csv: row 6, column "completed"`},
		{"quoted field at the limit", replaceCell(t, sample, 4, "completed", `"`+pad(field-2)+`"`), Limits{MaxFieldBytes: field}, ""},
		{"after quoted newlines, CRLF and a BOM", append([]byte("\ufeff"), bytes.ReplaceAll(
			replaceCell(t, replaceCell(t, sample, 4, "completed", pad(field+1)), 1, "completed", "\"TSP;\nBSR\""), []byte("\n"), []byte("\r\n"))...),
			Limits{MaxFieldBytes: field}, `profiles.csv: row 6, column "completed"`},
		{"row at the limit", replaceCell(t, sample, 4, "completed", pad(rowPad)), Limits{MaxLineBytes: line}, ""},
		{"row over the limit", replaceCell(t, sample, 4, "completed", pad(rowPad+1)), Limits{MaxLineBytes: line},
			fmt.Sprintf("profiles.csv: row 6, column \"assessed_on\": value \"2024-11-30\": row longer than %d bytes", line)}, // crossed in its last column
		{"default field limit", replaceCell(t, sample, 4, "completed", pad(DefaultMaxFieldBytes+1)), Limits{},
			fmt.Sprintf("field longer than %d bytes", DefaultMaxFieldBytes)},
		{"default row limit", replaceCell(t, sample, 4, "completed", strings.Repeat("TSP;", DefaultMaxLineBytes/4)), Limits{MaxFieldBytes: 2 * DefaultMaxLineBytes},
			fmt.Sprintf("row longer than %d bytes", DefaultMaxLineBytes)},
		{"header field over the limit", append([]byte("x"+strings.Repeat("y", field)+","), sample...), Limits{MaxFieldBytes: field},
			"profiles.csv: row 1: value \"xyyy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.wantErr == "" {
				if _, _, err := ReadProfiles(context.Background(), bytes.NewReader(tt.in), "profiles.csv", ReadOptions{Limits: tt.lim}); err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e := readProfilesErr(t, tt.in, tt.lim)
			if !strings.Contains(e.Error(), tt.wantErr) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", e, tt.wantErr)
			}
		})
	}
}

// countingFile is a File that counts the bytes read through Read.
type countingFile struct {
	*bytes.Reader
	n int64
}

func (c *countingFile) Read(p []byte) (int, error) {
	n, err := c.Reader.Read(p)
	c.n += int64(n)
	return n, err
}

// TestCSVUnclosedQuoteStopsEarly: a quote opened and never closed used to
// make csv.Reader read the rest of the file into one field. It now stops
// within a buffer of the field limit, whatever the file's size.
func TestCSVUnclosedQuoteStopsEarly(t *testing.T) {
	sample := mustReadFile(t, "../testdata/sample/profiles.csv")
	bad := replaceCell(t, sample, 0, "completed", `"TSP`)
	// 64 MiB of rows after it.
	row := bytes.SplitN(sample, []byte("\n"), 3)[1]
	in := append(bad, bytes.Repeat(append(row, '\n'), 64<<20/len(row))...)
	f := &countingFile{Reader: bytes.NewReader(in)}
	_, _, err := ReadProfiles(context.Background(), f, "profiles.csv", ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), `row 2, column "completed": value "\"TSP`) || !strings.Contains(err.Error(), "an unclosed quote?") {
		t.Errorf("error %v", err)
	}
	if f.n > DefaultMaxFieldBytes+256<<10 {
		t.Errorf("read %d bytes of %d before refusing: want about the field limit %d", f.n, len(in), DefaultMaxFieldBytes)
	}
}

// TestRowLimits: every table refuses one row more than Limits.MaxRows and
// reads exactly MaxRows; Parquet says its row count, so it is refused
// before anything is decoded.
func TestRowLimits(t *testing.T) {
	ctx := context.Background()
	d, err := Load(ctx, samplePaths, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	people, ests, offs := len(d.Profiles), len(d.Establishments), len(d.Offerings)
	pq, ar := binaryProfiles(t, d.Profiles)
	for _, tt := range []struct {
		name   string
		format Format
		b      []byte
	}{{"csv", CSV, mustReadFile(t, samplePaths.Profiles)}, {"parquet", Parquet, pq}, {"arrow", Arrow, ar}} {
		t.Run("profiles "+tt.name, func(t *testing.T) {
			read := func(max int) error {
				_, _, err := ReadProfiles(ctx, bytes.NewReader(tt.b), "profiles."+string(tt.format), ReadOptions{Format: tt.format, Limits: Limits{MaxRows: max}})
				return err
			}
			if err := read(people); err != nil {
				t.Errorf("MaxRows %d: %v", people, err)
			}
			err := read(people - 1)
			want := fmt.Sprintf("more than %d rows: a table may hold at most %d (data.Limits.MaxRows)", people-1, people-1)
			if tt.format == Parquet {
				want = fmt.Sprintf("%d rows: a table may hold at most %d", people, people-1)
			}
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), want) {
				t.Errorf("MaxRows %d: %v, want an input error saying %q", people-1, err, want)
			}
		})
	}
	for _, tt := range []struct {
		name string
		n    int
	}{{"establishments", ests}, {"offerings", offs}} {
		t.Run(tt.name, func(t *testing.T) {
			// Load with a limit that only this table breaks.
			at := max(tt.n, 0)
			if _, err := Load(ctx, samplePaths, LoadOptions{Limits: Limits{MaxRows: max(at, people)}}); err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			_, err := Load(ctx, Paths{Establishments: samplePaths.Establishments, Offerings: samplePaths.Offerings}, LoadOptions{Limits: Limits{MaxRows: tt.n - 1}})
			want := tt.name + ".csv: more than " + fmt.Sprint(tt.n-1) + " rows"
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), want) {
				t.Errorf("%v, want %q", err, want)
			}
		})
	}
	t.Run("receptions", func(t *testing.T) {
		in := "establishment,receptions_per_year\nHMI,10\nLEI,20\n"
		lim := Limits{MaxRows: 2}.orDefaults()
		if _, err := readReceptions(strings.NewReader(in), "r.csv", nil, lim); err != nil {
			t.Errorf("at the limit: %v", err)
		}
		_, err := readReceptions(strings.NewReader(in+"SFI,5\n"), "r.csv", nil, lim)
		if err == nil || !strings.Contains(err.Error(), "r.csv: more than 2 rows") {
			t.Errorf("over the limit: %v", err)
		}
		long := "establishment,receptions_per_year\nHMI," + strings.Repeat("1", DefaultMaxFieldBytes+1) + "\n"
		_, err = ReadReceptions(strings.NewReader(long), "r.csv", nil)
		if err == nil || !strings.Contains(err.Error(), `r.csv: row 2, column "receptions_per_year"`) {
			t.Errorf("long field: %v", err)
		}
	})
}

// TestYAMLLimits: scenario, sweep and catalogue files just over the size,
// nesting, node and extends limits are refused with the file (and line);
// aliases that point into themselves or double at each step end quickly.
func TestYAMLLimits(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string { return writeScenario(t, dir, name, body) }
	padTo := func(body string, size int) string { // a comment fills the file to size bytes
		return body + "#" + strings.Repeat("x", size-len(body)-2) + "\n"
	}
	nested := func(depth int) string {
		return "mix: " + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + "\n"
	}
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'k'; i++ {
		laughs += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	scen := func(p string) error { _, err := ReadScenario(p); return err }
	tests := []struct {
		name string
		read func() error
		want string // "" means no limit error (the file may still be refused for something else)
	}{
		{"scenario at the size limit", func() error { return scen(write("a.yaml", padTo("years: 2\n", DefaultMaxYAMLBytes))) }, ""},
		{"scenario over the size limit", func() error { return scen(write("b.yaml", padTo("years: 2\n", DefaultMaxYAMLBytes+1))) },
			fmt.Sprintf("b.yaml: larger than %d bytes", DefaultMaxYAMLBytes)},
		{"scenario nested at the limit", func() error { return scen(write("c.yaml", nested(DefaultMaxYAMLDepth))) }, ""},
		{"scenario nested over the limit", func() error { return scen(write("d.yaml", nested(DefaultMaxYAMLDepth+1))) },
			fmt.Sprintf("d.yaml: line 1: nested more than %d deep", DefaultMaxYAMLDepth)},
		{"scenario alias into itself", func() error { return scen(write("e.yaml", "a: &a [*a]\n")) }, "e.yaml: line 1: nested more than"},
		{"scenario aliases doubling", func() error { return scen(write("f.yaml", laughs)) }, "more than 100000 YAML nodes with aliases expanded"},
		{"sweep over the size limit", func() error {
			write("base.yaml", "years: 1\n")
			_, err := ReadSweep(write("w.yaml", padTo("base: base.yaml\n", DefaultMaxYAMLBytes+1)))
			return err
		}, "w.yaml: larger than"},
		{"sweep nested over the limit", func() error {
			_, err := ReadSweep(write("w2.yaml", "base: base.yaml\ngrid:\n  growth: "+strings.Repeat("[", DefaultMaxYAMLDepth)+strings.Repeat("]", DefaultMaxYAMLDepth)+"\n"))
			return err
		}, "w2.yaml: line 3: nested more than"},
		{"catalogue over the size limit", func() error {
			_, err := ReadCatalogue(strings.NewReader(padTo(string(DefaultCatalogueYAML()), DefaultMaxYAMLBytes+1)), "c.yaml")
			return err
		}, "c.yaml: larger than"},
		// A criterion whose any: holds itself used to recurse without end
		// in the check for unknown keys (a fatal stack overflow, not a
		// panic), and criteria of criteria by alias took 10⁹ steps.
		{"catalogue alias into itself", func() error {
			cat := strings.Replace(string(DefaultCatalogueYAML()), "    eligibility:\n", "    eligibility:\n      - &c {field: ogrs3, op: \">=\", value: 50, any: [*c]}\n", 1)
			_, err := ReadCatalogue(strings.NewReader(cat), "c.yaml")
			return err
		}, fmt.Sprintf("c.yaml: line %d: nested more than", catalogueLine(t, "    eligibility:\n")+1)},
		{"catalogue aliases multiplying", func() error {
			elig := "    eligibility:\n      - &c0 {field: ogrs3, op: \">=\", value: 50}\n"
			for i := 1; i <= 9; i++ {
				elig += fmt.Sprintf("      - &c%d {any: [%s]}\n", i, strings.Repeat(fmt.Sprintf("*c%d, ", i-1), 9)+fmt.Sprintf("*c%d", i-1))
			}
			cat := strings.Replace(string(DefaultCatalogueYAML()), "    eligibility:\n", elig, 1)
			_, err := ReadCatalogue(strings.NewReader(cat), "c.yaml")
			return err
		}, "more than 100000 YAML nodes with aliases expanded"},
		{"catalogue with too many programmes", func() error {
			_, err := ReadCatalogueWith(bytes.NewReader(DefaultCatalogueYAML()), "c.yaml", Limits{MaxProgrammes: 5})
			return err
		}, "c.yaml: line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { done <- tt.read() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(time.Minute):
				t.Fatal("still reading after a minute")
			}
			if tt.want == "" {
				if err != nil && strings.Contains(err.Error(), "data.Limits") {
					t.Errorf("refused for a limit: %v", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%v, want an input error containing %q", err, tt.want)
			}
		})
	}
}

// TestExtendsLimit: a chain of Limits.MaxExtends scenarios reads; one more
// is refused at the extends line of the file that goes too deep.
func TestExtendsLimit(t *testing.T) {
	dir := t.TempDir()
	chain := func(n int) string { // s0 extends s1 … extends s(n-1)
		for i := range n {
			body := fmt.Sprintf("name: s%d\n", i)
			if i < n-1 {
				body += fmt.Sprintf("extends: s%d.yaml\n", i+1)
			}
			writeScenario(t, dir, fmt.Sprintf("s%d.yaml", i), body)
		}
		return filepath.Join(dir, "s0.yaml")
	}
	for _, max := range []int{3, MaxExtends} {
		if _, err := ReadScenarioWith(chain(max), Limits{MaxExtends: max}); err != nil {
			t.Errorf("%d scenarios with MaxExtends %d: %v", max, max, err)
		}
		_, err := ReadScenarioWith(chain(max+1), Limits{MaxExtends: max})
		want := fmt.Sprintf("s%d.yaml: line 2, column \"extends\": value \"s%d.yaml\": extends more than %d scenarios deep", max-1, max, max)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%d scenarios with MaxExtends %d: %v, want %q", max+1, max, err, want)
		}
	}
}

// TestArrowStreamAndDecodeBudget: an Arrow IPC stream reads as the file
// does; a stream whose first bytes claim gigabytes of metadata is refused
// before anything is allocated; and a Parquet or Arrow file that needs
// more memory than Limits.MaxDecodeBytes is refused with the limit named.
func TestArrowStreamAndDecodeBudget(t *testing.T) {
	ctx := context.Background()
	d, err := Load(ctx, samplePaths, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rec := profileRecord(d.Profiles, memory.DefaultAllocator)
	defer rec.Release()
	var stream bytes.Buffer
	w := ipc.NewWriter(&stream, ipc.WithSchema(rec.Schema()))
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ps, _, err := ReadProfiles(ctx, bytes.NewReader(stream.Bytes()), "p.arrows", ReadOptions{Format: Arrow})
	if err != nil || !reflect.DeepEqual(ps, d.Profiles) {
		t.Fatalf("stream: %v, same people %v", err, reflect.DeepEqual(ps, d.Profiles))
	}
	// 0x7FFFFFF0 bytes of metadata in a small file.
	bad := append([]byte{0xff, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff, 0x7f}, stream.Bytes()[8:]...)
	_, _, err = ReadProfiles(ctx, bytes.NewReader(bad), "p.arrows", ReadOptions{Format: Arrow})
	if err == nil || !strings.Contains(err.Error(), "p.arrows: not a readable Arrow IPC file or stream (truncated or damaged?): message metadata: 2147483632 bytes at byte 8, past the end") {
		t.Errorf("damaged stream: %v", err)
	}
	pq, ar := binaryProfiles(t, d.Profiles)
	for _, tt := range []struct {
		format Format
		b      []byte
	}{{Parquet, pq}, {Arrow, ar}, {Arrow, stream.Bytes()}} {
		_, _, err := ReadProfiles(ctx, bytes.NewReader(tt.b), "p", ReadOptions{Format: tt.format, Limits: Limits{MaxDecodeBytes: 1000}})
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "more than 1000 bytes of memory (data.Limits.MaxDecodeBytes)") {
			t.Errorf("%s with MaxDecodeBytes 1000: %v", tt.format, err)
		}
	}
}

// TestDecodeBudgetReturns: what the readers allocate they free, so the
// budget is of memory held at once, not of all the memory ever
// allocated, and a large file in many batches is not refused for its size.
func TestDecodeBudgetReturns(t *testing.T) {
	ctx := context.Background()
	d, err := Load(ctx, samplePaths, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// 100,000 people: two Arrow record batches and Parquet row groups;
	// 10,000 (one) under the race detector, which makes writing them 20
	// times slower.
	copies := 4000
	if raceEnabled {
		copies = 400
	}
	var ps []model.Profile
	for i := range copies {
		for _, p := range d.Profiles {
			p.PersonID = fmt.Sprintf("%s-%d", p.PersonID, i)
			ps = append(ps, p)
		}
	}
	for _, tt := range []struct {
		format Format
		write  func(io.Writer, []model.Profile) error
	}{{Parquet, WriteProfilesParquet}, {Arrow, WriteProfilesArrow}} {
		var b bytes.Buffer
		if err := tt.write(&b, ps); err != nil {
			t.Fatal(err)
		}
		f := bytes.NewReader(b.Bytes())
		mem := decodeBudget(f, Limits{}.orDefaults())
		var tr *tableReader
		if tt.format == Parquet {
			tr, err = openParquet(ctx, f, "p", profileSchema.want(), mem)
		} else {
			tr, err = openArrow(f, "p", mem)
		}
		if err != nil {
			t.Fatal(err)
		}
		rows := 0
		for {
			bt, err := tr.next()
			if err != nil {
				t.Fatal(err)
			}
			rows += bt.n
			bt.done()
			if bt.n == 0 {
				break
			}
		}
		tr.close()
		if rows != len(ps) || mem.used.Load() != 0 || mem.peak.Load() <= 0 {
			t.Errorf("%s: %d rows, %d bytes still held after reading (peak %d), want %d rows and 0", tt.format, rows, mem.used.Load(), mem.peak.Load(), len(ps))
		}
		t.Logf("%s: %d bytes, peak %d bytes held while reading %d people", tt.format, b.Len(), mem.peak.Load(), len(ps))
	}
}

// TestDamagedArrayIsInputError: a string array whose offsets point past
// its data (which Arrow's readers do not check) panics when a value is
// read; the decoder turns that into an input error at the row, where it
// used to end the process from a decoding goroutine.
func TestDamagedArrayIsInputError(t *testing.T) {
	offsets := memory.NewBufferBytes(arrow.Int32Traits.CastToBytes([]int32{0, 5, 3}))
	values := memory.NewBufferBytes([]byte("LEIHMI"))
	bad := array.NewStringData(array.NewData(arrow.BinaryTypes.String, 2, []*memory.Buffer{nil, offsets, values}, nil, 0, 0))
	defer bad.Release()
	cols := make([]column, len(establishmentSchema.names))
	for j := range cols {
		cols[j] = arrowCol{bad}
	}
	sent := false
	tr := &tableReader{names: establishmentSchema.names, record: true, close: func() {}, next: func() (batch, error) {
		if sent {
			return batch{}, nil
		}
		sent = true
		return batch{cols: cols, n: 2, rows: []int{1, 2}}, nil
	}}
	errs := &collector{max: DefaultMaxErrors}
	if _, err := readRows("e.arrow", tr, establishmentSchema, errs, func(c *cells) { c.str(0, true) }); err != nil {
		t.Fatal(err)
	}
	err := errs.err()
	if err == nil || !strings.Contains(err.Error(), "e.arrow: record 2: value \"\": damaged file: runtime error: slice bounds out of range") {
		t.Errorf("%v, want an input error at record 2", err)
	}
}

// TestArrowMetadataChecked: an Arrow IPC file or stream whose schema
// claims 2³¹−1 fields is refused as damaged; Arrow's readers would make a
// slice of that many fields (about 170 GB: a fatal out-of-memory error,
// which recover cannot catch).
func TestArrowMetadataChecked(t *testing.T) {
	ctx := context.Background()
	d, err := Load(ctx, samplePaths, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var file, stream bytes.Buffer
	if err := WriteProfilesArrow(&file, d.Profiles); err != nil {
		t.Fatal(err)
	}
	rec := profileRecord(d.Profiles, memory.DefaultAllocator)
	defer rec.Release()
	w := ipc.NewWriter(&stream, ipc.WithSchema(rec.Schema()))
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	le := binary.LittleEndian
	// claimFields sets the length of the fields vector of the Schema table
	// s in b (whose first byte is at base in the file) to 2³¹−1.
	claimFields := func(b []byte, base int, s fbTable) {
		to, err := s.ref(1)
		if err != nil || to < 0 {
			t.Fatalf("no fields vector: %v", err)
		}
		le.PutUint32(b[base+to:], 1<<31-1)
	}
	// The file's footer schema.
	fb := bytes.Clone(file.Bytes())
	n := int(le.Uint32(fb[len(fb)-10:]))
	foot := fb[len(fb)-10-n : len(fb)-10]
	ft, err := fbTableAt(foot, int(le.Uint32(foot)))
	if err != nil {
		t.Fatal(err)
	}
	sch, _, err := ft.sub(1)
	if err != nil {
		t.Fatal(err)
	}
	claimFields(fb, len(fb)-10-n, sch)
	// The stream's first message, the schema.
	sb := bytes.Clone(stream.Bytes())
	meta := sb[8 : 8+int(le.Uint32(sb[4:]))]
	m, err := fbTableAt(meta, int(le.Uint32(meta)))
	if err != nil {
		t.Fatal(err)
	}
	msch, _, err := m.sub(2)
	if err != nil {
		t.Fatal(err)
	}
	claimFields(sb, 8, msch)
	for _, tt := range []struct {
		name string
		b    []byte
		want string
	}{
		{"file", fb, "p.arrow: not a readable Arrow IPC file (truncated or damaged?): schema: damaged metadata"},
		{"stream", sb, "p.arrow: not a readable Arrow IPC file or stream (truncated or damaged?): message at byte 8: damaged metadata"},
	} {
		_, _, err := ReadProfiles(ctx, bytes.NewReader(tt.b), "p.arrow", ReadOptions{Format: Arrow})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// catalogueLine is the line of the embedded catalogue where text first
// begins (1-based).
func catalogueLine(t *testing.T, text string) int {
	t.Helper()
	cat := string(DefaultCatalogueYAML())
	i := strings.Index(cat, text)
	if i < 0 {
		t.Fatalf("the catalogue has no %q", text)
	}
	return strings.Count(cat[:i], "\n") + 1
}

// binaryProfiles writes ps as a Parquet file and as an Arrow IPC file.
func binaryProfiles(t *testing.T, ps []model.Profile) (pq, ar []byte) {
	t.Helper()
	var p, a bytes.Buffer
	if err := WriteProfilesParquet(&p, ps); err != nil {
		t.Fatal(err)
	}
	if err := WriteProfilesArrow(&a, ps); err != nil {
		t.Fatal(err)
	}
	return p.Bytes(), a.Bytes()
}
