package scripting

import (
	lua "github.com/yuin/gopher-lua"
)

// The globals scripts may see, as Redis 7.0's allow lists give them.
var allowedGlobals = []string{
	"string", "cjson", "bit", "cmsgpack", "math", "table", "coroutine",
	"redis",
	"xpcall", "tostring", "getfenv", "setmetatable", "next", "assert", "tonumber",
	"rawequal", "collectgarbage", "getmetatable", "rawset", "pcall", "type",
	"select", "unpack", "gcinfo", "pairs", "rawget", "loadstring", "ipairs",
	"_VERSION", "setfenv", "load", "error", "newproxy",
}

// Library tables scripts may read but not change.
var protectedLibs = []string{"string", "cjson", "bit", "cmsgpack", "math", "table", "coroutine", "redis"}

// openSandbox loads the libraries, keeps only the allowed globals, and
// puts them behind a read-only proxy: scripts cannot create globals, and
// reading one that does not exist is an error (Redis's global
// protection), so state cannot leak from one script to the next.
func (e *Engine) openSandbox() {
	L := e.L
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable},
		{lua.StringLibName, lua.OpenString}, {lua.MathLibName, lua.OpenMath},
		{lua.CoroutineLibName, lua.OpenCoroutine},
	} {
		L.Push(L.NewFunction(lib.open))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	L.SetGlobal("cjson", openCjson(L))
	L.SetGlobal("bit", openBit(L))
	L.SetGlobal("cmsgpack", openCmsgpack(L))
	runRedis := e.openRedis(L)
	L.SetGlobal("redis", runRedis)
	e.replaceRandom(L)

	all := L.G.Global
	protectSetmetatable(L, all)
	e.globals = L.NewTable()
	for _, name := range allowedGlobals {
		e.globals.RawSetString(name, all.RawGetString(name))
	}
	for _, name := range protectedLibs {
		if t, ok := e.globals.RawGetString(name).(*lua.LTable); ok {
			e.globals.RawSetString(name, readOnly(L, t, false))
		}
	}
	e.env = readOnly(L, e.globals, true)
	e.globals.RawSetString("_G", e.env)
	e.openFunctionEnv(L, runRedis)
}

// readOnly returns a proxy of t that refuses writes; strict proxies also
// refuse to read missing names, as Redis's protected globals do.
func readOnly(L *lua.LState, t *lua.LTable, strict bool) *lua.LTable {
	proxy := L.NewTable()
	mt := L.NewTable()
	if strict {
		mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
			v := t.RawGet(L.Get(2))
			if v == lua.LNil {
				L.RaiseError("Script attempted to access nonexistent global variable '%s'", L.Get(2).String())
			}
			L.Push(v)
			return 1
		}))
	} else {
		mt.RawSetString("__index", t)
	}
	mt.RawSetString("__newindex", L.NewFunction(func(L *lua.LState) int {
		L.RaiseError("Attempt to modify a readonly table")
		return 0
	}))
	// getmetatable sees a read-only view of the metatable, so it cannot
	// be changed either (Redis's readonly tables refuse that too).
	view := L.NewTable()
	viewMeta := L.NewTable()
	viewMeta.RawSetString("__index", mt)
	viewMeta.RawSetString("__newindex", mt.RawGetString("__newindex"))
	viewMeta.RawSetString("__metatable", lua.LFalse)
	L.SetMetatable(view, viewMeta)
	mt.RawSetString("__metatable", view)
	L.SetMetatable(proxy, mt)
	return proxy
}

// protectSetmetatable makes setmetatable on a protected table fail with
// Redis's readonly-table error (gopher-lua's own text differs).
func protectSetmetatable(L *lua.LState, g *lua.LTable) {
	orig, ok := g.RawGetString("setmetatable").(*lua.LFunction)
	if !ok {
		return
	}
	g.RawSetString("setmetatable", L.NewFunction(func(L *lua.LState) int {
		if t, ok := L.Get(1).(*lua.LTable); ok {
			if mt, ok := t.Metatable.(*lua.LTable); ok && mt.RawGetString("__metatable") != lua.LNil {
				L.RaiseError("Attempt to modify a readonly table")
			}
		}
		top := L.GetTop()
		L.Push(orig)
		for i := 1; i <= top; i++ {
			L.Push(L.Get(i))
		}
		L.Call(top, 1)
		return 1
	}))
}

// setGlobal sets a global behind the protection (KEYS, ARGV).
func (e *Engine) setGlobal(name string, v lua.LValue) { e.globals.RawSetString(name, v) }
