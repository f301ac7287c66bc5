package aof

import (
	"bytes"
	"errors"
	"io"
)

// pageSize is the unit in which a file system writes a file's data back.
// After a crash each page of the unsynced part of a file holds either what
// was last written to it or what it held before, independently of the
// others: a later page can reach the disk while an earlier one does not.
const pageSize = 4096

// holeScanMax bounds how much of a damaged tail is read back to look for a
// hole; a longer span after the last complete command is treated as
// corruption rather than read into memory.
const holeScanMax = 64 << 20

// File is what NewFileReader reads: a whole file from its start.
type File interface {
	io.Reader
	io.ReaderAt
}

// NewFileReader reads the file f, of size bytes, from its start. Unlike a
// plain stream, a file can be read again at known offsets, which lets the
// reader recognise a tail left by unwritten pages (see holeAfter).
func NewFileReader(f File, size int64, file string) *Reader {
	r := NewReader(f, file)
	r.at, r.size = f, size
	return r
}

// holeAfter reports whether the bytes after the last complete command are
// a torn write that left a hole: a valid beginning of a command, then NUL
// bytes from where it was cut to the end of that page (or of the file),
// then anything. failOff is where parsing failed; the hole must start at
// or before it.
//
// Why this is a torn write and not damage: only unsynced data can be
// missing after a crash, and fdatasync makes every byte before the synced
// size durable, so a page that reads as zeros starts after the last
// completed sync; nothing acknowledged under appendfsync always can be in
// or after it. Real data may be NUL only inside a bulk payload, which is
// the one place this rule could take damage for a hole; the cut bytes are
// kept aside by recovery either way.
func (r *Reader) holeAfter(failOff int64) (bool, error) {
	if r.at == nil {
		return false, nil
	}
	start := r.lastValid
	end := min(failOff+pageSize, r.size)
	if failOff < start || end-start > holeScanMax {
		return false, nil
	}
	buf := make([]byte, end-start)
	if n, err := r.at.ReadAt(buf, start); n < len(buf) {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return false, err
	}
	for i := 0; int64(i) <= failOff-start && i < len(buf); i++ {
		if buf[i] != 0 || (i > 0 && buf[i-1] == 0) {
			continue // not the start of a run of NULs
		}
		p := start + int64(i)
		pageEnd := min((p/pageSize+1)*pageSize, r.size)
		if !allZero(buf[i : pageEnd-start]) {
			continue
		}
		// The first run that reaches its page end decides: if what comes
		// before it is not the beginning of a command, no later run's
		// prefix is either.
		return isPrefix(buf[:i]), nil
	}
	return false, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// isPrefix reports whether b is empty or the beginning of one item that
// it does not complete.
func isPrefix(b []byte) bool {
	_, err := NewReader(bytes.NewReader(b), "").Next()
	var torn *TornTailError
	return err == io.EOF || (errors.As(err, &torn) && !torn.Zeros)
}
