package data

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v15/arrow"
	"github.com/apache/arrow/go/v15/arrow/array"
	"github.com/apache/arrow/go/v15/arrow/memory"
	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/compress"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/pqarrow"
)

// TestRLERuns checks the run counting and the index limit against hand-encoded runs
// (parquet-format Encodings.md: a ULEB128 header, low bit 1 for count×8
// bit-packed values in count×width bytes, 0 for one ⌈width/8⌉-byte value
// repeated count times).
func TestRLERuns(t *testing.T) {
	tests := []struct {
		name  string
		b     []byte
		width int
		want  int64 // values asked for
		limit int64 // values must be below it; noLimit: none
		have  int64
		bad   bool
	}{
		{"one repeated run", []byte{5 << 1, 1}, 1, 5, noLimit, 5, false},
		{"two bit-packed groups", []byte{2<<1 | 1, 0xff, 0x0f}, 1, 16, noLimit, 16, false},
		{"bit-packed run missing a byte", []byte{2<<1 | 1, 0xff}, 1, 16, noLimit, 0, false},
		{"repeated run without its value", []byte{5 << 1}, 1, 5, noLimit, 0, false},
		{"zero-count run stops the decoder", []byte{0, 5 << 1, 1}, 1, 5, noLimit, 0, false},
		{"two-byte header: 200 repeats", []byte{0x90, 0x03, 1}, 1, 200, noLimit, 200, false},
		{"second run truncated", []byte{3 << 1, 1, 1<<1 | 1}, 1, 11, noLimit, 3, false},
		{"width 0: no value bytes", []byte{7 << 1}, 0, 7, noLimit, 7, false},
		{"width 9: two value bytes", []byte{4 << 1, 0x01, 0x01}, 9, 4, noLimit, 4, false},
		{"width 9: one value byte short", []byte{4 << 1, 0x01}, 9, 4, noLimit, 0, false},
		{"stops once want is reached", []byte{10 << 1, 1, 10 << 1}, 1, 10, noLimit, 10, false},
		{"empty", nil, 1, 1, noLimit, 0, false},
		// The spec's example: 0..7 at width 3 pack to 0x88 0xC6 0xFA.
		{"packed indices within the dictionary", []byte{1<<1 | 1, 0x88, 0xc6, 0xfa}, 3, 8, 8, 8, false},
		{"packed index 7 past a 7-entry dictionary", []byte{1<<1 | 1, 0x88, 0xc6, 0xfa}, 3, 8, 7, 0, true},
		{"repeated index past the dictionary", []byte{5 << 1, 9}, 4, 5, 9, 0, true},
		{"repeated index just inside", []byte{5 << 1, 8}, 4, 5, 9, 5, false},
		{"repeated two-byte index 300 of 256", []byte{2 << 1, 0x2c, 0x01}, 9, 2, 256, 0, true},
		{"any index past an empty dictionary", []byte{5 << 1, 0}, 1, 5, 0, 0, true},
		{"header varint overflow", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, 1, 1, noLimit, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			have, bad := rleRuns(tt.b, tt.width, tt.want, tt.limit)
			if have != tt.have || bad != tt.bad {
				t.Errorf("rleRuns(%x, width %d, want %d, limit %d) = %d, %v; want %d, %v", tt.b, tt.width, tt.want, tt.limit, have, bad, tt.have, tt.bad)
			}
		})
	}
}

// TestDamagedPagesRefused damages one page of a small Parquet file in
// each way that made Arrow v15's reader spin forever or over-allocate
// (parquet_pages.go), and checks the read stops with the reason.
func TestDamagedPagesRefused(t *testing.T) {
	tests := []struct {
		name     string
		nullable bool // an optional column (definition levels) or a required one
		dict     bool
		// damage patches the data page's body, checking first it is as
		// the encodings say (parquet-format Encodings.md).
		damage func(t *testing.T, body []byte)
		want   string
	}{
		{"levels short", true, false, func(t *testing.T, b []byte) {
			// V1 page: a 4-byte length, then one RLE run of ten 1s
			// (header 10<<1, value 1).
			expect(t, b[4:6], 10<<1, 1)
			b[4] = 1 << 1 // one level
		}, "claims 10 values but its definition levels hold 1"},
		{"indices short", false, true, func(t *testing.T, b []byte) {
			// Bit width 4, then two bit-packed groups of 8 (header 2<<1|1).
			expect(t, b[:2], 4, 2<<1|1)
			b[1] = 1<<1 | 1 // one group: 8 indices, in b[2:6]
			b[6] = 0        // then a run of none, where the decoder stops
		}, "claims 10 values but its dictionary indices hold 8"},
		{"index past the dictionary", false, true, func(t *testing.T, b []byte) {
			expect(t, b[:2], 4, 2<<1|1)
			b[2] = 0xff // indices 15 and 15 of a 10-entry dictionary
		}, "dictionary index past the dictionary's 10 values"},
		{"optional column, index past the dictionary", true, true, func(t *testing.T, b []byte) {
			// Levels: length 2, run of ten 1s; then bit width 4 and two
			// bit-packed groups.
			expect(t, b[:9], 2, 0, 0, 0, 10<<1, 1, 4, 2<<1|1)
			b[8] = 0xff
		}, "dictionary index past the dictionary's 10 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := damagedParquet(t, tt.nullable, tt.dict, tt.damage)
			f := bytes.NewReader(in)
			tr, err := openParquet(context.Background(), f, "x.parquet", map[string]bool{"x": true}, memory.DefaultAllocator)
			if err != nil {
				t.Fatal(err)
			}
			_, err = tr.next()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestDamagedPageHeadersRefused reads files FuzzReadProfilesParquet
// found that made Arrow's reader allocate gigabytes or parse a page body
// byte by byte as headers, and checks each is refused for that reason.
func TestDamagedPageHeadersRefused(t *testing.T) {
	tests := []struct {
		input string // under testdata/fuzz/FuzzReadProfilesParquet
		want  string
	}{
		{"c209d4d55e430737", "bytes of the file follow it"},
		{"chunk-past-end", "7452229592 bytes long, but the file has 10481 bytes"},
		{"40f02ac13ecda974", "does not parse"},
		{"page-body-as-headers", "does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			in := fuzzInput(t, filepath.Join("testdata", "fuzz", "FuzzReadProfilesParquet", tt.input))
			_, _, err := ReadProfiles(context.Background(), bytes.NewReader(in), "profiles.parquet", ReadOptions{Format: Parquet})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one saying %q", err, tt.want)
			}
			inputError(t, "ReadProfiles", err)
		})
	}
}

// damagedParquet writes a one-column Parquet file, uncompressed, one V1
// data page, of ten int32 values 1..10 (x), and lets damage patch the data
// page's body.
func damagedParquet(t *testing.T, nullable, dict bool, damage func(*testing.T, []byte)) []byte {
	t.Helper()
	b := array.NewInt32Builder(memory.DefaultAllocator)
	defer b.Release()
	for v := range int32(10) {
		b.Append(v + 1)
	}
	col := b.NewArray()
	defer col.Release()
	sc := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int32, Nullable: nullable}}, nil)
	rec := array.NewRecord(sc, []arrow.Array{col}, 10)
	defer rec.Release()
	var buf bytes.Buffer
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Uncompressed),
		parquet.WithDictionaryDefault(dict), parquet.WithDataPageVersion(parquet.DataPageV1))
	w, err := pqarrow.NewFileWriter(sc, &buf, props, pqarrow.NewArrowWriterProperties())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	pf, err := file.NewParquetReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	cc, err := pf.MetaData().RowGroup(0).ColumnChunk(0)
	if err != nil {
		t.Fatal(err)
	}
	r := &pqReader{src: bytes.NewReader(out), size: int64(len(out))}
	pos := cc.DataPageOffset()
	h, err := r.pageHeader(pos)
	if err != nil || h.typ != pageData {
		t.Fatalf("data page header at %d: %+v, %v", pos, h, err)
	}
	damage(t, out[pos+h.n:pos+h.n+h.size])
	return out
}

// expect fails t unless b starts with want.
func expect(t *testing.T, b []byte, want ...byte) {
	t.Helper()
	if !bytes.HasPrefix(b, want) {
		t.Fatalf("page body starts % x, want % x", b[:min(len(b), len(want))], want)
	}
}

// fuzzInput returns the []byte of a one-value corpus file ("go test fuzz
// v1", then the value as a Go literal).
func fuzzInput(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || lines[0] != "go test fuzz v1" {
		t.Fatalf("%s: not a one-value fuzz corpus file", path)
	}
	s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return []byte(s)
}
