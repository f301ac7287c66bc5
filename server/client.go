package server

import (
	"errors"
	"net"
	"sync"
	"time"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/resp"
)

// client is one connection's state.
type client struct {
	s    *Server
	id   int64
	nc   net.Conn
	in   connInput // where requests are read from: nc, or nc through the read poller
	rd   *resp.Reader
	addr string
	ctx  engine.Ctx

	// wmu guards w: publishers and served blocking commands append to it
	// from other goroutines (always under the engine lock), and flushes
	// swap it out.
	wmu sync.Mutex
	w   resp.Writer
	// sendMu serializes writes to the socket so flushed batches keep their
	// order; spare is the buffer reused by the next flush.
	sendMu sync.Mutex
	spare  []byte

	db         int
	name       string
	libName    string
	libVer     string
	authed     bool
	created    time.Time
	lastActive time.Time
	lastCmd    string
	flags      clientFlags

	multi   *multiState
	watcher engine.Watcher

	subs  map[string]struct{}
	psubs map[string]struct{}
	ssubs map[string]struct{}

	// blocking: set while parked on keys (under the engine lock).
	block *blockedClient

	replyMode  int // replyOn, replyOff, replySkipNext, replySkip
	noEvict    bool
	noTouch    bool
	closeAfter bool

	kick     chan struct{} // wakes the async flusher
	flusher  bool          // async flusher started (engine lock)
	killed   chan struct{}
	killOnce sync.Once
	outErr   bool // output limit exceeded; the connection is being closed

	// holding is true while this client's goroutine holds the engine lock
	// across the commands of one pipeline (see Server.lock).
	holding bool

	// replica is set once the client attached with SYNC/PSYNC.
	replica *replicaFeed

	// syncFunctionsOnly: REPLCONF rdb-filter-only functions asked for an
	// image without keys (redis-cli --functions-rdb).
	syncFunctionsOnly bool

	// barrier is the LSN that must be durable before the pending replies
	// may be sent (appendfsync always); 0 when none.
	barrier uint64

	// Set while the read poller serves the client (inline.go): onPoller
	// during its turn; handed, a request it left for the goroutine to run;
	// waitBlocked, a blocking command it ran that the goroutine must wait
	// for.
	onPoller    bool
	handed      [][]byte
	waitBlocked bool

	// lastResolved caches the command this client sent last (resolveFor).
	lastResolved *engine.Command
}

type clientFlags struct {
	monitor bool
	pubsub  bool
}

const (
	replyOn = iota
	replyOff
	replySkipNext
	replySkip
)

func (s *Server) newClient(nc net.Conn) *client {
	cl := &client{
		s: s, id: s.nextClientID.Add(1), nc: nc,
		addr: nc.RemoteAddr().String(), created: s.now(), lastActive: s.now(),
		kick: make(chan struct{}, 1), killed: make(chan struct{}),
		subs: map[string]struct{}{}, psubs: map[string]struct{}{}, ssubs: map[string]struct{}{},
	}
	cl.in = s.input(nc, cl)
	cl.rd = resp.NewReader(cl.in)
	cl.w.Proto = 2
	cl.authed = s.cfg.Get("requirepass") == ""
	cl.rd.Limits.MaxBulkLen = s.cfg.Int("proto-max-bulk-len")
	cl.rd.Limits.QueryBuffer = s.cfg.Int("client-query-buffer-limit")
	if tc, ok := nc.(*net.TCPConn); ok {
		if ka := s.cfg.Int("tcp-keepalive"); ka > 0 {
			_ = tc.SetKeepAlive(true)
			_ = tc.SetKeepAlivePeriod(time.Duration(ka) * time.Second)
		}
		_ = tc.SetNoDelay(true)
	}
	return cl
}

// kill closes the connection from any goroutine (CLIENT KILL, shutdown,
// output limits). The client's goroutine notices and cleans up.
func (cl *client) kill() {
	cl.killOnce.Do(func() {
		close(cl.killed)
		cl.nc.Close()
	})
}

// serve is the connection loop: execute every complete buffered request,
// flush replies once the pipeline is drained, then read more.
func (s *Server) serve(cl *client) {
	defer s.cleanupClient(cl)
	defer s.unlock(cl)
	for {
		if cl.waitBlocked {
			// The poller ran a blocking command for us.
			cl.waitBlocked = false
			s.waitUnblocked(cl)
		}
		args, ok, err := cl.handed, cl.handed != nil, error(nil)
		cl.handed = nil
		if !ok {
			args, ok, err = cl.rd.TryNext()
		}
		if err != nil {
			s.protocolError(cl, err)
			return
		}
		if !ok {
			s.unlock(cl)
			if !s.releaseReplies(cl) {
				return
			}
			s.awaitWriteRound(cl)
			if s.sendReplies(cl) != nil || cl.closeAfter {
				return
			}
			if h := s.beforeWaitInput.Load(); h != nil {
				(*h)(cl)
			}
			if err := s.waitInput(cl); err != nil {
				return
			}
			continue
		}
		s.process(cl, args)
		if cl.closeAfter || cl.rd.Buffered() == 0 {
			// Nothing more is buffered: let others in before the read.
			s.unlock(cl)
			// The request's arguments are done with: a buffer grown for
			// a big one goes back now, not at the next read.
			cl.rd.Shrink()
		}
		if cl.closeAfter {
			if s.releaseReplies(cl) {
				cl.flush()
			}
			return
		}
	}
}

func (s *Server) readMore(cl *client) error {
	// NB: also when no timeout applies, to clear one set before.
	_ = cl.in.SetReadDeadline(s.idleDeadline(cl))
	before := cl.rd.Buffered()
	err := cl.rd.Fill()
	s.stats.netInput.Add(int64(cl.rd.Buffered() - before))
	if errors.Is(err, resp.ErrQueryBufferLimit) && !cl.onPoller {
		s.log.Warn("closing client that reached max query buffer length", "addr", cl.addr, "id", cl.id)
	}
	return err
}

// idleDeadline is when cl is closed if it sends nothing, under the idle
// timeout; zero when none applies (pub/sub and MONITOR clients, as Redis).
func (s *Server) idleDeadline(cl *client) time.Time {
	t := s.hot.timeout.Load()
	if t <= 0 || cl.flags.pubsub || cl.flags.monitor {
		return time.Time{}
	}
	return time.Now().Add(time.Duration(t) * time.Second)
}

// protocolError replies with Redis's protocol error and closes, as
// redis-server does after a malformed request.
func (s *Server) protocolError(cl *client, err error) {
	var pe *resp.ProtocolError
	s.unlock(cl)
	if errors.As(err, &pe) {
		cl.wmu.Lock()
		cl.w.Error("ERR " + pe.Error())
		cl.wmu.Unlock()
		cl.flush()
		s.log.Debug("protocol error from client", "addr", cl.addr, "err", pe.Error())
	}
}

// releaseReplies waits until the replies pending for cl may be sent: under
// appendfsync always, until the log is durable up to cl's barrier. If the
// log failed, the replies are never sent and the connection is closed, so
// no client takes a write that is not on disk as acknowledged.
func (s *Server) releaseReplies(cl *client) bool {
	if cl.barrier == 0 {
		return true
	}
	lsn := cl.barrier
	cl.barrier = 0
	cl.standAside() // an fsync may take long
	err := s.waitDurable(lsn)
	cl.backInLine()
	if err != nil {
		s.log.Warn("closing client: its replies depend on writes the log could not make durable", "addr", cl.addr, "err", err)
		cl.kill()
		return false
	}
	return true
}

// flush writes pending replies to the socket.
func (cl *client) flush() error {
	cl.sendMu.Lock()
	defer cl.sendMu.Unlock()
	cl.wmu.Lock()
	if cl.w.Len() == 0 {
		cl.wmu.Unlock()
		return nil
	}
	out := cl.w.Bytes()
	cl.w.SetBuffer(cl.spare[:0])
	cl.wmu.Unlock()
	n, err := cl.nc.Write(out)
	cl.s.stats.netOutput.Add(int64(n))
	if cap(out) <= 1<<20 {
		cl.spare = out[:0]
	} else {
		cl.spare = nil
	}
	if err != nil {
		cl.kill()
	}
	return err
}

// asyncFlusher writes what other goroutines append (pub/sub messages,
// MONITOR lines) while the client's own goroutine waits for input.
func (cl *client) asyncFlusher() {
	for {
		select {
		case <-cl.kick:
			if cl.flush() != nil {
				return
			}
		case <-cl.killed:
			return
		}
	}
}

// pushed is called after appending to another client's buffer, under the
// engine lock.
func (cl *client) pushed() {
	if !cl.flusher {
		cl.flusher = true
		go cl.asyncFlusher()
	}
	select {
	case cl.kick <- struct{}{}:
	default:
	}
}

func (s *Server) cleanupClient(cl *client) {
	cl.kill()
	s.releaseInput(cl.in)
	s.eng.Lock()
	s.eng.Unwatch(&cl.watcher)
	s.pubsub.unsubscribeAll(cl)
	s.blocked.remove(cl)
	delete(s.monitors, cl)
	if cl.replica != nil {
		delete(s.replicas, cl)
		s.updateLogging()
	}
	s.eng.Unlock()
	s.mu.Lock()
	delete(s.clients, cl.id)
	s.mu.Unlock()
}
