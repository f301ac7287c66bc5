package aof

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Kind tells what an Item is.
type Kind int

const (
	// KindCommand is a RESP multibulk command.
	KindCommand Kind = iota
	// KindTimestamp is a "#TS:<unix seconds>" annotation.
	KindTimestamp
	// KindAnnotation is any other line starting with '#' (skipped by Redis).
	KindAnnotation
)

// Item is one complete element of an AOF file.
type Item struct {
	Kind   Kind
	Args   [][]byte // KindCommand; the caller owns them
	TS     int64    // KindTimestamp
	Offset int64    // where the item starts
	End    int64    // offset after the item
}

// Limits on what the reader accepts; beyond them the file is corrupt.
const (
	lineMax = 1024    // Redis reads AOF lines with a 1024-byte buffer
	argcMax = 1 << 31 // more than a client can send
	bulkMax = 1 << 40 // guards against absurd lengths, not a Redis limit
)

// Reader reads an AOF stream item by item, reporting the offset after every
// complete item, and tells apart a clean end (io.EOF), a torn tail
// (*TornTailError) and corruption (*CorruptionError). Other errors are I/O
// errors of the underlying reader.
//
// It is stricter than Redis's loader in one way, like redis-check-aof: the
// two bytes after a bulk payload must be CRLF.
type Reader struct {
	File      string // names the file in errors
	br        *bufio.Reader
	cr        countingReader
	lastValid int64
	at        io.ReaderAt // the same bytes by offset, when reading a file
	size      int64       // the file's size, with at
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// NewReader reads from r; file names it in errors.
func NewReader(r io.Reader, file string) *Reader {
	rd := &Reader{File: file, cr: countingReader{r: r}}
	rd.br = bufio.NewReaderSize(&rd.cr, 64<<10)
	return rd
}

// Offset is the number of bytes consumed so far.
func (r *Reader) Offset() int64 { return r.cr.n - int64(r.br.Buffered()) }

// LastValid is the offset after the last complete item.
func (r *Reader) LastValid() int64 { return r.lastValid }

// errShort means the stream ended inside an item.
var errShort = errors.New("aof: short read")

// badByte is a byte no valid AOF has at that place.
type badByte struct {
	off    int64
	c      byte
	reason string
}

func (b *badByte) Error() string { return b.reason }

// Next returns the next item.
func (r *Reader) Next() (Item, error) {
	start := r.Offset()
	first, err := r.br.Peek(1)
	if err == io.EOF {
		return Item{}, io.EOF
	}
	if err != nil {
		return Item{}, r.ioErr(err)
	}
	it := Item{Offset: start}
	switch first[0] {
	case '*':
		it.Args, err = r.readCommand()
	case '#':
		it.Kind, it.TS, err = r.readAnnotation()
	default:
		c, _ := r.br.ReadByte()
		err = &badByte{start, c, "expected '*' or '#'"}
	}
	if err != nil {
		return Item{}, r.classify(err)
	}
	it.End = r.Offset()
	r.lastValid = it.End
	return it, nil
}

// classify turns a parse failure into the error kinds of this package.
func (r *Reader) classify(err error) error {
	var bad *badByte
	switch {
	case errors.Is(err, errShort):
		return r.torn(false)
	case errors.As(err, &bad):
		if r.at != nil && bad.c == 0 && bad.off == r.lastValid {
			blank, ioerr := r.restIsBlank()
			if ioerr != nil {
				return r.ioErr(ioerr)
			}
			if blank {
				return &TornTailError{File: r.File, Offset: r.lastValid, Size: r.size, Zeros: true, Blank: true}
			}
		}
		if r.at != nil {
			hole, ioerr := r.holeAfter(bad.off)
			if ioerr != nil {
				return r.ioErr(ioerr)
			}
			if hole {
				return &TornTailError{File: r.File, Offset: r.lastValid, Size: r.size, Zeros: true}
			}
			return r.corrupt(bad)
		}
		zeros, ioerr := r.restIsZero(bad.c)
		if ioerr != nil {
			return r.ioErr(ioerr)
		}
		if zeros {
			t := r.torn(true)
			t.Blank = bad.off == r.lastValid
			return t
		}
		return r.corrupt(bad)
	}
	return r.ioErr(err)
}

func (r *Reader) corrupt(bad *badByte) error {
	return &CorruptionError{File: r.File, Offset: bad.off, LastValid: r.lastValid,
		Reason: fmt.Sprintf("%s, got %q", bad.reason, bad.c)}
}

func (r *Reader) torn(zeros bool) *TornTailError {
	return &TornTailError{File: r.File, Offset: r.lastValid, Size: r.Offset(), Zeros: zeros}
}

func (r *Reader) ioErr(err error) error {
	return fmt.Errorf("aof: reading %s at offset %d: %w", fileOrStream(r.File), r.Offset(), err)
}

// restIsBlank reports whether every byte of the file from the last
// complete item to its end is NUL: no command was begun there (reserved
// space, see TornTailError.Blank). It reads from that offset on in pieces.
func (r *Reader) restIsBlank() (bool, error) {
	buf := make([]byte, 64<<10)
	for off := r.lastValid; off < r.size; {
		n, err := r.at.ReadAt(buf[:min(int64(len(buf)), r.size-off)], off)
		if !allZero(buf[:n]) {
			return false, nil
		}
		off += int64(n)
		if err != nil && !(errors.Is(err, io.EOF) && off == r.size) {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return false, err
		}
	}
	return true, nil
}

// restIsZero reports whether c and every byte left in the stream are NUL:
// the mark of a write whose size reached the disk but whose data did not.
func (r *Reader) restIsZero(c byte) (bool, error) {
	if c != 0 {
		return false, nil
	}
	for {
		b, err := r.br.ReadByte()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if b != 0 {
			return false, nil
		}
	}
}

func (r *Reader) readCommand() ([][]byte, error) {
	argc, err := r.readHeader('*', argcMax)
	if err != nil {
		return nil, err
	}
	if argc < 1 {
		return nil, &badByte{r.Offset() - 3, '0', "command with no arguments"}
	}
	args := make([][]byte, 0, min(argc, 1024))
	for i := int64(0); i < argc; i++ {
		a, err := r.readBulk()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
	return args, nil
}

func (r *Reader) readBulk() ([]byte, error) {
	n, err := r.readHeader('$', bulkMax)
	if err != nil {
		return nil, err
	}
	a, err := r.readPayload(n)
	if err != nil {
		return nil, err
	}
	for _, want := range []byte{'\r', '\n'} {
		off := r.Offset()
		c, err := r.br.ReadByte()
		if err != nil {
			return nil, r.short(err)
		}
		if c != want {
			return nil, &badByte{off, c, "expected CRLF after bulk payload"}
		}
	}
	return a, nil
}

// readPayload reads n bytes, growing the buffer as data arrives so that a
// corrupt length cannot allocate more than the file holds.
func (r *Reader) readPayload(n int64) ([]byte, error) {
	const chunk = 1 << 20
	buf := make([]byte, 0, min(n, chunk))
	for int64(len(buf)) < n {
		m := min(n-int64(len(buf)), chunk)
		if int64(cap(buf)-len(buf)) < m {
			buf = append(buf, make([]byte, m)...)[:len(buf)]
		}
		k, err := io.ReadFull(r.br, buf[len(buf):int64(len(buf))+m])
		buf = buf[:len(buf)+k]
		if err != nil {
			return nil, r.short(err)
		}
	}
	return buf, nil
}

// readHeader reads "<prefix><decimal>\r\n" and returns the number.
func (r *Reader) readHeader(prefix byte, limit int64) (int64, error) {
	off := r.Offset()
	c, err := r.br.ReadByte()
	if err != nil {
		return 0, r.short(err)
	}
	if c != prefix {
		return 0, &badByte{off, c, fmt.Sprintf("expected '%c'", prefix)}
	}
	var v int64
	digits := 0
	for {
		off = r.Offset()
		if c, err = r.br.ReadByte(); err != nil {
			return 0, r.short(err)
		}
		if c == '\r' && digits > 0 {
			break
		}
		if c < '0' || c > '9' || digits > 18 {
			return 0, &badByte{off, c, "expected a decimal length"}
		}
		v = v*10 + int64(c-'0')
		digits++
	}
	if v > limit {
		return 0, &badByte{off, c, "length out of range"}
	}
	off = r.Offset()
	if c, err = r.br.ReadByte(); err != nil {
		return 0, r.short(err)
	}
	if c != '\n' {
		return 0, &badByte{off, c, "expected LF"}
	}
	return v, nil
}

// readAnnotation reads a '#' line. A line cut short at the end of the file
// is a torn tail, not an annotation: appending after it would glue the
// next command onto the comment.
func (r *Reader) readAnnotation() (Kind, int64, error) {
	var line []byte
	for {
		off := r.Offset()
		c, err := r.br.ReadByte()
		if err != nil {
			return 0, 0, r.short(err)
		}
		line = append(line, c)
		if c == '\n' {
			break
		}
		if len(line) >= lineMax {
			return 0, 0, &badByte{off, c, "annotation line too long"}
		}
	}
	if ts, ok := parseTS(line); ok {
		return KindTimestamp, ts, nil
	}
	return KindAnnotation, 0, nil
}

// parseTS reads "#TS:<seconds>\r\n".
func parseTS(line []byte) (int64, bool) {
	const p = "#TS:"
	if len(line) < len(p)+3 || string(line[:len(p)]) != p || string(line[len(line)-2:]) != "\r\n" {
		return 0, false
	}
	ts, err := strconv.ParseInt(string(line[len(p):len(line)-2]), 10, 64)
	return ts, err == nil
}

func (r *Reader) short(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errShort
	}
	return err
}
