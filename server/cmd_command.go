package server

import (
	"sort"
	"strings"

	"github.com/strata-db/strata/engine"
)

func init() {
	engine.Register(&engine.Command{Name: "command", Arity: -1, Flags: engine.FlagLoading | engine.FlagStale,
		Group: "server", Since: "2.8.13", Summary: "Get array of Redis command details", Run: commandCommand})
	sub := func(name string, arity int, run func(*engine.Ctx), summary string) {
		engine.RegisterSub("command", &engine.Command{Name: name, Arity: arity,
			Flags: engine.FlagLoading | engine.FlagStale, Group: "server", Since: "2.8.13", Summary: summary, Run: run})
	}
	sub("count", 2, func(c *engine.Ctx) { c.W.Int(int64(len(engine.Commands()))) }, "Get total number of Redis commands")
	sub("info", -2, commandInfo, "Get array of specific Redis command details, or all when no argument is given.")
	sub("docs", -2, commandDocs, "Get array of specific Redis command documentation")
	sub("getkeys", -4, commandGetkeys, "Extract keys given a full Redis command")
	sub("getkeysandflags", -4, commandGetkeysAndFlags, "Extract keys and access flags given a full Redis command")
	sub("list", -2, commandList, "Get an array of Redis command names")
	sub("help", 2, func(c *engine.Ctx) {
		writeHelp(c, "COMMAND",
			"(no subcommand)", "    Return details about all Redis commands.",
			"COUNT", "    Return the total number of commands in this Redis server.",
			"LIST", "    Return a list of all commands in this Redis server.",
			"INFO [<command-name> ...]", "    Return details about multiple Redis commands.",
			"    If no command names are given, documentation details for all",
			"    commands are returned.",
			"DOCS [<command-name> ...]", "    Return documentation details about multiple Redis commands.",
			"    If no command names are given, documentation details for all",
			"    commands are returned.",
			"GETKEYS <full-command>", "    Return the keys from a full Redis command.",
			"GETKEYSANDFLAGS <full-command>", "    Return the keys and the access flags from a full Redis command.")
	}, "Show helpful text about the different subcommands")
}

func commandCommand(c *engine.Ctx) {
	cmds := engine.Commands()
	c.W.Array(len(cmds))
	for _, cmd := range cmds {
		writeCommandInfo(c, cmd)
	}
}

// aclCategories derives Redis's ACL categories from flags and group.
func aclCategories(cmd *engine.Command) []string {
	var out []string
	f := cmd.Flags
	if f&engine.FlagWrite != 0 {
		out = append(out, "@write")
	}
	if f&engine.FlagReadOnly != 0 {
		out = append(out, "@read")
	}
	if f&engine.FlagAdmin != 0 {
		out = append(out, "@admin", "@dangerous")
	}
	if f&engine.FlagPubSub != 0 {
		out = append(out, "@pubsub")
	}
	if f&engine.FlagFast != 0 {
		out = append(out, "@fast")
	} else {
		out = append(out, "@slow")
	}
	if f&engine.FlagBlocking != 0 {
		out = append(out, "@blocking")
	}
	switch cmd.Group {
	case "string":
		out = append(out, "@string")
	case "list":
		out = append(out, "@list")
	case "set":
		out = append(out, "@set")
	case "sorted-set":
		out = append(out, "@sortedset")
	case "hash":
		out = append(out, "@hash")
	case "stream":
		out = append(out, "@stream")
	case "bitmap":
		out = append(out, "@bitmap")
	case "hyperloglog":
		out = append(out, "@hyperloglog")
	case "geo":
		out = append(out, "@geo")
	case "generic":
		out = append(out, "@keyspace")
	case "transactions":
		out = append(out, "@transaction")
	case "connection":
		out = append(out, "@connection")
	case "scripting":
		out = append(out, "@scripting")
	}
	return out
}

func writeCommandInfo(c *engine.Ctx, cmd *engine.Command) {
	c.W.Array(10)
	c.W.BulkString(cmd.Name)
	c.W.Int(int64(cmd.Arity))
	flags := cmd.Flags.Names()
	c.W.Set(len(flags))
	for _, f := range flags {
		c.W.Simple(f)
	}
	c.W.Int(int64(cmd.FirstKey))
	c.W.Int(int64(cmd.LastKey))
	c.W.Int(int64(cmd.KeyStep))
	cats := aclCategories(cmd)
	c.W.Set(len(cats))
	for _, cat := range cats {
		c.W.Simple(cat)
	}
	c.W.Set(0) // tips
	if cmd.FirstKey > 0 {
		c.W.Array(1)
		c.W.Map(4)
		c.W.BulkString("flags")
		c.W.Set(0)
		c.W.BulkString("begin_search")
		c.W.Map(2)
		c.W.BulkString("type")
		c.W.BulkString("index")
		c.W.BulkString("spec")
		c.W.Map(1)
		c.W.BulkString("index")
		c.W.Int(int64(cmd.FirstKey))
		c.W.BulkString("find_keys")
		c.W.Map(2)
		c.W.BulkString("type")
		c.W.BulkString("range")
		c.W.BulkString("spec")
		c.W.Map(3)
		c.W.BulkString("lastkey")
		last := int64(cmd.LastKey)
		if last >= 0 {
			last -= int64(cmd.FirstKey)
		}
		c.W.Int(last)
		c.W.BulkString("keystep")
		c.W.Int(int64(max(cmd.KeyStep, 1)))
		c.W.BulkString("limit")
		c.W.Int(0)
		c.W.BulkString("notes")
		c.W.BulkString("")
	} else {
		c.W.Array(0)
	}
	subs := sortedSubs(cmd)
	c.W.Array(len(subs))
	for _, sc := range subs {
		writeCommandInfo(c, sc)
	}
}

func sortedSubs(cmd *engine.Command) []*engine.Command {
	out := make([]*engine.Command, 0, len(cmd.Sub))
	for _, sc := range cmd.Sub {
		out = append(out, sc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// findCommand resolves "name" or "container|sub".
func findCommand(name string) *engine.Command {
	parts := strings.SplitN(strings.ToLower(name), "|", 2)
	cmd := engine.Lookup([]byte(parts[0]))
	if cmd == nil || len(parts) == 1 {
		return cmd
	}
	return cmd.LookupSub([]byte(parts[1]))
}

func commandInfo(c *engine.Ctx) {
	if len(c.Args) == 2 {
		commandCommand(c)
		return
	}
	c.W.Array(len(c.Args) - 2)
	for i := 2; i < len(c.Args); i++ {
		if cmd := findCommand(c.Key(i)); cmd != nil {
			writeCommandInfo(c, cmd)
		} else {
			c.W.NullArray()
		}
	}
}

func commandDocs(c *engine.Ctx) {
	var cmds []*engine.Command
	if len(c.Args) == 2 {
		cmds = engine.Commands()
	} else {
		for i := 2; i < len(c.Args); i++ {
			if cmd := findCommand(c.Key(i)); cmd != nil {
				cmds = append(cmds, cmd)
			}
		}
	}
	c.W.Map(len(cmds))
	for _, cmd := range cmds {
		writeCommandDoc(c, cmd)
	}
}

func writeCommandDoc(c *engine.Ctx, cmd *engine.Command) {
	c.W.BulkString(cmd.Name)
	subs := sortedSubs(cmd)
	n := 3
	if len(subs) > 0 {
		n++
	}
	c.W.Map(n)
	c.W.BulkString("summary")
	c.W.BulkString(cmd.Summary)
	c.W.BulkString("since")
	c.W.BulkString(cmd.Since)
	c.W.BulkString("group")
	c.W.BulkString(cmd.Group)
	if len(subs) > 0 {
		c.W.BulkString("subcommands")
		c.W.Map(len(subs))
		for _, sc := range subs {
			writeCommandDoc(c, sc)
		}
	}
}

func getkeys(c *engine.Ctx) (*engine.Command, []int, bool) {
	args := c.Args[2:]
	cmd := engine.LookupArgv(args)
	if cmd == nil {
		c.W.Error("ERR Invalid command specified")
		return nil, nil, false
	}
	if !cmd.CheckArity(len(args)) {
		c.W.Error("ERR Invalid number of arguments specified for command")
		return nil, nil, false
	}
	pos := cmd.KeyPositions(args)
	if len(pos) == 0 {
		switch {
		case cmd.Flags&engine.FlagNoMandatoryKeys != 0:
			return cmd, nil, true // EVAL with no keys: an empty list
		case cmd.FirstKey == 0 && cmd.Keys == nil:
			c.W.Error("ERR The command has no key arguments")
		default:
			c.W.Error("ERR Invalid arguments specified for command")
		}
		return nil, nil, false
	}
	return cmd, pos, true
}

func commandGetkeys(c *engine.Ctx) {
	_, pos, ok := getkeys(c)
	if !ok {
		return
	}
	c.W.Array(len(pos))
	for _, p := range pos {
		c.W.Bulk(c.Args[2+p])
	}
}

func commandGetkeysAndFlags(c *engine.Ctx) {
	cmd, pos, ok := getkeys(c)
	if !ok {
		return
	}
	flag := "RO"
	if cmd.Flags&engine.FlagWrite != 0 {
		flag = "RW"
	}
	c.W.Array(len(pos))
	for _, p := range pos {
		c.W.Array(2)
		c.W.Bulk(c.Args[2+p])
		c.W.Set(1)
		c.W.Simple(flag)
	}
}

func commandList(c *engine.Ctx) {
	var filter func(*engine.Command) bool
	if len(c.Args) > 2 {
		if len(c.Args) != 5 || !c.Is(2, "FILTERBY") {
			c.W.Error(engine.ErrSyntax)
			return
		}
		v := c.Key(4)
		switch {
		case c.Is(3, "PATTERN"):
			filter = func(cmd *engine.Command) bool { return engine.GlobMatch(v, cmd.Name, true) }
		case c.Is(3, "ACLCAT"):
			filter = func(cmd *engine.Command) bool {
				for _, cat := range aclCategories(cmd) {
					if strings.EqualFold(cat[1:], v) {
						return true
					}
				}
				return false
			}
		case c.Is(3, "MODULE"):
			filter = func(*engine.Command) bool { return false }
		default:
			c.W.Error(engine.ErrSyntax)
			return
		}
	}
	var names []string
	for _, cmd := range engine.Commands() {
		if filter == nil || filter(cmd) {
			names = append(names, cmd.Name)
		}
		for _, sc := range sortedSubs(cmd) {
			if filter == nil || filter(sc) {
				names = append(names, sc.Name)
			}
		}
	}
	c.W.StringArray(names)
}
