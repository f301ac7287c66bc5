// Package checkaof checks (and with Fix, repairs) an append-only file the
// way redis-check-aof 7.0.15 does: the same verdict at the same byte, the
// same messages and exit codes, for a multi-part manifest (base then incr
// files in manifest order) or a single file (RESP, or RDB preamble plus
// RESP). Beyond redis-check-aof it reports every part (commands, bytes,
// databases touched, first and last timestamp annotation, the last good
// command before damage) and keeps a copy of every byte it cuts.
//
// Reading is streaming: memory does not grow with the file or with a
// single argument's size.
package checkaof

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/aof"
)

// Options configure a check.
type Options struct {
	FS  vfs.FS    // where files live; vfs.Default if nil
	Out io.Writer // redis-check-aof's messages; io.Discard if nil
	In  io.Reader // answers to the --fix question; nothing if nil

	Fix bool // cut a damaged tail of the last file (asks first unless Yes)
	Yes bool // answer the --fix question with yes
	// TruncateToTimestamp (unix seconds), when not 0, cuts the last file at
	// the first #TS annotation later than it.
	TruncateToTimestamp int64
	// Tick, if set, is told how far the current file has been read.
	Tick func(offset, size int64)
}

// ExitError carries the exit code redis-check-aof would end with.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

var errEmptyKey = errors.New("rdb: empty collection key (redis-check-rdb refuses it)")

// Checker holds the state that redis-check-aof keeps across files.
type Checker struct {
	opts    Options
	report  *Report
	line    int64  // lines consumed so far, over all files
	epos    int64  // where the last read that can fail started
	errText string // the first error, "" if none
}

// Check checks path (a manifest or a single AOF). The report lists the
// parts checked so far even when the error is an *ExitError.
func Check(path string, opts Options) (*Report, error) {
	if opts.FS == nil {
		opts.FS = vfs.Default
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	ck := &Checker{opts: opts, report: &Report{}, line: 1}
	err := ck.run(path)
	ck.report.Valid = err == nil
	for _, p := range ck.report.Parts {
		ck.report.Valid = ck.report.Valid && p.Status != StatusInvalid
	}
	return ck.report, err
}

func (ck *Checker) run(path string) error {
	isManifest, err := ck.fileIsManifest(path)
	if err != nil {
		return err
	}
	if isManifest {
		return ck.checkMultiPart(path)
	}
	isRDB, err := ck.fileIsRDB(path)
	if err != nil {
		return err
	}
	return ck.checkOldStyle(path, isRDB)
}

func (ck *Checker) checkOldStyle(path string, preamble bool) error {
	ck.printf("Start checking Old-Style AOF\n")
	p := ck.addPart(path, path, "file", preamble)
	st, err := ck.checkSingle(p, true, preamble)
	if err != nil {
		return err
	}
	p.Status = st
	ck.printOutcome("AOF", path, st)
	return nil
}

func (ck *Checker) checkMultiPart(path string) error {
	ck.printf("Start checking Multi Part AOF\n")
	m, err := ck.loadManifest(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	total := len(m.Incr)
	if m.Base != nil {
		total++
	}
	n := 0
	if m.Base != nil {
		n++
		if err := ck.checkBase(dir, m.Base.Name, n == total); err != nil {
			return err
		}
	}
	if len(m.Incr) > 0 {
		ck.printf("Start to check INCR files.\n")
	}
	for _, info := range m.Incr {
		n++
		if err := ck.checkPart(dir, info.Name, "incr", n == total, false); err != nil {
			return err
		}
	}
	ck.printf("All AOF files and manifest are valid\n")
	return nil
}

func (ck *Checker) checkBase(dir, name string, last bool) error {
	isRDB, err := ck.fileIsRDB(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	format := "RESP"
	if isRDB {
		format = "RDB"
	}
	ck.printf("Start to check BASE AOF (%s format).\n", format)
	return ck.checkPart(dir, name, "base", last, isRDB)
}

func (ck *Checker) checkPart(dir, name, role string, last, preamble bool) error {
	p := ck.addPart(name, filepath.Join(dir, name), role, preamble)
	st, err := ck.checkSingle(p, last, preamble)
	if err != nil {
		return err
	}
	p.Status = st
	ck.printOutcome(strings.ToUpper(role)+" AOF", name, st)
	return nil
}

func (ck *Checker) addPart(name, path, role string, preamble bool) *Part {
	p := &Part{Name: name, Path: path, Role: role, Format: "resp", DamageOffset: -1}
	if preamble {
		p.Format = "rdb"
	}
	ck.report.Parts = append(ck.report.Parts, p)
	return p
}

func (ck *Checker) printOutcome(what, name string, st Status) {
	switch st {
	case StatusOK:
		ck.printf("%s %s is valid\n", what, name)
	case StatusEmpty:
		ck.printf("%s %s is empty\n", what, name)
	case StatusTimestampTruncated:
		ck.printf("Successfully truncated AOF %s to timestamp %d\n", name, ck.opts.TruncateToTimestamp)
	case StatusTruncated:
		ck.printf("Successfully truncated AOF %s\n", name)
	}
}

// loadManifest parses the manifest with Redis's own rules; Redis's loader
// logs the reason and exits 1.
func (ck *Checker) loadManifest(path string) (*aof.Manifest, error) {
	data, err := ck.readAll(path)
	if err != nil {
		return nil, ck.exit("Fatal error: can't open the AOF manifest file %s for reading: %s\n", path, cause(err))
	}
	m, err := aof.ParseManifest(data)
	var me *aof.ManifestError
	if errors.As(err, &me) {
		p := ck.addPart(filepath.Base(path), path, "manifest", false)
		p.Status, p.Damage, p.DamageOffset = StatusInvalid, me.Reason, 0
		if me.Line == 0 {
			return nil, ck.exit("%s\n", me.Reason)
		}
		return nil, ck.exit("\n*** FATAL AOF MANIFEST FILE ERROR ***\nReading the manifest file, at line %d\n>>> '%s'\n%s\n",
			me.Line, me.Text, me.Reason)
	}
	return m, err
}

func (ck *Checker) readAll(path string) ([]byte, error) {
	f, err := ck.opts.FS.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// fileIsManifest: any line that is not a comment and starts with "file"
// (lines read in pieces of at most 1024 bytes).
func (ck *Checker) fileIsManifest(path string) (bool, error) {
	f, err := ck.opts.FS.Open(path)
	if err != nil {
		return false, ck.exit("Cannot open file %s: %s\n", path, cause(err))
	}
	defer f.Close()
	r := newCReader(f, 0)
	found := false
	for {
		line, ok := r.fgets(1025)
		if !ok {
			return found, nil
		}
		if line[0] != '#' && strings.HasPrefix(string(line), "file") {
			found = true
		}
	}
}

// fileIsRDB: at least 8 bytes starting with "REDIS".
func (ck *Checker) fileIsRDB(path string) (bool, error) {
	f, err := ck.opts.FS.Open(path)
	if err != nil {
		return false, ck.exit("Cannot open file %s: %s\n", path, cause(err))
	}
	defer f.Close()
	head := make([]byte, 5)
	st, err := f.Stat()
	if err != nil {
		return false, ck.exit("Cannot stat file: %s\n", path)
	}
	if st.Size() < 8 {
		return false, nil
	}
	_, err = io.ReadFull(f, head)
	return err == nil && aof.HasRDBPreamble(head), nil
}

func (ck *Checker) printf(format string, args ...any) {
	fmt.Fprintf(ck.opts.Out, format, args...)
}

// exit prints a message and returns the error that ends the check with
// status 1.
func (ck *Checker) exit(format string, args ...any) error {
	ck.printf(format, args...)
	return &ExitError{Code: 1}
}

// confirm asks the --fix question; only an answer starting with y or Y
// goes on.
func (ck *Checker) confirm() bool {
	ck.printf("Continue? [y/N]: ")
	if ck.opts.Yes {
		ck.printf("y (--yes)\n")
		return true
	}
	if ck.opts.In == nil {
		return false
	}
	c, err := bufio.NewReader(ck.opts.In).ReadByte()
	return err == nil && (c == 'y' || c == 'Y')
}

// cause is the system's reason, like strerror.
func cause(err error) string {
	var pe interface{ Unwrap() error }
	for errors.As(err, &pe) && pe.Unwrap() != nil {
		err = pe.Unwrap()
	}
	s := err.Error()
	if s != "" {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}
