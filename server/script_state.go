package server

import (
	"sync"

	"github.com/strata-db/strata/scripting"
)

// scriptStates holds each server's Lua engine. It lives beside Server
// rather than in it so scripting stays in its own files; an engine is
// created on first use and used only under the engine lock.
var scriptStates sync.Map // *Server -> *scripting.Engine

// scripts returns the server's Lua engine. REQUIRES: the engine lock.
func (s *Server) scripts() *scripting.Engine {
	if e, ok := scriptStates.Load(s); ok {
		return e.(*scripting.Engine)
	}
	e, _ := scriptStates.LoadOrStore(s, scripting.New())
	return e.(*scripting.Engine)
}
