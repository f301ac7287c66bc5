// Package resp owns the Redis serialization protocol: a request reader with
// Redis's limits and error texts, and a reply writer for RESP2 and RESP3.
//
// The reader parses requests the way redis-server's networking.c does:
//
//	*<count>\r\n  then <count> times  $<len>\r\n<bytes>\r\n     (multibulk)
//	anything else up to \n, split like sdssplitargs            (inline)
//
// Arguments returned by Next alias the reader's buffer and stay valid only
// until the next call; callers copy what they keep.
//
// Concurrency: a Reader belongs to one connection goroutine.
package resp

import (
	"bytes"
	"errors"
	"io"
)

const (
	// InlineMax is Redis's PROTO_INLINE_MAX_SIZE: the longest inline request
	// and the longest multibulk or bulk header line.
	InlineMax = 64 * 1024
	// multibulkMax is the largest element count Redis accepts.
	multibulkMax = 1024 * 1024 * 1024
	readChunk    = 16 * 1024
)

// ProtocolError is a malformed request. Its text is Redis's, and the
// connection must be closed after the error is sent.
type ProtocolError struct{ Msg string }

func (e *ProtocolError) Error() string { return "Protocol error: " + e.Msg }

// ErrQueryBufferLimit reports a client whose pending request outgrew
// client-query-buffer-limit; Redis closes such a client without a reply.
var ErrQueryBufferLimit = errors.New("resp: query buffer limit exceeded")

// errMore means the buffer holds no complete request yet.
var errMore = errors.New("resp: need more data")

// Limits bound what one client may send.
type Limits struct {
	MaxBulkLen  int64 // proto-max-bulk-len; default 512 MiB
	QueryBuffer int64 // client-query-buffer-limit; default 1 GiB
}

// Reader parses requests from a stream.
type Reader struct {
	rd     io.Reader
	buf    []byte
	r, w   int // unread data is buf[r:w]
	Limits Limits
	args   [][]byte
	// scanned counts bytes after r.r already searched for an inline
	// request's newline, so a slowly trickled line is not rescanned
	// (which would be quadratic).
	scanned int
	last    int // size of the request TryNext returned last
	// Inline is true when the last request was an inline one.
	Inline bool
}

// NewReader returns a Reader over rd with Redis's default limits.
func NewReader(rd io.Reader) *Reader {
	return &Reader{rd: rd, buf: make([]byte, readChunk),
		Limits: Limits{MaxBulkLen: 512 << 20, QueryBuffer: 1 << 30}}
}

// LastLen returns the size in bytes of the request returned last.
func (r *Reader) LastLen() int { return r.last }

// Buffered reports whether unparsed bytes remain, without reading.
func (r *Reader) Buffered() int { return r.w - r.r }

// Shrink gives back a buffer that grew for a big request once everything
// in it has been consumed, as Redis resizes idle query buffers. The
// arguments of past requests alias the buffer: call it only when they are
// no longer used.
func (r *Reader) Shrink() {
	if r.r == r.w && len(r.buf) > 4*readChunk {
		r.r, r.w = 0, 0
		r.buf = make([]byte, readChunk)
	}
	if cap(r.args) > 1024 {
		// The reused argument slice of a request with many arguments:
		// its slots still point into the old buffer.
		r.args = nil
	}
}

// HasCommand reports whether a complete request is already buffered, so the
// caller can keep executing a pipeline before flushing replies.
func (r *Reader) HasCommand() bool {
	_, n, err := parse(r.buf[r.r:r.w], r.Limits.MaxBulkLen, nil)
	return err == nil && n > 0
}

// TryNext returns the next buffered request without reading from the
// stream; ok is false when no complete request is buffered. Empty requests
// are skipped.
func (r *Reader) TryNext() (args [][]byte, ok bool, err error) {
	for {
		b := r.buf[r.r:r.w]
		if r.scanned > 0 && bytes.IndexByte(b[r.scanned:], '\n') < 0 {
			// The first line is still incomplete: only the new bytes
			// needed looking at.
			if len(b) > InlineMax {
				if b[0] == '*' {
					return nil, false, &ProtocolError{"too big mbulk count string"}
				}
				return nil, false, &ProtocolError{"too big inline request"}
			}
			r.scanned = len(b)
			return nil, false, nil
		}
		args, n, err := parse(b, r.Limits.MaxBulkLen, r.args[:0])
		if err == errMore {
			if bytes.IndexByte(b, '\n') < 0 {
				r.scanned = len(b)
			}
			return nil, false, nil
		}
		r.scanned = 0
		r.last = n
		if err != nil {
			return nil, false, err
		}
		r.r += n
		r.args = args
		r.Inline = r.buf[r.r-n] != '*'
		if len(args) > 0 {
			return args, true, nil
		}
	}
}

// Fill reads more bytes from the stream into the buffer. It fails with
// ErrQueryBufferLimit when a pending request outgrows the limit.
func (r *Reader) Fill() error { return r.fill() }

// Next returns the next request's arguments. Empty requests (blank inline
// lines, *0 and *-1) are skipped as Redis does. It reads from the stream
// only when no complete request is buffered.
func (r *Reader) Next() ([][]byte, error) {
	for {
		args, ok, err := r.TryNext()
		if ok {
			return args, nil
		}
		if err != nil {
			return nil, err
		}
		if err := r.fill(); err != nil {
			return nil, err
		}
	}
}

// fill reads more bytes, compacting or growing the buffer as needed.
func (r *Reader) fill() error {
	if r.r > 0 && r.r == r.w {
		r.r, r.w = 0, 0
		if len(r.buf) > 4*readChunk {
			// A big request is done: give its memory back.
			r.buf = make([]byte, readChunk)
		}
	}
	if r.w == len(r.buf) {
		if r.r > 0 {
			copy(r.buf, r.buf[r.r:r.w])
			r.w -= r.r
			r.r = 0
		} else {
			if int64(len(r.buf)) >= r.Limits.QueryBuffer {
				return ErrQueryBufferLimit
			}
			nb := make([]byte, len(r.buf)*2)
			copy(nb, r.buf[:r.w])
			r.buf = nb
		}
	}
	n, err := r.rd.Read(r.buf[r.w:])
	r.w += n
	if n > 0 {
		return nil
	}
	if err == nil {
		err = io.ErrNoProgress
	}
	return err
}

// Parse parses one request from b, returning its arguments (aliasing b) and
// the number of bytes consumed. It is the pure core of Reader, exposed for
// fuzzing and for tools. io.ErrUnexpectedEOF means b holds no full request.
func Parse(b []byte, maxBulk int64) ([][]byte, int, error) {
	args, n, err := parse(b, maxBulk, nil)
	if err == errMore {
		return nil, 0, io.ErrUnexpectedEOF
	}
	return args, n, err
}

func parse(b []byte, maxBulk int64, args [][]byte) ([][]byte, int, error) {
	if len(b) == 0 {
		return nil, 0, errMore
	}
	if b[0] == '*' {
		return parseMultibulk(b, maxBulk, args)
	}
	return parseInline(b, args)
}

// line returns the index of the \r\n ending the header that starts at b[0].
func line(b []byte, tooBig string) (int, error) {
	for i := 0; i < len(b); i++ {
		if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			return i, nil
		}
		if i >= InlineMax {
			return 0, &ProtocolError{tooBig}
		}
	}
	if len(b) > InlineMax {
		return 0, &ProtocolError{tooBig}
	}
	return 0, errMore
}

func parseMultibulk(b []byte, maxBulk int64, args [][]byte) ([][]byte, int, error) {
	count, pos, ok := fastHeader(b)
	if !ok {
		end, err := line(b, "too big mbulk count string")
		if err != nil {
			return nil, 0, err
		}
		if count, ok = parseInt(b[1:end]); !ok {
			return nil, 0, &ProtocolError{"invalid multibulk length"}
		}
		pos = end + 2
	}
	if count > multibulkMax {
		return nil, 0, &ProtocolError{"invalid multibulk length"}
	}
	if count <= 0 {
		return args[:0], pos, nil
	}
	args = args[:0]
	for i := int64(0); i < count; i++ {
		if pos >= len(b) {
			return nil, 0, errMore
		}
		if b[pos] != '$' {
			return nil, 0, &ProtocolError{"expected '$', got '" + string(b[pos]) + "'"}
		}
		n, adv, ok := fastHeader(b[pos:])
		if !ok {
			hend, err := line(b[pos:], "too big bulk count string")
			if err != nil {
				return nil, 0, err
			}
			if n, ok = parseInt(b[pos+1 : pos+hend]); !ok || n < 0 {
				return nil, 0, &ProtocolError{"invalid bulk length"}
			}
			adv = hend + 2
		}
		if n > maxBulk {
			return nil, 0, &ProtocolError{"invalid bulk length"}
		}
		pos += adv
		if int64(len(b)-pos) < n+2 {
			return nil, 0, errMore
		}
		args = append(args, b[pos:pos+int(n)])
		pos += int(n) + 2
	}
	return args, pos, nil
}

// fastHeader parses the usual "*<count>\r\n" or "$<len>\r\n" at the start
// of b in one pass: digits only, no leading zero, at most 18 of them, and
// the CRLF present. Anything else reports false and takes the general path
// (line, then parseInt), which gives Redis's errors; every request header
// passes here, so it avoids scanning the line twice.
func fastHeader(b []byte) (v int64, next int, ok bool) {
	i := 1
	for ; i < len(b) && i <= 19; i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		v = v*10 + int64(d)
	}
	digits := i - 1
	if digits == 0 || digits > 18 || (digits > 1 && b[1] == '0') || i+1 >= len(b) || b[i] != '\r' || b[i+1] != '\n' {
		return 0, 0, false
	}
	return v, i + 2, true
}

func parseInline(b []byte, args [][]byte) ([][]byte, int, error) {
	nl := -1
	for i, c := range b {
		if c == '\n' {
			nl = i
			break
		}
	}
	if nl < 0 {
		if len(b) > InlineMax {
			return nil, 0, &ProtocolError{"too big inline request"}
		}
		return nil, 0, errMore
	}
	ln := b[:nl]
	if len(ln) > 0 && ln[len(ln)-1] == '\r' {
		ln = ln[:len(ln)-1]
	}
	args, ok := SplitArgs(ln, args[:0])
	if !ok {
		return nil, 0, &ProtocolError{"unbalanced quotes in request"}
	}
	return args, nl + 1, nil
}

// parseInt parses a decimal int64 the way Redis's string2ll does: no
// leading '+', no spaces, no leading zeros. It is on the path of every
// request header, so it avoids strconv's generality.
func parseInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
		if len(b) == 0 {
			return 0, false
		}
	}
	if len(b) > 1 && b[0] == '0' || (neg && b[0] == '0') {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		if v > (1<<63)/10 {
			return 0, false
		}
		v = v*10 + uint64(d)
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true
	}
	if v > 1<<63-1 {
		return 0, false
	}
	return int64(v), true
}
