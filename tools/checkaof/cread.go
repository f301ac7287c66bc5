package checkaof

import (
	"bufio"
	"io"
	"math"
)

// cReader reads a file the way redis-check-aof's stdio calls do, so that a
// damaged file is judged at the same byte with the same verdict: fgets with
// its buffer sizes, strtol's leniency, fread's short counts, feof.
type cReader struct {
	br  *bufio.Reader
	off int64 // offset of the next byte to read
	eof bool  // a read hit the end of the file (feof)
}

func newCReader(r io.Reader, base int64) *cReader {
	return &cReader{br: bufio.NewReaderSize(r, 256<<10), off: base}
}

// fgets reads up to size-1 bytes, stopping after a '\n'. It returns ok
// false only when not a single byte was left.
func (c *cReader) fgets(size int) (line []byte, ok bool) {
	for len(line) < size-1 {
		b, err := c.br.ReadByte()
		if err != nil {
			c.eof = true
			break
		}
		c.off++
		line = append(line, b)
		if b == '\n' {
			break
		}
	}
	return line, len(line) > 0
}

// peek returns the next byte without consuming it (fgets of one byte and
// fseek back).
func (c *cReader) peek() (byte, bool) {
	b, err := c.br.ReadByte()
	if err != nil {
		c.eof = true
		return 0, false
	}
	_ = c.br.UnreadByte()
	return b, true
}

// restIsZero consumes the rest of the file and reports whether every byte
// of it is NUL.
func (c *cReader) restIsZero() bool {
	zero := true
	for {
		b, err := c.br.ReadByte()
		if err != nil {
			c.eof = true
			return zero
		}
		c.off++
		zero = zero && b == 0
	}
}

// fread consumes up to n bytes and returns how many it got. It keeps the
// first keep bytes and the last two (the CRLF after a bulk payload) so that
// a huge argument needs no huge buffer.
func (c *cReader) fread(n int64, keep int) (got int64, head []byte, tail [2]byte) {
	buf := make([]byte, 32<<10)
	for got < n {
		m := int(min(int64(len(buf)), n-got))
		k, err := io.ReadFull(c.br, buf[:m])
		if len(head) < keep {
			head = append(head, buf[:min(k, keep-len(head))]...)
		}
		for _, b := range buf[:k] {
			tail[0], tail[1] = tail[1], b
		}
		got += int64(k)
		c.off += int64(k)
		if err != nil {
			c.eof = true
			break
		}
	}
	return got, head, tail
}

// cString is s up to its first NUL, as C string functions see it.
func cString(s []byte) []byte {
	for i, b := range s {
		if b == 0 {
			return s[:i]
		}
	}
	return s
}

// strtol parses like C's strtol(s, &end, 10): leading white space, a sign,
// digits, saturating at the long range. It returns the value and the index
// where parsing stopped (0 when there were no digits).
func strtol(s []byte) (int64, int) {
	s = cString(s)
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	over := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if v > (math.MaxUint64-d)/10 {
			over = true
		} else {
			v = v*10 + d
		}
		i++
	}
	if i == start {
		return 0, 0
	}
	switch {
	case neg && (over || v > 1<<63):
		return math.MinInt64, i
	case neg:
		return -int64(v), i
	case over || v > math.MaxInt64:
		return math.MaxInt64, i
	}
	return int64(v), i
}

func isCSpace(b byte) bool {
	return b == ' ' || (b >= '\t' && b <= '\r')
}

// byteAt is s[i] or the NUL a C string would have past its end.
func byteAt(s []byte, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// hexChar prints a byte as printf("%02x") of a signed char does.
func hexChar(b byte) string {
	const digits = "0123456789abcdef"
	h := string([]byte{digits[b>>4], digits[b&15]})
	if b >= 0x80 {
		return "ffffff" + h
	}
	return h
}
