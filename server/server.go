// Package server is Strata's network face: it accepts RESP connections,
// runs each client's requests through the one command table in the engine's
// writer order, and owns everything about clients (authentication,
// MULTI/EXEC, pub/sub, blocking, output limits), configuration, INFO and
// the introspection commands.
//
// Concurrency: one goroutine per connection reads and parses requests and
// executes them under the engine lock, which is the total order of the
// whole server. Pub/sub state, blocked-client queues and command statistics
// are only touched under that lock. A client's output buffer is guarded by
// its own mutex because publishers and served blocking commands append to
// it from other goroutines.
package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/cockroachdb/pebble/v2/vfs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/strata-db/strata/engine"
)

// RedisVersion is the Redis version Strata reports and behaves as.
const RedisVersion = "7.0.15"

// Version is Strata's own version.
const Version = "0.1.0"

// Options configure a Server.
type Options struct {
	Config *Config
	Logger *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
	// FS is where the AOF lives; default vfs.Default. Crash tests pass a
	// crashable or failing memory FS.
	FS vfs.FS
}

// Server is a running Strata instance.
type Server struct {
	cfg    *Config
	log    *slog.Logger
	eng    *engine.Engine
	now    func() time.Time
	runID  string
	start  time.Time
	engCfg *engine.Config
	fs     vfs.FS // persistence files (Options.FS)

	poller *readPoller // nil: clients read their net.Conn directly
	rounds *writeRound // nil until Listen
	// metrics serves /metrics when metrics-addr is set (metrics.go).
	metricsMu sync.Mutex
	metrics   *http.Server
	// oneProc: GOMAXPROCS is 1, so write rounds apply (writeround.go);
	// cron refreshes it.
	oneProc atomic.Bool
	// bgYielding: a background save or rewrite yielded to clients since
	// cron last cleared it, so write rounds stand down (writeround.go).
	bgYielding atomic.Bool
	// idleWake is closed (and replaced) to wake every goroutine parked
	// idle (inline.go).
	idleWake atomic.Pointer[chan struct{}]
	release  func(*polledConn) // releaseIdle, bound once

	mu        sync.Mutex // guards listeners, clients, closing
	listeners []net.Listener
	clients   map[int64]*client
	closing   bool
	done      chan struct{}
	wg        sync.WaitGroup

	nextClientID atomic.Int64
	// The persistence sides' state (rdb_state.go, aof_state.go).
	rdbSt  atomic.Pointer[rdbState]
	aofStP atomic.Pointer[aofState]
	// pausedClients counts clients waiting out a CLIENT PAUSE; INFO shows
	// them as blocked, as Redis does.
	pausedClients atomic.Int64
	// pauseActive is set while a CLIENT PAUSE may be in force, so commands
	// check the pause without taking its mutex.
	pauseActive atomic.Bool
	// started is set once the server serves: configuration applied before
	// that runs without the engine lock.
	started atomic.Bool
	stats   serverStats

	// Under the engine lock:
	pubsub   pubsubState
	blocked  blockedState
	monitors map[*client]struct{}
	replicas map[*client]struct{}
	slowlog  slowlog
	latency  latencyMonitor
	cmdStats map[string]*commandStats
	// lastCmdStat is the entry of cmdStats that cmdStat returned last;
	// RESETSTAT clears both.
	lastCmdStat struct {
		cmd *engine.Command
		st  *commandStats
	}
	errStats map[string]int64
	pause    pauseState

	notifyFlags engine.NotifyClass
	peakMemory  uint64
	mem         memoryState
	gc          idleGC

	opsMu      sync.Mutex
	opsSamples []int64
	opsLastAt  time.Time
	opsLastN   int64

	shutdownOnce sync.Once
	// ShutdownRequested is closed when a client asks the server to stop.
	ShutdownRequested chan struct{}
	shutdownSave      int // 0 default, 1 SAVE, -1 NOSAVE

	// persistHook, in tests, sees every effect handed to persistence.
	persistHook func(effects []string)
	// beforeWaitInput, in tests, runs on a client's goroutine after it
	// sent its replies and before it waits for input.
	beforeWaitInput atomic.Pointer[func(cl *client)]

	// hot holds configuration values read on every command or read, kept
	// current by applyConfig so the hot path parses nothing.
	hot struct {
		timeout        atomic.Int64 // seconds
		slowlogSlower  atomic.Int64 // microseconds, -1 disables
		slowlogMaxLen  atomic.Int64
		latencyThresh  atomic.Int64 // ms
		pubsubHardLim  atomic.Int64 // bytes, 0 = none
		normalHardLim  atomic.Int64
		replicaHardLim atomic.Int64
		maxmemory      atomic.Int64
		busyPollUS     atomic.Int64 // strata-busy-poll-us
	}
}

type serverStats struct {
	connectionsReceived atomic.Int64
	rejectedConns       atomic.Int64
	commandsProcessed   atomic.Int64
	netInput            atomic.Int64
	netOutput           atomic.Int64
	unexpectedErrors    atomic.Int64
	totalErrors         atomic.Int64
}

// New builds a server from its configuration; Listen starts it.
func New(opts Options) (*Server, error) {
	if opts.Config == nil {
		opts.Config = NewConfig()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	engineNow := opts.Now // nil: the engine's own cheaper clock
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		cfg: opts.Config, log: opts.Logger, now: opts.Now, fs: opts.FS,
		clients:           map[int64]*client{},
		done:              make(chan struct{}),
		monitors:          map[*client]struct{}{},
		replicas:          map[*client]struct{}{},
		cmdStats:          map[string]*commandStats{},
		errStats:          map[string]int64{},
		ShutdownRequested: make(chan struct{}),
	}
	var id [20]byte
	_, _ = rand.Read(id[:])
	s.runID = hex.EncodeToString(id[:])
	s.start = s.now()
	s.engCfg = engine.DefaultConfig()
	s.eng = engine.New(engine.Options{
		Databases: int(s.cfg.Int("databases")),
		Now:       engineNow,
		Notify:    s.notifyKeyspaceEvent,
		KeyReady:  s.keyReady,
		Config:    s.engCfg,
	})
	s.pause.active = &s.pauseActive
	s.pubsub.init()
	s.blocked.init()
	s.applyAll()
	return s, nil
}

// Engine returns the server's engine (for recovery and tests).
func (s *Server) Engine() *engine.Engine { return s.eng }

// Config returns the live configuration.
func (s *Server) Config() *Config { return s.cfg }

// Listen binds every address in `bind` on `port`.
func (s *Server) Listen() error {
	port := s.cfg.Int("port")
	if s.poller == nil {
		s.wakeIdleClients()
		p, err := newReadPoller(s)
		if err != nil {
			s.log.Warn("read poller unavailable; clients read their sockets directly", "err", err)
		}
		s.poller = p
	}
	if s.rounds == nil {
		s.rounds = newWriteRound()
		s.oneProc.Store(runtime.GOMAXPROCS(0) == 1)
		go s.rounds.run(s.done)
	}
	lns, addr, err := s.listenAll()
	if err != nil {
		return fmt.Errorf("server: could not create server TCP listening socket %s:%d: %w", addr, port, err)
	}
	s.mu.Lock()
	s.listeners = lns
	s.mu.Unlock()
	for _, ln := range lns {
		s.wg.Add(1)
		go s.acceptLoop(ln)
	}
	s.wg.Add(1)
	go s.cron()
	return nil
}

// Addr returns the first listening address.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.listeners) == 0 {
		return nil
	}
	return s.listeners[0].Addr()
}

func (s *Server) acceptLoop(ln net.Listener) {
	defer s.wg.Done()
	for {
		nc, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			s.log.Warn("accept failed", "err", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		s.stats.connectionsReceived.Add(1)
		s.mu.Lock()
		if s.closing {
			s.mu.Unlock()
			nc.Close()
			return
		}
		if int64(len(s.clients)) >= s.cfg.Int("maxclients") {
			s.mu.Unlock()
			s.stats.rejectedConns.Add(1)
			_, _ = nc.Write([]byte("-ERR max number of clients reached\r\n"))
			nc.Close()
			continue
		}
		cl := s.newClient(nc)
		s.clients[cl.id] = cl
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serve(cl)
		}()
	}
}

// listenAll listens on port at every bind address; on failure it closes
// what it opened and names the address that failed.
func (s *Server) listenAll() (lns []net.Listener, failed string, err error) {
	port := s.cfg.Int("port")
	for _, addr := range strings.Fields(s.cfg.Get("bind")) {
		addr = strings.TrimPrefix(addr, "-")
		ln, err := net.Listen("tcp", net.JoinHostPort(addr, fmt.Sprint(port)))
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			return nil, addr, err
		}
		lns = append(lns, ln)
	}
	return lns, "", nil
}

// rebind listens on the current port and bind addresses and then closes
// the old listeners (CONFIG SET port, bind). When an address cannot be
// bound nothing changes and the error says which directive failed, in
// Redis's words.
func (s *Server) rebind(directive string) error {
	fresh, _, err := s.listenAll()
	if err != nil {
		if directive == "port" {
			return fmt.Errorf("Unable to listen on this port: %v", err)
		}
		return errors.New("Failed to bind to specified addresses.")
	}
	s.mu.Lock()
	old := s.listeners
	s.listeners = fresh
	s.mu.Unlock()
	for _, ln := range old {
		ln.Close()
	}
	for _, ln := range fresh {
		s.wg.Add(1)
		go s.acceptLoop(ln)
	}
	return nil
}

// Close stops accepting, disconnects every client and waits for their
// goroutines.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return nil
	}
	s.closing = true
	// Clients waiting out a CLIENT PAUSE must not hold the shutdown up.
	s.pause.clear()
	for _, ln := range s.listeners {
		ln.Close()
	}
	for _, cl := range s.clients {
		cl.kill()
	}
	s.mu.Unlock()
	close(s.done)
	s.stopMetrics()
	s.wg.Wait()
	if s.poller != nil {
		s.poller.close()
	}
	return nil
}

// requestShutdown asks the process to stop (SHUTDOWN, signals).
func (s *Server) requestShutdown(mode int) {
	s.shutdownOnce.Do(func() {
		s.shutdownSave = mode
		close(s.ShutdownRequested)
	})
}

// applyAll pushes every configuration value to where it is used.
func (s *Server) applyAll() {
	for _, name := range s.cfg.Names() {
		s.applyConfig(name)
	}
}
