package server

import (
	"sync"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/scripting"
)

// scriptState is a server's scripting state. It lives beside Server
// rather than in it so scripting stays in its own files; it is created on
// first use and used only under the engine lock.
type scriptState struct {
	lua *scripting.Engine
	// allowNoScript is DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call
	// noscript commands (Redis's tests use it to reach DEBUG PROTOCOL).
	allowNoScript bool
}

var scriptStates sync.Map // *Server -> *scriptState

func (s *Server) scriptState() *scriptState {
	if st, ok := scriptStates.Load(s); ok {
		return st.(*scriptState)
	}
	st, _ := scriptStates.LoadOrStore(s, &scriptState{lua: scripting.New()})
	return st.(*scriptState)
}

// scripts returns the server's Lua engine. REQUIRES: the engine lock.
func (s *Server) scripts() *scripting.Engine { return s.scriptState().lua }

func init() {
	debugSubcommands["set-disable-deny-scripts"] = debugSetDisableDenyScripts
}

func debugSetDisableDenyScripts(c *engine.Ctx) {
	if len(c.Args) != 3 {
		c.W.Error(engine.ErrWrongArgs("debug|set-disable-deny-scripts"))
		return
	}
	n, _ := engine.ParseInt(c.Args[2])
	c.Client.(*client).s.scriptState().allowNoScript = n != 0
	c.W.OK()
}
