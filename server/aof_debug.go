package server

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/strata-db/strata/engine"
)

// DEBUG failpoints for the log, for crash and failing-disk harnesses
// (enabled only with enable-debug-command, as every DEBUG subcommand):
//
//	DEBUG AOF-FAIL-FSYNC [EIO|ENOSPC]   the next fsync fails
//	DEBUG AOF-DELAY-FSYNC <ms>          every fsync takes ms longer (0: off)
//	DEBUG AOF-ENOSPC <0|1>              every write fails with ENOSPC while on
//	DEBUG AOF-TEAR-WRITE <bytes>        the next write lands only partly, then fails
//	DEBUG AOF-CRASH-AT <point>          SIGKILL the process at a named point of the
//	                                    next rewrite (crashPoints), for kill -9 tests
func init() {
	extraDebug["aof-crash-at"] = debugAOFCrashAt
	extraDebug["aof-fail-fsync"] = debugAOFFailFsync
	extraDebug["aof-delay-fsync"] = debugAOFDelayFsync
	extraDebug["aof-enospc"] = debugAOFNoSpace
	extraDebug["aof-tear-write"] = debugAOFTearWrite
}

func debugAOFFailFsync(c *engine.Ctx) {
	err := error(syscall.EIO)
	if len(c.Args) > 2 && c.Is(2, "enospc") {
		err = syscall.ENOSPC
	}
	c.Client.(*client).s.aofSt().fp.FailNextSync(err)
	c.W.OK()
}

func debugAOFDelayFsync(c *engine.Ctx) {
	ms, ok := debugIntArg(c)
	if ok {
		c.Client.(*client).s.aofSt().fp.DelaySync(time.Duration(ms) * time.Millisecond)
		c.W.OK()
	}
}

func debugAOFNoSpace(c *engine.Ctx) {
	on, ok := debugIntArg(c)
	if ok {
		c.Client.(*client).s.aofSt().fp.NoSpace(on != 0)
		c.W.OK()
	}
}

func debugAOFTearWrite(c *engine.Ctx) {
	n, ok := debugIntArg(c)
	if ok && n > 0 {
		c.Client.(*client).s.aofSt().fp.TearNextWrite(int(n))
		c.W.OK()
	} else if ok {
		c.W.Error("ERR value is out of range, must be positive")
	}
}

// crashPoints are the places of a rewrite where AOF-CRASH-AT can stop the
// process: after the log moved to the new INCR file, after the new base is
// written but before it is published, and after the new manifest is in
// place.
var crashPoints = map[string]bool{"rewrite-after-rotate": true, "rewrite-base-written": true, "rewrite-installed": true}

func debugAOFCrashAt(c *engine.Ctx) {
	if len(c.Args) != 3 || !crashPoints[strings.ToLower(c.Key(2))] {
		c.W.Error("ERR unknown crash point; use rewrite-after-rotate, rewrite-base-written or rewrite-installed")
		return
	}
	point := strings.ToLower(c.Key(2))
	c.Client.(*client).s.aofSt().crashAt.Store(&point)
	c.W.OK()
}

// crashPoint kills the process, as kill -9 would, when point is armed.
func (s *Server) crashPoint(point string) {
	if p := s.aofSt().crashAt.Load(); p != nil && *p == point {
		s.log.Warn("DEBUG AOF-CRASH-AT: killing the process", "point", point)
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	}
}

func debugIntArg(c *engine.Ctx) (int64, bool) {
	if len(c.Args) != 3 {
		c.W.Error(engine.ErrWrongArgs("debug"))
		return 0, false
	}
	n, err := strconv.ParseInt(string(c.Args[2]), 10, 64)
	if err != nil || n < 0 {
		c.W.Error(engine.ErrNotInt)
		return 0, false
	}
	return n, true
}
