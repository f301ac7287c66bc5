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
	g := e.gathered()
	for m, sc := range members {
		g.zs = append(g.zs, ZMember{Member: m, Score: sc})
	}
	return e.writeZSetOf(k, g)
}

func (e *Encoder) writeZSetOf(k KeyInfo, g *gather) error {
	defer g.done()
	small := true
	for _, m := range g.zs {
		if math.IsNaN(m.Score) {
			return ErrNaNScore
		}
		if len(m.Member) > e.opts.ZSetMaxListpackValue {
			small = false
		}
	}
	if len(g.zs) == 0 {
		return ErrEmptyValue
	}
	if small && len(g.zs) <= e.opts.ZSetMaxListpackEntries {
		return e.writeZSetListpack(k, g)
	}
	e.beginKey(&k, TypeZSet2)
	e.out.writeLen(uint64(len(g.zs)))
	for _, m := range g.zs {
		e.out.writeString(m.Member)
		e.out.writeUint64LE(math.Float64bits(m.Score))
		e.out.maybeFlush()
	}
	return e.finish()
}

func (e *Encoder) writeZSetListpack(k KeyInfo, g *gather) error {
	slices.SortFunc(g.zs, compareZ)
	e.beginKey(&k, TypeZSetListpack)
	lp := &g.lp
	lp.reset(e.lp)
	for _, m := range g.zs {
		lp.appendString(m.Member)
		if v, ok := double2ll(m.Score); ok {
			lp.appendInt(v)
		} else {
			g.num = appendDouble(g.num[:0], m.Score)
			lp.appendString(bytesString(g.num))
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
func formatDouble(f float64) string { return string(appendDouble(nil, f)) }

// appendDouble is formatDouble appending to b.
func appendDouble(b []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	}
	return strconv.AppendFloat(b, f, 'g', 17, 64)
}
