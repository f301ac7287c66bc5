package rdb

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// ErrEmptyValue is returned for a collection with no elements: Redis never
// stores one, and redis-check-rdb rejects files that contain one.
var ErrEmptyValue = errors.New("rdb: empty collection value")

// EncoderOptions mirror the redis.conf settings that shape an RDB file. Zero
// fields take the Redis 7.0.15 defaults; set an entries limit to -1 to turn
// the compact encoding off.
type EncoderOptions struct {
	NoCompression bool // rdbcompression no
	NoChecksum    bool // rdbchecksum no: the trailer is 8 zero bytes

	HashMaxListpackEntries int // hash-max-listpack-entries, default 512
	HashMaxListpackValue   int // hash-max-listpack-value, default 64
	ZSetMaxListpackEntries int // zset-max-listpack-entries, default 128
	ZSetMaxListpackValue   int // zset-max-listpack-value, default 64
	SetMaxIntsetEntries    int // set-max-intset-entries, default 512
	ListMaxListpackSize    int // list-max-listpack-size, default -2 (8 KB)
	StreamNodeMaxBytes     int // stream-node-max-bytes, default 4096
	StreamNodeMaxEntries   int // stream-node-max-entries, default 100
}

func (o *EncoderOptions) setDefaults() {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		} else if *v < 0 && v != &o.ListMaxListpackSize {
			*v = 0
		}
	}
	def(&o.HashMaxListpackEntries, 512)
	def(&o.HashMaxListpackValue, 64)
	def(&o.ZSetMaxListpackEntries, 128)
	def(&o.ZSetMaxListpackValue, 64)
	def(&o.SetMaxIntsetEntries, 512)
	def(&o.ListMaxListpackSize, -2)
	def(&o.StreamNodeMaxBytes, 4096)
	def(&o.StreamNodeMaxEntries, 100)
}

// Encoder writes an RDB version 10 file, the format redis-server 7.0.15
// writes and loads. Call WriteHeader, the AUX fields, functions, then per
// non-empty database SelectDB followed by its keys, then Close. Errors are
// sticky: after the first failed write every call returns it.
//
// Values are encoded as Redis 7.0.15 would hold them under the same
// thresholds, so a file loads into the same encodings.
type Encoder struct {
	out  *output
	opts EncoderOptions
	dump bool // DUMP payload: no key name and no key metadata
	lp   []byte
	walk walk
}

// NewEncoder returns an encoder writing to w. It does not close w.
func NewEncoder(w io.Writer, opts EncoderOptions) *Encoder {
	opts.setDefaults()
	return &Encoder{out: newOutput(w, !opts.NoCompression), opts: opts}
}

// Offset is the number of bytes written so far.
func (e *Encoder) Offset() int64 { return e.out.offset() }

func (e *Encoder) finish() error {
	e.out.maybeFlush()
	return e.out.err
}

// WriteHeader writes the magic and version, "REDIS0010".
func (e *Encoder) WriteHeader() error {
	e.out.writeRaw([]byte(fmt.Sprintf("REDIS%04d", Version)))
	return e.finish()
}

// WriteAux writes one AUX field.
func (e *Encoder) WriteAux(key, value string) error {
	e.out.writeByte(opAux)
	e.out.writeString(key)
	e.out.writeString(value)
	return e.finish()
}

// AuxFields are the AUX fields Redis 7.0.15 writes, in its order.
type AuxFields struct {
	RedisVer  string // "7.0.15" if empty
	RedisBits int    // 64 if zero
	CTime     int64  // unix seconds
	UsedMem   int64
	// Replication info, written only when HasRepl is set.
	HasRepl      bool
	ReplStreamDB int
	ReplID       string
	ReplOffset   int64
	AOFBase      bool
}

// WriteAuxFields writes the standard AUX fields.
func (e *Encoder) WriteAuxFields(a AuxFields) error {
	if a.RedisVer == "" {
		a.RedisVer = "7.0.15"
	}
	if a.RedisBits == 0 {
		a.RedisBits = 64
	}
	itoa := func(v int64) string { return strconv.FormatInt(v, 10) }
	fields := [][2]string{{"redis-ver", a.RedisVer}, {"redis-bits", itoa(int64(a.RedisBits))},
		{"ctime", itoa(a.CTime)}, {"used-mem", itoa(a.UsedMem)}}
	if a.HasRepl {
		fields = append(fields, [2]string{"repl-stream-db", itoa(int64(a.ReplStreamDB))},
			[2]string{"repl-id", a.ReplID}, [2]string{"repl-offset", itoa(a.ReplOffset)})
	}
	aofBase := "0"
	if a.AOFBase {
		aofBase = "1"
	}
	fields = append(fields, [2]string{"aof-base", aofBase})
	for _, f := range fields {
		if err := e.WriteAux(f[0], f[1]); err != nil {
			return err
		}
	}
	return nil
}

// WriteFunction writes a FUNCTION2 record holding one library's source.
func (e *Encoder) WriteFunction(library string) error {
	e.out.writeByte(opFunction2)
	e.out.writeString(library)
	return e.finish()
}

// SelectDB starts database db; keys and expires are the RESIZEDB hint
// (number of keys, number of keys with an expiry).
func (e *Encoder) SelectDB(db int, keys, expires uint64) error {
	e.out.writeByte(opSelectDB)
	e.out.writeLen(uint64(db))
	e.out.writeByte(opResizeDB)
	e.out.writeLen(keys)
	e.out.writeLen(expires)
	return e.finish()
}

// Close writes EOF and the checksum and flushes. It does not close or
// sync the underlying writer.
func (e *Encoder) Close() error {
	e.out.writeByte(opEOF)
	var crc uint64
	if !e.opts.NoChecksum {
		crc = e.out.checksum()
	}
	e.out.writeUint64LE(crc)
	return e.out.flush()
}

// beginKey writes the key's metadata, the type byte and the key name.
func (e *Encoder) beginKey(k *KeyInfo, t Type) {
	if !e.dump {
		if k.ExpireMs != NoExpire {
			e.out.writeByte(opExpireTimeMs)
			e.out.writeUint64LE(uint64(k.ExpireMs))
		}
		if k.IdleSec >= 0 {
			e.out.writeByte(opIdle)
			e.out.writeLen(uint64(k.IdleSec))
		}
		if k.Freq >= 0 {
			e.out.writeByte(opFreq)
			e.out.writeByte(byte(k.Freq))
		}
	}
	e.out.writeByte(byte(t))
	if !e.dump {
		e.out.writeString(k.Key)
	}
}

// WriteString writes a string key.
func (e *Encoder) WriteString(k KeyInfo, v string) error {
	e.beginKey(&k, TypeString)
	e.out.writeString(v)
	return e.finish()
}

// WriteRecord writes rec, whose Value has one of the types Record lists;
// rec.Type is ignored (the encoding is chosen from the value).
func (e *Encoder) WriteRecord(rec *Record) error {
	switch v := rec.Value.(type) {
	case string:
		return e.WriteString(rec.KeyInfo, v)
	case List:
		return e.WriteList(rec.KeyInfo, sliceSeq(v))
	case Set:
		return e.WriteSet(rec.KeyInfo, sliceSeq(v))
	case ZSet:
		return e.WriteZSet(rec.KeyInfo, zsetSeqDescending(v))
	case Hash:
		return e.WriteHash(rec.KeyInfo, hashSeq(v))
	case *Stream:
		return e.WriteStream(rec.KeyInfo, v)
	}
	return fmt.Errorf("rdb: cannot encode a value of type %T", rec.Value)
}
