package server

import "github.com/strata-db/strata/engine"

func init() {
	engine.Register(
		&engine.Command{Name: "ping", Arity: -1, Flags: engine.FlagFast,
			Group: "connection", Since: "1.0.0", Summary: "Ping the server", Run: pingCommand},
		&engine.Command{Name: "echo", Arity: 2, Flags: engine.FlagFast,
			Group: "connection", Since: "1.0.0", Summary: "Echo the given string", Run: echoCommand},
	)
}

func pingCommand(c *engine.Ctx) {
	if len(c.Args) > 2 {
		c.W.Error(engine.ErrWrongArgs("ping"))
		return
	}
	cl := c.Client.(*client)
	if cl.flags.pubsub && c.W.Proto == 2 {
		c.W.Array(2)
		c.W.BulkString("pong")
		if len(c.Args) == 2 {
			c.W.Bulk(c.Args[1])
		} else {
			c.W.BulkString("")
		}
		return
	}
	if len(c.Args) == 2 {
		c.W.Bulk(c.Args[1])
		return
	}
	c.W.Simple("PONG")
}

func echoCommand(c *engine.Ctx) { c.W.Bulk(c.Args[1]) }
