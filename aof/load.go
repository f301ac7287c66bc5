package aof

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// Handler receives what Load replays.
type Handler interface {
	// BeginFile starts a file. Each file is replayed by a fresh client,
	// so it starts in DB 0.
	BeginFile(info Info) error
	// Apply applies one command, or all commands of one MULTI/EXEC block
	// (without MULTI and EXEC), atomically.
	Apply(cmds [][][]byte) error
}

// LoadOptions configure Load.
type LoadOptions struct {
	FS  vfs.FS
	Dir string // the AOF directory
	// RDB decodes RDB bases and preambles; nil refuses them.
	RDB RDBLoader
	// Truncated is aof-load-truncated: accept a torn tail in the last file.
	Truncated bool
}

// LoadReport says what Load did.
type LoadReport struct {
	Commands int64
	// Torn, when set, is the torn tail that was accepted: the caller cuts
	// the file there (Truncate) before appending to it.
	Torn *TornTailError
	// Blank are the files that end in zeros after their last command
	// (TornTailError.Blank), skipped in whichever file they are; the log
	// writes into the last file's from its Offset on.
	Blank []*TornTailError
}

// ErrTruncatedNotLast is a torn tail in a file that is not the last one.
var ErrTruncatedNotLast = errors.New("aof: the truncated file is not the last file")

// Load replays the files of m in load order into h, as Redis 7.0.15 does:
// a torn tail is accepted only at the end of the last file and only with
// Truncated; an unterminated MULTI at the end counts as torn at the MULTI;
// anything else malformed stops the load. Unlike Redis, zeros after a
// file's last command (a blank tail) are skipped in any file.
func Load(opts LoadOptions, m *Manifest, h Handler) (LoadReport, error) {
	var rep LoadReport
	files := m.LoadOrder()
	for i, info := range files {
		if err := h.BeginFile(info); err != nil {
			return rep, err
		}
		torn, err := loadFile(opts, info, h, &rep)
		if err != nil {
			return rep, err
		}
		if torn != nil && torn.Blank {
			rep.Blank = append(rep.Blank, torn)
			continue
		}
		if torn != nil {
			if i != len(files)-1 {
				return rep, fmt.Errorf("%w: %w", ErrTruncatedNotLast, torn)
			}
			if !opts.Truncated {
				return rep, torn
			}
			rep.Torn = torn
		}
	}
	return rep, nil
}

// loadFile replays one file; a torn tail is returned apart from errors.
func loadFile(opts LoadOptions, info Info, h Handler, rep *LoadReport) (*TornTailError, error) {
	f, err := opts.FS.Open(opts.FS.PathJoin(opts.Dir, info.Name))
	if err != nil {
		return nil, fmt.Errorf("aof: opening %s listed in the manifest: %w", info.Name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("aof: %s: %w", info.Name, err)
	}
	r := NewFileReader(f, st.Size(), info.Name)
	if _, err := r.LoadPreamble(opts.RDB); err != nil {
		return nil, err
	}
	tx := txState{}
	for {
		it, err := r.Next()
		var torn *TornTailError
		switch {
		case err == nil:
		case errors.As(err, &torn):
			return tx.revert(torn), nil
		case err == io.EOF:
			return tx.revert(&TornTailError{File: r.File, Offset: r.Offset(), Size: r.Offset()}), nil
		default:
			return nil, err
		}
		if it.Kind != KindCommand {
			continue
		}
		if err := tx.feed(it, r.File, h, rep); err != nil {
			return nil, err
		}
	}
}

// txState buffers a MULTI/EXEC block so it is applied all or nothing.
type txState struct {
	open  bool
	start int64 // offset of MULTI
	cmds  [][][]byte
}

func (t *txState) feed(it Item, file string, h Handler, rep *LoadReport) error {
	name := it.Args[0]
	switch {
	case bytes.EqualFold(name, []byte("multi")):
		if t.open {
			return &CorruptionError{File: file, Offset: it.Offset, LastValid: t.start, Reason: "nested MULTI"}
		}
		t.open, t.start, t.cmds = true, it.Offset, nil
		return nil
	case bytes.EqualFold(name, []byte("exec")):
		if !t.open {
			return &CorruptionError{File: file, Offset: it.Offset, LastValid: it.Offset, Reason: "EXEC without MULTI"}
		}
		t.open = false
		if len(t.cmds) == 0 {
			return nil
		}
		rep.Commands += int64(len(t.cmds))
		return h.Apply(t.cmds)
	case t.open:
		t.cmds = append(t.cmds, it.Args)
		return nil
	}
	rep.Commands++
	return h.Apply([][][]byte{it.Args})
}

// revert turns an end of file inside MULTI into a torn tail at the MULTI,
// as Redis reverts an incomplete transaction. At a clean end outside a
// transaction it returns nil.
func (t *txState) revert(torn *TornTailError) *TornTailError {
	if !t.open {
		if torn.Offset == torn.Size && !torn.Zeros {
			return nil
		}
		return torn
	}
	c := *torn
	c.Offset, c.Blank = t.start, false
	return &c
}
