package engine

import "strconv"

func init() {
	Register(&Command{Name: "set", Arity: -3, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "1.0.0",
		Summary: "Set the string value of a key", Run: setCommand})
}

// setOptions are the options of SET and GETEX after parsing.
type setOptions struct {
	nx, xx, get, keepTTL, persist bool
	// unit is "EX", "PX", "EXAT" or "PXAT" when an expiry was given, and
	// expireArg the index of its argument, validated only after the whole
	// option list parsed (so a syntax error wins over a bad number, as in
	// Redis).
	unit      string
	expireArg int
}

func (o *setOptions) hasExpire() bool { return o.unit != "" }

// parseSetOptions parses args[from:] as SET's options (forGetex false) or
// GETEX's (true), replying with a syntax error when they do not fit.
func parseSetOptions(c *Ctx, from int, forGetex bool) (setOptions, bool) {
	var o setOptions
	for i := from; i < len(c.Args); i++ {
		opt := c.Upper(i)
		hasNext := i+1 < len(c.Args)
		switch {
		case opt == "NX" && !o.xx && !forGetex:
			o.nx = true
		case opt == "XX" && !o.nx && !forGetex:
			o.xx = true
		case opt == "GET" && !forGetex:
			o.get = true
		case opt == "KEEPTTL" && !o.hasExpire() && !forGetex:
			o.keepTTL = true
		case opt == "PERSIST" && !o.hasExpire() && forGetex:
			o.persist = true
		case isExpireUnit(opt) && !o.keepTTL && !o.persist && hasNext &&
			(o.unit == "" || o.unit == opt):
			// NB: Redis accepts the same unit twice (the last wins) but
			// never two different ones.
			o.unit, o.expireArg = opt, i+1
			i++
		default:
			c.W.Error(ErrSyntax)
			return o, false
		}
	}
	return o, true
}

func isExpireUnit(opt string) bool {
	return opt == "EX" || opt == "PX" || opt == "EXAT" || opt == "PXAT"
}

// expireAt validates the expiry argument of o and returns it as absolute
// unix ms, replying with Redis's error when it is not valid.
func (o *setOptions) expireAt(c *Ctx) (int64, bool) {
	n, ok := c.Int(o.expireArg)
	if !ok {
		return 0, false
	}
	return expireMillis(c, n, o.unit)
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
	o, ok := parseSetOptions(c, 3, false)
	if !ok {
		return
	}
	setGeneric(c, o, c.Args[2], setReplies{})
}

// setReplies are the replies of the SET family when the write happens or
// is refused by NX/XX; nil means +OK and a null.
type setReplies struct {
	ok, abort func(c *Ctx)
}

// setGeneric is the shared body of SET, SETNX, SETEX and PSETEX: it sets
// argument 1's key to val under options o.
func setGeneric(c *Ctx, o setOptions, val []byte, r setReplies) {
	var when int64
	if o.hasExpire() {
		var ok bool
		if when, ok = o.expireAt(c); !ok {
			return
		}
	}
	key := c.Str(1)
	if o.get && !replyOldString(c, key) {
		return
	}
	old := c.DB.LookupWrite(key)
	if (o.nx && old != nil) || (o.xx && old == nil) {
		if !o.get {
			replyOr(c, r.abort, (*Ctx).null)
		}
		return
	}
	nv := StringValue(string(val))
	if o.keepTTL && old != nil {
		nv.exp = old.exp
	}
	if o.hasExpire() {
		nv.exp = when
	}
	c.DB.SetBorrowed(key, nv)
	c.Changed(1)
	c.Notify(NotifyString, "set", key)
	if o.hasExpire() {
		// NB: the log must not carry a relative expiry: replayed later it
		// would extend the key's life (DESIGN invariant 3).
		c.Propagate([]byte("SET"), c.Args[1], val, []byte("PXAT"),
			strconv.AppendInt(nil, when, 10))
		c.Notify(NotifyGeneric, "expire", key)
	} else if o.get {
		propagateWithoutGet(c)
	}
	if !o.get {
		replyOr(c, r.ok, (*Ctx).ok)
	}
}

// replyOldString replies with key's string value (or null) for SET GET;
// it returns false after replying WRONGTYPE.
func replyOldString(c *Ctx, key string) bool {
	s, exists, ok := c.String(key)
	switch {
	case !ok:
		return false
	case !exists:
		c.W.Null()
	default:
		c.W.BulkString(s)
	}
	return true
}

// propagateWithoutGet logs SET without its GET options: replaying the
// reply is pointless.
func propagateWithoutGet(c *Ctx) {
	argv := make([][]byte, 0, len(c.Args))
	for i, a := range c.Args {
		if i < 3 || !c.Is(i, "GET") {
			argv = append(argv, a)
		}
	}
	c.Propagate(argv...)
}

func replyOr(c *Ctx, f, def func(c *Ctx)) {
	if f == nil {
		f = def
	}
	f(c)
}

func (c *Ctx) ok()   { c.W.OK() }
func (c *Ctx) null() { c.W.Null() }
