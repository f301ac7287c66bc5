package server

import (
	"strings"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/scripting"
)

// evalKeys gives the key positions of EVAL-style commands: numkeys at
// argument 2, then the keys.
func evalKeys(args [][]byte) []int {
	if len(args) < 3 {
		return nil
	}
	n, ok := engine.ParseInt(args[2])
	if !ok || n < 0 || n > int64(len(args)-3) {
		return nil
	}
	out := make([]int, n)
	for i := range out {
		out[i] = 3 + i
	}
	return out
}

// evalRequest is a parsed EVAL/EVALSHA call.
type evalRequest struct {
	bySHA, readOnly bool
	keys, args      [][]byte
}

func parseEval(c *engine.Ctx, bySHA, readOnly bool) (evalRequest, bool) {
	n, ok := c.Int(2)
	if !ok {
		return evalRequest{}, false
	}
	if n > int64(len(c.Args)-3) {
		c.W.Error(errNumKeysTooMany)
		return evalRequest{}, false
	}
	if n < 0 {
		c.W.Error(errNumKeysNegative)
		return evalRequest{}, false
	}
	return evalRequest{bySHA: bySHA, readOnly: readOnly,
		keys: c.Args[3 : 3+n], args: c.Args[3+n:]}, true
}

func evalCommand(c *engine.Ctx)      { runEval(c, false, false) }
func evalROCommand(c *engine.Ctx)    { runEval(c, false, true) }
func evalSHACommand(c *engine.Ctx)   { runEval(c, true, false) }
func evalSHAROCommand(c *engine.Ctx) { runEval(c, true, true) }

// runEval runs a script as one atomic unit: the commands it calls run in
// this command's writer order, and their effects (not the script) are
// logged, wrapped as one transaction, as Redis 7 replicates effects.
func runEval(c *engine.Ctx, bySHA, readOnly bool) {
	cl := c.Client.(*client)
	cl.s.feedMonitorsFrom(cl, cl.db, cl.addr, c.Args)
	if bySHA && len(c.Args[1]) != 40 {
		c.W.Error(errNoScript)
		return
	}
	req, ok := parseEval(c, bySHA, readOnly)
	if !ok {
		return
	}
	s := cl.s
	sc := findScript(c, s, req)
	if sc == nil {
		return
	}
	host := &scriptHost{s: s, cl: cl, readOnly: readOnly}
	if sc.Flags&scripting.FlagCompat == 0 {
		if msg := s.scriptPrecheck(sc.Flags, readOnly); msg != "" {
			c.W.Error(msg)
			return
		}
		host.readOnly = readOnly || sc.Flags&scripting.FlagNoWrites != 0
		host.allowOOM = sc.Flags&(scripting.FlagAllowOOM|scripting.FlagNoWrites) != 0
	}
	runWrapped(c, cl, func() bool { return s.scripts().Run(sc, req.keys, req.args, host, c.W) })
}

// runWrapped runs a script body: its commands' effects are wrapped as one
// transaction and EVAL itself is not logged; the caller's database is
// restored (SELECT inside a script changes the script's database only);
// an error reply counted already inside the script is not counted again.
func runWrapped(c *engine.Ctx, cl *client, run func() (counted bool)) {
	db := cl.db
	mark := c.E.EffectMark()
	counted := run()
	c.E.WrapTxn(mark)
	cl.db = db
	c.NoPropagate()
	if counted {
		cl.s.uncountError(c.W.Bytes())
	}
}

// findScript loads the body of EVAL or finds the script of EVALSHA,
// replying with the error when there is none.
func findScript(c *engine.Ctx, s *Server, req evalRequest) *scripting.Script {
	if req.bySHA {
		var sc *scripting.Script
		if len(c.Args[1]) == 40 {
			sc = s.scripts().Lookup(c.Str(1))
		}
		if sc == nil {
			c.W.Error(errNoScript)
		}
		return sc
	}
	sc, errText := s.scripts().Load(string(c.Args[1]))
	if errText != "" {
		c.W.Error(errText)
	}
	return sc
}

// scriptPrecheck refuses a script with a shebang before it runs, as
// Redis does: writable scripts on a failing disk or through *_RO, any
// script without allow-oom (or no-writes) over maxmemory.
func (s *Server) scriptPrecheck(flags scripting.Flags, readOnly bool) string {
	if flags&scripting.FlagNoWrites == 0 {
		if msg := s.aofDenyWrite(); msg != "" {
			return errScriptMisconfAOF + strings.TrimPrefix(msg, errAOFWritePrefix)
		}
		if s.rdbDenyWrite() != "" {
			return errScriptMisconfRDB
		}
		if readOnly {
			return errScriptWriteRO
		}
	}
	if flags&(scripting.FlagAllowOOM|scripting.FlagNoWrites) == 0 && s.hot.maxmemory.Load() > 0 {
		if s.usedMemory() > s.hot.maxmemory.Load() {
			return errScriptOOM
		}
	}
	return ""
}

// uncountError takes back the count that the caller's dispatch will add
// for the error reply at the end of reply: that error was counted already
// when the command inside the script returned it, and Redis counts it
// once.
func (s *Server) uncountError(reply []byte) {
	if len(reply) < 3 {
		return
	}
	i := strings.LastIndex(string(reply[:len(reply)-2]), "\r\n") + 2
	if i < 2 {
		i = 0
	}
	if reply[i] != '-' {
		return
	}
	code := errorCode(reply[i+1:])
	if s.errStats[code] > 0 {
		s.errStats[code]--
		s.stats.totalErrors.Add(-1)
	}
}
