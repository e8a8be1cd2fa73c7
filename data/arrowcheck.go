package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Arrow's IPC readers trust the flatbuffers that describe a file's schema
// and record batches: a vector's length is used for make before anything
// checks it against the buffer, and a child offset can point back at its
// parent, so one damaged length is a fatal out-of-memory error and one
// damaged offset a fatal stack overflow, neither of which recover can
// catch. checkArrowFile and checkArrowStream verify every flatbuffer the
// readers will decode — each table, vector and string inside its buffer,
// fields nested at most fbMaxDepth deep — and every message and block
// inside the file, before Arrow sees them. The layouts are Arrow's
// format/Schema.fbs, Message.fbs and File.fbs (Arrow columnar format,
// "Serialization and Interprocess Communication"); the encoding is the
// FlatBuffers binary format (flatbuffers.dev, "Internals").

// fbMaxDepth bounds the nesting of fields (a list of structs of lists …):
// no table needsplan reads nests at all.
const fbMaxDepth = 64

var errFlatbuffer = errors.New("damaged metadata (a flatbuffer offset or length outside its buffer)")

// fbTable is a verified flatbuffer table: its position and its vtable's.
type fbTable struct {
	b            []byte
	pos, vt      int
	vsize, tsize int
}

func fbIn(b []byte, at, n int) bool { return at >= 0 && n >= 0 && at <= len(b) && n <= len(b)-at }

// fbTableAt verifies the table at pos.
func fbTableAt(b []byte, pos int) (fbTable, error) {
	le := binary.LittleEndian
	if !fbIn(b, pos, 4) {
		return fbTable{}, errFlatbuffer
	}
	vt := pos - int(int32(le.Uint32(b[pos:])))
	if !fbIn(b, vt, 4) {
		return fbTable{}, errFlatbuffer
	}
	t := fbTable{b: b, pos: pos, vt: vt, vsize: int(le.Uint16(b[vt:])), tsize: int(le.Uint16(b[vt+2:]))}
	if t.vsize < 4 || t.vsize%2 != 0 || !fbIn(b, vt, t.vsize) || t.tsize < 4 || !fbIn(b, pos, t.tsize) {
		return fbTable{}, errFlatbuffer
	}
	return t, nil
}

// field returns the position of field k holding size bytes, or -1 when
// the field is absent (its default applies).
func (t fbTable) field(k, size int) (int, error) {
	e := 4 + 2*k
	if e+2 > t.vsize {
		return -1, nil
	}
	off := int(binary.LittleEndian.Uint16(t.b[t.vt+e:]))
	if off == 0 {
		return -1, nil
	}
	if off+size > t.tsize {
		return 0, errFlatbuffer
	}
	return t.pos + off, nil
}

// ref follows the offset in field k, or returns -1 when it is absent.
func (t fbTable) ref(k int) (int, error) {
	at, err := t.field(k, 4)
	if at < 0 || err != nil {
		return at, err
	}
	to := at + int(binary.LittleEndian.Uint32(t.b[at:]))
	if !fbIn(t.b, to, 4) {
		return 0, errFlatbuffer
	}
	return to, nil
}

// byte returns field k's byte value (0 when absent).
func (t fbTable) byte(k int) (byte, error) {
	at, err := t.field(k, 1)
	if at < 0 || err != nil {
		return 0, err
	}
	return t.b[at], nil
}

// sub returns the table in field k, or ok false when it is absent.
func (t fbTable) sub(k int) (fbTable, bool, error) {
	to, err := t.ref(k)
	if to < 0 || err != nil {
		return fbTable{}, false, err
	}
	s, err := fbTableAt(t.b, to)
	return s, err == nil, err
}

// vector returns the start and length of the vector in field k, whose
// elements are elem bytes each, checking that all of them are inside the
// buffer (n is 0 when the field is absent).
func (t fbTable) vector(k, elem int) (start, n int, err error) {
	to, err := t.ref(k)
	if to < 0 || err != nil {
		return 0, 0, err
	}
	n = int(binary.LittleEndian.Uint32(t.b[to:]))
	if n > (len(t.b)-to-4)/elem {
		return 0, 0, errFlatbuffer
	}
	return to + 4, n, nil
}

// tables calls fn on each table of the vector of tables in field k.
func (t fbTable) tables(k int, fn func(fbTable) error) error {
	start, n, err := t.vector(k, 4)
	if err != nil {
		return err
	}
	for i := range n {
		at := start + 4*i
		s, err := fbTableAt(t.b, at+int(binary.LittleEndian.Uint32(t.b[at:])))
		if err != nil {
			return err
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

// keyValues verifies a vector of KeyValue {key: string, value: string}.
func (t fbTable) keyValues(k int) error {
	return t.tables(k, func(kv fbTable) error {
		if _, _, err := kv.vector(0, 1); err != nil {
			return err
		}
		_, _, err := kv.vector(1, 1)
		return err
	})
}

// fbField verifies a Field: name, type (a union of small tables; Union's
// typeIds is its one vector), dictionary, children, custom_metadata.
// budget bounds the fields verified, against children that point back.
func fbField(f fbTable, depth int, budget *int) error {
	if *budget--; *budget < 0 || depth > fbMaxDepth {
		return fmt.Errorf("fields nested more than %d deep or more fields than the metadata could hold", fbMaxDepth)
	}
	if _, _, err := f.vector(0, 1); err != nil {
		return err
	}
	kind, err := f.byte(2)
	if err != nil {
		return err
	}
	if typ, ok, err := f.sub(3); err != nil {
		return err
	} else if ok && kind == 14 { // Type.Union
		if _, _, err := typ.vector(1, 4); err != nil {
			return err
		}
	}
	if dict, ok, err := f.sub(4); err != nil {
		return err
	} else if ok {
		if _, _, err := dict.sub(1); err != nil {
			return err
		}
	}
	if err := f.tables(5, func(c fbTable) error { return fbField(c, depth+1, budget) }); err != nil {
		return err
	}
	return f.keyValues(6)
}

// fbSchema verifies a Schema: fields, custom_metadata, features.
func fbSchema(s fbTable) error {
	budget := len(s.b) / 4
	if err := s.tables(1, func(f fbTable) error { return fbField(f, 1, &budget) }); err != nil {
		return err
	}
	if err := s.keyValues(2); err != nil {
		return err
	}
	_, _, err := s.vector(3, 8)
	return err
}

// fbRecordBatch verifies a RecordBatch: nodes and buffers (structs of 16
// bytes), compression, variadicBufferCounts.
func fbRecordBatch(r fbTable) error {
	for _, v := range []struct{ k, elem int }{{1, 16}, {2, 16}, {4, 8}} {
		if _, _, err := r.vector(v.k, v.elem); err != nil {
			return err
		}
	}
	_, _, err := r.sub(3)
	return err
}

// fbMessage verifies a Message flatbuffer: a schema, a record batch or a
// dictionary batch, and its custom_metadata; it returns the body length.
func fbMessage(b []byte) (int64, error) {
	if !fbIn(b, 0, 4) {
		return 0, errFlatbuffer
	}
	m, err := fbTableAt(b, int(binary.LittleEndian.Uint32(b)))
	if err != nil {
		return 0, err
	}
	kind, err := m.byte(1)
	if err != nil {
		return 0, err
	}
	h, ok, err := m.sub(2)
	if err != nil {
		return 0, err
	}
	if ok {
		switch kind {
		case 1: // Schema
			err = fbSchema(h)
		case 2: // DictionaryBatch {id, data: RecordBatch, isDelta}
			if d, ok, derr := h.sub(1); derr != nil {
				err = derr
			} else if ok {
				err = fbRecordBatch(d)
			}
		case 3: // RecordBatch
			err = fbRecordBatch(h)
		default:
			err = fmt.Errorf("a message of type %d: want a schema or a record batch", kind)
		}
		if err != nil {
			return 0, err
		}
	}
	if err := m.keyValues(4); err != nil {
		return 0, err
	}
	at, err := m.field(3, 8)
	if at < 0 || err != nil {
		return 0, err
	}
	return int64(binary.LittleEndian.Uint64(b[at:])), nil
}

// readAtMost reads n bytes at off of a file of size bytes, n checked
// against the size first.
func readAtMost(f io.ReaderAt, off, n, size int64) ([]byte, error) {
	if off < 0 || n < 0 || off > size || n > size-off {
		return nil, fmt.Errorf("%d bytes at byte %d, past the end of the %d-byte file", n, off, size)
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, off); err != nil {
		return nil, fmt.Errorf("cannot read %d bytes at byte %d: %w", n, off, err)
	}
	return b, nil
}

// checkArrowFile verifies an Arrow IPC file of size bytes: its footer
// (Footer {version, schema, dictionaries: [Block], recordBatches: [Block],
// custom_metadata}, then its 32-bit length and ARROW1), and each block's
// message, which must lie inside the file with its body.
func checkArrowFile(f io.ReaderAt, size int64) error {
	tail, err := readAtMost(f, size-10, 10, size)
	if err != nil || string(tail[4:]) != string(arrowMagic) {
		return nil // not a file Arrow can open: it says why
	}
	n := int64(binary.LittleEndian.Uint32(tail))
	foot, err := readAtMost(f, size-10-n, n, size)
	if err != nil {
		return fmt.Errorf("footer: %w", err)
	}
	if !fbIn(foot, 0, 4) {
		return errFlatbuffer
	}
	ft, err := fbTableAt(foot, int(binary.LittleEndian.Uint32(foot)))
	if err != nil {
		return fmt.Errorf("footer: %w", err)
	}
	if s, ok, err := ft.sub(1); err != nil {
		return fmt.Errorf("footer: %w", err)
	} else if ok {
		if err := fbSchema(s); err != nil {
			return fmt.Errorf("schema: %w", err)
		}
	}
	le := binary.LittleEndian
	for _, k := range []int{2, 3} {
		start, count, err := ft.vector(k, 24) // Block {offset: long, metaDataLength: int, body: long}
		if err != nil {
			return fmt.Errorf("footer: %w", err)
		}
		for i := range count {
			blk := foot[start+24*i:]
			off, meta, body := int64(le.Uint64(blk)), int64(int32(le.Uint32(blk[8:]))), int64(le.Uint64(blk[16:]))
			if body < 0 || meta < 8 || off < 0 || off > size || meta > size-off || body > size-off-meta {
				return fmt.Errorf("block %d: %d bytes of metadata and %d of body at byte %d, past the end of the %d-byte file", i+1, meta, body, off, size)
			}
			b, err := readAtMost(f, off, meta, size)
			if err != nil {
				return err
			}
			prefix := 4 // a 32-bit length, after the continuation marker since Arrow 0.15
			if le.Uint32(b) == 0xFFFFFFFF {
				prefix = 8
			}
			if _, err := fbMessage(b[prefix:]); err != nil {
				return fmt.Errorf("block %d: %w", i+1, err)
			}
		}
	}
	return nil
}

// checkArrowStream verifies an Arrow IPC stream of size bytes: each
// message is a continuation marker 0xFFFFFFFF (absent before Arrow 0.15),
// a 32-bit metadata length, the metadata (a Message) and the body, and
// must lie inside the file. Arrow's stream reader allocates the metadata
// with make, before reading it and outside any allocator, so four damaged
// bytes at the start of a small file would otherwise cost gigabytes.
func checkArrowStream(f io.ReaderAt, size int64) error {
	u32 := func(at int64) (uint32, bool) {
		b, err := readAtMost(f, at, 4, size)
		if err != nil {
			return 0, false
		}
		return binary.LittleEndian.Uint32(b), true
	}
	for pos := int64(0); pos+4 <= size; {
		n, _ := u32(pos)
		pos += 4
		if n == 0xFFFFFFFF {
			var ok bool
			if n, ok = u32(pos); !ok {
				return nil // Arrow says what is missing
			}
			pos += 4
		}
		if n == 0 {
			return nil // end of stream
		}
		meta, err := readAtMost(f, pos, int64(int32(n)), size)
		if err != nil {
			return fmt.Errorf("message metadata: %w", err)
		}
		pos += int64(len(meta))
		body, err := fbMessage(meta)
		if err != nil {
			return fmt.Errorf("message at byte %d: %w", pos-int64(len(meta)), err)
		}
		if body < 0 || body > size-pos {
			return fmt.Errorf("a message body of %d bytes at byte %d, past the end of the %d-byte file", body, pos, size)
		}
		pos += body
	}
	return nil
}
