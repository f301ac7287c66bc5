package server

import "github.com/strata-db/strata/engine"

// multiState is a client's open MULTI block.
type multiState struct {
	queue   []queued
	aborted bool // a queueing error happened: EXEC answers EXECABORT
}

type queued struct {
	cmd  *engine.Command
	args [][]byte
}

func (s *Server) queue(cl *client, cmd *engine.Command, args [][]byte) {
	if cmd.Flags&engine.FlagNoMulti != 0 {
		s.reject(cl, "ERR Command not allowed inside a transaction")
		return
	}
	cp := make([][]byte, len(args))
	for i, a := range args {
		cp[i] = append([]byte(nil), a...)
	}
	cl.multi.queue = append(cl.multi.queue, queued{cmd, cp})
	cl.wmu.Lock()
	cl.w.Simple("QUEUED")
	cl.wmu.Unlock()
}

func init() {
	engine.Register(
		&engine.Command{Name: "multi", Arity: 1, Flags: engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagFast | engine.FlagAllowBusy,
			Group: "transactions", Since: "1.2.0", Summary: "Mark the start of a transaction block", Run: multiCommand},
		&engine.Command{Name: "exec", Arity: 1, Flags: engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagSkipSlowlog,
			Group: "transactions", Since: "1.2.0", Summary: "Execute all commands issued after MULTI", Run: execCommand},
		&engine.Command{Name: "discard", Arity: 1, Flags: engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagFast | engine.FlagAllowBusy,
			Group: "transactions", Since: "2.0.0", Summary: "Discard all commands issued after MULTI", Run: discardCommand},
		&engine.Command{Name: "watch", Arity: -2, Flags: engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagFast | engine.FlagAllowBusy,
			FirstKey: 1, LastKey: -1, KeyStep: 1,
			Group: "transactions", Since: "2.2.0", Summary: "Watch the given keys to determine execution of the MULTI/EXEC block", Run: watchCommand},
		&engine.Command{Name: "unwatch", Arity: 1, Flags: engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagFast | engine.FlagAllowBusy,
			Group: "transactions", Since: "2.2.0", Summary: "Forget about all watched keys", Run: unwatchCommand},
	)
}

func multiCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	if cl.multi != nil {
		c.W.Error("ERR MULTI calls can not be nested")
		return
	}
	cl.multi = &multiState{}
	c.W.OK()
}

func discardCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	if cl.multi == nil {
		c.W.Error("ERR DISCARD without MULTI")
		return
	}
	cl.multi = nil
	c.E.Unwatch(&cl.watcher)
	c.W.OK()
}

func watchCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	if cl.multi != nil {
		c.W.Error("ERR WATCH inside MULTI is not allowed")
		return
	}
	for i := 1; i < len(c.Args); i++ {
		c.E.Watch(&cl.watcher, cl.db, c.Key(i))
	}
	c.W.OK()
}

func unwatchCommand(c *engine.Ctx) {
	c.E.Unwatch(&c.Client.(*client).watcher)
	c.W.OK()
}

// execCommand runs the queued commands back to back inside the engine lock,
// so no other client's command interleaves, and marks their effects as one
// transaction for the log.
func execCommand(c *engine.Ctx) {
	cl := c.Client.(*client)
	s := cl.s
	if cl.multi == nil {
		c.W.Error("ERR EXEC without MULTI")
		return
	}
	m := cl.multi
	cl.multi = nil
	if m.aborted {
		c.E.Unwatch(&cl.watcher)
		c.W.Error("EXECABORT Transaction discarded because of previous errors.")
		return
	}
	if cl.watcher.Dirty || c.E.WatchedKeyExpired(&cl.watcher) {
		c.E.Unwatch(&cl.watcher)
		c.W.NullArray()
		return
	}
	c.E.Unwatch(&cl.watcher)
	if msg := s.denyTxn(cl, m); msg != "" {
		c.W.Error(msg)
		return
	}
	mark := c.E.EffectMark()
	c.W.Array(len(m.queue))
	saved := *c
	for _, q := range m.queue {
		s.execQueued(cl, q.cmd, q.args)
	}
	*c = saved
	c.E.WrapTxn(mark)
	// NB: EXEC itself is not logged: the queued commands' effects are,
	// wrapped in MULTI/EXEC by WrapTxn.
	c.NoPropagate()
}

// execQueued runs one queued command. REQUIRES: the engine lock and cl.wmu
// (EXEC is running).
func (s *Server) execQueued(cl *client, cmd *engine.Command, args [][]byte) {
	if !s.feedMonitorsSkip(cmd) {
		s.feedMonitors(cl, args)
	}
	inner := engine.Ctx{DB: s.eng.DB(cl.db), Cmd: cmd, Args: args, W: &cl.w, Client: cl, NoBlock: true}
	s.safeExec(&inner)
	s.stats.commandsProcessed.Add(1)
	s.recordCommand(cmd, args, cl, 0, false)
}
