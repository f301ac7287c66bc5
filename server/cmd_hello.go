package server

import (
	"strings"

	"github.com/strata-db/strata/engine"
)

func init() {
	engine.Register(
		&engine.Command{Name: "hello", Arity: -1, Flags: engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagFast | engine.FlagNoAuth | engine.FlagAllowBusy,
			Group: "connection", Since: "6.0.0", Summary: "Handshake with Redis", Run: helloCommand},
		&engine.Command{Name: "reset", Arity: 1, Flags: engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagFast | engine.FlagNoAuth | engine.FlagAllowBusy,
			Group: "connection", Since: "6.2.0", Summary: "Reset the connection", Run: resetCommand},
	)
}

func helloCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	s := cl.s
	proto := int64(cl.w.Proto)
	i := 1
	if len(c.Args) > 1 {
		n, ok := engine.ParseInt(c.Args[1])
		if !ok {
			c.W.Error("ERR Protocol version is not an integer or out of range")
			return
		}
		if n < 2 || n > 3 {
			c.W.Error("NOPROTO unsupported protocol version")
			return
		}
		proto = n
		i = 2
	}
	var name *string
	for ; i < len(c.Args); i++ {
		more := len(c.Args) - i - 1
		switch {
		case c.Is(i, "AUTH") && more >= 2:
			if err := s.authenticate(cl, c.Key(i+1), c.Key(i+2)); err != "" {
				c.W.Error(err)
				return
			}
			i += 2
		case c.Is(i, "SETNAME") && more >= 1:
			n := c.Key(i + 1)
			if !validClientName(n) {
				c.W.Error(errClientName)
				return
			}
			name = &n
			i++
		default:
			c.W.Error("ERR Syntax error in HELLO option '" + c.Key(i) + "'")
			return
		}
	}
	if !cl.authed {
		c.W.Error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time")
		return
	}
	if name != nil {
		cl.name = *name
	}
	cl.w.Proto = int(proto)
	c.W.Map(7)
	c.W.BulkString("server")
	c.W.BulkString("redis")
	c.W.BulkString("version")
	c.W.BulkString(RedisVersion)
	c.W.BulkString("proto")
	c.W.Int(proto)
	c.W.BulkString("id")
	c.W.Int(cl.id)
	c.W.BulkString("mode")
	c.W.BulkString("standalone")
	c.W.BulkString("role")
	c.W.BulkString("master")
	c.W.BulkString("modules")
	c.W.Array(0)
}

func resetCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	s := cl.s
	cl.multi = nil
	c.E.Unwatch(&cl.watcher)
	s.pubsub.unsubscribeAll(cl)
	delete(s.monitors, cl)
	cl.flags.monitor = false
	cl.db = 0
	cl.w.Proto = 2
	cl.replyMode = replyOn
	cl.noEvict, cl.noTouch = false, false
	cl.name = ""
	cl.authed = s.cfg.Get("requirepass") == ""
	c.W.Simple("RESET")
}

const errClientName = "ERR Client names cannot contain spaces, newlines or special characters."

func validClientName(n string) bool {
	for i := 0; i < len(n); i++ {
		if n[i] < '!' || n[i] > '~' {
			return false
		}
	}
	return !strings.ContainsAny(n, " \n")
}
