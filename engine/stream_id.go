package engine

import (
	"strconv"
	"strings"
)

// parseStreamIDArg parses argument i as a stream ID, replying with
// Redis's error when it is not one. A bare ms part takes missingSeq as
// its sequence. strict refuses "-" and "+". seqGiven, when not nil,
// allows the ms-* form and reports whether the sequence was given.
func parseStreamIDArg(c *Ctx, i int, missingSeq uint64, strict bool, seqGiven *bool) (StreamID, bool) {
	id, ok := parseStreamID(c.Str(i), missingSeq, strict, seqGiven)
	if !ok {
		c.W.Error(ErrXInvalidID)
	}
	return id, ok
}

func parseStreamID(s string, missingSeq uint64, strict bool, seqGiven *bool) (StreamID, bool) {
	if len(s) > 127 {
		return StreamID{}, false
	}
	if seqGiven != nil {
		*seqGiven = true
	}
	switch s {
	case "-":
		return StreamID{}, !strict
	case "+":
		return maxStreamID, !strict
	}
	msPart, seqPart, dash := strings.Cut(s, "-")
	ms, ok := parseUint64(msPart)
	if !ok {
		return StreamID{}, false
	}
	if !dash {
		return StreamID{Ms: ms, Seq: missingSeq}, true
	}
	if seqGiven != nil && seqPart == "*" {
		*seqGiven = false
		return StreamID{Ms: ms}, true
	}
	seq, ok := parseUint64(seqPart)
	return StreamID{Ms: ms, Seq: seq}, ok
}

// parseUint64 accepts what Redis's string2ull does: a canonical int64
// that is not negative, or what strtoull takes in full.
func parseUint64(s string) (uint64, bool) {
	if n, ok := ParseInt([]byte(s)); ok {
		return uint64(n), n >= 0
	}
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	t = strings.TrimPrefix(t, "+")
	if t == "" || t[0] == '-' || t[0] == '+' {
		return 0, false
	}
	n, err := strconv.ParseUint(t, 10, 64)
	return n, err == nil
}

// formatStreamID renders id as ms-seq.
func formatStreamID(id StreamID) string {
	b := strconv.AppendUint(make([]byte, 0, 42), id.Ms, 10)
	b = append(b, '-')
	return string(strconv.AppendUint(b, id.Seq, 10))
}

// streamIncrID returns the ID after id; ok is false past the last one.
func streamIncrID(id StreamID) (StreamID, bool) {
	switch {
	case id.Seq < ^uint64(0):
		return StreamID{Ms: id.Ms, Seq: id.Seq + 1}, true
	case id.Ms < ^uint64(0):
		return StreamID{Ms: id.Ms + 1}, true
	}
	return id, false
}

// streamDecrID returns the ID before id; ok is false before 0-0.
func streamDecrID(id StreamID) (StreamID, bool) {
	switch {
	case id.Seq > 0:
		return StreamID{Ms: id.Ms, Seq: id.Seq - 1}, true
	case id.Ms > 0:
		return StreamID{Ms: id.Ms - 1, Seq: ^uint64(0)}, true
	}
	return id, false
}

// writeStreamID replies with id as a bulk string.
func writeStreamID(c *Ctx, id StreamID) { c.W.BulkString(formatStreamID(id)) }
