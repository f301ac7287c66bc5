package rdb

import (
	"errors"
	"fmt"
)

// ErrTruncated marks a file that ends before its format says it should: every
// byte present may be fine, there are just not enough of them. Test with
// errors.Is. NB: a damaged length field can also make the decoder run off the
// end, so a truncation report does not prove the bytes read were intact.
var ErrTruncated = errors.New("rdb: unexpected end of file")

// ErrUnsupported marks a well-formed file that uses something this package
// cannot represent: module values and module AUX data, unknown versions.
var ErrUnsupported = errors.New("rdb: unsupported")

// ErrChecksum is wrapped by the CorruptionError for a CRC-64 mismatch.
var ErrChecksum = errors.New("rdb: checksum mismatch")

// CorruptionError reports bytes that cannot be a valid RDB file. Offset is
// the byte offset in the input where the bad item starts (for a problem inside
// an LZF-compressed blob, the offset of that string).
type CorruptionError struct {
	Offset int64
	Reason string
	Err    error // optional cause (ErrChecksum)
}

func (e *CorruptionError) Error() string {
	return fmt.Sprintf("rdb: corrupt file at offset %d: %s", e.Offset, e.Reason)
}

func (e *CorruptionError) Unwrap() error { return e.Err }

// truncatedError carries the offset where the input ran out.
type truncatedError struct {
	offset int64
	what   string
}

func (e *truncatedError) Error() string {
	return fmt.Sprintf("rdb: file ends at offset %d while reading %s", e.offset, e.what)
}

func (e *truncatedError) Is(target error) bool { return target == ErrTruncated }

// blobError is a problem found inside a listpack, ziplist, intset or zipmap;
// offset is relative to the blob and is turned into a file offset by the
// decoder, which knows where the blob came from.
type blobError struct {
	offset int
	reason string
}

func (e *blobError) Error() string { return fmt.Sprintf("%s at blob offset %d", e.reason, e.offset) }

func blobErrf(off int, format string, args ...any) *blobError {
	return &blobError{offset: off, reason: fmt.Sprintf(format, args...)}
}
