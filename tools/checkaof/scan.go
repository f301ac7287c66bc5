package checkaof

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// Limits of redis-check-aof's reads: header lines go through a 128-byte
// buffer, annotations through AOF_ANNOTATION_LINE_MAX_LEN (1024).
const (
	headerBuf     = 128
	annotationBuf = 1024
	argKeep       = 64 // bytes of each argument kept for the report
	argsKeep      = 6  // arguments kept for the report
)

// scan is the state of one file's check. The checker keeps the line count
// and the error text across files, as redis-check-aof's globals do.
type scan struct {
	ck    *Checker
	r     *cReader
	part  *Part
	multi int
	last  bool
	db    int      // selected by the last SELECT; every file starts in DB 0
	cmd   [][]byte // arguments of the command being read (heads only)
}

// fail records the first error text with the offset redis-check-aof gives
// it (where the failing read started).
func (s *scan) fail(format string, args ...any) bool {
	s.ck.errText = fmt.Sprintf("0x%16x: %s", s.ck.epos, fmt.Sprintf(format, args...))
	s.part.DamageOffset = s.ck.epos
	s.part.Damage = fmt.Sprintf(format, args...)
	return false
}

func (s *scan) consumeNewline(b []byte) bool {
	if byteAt(b, 0) != '\r' || byteAt(b, 1) != '\n' {
		return s.fail("Expected \\r\\n, got: %s%s", hexChar(byteAt(b, 0)), hexChar(byteAt(b, 1)))
	}
	s.ck.line++
	return true
}

func (s *scan) readLong(prefix byte) (int64, bool) {
	s.ck.epos = s.r.off
	buf, ok := s.r.fgets(headerBuf)
	if !ok {
		return 0, false
	}
	if buf[0] != prefix {
		return 0, s.fail("Expected prefix '%c', got: '%c'", prefix, buf[0])
	}
	v, end := strtol(buf[1:])
	return v, s.consumeNewline(buf[1+end:])
}

// readString reads one bulk argument and keeps its head.
func (s *scan) readString() ([]byte, bool) {
	n, ok := s.readLong('$')
	if !ok {
		return nil, false
	}
	if n < 0 || n > math.MaxInt64-2 {
		return nil, s.fail("Expected to read string of %d bytes, which is not in the suitable range", n)
	}
	s.ck.epos = s.r.off
	got, head, tail := s.r.fread(n+2, argKeep)
	if got != n+2 {
		return nil, s.fail("Expected to read %d bytes, got %d bytes", n+2, got)
	}
	if !s.consumeNewline(tail[:]) {
		return nil, false
	}
	return head[:min(int64(len(head)), n)], true
}

// processRESP reads one command, tracking MULTI/EXEC nesting as
// redis-check-aof does (by the first argument, case-insensitively).
func (s *scan) processRESP() bool {
	argc, ok := s.readLong('*')
	if !ok {
		return false
	}
	s.cmd = s.cmd[:0]
	for i := int64(0); i < argc; i++ {
		arg, ok := s.readString()
		if !ok {
			return false
		}
		if len(s.cmd) < argsKeep {
			s.cmd = append(s.cmd, arg)
		}
		if i == 0 && !s.trackMulti(cString(arg)) {
			return false
		}
	}
	return true
}

func (s *scan) trackMulti(name []byte) bool {
	switch {
	case bytes.EqualFold(name, []byte("multi")):
		s.multi++
		if s.multi > 1 {
			return s.fail("Unexpected MULTI in AOF %s", s.part.Path)
		}
	case bytes.EqualFold(name, []byte("exec")):
		s.multi--
		if s.multi != 0 {
			return s.fail("Unexpected EXEC in AOF %s", s.part.Path)
		}
	}
	return true
}

// processAnnotation reads a '#' line; in --truncate-to-timestamp mode a
// timestamp past the limit ends the scan there (done true).
func (s *scan) processAnnotation() (done bool, err error) {
	s.ck.epos = s.r.off
	buf, _ := s.r.fgets(annotationBuf)
	ts, isTS := parseTS(buf)
	if isTS {
		s.part.noteTS(ts)
	}
	to := s.ck.opts.TruncateToTimestamp
	if to == 0 || !bytes.HasPrefix(cString(buf), []byte("#TS:")) {
		return false, nil
	}
	if !isTS {
		return false, s.ck.exit("Invalid timestamp annotation\n")
	}
	if ts <= to {
		return false, nil
	}
	if s.ck.epos == 0 {
		return false, s.ck.exit("AOF %s has nothing before timestamp %d, aborting...\n", s.part.Path, to)
	}
	if !s.last {
		return false, s.ck.exit("Failed to truncate AOF %s to timestamp %d to offset %d because it is not the last file.\n"+
			"If you insist, please delete all files after this file according to the manifest "+
			"file and delete the corresponding records in manifest file manually. Then re-run redis-check-aof.\n",
			s.part.Path, to, s.ck.epos)
	}
	return true, nil
}

// parseTS reads "#TS:<seconds>\r" as strtol does; ok false when what
// follows the prefix is not a number ending at '\r'.
func parseTS(buf []byte) (int64, bool) {
	c := cString(buf)
	if !bytes.HasPrefix(c, []byte("#TS:")) {
		return 0, false
	}
	v, end := strtol(c[4:])
	if byteAt(c[4:], end) != '\r' || v == math.MaxInt64 || v == math.MinInt64 {
		return 0, false
	}
	return v, true
}

// noteCommand updates the report after a complete command outside a
// transaction (an EXEC completes the whole block).
func (s *scan) noteCommand(end int64) {
	p := s.part
	p.Commands++
	switch {
	case len(s.cmd) >= 2 && bytes.EqualFold(s.cmd[0], []byte("select")):
		if db, err := strconv.Atoi(string(s.cmd[1])); err == nil {
			s.db = db
		}
	case len(s.cmd) > 0 && !isTxnMarker(s.cmd[0]):
		p.noteDB(s.db)
	}
	if s.multi == 0 {
		p.LastGood = quoteArgs(s.cmd)
		p.LastGoodEnd = end
	}
}

func quoteArgs(args [][]byte) string {
	var b []byte
	for i, a := range args {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendQuote(b, string(a))
	}
	return string(b)
}

func isTxnMarker(name []byte) bool {
	return bytes.EqualFold(name, []byte("multi")) || bytes.EqualFold(name, []byte("exec"))
}
