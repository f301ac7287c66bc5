package resp

import (
	"math"
	"strconv"
)

// Writer accumulates replies for one connection in RESP2 or RESP3. Types
// that RESP2 lacks degrade as redis-server degrades them: maps and sets
// become arrays, doubles become bulk strings, null becomes $-1 (or *-1 for
// NullArray), booleans become integers, and push messages become arrays.
type Writer struct {
	Proto int // 2 or 3
	b     []byte
}

// NewWriter returns a RESP2 writer.
func NewWriter() *Writer { return &Writer{Proto: 2} }

// Bytes returns the pending output. The slice aliases the writer.
func (w *Writer) Bytes() []byte { return w.b }

// Len reports the pending output size in bytes.
func (w *Writer) Len() int { return len(w.b) }

// SetBuffer replaces the buffer (its contents are kept as pending output).
func (w *Writer) SetBuffer(b []byte) { w.b = b }

// Reset drops pending output, keeping the buffer.
func (w *Writer) Reset() { w.b = w.b[:0] }

// Truncate drops output written after n bytes (used to discard a reply).
func (w *Writer) Truncate(n int) { w.b = w.b[:n] }

// Raw appends pre-encoded RESP.
func (w *Writer) Raw(p []byte) { w.b = append(w.b, p...) }

// Simple writes a status reply (+OK).
func (w *Writer) Simple(s string) {
	w.b = append(w.b, '+')
	w.b = append(w.b, s...)
	w.b = append(w.b, '\r', '\n')
}

// OK writes +OK.
func (w *Writer) OK() { w.b = append(w.b, "+OK\r\n"...) }

// Error writes an error reply; msg carries its own code ("ERR ...",
// "WRONGTYPE ..."). Newlines are replaced, as Redis does, so the reply
// stays one line.
func (w *Writer) Error(msg string) {
	w.b = append(w.b, '-')
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		if c == '\r' || c == '\n' {
			c = ' '
		}
		w.b = append(w.b, c)
	}
	w.b = append(w.b, '\r', '\n')
}

// Int writes an integer reply.
func (w *Writer) Int(n int64) {
	w.b = append(w.b, ':')
	w.b = strconv.AppendInt(w.b, n, 10)
	w.b = append(w.b, '\r', '\n')
}

// Bulk writes a bulk string.
func (w *Writer) Bulk(p []byte) {
	w.b = append(w.b, '$')
	w.b = strconv.AppendInt(w.b, int64(len(p)), 10)
	w.b = append(w.b, '\r', '\n')
	w.b = append(w.b, p...)
	w.b = append(w.b, '\r', '\n')
}

// BulkString writes a bulk string.
func (w *Writer) BulkString(s string) {
	w.b = append(w.b, '$')
	w.b = strconv.AppendInt(w.b, int64(len(s)), 10)
	w.b = append(w.b, '\r', '\n')
	w.b = append(w.b, s...)
	w.b = append(w.b, '\r', '\n')
}

// BulkInt writes an integer as a bulk string.
func (w *Writer) BulkInt(n int64) {
	var tmp [24]byte
	w.Bulk(strconv.AppendInt(tmp[:0], n, 10))
}

// Null writes the null bulk reply ($-1, or _ in RESP3).
func (w *Writer) Null() {
	if w.Proto == 3 {
		w.b = append(w.b, "_\r\n"...)
		return
	}
	w.b = append(w.b, "$-1\r\n"...)
}

// NullArray writes the null multibulk reply (*-1, or _ in RESP3).
func (w *Writer) NullArray() {
	if w.Proto == 3 {
		w.b = append(w.b, "_\r\n"...)
		return
	}
	w.b = append(w.b, "*-1\r\n"...)
}

func (w *Writer) header(c byte, n int) {
	w.b = append(w.b, c)
	w.b = strconv.AppendInt(w.b, int64(n), 10)
	w.b = append(w.b, '\r', '\n')
}

// Array writes an array header for n elements.
func (w *Writer) Array(n int) { w.header('*', n) }

// Map writes a map header for n key/value pairs (an array of 2n in RESP2).
func (w *Writer) Map(n int) {
	if w.Proto == 3 {
		w.header('%', n)
		return
	}
	w.header('*', 2*n)
}

// Set writes a set header (an array in RESP2).
func (w *Writer) Set(n int) {
	if w.Proto == 3 {
		w.header('~', n)
		return
	}
	w.header('*', n)
}

// Push writes a push header (an array in RESP2).
func (w *Writer) Push(n int) {
	if w.Proto == 3 {
		w.header('>', n)
		return
	}
	w.header('*', n)
}

// Double writes a double (a bulk string in RESP2), formatted as Redis does.
func (w *Writer) Double(f float64) {
	if w.Proto == 3 {
		w.b = append(w.b, ',')
		switch {
		case math.IsInf(f, 1):
			w.b = append(w.b, "inf"...)
		case math.IsInf(f, -1):
			w.b = append(w.b, "-inf"...)
		case math.IsNaN(f):
			w.b = append(w.b, "nan"...)
		default:
			w.b = AppendDouble(w.b, f)
		}
		w.b = append(w.b, '\r', '\n')
		return
	}
	var tmp [32]byte
	w.Bulk(AppendDouble(tmp[:0], f))
}

// Bool writes a boolean (:1 / :0 in RESP2).
func (w *Writer) Bool(v bool) {
	if w.Proto == 3 {
		if v {
			w.b = append(w.b, "#t\r\n"...)
		} else {
			w.b = append(w.b, "#f\r\n"...)
		}
		return
	}
	if v {
		w.b = append(w.b, ":1\r\n"...)
	} else {
		w.b = append(w.b, ":0\r\n"...)
	}
}

// Verbatim writes verbatim text (a bulk string in RESP2).
func (w *Writer) Verbatim(format, s string) {
	if w.Proto != 3 {
		w.BulkString(s)
		return
	}
	w.header('=', len(s)+4)
	w.b = append(w.b, format...)
	w.b = append(w.b, ':')
	w.b = append(w.b, s...)
	w.b = append(w.b, '\r', '\n')
}

// StringArray writes an array of bulk strings.
func (w *Writer) StringArray(items []string) {
	w.Array(len(items))
	for _, s := range items {
		w.BulkString(s)
	}
}

// AppendDouble formats f as Redis's %.17g reply does: the shortest text that
// parses back to f, "inf"/"-inf" for infinities, exponents as 1e+20.
func AppendDouble(b []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	case math.IsNaN(f):
		return append(b, "nan"...)
	}
	return strconv.AppendFloat(b, f, 'g', 17, 64)
}
