package scripting

import (
	"github.com/strata-db/strata/internal/resp"
	lua "github.com/yuin/gopher-lua"
)

type runState struct {
	host Host
	resp int // redis.setresp: the protocol of replies scripts see
}

// Run calls a loaded script with KEYS and ARGV and writes its reply (or
// its error, with the script and line as Redis words it) to w.
// It reports whether the reply is an error already counted in the error
// statistics (one a command inside the script returned).
// REQUIRES: no script is running (scripts do not nest).
func (e *Engine) Run(sc *Script, keys, args [][]byte, host Host, w *resp.Writer) (counted bool) {
	e.setGlobal("KEYS", stringArray(e.L, keys))
	e.setGlobal("ARGV", stringArray(e.L, args))
	return e.invoke(sc.fn, "f_"+sc.SHA, nil, host, w)
}

// Call runs a library function with KEYS and ARGV as its two arguments;
// otherwise as Run.
func (e *Engine) Call(f *Function, keys, args [][]byte, host Host, w *resp.Writer) (counted bool) {
	return e.invoke(f.fn, f.Name, []lua.LValue{stringArray(e.L, keys), stringArray(e.L, args)}, host, w)
}

func (e *Engine) invoke(fn *lua.LFunction, name string, args []lua.LValue, host Host, w *resp.Writer) bool {
	e.run = &runState{host: host, resp: 2}
	defer func() { e.run = nil }()
	L := e.L
	err := L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true, Handler: L.NewFunction(errorHandler)}, args...)
	if err != nil {
		w.Error(failureText(name, err))
		ae, ok := err.(*lua.ApiError)
		return ok && errorCounted(ae.Object)
	}
	v := L.Get(-1)
	L.Pop(1)
	luaToResp(w, v, e.run.resp, 0)
	return errorCounted(v)
}

// errorCounted reports whether v is an error table marked as already
// counted (ignore_error_stats_update).
func errorCounted(v lua.LValue) bool {
	t, ok := v.(*lua.LTable)
	if !ok {
		return false
	}
	_, isErr := t.RawGetString("err").(lua.LString)
	return isErr && lua.LVAsBool(t.RawGetString("ignore_error_stats_update"))
}

func stringArray(L *lua.LState, items [][]byte) *lua.LTable {
	t := L.CreateTable(len(items), 0)
	for i, it := range items {
		t.RawSetInt(i+1, lua.LString(string(it)))
	}
	return t
}

// errorHandler turns whatever a script raised into an error table that
// names the script line where it happened, as Redis's
// __redis__err__handler does.
func errorHandler(L *lua.LState) int {
	raised := L.Get(1)
	t, ok := raised.(*lua.LTable)
	if !ok {
		t = field(L, "err", lua.LString("ERR "+raised.String()))
	}
	for level := 1; ; level++ {
		dbg, ok := L.GetStack(level)
		if !ok {
			break
		}
		if _, err := L.GetInfo("Sl", dbg, lua.LNil); err != nil {
			break
		}
		if dbg.CurrentLine > 0 {
			t.RawSetString("source", lua.LString("@"+dbg.Source))
			t.RawSetString("line", lua.LNumber(dbg.CurrentLine))
			break
		}
	}
	L.Push(t)
	return 1
}

// failureText words a failed run: "<err> script: <name>, on <source>:<line>."
func failureText(name string, err error) string {
	ae, ok := err.(*lua.ApiError)
	if !ok {
		return "ERR Error running script " + name + ", " + err.Error()
	}
	t, ok := ae.Object.(*lua.LTable)
	if !ok {
		msg := ae.Object.String()
		if len(msg) > 100 {
			msg = msg[:100]
		}
		return "ERR Error running script " + name + ", " + msg
	}
	msg := lua.LVAsString(t.RawGetString("err"))
	if msg == "" {
		msg = "ERR " + t.String()
	}
	source, line := t.RawGetString("source"), t.RawGetString("line")
	if source != lua.LNil && line != lua.LNil {
		msg += " script: " + name + ", on " + lua.LVAsString(source) + ":" + lua.LVAsString(line) + "."
	}
	return msg
}
