package server

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/strata-db/strata/engine"
)

// lock enters the engine's writer order for cl unless cl already holds it.
// A client keeps holding it across the commands of one pipeline (the
// requests already buffered), as Redis runs a client's whole query buffer
// in one go; it lets go before reading, flushing, blocking or pausing.
func (s *Server) lock(cl *client) {
	if !cl.holding {
		s.eng.Lock()
		cl.holding = true
	}
}

// unlock leaves the writer order if cl holds it.
func (s *Server) unlock(cl *client) {
	if cl.holding {
		cl.holding = false
		s.eng.Unlock()
	}
}

// process runs one request: lookup, checks, MULTI queueing, execution.
func (s *Server) process(cl *client, args [][]byte) {
	cmd, errText := s.resolveFor(cl, args)
	s.processResolved(cl, cmd, errText, args)
}

// resolveFor is resolve with a one-entry cache per client: clients mostly
// send the same command again (a pipeline of SETs, a worker's BLPOPs), and
// hashing the name for the table was 4% of a pipelined HSET's time.
func (s *Server) resolveFor(cl *client, args [][]byte) (*engine.Command, string) {
	if c := cl.lastResolved; c != nil && sameName(args[0], c.Name) {
		if !c.CheckArity(len(args)) {
			return nil, engine.ErrWrongArgs(c.Name)
		}
		return c, ""
	}
	cmd, errText := s.resolve(args)
	if cmd != nil && cmd.Sub == nil && sameName(args[0], cmd.Name) {
		// Only a top-level command without subcommands: a subcommand's
		// lookup depends on the second argument too.
		cl.lastResolved = cmd
	}
	return cmd, errText
}

// sameName reports whether a request's command name is name (lower case),
// ignoring ASCII case.
func sameName(arg []byte, name string) bool {
	if len(arg) != len(name) {
		return false
	}
	for i, c := range arg {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != name[i] {
			return false
		}
	}
	return true
}

// processResolved is process once the command is known (errText: why it
// is refused before it runs).
func (s *Server) processResolved(cl *client, cmd *engine.Command, errText string, args [][]byte) {
	if errText != "" {
		s.reject(cl, errText)
		return
	}
	if !cl.authed && cmd.Flags&engine.FlagNoAuth == 0 {
		s.reject(cl, "NOAUTH Authentication required.")
		return
	}
	if cl.w.Proto == 2 && cl.flags.pubsub && !allowedInPubSub(cmd.Name) {
		s.reject(cl, fmt.Sprintf("ERR Can't execute '%s': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context", cmd.Name))
		return
	}
	if cl.multi != nil && !isMultiControl(cmd.Name) {
		if s.hot.maxmemory.Load() > 0 && cmd.Flags&engine.FlagDenyOOM != 0 {
			s.lock(cl)
			msg := s.oomDeny(cmd)
			if msg != "" {
				s.reject(cl, msg)
				return
			}
		}
		s.queue(cl, cmd, args)
		return
	}
	s.call(cl, cmd, args)
}

// resolve finds the command (or subcommand) and checks its arity.
func (s *Server) resolve(args [][]byte) (*engine.Command, string) {
	cmd := engine.Lookup(args[0])
	if cmd == nil {
		return nil, unknownCommand(args)
	}
	if cmd.Sub != nil && len(args) >= 2 {
		sub := cmd.LookupSub(args[1])
		if sub == nil {
			return nil, fmt.Sprintf("ERR unknown subcommand '%.128s'. Try %s HELP.", args[1], strings.ToUpper(cmd.Name))
		}
		cmd = sub
	}
	if !cmd.CheckArity(len(args)) {
		return nil, engine.ErrWrongArgs(cmd.Name)
	}
	return cmd, ""
}

func unknownCommand(args [][]byte) string {
	var b strings.Builder
	for i := 1; i < len(args) && b.Len() < 128; i++ {
		a := args[i]
		if room := 128 - b.Len(); len(a) > room {
			a = a[:room]
		}
		fmt.Fprintf(&b, "'%s' ", a)
	}
	return fmt.Sprintf("ERR unknown command '%.128s', with args beginning with: %s", args[0], b.String())
}

func allowedInPubSub(name string) bool {
	switch name {
	case "ping", "subscribe", "unsubscribe", "psubscribe", "punsubscribe",
		"ssubscribe", "sunsubscribe", "quit", "reset":
		return true
	}
	return false
}

func touchesArbitraryKeys(name string) bool {
	return name == "scan" || name == "keys" || name == "randomkey"
}

func isSubscription(name string) bool {
	switch name {
	case "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe":
		return true
	}
	return false
}

func isMultiControl(name string) bool {
	switch name {
	case "exec", "discard", "multi", "watch", "quit", "reset":
		return true
	}
	return false
}

// reject answers a request refused before execution; inside MULTI it also
// dooms the transaction (EXECABORT), as Redis does.
func (s *Server) reject(cl *client, msg string) {
	if cl.multi != nil {
		cl.multi.aborted = true
	}
	s.lock(cl)
	s.countError(msg)
	cl.wmu.Lock()
	cl.w.Error(msg)
	cl.wmu.Unlock()
}

// call executes cmd under the engine lock and does the bookkeeping that
// follows every command: statistics, slowlog, monitors, blocking, serving
// clients blocked on keys the command made ready.
func (s *Server) call(cl *client, cmd *engine.Command, args [][]byte) {
	if s.pauseActive.Load() {
		s.unlock(cl)
		s.waitIfPaused(cl, cmd, args)
	}
	s.lock(cl)
	// NB: EXEC is shown after the commands it runs, as Redis shows each
	// command once it has run.
	isExec := cmd.Name == "exec"
	if !isExec && !s.feedMonitorsSkip(cmd) {
		s.feedMonitors(cl, args)
	}
	if msg := s.denyWrite(cl, cmd); msg != "" {
		s.countError(msg)
		s.cmdStat(cmd).rejected++
		cl.wmu.Lock()
		cl.w.Error(msg)
		cl.wmu.Unlock()
		return
	}
	s.exec(cl, cmd, args, false)
	if isExec && !s.feedMonitorsSkip(cmd) {
		s.feedMonitors(cl, args)
	}
	// NB: the command's effects form one unit in the log (wrapped in
	// MULTI/EXEC when there are several, as Redis 7.0 propagates one call);
	// each blocked client it serves is a unit of its own, after it.
	// Commands that touch arbitrary keys (SCAN, KEYS, RANDOMKEY) only log
	// the expiry of what they came across: each deletion on its own.
	if cmd.Name == "swapdb" && s.blocked.count > 0 {
		a, _ := engine.ParseInt(args[1])
		b, _ := engine.ParseInt(args[2])
		s.swapReady(int(a), int(b))
	}
	if touchesArbitraryKeys(cmd.Name) {
		s.afterExpiry()
	} else {
		s.afterCommand()
	}
	s.serveReadyKeys()
	s.lazyFree()
	if cl.ctx.Blocked() != nil {
		s.unlock(cl)
		if cl.onPoller {
			// The poller never waits: the client's goroutine will.
			cl.waitBlocked = true
			return
		}
		s.waitUnblocked(cl)
	}
}

// exec runs one command in cl's context. REQUIRES: the engine lock.
func (s *Server) exec(cl *client, cmd *engine.Command, args [][]byte, inMulti bool) {
	c := &cl.ctx
	c.DB = s.eng.DB(cl.db)
	c.Cmd = cmd
	c.Args = args
	c.W = &cl.w
	c.Client = cl
	c.NoBlock = inMulti
	s.eng.SetNoTouch(cl.noTouch)
	cl.lastCmd = cmd.Name
	cl.wmu.Lock()
	mark := cl.w.Len()
	s.safeExec(c)
	start := s.eng.ExecStart()
	dur := s.eng.ExecDone()
	cl.lastActive = start
	failed := cl.w.Len() > mark && cl.w.Bytes()[mark] == '-'
	if failed {
		s.countError(errorCode(cl.w.Bytes()[mark+1:]))
	}
	s.applyReplyMode(cl, mark, isSubscription(cmd.Name))
	cl.wmu.Unlock()
	s.eng.SetNoTouch(false)
	if b := s.replyBarrier(cl, cmd); b > cl.barrier {
		cl.barrier = b
	}
	s.stats.commandsProcessed.Add(1)
	if c.Blocked() == nil || inMulti {
		// A command that blocks is counted once, when it is served or
		// times out, as Redis does.
		s.recordCommand(cmd, args, cl, dur, failed)
	}
	if blk := c.Blocked(); blk != nil && !inMulti {
		s.blocked.park(cl, cmd, args, blk)
	}
}

// safeExec runs a command and contains a panic: the client gets an error,
// the server logs the bug with its stack and keeps serving. A panic is
// always a bug (commands must not panic on any input); tests pin the ones
// found.
func (s *Server) safeExec(c *engine.Ctx) {
	defer func() {
		if r := recover(); r != nil {
			s.stats.unexpectedErrors.Add(1)
			s.log.Error("BUG: command panicked; the client got an error, the server goes on",
				"cmd", c.Cmd.Name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			c.W.Error("ERR internal error while running '" + c.Cmd.Name + "' (a bug: please report it with the server log)")
		}
	}()
	s.eng.Exec(c)
}

// applyReplyMode drops the reply just written when CLIENT REPLY says so.
// Subscription confirmations are pushes and always go out, as in Redis.
func (s *Server) applyReplyMode(cl *client, mark int, push bool) {
	switch cl.replyMode {
	case replyOff:
		if !push {
			cl.w.Truncate(mark)
		}
	case replySkip:
		if !push {
			cl.w.Truncate(mark)
		}
		cl.replyMode = replyOn
	case replySkipNext:
		cl.replyMode = replySkip
	}
}

// errorCode returns the first word of an error reply ("ERR", "WRONGTYPE").
func errorCode(b []byte) string {
	for i, c := range b {
		if c == ' ' || c == '\r' {
			return string(b[:i])
		}
	}
	return string(b)
}

// afterExpiry hands each deletion of the active expiry cycle (or eviction)
// to persistence as a unit of its own: they are independent, and Redis
// propagates them without a transaction. REQUIRES: the engine lock.
func (s *Server) afterExpiry() {
	if !s.eng.HasEffects() {
		return
	}
	effects := s.eng.TakeEffectsShared()
	for i := range effects {
		s.persist(effects[i : i+1])
	}
}

// afterCommand hands the effects of the commands just run to persistence.
// REQUIRES: the engine lock.
func (s *Server) afterCommand() {
	if !s.eng.HasEffects() {
		return
	}
	effects := s.eng.TakeEffectsShared()
	s.persist(effects)
}
