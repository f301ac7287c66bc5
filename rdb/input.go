package rdb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/strata-db/strata/internal/crc64"
	"github.com/strata-db/strata/internal/lzf"
)

const (
	inputBufSize = 64 << 10
	// bigReadChunk bounds how much is allocated ahead of the bytes actually
	// read, so a corrupt length cannot make us allocate gigabytes.
	bigReadChunk = 1 << 20
	// lzfMaxRatio bounds the expansion of LZF: the best item, a 3-byte long
	// back-reference, yields 264 bytes.
	lzfMaxRatio = 88
)

// input is a buffered reader that knows the file offset of every byte and
// keeps a running CRC-64 of the bytes consumed so far.
type input struct {
	r      io.Reader
	buf    []byte
	pos    int
	end    int
	base   int64 // file offset of buf[0]
	crc    uint64
	crcPos int // buf[:crcPos] is already in crc
	eof    bool

	// Where the last string came from, to place errors found inside it.
	strOff        int64
	strCompressed bool
	strPayload    int64  // file offset of a raw string's first byte
	scratch       []byte // LZF output, reused
	numBuf        [24]byte
}

func newInput(r io.Reader, base int64) *input {
	return &input{r: r, buf: make([]byte, inputBufSize), base: base}
}

func (in *input) offset() int64 { return in.base + int64(in.pos) }

// checksum folds everything consumed so far into the CRC and returns it.
func (in *input) checksum() uint64 {
	in.crc = crc64.Update(in.crc, in.buf[in.crcPos:in.pos])
	in.crcPos = in.pos
	return in.crc
}

func (in *input) truncated(what string) error {
	return &truncatedError{offset: in.base + int64(in.end), what: what}
}

func (in *input) corrupt(off int64, format string, args ...any) error {
	return &CorruptionError{Offset: off, Reason: fmt.Sprintf(format, args...)}
}

// fill makes at least n (<= len(buf)) bytes available at buf[pos:].
func (in *input) fill(n int, what string) error {
	if in.end-in.pos >= n {
		return nil
	}
	in.checksum()
	copy(in.buf, in.buf[in.pos:in.end])
	in.base += int64(in.pos)
	in.end -= in.pos
	in.pos, in.crcPos = 0, 0
	for in.end < n {
		if in.eof {
			return in.truncated(what)
		}
		m, err := in.r.Read(in.buf[in.end:])
		in.end += m
		if errors.Is(err, io.EOF) {
			in.eof = true
		} else if err != nil {
			return fmt.Errorf("rdb: read at offset %d: %w", in.base+int64(in.end), err)
		}
	}
	return nil
}

// next returns the next n bytes; the slice is valid until the next read.
func (in *input) next(n int, what string) ([]byte, error) {
	if n > len(in.buf) {
		return in.readBig(n, what)
	}
	if err := in.fill(n, what); err != nil {
		return nil, err
	}
	p := in.buf[in.pos : in.pos+n]
	in.pos += n
	return p, nil
}

// readBig reads n bytes into a new slice, growing it as data arrives.
func (in *input) readBig(n int, what string) ([]byte, error) {
	out := make([]byte, 0, min(n, bigReadChunk))
	for len(out) < n {
		if in.pos == in.end {
			if err := in.fill(1, what); err != nil {
				return nil, err
			}
		}
		k := min(n-len(out), in.end-in.pos)
		out = append(out, in.buf[in.pos:in.pos+k]...)
		in.pos += k
	}
	return out, nil
}

func (in *input) readByte(what string) (byte, error) {
	if in.pos == in.end {
		if err := in.fill(1, what); err != nil {
			return 0, err
		}
	}
	b := in.buf[in.pos]
	in.pos++
	return b, nil
}

func (in *input) readUint64LE(what string) (uint64, error) {
	p, err := in.next(8, what)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(p), nil
}

// Length forms (high two bits of the first byte).
const (
	len6      = 0
	len14     = 1
	len32or64 = 2
	lenEncVal = 3
	len32     = 0x80
	len64     = 0x81
)

// readLenOrEnc reads a LEN; for a special string encoding (11xxxxxx) it
// returns the encoding number with enc = true.
func (in *input) readLenOrEnc(what string) (n uint64, enc bool, err error) {
	off := in.offset()
	b, err := in.readByte(what)
	if err != nil {
		return 0, false, err
	}
	switch b >> 6 {
	case len6:
		return uint64(b & 0x3f), false, nil
	case len14:
		b2, err := in.readByte(what)
		return uint64(b&0x3f)<<8 | uint64(b2), false, err
	case lenEncVal:
		return uint64(b & 0x3f), true, nil
	}
	switch b {
	case len32:
		p, err := in.next(4, what)
		if err != nil {
			return 0, false, err
		}
		return uint64(binary.BigEndian.Uint32(p)), false, nil
	case len64:
		p, err := in.next(8, what)
		if err != nil {
			return 0, false, err
		}
		return binary.BigEndian.Uint64(p), false, nil
	}
	return 0, false, in.corrupt(off, "unknown length encoding 0x%02x in %s", b, what)
}

// readLen reads a LEN where a string encoding is not allowed.
func (in *input) readLen(what string) (uint64, error) {
	off := in.offset()
	n, enc, err := in.readLenOrEnc(what)
	if err == nil && enc {
		return 0, in.corrupt(off, "string encoding where a length is expected in %s", what)
	}
	return n, err
}

// readCount reads a LEN used as an element count; it must fit an int.
func (in *input) readCount(what string) (int, error) {
	off := in.offset()
	n, err := in.readLen(what)
	if err == nil && n > math.MaxInt32*64 {
		return 0, in.corrupt(off, "implausible %s %d", what, n)
	}
	return int(n), err
}

// Special string encodings.
const (
	encInt8  = 0
	encInt16 = 1
	encInt32 = 2
	encLZF   = 3
)

// readStr reads a STR. The returned slice is valid until the next read.
func (in *input) readStr(what string) ([]byte, error) {
	in.strOff = in.offset()
	in.strCompressed = false
	n, enc, err := in.readLenOrEnc(what)
	if err != nil {
		return nil, err
	}
	if !enc {
		if n > math.MaxInt32*64 {
			return nil, in.corrupt(in.strOff, "implausible string length %d in %s", n, what)
		}
		in.strPayload = in.offset()
		return in.next(int(n), what)
	}
	switch n {
	case encInt8, encInt16, encInt32:
		return in.readIntStr(1<<n, what)
	case encLZF:
		in.strCompressed = true
		return in.readLZF(what)
	}
	return nil, in.corrupt(in.strOff, "unknown string encoding %d in %s", n, what)
}

func (in *input) readIntStr(size int, what string) ([]byte, error) {
	p, err := in.next(size, what)
	if err != nil {
		return nil, err
	}
	var v int64
	switch size {
	case 1:
		v = int64(int8(p[0]))
	case 2:
		v = int64(int16(binary.LittleEndian.Uint16(p)))
	default:
		v = int64(int32(binary.LittleEndian.Uint32(p)))
	}
	return strconv.AppendInt(in.numBuf[:0], v, 10), nil
}

func (in *input) readLZF(what string) ([]byte, error) {
	clen, err := in.readLen(what)
	if err != nil {
		return nil, err
	}
	ulen, err := in.readLen(what)
	if err != nil {
		return nil, err
	}
	if clen == 0 || clen > math.MaxInt32 || ulen > clen*lzfMaxRatio {
		return nil, in.corrupt(in.strOff, "bad LZF lengths %d/%d in %s", clen, ulen, what)
	}
	src, err := in.next(int(clen), what)
	if err != nil {
		return nil, err
	}
	if cap(in.scratch) < int(ulen) {
		in.scratch = make([]byte, ulen)
	}
	dst := in.scratch[:ulen]
	n, err := lzf.Decompress(dst, src)
	if err != nil || n != int(ulen) {
		return nil, in.corrupt(in.strOff, "LZF data does not expand to %d bytes in %s", ulen, what)
	}
	if int(clen) > len(in.buf) {
		// src was allocated for this string alone; don't keep big scratch.
		in.scratch = nil
	}
	return dst, nil
}

// readString reads a STR into a new Go string.
func (in *input) readString(what string) (string, error) {
	p, err := in.readStr(what)
	return string(p), err
}

// blobCorrupt places an error found inside the last string read.
func (in *input) blobCorrupt(e *blobError, what string) error {
	if in.strCompressed {
		return in.corrupt(in.strOff, "%s (LZF-compressed %s, offset %d after expansion)", e.reason, what, e.offset)
	}
	return in.corrupt(in.strPayload+int64(e.offset), "%s in %s", e.reason, what)
}
