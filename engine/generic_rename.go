package engine

func init() {
	Register(&Command{Name: "rename", Arity: 3, Flags: FlagWrite,
		FirstKey: 1, LastKey: 2, KeyStep: 1, Group: "generic", Since: "1.0.0",
		Summary: "Rename a key", Run: func(c *Ctx) { renameGeneric(c, false) }})
}

// renameGeneric moves argument 1's value and expiry to argument 2,
// replacing it (RENAME) or only when it is absent (RENAMENX).
func renameGeneric(c *Ctx, nx bool) {
	src, dst := c.Str(1), c.Str(2)
	v := c.DB.LookupWrite(src)
	if v == nil {
		c.W.Error(ErrNoSuchKey)
		return
	}
	if src == dst {
		renameReply(c, nx, false)
		return
	}
	val := *v // the Value moves as is: strings are immutable, collections keep their owner
	if c.DB.LookupWrite(dst) != nil {
		if nx {
			c.W.Int(0)
			return
		}
		c.DB.delete(dst)
	}
	c.DB.Set(c.Key(2), val)
	c.DB.delete(src)
	c.Notify(NotifyGeneric, "rename_from", src)
	c.Notify(NotifyGeneric, "rename_to", dst)
	c.Changed(1)
	renameReply(c, nx, true)
}

func renameReply(c *Ctx, nx, done bool) {
	switch {
	case !nx:
		c.W.OK()
	case done:
		c.W.Int(1)
	default:
		c.W.Int(0)
	}
}
