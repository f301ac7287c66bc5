package engine

func init() {
	Register(&Command{Name: "xsetid", Arity: -3, Flags: FlagWrite | FlagDenyOOM | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "5.0.0",
		Summary: "An internal command for replicating stream values",
		Run:     xsetidCommand})
}

type xsetidArgs struct {
	id, maxDeleted StreamID
	entriesAdded   int64 // -1: not given
}

func parseXsetid(c *Ctx) (a xsetidArgs, ok bool) {
	a.entriesAdded = -1
	if a.id, ok = parseStreamIDArg(c, 2, 0, true, nil); !ok {
		return a, false
	}
	for i := 3; i < len(c.Args); i += 2 {
		more := i+1 < len(c.Args)
		switch {
		case c.Is(i, "entriesadded") && more:
			if a.entriesAdded, ok = c.Int(i + 1); !ok {
				return a, false
			}
			if a.entriesAdded < 0 {
				c.W.Error(ErrXEntriesAdded)
				return a, false
			}
		case c.Is(i, "maxdeletedid") && more:
			if a.maxDeleted, ok = parseStreamIDArg(c, i+1, 0, true, nil); !ok {
				return a, false
			}
			if a.id.Less(a.maxDeleted) {
				c.W.Error(ErrXSetIDMaxDel)
				return a, false
			}
		default:
			c.W.Error(ErrSyntax)
			return a, false
		}
	}
	return a, true
}

func xsetidCommand(c *Ctx) {
	a, ok := parseXsetid(c)
	if !ok {
		return
	}
	key := c.Str(1)
	s, ok := streamWrite(c, key)
	if !ok {
		return
	}
	if s == nil {
		c.W.Error(ErrNoSuchKey)
		return
	}
	if last, ok := s.entries.Last(); ok {
		if a.id.Less(last.ID) {
			c.W.Error(ErrXSetIDSmall)
			return
		}
		if a.entriesAdded != -1 && int64(s.Len()) > a.entriesAdded {
			c.W.Error(ErrXSetIDLen)
			return
		}
	}
	s.lastID = a.id
	if a.entriesAdded != -1 {
		s.entriesAdded = uint64(a.entriesAdded)
	}
	if a.maxDeleted != (StreamID{}) {
		s.maxDeletedID = a.maxDeleted
	}
	c.W.OK()
	c.Changed(1)
	c.Notify(NotifyStream, "xsetid", key)
}
