package rdb

import (
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
)

// Options configure a Decoder.
type Options struct {
	// SkipChecksum skips the CRC-64 check, like a server with rdbchecksum no.
	SkipChecksum bool
	// Databases is the number of databases; a SELECTDB at or beyond it is
	// refused as Redis refuses it. Zero means 16.
	Databases int
	// BaseOffset is added to every reported offset, for an RDB that starts
	// inside a larger file.
	BaseOffset int64
}

// Decoder reads one RDB file from an io.Reader, streaming: memory use is
// bounded by the largest single value, not by the file. A Decoder is not
// safe for concurrent use.
//
// It reads ahead of the RDB's end; a caller that has more to read after the
// checksum (an AOF preamble) should reposition its file at Offset().
type Decoder struct {
	in      *input
	opts    Options
	version int
	db      int
	h       Handler
	eh      ElementHandler
	sh      StringHandler
	// strMeta is the KeyInfo handed to StringHandler.StringKey; keyBuf
	// holds a string record's key while its value is read.
	strMeta KeyInfo
	keyBuf  []byte

	// SkippedEmpty counts collection keys that decoded to no elements.
	SkippedEmpty int
	// Checksum is the stored trailer (0 when absent or disabled).
	Checksum uint64
}

// NewDecoder returns a decoder reading from r.
func NewDecoder(r io.Reader, opts Options) *Decoder {
	if opts.Databases <= 0 {
		opts.Databases = 16
	}
	return &Decoder{in: newInput(r, opts.BaseOffset), opts: opts}
}

// Version is the file's RDB version, known once Decode has read the header.
func (d *Decoder) Version() int { return d.version }

// Offset is the offset just past the last byte consumed; after a successful
// Decode, the end of the RDB (after its checksum, if any).
func (d *Decoder) Offset() int64 { return d.in.offset() }

// Decode reads the whole file, passing what it finds to h. It returns nil
// only after the EOF opcode and a matching (or disabled) checksum. Errors:
// *CorruptionError for bad bytes, ErrTruncated (errors.Is) for a file that
// ends early, ErrUnsupported for modules and unknown versions, or whatever
// h returned.
func (d *Decoder) Decode(h Handler) error {
	d.h = h
	d.eh, _ = h.(ElementHandler)
	d.sh, _ = h.(StringHandler)
	if err := d.readHeader(); err != nil {
		return err
	}
	meta := KeyInfo{ExpireMs: NoExpire, IdleSec: NoIdle, Freq: NoFreq}
	for {
		off := d.in.offset()
		t, err := d.in.readByte("record type")
		if err != nil {
			return err
		}
		done, err := d.readRecord(t, off, &meta)
		if err != nil || done {
			return err
		}
	}
}

func (d *Decoder) readHeader() error {
	p, err := d.in.next(9, "header")
	if err != nil {
		return err
	}
	if string(p[:5]) != "REDIS" {
		return d.in.corrupt(d.opts.BaseOffset, "wrong signature %q", p[:5])
	}
	v, err := strconv.Atoi(string(p[5:9]))
	if err != nil {
		return d.in.corrupt(d.opts.BaseOffset+5, "bad version %q", p[5:9])
	}
	if v < MinVersion || v > MaxVersion {
		return fmt.Errorf("%w: RDB format version %d", ErrUnsupported, v)
	}
	d.version = v
	return nil
}

// readRecord handles one opcode or key record; done is true after EOF.
func (d *Decoder) readRecord(t byte, off int64, meta *KeyInfo) (done bool, err error) {
	switch t {
	case opEOF:
		return true, d.readTrailer()
	case opExpireTimeMs:
		meta.ExpireMs, err = d.readExpireMs()
	case opExpireTime:
		meta.ExpireMs, err = d.readExpireSec()
	case opIdle:
		var idle uint64
		idle, err = d.in.readLen("IDLE")
		meta.IdleSec = int64(idle & (1<<63 - 1))
	case opFreq:
		var f byte
		f, err = d.in.readByte("FREQ")
		meta.Freq = int(f)
	case opSelectDB:
		err = d.readSelectDB()
	case opResizeDB:
		err = d.readResizeDB()
	case opAux:
		err = d.readAux()
	case opFunction2:
		err = d.readFunction2()
	case opFunction:
		err = d.readFunctionRC()
	case opModuleAux:
		err = fmt.Errorf("%w: module AUX data at offset %d", ErrUnsupported, off)
	default:
		err = d.readKey(Type(t), off, *meta)
		*meta = KeyInfo{ExpireMs: NoExpire, IdleSec: NoIdle, Freq: NoFreq}
	}
	return false, err
}

func (d *Decoder) readExpireMs() (int64, error) {
	v, err := d.in.readUint64LE("EXPIRETIME_MS")
	return int64(v), err
}

func (d *Decoder) readExpireSec() (int64, error) {
	p, err := d.in.next(4, "EXPIRETIME")
	if err != nil {
		return 0, err
	}
	return int64(int32(binary.LittleEndian.Uint32(p))) * 1000, nil
}

func (d *Decoder) readSelectDB() error {
	off := d.in.offset()
	db, err := d.in.readLen("SELECTDB")
	if err != nil {
		return err
	}
	if db >= uint64(d.opts.Databases) {
		return d.in.corrupt(off, "SELECTDB %d but only %d databases", db, d.opts.Databases)
	}
	d.db = int(db)
	return nil
}

func (d *Decoder) readResizeDB() error {
	keys, err := d.in.readLen("RESIZEDB")
	if err != nil {
		return err
	}
	expires, err := d.in.readLen("RESIZEDB")
	if err != nil {
		return err
	}
	return d.h.ResizeDB(d.db, keys, expires)
}

func (d *Decoder) readAux() error {
	k, err := d.in.readString("AUX key")
	if err != nil {
		return err
	}
	v, err := d.in.readString("AUX value")
	if err != nil {
		return err
	}
	return d.h.Aux(k, v)
}

func (d *Decoder) readFunction2() error {
	lib, err := d.in.readString("FUNCTION2")
	if err != nil {
		return err
	}
	return d.h.Function(lib)
}

// readFunctionRC reads the FUNCTION record of Redis 7.0 release candidates
// and rebuilds the library text the way the 7.0 loader does.
func (d *Decoder) readFunctionRC() error {
	var name, engine, desc, code string
	var err error
	if name, err = d.in.readString("FUNCTION name"); err != nil {
		return err
	}
	if engine, err = d.in.readString("FUNCTION engine"); err != nil {
		return err
	}
	hasDesc, err := d.in.readLen("FUNCTION")
	if err != nil {
		return err
	}
	if hasDesc != 0 {
		if desc, err = d.in.readString("FUNCTION description"); err != nil {
			return err
		}
	}
	_ = desc // dropped, as the 7.0 loader drops it
	if code, err = d.in.readString("FUNCTION code"); err != nil {
		return err
	}
	return d.h.Function("#!" + engine + " name=" + name + "\n" + code)
}

// readTrailer checks the CRC-64 that follows EOF from version 5 on.
func (d *Decoder) readTrailer() error {
	if d.version < 5 {
		return nil
	}
	computed := d.in.checksum()
	off := d.in.offset()
	stored, err := d.in.readUint64LE("checksum")
	if err != nil {
		return err
	}
	d.Checksum = stored
	if stored == 0 || d.opts.SkipChecksum || stored == computed {
		return nil
	}
	return &CorruptionError{Offset: off, Err: ErrChecksum,
		Reason: fmt.Sprintf("checksum %016x, computed %016x", stored, computed)}
}
