package engine

func init() {
	Register(&Command{Name: "getrange", Arity: 4, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "string", Since: "2.4.0",
		Summary: "Get a substring of the string stored at a key", Run: getrangeCommand})
}

// getrangeCommand replies with the bytes from start to end inclusive;
// negative indexes count from the end.
func getrangeCommand(c *Ctx) {
	start, ok := c.Int(2)
	if !ok {
		return
	}
	end, ok := c.Int(3)
	if !ok {
		return
	}
	s, _, ok := c.String(c.Str(1))
	if !ok {
		return
	}
	lo, hi, ok := stringRange(start, end, int64(len(s)))
	if !ok {
		c.W.BulkString("")
		return
	}
	c.W.BulkString(s[lo : hi+1])
}

// stringRange clamps GETRANGE's inclusive range to a string of n bytes;
// ok is false when the range is empty.
func stringRange(start, end, n int64) (lo, hi int64, ok bool) {
	if start < 0 && end < 0 && start > end {
		return 0, 0, false
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start, end = max(start, 0), max(end, 0)
	end = min(end, n-1)
	if start > end || n == 0 {
		return 0, 0, false
	}
	return start, end, true
}
