package engine

import "strconv"

func init() {
	Register(&Command{Name: "set", Arity: -3, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Set the string value of a key", Run: setCommand})
}

// setOptions are SET's options after parsing.
type setOptions struct {
	nx, xx, get, keepTTL bool
	// expireAt is the absolute expiry in ms (0: none); relative is true
	// when it came from EX or PX, so the log gets PXAT instead.
	expireAt  int64
	hasExpire bool
	absolute  bool
}

// parseSetOptions parses args[from:] as SET's options, replying on error.
func parseSetOptions(c *Ctx, from int, allowGet bool) (setOptions, bool) {
	var o setOptions
	var unit string
	for i := from; i < len(c.Args); i++ {
		opt := c.Upper(i)
		switch {
		case opt == "NX" && !o.xx:
			o.nx = true
		case opt == "XX" && !o.nx:
			o.xx = true
		case opt == "GET" && allowGet:
			o.get = true
		case opt == "KEEPTTL" && !o.hasExpire:
			o.keepTTL = true
		case (opt == "EX" || opt == "PX" || opt == "EXAT" || opt == "PXAT") &&
			!o.keepTTL && !o.hasExpire && i+1 < len(c.Args):
			unit = opt
			i++
			n, ok := c.Int(i)
			if !ok {
				return o, false
			}
			ms, ok := expireMillis(c, n, unit)
			if !ok {
				return o, false
			}
			o.expireAt, o.hasExpire, o.absolute = ms, true, unit == "EXAT" || unit == "PXAT"
		default:
			c.W.Error(ErrSyntax)
			return o, false
		}
	}
	return o, true
}

// expireMillis turns an expire argument into absolute ms as Redis's
// getExpireMillisecondsOrReply does.
func expireMillis(c *Ctx, n int64, unit string) (int64, bool) {
	seconds := unit == "EX" || unit == "EXAT"
	if n <= 0 || (seconds && n > (1<<63-1)/1000) {
		c.W.Error(ErrInvalidExpire(c.Cmd.Name))
		return 0, false
	}
	if seconds {
		n *= 1000
	}
	if unit == "EX" || unit == "PX" {
		n += c.Now()
	}
	if n <= 0 {
		c.W.Error(ErrInvalidExpire(c.Cmd.Name))
		return 0, false
	}
	return n, true
}

func setCommand(c *Ctx) {
	o, ok := parseSetOptions(c, 3, true)
	if !ok {
		return
	}
	setGeneric(c, c.Str(1), c.Args[2], o)
}

// setGeneric is the shared body of SET, SETNX, SETEX and PSETEX.
func setGeneric(c *Ctx, key string, val []byte, o setOptions) {
	old := c.DB.Lookup(key)
	if o.get {
		switch {
		case old == nil:
			c.W.Null()
		case old.obj != nil:
			c.W.Error(ErrWrongType)
			return
		default:
			c.W.BulkString(old.str)
		}
	}
	if (o.nx && old != nil) || (o.xx && old == nil) {
		if !o.get {
			c.W.Null()
		}
		return
	}
	k := string(val)
	nv := Value{str: k}
	if o.keepTTL && old != nil {
		nv.exp = old.exp
	}
	if o.hasExpire {
		nv.exp = o.expireAt
	}
	c.DB.Set(string(c.Args[1]), nv)
	c.Changed(1)
	c.Notify(NotifyString, "set", key)
	if o.hasExpire {
		c.Notify(NotifyGeneric, "expire", key)
		if !o.absolute {
			// NB: the log must not carry a relative expiry: replayed later
			// it would extend the key's life (DESIGN invariant 3).
			c.Propagate([]byte("SET"), c.Args[1], val, []byte("PXAT"),
				strconv.AppendInt(nil, o.expireAt, 10))
		}
	}
	if !o.get {
		c.W.OK()
	}
}
