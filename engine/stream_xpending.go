package engine

func init() {
	Register(&Command{Name: "xpending", Arity: -3, Flags: FlagReadOnly,
		FirstKey: 1, LastKey: 1, KeyStep: 1, Group: "stream", Since: "5.0.0",
		Summary: "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.",
		Run:     xpendingCommand})
}

// xpendingArgs is the extended form: [IDLE ms] start end count [consumer].
type xpendingArgs struct {
	extended   bool
	minIdle    int64
	start, end StreamID
	count      int64
	consumer   string
	hasCons    bool
}

func parseXpending(c *Ctx) (a xpendingArgs, ok bool) {
	n := len(c.Args)
	if n != 3 && (n < 6 || n > 9) {
		c.W.Error(ErrSyntax)
		return a, false
	}
	if n == 3 {
		return a, true
	}
	a.extended = true
	i := 3
	if c.Is(3, "idle") {
		if a.minIdle, ok = c.Int(4); !ok {
			return a, false
		}
		if n < 8 {
			c.W.Error(ErrSyntax)
			return a, false
		}
		i = 5
	}
	if a.count, ok = c.Int(i + 2); !ok {
		return a, false
	}
	a.count = max(a.count, 0)
	if a.start, ok = parseIntervalID(c, i, 0, true); !ok {
		return a, false
	}
	if a.end, ok = parseIntervalID(c, i+1, ^uint64(0), false); !ok {
		return a, false
	}
	if i+3 < n {
		a.consumer, a.hasCons = c.Str(i+3), true
	}
	return a, true
}

func xpendingCommand(c *Ctx) {
	a, ok := parseXpending(c)
	if !ok {
		return
	}
	s, ok := streamValue(c, c.Str(1))
	if !ok {
		return
	}
	gi := -1
	if s != nil {
		gi = s.group(c.Str(2))
	}
	if gi < 0 {
		c.W.Error(ErrXNoKeyGroup(c.Str(1), c.Str(2)))
		return
	}
	if a.extended {
		xpendingExtended(c, s.groups[gi], &a)
		return
	}
	xpendingSummary(c, s.groups[gi])
}

func xpendingSummary(c *Ctx, cg *streamGroup) {
	c.W.Array(4)
	c.W.Int(int64(cg.pel.Len()))
	if cg.pel.Len() == 0 {
		c.W.Null()
		c.W.Null()
		c.W.NullArray()
		return
	}
	first, _, _ := cg.pel.Min()
	last, _, _ := cg.pel.Max()
	writeStreamID(c, first)
	writeStreamID(c, last)
	n := 0
	for _, cons := range cg.consumers {
		if cons.pel.Len() > 0 {
			n++
		}
	}
	c.W.Array(n)
	for _, cons := range cg.consumers {
		if cons.pel.Len() > 0 {
			c.W.Array(2)
			c.W.BulkString(cons.name)
			c.W.BulkInt(int64(cons.pel.Len()))
		}
	}
}

type pendingRow struct {
	id   StreamID
	nack streamNACK
}

func xpendingExtended(c *Ctx, cg *streamGroup, a *xpendingArgs) {
	var cons *streamConsumer
	if a.hasCons {
		i := cg.consumer(a.consumer)
		if i < 0 {
			c.W.Array(0)
			return
		}
		cons = cg.consumers[i]
	}
	now := c.Now()
	var rows []pendingRow
	cg.pendingFrom(cons, a.start, func(id StreamID, nack streamNACK) bool {
		if int64(len(rows)) >= a.count || a.end.Less(id) {
			return false
		}
		if a.minIdle == 0 || now-nack.deliveryTime >= a.minIdle {
			rows = append(rows, pendingRow{id, nack})
		}
		return true
	})
	c.W.Array(len(rows))
	for _, r := range rows {
		c.W.Array(4)
		writeStreamID(c, r.id)
		c.W.BulkString(r.nack.consumer)
		c.W.Int(max(now-r.nack.deliveryTime, 0))
		c.W.Int(int64(r.nack.deliveryCount))
	}
}

// pendingFrom calls fn for the pending entries from start on, of the
// whole group or, when cons is not nil, of that consumer.
func (cg *streamGroup) pendingFrom(cons *streamConsumer, start StreamID, fn func(StreamID, streamNACK) bool) {
	if cons == nil {
		cg.pel.Ascend(start, fn)
		return
	}
	cons.pel.Ascend(start, func(id StreamID, _ struct{}) bool {
		nack, _ := cg.pel.Get(id)
		return fn(id, nack)
	})
}
