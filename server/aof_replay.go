package server

import (
	"bytes"
	"errors"
	"strings"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/resp"
)

// replayServerCommand runs, during AOF replay, the logged commands that
// live in the server rather than in the engine: FUNCTION LOAD, DELETE,
// FLUSH and RESTORE change the function libraries (Redis 7 logs them as
// sent). It reports whether args was such a command.
func (s *Server) replayServerCommand(args [][]byte) (bool, error) {
	if !bytes.EqualFold(args[0], []byte("function")) {
		return false, nil
	}
	cmd := engine.LookupArgv(args)
	if cmd == nil || cmd.Run == nil || !cmd.CheckArity(len(args)) {
		return true, errors.New("not a FUNCTION command this server runs")
	}
	w := resp.NewWriter()
	ctx := engine.Ctx{DB: s.eng.DB(0), Cmd: cmd, Args: args, W: w, Client: &client{s: s}}
	cmd.Run(&ctx)
	if out := w.Bytes(); len(out) > 0 && out[0] == '-' {
		return true, errors.New(strings.TrimSpace(string(out[1:])))
	}
	return true, nil
}
