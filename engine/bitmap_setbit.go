package engine

func init() {
	Register(&Command{Name: "setbit", Arity: 4, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "bitmap", Since: "2.2.0",
		Summary: "Sets or clears the bit at offset in the string value stored at key", Run: setbitCommand})
}

// setbitCommand sets one bit, growing the string with zero bytes as
// needed, and replies with the bit's old value.
func setbitCommand(c *Ctx) {
	offset, ok := c.bitOffset(2, false, 0)
	if !ok {
		return
	}
	on, ok := ParseInt(c.Args[3])
	if !ok || on&^1 != 0 {
		c.W.Error(ErrBitValue)
		return
	}
	b, grown, ok := c.bitsForWrite(offset)
	if !ok {
		return
	}
	old := getBit(b, offset)
	if grown || old != int(on) {
		setBit(b, offset, int(on))
		c.storeModified(string(b))
		c.Notify(NotifyString, "setbit", c.Str(1))
		c.Changed(1)
	} else {
		c.markRaw(c.Str(1))
	}
	c.W.Int(int64(old))
}
