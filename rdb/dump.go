package rdb

import (
	"bytes"
	"encoding/binary"
	"errors"

	"github.com/strata-db/strata/internal/crc64"
)

// ErrBadPayload is returned by Restore for a payload whose version footer or
// checksum is wrong (Redis: "DUMP payload version or checksum are wrong").
var ErrBadPayload = errors.New("rdb: DUMP payload version or checksum are wrong")

// A DUMP payload is a value as the RDB file stores it, followed by a footer:
//
//	type byte | value payload | u16le RDB version | u64le CRC-64 of all before
const dumpFooterSize = 10

// Dump serializes rec.Value (rec's key and metadata are not part of a
// payload) as DUMP does, with the encodings Redis 7.0.15 would choose.
func Dump(rec *Record, opts EncoderOptions) ([]byte, error) {
	var buf bytes.Buffer
	e := NewEncoder(&buf, opts)
	e.dump = true
	if err := e.WriteRecord(rec); err != nil {
		return nil, err
	}
	if err := e.out.flush(); err != nil {
		return nil, err
	}
	p := binary.LittleEndian.AppendUint16(buf.Bytes(), Version)
	return binary.LittleEndian.AppendUint64(p, crc64.Checksum(p)), nil
}

// VerifyPayload checks the footer as RESTORE does: the version must be one
// Redis 7.0 reads (<= 10) and the CRC must match, unless skipChecksum (the
// skip-checksum-validation of a replica or of DEBUG).
func VerifyPayload(p []byte, skipChecksum bool) error {
	if len(p) < dumpFooterSize {
		return ErrBadPayload
	}
	footer := p[len(p)-dumpFooterSize:]
	if binary.LittleEndian.Uint16(footer) > Version {
		return ErrBadPayload
	}
	if skipChecksum {
		return nil
	}
	if crc64.Checksum(p[:len(p)-8]) != binary.LittleEndian.Uint64(footer[2:]) {
		return ErrBadPayload
	}
	return nil
}

// Restore verifies p and decodes its value. The returned Record has Type and
// Value set; key fields are zero apart from the absent-metadata markers.
// Malformed values give a *CorruptionError whose offsets are relative to p.
func Restore(p []byte, skipChecksum bool) (*Record, error) {
	if err := VerifyPayload(p, skipChecksum); err != nil {
		return nil, err
	}
	d := NewDecoder(bytes.NewReader(p[:len(p)-dumpFooterSize]), Options{})
	var out *Record
	d.h = Funcs{OnKey: func(r *Record) error { out = r; return nil }}
	t, err := d.in.readByte("value type")
	if err != nil {
		return nil, err
	}
	kind := Type(t).Kind()
	if kind == KindUnknown || kind == KindModule {
		return nil, d.in.corrupt(0, "unsupported value type %d", t)
	}
	rec := &Record{KeyInfo: KeyInfo{ExpireMs: NoExpire, IdleSec: NoIdle, Freq: NoFreq}, Type: Type(t)}
	if err := d.readValue(rec); err != nil {
		return nil, err
	}
	if out == nil {
		return nil, ErrEmptyValue
	}
	return out, nil
}
