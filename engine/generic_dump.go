package engine

import "errors"

func init() {
	Register(&Command{Name: "dump", Arity: 2, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "2.6.0",
		Summary: "Return a serialized version of the value stored at the specified key.",
		Run:     dumpCommand})
}

// DumpCodec turns values into DUMP payloads and back. The payload format
// is the RDB object encoding, which lives in package rdb; the engine only
// defines what it needs so that it does not depend on persistence code.
// The server installs rdb's codec with SetDumpCodec before serving.
type DumpCodec interface {
	// Dump returns v's payload (value only: no key, expiry or access data).
	Dump(v *Value, cfg *Config) ([]byte, error)
	// Restore verifies a payload's footer and decodes its value, choosing
	// encodings from cfg as a load would. It returns an error wrapping
	// ErrDumpFooter for a wrong version or checksum, any other error for a
	// value that cannot be decoded.
	Restore(payload []byte, cfg *Config) (Value, error)
}

// ErrDumpFooter marks a payload whose version or checksum is wrong.
var ErrDumpFooter = errors.New("engine: DUMP payload version or checksum are wrong")

var dumpCodec DumpCodec

// SetDumpCodec installs the payload codec used by DUMP and RESTORE. Call
// it before the engine serves commands.
func SetDumpCodec(c DumpCodec) { dumpCodec = c }

func dumpCommand(c *Ctx) {
	v := c.DB.Lookup(c.Str(1))
	if v == nil {
		c.W.Null()
		return
	}
	if dumpCodec == nil {
		c.W.Error(ErrNoDumpCodec)
		return
	}
	p, err := dumpCodec.Dump(v, c.E.opts.Config)
	if err != nil {
		// Only a value the codec cannot represent gets here (a bug, not
		// input): say so rather than send a payload that will not load.
		c.W.Error("ERR " + err.Error())
		return
	}
	c.W.Bulk(p)
}
