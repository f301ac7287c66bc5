// Package packed holds the compact encodings of small collections: Strings,
// a listpack-like run of byte strings, and Ints, an intset-like sorted
// array of integers. Both are Go strings that changes treat as immutable:
// every change builds a new string and leaves the old one intact, so a
// value shared with a snapshot is never disturbed. The one exception is
// Strings.OverwriteAt, for an owner that built the value and shares it with
// no one: it rewrites an element of the same length in place, and
// substrings readers took of that element see the new bytes.
//
//	Strings: uvarint(n) { uvarint(len) bytes } * n
//	Ints:    width(1 byte: 2, 4 or 8) { little-endian int } * n, ascending
//
// These are meant for a few hundred elements at most: lookups are linear
// (Strings) or binary (Ints), and every change copies the whole value.
//
// Concurrency: values may be read by any goroutine as long as their owner
// does not overwrite them in place meanwhile.
package packed
