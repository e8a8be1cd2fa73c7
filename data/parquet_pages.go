package data

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"

	"github.com/apache/thrift/lib/go/thrift"

	"github.com/apache/arrow/go/v15/parquet"
	"github.com/apache/arrow/go/v15/parquet/file"
	"github.com/apache/arrow/go/v15/parquet/metadata"
	pqschema "github.com/apache/arrow/go/v15/parquet/schema"
)

// Two faults of Arrow Go v15's column chunk reader on damaged pages cannot
// be recovered from, so every page passes through checkedPages on its way
// to the reader, which refuses the page first. The check reads the run
// headers of the level and index data, not the values (except bit-packed
// indices written wider than the dictionary needs).
//
//   - A data page whose header claims more values than its definition
//     levels hold (or, in a required column, than its dictionary indices
//     hold) makes ReadBatch loop forever: it decodes nothing, consumes
//     nothing and tries again. arrow-go v18 fixed it by making the level
//     decoder return io.ErrUnexpectedEOF; PARQUET-2109 is the same bug in
//     C++. Found by FuzzReadProfilesParquet
//     (testdata/fuzz/FuzzReadProfilesParquet/40f02ac13ecda974).
//   - A dictionary index past the dictionary makes the lazy dictionary
//     converter allocate index+1 values before finding out (an index of
//     2^31 asks for 48 GB), and an invalid index ends a required column's
//     read short without an error, which loops as above
//     (testdata/fuzz/FuzzReadProfilesParquet/079162ae5744bcbd).

// checkedPages is a page reader that stops, with an error, at the first
// data page holding fewer levels or indices than it claims or an index
// past the dictionary.
type checkedPages struct {
	file.PageReader
	col  *pqschema.Column
	dict int64 // dictionary entries the dictionary page can hold; -1 before one is read
	err  error
}

func newCheckedPages(pr file.PageReader, col *pqschema.Column) *checkedPages {
	return &checkedPages{PageReader: pr, col: col, dict: -1}
}

// Next moves to the next page unless this page, or an earlier one, is
// damaged.
func (p *checkedPages) Next() bool {
	if p.err != nil || !p.PageReader.Next() {
		return false
	}
	if err := p.check(p.PageReader.Page()); err != nil {
		p.err = err
		return false
	}
	return true
}

// Err returns the damaged page's error, or the underlying reader's.
func (p *checkedPages) Err() error {
	if p.err != nil {
		return p.err
	}
	return p.PageReader.Err()
}

// check returns an error when a page would make the column reader spin or
// over-allocate. Pages Arrow refuses by itself (a level length past the
// page's end, a bit-packed level run too short, a data page before its
// dictionary) are left to it, as are the value encodings whose decoders
// report running short.
func (p *checkedPages) check(pg file.Page) error {
	if d, ok := pg.(*file.DictionaryPage); ok {
		p.dict = max(0, min(int64(d.NumValues()), dictCapacity(len(d.Data()), p.col)))
		return nil
	}
	maxDef := p.col.MaxDefinitionLevel()
	levels, values, ok := pageParts(pg, maxDef)
	if !ok {
		return nil
	}
	want := int64(pg.NumValues())
	if maxDef > 0 {
		if have, _ := rleRuns(levels, bits.Len16(uint16(maxDef)), want, noLimit); have < want {
			return fmt.Errorf("a data page claims %d values but its definition levels hold %d", want, have)
		}
	}
	switch parquet.Encoding(pg.Encoding()) {
	case parquet.Encodings.PlainDict, parquet.Encodings.RLEDict:
	default:
		return nil
	}
	if p.dict < 0 {
		return nil
	}
	return p.indices(values, want, maxDef == 0)
}

// indices checks a dictionary-encoded page's indices: each below the
// dictionary's size and, in a required column, at least want of them.
func (p *checkedPages) indices(values []byte, want int64, required bool) error {
	if len(values) == 0 {
		if required && want > 0 {
			return fmt.Errorf("a data page claims %d values but holds no dictionary indices", want)
		}
		return nil
	}
	// The first byte is the indices' bit width (parquet-format
	// Encodings.md, "Dictionary Encoding"); Arrow's decoder takes up to 63.
	width := int(values[0])
	if width >= 64 {
		return fmt.Errorf("a data page's dictionary indices have bit width %d (at most 63)", width)
	}
	have, bad := rleRuns(values[1:], width, want, p.dict)
	if bad {
		return fmt.Errorf("a data page has a dictionary index past the dictionary's %d values", p.dict)
	}
	if required && have < want {
		return fmt.Errorf("a data page claims %d values but its dictionary indices hold %d", want, have)
	}
	return nil
}

// pageParts returns a data page's definition level runs and its values,
// as Arrow's column reader finds them (parquet/file/column_reader.go,
// initLevelDecodersV1 and V2, initDataDecoder); ok is false for other pages
// and for pages Arrow refuses by itself.
func pageParts(pg file.Page, maxDef int16) (levels, values []byte, ok bool) {
	switch pg := pg.(type) {
	case *file.DataPageV1:
		// Layout: a 4-byte length, the level runs, the values
		// (DataPageHeader). Arrow decodes runs from just past the length
		// to the page's end, and the values from past the length.
		data := pg.Data()
		if maxDef == 0 {
			return nil, data, true
		}
		if pg.DefinitionLevelEncoding() != parquet.Encodings.RLE || len(data) < 4 {
			return nil, nil, false
		}
		n := int64(binary.LittleEndian.Uint32(data))
		if n > int64(len(data)-4) {
			return nil, nil, false
		}
		return data[4:], data[4+n:], true
	case *file.DataPageV2:
		// Layout: repetition levels, definition levels, values, with the
		// level lengths in the header (DataPageHeaderV2).
		data, rep, def := pg.Data(), int64(pg.RepetitionLevelByteLen()), int64(pg.DefinitionLevelByteLen())
		if rep < 0 || def < 0 || rep+def > int64(len(data)) {
			return nil, nil, false
		}
		return data[rep:], data[rep+def:], true
	}
	return nil, nil, false
}

// dictCapacity is the most values a PLAIN dictionary page of n bytes can
// hold: each value takes at least a 4-byte length (BYTE_ARRAY), its
// fixed width, or a bit (BOOLEAN) (parquet-format Encodings.md, "Plain").
func dictCapacity(n int, col *pqschema.Column) int64 {
	size := 1
	switch col.PhysicalType() {
	case parquet.Types.Boolean:
		return int64(n) * 8
	case parquet.Types.ByteArray, parquet.Types.Int32, parquet.Types.Float:
		size = 4
	case parquet.Types.Int64, parquet.Types.Double:
		size = 8
	case parquet.Types.Int96:
		size = 12
	case parquet.Types.FixedLenByteArray:
		size = max(1, col.TypeLength())
	}
	return int64(n / size)
}

// noLimit is rleRuns's limit when values are not checked.
const noLimit = -1

// rleRuns counts the values of an RLE / bit-packing hybrid sequence of
// runs (parquet-format Encodings.md, "Run Length Encoding / Bit-Packing
// Hybrid") that Arrow's RleDecoder (parquet/internal/utils/rle.go) decodes
// for certain: the runs before the first incomplete or invalid one, up to
// want. A header is a ULEB128 varint; its low bit set means count×8
// bit-packed values in count×width bytes, clear means one value, in
// ⌈width/8⌉ little-endian bytes, repeated count times. Arrow stops at a
// run count of 0 or past math.MaxInt32 (÷8 for bit-packed runs). With
// limit ≥ 0, bad reports a value of limit or more in the runs counted
// (with limit 0, an empty dictionary, any value); noLimit checks none.
func rleRuns(b []byte, width int, want int64, limit int64) (n int64, bad bool) {
	for n < want {
		h, k := binary.Uvarint(b)
		if k <= 0 {
			break
		}
		b = b[k:]
		count := h >> 1
		var size uint64
		if h&1 == 1 {
			if count == 0 || count > math.MaxInt32/8 {
				break
			}
			size = count * uint64(width)
		} else {
			if count == 0 || count > math.MaxInt32 {
				break
			}
			size = uint64(width+7) / 8
		}
		if size > uint64(len(b)) {
			break
		}
		run := b[:size]
		b = b[size:]
		if h&1 == 1 {
			count *= 8
			// Values below 2^width all fit when the dictionary is at
			// least that large; otherwise each is unpacked and checked.
			if limit >= 0 && width < 64 && uint64(limit) < 1<<width && maxPacked(run, width, int(count)) >= uint64(limit) {
				return n, true
			}
		} else if limit >= 0 {
			var v [8]byte
			copy(v[:], run)
			if binary.LittleEndian.Uint64(v[:]) >= uint64(limit) {
				return n, true
			}
		}
		n += int64(count)
	}
	return n, false
}

// maxPacked returns the largest of n width-bit values packed from the
// least significant bit of b on (parquet-format Encodings.md, "Bit-packed
// (Deprecated)" describes the other order; the hybrid's runs use this one).
func maxPacked(b []byte, width, n int) uint64 {
	var m uint64
	for i := range n {
		var v uint64
		for j := range width {
			bit := i*width + j
			v |= uint64(b[bit>>3]>>(bit&7)&1) << j
		}
		m = max(m, v)
	}
	return m
}

// columnReader returns a reader for leaf column k of row group rg whose
// pages pass through checkedPages, and the checkedPages, whose error says
// why a read stopped short.
func (r *pqReader) columnReader(rg, k int) (file.ColumnChunkReader, *checkedPages, error) {
	if err := r.pageHeaders(rg, k); err != nil {
		return nil, nil, err
	}
	pr, err := r.pf.RowGroup(rg).GetColumnPageReader(k)
	if err != nil {
		return nil, nil, err
	}
	col := r.pf.MetaData().Schema.Column(k)
	cp := newCheckedPages(pr, col)
	return file.NewColumnReader(col, cp, r.mem, r.pf.BufferPool()), cp, nil
}

// Arrow's reader allocates on the Go heap, outside the decoding budget, a
// buffer of the length a column chunk's metadata gives, and then one of
// each page header's compressed size, before reading them: a damaged 10 KB
// file asked for 7.4 GB and 0.9 GB. It also skips a page of unknown type
// without skipping its body, then parses the body byte by byte as page
// headers, each time retrying with a buffer doubled up to 16 MiB: minutes
// for a 10 KB file. (All three found by FuzzReadProfilesParquet.)
// pageHeaders checks the chunk's extent and walks its page headers first:
// it refuses a chunk or page longer than the rest of the file, a header
// that does not parse and a page of a type Arrow does not read.

// maxPageHeader is the largest page header read, Arrow's default
// (parquet/file/page_reader.go, defaultMaxPageHeaderSize).
const maxPageHeader = 16 << 20

// The page types Arrow reads (parquet-format parquet.thrift, PageType).
const (
	pageData       = 0
	pageDictionary = 2
	pageDataV2     = 3
)

// chunk returns column chunk k of row group g's metadata and first byte,
// and an error when the chunk runs past the file's end (Arrow reads the
// whole chunk into a buffer of the length the metadata gives,
// parquet.ReaderProperties.GetStream, before finding out); cc is nil for a
// chunk Arrow reports itself.
func (r *pqReader) chunk(g, k int) (cc *metadata.ColumnChunkMetaData, pos int64, err error) {
	cc, err = r.pf.MetaData().RowGroup(g).ColumnChunk(k)
	if err != nil || cc.CryptoMetadata() != nil {
		return nil, 0, nil
	}
	pos = cc.DataPageOffset()
	if cc.HasDictionaryPage() && cc.DictionaryPageOffset() > 0 && pos > cc.DictionaryPageOffset() {
		pos = cc.DictionaryPageOffset()
	}
	if n := cc.TotalCompressedSize(); pos < 0 || n < 0 || n > r.size-pos {
		return nil, 0, fmt.Errorf("the column chunk's metadata puts it at byte %d, %d bytes long, but the file has %d bytes", pos, n, r.size)
	}
	return cc, pos, nil
}

// pageHeaders checks the page headers of column chunk k of row group g,
// from the chunk's first page to its end, as Arrow's page reader finds them
// (parquet/file/row_group_reader.go, GetColumnPageReader).
func (r *pqReader) pageHeaders(g, k int) error {
	cc, pos, err := r.chunk(g, k)
	if cc == nil {
		return err
	}
	// Arrow stops once the pages have given the chunk's values.
	for end, seen := pos+cc.TotalCompressedSize(), int64(0); pos < end && seen < cc.NumValues(); {
		h, err := r.pageHeader(pos)
		switch {
		case err != nil:
			return fmt.Errorf("the page header at byte %d does not parse: %w", pos, err)
		case h.typ != pageData && h.typ != pageDictionary && h.typ != pageDataV2:
			return fmt.Errorf("the page at byte %d is of type %d, not a data or dictionary page", pos, h.typ)
		case h.size > r.size-pos-h.n:
			return fmt.Errorf("the page header at byte %d says the page is %d bytes long; %d bytes of the file follow it", pos, h.size, r.size-pos-h.n)
		}
		pos += h.n + h.size
		seen += h.values
	}
	return nil
}

// pageHead is what pageHeaders needs of a page header.
type pageHead struct {
	n      int64 // the header's length in bytes
	typ    int32 // PageHeader.type
	size   int64 // PageHeader.compressed_page_size
	values int64 // num_values of the data page header (V1 or V2); 0 for other pages
}

// pageHeader reads the page header at byte pos (parquet-format
// parquet.thrift, PageHeader, in Thrift's compact protocol). Like Arrow,
// it doubles the bytes it reads while the header does not parse, up to
// Arrow's 16 MiB (from 1 KiB, where Arrow starts at 16 KiB: most headers
// take under 100 bytes).
func (r *pqReader) pageHeader(pos int64) (pageHead, error) {
	ctx := context.Background()
	for want := int64(1 << 10); ; want *= 2 {
		buf := make([]byte, min(want, r.size-pos))
		if _, err := r.src.ReadAt(buf, pos); err != nil && !errors.Is(err, io.EOF) {
			return pageHead{}, err
		}
		t := &thrift.TMemoryBuffer{Buffer: bytes.NewBuffer(buf)}
		h, err := headerFields(ctx, thrift.NewTCompactProtocolConf(t, &thrift.TConfiguration{}))
		if err == nil {
			h.n = int64(len(buf)) - int64(t.RemainingBytes())
			return h, nil
		}
		if want >= maxPageHeader || int64(len(buf)) < want {
			return pageHead{}, err
		}
	}
}

// headerFields reads a PageHeader struct: its fields 1 (type) and 3
// (compressed_page_size), both required, and the num_values (field 1) of
// its data_page_header (field 5) or data_page_header_v2 (field 8).
func headerFields(ctx context.Context, p *thrift.TCompactProtocol) (h pageHead, err error) {
	h.typ, h.size = -1, -1
	err = fields(ctx, p, func(id int16, ft thrift.TType) (bool, error) {
		switch {
		case id == 1 && ft == thrift.I32:
			h.typ, err = p.ReadI32(ctx)
		case id == 3 && ft == thrift.I32:
			var v int32
			v, err = p.ReadI32(ctx)
			h.size = int64(v)
		case (id == 5 || id == 8) && ft == thrift.STRUCT:
			err = fields(ctx, p, func(id int16, ft thrift.TType) (bool, error) {
				if id != 1 || ft != thrift.I32 {
					return false, nil
				}
				v, err := p.ReadI32(ctx)
				h.values = int64(v)
				return true, err
			})
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && (h.typ < 0 || h.size < 0 || h.values < 0) {
		err = errors.New("no page type or compressed_page_size, or a negative size or count")
	}
	return h, err
}

// fields reads a struct, calling read for each field: read reads the
// field's value and returns true, or returns false for fields skips.
func fields(ctx context.Context, p *thrift.TCompactProtocol, read func(id int16, ft thrift.TType) (bool, error)) error {
	if _, err := p.ReadStructBegin(ctx); err != nil {
		return err
	}
	for {
		_, ft, id, err := p.ReadFieldBegin(ctx)
		if err != nil {
			return err
		}
		if ft == thrift.STOP {
			return p.ReadStructEnd(ctx)
		}
		done, err := read(id, ft)
		if err == nil && !done {
			err = p.Skip(ctx, ft)
		}
		if err != nil {
			return err
		}
		if err := p.ReadFieldEnd(ctx); err != nil {
			return err
		}
	}
}
