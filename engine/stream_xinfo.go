package engine

func init() {
	Register(&Command{Name: "xinfo", Arity: -2, Group: "stream", Since: "5.0.0",
		Summary: "A container for stream introspection commands", Run: xinfoCommand})
	sub := func(name string, arity int, summary string, run func(*Ctx)) {
		cmd := &Command{Name: name, Arity: arity, Flags: FlagReadOnly, Group: "stream",
			Since: "5.0.0", Summary: summary, Run: run}
		if name != "help" {
			cmd.FirstKey, cmd.LastKey, cmd.KeyStep = 2, 2, 1
		} else {
			cmd.Flags = FlagLoading | FlagStale
		}
		RegisterSub("xinfo", cmd)
	}
	sub("consumers", 4, "List the consumers in a consumer group", xinfoConsumers)
	sub("groups", 3, "List the consumer groups of a stream", xinfoGroups)
	sub("help", 2, "Show helpful text about the different subcommands", xinfoHelp)
	sub("stream", -3, "Get information about a stream", xinfoStream)
}

func xinfoCommand(c *Ctx) {
	sub := c.Cmd.LookupSub(c.Args[1])
	if sub == nil {
		c.W.Error(ErrUnknownSub(c.Str(1), "XINFO"))
		return
	}
	if !sub.CheckArity(len(c.Args)) {
		c.W.Error(ErrWrongArgs(sub.Name))
		return
	}
	c.Cmd = sub
	sub.Run(c)
}

// xinfoTarget looks the stream up, replying "no such key" when absent.
func xinfoTarget(c *Ctx) *Stream {
	s, ok := streamValue(c, c.Str(2))
	if ok && s == nil {
		c.W.Error(ErrNoSuchKey)
	}
	return s
}

func xinfoConsumers(c *Ctx) {
	s := xinfoTarget(c)
	if s == nil {
		return
	}
	gi := s.group(c.Str(3))
	if gi < 0 {
		c.W.Error(ErrXNoGroup(c.Str(3), c.Str(2)))
		return
	}
	cg := s.groups[gi]
	c.W.Array(len(cg.consumers))
	for _, cons := range cg.consumers {
		c.W.Map(3)
		c.W.BulkString("name")
		c.W.BulkString(cons.name)
		c.W.BulkString("pending")
		c.W.Int(int64(cons.pel.Len()))
		c.W.BulkString("idle")
		c.W.Int(max(c.Now()-cons.seenTime, 0))
	}
}

func xinfoGroups(c *Ctx) {
	s := xinfoTarget(c)
	if s == nil {
		return
	}
	c.W.Array(len(s.groups))
	for _, cg := range s.groups {
		c.W.Map(6)
		c.W.BulkString("name")
		c.W.BulkString(cg.name)
		c.W.BulkString("consumers")
		c.W.Int(int64(len(cg.consumers)))
		c.W.BulkString("pending")
		c.W.Int(int64(cg.pel.Len()))
		writeGroupProgress(c, s, cg)
	}
}

// writeGroupProgress writes last-delivered-id, entries-read and lag.
func writeGroupProgress(c *Ctx, s *Stream, cg *streamGroup) {
	c.W.BulkString("last-delivered-id")
	writeStreamID(c, cg.lastID)
	c.W.BulkString("entries-read")
	if cg.entriesRead != entriesReadInvalid {
		c.W.Int(cg.entriesRead)
	} else {
		c.W.Null()
	}
	c.W.BulkString("lag")
	if lag, ok := s.lag(cg); ok {
		c.W.Int(lag)
	} else {
		c.W.Null()
	}
}

func xinfoStream(c *Ctx) {
	full, count := false, int64(10)
	switch n := len(c.Args) - 3; {
	case n == 0:
	case (n != 1 && n != 3) || !c.Is(3, "full") || (n == 3 && !c.Is(4, "count")):
		c.W.Error(ErrSubSyntax(c.Str(1), "XINFO"))
		return
	default:
		full = true
		if n == 3 {
			var ok bool
			if count, ok = c.Int(5); !ok {
				return
			}
			if count < 0 {
				count = 10
			}
		}
	}
	s := xinfoTarget(c)
	if s == nil {
		return
	}
	if full {
		c.W.Map(9)
	} else {
		c.W.Map(10)
	}
	writeStreamHeader(c, s)
	if full {
		writeStreamFull(c, s, int(count))
		return
	}
	c.W.BulkString("groups")
	c.W.Int(int64(len(s.groups)))
	c.W.BulkString("first-entry")
	writeEdgeEntry(c, s, false)
	c.W.BulkString("last-entry")
	writeEdgeEntry(c, s, true)
}

func writeStreamHeader(c *Ctx, s *Stream) {
	c.W.BulkString("length")
	c.W.Int(int64(s.Len()))
	c.W.BulkString("radix-tree-keys")
	c.W.Int(int64(s.entries.Chunks()))
	c.W.BulkString("radix-tree-nodes")
	c.W.Int(int64(s.entries.Chunks() + 1))
	c.W.BulkString("last-generated-id")
	writeStreamID(c, s.lastID)
	c.W.BulkString("max-deleted-entry-id")
	writeStreamID(c, s.maxDeletedID)
	c.W.BulkString("entries-added")
	c.W.Int(int64(s.entriesAdded))
	c.W.BulkString("recorded-first-entry-id")
	writeStreamID(c, s.firstID)
}

func writeEdgeEntry(c *Ctx, s *Stream, last bool) {
	e, ok := s.entries.First()
	if last {
		e, ok = s.entries.Last()
	}
	if !ok {
		c.W.Null()
		return
	}
	writeStreamEntry(c, e)
}

func writeStreamFull(c *Ctx, s *Stream, count int) {
	c.W.BulkString("entries")
	writeStreamEntries(c, s.rangeEntries(StreamID{}, maxStreamID, count, false))
	c.W.BulkString("groups")
	c.W.Array(len(s.groups))
	for _, cg := range s.groups {
		c.W.Map(7)
		c.W.BulkString("name")
		c.W.BulkString(cg.name)
		writeGroupProgress(c, s, cg)
		c.W.BulkString("pel-count")
		c.W.Int(int64(cg.pel.Len()))
		c.W.BulkString("pending")
		writeFullPending(c, cg, nil, count)
		c.W.BulkString("consumers")
		c.W.Array(len(cg.consumers))
		for _, cons := range cg.consumers {
			c.W.Map(4)
			c.W.BulkString("name")
			c.W.BulkString(cons.name)
			c.W.BulkString("seen-time")
			c.W.Int(cons.seenTime)
			c.W.BulkString("pel-count")
			c.W.Int(int64(cons.pel.Len()))
			c.W.BulkString("pending")
			writeFullPending(c, cg, cons, count)
		}
	}
}

// writeFullPending writes up to count (0: all) pending entries of the
// group, or of cons when not nil (then without the owner's name).
func writeFullPending(c *Ctx, cg *streamGroup, cons *streamConsumer, count int) {
	var rows []pendingRow
	cg.pendingFrom(cons, StreamID{}, func(id StreamID, nack streamNACK) bool {
		rows = append(rows, pendingRow{id, nack})
		return count == 0 || len(rows) < count
	})
	c.W.Array(len(rows))
	for _, r := range rows {
		if cons == nil {
			c.W.Array(4)
			writeStreamID(c, r.id)
			c.W.BulkString(r.nack.consumer)
		} else {
			c.W.Array(3)
			writeStreamID(c, r.id)
		}
		c.W.Int(r.nack.deliveryTime)
		c.W.Int(int64(r.nack.deliveryCount))
	}
}

var xinfoHelpLines = []string{
	"XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
	"CONSUMERS <key> <groupname>",
	"    Show consumers of <groupname>.",
	"GROUPS <key>",
	"    Show the stream consumer groups.",
	"STREAM <key> [FULL [COUNT <count>]",
	"    Show information about the stream.",
	"HELP",
	"    Print this help.",
}

func xinfoHelp(c *Ctx) {
	c.W.Array(len(xinfoHelpLines))
	for _, l := range xinfoHelpLines {
		c.W.Simple(l)
	}
}
