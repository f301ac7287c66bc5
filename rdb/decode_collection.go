package rdb

import (
	"math"
	"strconv"
)

// Quicklist v2 node containers.
const (
	containerPlain  = 1
	containerPacked = 2
)

// blobWalker is walkListpack or walkZiplist.
type blobWalker func(b []byte, visit func(e *lpEntry) error) (int, error)

// placeErr turns an error from a blob walk into a file-level error.
func (d *Decoder) placeErr(err error, what string) error {
	if be, ok := err.(*blobError); ok {
		return d.in.blobCorrupt(be, what)
	}
	return err
}

// dupErr turns errDup from an emit into a corruption at off.
func (d *Decoder) dupErr(err error, off int64) error {
	if err == errDup {
		return d.in.corrupt(off, "duplicate member or field")
	}
	return err
}

func (d *Decoder) readPlainMembers(emit func(Element) error) (int, error) {
	n, err := d.in.readCount("element count")
	if err != nil {
		return 0, err
	}
	for i := 0; i < n; i++ {
		off := d.in.offset()
		m, err := d.in.readString("element")
		if err != nil {
			return i, err
		}
		if err := emit(Element{Member: m}); err != nil {
			return i, d.dupErr(err, off)
		}
	}
	return n, nil
}

func (d *Decoder) readPlainHash(emit func(Element) error) (int, error) {
	n, err := d.in.readCount("hash size")
	if err != nil {
		return 0, err
	}
	for i := 0; i < n; i++ {
		off := d.in.offset()
		f, err := d.in.readString("hash field")
		if err != nil {
			return i, err
		}
		v, err := d.in.readString("hash value")
		if err != nil {
			return i, err
		}
		if err := emit(Element{Member: f, Value: v}); err != nil {
			return i, d.dupErr(err, off)
		}
	}
	return n, nil
}

func (d *Decoder) readPlainZSet(t Type, emit func(Element) error) (int, error) {
	n, err := d.in.readCount("zset size")
	if err != nil {
		return 0, err
	}
	for i := 0; i < n; i++ {
		off := d.in.offset()
		m, err := d.in.readString("zset member")
		if err != nil {
			return i, err
		}
		var score float64
		if t == TypeZSet2 {
			var bits uint64
			bits, err = d.in.readUint64LE("zset score")
			score = math.Float64frombits(bits)
		} else {
			score, err = d.readStringDouble()
		}
		if err != nil {
			return i, err
		}
		if math.IsNaN(score) {
			return i, d.in.corrupt(off, "zset score is NaN")
		}
		if err := emit(Element{Member: m, Score: score}); err != nil {
			return i, d.dupErr(err, off)
		}
	}
	return n, nil
}

// readStringDouble reads the legacy text double: u8 length, or 253/254/255
// for NaN/+inf/-inf.
func (d *Decoder) readStringDouble() (float64, error) {
	off := d.in.offset()
	n, err := d.in.readByte("score")
	if err != nil {
		return 0, err
	}
	switch n {
	case 253:
		return math.NaN(), nil
	case 254:
		return math.Inf(1), nil
	case 255:
		return math.Inf(-1), nil
	}
	p, err := d.in.next(int(n), "score")
	if err != nil {
		return 0, err
	}
	f, ok := parseScore(string(p))
	if !ok {
		return 0, d.in.corrupt(off, "bad score %q", p)
	}
	return f, nil
}

// parseScore parses a score as strtod would; NaN is refused by callers.
func parseScore(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true // strtod saturates to +-HUGE_VAL as well
		}
		return 0, false
	}
	return f, true
}

func (d *Decoder) readBlob(what string) ([]byte, error) {
	return d.in.readStr(what)
}

func (d *Decoder) readBlobMembers(walk blobWalker, what string, emit func(Element) error) (int, error) {
	b, err := d.readBlob(what)
	if err != nil {
		return 0, err
	}
	n, err := walk(b, func(e *lpEntry) error {
		if err := emit(Element{Member: e.String()}); err != nil {
			if err == errDup {
				return blobErrf(e.off, "duplicate member")
			}
			return err
		}
		return nil
	})
	if err != nil {
		return n, d.placeErr(err, what)
	}
	if n == 0 {
		return 0, d.in.corrupt(d.in.strOff, "empty %s", what)
	}
	return n, nil
}

// readBlobPairs reads a hash or zset stored as alternating entries.
func (d *Decoder) readBlobPairs(walk blobWalker, what string, zset bool, emit func(Element) error) (int, error) {
	b, err := d.readBlob(what)
	if err != nil {
		return 0, err
	}
	var first lpEntry
	odd := false
	n, err := walk(b, func(e *lpEntry) error {
		if odd = !odd; odd {
			first = *e
			return nil
		}
		el := Element{Member: first.String()}
		if zset {
			var ok bool
			if el.Score, ok = entryScore(e); !ok {
				return blobErrf(e.off, "bad zset score")
			}
		} else {
			el.Value = e.String()
		}
		if err := emit(el); err != nil {
			if err == errDup {
				return blobErrf(first.off, "duplicate member or field")
			}
			return err
		}
		return nil
	})
	if err != nil {
		return n / 2, d.placeErr(err, what)
	}
	if odd || n == 0 {
		return 0, d.in.corrupt(d.in.strOff, "%s with %d entries for pairs", what, n)
	}
	return n / 2, nil
}

func entryScore(e *lpEntry) (float64, bool) {
	if e.isInt {
		return float64(e.ival), true
	}
	f, ok := parseScore(string(e.str))
	return f, ok && !math.IsNaN(f)
}

func (d *Decoder) readQuicklist(emit func(Element) error) (int, error) {
	nodes, err := d.in.readCount("quicklist node count")
	if err != nil {
		return 0, err
	}
	total := 0
	for i := 0; i < nodes; i++ {
		b, err := d.readBlob("quicklist ziplist")
		if err != nil {
			return total, err
		}
		n, err := walkZiplist(b, func(e *lpEntry) error { return emit(Element{Member: e.String()}) })
		total += n
		if err != nil {
			return total, d.placeErr(err, "quicklist ziplist")
		}
	}
	return total, nil
}

func (d *Decoder) readQuicklist2(emit func(Element) error) (int, error) {
	nodes, err := d.in.readCount("quicklist node count")
	if err != nil {
		return 0, err
	}
	total := 0
	for i := 0; i < nodes; i++ {
		n, err := d.readQuicklist2Node(emit)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func (d *Decoder) readQuicklist2Node(emit func(Element) error) (int, error) {
	off := d.in.offset()
	container, err := d.in.readLen("quicklist container")
	if err != nil {
		return 0, err
	}
	if container != containerPlain && container != containerPacked {
		return 0, d.in.corrupt(off, "quicklist container %d", container)
	}
	b, err := d.readBlob("quicklist node")
	if err != nil {
		return 0, err
	}
	if len(b) == 0 {
		return 0, d.in.corrupt(off, "empty quicklist node")
	}
	if container == containerPlain {
		return 1, emit(Element{Member: string(b)})
	}
	// NB: a packed node whose listpack is empty is skipped, as Redis does.
	n, err := walkListpack(b, func(e *lpEntry) error { return emit(Element{Member: e.String()}) })
	return n, d.placeErr(err, "quicklist listpack")
}

func (d *Decoder) readIntset(emit func(Element) error) (int, error) {
	b, err := d.readBlob("intset")
	if err != nil {
		return 0, err
	}
	// Members are strictly ascending, so the collector cannot see a
	// duplicate; skip its check by emitting directly.
	n, err := walkIntset(b, func(v int64) error { return emit(Element{Member: formatInt(v)}) })
	return n, d.placeErr(err, "intset")
}

func (d *Decoder) readZipmap(emit func(Element) error) (int, error) {
	b, err := d.readBlob("zipmap")
	if err != nil {
		return 0, err
	}
	n, err := walkZipmap(b, func(f, v []byte) error {
		if err := emit(Element{Member: string(f), Value: string(v)}); err != nil {
			if err == errDup {
				return blobErrf(0, "duplicate zipmap field")
			}
			return err
		}
		return nil
	})
	return n, d.placeErr(err, "zipmap")
}
