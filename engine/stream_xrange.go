package engine

import "github.com/strata-db/strata/internal/xstream"

func init() {
	Register(
		&Command{Name: "xrange", Arity: -4, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "5.0.0",
			Summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval",
			Run:     func(c *Ctx) { xrangeCommand(c, false) }},
		&Command{Name: "xrevrange", Arity: -4, Flags: FlagReadOnly,
			FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "5.0.0",
			Summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE",
			Run:     func(c *Ctx) { xrangeCommand(c, true) }},
	)
}

// parseIntervalID parses an XRANGE bound: an ID, "-", "+", or "(" and an
// ID for an exclusive bound, which moves one step inwards.
func parseIntervalID(c *Ctx, i int, missingSeq uint64, start bool) (StreamID, bool) {
	s := c.Str(i)
	if len(s) < 2 || s[0] != '(' {
		return parseStreamIDArg(c, i, missingSeq, false, nil)
	}
	id, ok := parseStreamID(s[1:], missingSeq, true, nil)
	if !ok {
		c.W.Error(ErrXInvalidID)
		return id, false
	}
	if start {
		if id, ok = streamIncrID(id); !ok {
			c.W.Error(ErrXStartID)
		}
		return id, ok
	}
	if id, ok = streamDecrID(id); !ok {
		c.W.Error(ErrXEndID)
	}
	return id, ok
}

func xrangeCommand(c *Ctx, rev bool) {
	startArg, endArg := 2, 3
	if rev {
		startArg, endArg = 3, 2
	}
	start, ok := parseIntervalID(c, startArg, 0, true)
	if !ok {
		return
	}
	end, ok := parseIntervalID(c, endArg, ^uint64(0), false)
	if !ok {
		return
	}
	count := int64(-1)
	for j := 4; j < len(c.Args); j++ {
		if !c.Is(j, "count") || j+1 >= len(c.Args) {
			c.W.Error(ErrSyntax)
			return
		}
		if count, ok = c.Int(j + 1); !ok {
			return
		}
		count = max(count, 0)
		j++
	}
	s, ok := streamValue(c, c.Str(1))
	switch {
	case !ok:
	case s == nil:
		c.W.Array(0)
	case count == 0:
		c.W.NullArray()
	default:
		writeStreamEntries(c, s.rangeEntries(start, end, int(max(count, 0)), rev))
	}
}

// rangeEntries returns up to count (0: all) live entries in [start, end].
func (s *Stream) rangeEntries(start, end StreamID, count int, rev bool) []xstream.Entry {
	var out []xstream.Entry
	s.entries.Range(start, end, rev, func(e xstream.Entry) bool {
		out = append(out, e)
		return count == 0 || len(out) < count
	})
	return out
}

// writeStreamEntries replies with entries as [id, [field, value, ...]].
func writeStreamEntries(c *Ctx, entries []xstream.Entry) {
	c.W.Array(len(entries))
	for _, e := range entries {
		writeStreamEntry(c, e)
	}
}

func writeStreamEntry(c *Ctx, e xstream.Entry) {
	c.W.Array(2)
	writeStreamID(c, e.ID)
	c.W.Array(len(e.Fields))
	for _, f := range e.Fields {
		c.W.Bulk(f)
	}
}
