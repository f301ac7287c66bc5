package engine

import "strings"

func init() {
	Register(&Command{Name: "setrange", Arity: 4, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "2.2.0",
		Summary: "Overwrite part of a string at key starting at the specified offset", Run: setrangeCommand})
}

// setrangeCommand writes the value at offset, padding with zero bytes,
// and replies with the new length. An empty value changes nothing.
func setrangeCommand(c *Ctx) {
	offset, ok := c.Int(2)
	if !ok {
		return
	}
	if offset < 0 {
		c.W.Error(ErrOffsetRange)
		return
	}
	key, val := c.Str(1), c.Str(3)
	s, _, ok := c.stringForWrite(key)
	if !ok {
		return
	}
	if len(val) == 0 {
		c.W.Int(int64(len(s)))
		return
	}
	if !c.checkStringLength(offset, int64(len(val))) {
		return
	}
	s = overwrite(s, int(offset), val)
	c.storeModified(s)
	c.Notify(NotifyString, "setrange", key)
	c.Changed(1)
	c.W.Int(int64(len(s)))
}

// overwrite returns s with val written at offset, zero-padded as needed.
func overwrite(s string, offset int, val string) string {
	var b strings.Builder
	b.Grow(max(len(s), offset+len(val)))
	b.WriteString(s[:min(offset, len(s))])
	for i := len(s); i < offset; i++ {
		b.WriteByte(0)
	}
	b.WriteString(val)
	if end := offset + len(val); end < len(s) {
		b.WriteString(s[end:])
	}
	return b.String()
}
