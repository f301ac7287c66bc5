package server

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/strata-db/strata/engine"
)

func init() {
	engine.Register(&engine.Command{Name: "debug", Arity: -2,
		Flags: engine.FlagAdmin | engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagProtected,
		Group: "server", Since: "1.0.0", Summary: "A container for debugging commands", Run: debugCommand})
}

// debugSubcommands are the DEBUG subcommands Redis's tests and tools use.
var debugSubcommands = map[string]func(c *engine.Ctx){
	"sleep":                        debugSleep,
	"set-active-expire":            debugSetActiveExpire,
	"object":                       debugObject,
	"protocol":                     debugProtocol,
	"change-repl-id":               debugOK,
	"quicklist-packed-threshold":   debugOK,
	"jmap":                         debugOK,
	"log":                          debugLog,
	"set-skip-checksum-validation": debugOK,
	"set-disable-deny-scripts":     debugOK,
	"pause-cron":                   debugOK,
	"replybuffer":                  debugOK,
	"stringmatch-len":              debugOK,
	"listpack":                     debugOK,
	"quicklist":                    debugOK,
	"ziplist":                      debugOK,
	"help":                         debugHelp,
}

func debugCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	if !cl.s.debugAllowed(cl) {
		c.W.Error("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.")
		return
	}
	name := strings.ToLower(c.Key(1))
	if fn := debugSubcommands[name]; fn != nil {
		fn(c)
		return
	}
	if fn := extraDebug[name]; fn != nil {
		fn(c)
		return
	}
	c.W.Error(fmt.Sprintf("ERR unknown subcommand or wrong number of arguments for '%s'. Try DEBUG HELP.", c.Key(1)))
}

// extraDebug holds DEBUG subcommands registered by other parts of the
// server (persistence: RELOAD, failpoints; data: POPULATE, DIGEST).
var extraDebug = map[string]func(c *engine.Ctx){}

func (s *Server) debugAllowed(cl *client) bool {
	switch s.cfg.Get("enable-debug-command") {
	case "yes":
		return true
	case "local":
		return isLocal(cl)
	}
	return false
}

func debugOK(c *engine.Ctx) { c.W.OK() }

func debugLog(c *engine.Ctx) {
	if len(c.Args) > 2 {
		c.Client.(*client).s.log.Warn("DEBUG LOG: " + c.Key(2))
	}
	c.W.OK()
}

// debugSleep blocks the whole server, as in Redis: the engine lock is held.
func debugSleep(c *engine.Ctx) {
	if len(c.Args) != 3 {
		c.W.Error(engine.ErrSyntax)
		return
	}
	f, ok := c.Float(2)
	if !ok {
		return
	}
	time.Sleep(time.Duration(f * float64(time.Second)))
	c.W.OK()
}

func debugSetActiveExpire(c *engine.Ctx) {
	if len(c.Args) != 3 {
		c.W.Error(engine.ErrSyntax)
		return
	}
	n, ok := c.Int(2)
	if !ok {
		return
	}
	c.E.Config().ActiveExpire = n != 0
	c.W.OK()
}

func debugObject(c *engine.Ctx) {
	if len(c.Args) != 3 {
		c.W.Error(engine.ErrSyntax)
		return
	}
	v := c.DB.Peek(c.Str(2))
	if v == nil {
		c.W.Error(engine.ErrNoSuchKey)
		return
	}
	idle := c.E.IdleSeconds(v)
	extra := ""
	if v.Type() == engine.TypeList {
		extra = fmt.Sprintf(" ql_nodes:%d ql_avg_node:%.2f ql_listpack_max:%d ql_compressed:0 ql_uncompressed_size:%d",
			1, float64(v.Obj().Len()), c.E.Config().ListMaxListpackSize, v.MemoryUsage(c.Str(2)))
	}
	c.W.Simple(fmt.Sprintf("Value at:0x%x refcount:1 encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d%s",
		0xc000000000+int64(len(c.Str(2))), v.Encoding(), v.MemoryUsage(c.Str(2)), v.LRU(), idle, extra))
}

func debugProtocol(c *engine.Ctx) {
	if len(c.Args) != 3 {
		c.W.Error(engine.ErrSyntax)
		return
	}
	w := c.W
	switch strings.ToLower(c.Key(2)) {
	case "string":
		w.BulkString("Hello World")
	case "integer":
		w.Int(12345)
	case "double":
		w.Double(3.141)
	case "bignum":
		if w.Proto == 3 {
			w.Raw([]byte("(1234567999999999999999999999999999999\r\n"))
		} else {
			w.BulkString("1234567999999999999999999999999999999")
		}
	case "null":
		w.Null()
	case "array":
		w.Array(3)
		for i := 0; i < 3; i++ {
			w.Int(int64(i))
		}
	case "set":
		w.Set(3)
		for i := 0; i < 3; i++ {
			w.Int(int64(i))
		}
	case "map":
		w.Map(3)
		for i := 0; i < 3; i++ {
			w.Int(int64(i))
			w.Bool(i == 1)
		}
	case "attrib":
		if w.Proto == 3 {
			w.Raw([]byte("|1\r\n"))
			w.BulkString("key-popularity")
			w.Array(2)
			w.BulkString("key:123")
			w.Int(90)
		}
		w.BulkString("Some real reply following the attribute")
	case "push":
		if w.Proto != 3 {
			w.Error("ERR RESP2 is not supported by this command")
			return
		}
		w.Push(2)
		w.BulkString("server-cpu-usage")
		w.Int(42)
		w.BulkString("Some real reply following the push reply")
	case "true":
		w.Bool(true)
	case "false":
		w.Bool(false)
	case "verbatim":
		w.Verbatim("txt", "This is a verbatim\nstring")
	default:
		w.Error("ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false")
	}
	_ = math.Pi
}

func debugHelp(c *engine.Ctx) {
	writeHelp(c, "DEBUG",
		"DIGEST", "    Output a hex signature representing the current DB content.",
		"DIGEST-VALUE <key> [<key> ...]", "    Output a hex signature of the values of all the specified keys.",
		"LOG <message>", "    Write <message> to the server log.",
		"OBJECT <key>", "    Show low level info about the `key` and associated value.",
		"POPULATE <count> [<prefix>] [<size>]", "    Create <count> string keys named key:<num>.",
		"PROTOCOL <type>", "    Reply with a test value of the specified type.",
		"RELOAD [option ...]", "    Save the RDB on disk and reload it back to memory.",
		"SET-ACTIVE-EXPIRE <0|1>", "    Setting it to 0 disables expiring keys in background.",
		"SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed.")
}
