// Package packed holds the compact encodings of small collections: Strings,
// a listpack-like run of byte strings, and Ints, an intset-like sorted
// array of integers. Both are immutable Go strings: every change builds a
// new string and leaves the old one intact, so a value shared with a
// snapshot is never disturbed, and substrings handed out by readers stay
// valid for as long as anyone holds them.
//
//	Strings: uvarint(n) { uvarint(len) bytes } * n
//	Ints:    width(1 byte: 2, 4 or 8) { little-endian int } * n, ascending
//
// These are meant for a few hundred elements at most: lookups are linear
// (Strings) or binary (Ints), and every change copies the whole value.
//
// Concurrency: values are immutable and may be read by any goroutine.
package packed
