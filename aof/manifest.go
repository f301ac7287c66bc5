package aof

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/resp"
)

// FileType is a manifest record's type letter.
type FileType byte

const (
	TypeBase    FileType = 'b'
	TypeHistory FileType = 'h'
	TypeIncr    FileType = 'i'
)

// Info is one manifest record.
type Info struct {
	Name string
	Seq  int64
	Type FileType
}

// Manifest lists the files of a multi-part AOF. Base and Incr are loaded
// (base first, then incr in order); History files are never read and are
// deleted by the next garbage collection.
//
// Text form (one record per line, '\n'-terminated, written in this order):
//
//	file appendonly.aof.3.base.rdb seq 3 type b     at most one base
//	file appendonly.aof.2.incr.aof seq 2 type h     history, newest first
//	file appendonly.aof.3.incr.aof seq 3 type i     incr, seq increasing
type Manifest struct {
	Base    *Info
	History []Info
	Incr    []Info
	// BaseSeq and IncrSeq are the last sequence numbers used; the next new
	// base or incr file takes the next one. The two counters are independent.
	BaseSeq, IncrSeq int64
}

// Redis's manifest error texts.
const (
	errManifestEmpty     = "Found an empty AOF manifest"
	errManifestLongLine  = "The AOF manifest file contains too long line"
	errManifestFormat    = "Invalid AOF manifest file format"
	errManifestPath      = "File can't be a path, just a filename"
	errManifestDupBase   = "Found duplicate base file information"
	errManifestNonMono   = "Found a non-monotonic sequence number"
	errManifestUnknownTy = "Unknown AOF file type"
)

// manifestMaxLine is the longest line Redis reads (its fgets buffer).
const manifestMaxLine = 1024

// ManifestError is a manifest Redis would refuse, with its line (1-based)
// and Redis's reason text.
type ManifestError struct {
	Line   int
	Text   string
	Reason string
}

func (e *ManifestError) Error() string {
	if e.Line == 0 {
		return "aof: manifest: " + e.Reason
	}
	return fmt.Sprintf("aof: manifest line %d: %s ('%s')", e.Line, e.Reason, e.Text)
}

// Is makes every ManifestError match ErrCorrupt.
func (e *ManifestError) Is(target error) bool { return target == ErrCorrupt }

// ParseManifest reads a manifest exactly as Redis 7.0.15 does.
func ParseManifest(data []byte) (*Manifest, error) {
	if len(data) == 0 {
		return nil, &ManifestError{Reason: errManifestEmpty}
	}
	m := &Manifest{}
	var maxIncr int64
	for line := 1; len(data) > 0; line++ {
		chunk := nextChunk(data)
		data = data[len(chunk):]
		// Redis handles the line as a C string: a NUL ends it.
		if i := bytes.IndexByte(chunk, 0); i >= 0 {
			chunk = chunk[:i]
		}
		if len(chunk) > 0 && chunk[0] == '#' {
			continue
		}
		if bytes.IndexByte(chunk, '\n') < 0 {
			return nil, &ManifestError{Line: line, Text: string(chunk), Reason: errManifestLongLine}
		}
		info, reason := parseManifestLine(bytes.Trim(chunk, " \t\r\n"))
		if reason == "" {
			reason = m.add(info, &maxIncr)
		}
		if reason != "" {
			return nil, &ManifestError{Line: line, Text: string(bytes.Trim(chunk, " \t\r\n")), Reason: reason}
		}
	}
	return m, nil
}

// nextChunk is what one fgets call with Redis's buffer returns: up to and
// including the next '\n', at most manifestMaxLine bytes.
func nextChunk(data []byte) []byte {
	n := min(len(data), manifestMaxLine)
	if i := bytes.IndexByte(data[:n], '\n'); i >= 0 {
		return data[:i+1]
	}
	return data[:n]
}

func parseManifestLine(line []byte) (Info, string) {
	var info Info
	if len(line) == 0 {
		return info, errManifestFormat
	}
	args, ok := resp.SplitArgs(line, nil)
	// At least six tokens, in pairs: more pairs are tolerated so that a
	// later version may add keys.
	if !ok || len(args) < 6 || len(args)%2 != 0 {
		return info, errManifestFormat
	}
	for i := 0; i < len(args); i += 2 {
		key, val := cString(args[i]), cString(args[i+1])
		switch {
		case strings.EqualFold(key, "file"):
			if strings.ContainsAny(val, `/\`) {
				return info, errManifestPath
			}
			info.Name = val
		case strings.EqualFold(key, "seq"):
			info.Seq = atoll(val)
		case strings.EqualFold(key, "type"):
			info.Type = 0
			if len(val) > 0 {
				info.Type = FileType(val[0])
			}
		}
	}
	if info.Name == "" || info.Seq == 0 || info.Type == 0 {
		return info, errManifestFormat
	}
	return info, ""
}

func (m *Manifest) add(info Info, maxIncr *int64) string {
	switch info.Type {
	case TypeBase:
		if m.Base != nil {
			return errManifestDupBase
		}
		b := info
		m.Base, m.BaseSeq = &b, info.Seq
	case TypeHistory:
		m.History = append(m.History, info)
	case TypeIncr:
		if info.Seq <= *maxIncr {
			return errManifestNonMono
		}
		m.Incr = append(m.Incr, info)
		m.IncrSeq, *maxIncr = info.Seq, info.Seq
	default:
		return errManifestUnknownTy
	}
	return ""
}

// cString cuts b at its first NUL, as C string functions see it.
func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// atoll parses like C's atoll: leading spaces, a sign, digits, and
// whatever follows ignored; it saturates on overflow like strtoll.
func atoll(s string) int64 {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var v uint64
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		v = v*10 + uint64(s[i]-'0')
		if v > 1<<63 {
			v = 1 << 63
		}
	}
	switch {
	case neg:
		return -int64(v) // 1<<63 wraps to MinInt64, as strtoll saturates
	case v >= 1<<63:
		return 1<<63 - 1
	}
	return int64(v)
}

// Marshal returns the manifest's text as Redis writes it: base, history,
// then incr records; names that need it are quoted.
func (m *Manifest) Marshal() []byte {
	var b []byte
	if m.Base != nil {
		b = appendInfo(b, *m.Base)
	}
	for _, in := range m.History {
		b = appendInfo(b, in)
	}
	for _, in := range m.Incr {
		b = appendInfo(b, in)
	}
	return b
}

func appendInfo(b []byte, in Info) []byte {
	b = append(b, "file "...)
	if needsRepr(in.Name) {
		b = appendRepr(b, in.Name)
	} else {
		b = append(b, in.Name...)
	}
	b = append(b, " seq "...)
	b = strconv.AppendInt(b, in.Seq, 10)
	b = append(b, " type "...)
	return append(b, byte(in.Type), '\n')
}

// Clone returns a deep copy.
func (m *Manifest) Clone() *Manifest {
	c := &Manifest{BaseSeq: m.BaseSeq, IncrSeq: m.IncrSeq}
	if m.Base != nil {
		b := *m.Base
		c.Base = &b
	}
	c.History = append([]Info(nil), m.History...)
	c.Incr = append([]Info(nil), m.Incr...)
	return c
}

// LoadOrder is the files to replay: the base, if any, then every incr file
// in manifest order. History files are never read.
func (m *Manifest) LoadOrder() []Info {
	var out []Info
	if m.Base != nil {
		out = append(out, *m.Base)
	}
	return append(out, m.Incr...)
}
