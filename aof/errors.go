package aof

import (
	"errors"
	"fmt"
)

var (
	// ErrCorrupt matches every *CorruptionError and *ManifestError.
	ErrCorrupt = errors.New("aof: corrupt")
	// ErrTornTail matches every *TornTailError.
	ErrTornTail = errors.New("aof: torn tail")
)

// CorruptionError is data that no prefix of a valid AOF explains: Redis
// stops with "Bad file format" there. Offset is where the broken command
// starts (what redis-check-aof --fix would cut to is LastValid).
type CorruptionError struct {
	File      string
	Offset    int64 // byte where the problem was found
	LastValid int64 // offset after the last complete command
	Reason    string
	Err       error // underlying cause, e.g. from the RDB decoder
}

func (e *CorruptionError) Error() string {
	s := fmt.Sprintf("aof: bad file format in %s at offset %d (last valid command ends at %d): %s",
		fileOrStream(e.File), e.Offset, e.LastValid, e.Reason)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *CorruptionError) Unwrap() error { return e.Err }

// Is makes every CorruptionError match ErrCorrupt.
func (e *CorruptionError) Is(target error) bool { return target == ErrCorrupt }

// TornTailError is a file that ends inside a command, or whose bytes after
// the last complete command are a prefix of a command followed by NUL
// bytes up to the end, or, read from a file, up to the end of a page with
// anything after it (a torn write; see docs/aof.md). Everything before
// Offset is intact.
type TornTailError struct {
	File   string
	Offset int64 // offset after the last complete command
	Size   int64 // file size
	Zeros  bool  // the cut is followed by NUL bytes (unwritten data)
	// Blank: every byte from Offset to Size is NUL, so no command was
	// begun there. Strata's log reserves its file's space ahead of its
	// writes (wal.Options.ReserveStep), and a crash leaves the rest of
	// that space as such a tail; Load skips it in any file, whatever
	// aof-load-truncated says, and the log writes into it again.
	Blank bool
}

func (e *TornTailError) Error() string {
	kind := "command cut short"
	if e.Blank {
		kind = "blank (zero-filled) tail"
	} else if e.Zeros {
		kind = "zero-filled tail"
	}
	return fmt.Sprintf("aof: %s in %s: %d bytes after offset %d", kind, fileOrStream(e.File),
		e.Size-e.Offset, e.Offset)
}

// Is makes every TornTailError match ErrTornTail.
func (e *TornTailError) Is(target error) bool { return target == ErrTornTail }

func fileOrStream(name string) string {
	if name == "" {
		return "stream"
	}
	return name
}
