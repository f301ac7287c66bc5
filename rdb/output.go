package rdb

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"unsafe"

	"github.com/strata-db/strata/internal/crc64"
	"github.com/strata-db/strata/internal/lzf"
)

const outputFlushSize = 64 << 10

// output buffers writes, keeps the running CRC-64 of everything written and
// makes the first write error sticky.
type output struct {
	w        io.Writer
	buf      []byte
	crc      uint64
	flushed  int64
	err      error
	compress bool
	lzfBuf   []byte
	lzf      *lzf.Compressor // one match table for every value written
}

func newOutput(w io.Writer, compress bool) *output {
	return &output{w: w, buf: make([]byte, 0, outputFlushSize+1024), compress: compress}
}

func (o *output) offset() int64 { return o.flushed + int64(len(o.buf)) }

func (o *output) flush() error {
	if o.err != nil || len(o.buf) == 0 {
		return o.err
	}
	o.crc = crc64.Update(o.crc, o.buf)
	n, err := o.w.Write(o.buf)
	o.flushed += int64(n)
	if err == nil && n < len(o.buf) {
		err = io.ErrShortWrite
	}
	if err != nil {
		o.err = fmt.Errorf("rdb: write at offset %d: %w", o.flushed, err)
	}
	o.buf = o.buf[:0]
	return o.err
}

func (o *output) maybeFlush() {
	if len(o.buf) >= outputFlushSize {
		o.flush()
	}
}

// checksum is the CRC of everything written so far.
func (o *output) checksum() uint64 {
	return crc64.Update(o.crc, o.buf)
}

func (o *output) writeByte(b byte) { o.buf = append(o.buf, b) }

func (o *output) writeRaw(p []byte) {
	if len(p) > outputFlushSize {
		o.flush()
		if o.err == nil {
			o.crc = crc64.Update(o.crc, p)
			n, err := o.w.Write(p)
			o.flushed += int64(n)
			if err != nil {
				o.err = fmt.Errorf("rdb: write at offset %d: %w", o.flushed, err)
			}
		}
		return
	}
	o.buf = append(o.buf, p...)
	o.maybeFlush()
}

func (o *output) writeUint64LE(v uint64) { o.buf = binary.LittleEndian.AppendUint64(o.buf, v) }

// writeLen writes n in the smallest LEN form.
func (o *output) writeLen(n uint64) {
	switch {
	case n < 1<<6:
		o.buf = append(o.buf, byte(n))
	case n < 1<<14:
		o.buf = append(o.buf, byte(n>>8)|len14<<6, byte(n))
	case n <= math.MaxUint32:
		o.buf = binary.BigEndian.AppendUint32(append(o.buf, len32), uint32(n))
	default:
		o.buf = binary.BigEndian.AppendUint64(append(o.buf, len64), n)
	}
}

// writeString writes s as a STR, choosing the form rdbSaveRawString would:
// INT8/16/32 for short canonical integers, LZF when enabled, longer than 20
// bytes and at least 4 bytes smaller, else raw.
func (o *output) writeString(s string) {
	// The bytes are only read, never kept or changed.
	o.writeBlob(unsafe.Slice(unsafe.StringData(s), len(s)))
}

func (o *output) writeBlob(p []byte) {
	if len(p) <= 11 && o.tryIntString(p) {
		return
	}
	if o.compress && len(p) > 20 && o.tryLZF(p) {
		return
	}
	o.writeLen(uint64(len(p)))
	o.writeRaw(p)
}

func (o *output) tryIntString(p []byte) bool {
	v, ok := parseCanonicalInt(p, 11)
	switch {
	case !ok:
		return false
	case v >= math.MinInt8 && v <= math.MaxInt8:
		o.buf = append(o.buf, 0xC0|encInt8, byte(v))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		o.buf = binary.LittleEndian.AppendUint16(append(o.buf, 0xC0|encInt16), uint16(v))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		o.buf = binary.LittleEndian.AppendUint32(append(o.buf, 0xC0|encInt32), uint32(v))
	default:
		return false
	}
	return true
}

func (o *output) tryLZF(p []byte) bool {
	if cap(o.lzfBuf) < len(p)-4 {
		o.lzfBuf = make([]byte, len(p)-4)
	}
	if o.lzf == nil {
		o.lzf = new(lzf.Compressor)
	}
	n := o.lzf.Compress(o.lzfBuf[:len(p)-4], p)
	if n == 0 {
		return false
	}
	o.buf = append(o.buf, 0xC0|encLZF)
	o.writeLen(uint64(n))
	o.writeLen(uint64(len(p)))
	o.writeRaw(o.lzfBuf[:n])
	if cap(o.lzfBuf) > 1<<20 {
		o.lzfBuf = nil
	}
	return true
}
