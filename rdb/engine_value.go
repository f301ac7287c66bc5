package rdb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"unsafe"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/crc64"
)

// This file maps between the engine's values and the RDB object encoding,
// both ways. It is shared by WriteSnapshot/Load (whole files) and by
// DumpCodec (DUMP/RESTORE payloads).

// encoderOptions turns the engine's encoding thresholds into the
// encoder's. A zero threshold means "never compact" in Redis; the encoder
// spells that -1 (its zero means "default").
func encoderOptions(cfg *engine.Config, noCompression bool) EncoderOptions {
	off := func(v int64) int {
		if v <= 0 {
			return -1
		}
		return int(min(v, 1<<31-1))
	}
	return EncoderOptions{
		NoCompression:          noCompression,
		HashMaxListpackEntries: off(cfg.HashMaxListpackEntries),
		HashMaxListpackValue:   off(cfg.HashMaxListpackValue),
		ZSetMaxListpackEntries: off(cfg.ZSetMaxListpackEntries),
		ZSetMaxListpackValue:   off(cfg.ZSetMaxListpackValue),
		SetMaxIntsetEntries:    off(cfg.SetMaxIntsetEntries),
		ListMaxListpackSize:    int(cfg.ListMaxListpackSize),
	}
}

// writeValue writes one key (or, for a DUMP encoder, one bare value) from
// an engine value. Collections are read through their frozen iterators:
// REQUIRES: v is not changed meanwhile (a snapshot view, or the lock held).
func (e *Encoder) writeValue(k KeyInfo, v *engine.Value) error {
	switch o := v.Obj().(type) {
	case nil:
		return e.WriteString(k, v.Str())
	case *engine.List:
		return e.writeList(k, nil, o)
	case *engine.Set:
		return e.writeSet(k, nil, o)
	case *engine.ZSet:
		return e.writeZSet(k, nil, o)
	case *engine.Hash:
		return e.writeHash(k, nil, o)
	case *engine.Stream:
		return e.WriteStream(k, streamRecord(o))
	}
	return fmt.Errorf("rdb: cannot write a value of type %s", v.Type())
}

// bytesString views b as a string without copying. b must never change
// afterwards: snapshot nodes the encoder reads, or a buffer the decoder
// made for the string and hands over whole.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// engineValue builds the engine value for a decoded record with the
// encodings Redis gives a loaded value under cfg. The value belongs to no
// generation: the first write to it copies what it touches.
func engineValue(rec *Record, cfg *engine.Config) (engine.Value, error) {
	var o engine.Object
	switch v := rec.Value.(type) {
	case string:
		return engine.StringValue(v), nil
	case List:
		o = engine.NewList(stringsAsBytes(v))
	case Set:
		o = engine.NewSetFromMembers(0, cfg, v)
	case ZSet:
		o = newZSet(v, cfg)
	case Hash:
		o = newHash(v, cfg)
	case *Stream:
		o = newStream(v, cfg)
	default:
		return engine.Value{}, fmt.Errorf("rdb: no engine type for %T", rec.Value)
	}
	return engine.ObjectValue(o), nil
}

// stringsAsBytes views the strings as byte slices for NewList, which
// copies them.
func stringsAsBytes(s []string) [][]byte {
	out := make([][]byte, len(s))
	for i, v := range s {
		out[i] = unsafe.Slice(unsafe.StringData(v), len(v))
	}
	return out
}

func newZSet(z ZSet, cfg *engine.Config) *engine.ZSet {
	entries := make([]engine.ZSetEntry, len(z))
	for i, m := range z {
		entries[i] = engine.ZSetEntry{Member: m.Member, Score: m.Score}
	}
	return engine.NewZSet(entries, cfg)
}

func newHash(h Hash, cfg *engine.Config) *engine.Hash {
	out := engine.NewHash()
	for _, fv := range h {
		out.SetField(0, cfg, fv.Field, fv.Value)
	}
	return out
}

// DumpCodec is the engine's DUMP/RESTORE codec (engine.SetDumpCodec): the
// RDB object encoding plus Redis's footer, so payloads move between Redis
// 7.0 and Strata both ways.
type DumpCodec struct {
	// NoCompression mirrors rdbcompression no, which DUMP obeys in Redis.
	NoCompression bool
}

// Dump implements engine.DumpCodec.
func (c DumpCodec) Dump(v *engine.Value, cfg *engine.Config) ([]byte, error) {
	return dumpPayload(encoderOptions(cfg, c.NoCompression), func(e *Encoder) error {
		return e.writeValue(KeyInfo{}, v)
	})
}

// Restore implements engine.DumpCodec.
func (c DumpCodec) Restore(p []byte, cfg *engine.Config) (engine.Value, error) {
	rec, err := Restore(p, false)
	if errors.Is(err, ErrBadPayload) {
		return engine.Value{}, fmt.Errorf("%w: %w", engine.ErrDumpFooter, err)
	}
	if err != nil {
		return engine.Value{}, err
	}
	return engineValue(rec, cfg)
}

// dumpPayload runs write on a DUMP encoder and appends the footer: RDB
// version (u16le) and the CRC-64 of everything before it (u64le).
func dumpPayload(opts EncoderOptions, write func(e *Encoder) error) ([]byte, error) {
	var buf bytes.Buffer
	e := NewEncoder(&buf, opts)
	e.dump = true
	if err := write(e); err != nil {
		return nil, err
	}
	if err := e.out.flush(); err != nil {
		return nil, err
	}
	p := binary.LittleEndian.AppendUint16(buf.Bytes(), Version)
	return binary.LittleEndian.AppendUint64(p, crc64.Checksum(p)), nil
}
