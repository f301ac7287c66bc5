package engine

import "strings"

func init() {
	Register(&Command{Name: "object", Arity: -2, Group: "generic", Since: "2.2.3",
		Summary: "A container for object introspection commands", Run: objectCommand})
	sub := func(name string, arity int, flags Flag, since, summary string, run func(*Ctx)) {
		cmd := &Command{Name: name, Arity: arity, Flags: flags, Group: "generic",
			Since: since, Summary: summary, Run: run}
		if arity == 3 {
			cmd.FirstKey, cmd.LastKey, cmd.KeyStep = 2, 2, 1
		}
		RegisterSub("object", cmd)
	}
	sub("encoding", 3, FlagReadOnly, "2.2.3", "Inspect the internal encoding of a Redis object", objectEncoding)
	sub("freq", 3, FlagReadOnly, "4.0.0", "Get the logarithmic access frequency counter of a Redis object", objectFreq)
	sub("help", 2, FlagLoading|FlagStale, "6.2.0", "Show helpful text about the different subcommands", objectHelp)
	sub("idletime", 3, FlagReadOnly, "2.2.3", "Get the time since a Redis object was last accessed", objectIdletime)
	sub("refcount", 3, FlagReadOnly, "2.2.3", "Get the number of references to the value of the key", objectRefcount)
}

// objectCommand dispatches to the subcommand when the caller handed the
// container itself (the server may also dispatch through Sub directly).
func objectCommand(c *Ctx) {
	sub := c.Cmd.LookupSub(c.Args[1])
	if sub == nil {
		c.W.Error(ErrUnknownSub(c.Str(1), "OBJECT"))
		return
	}
	if !sub.CheckArity(len(c.Args)) {
		c.W.Error(ErrWrongArgs(sub.Name))
		return
	}
	c.Cmd = sub
	sub.Run(c)
}

// objectLookup finds the key without touching its access data; it
// replies null when the key is absent.
func objectLookup(c *Ctx) *Value {
	v := c.lookupNoTouch(c.Str(2))
	if v == nil {
		c.W.Null()
	}
	return v
}

func objectEncoding(c *Ctx) {
	if v := objectLookup(c); v != nil {
		c.W.BulkString(v.Encoding())
	}
}

func objectIdletime(c *Ctx) {
	v := objectLookup(c)
	switch {
	case v == nil:
	case c.E.opts.Config.LFU():
		c.W.Error(ErrObjectLFUIdle)
	default:
		c.W.Int(c.E.IdleSeconds(v))
	}
}

func objectFreq(c *Ctx) {
	v := objectLookup(c)
	switch {
	case v == nil:
	case !c.E.opts.Config.LFU():
		c.W.Error(ErrObjectNoLFUFreq)
	default:
		c.W.Int(int64(v.freq))
	}
}

// sharedRefcount is the refcount Redis reports for its shared small
// integers (OBJ_SHARED_REFCOUNT).
const sharedRefcount = 1<<31 - 1

// objectRefcount answers as Redis would: values are never shared here,
// but Redis stores integers 0..9999 as shared objects unless an LRU or
// LFU eviction policy is in force.
func objectRefcount(c *Ctx) {
	v := objectLookup(c)
	if v == nil {
		return
	}
	if v.Obj() == nil && v.Encoding() == "int" && !evictsByAccess(c.E.opts.Config) {
		if n, _ := ParseInt([]byte(v.Str())); n >= 0 && n < 10000 {
			c.W.Int(sharedRefcount)
			return
		}
	}
	c.W.Int(1)
}

// evictsByAccess reports an LRU or LFU eviction policy, under which Redis
// stops sharing integers (it assumes maxmemory is set along with it).
func evictsByAccess(cfg *Config) bool {
	p := cfg.MaxmemoryPolicy
	return strings.HasSuffix(p, "-lru") || strings.HasSuffix(p, "-lfu")
}

var objectHelpLines = []string{
	"OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
	"ENCODING <key>",
	"    Return the kind of internal representation used in order to store the value",
	"    associated with a <key>.",
	"FREQ <key>",
	"    Return the access frequency index of the <key>. The returned integer is",
	"    proportional to the logarithm of the recent access frequency of the key.",
	"IDLETIME <key>",
	"    Return the idle time of the <key>, that is the approximated number of",
	"    seconds elapsed since the last access to the key.",
	"REFCOUNT <key>",
	"    Return the number of references of the value associated with the specified",
	"    <key>.",
	"HELP",
	"    Prints this help.",
}

func objectHelp(c *Ctx) {
	c.W.Array(len(objectHelpLines))
	for _, l := range objectHelpLines {
		c.W.Simple(l)
	}
}
