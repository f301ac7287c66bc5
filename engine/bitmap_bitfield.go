package engine

func init() {
	Register(&Command{Name: "bitfield", Arity: -2, Flags: FlagWrite | FlagDenyOOM,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "bitmap", Since: "3.2.0",
		Summary: "Perform arbitrary bitfield integer operations on strings", Run: bitfieldCommand})
}

func bitfieldCommand(c *Ctx) { bitfieldGeneric(c, false) }

// bitfieldGeneric parses every operation first, then runs them in order
// on one buffer, so later GETs see earlier writes.
func bitfieldGeneric(c *Ctx, readOnly bool) {
	ops, ok := parseBitfieldOps(c)
	if !ok {
		return
	}
	writes, highest := false, uint64(0)
	for _, op := range ops {
		if op.kind != bfGet {
			writes = true
			highest = max(highest, op.offset+uint64(op.width)-1)
		}
	}
	if !writes {
		if s, _, ok := c.String(c.Str(1)); ok {
			bitfieldRun(c, ops, []byte(s), false)
		}
		return
	}
	if readOnly {
		c.W.Error(ErrBitfieldRO)
		return
	}
	b, grown, ok := c.bitsForWrite(highest)
	if !ok {
		return
	}
	changes := bitfieldRun(c, ops, b, grown)
	if changes > 0 || grown {
		c.storeModified(string(b))
	}
	if changes > 0 {
		c.Notify(NotifyString, "setbit", c.Str(1))
		c.Changed(changes)
	} else if grown {
		// NB: Redis creates or pads the string even when every write
		// failed with OVERFLOW FAIL, but does not log it. We log it, so
		// that the log replays to the same state (DESIGN invariant 3).
		c.Changed(1)
	}
}

// bitfieldRun replies with the result of every op run on b and returns
// how many writes changed something (all of them when grown).
func bitfieldRun(c *Ctx, ops []bitfieldOp, b []byte, grown bool) int {
	c.W.Array(len(ops))
	changes := 0
	for _, op := range ops {
		if op.kind == bfGet {
			c.W.Int(op.get(b))
			continue
		}
		reply, old, next, ok := op.write(b)
		if !ok {
			c.W.Null()
			continue
		}
		c.W.Int(reply)
		setField(b, op.offset, op.width, next)
		if grown || old != next {
			changes++
		}
	}
	return changes
}
