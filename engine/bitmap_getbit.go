package engine

func init() {
	Register(&Command{Name: "getbit", Arity: 3, Flags: FlagReadOnly | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "bitmap", Since: "2.2.0",
		Summary: "Returns the bit value at offset in the string value stored at key", Run: getbitCommand})
}

// getbitCommand replies with one bit; bits past the end are 0.
func getbitCommand(c *Ctx) {
	offset, ok := c.bitOffset(2, false, 0)
	if !ok {
		return
	}
	if s, _, ok := c.String(c.Str(1)); ok {
		c.W.Int(int64(getBitString(s, offset)))
	}
}
