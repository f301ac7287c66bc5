package engine

func init() {
	Register(&Command{Name: "xgroup", Arity: -2, Group: "stream", Since: "5.0.0",
		Summary: "A container for consumer groups commands", Run: xgroupCommand})
	sub := func(name string, arity int, flags Flag, summary string, run func(*Ctx)) {
		cmd := &Command{Name: name, Arity: arity, Flags: flags, Group: "stream",
			Since: "5.0.0", Summary: summary, Run: run}
		if name != "help" {
			cmd.FirstKey, cmd.LastKey, cmd.KeyStep = 2, 2, 1
		}
		RegisterSub("xgroup", cmd)
	}
	sub("create", -5, FlagWrite|FlagDenyOOM, "Create a consumer group.", xgroupCreate)
	sub("createconsumer", 5, FlagWrite|FlagDenyOOM, "Create a consumer in a consumer group.", xgroupCreateConsumer)
	sub("delconsumer", 5, FlagWrite, "Delete a consumer from a consumer group.", xgroupDelConsumer)
	sub("destroy", 4, FlagWrite, "Destroy a consumer group.", xgroupDestroy)
	sub("help", 2, FlagLoading|FlagStale, "Show helpful text about the different subcommands", xgroupHelp)
	sub("setid", -5, FlagWrite, "Set a consumer group to an arbitrary last delivered ID value.", xgroupSetID)
}

func xgroupCommand(c *Ctx) {
	sub := c.Cmd.LookupSub(c.Args[1])
	if sub == nil {
		c.W.Error(ErrUnknownSub(c.Str(1), "XGROUP"))
		return
	}
	if !sub.CheckArity(len(c.Args)) {
		c.W.Error(ErrWrongArgs(sub.Name))
		return
	}
	c.Cmd = sub
	sub.Run(c)
}

// xgroupOpts are the options after the ID of CREATE and SETID.
type xgroupOpts struct {
	mkStream    bool
	entriesRead int64
}

func parseXgroupOpts(c *Ctx, create bool) (o xgroupOpts, ok bool) {
	o.entriesRead = entriesReadInvalid
	for i := 5; i < len(c.Args); i++ {
		switch {
		case create && c.Is(i, "mkstream"):
			o.mkStream = true
		case c.Is(i, "entriesread") && i+1 < len(c.Args):
			n, ok := c.Int(i + 1)
			if !ok {
				return o, false
			}
			if n < 0 && n != entriesReadInvalid {
				c.W.Error(ErrXEntriesRead)
				return o, false
			}
			o.entriesRead = n
			i++
		default:
			c.W.Error(ErrSubSyntax(c.Str(1), "XGROUP"))
			return o, false
		}
	}
	return o, true
}

// xgroupTarget finds the stream and, unless create, the group; it replies
// with Redis's errors when either is missing (a missing stream is fine
// for CREATE MKSTREAM).
func xgroupTarget(c *Ctx, mkStream, needGroup bool) (s *Stream, gi int, ok bool) {
	s, ok = streamWrite(c, c.Str(2))
	if !ok {
		return nil, -1, false
	}
	if s == nil {
		if !mkStream {
			c.W.Error(ErrXGroupNoKey)
			return nil, -1, false
		}
		return nil, -1, true
	}
	gi = s.group(c.Str(3))
	if gi < 0 && needGroup {
		c.W.Error(ErrXNoGroup(c.Str(3), c.Str(2)))
		return nil, -1, false
	}
	return s, gi, true
}

func xgroupCreate(c *Ctx) {
	if len(c.Args) > 8 {
		c.W.Error(ErrSubSyntax(c.Str(1), "XGROUP"))
		return
	}
	o, ok := parseXgroupOpts(c, true)
	if !ok {
		return
	}
	s, gi, ok := xgroupTarget(c, o.mkStream, false)
	if !ok {
		return
	}
	var id StreamID
	if c.Str(4) == "$" {
		if s != nil {
			id = s.lastID
		}
	} else if id, ok = parseStreamIDArg(c, 4, 0, true, nil); !ok {
		return
	}
	if s == nil {
		s = newStreamKey(c, 2)
	} else if gi >= 0 {
		c.W.Error(ErrXBusyGroup)
		return
	}
	s.addGroup(c.Gen(), c.Key(3), id, o.entriesRead)
	c.W.OK()
	c.Changed(1)
	c.Notify(NotifyStream, "xgroup-create", c.Str(2))
}

func xgroupSetID(c *Ctx) {
	if len(c.Args) != 5 && len(c.Args) != 7 {
		c.W.Error(ErrSubSyntax(c.Str(1), "XGROUP"))
		return
	}
	o, ok := parseXgroupOpts(c, false)
	if !ok {
		return
	}
	s, gi, ok := xgroupTarget(c, false, true)
	if !ok {
		return
	}
	id := s.lastID
	if c.Str(4) != "$" {
		if id, ok = parseStreamIDArg(c, 4, 0, false, nil); !ok {
			return
		}
	}
	cg := s.groupMut(c.Gen(), gi)
	cg.lastID, cg.entriesRead = id, o.entriesRead
	c.W.OK()
	c.Changed(1)
	c.Notify(NotifyStream, "xgroup-setid", c.Str(2))
}

func xgroupDestroy(c *Ctx) {
	s, gi, ok := xgroupTarget(c, false, false)
	if !ok {
		return
	}
	if gi < 0 {
		c.W.Int(0)
		return
	}
	s.groups = append(s.groups[:gi:gi], s.groups[gi+1:]...)
	c.W.Int(1)
	c.Changed(1)
	c.Notify(NotifyStream, "xgroup-destroy", c.Str(2))
	// Clients blocked in XREADGROUP on this group must learn it is gone.
	c.KeyReady(c.Str(2))
}

func xgroupCreateConsumer(c *Ctx) {
	s, gi, ok := xgroupTarget(c, false, true)
	if !ok {
		return
	}
	if s.groups[gi].consumer(c.Str(4)) >= 0 {
		c.W.Int(0)
		return
	}
	cg := s.groupMut(c.Gen(), gi)
	cg.lookupOrCreateConsumer(c.Gen(), c.Key(4), c.Now())
	c.W.Int(1)
	c.Changed(1)
	c.Notify(NotifyStream, "xgroup-createconsumer", c.Str(2))
}

func xgroupDelConsumer(c *Ctx) {
	s, gi, ok := xgroupTarget(c, false, true)
	if !ok {
		return
	}
	ci := s.groups[gi].consumer(c.Str(4))
	if ci < 0 {
		c.W.Int(0)
		return
	}
	cg := s.groupMut(c.Gen(), gi)
	cons := cg.consumers[ci]
	pending := cons.pel.Len()
	// Its pending entries leave the group's PEL too: nobody owns them.
	cons.pel.Ascend(StreamID{}, func(id StreamID, _ struct{}) bool {
		cg.pel.Delete(c.Gen(), id)
		return true
	})
	cg.consumers = append(cg.consumers[:ci:ci], cg.consumers[ci+1:]...)
	c.W.Int(int64(pending))
	c.Changed(1)
	c.Notify(NotifyStream, "xgroup-delconsumer", c.Str(2))
}

var xgroupHelpLines = []string{
	"XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
	"CREATE <key> <groupname> <id|$> [option]",
	"    Create a new consumer group. Options are:",
	"    * MKSTREAM",
	"      Create the empty stream if it does not exist.",
	"    * ENTRIESREAD entries_read",
	"      Set the group's entries_read counter (internal use).",
	"CREATECONSUMER <key> <groupname> <consumer>",
	"    Create a new consumer in the specified group.",
	"DELCONSUMER <key> <groupname> <consumer>",
	"    Remove the specified consumer.",
	"DESTROY <key> <groupname>",
	"    Remove the specified group.",
	"SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
	"    Set the current group ID and entries_read counter.",
	"HELP",
	"    Print this help.",
}

func xgroupHelp(c *Ctx) {
	c.W.Array(len(xgroupHelpLines))
	for _, l := range xgroupHelpLines {
		c.W.Simple(l)
	}
}
