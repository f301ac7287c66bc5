package rdb

import (
	"errors"
	"iter"
	"math"
	"slices"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/resp"
)

// ErrNaNScore is returned for a sorted-set score that is NaN.
var ErrNaNScore = errors.New("rdb: NaN zset score")

// WriteZSet writes a sorted set as a listpack sorted by (score, member) when
// it has at most zset-max-listpack-entries members of at most
// zset-max-listpack-value bytes, else as ZSET_2 with binary scores in
// iteration order (Redis writes highest score first; WriteRecord does too).
// REQUIRES: members can be iterated twice.
func (e *Encoder) WriteZSet(k KeyInfo, members iter.Seq2[string, float64]) error {
	return e.writeZSet(k, members, nil)
}

// writeZSet reads z, or members when z is nil (walk). A big engine zset is
// read from the highest score down, the order Redis writes a skiplist in;
// a small one in its own order (its listpack members are sorted anyway).
func (e *Encoder) writeZSet(k KeyInfo, members iter.Seq2[string, float64], z *engine.ZSet) error {
	w := e.walker()
	pass := func(fn func(string, float64) bool, fnE func(int, engine.ZSetEntry) bool) {
		switch {
		case z == nil:
			members(fn)
		case z.Encoding() == "listpack":
			z.Range(0, false, fnE)
		default:
			z.Range(z.Len()-1, true, fnE)
		}
	}
	w.reset()
	pass(w.zsetScan, w.zsetScanE)
	if w.nan {
		return ErrNaNScore
	}
	if w.n == 0 {
		return ErrEmptyValue
	}
	if w.small && w.n <= e.opts.ZSetMaxListpackEntries {
		pass(w.zsetKeep, w.zsetKeepE)
		return e.writeZSetListpack(k, w)
	}
	e.beginKey(&k, TypeZSet2)
	e.out.writeLen(uint64(w.n))
	pass(w.zsetWrite, w.zsetWriteE)
	return e.finish()
}

func (e *Encoder) writeZSetListpack(k KeyInfo, w *walk) error {
	slices.SortFunc(w.zs, compareZ)
	e.beginKey(&k, TypeZSetListpack)
	w.lp.reset(e.lp)
	for _, m := range w.zs {
		w.lp.appendString(m.Member)
		if v, ok := double2ll(m.Score); ok {
			w.lp.appendInt(v)
		} else {
			w.num = resp.AppendDouble(w.num[:0], m.Score)
			w.lp.appendString(bytesString(w.num))
		}
	}
	e.lp = w.lp.finish()
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
