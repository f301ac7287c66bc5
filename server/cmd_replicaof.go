package server

import "github.com/strata-db/strata/engine"

// Replication (following a master) is not built yet. REPLICAOF NO ONE is
// what a master already is; following another server is refused plainly.
// ROLE and WAIT answer as a master with no acknowledging replicas.

func init() {
	flags := engine.FlagAdmin | engine.FlagNoScript | engine.FlagStale
	engine.Register(
		&engine.Command{Name: "replicaof", Arity: 3, Flags: flags, Group: "server", Since: "5.0.0",
			Summary: "Make the server a replica of another instance, or promote it as master.", Run: replicaofCommand},
		&engine.Command{Name: "slaveof", Arity: 3, Flags: flags, Group: "server", Since: "1.0.0",
			Summary: "Make the server a replica of another instance, or promote it as master.", Run: replicaofCommand},
		&engine.Command{Name: "role", Arity: 1, Flags: engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagFast,
			Group: "server", Since: "2.8.12", Summary: "Return the role of the instance in the context of replication", Run: roleCommand},
		&engine.Command{Name: "wait", Arity: 3, Flags: engine.FlagNoScript, Group: "generic", Since: "3.0.0",
			Summary: "Wait for the synchronous replication of all the write commands sent in the context of the current connection", Run: waitCommand},
	)
}

func replicaofCommand(c *engine.Ctx) {
	if c.Is(1, "NO") && c.Is(2, "ONE") {
		c.W.OK()
		return
	}
	if _, ok := engine.ParseInt(c.Args[2]); !ok {
		c.W.Error("ERR Invalid master port")
		return
	}
	c.W.Error("ERR replication (REPLICAOF) is not supported by this server yet")
}

func roleCommand(c *engine.Ctx) {
	c.W.Array(3)
	c.W.BulkString("master")
	c.W.Int(int64(c.E.LSN()))
	c.W.Array(0)
}

func waitCommand(c *engine.Ctx) {
	if _, ok := c.Int(1); !ok {
		return
	}
	if ms, ok := engine.ParseInt(c.Args[2]); !ok || ms < 0 {
		c.W.Error("ERR timeout is not an integer or out of range")
		return
	}
	c.W.Int(0)
}
