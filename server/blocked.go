package server

import (
	"strings"
	"time"

	"github.com/strata-db/strata/engine"
)

// blockedClient is a client parked by a blocking command.
type blockedClient struct {
	cmd      *engine.Command
	args     [][]byte // copies
	req      *engine.BlockRequest
	db       int
	wake     chan struct{} // closed when served, timed out or unblocked
	woken    bool
	unblockE bool // CLIENT UNBLOCK ... ERROR
}

type dbKey struct {
	db  int
	key string
}

// blockedState queues blocked clients per key, first blocked first
// served, and collects keys made ready by the command that just ran.
// Only touched under the engine lock.
type blockedState struct {
	byKey map[dbKey][]*client
	ready []dbKey
	count int
}

func (b *blockedState) init() { b.byKey = map[dbKey][]*client{} }

// park registers cl as blocked. REQUIRES: the engine lock.
func (b *blockedState) park(cl *client, cmd *engine.Command, args [][]byte, req *engine.BlockRequest) {
	if req.Rerun != nil {
		// Hook (streams): re-runs resume with the first run's state.
		rc := *cmd
		rc.Run = req.Rerun
		cmd = &rc
	}
	cp := make([][]byte, len(args))
	for i, a := range args {
		cp[i] = append([]byte(nil), a...)
	}
	cl.block = &blockedClient{cmd: cmd, args: cp, req: req, db: cl.db, wake: make(chan struct{})}
	for _, k := range req.Keys {
		dk := dbKey{cl.db, k}
		b.byKey[dk] = append(b.byKey[dk], cl)
	}
	b.count++
}

// remove takes cl off every queue and wakes its goroutine. REQUIRES: the
// engine lock.
func (b *blockedState) remove(cl *client) {
	bc := cl.block
	if bc == nil {
		return
	}
	for _, k := range bc.req.Keys {
		dk := dbKey{bc.db, k}
		q := b.byKey[dk]
		for i, x := range q {
			if x == cl {
				q = append(q[:i], q[i+1:]...)
				break
			}
		}
		if len(q) == 0 {
			delete(b.byKey, dk)
		} else {
			b.byKey[dk] = q
		}
	}
	b.count--
	cl.block = nil
	if !bc.woken {
		bc.woken = true
		close(bc.wake)
	}
}

// keyReady is the engine's KeyReady hook. REQUIRES: the engine lock.
func (s *Server) keyReady(db int, key string) {
	dk := dbKey{db, key}
	if _, ok := s.blocked.byKey[dk]; !ok {
		return
	}
	for _, r := range s.blocked.ready {
		if r == dk {
			return
		}
	}
	// NB: key may alias the request (engine passes Ctx.Str): keep a copy.
	dk.key = strings.Clone(key)
	s.blocked.ready = append(s.blocked.ready, dk)
}

// serveReadyKeys re-runs the commands of clients blocked on keys that the
// last command made ready, in the order they blocked, right after that
// command and before any other (as Redis's handleClientsBlockedOnKeys).
// REQUIRES: the engine lock.
func (s *Server) serveReadyKeys() {
	for len(s.blocked.ready) > 0 {
		dk := s.blocked.ready[0]
		s.blocked.ready = s.blocked.ready[1:]
		queue := append([]*client(nil), s.blocked.byKey[dk]...)
		for _, cl := range queue {
			bc := cl.block
			if bc == nil {
				continue
			}
			if !s.readyForBlock(dk, bc.cmd) {
				// The key is gone again or holds another type (MULTI with
				// LPUSH + DEL + SET): the client keeps waiting, as in Redis.
				continue
			}
			saveDB := cl.db
			cl.db = bc.db
			s.exec(cl, bc.cmd, bc.args, false)
			cl.db = saveDB
			if cl.ctx.Blocked() != nil {
				// Still nothing for it: exec re-parked it at the tail of
				// every queue; restore its place by undoing that re-park.
				s.blocked.count--
				s.requeueFront(cl, bc)
				continue
			}
			s.blocked.remove(cl)
			s.afterCommand()
		}
	}
}

// swapReady marks every key clients wait on in databases a and b as
// ready after SWAPDB: a key may have arrived with the other database.
// REQUIRES: the engine lock.
func (s *Server) swapReady(a, b int) {
	for dk := range s.blocked.byKey {
		if dk.db == a || dk.db == b {
			s.keyReady(dk.db, dk.key)
		}
	}
}

// readyForBlock reports whether the key now holds the type the blocked
// command waits for. Streams are always re-run: XREADGROUP must learn that
// its stream was deleted.
func (s *Server) readyForBlock(dk dbKey, cmd *engine.Command) bool {
	var want engine.Type
	switch cmd.Group {
	case "list":
		want = engine.TypeList
	case "sorted-set":
		want = engine.TypeZSet
	default:
		return true
	}
	db := s.eng.DB(dk.db)
	if !db.Exists(dk.key) {
		// An expired key is deleted here, as Redis's lookup while serving
		// blocked clients does, and its DEL is logged on its own.
		s.afterExpiry()
		return false
	}
	return db.Peek(dk.key).Type() == want
}

// requeueFront undoes a re-park so a client that could not be served keeps
// its original place in line.
func (s *Server) requeueFront(cl *client, orig *blockedClient) {
	nb := cl.block
	for _, k := range nb.req.Keys {
		dk := dbKey{nb.db, k}
		q := s.blocked.byKey[dk]
		if n := len(q); n > 0 && q[n-1] == cl {
			s.blocked.byKey[dk] = q[:n-1]
		}
	}
	cl.block = orig
}

// waitUnblocked parks the calling client goroutine until it is served,
// times out, is unblocked or killed. Called without the engine lock.
func (s *Server) waitUnblocked(cl *client) {
	s.eng.Lock()
	bc := cl.block
	s.eng.Unlock()
	if bc == nil {
		return
	}
	// Replies written before blocking (earlier pipeline commands) go out now.
	if s.releaseReplies(cl) {
		cl.flush()
	}
	var timeout <-chan time.Time
	if bc.req.Deadline > 0 {
		d := time.Until(time.UnixMilli(bc.req.Deadline))
		if d < 0 {
			d = 0
		}
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	waitingOnKeys(cl, true)
	select {
	case <-bc.wake:
	case <-timeout:
	case <-cl.killed:
	}
	waitingOnKeys(cl, false)
	s.eng.Lock()
	defer s.eng.Unlock()
	if cl.block == bc {
		// Not served: a timeout, or the connection went away.
		s.blocked.remove(cl)
		s.timeoutReply(cl, bc)
		s.recordCommand(bc.cmd, bc.args, cl, 0, false)
	} else if bc.unblockE {
		cl.wmu.Lock()
		cl.w.Error("UNBLOCKED client unblocked via CLIENT UNBLOCK")
		cl.wmu.Unlock()
	}
}

func (s *Server) timeoutReply(cl *client, bc *blockedClient) {
	cl.wmu.Lock()
	defer cl.wmu.Unlock()
	if bc.req.TimeoutReply != nil {
		c := engine.Ctx{E: s.eng, DB: s.eng.DB(bc.db), Cmd: bc.cmd, Args: bc.args, W: &cl.w, Client: cl}
		bc.req.TimeoutReply(&c)
		return
	}
	cl.w.NullArray()
}

// unblock implements CLIENT UNBLOCK. REQUIRES: the engine lock.
func (s *Server) unblock(cl *client, withError bool) bool {
	bc := cl.block
	if bc == nil {
		return false
	}
	if withError {
		bc.unblockE = true
		s.blocked.remove(cl)
		return true
	}
	s.blocked.remove(cl)
	// remove closed wake; the waiting goroutine sees cl.block != bc and
	// writes nothing, so write the timeout reply here.
	s.timeoutReply(cl, bc)
	return true
}
