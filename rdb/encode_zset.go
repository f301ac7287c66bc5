package rdb

import (
	"errors"
	"iter"
	"math"
	"slices"
	"strconv"
)

// ErrNaNScore is returned for a sorted-set score that is NaN.
var ErrNaNScore = errors.New("rdb: NaN zset score")

// WriteZSet writes a sorted set as a listpack sorted by (score, member) when
// it has at most zset-max-listpack-entries members of at most
// zset-max-listpack-value bytes, else as ZSET_2 with binary scores in
// iteration order (Redis writes highest score first; WriteRecord does too).
// REQUIRES: members can be iterated twice.
func (e *Encoder) WriteZSet(k KeyInfo, members iter.Seq2[string, float64]) error {
	n, small := 0, true
	for m, s := range members {
		n++
		if math.IsNaN(s) {
			return ErrNaNScore
		}
		if len(m) > e.opts.ZSetMaxListpackValue {
			small = false
		}
	}
	if n == 0 {
		return ErrEmptyValue
	}
	if small && n <= e.opts.ZSetMaxListpackEntries {
		return e.writeZSetListpack(k, n, members)
	}
	e.beginKey(&k, TypeZSet2)
	e.out.writeLen(uint64(n))
	for m, s := range members {
		e.out.writeString(m)
		e.out.writeUint64LE(math.Float64bits(s))
		e.out.maybeFlush()
	}
	return e.finish()
}

func (e *Encoder) writeZSetListpack(k KeyInfo, n int, members iter.Seq2[string, float64]) error {
	z := make(ZSet, 0, n)
	for m, s := range members {
		z = append(z, ZMember{Member: m, Score: s})
	}
	slices.SortFunc(z, compareZ)
	e.beginKey(&k, TypeZSetListpack)
	lp := newLPBuilder(e.lp)
	for _, m := range z {
		lp.appendString(m.Member)
		if v, ok := double2ll(m.Score); ok {
			lp.appendInt(v)
		} else {
			lp.appendString(formatDouble(m.Score))
		}
	}
	e.lp = lp.finish()
	e.out.writeBlob(e.lp)
	return e.finish()
}

// double2ll reports whether f is integral and within +-2^62, the range in
// which Redis stores a listpack score as an integer.
func double2ll(f float64) (int64, bool) {
	const limit = float64(math.MaxInt64 / 2)
	if f < -limit || f > limit {
		return 0, false
	}
	v := int64(f)
	return v, float64(v) == f
}

// formatDouble renders a non-integral score as Redis's d2string does.
func formatDouble(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', 17, 64)
}
