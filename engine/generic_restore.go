package engine

import (
	"errors"
	"strconv"
)

func init() {
	Register(&Command{Name: "restore", Arity: -4, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "2.6.0",
		Summary: "Create a key using the provided serialized value, previously obtained using DUMP.",
		Run:     restoreCommand})
}

// restoreOptions are RESTORE's flags after the payload.
type restoreOptions struct {
	replace, absTTL bool
	idleSec         int64 // -1 when not given
	freq            int   // -1 when not given
}

// parseRestoreOptions parses REPLACE, ABSTTL, IDLETIME and FREQ. As in
// Redis, IDLETIME and FREQ exclude each other: the second one given is a
// syntax error.
func parseRestoreOptions(c *Ctx) (restoreOptions, bool) {
	o := restoreOptions{idleSec: -1, freq: -1}
	for i := 4; i < len(c.Args); i++ {
		more := i+1 < len(c.Args)
		switch {
		case c.Is(i, "REPLACE"):
			o.replace = true
		case c.Is(i, "ABSTTL"):
			o.absTTL = true
		case c.Is(i, "IDLETIME") && more && o.freq == -1:
			n, ok := c.Int(i + 1)
			if !ok {
				return o, false
			}
			if n < 0 {
				c.W.Error(ErrRestoreIdle)
				return o, false
			}
			o.idleSec = n
			i++
		case c.Is(i, "FREQ") && more && o.idleSec == -1:
			n, ok := c.Int(i + 1)
			if !ok {
				return o, false
			}
			if n < 0 || n > 255 {
				c.W.Error(ErrRestoreFreq)
				return o, false
			}
			o.freq = int(n)
			i++
		default:
			c.W.Error(ErrSyntax)
			return o, false
		}
	}
	return o, true
}

// restoreCommand creates a key from a DUMP payload. Checks come in Redis's
// order: options, existing key, TTL, payload footer, payload body.
func restoreCommand(c *Ctx) {
	o, ok := parseRestoreOptions(c)
	if !ok {
		return
	}
	key := c.Str(1)
	if !o.replace && c.DB.LookupWrite(key) != nil {
		c.W.Error(ErrBusyKey)
		return
	}
	ttl, ok := c.Int(2)
	if !ok {
		return
	}
	if ttl < 0 {
		c.W.Error(ErrInvalidTTL)
		return
	}
	v, ok := decodePayload(c, c.Args[3])
	if !ok {
		return
	}
	restoreStore(c, v, ttl, o)
}

// decodePayload runs the installed codec, replying with Redis's error when
// the payload is refused.
func decodePayload(c *Ctx, p []byte) (Value, bool) {
	if dumpCodec == nil {
		c.W.Error(ErrNoDumpCodec)
		return Value{}, false
	}
	v, err := dumpCodec.Restore(p, c.E.opts.Config)
	switch {
	case errors.Is(err, ErrDumpFooter):
		c.W.Error(ErrDumpPayload)
		return Value{}, false
	case err != nil:
		c.W.Error(ErrBadDataFormat)
		return Value{}, false
	}
	return v, true
}

// restoreStore replaces or adds the key. A TTL already in the past deletes
// the old key instead (logged as DEL), as Redis does outside loading.
func restoreStore(c *Ctx, v Value, ttl int64, o restoreOptions) {
	key := c.Str(1)
	deleted := o.replace && c.DB.Delete(key)
	if ttl != 0 && !o.absTTL {
		ttl += c.Now()
	}
	if ttl != 0 && ttl <= c.Now() && !c.E.loading {
		if deleted {
			c.Propagate([]byte("DEL"), c.Args[1])
			c.Notify(NotifyGeneric, "del", key)
			c.Changed(1)
		}
		c.W.OK()
		return
	}
	v.exp = ttl
	c.E.LoadedAccess(&v, o.idleSec, o.freq)
	if c.DB.LoadKey(c.Key(1), v) {
		c.Notify(NotifyNew, "new", key) // as Redis's dbAdd
	}
	if ttl != 0 && !o.absTTL {
		restorePropagateAbs(c, ttl)
	}
	c.Notify(NotifyGeneric, "restore", key)
	c.Changed(1)
	c.W.OK()
}

// restorePropagateAbs logs the request with its relative TTL turned into
// the absolute time and ABSTTL appended, so that a replay at any later time
// gives the same expiry (DESIGN invariant 3).
func restorePropagateAbs(c *Ctx, at int64) {
	argv := make([][]byte, 0, len(c.Args)+1)
	argv = append(argv, c.Args...)
	argv[2] = strconv.AppendInt(nil, at, 10)
	c.Propagate(append(argv, []byte("ABSTTL"))...)
}
