package server

import (
	"strings"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/resp"
	"github.com/strata-db/strata/scripting"
)

// scriptHost runs the commands of one script invocation for its caller.
type scriptHost struct {
	s        *Server
	cl       *client
	readOnly bool // EVAL_RO, or a no-writes script
	allowOOM bool
	wrote    bool // a write ran: later writes skip the OOM check, as Redis
}

// Call runs argv as the script's client would, inside the caller's
// writer order, and returns the RESP reply in the script's protocol.
func (h *scriptHost) Call(argv [][]byte, proto int) ([]byte, string) {
	cmd, refusal := h.check(argv)
	if refusal != "" {
		if cmd != nil {
			h.s.cmdStat(cmd).rejected++
		}
		code := "ERR"
		if strings.HasPrefix(refusal, "-") {
			code = errorCode([]byte(refusal[1:]))
		}
		h.s.countError(code)
		return nil, refusal
	}
	s, cl := h.s, h.cl
	if cmd.Flags&engine.FlagSkipMonitor == 0 && cmd.Flags&engine.FlagAdmin == 0 {
		s.feedMonitorsFrom(cl, cl.db, "lua", argv)
	}
	w := resp.Writer{Proto: proto}
	inner := engine.Ctx{DB: s.eng.DB(cl.db), Cmd: cmd, Args: argv, W: &w, Client: cl, NoBlock: true}
	s.safeExec(&inner)
	failed := w.Len() > 0 && w.Bytes()[0] == '-'
	if failed {
		s.countError(errorCode(w.Bytes()[1:]))
	}
	if cmd.Flags&engine.FlagWrite != 0 {
		h.wrote = true
	}
	s.stats.commandsProcessed.Add(1)
	s.recordCommand(cmd, argv, cl, 0, failed)
	return w.Bytes(), ""
}

// check resolves the command and applies the rules for commands called
// from scripts; a refusal is returned as text for an {err=...} table.
func (h *scriptHost) check(argv [][]byte) (*engine.Command, string) {
	cmd := engine.LookupArgv(argv)
	if cmd == nil {
		return nil, refuseUnknown
	}
	if !cmd.CheckArity(len(argv)) {
		return nil, refuseArity
	}
	return cmd, h.refusal(cmd, argv)
}

// refusal applies the rules for a known command with the right arity.
func (h *scriptHost) refusal(cmd *engine.Command, argv [][]byte) string {
	if cmd.Flags&engine.FlagNoScript != 0 && !h.s.scriptState().allowNoScript {
		return refuseNoScript
	}
	if (cmd.Name == "xread" || cmd.Name == "xreadgroup") && hasBlockOption(argv) {
		return cmd.Name + " command is not allowed with BLOCK option from scripts"
	}
	if cmd.Flags&engine.FlagMayReplicate != 0 && h.readOnly {
		// PUBLISH and the like: refused from read-only scripts as writes
		// are, which is what lets CLIENT PAUSE WRITE run such scripts.
		return refuseWriteRO
	}
	if cmd.Flags&engine.FlagWrite != 0 {
		if h.readOnly {
			return refuseWriteRO
		}
		if msg := h.s.aofDenyWrite(); msg != "" {
			return "-" + msg
		}
		if msg := h.s.rdbDenyWrite(); msg != "" {
			return "-" + msg
		}
	}
	if !h.wrote && !h.allowOOM && cmd.Flags&engine.FlagDenyOOM != 0 && h.s.hot.maxmemory.Load() > 0 {
		if msg := h.s.oomDeny(cmd); msg != "" {
			return "-" + msg
		}
	}
	return ""
}

// CommandExists backs redis.acl_check_cmd: every known command is
// allowed, as for the default user.
func (h *scriptHost) CommandExists(argv [][]byte) bool {
	cmd := engine.LookupArgv(argv)
	return cmd != nil && cmd.CheckArity(len(argv))
}

// Log writes redis.log lines to the server log at the matching level.
func (h *scriptHost) Log(level int, msg string) {
	switch level {
	case scripting.LogWarning:
		h.s.log.Warn(msg)
	case scripting.LogNotice:
		h.s.log.Info(msg)
	default:
		h.s.log.Debug(strings.TrimSpace(msg))
	}
}

// hasBlockOption reports a BLOCK option before STREAMS (XREAD and
// XREADGROUP may not block in a script).
func hasBlockOption(argv [][]byte) bool {
	for _, a := range argv[1:] {
		switch strings.ToUpper(string(a)) {
		case "BLOCK":
			return true
		case "STREAMS":
			return false
		}
	}
	return false
}
