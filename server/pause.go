package server

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/scripting"
)

// pauseState implements CLIENT PAUSE: until `until`, clients other than
// the pausing one wait before running commands (all of them, or only
// writes in WRITE mode).
type pauseState struct {
	mu        sync.Mutex
	until     time.Time
	writeOnly bool
	cond      *sync.Cond
	active    *atomic.Bool // the server's pauseActive
}

func (p *pauseState) set(until time.Time, writeOnly bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.active.Store(!until.IsZero())
	p.until, p.writeOnly = until, writeOnly
	if p.cond != nil {
		p.cond.Broadcast()
	}
}

func (p *pauseState) clear() { p.set(time.Time{}, false) }

// waitIfPaused blocks cl while a CLIENT PAUSE covers its command.
func (s *Server) waitIfPaused(cl *client, cmd *engine.Command, args [][]byte) {
	// NB: before p.mu: CLIENT PAUSE takes p.mu under the engine lock.
	noWrites := s.storedScriptNoWrites(cmd, args)
	p := &s.pause
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.until.IsZero() || !s.now().Before(p.until) {
			p.active.Store(false) // under p.mu, so a new pause cannot be lost
			return
		}
		if p.writeOnly && (noWrites || !pausedInWriteMode(cmd, args)) && !(cmd.Name == "exec" && cl.multi.writes()) {
			return
		}
		if cmd.Name == "client|unpause" || cmd.Name == "client|pause" {
			return
		}
		d := time.Until(p.until)
		if p.cond == nil {
			p.cond = sync.NewCond(&p.mu)
		}
		s.pausedClients.Add(1)
		cl.standAside()
		t := time.AfterFunc(d, func() {
			p.mu.Lock()
			p.cond.Broadcast()
			p.mu.Unlock()
		})
		p.cond.Wait()
		cl.backInLine()
		s.pausedClients.Add(-1)
		t.Stop()
	}
}

// pausedInWriteMode: in WRITE mode Redis pauses writes and commands that
// may replicate (EVAL, PUBLISH, ...).
func pausedInWriteMode(cmd *engine.Command, args [][]byte) bool {
	if cmd.Name == "eval" && len(args) > 1 && noWritesShebang(args[1]) {
		return false // "#!lua flags=no-writes": a read-only script
	}
	return cmd.Flags&(engine.FlagWrite|engine.FlagMayReplicate) != 0
}

// storedScriptNoWrites reports whether cmd runs a cached script (EVALSHA)
// or a function (FCALL) declared no-writes: such a call is a read and WRITE
// mode lets it through, as Redis does.
func (s *Server) storedScriptNoWrites(cmd *engine.Command, args [][]byte) bool {
	if len(args) < 2 || (cmd.Name != "evalsha" && cmd.Name != "fcall") {
		return false
	}
	s.eng.Lock()
	defer s.eng.Unlock()
	var flags scripting.Flags
	if cmd.Name == "evalsha" {
		sc := s.scripts().Lookup(strings.ToLower(string(args[1])))
		if sc == nil || sc.Flags&scripting.FlagCompat != 0 {
			return false
		}
		flags = sc.Flags
	} else {
		f := s.scripts().Function(string(args[1]))
		if f == nil {
			return false
		}
		flags = f.Flags
	}
	return flags&scripting.FlagNoWrites != 0
}

// writes reports whether a queued transaction holds a command that WRITE
// mode pauses: its EXEC waits, as in Redis. m may be nil (no MULTI).
func (m *multiState) writes() bool {
	if m == nil {
		return false
	}
	for _, q := range m.queue {
		if pausedInWriteMode(q.cmd, q.args) {
			return true
		}
	}
	return false
}

// noWritesShebang reports whether a script body declares no-writes in its
// shebang line.
func noWritesShebang(body []byte) bool {
	if !bytes.HasPrefix(body, []byte("#!")) {
		return false
	}
	line := body
	if i := bytes.IndexByte(body, '\n'); i >= 0 {
		line = body[:i]
	}
	return bytes.Contains(line, []byte("no-writes"))
}
