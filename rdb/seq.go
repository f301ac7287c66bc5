package rdb

import (
	"iter"
	"slices"
	"strings"
)

func sliceSeq[S ~[]string](s S) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, v := range s {
			if !yield(v) {
				return
			}
		}
	}
}

func hashSeq(h Hash) iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for _, fv := range h {
			if !yield(fv.Field, fv.Value) {
				return
			}
		}
	}
}

// zsetSeqDescending yields z from the highest (score, member) to the lowest,
// the order Redis writes a skiplist in.
func zsetSeqDescending(z ZSet) iter.Seq2[string, float64] {
	s := slices.Clone(z)
	slices.SortFunc(s, func(a, b ZMember) int { return -compareZ(a, b) })
	return func(yield func(string, float64) bool) {
		for _, m := range s {
			if !yield(m.Member, m.Score) {
				return
			}
		}
	}
}

// compareZ orders by score, then member bytes, as a sorted set does.
func compareZ(a, b ZMember) int {
	switch {
	case a.Score < b.Score:
		return -1
	case a.Score > b.Score:
		return 1
	}
	return strings.Compare(a.Member, b.Member)
}
