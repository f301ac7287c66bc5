package scripting

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// functionFlagWords are the flags redis.register_function accepts.
var functionFlagWords = map[string]Flags{
	"no-writes": FlagNoWrites, "allow-oom": FlagAllowOOM, "allow-stale": FlagAllowStale,
	"no-cluster": FlagNoCluster, "allow-cross-slot-keys": FlagAllowCrossSlot,
}

// openFunctionEnv builds the globals of library code: the same sandbox as
// EVAL's, except that "redis" is the small library API (register_function,
// log, version) while a library body loads and the full API when its
// functions run, as Redis switches them.
func (e *Engine) openFunctionEnv(L *lua.LState, runRedis *lua.LTable) {
	api := L.NewTable()
	L.SetFuncs(api, map[string]lua.LGFunction{
		"register_function": e.registerFunction,
		"log":               e.redisLog,
	})
	for _, k := range []string{"LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING", "REDIS_VERSION", "REDIS_VERSION_NUM"} {
		api.RawSetString(k, runRedis.RawGetString(k))
	}
	loadRedis := readOnly(L, api, true)
	runProxy := e.globals.RawGetString("redis")
	proxy := L.NewTable()
	mt := L.NewTable()
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		key := L.Get(2)
		if key.String() == "redis" {
			if e.loading != nil {
				L.Push(loadRedis)
			} else {
				L.Push(runProxy)
			}
			return 1
		}
		v := e.globals.RawGet(key)
		if v == lua.LNil || key.String() == "KEYS" || key.String() == "ARGV" {
			L.RaiseError("Script attempted to access nonexistent global variable '%s'", key.String())
		}
		L.Push(v)
		return 1
	}))
	mt.RawSetString("__newindex", L.NewFunction(func(L *lua.LState) int {
		L.RaiseError("Attempt to modify a readonly table")
		return 0
	}))
	mt.RawSetString("__metatable", lua.LFalse)
	L.SetMetatable(proxy, mt)
	e.fnEnv = proxy
}

func (e *Engine) registerFunction(L *lua.LState) int {
	if e.loading == nil {
		L.Error(errorTable(L, "redis.register_function can only be called on FUNCTION LOAD command"), 0)
	}
	var f *Function
	var errText string
	switch L.GetTop() {
	case 1:
		f, errText = namedRegisterArgs(L)
	case 2:
		f, errText = positionalRegisterArgs(L)
	default:
		errText = "wrong number of arguments to redis.register_function"
	}
	if errText == "" {
		errText = e.addFunction(f)
	}
	if errText != "" {
		L.Error(errorTable(L, errText), 0)
	}
	return 0
}

func (e *Engine) addFunction(f *Function) string {
	if !validLibraryName(f.Name) {
		return "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long"
	}
	key := strings.ToLower(f.Name)
	if e.loading.Funcs[key] != nil {
		return "Function already exists in the library"
	}
	f.Lib = e.loading
	e.loading.Funcs[key] = f
	return ""
}

func positionalRegisterArgs(L *lua.LState) (*Function, string) {
	name, ok := L.Get(1).(lua.LString)
	if !ok {
		return nil, "first argument to redis.register_function must be a string"
	}
	fn, ok := L.Get(2).(*lua.LFunction)
	if !ok {
		return nil, "second argument to redis.register_function must be a function"
	}
	return &Function{Name: string(name), fn: fn}, ""
}

func namedRegisterArgs(L *lua.LState) (*Function, string) {
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		return nil, "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments)."
	}
	f := &Function{}
	errText := ""
	t.ForEach(func(k, v lua.LValue) {
		if errText == "" {
			errText = namedRegisterArg(f, k, v)
		}
	})
	switch {
	case errText != "":
		return nil, errText
	case f.Name == "":
		return nil, "redis.register_function must get a function name argument"
	case f.fn == nil:
		return nil, "redis.register_function must get a callback argument"
	}
	return f, ""
}

func namedRegisterArg(f *Function, k, v lua.LValue) string {
	key, ok := k.(lua.LString)
	if !ok {
		return "named argument key given to redis.register_function is not a string"
	}
	switch strings.ToLower(string(key)) {
	case "function_name":
		s, ok := v.(lua.LString)
		if !ok {
			return "function_name argument given to redis.register_function must be a string"
		}
		f.Name = string(s)
	case "description":
		s, ok := v.(lua.LString)
		if !ok {
			return "description argument given to redis.register_function must be a string"
		}
		f.Desc = string(s)
	case "callback":
		fn, ok := v.(*lua.LFunction)
		if !ok {
			return "callback argument given to redis.register_function must be a function"
		}
		f.fn = fn
	case "flags":
		t, ok := v.(*lua.LTable)
		if !ok {
			return "flags argument to redis.register_function must be a table representing function flags"
		}
		flags, ok := functionFlags(t)
		if !ok {
			return "unknown flag given"
		}
		f.Flags = flags
	default:
		return "unknown argument given to redis.register_function"
	}
	return ""
}

func functionFlags(t *lua.LTable) (Flags, bool) {
	var flags Flags
	ok := true
	t.ForEach(func(_, v lua.LValue) {
		s, isStr := v.(lua.LString)
		bit, known := functionFlagWords[string(s)]
		if !isStr || !known {
			ok = false
			return
		}
		flags |= bit
	})
	return flags, ok
}
