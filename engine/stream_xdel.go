package engine

func init() {
	Register(&Command{Name: "xdel", Arity: -3, Flags: FlagWrite | FlagFast,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "5.0.0",
		Summary: "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.",
		Run:     xdelCommand})
}

func xdelCommand(c *Ctx) {
	key := c.Str(1)
	s, ok := streamWrite(c, key)
	if !ok {
		return
	}
	if s == nil {
		c.W.Int(0)
		return
	}
	// All IDs are checked before any entry goes, so that a bad ID leaves
	// the stream as it was.
	ids := make([]StreamID, len(c.Args)-2)
	for j := range ids {
		if ids[j], ok = parseStreamIDArg(c, j+2, 0, true, nil); !ok {
			return
		}
	}
	deleted := 0
	for _, id := range ids {
		if s.entries.Delete(c.Gen(), id) {
			if s.maxDeletedID.Less(id) {
				s.maxDeletedID = id
			}
			deleted++
		}
	}
	if deleted > 0 {
		s.refreshFirst()
		c.Notify(NotifyStream, "xdel", key)
		c.Changed(deleted)
	}
	c.W.Int(int64(deleted))
}
