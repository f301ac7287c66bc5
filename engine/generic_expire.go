package engine

import "strconv"

func init() {
	Register(&Command{Name: "expire", Arity: -3, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "generic", Since: "1.0.0",
		Summary: "Set a key's time to live in seconds",
		Run:     func(c *Ctx) { expireGeneric(c, c.Now(), 1000) }})
}

// expireFlags are EXPIRE's NX, XX, GT and LT.
type expireFlags struct{ nx, xx, gt, lt bool }

func parseExpireFlags(c *Ctx) (expireFlags, bool) {
	var f expireFlags
	for i := 3; i < len(c.Args); i++ {
		switch {
		case c.Is(i, "NX"):
			f.nx = true
		case c.Is(i, "XX"):
			f.xx = true
		case c.Is(i, "GT"):
			f.gt = true
		case c.Is(i, "LT"):
			f.lt = true
		default:
			c.W.Error(ErrUnsupportedOption(c.Str(i)))
			return f, false
		}
	}
	if f.nx && (f.xx || f.gt || f.lt) {
		c.W.Error(ErrExpireNXIncompat)
		return f, false
	}
	if f.gt && f.lt {
		c.W.Error(ErrExpireGTLTIncompat)
		return f, false
	}
	return f, true
}

// allows reports whether the flags let a key whose expiry is cur (0 for
// none, which counts as infinite) take the new expiry when.
func (f expireFlags) allows(cur, when int64) bool {
	switch {
	case f.nx && cur != 0, f.xx && cur == 0:
		return false
	case f.gt && (cur == 0 || when <= cur):
		return false
	case f.lt && cur != 0 && when >= cur:
		return false
	}
	return true
}

// expireGeneric is EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT: the time
// argument times unit (ms) plus base (now for the relative forms, 0 for
// the absolute ones). It is logged as PEXPIREAT with the absolute time,
// or as DEL when that time is already past.
func expireGeneric(c *Ctx, base, unit int64) {
	f, ok := parseExpireFlags(c)
	if !ok {
		return
	}
	when, ok := c.Int(2)
	if !ok {
		return
	}
	if unit != 1 && (when > maxInt64/unit || when < minInt64/unit) {
		c.W.Error(ErrInvalidExpire(c.Cmd.Name))
		return
	}
	when *= unit
	if when > maxInt64-base {
		c.W.Error(ErrInvalidExpire(c.Cmd.Name))
		return
	}
	when += base
	key := c.Str(1)
	v := c.DB.LookupWrite(key)
	if v == nil || !f.allows(v.exp, when) {
		c.W.Int(0)
		return
	}
	c.Changed(1)
	c.W.Int(1)
	if alreadyExpired(c, when) {
		c.DB.delete(key)
		c.Propagate([]byte("DEL"), c.Args[1])
		c.Notify(NotifyGeneric, "del", key)
		return
	}
	c.DB.SetExpire(key, when)
	argv := append([][]byte{[]byte("PEXPIREAT"), c.Args[1], strconv.AppendInt(nil, when, 10)}, c.Args[3:]...)
	c.Propagate(argv...)
	c.Notify(NotifyGeneric, "expire", key)
}
