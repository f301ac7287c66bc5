package scripting

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Log levels of redis.log.
const (
	LogDebug = iota
	LogVerbose
	LogNotice
	LogWarning
)

func (e *Engine) openRedis(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	L.SetFuncs(t, map[string]lua.LGFunction{
		"call":               func(L *lua.LState) int { return e.redisCall(L, true) },
		"pcall":              func(L *lua.LState) int { return e.redisCall(L, false) },
		"error_reply":        redisErrorReply,
		"status_reply":       redisStatusReply,
		"sha1hex":            redisSHA1Hex,
		"log":                e.redisLog,
		"setresp":            e.redisSetResp,
		"set_repl":           e.redisSetRepl,
		"replicate_commands": func(L *lua.LState) int { L.Push(lua.LTrue); return 1 },
		"breakpoint":         func(L *lua.LState) int { L.Push(lua.LFalse); return 1 },
		"debug":              func(L *lua.LState) int { return 0 },
		"acl_check_cmd":      e.redisACLCheck,
	})
	for name, v := range map[string]int{
		"LOG_DEBUG": LogDebug, "LOG_VERBOSE": LogVerbose, "LOG_NOTICE": LogNotice, "LOG_WARNING": LogWarning,
		"REPL_NONE": 0, "REPL_AOF": 1, "REPL_SLAVE": 2, "REPL_REPLICA": 2, "REPL_ALL": 3,
	} {
		t.RawSetString(name, lua.LNumber(v))
	}
	t.RawSetString("REDIS_VERSION", lua.LString("7.0.15"))
	t.RawSetString("REDIS_VERSION_NUM", lua.LNumber(0x07000f))
	return t
}

// errorTable builds the {err=...} table of a Redis error text: a leading
// "-CODE" keeps its code, a bare message gets "ERR", and trailing line
// ends go, as Redis's luaPushErrorBuff does.
func errorTable(L *lua.LState, text string) *lua.LTable {
	code, msg := "ERR", text
	if strings.HasPrefix(text, "-") {
		if i := strings.IndexByte(text, ' '); i >= 0 {
			code, msg = text[1:i], text[i+1:]
		} else {
			msg = text[1:]
		}
	}
	msg = strings.TrimRight(msg, "\r\n")
	return field(L, "err", lua.LString(code+" "+msg))
}

// redisCall runs a command for redis.call (raise set: an error reply
// raises a Lua error) or redis.pcall (the error table is returned).
func (e *Engine) redisCall(L *lua.LState, raise bool) int {
	if e.run == nil {
		L.Error(errorTable(L, "redis.call/pcall can only be called inside a script invocation"), 0)
	}
	argv, errText := callArgs(L)
	if errText != "" {
		return e.callFailed(L, errorTable(L, errText), raise)
	}
	reply, refusal := e.run.host.Call(argv, e.run.resp)
	if refusal != "" {
		t := errorTable(L, refusal)
		t.RawSetString("ignore_error_stats_update", lua.LTrue)
		return e.callFailed(L, t, raise)
	}
	v, _ := respToLua(L, reply)
	if raise && len(reply) > 0 && reply[0] == '-' {
		L.Error(v, 0)
	}
	L.Push(v)
	return 1
}

func (e *Engine) callFailed(L *lua.LState, t *lua.LTable, raise bool) int {
	if raise {
		L.Error(t, 0)
	}
	L.Push(t)
	return 1
}

// callArgs collects redis.call's arguments: strings, or numbers in Lua's
// own formatting.
func callArgs(L *lua.LState) ([][]byte, string) {
	n := L.GetTop()
	if n == 0 {
		return nil, "Please specify at least one argument for this redis lib call"
	}
	argv := make([][]byte, n)
	for i := 1; i <= n; i++ {
		switch v := L.Get(i).(type) {
		case lua.LString:
			argv[i-1] = []byte(string(v))
		case lua.LNumber:
			argv[i-1] = []byte(argNumber(float64(v)))
		default:
			return nil, "Lua redis lib command arguments must be strings or integers"
		}
	}
	return argv, ""
}

// argNumber formats a number argument of redis.call as Redis does
// (%.17g precision, shortest form): integers up to 17 digits in full.
func argNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e17 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// numberString formats a number as Lua 5.1's tostring does (%.14g).
func numberString(f float64) string {
	if f == float64(int64(f)) && f > -1e15 && f < 1e15 {
		return fmt.Sprint(int64(f))
	}
	return fmt.Sprintf("%.14g", f)
}

func redisErrorReply(L *lua.LState) int {
	s, ok := L.Get(1).(lua.LString)
	if L.GetTop() != 1 || !ok {
		L.Push(errorTable(L, "wrong number or type of arguments"))
		return 1
	}
	text := string(s)
	if !strings.HasPrefix(text, "-") {
		text = "-" + text
	}
	L.Push(errorTable(L, text))
	return 1
}

func redisStatusReply(L *lua.LState) int {
	s, ok := L.Get(1).(lua.LString)
	if L.GetTop() != 1 || !ok {
		L.Push(errorTable(L, "wrong number or type of arguments"))
		return 1
	}
	L.Push(field(L, "ok", s))
	return 1
}

func redisSHA1Hex(L *lua.LState) int {
	if L.GetTop() != 1 {
		L.Error(errorTable(L, "wrong number of arguments"), 0)
	}
	L.Push(lua.LString(SHA1Hex(lua.LVAsString(L.Get(1)))))
	return 1
}

func (e *Engine) redisLog(L *lua.LState) int {
	n := L.GetTop()
	if n < 2 {
		L.Error(errorTable(L, "redis.log() requires two arguments or more."), 0)
	}
	lvl, ok := L.Get(1).(lua.LNumber)
	if !ok {
		L.Error(errorTable(L, "First argument must be a number (log level)."), 0)
	}
	if lvl < LogDebug || lvl > LogWarning {
		L.Error(errorTable(L, "Invalid debug level."), 0)
	}
	parts := make([]string, 0, n-1)
	for i := 2; i <= n; i++ {
		parts = append(parts, lua.LVAsString(L.Get(i)))
	}
	if e.run != nil {
		e.run.host.Log(int(lvl), strings.Join(parts, " "))
	}
	return 0
}

func (e *Engine) redisSetResp(L *lua.LState) int {
	if e.run == nil {
		L.Error(errorTable(L, "redis.setresp can only be called inside a script invocation"), 0)
	}
	if L.GetTop() != 1 {
		L.Error(errorTable(L, "redis.setresp() requires one argument."), 0)
	}
	v := L.CheckInt(1)
	if v != 2 && v != 3 {
		L.Error(errorTable(L, "RESP version must be 2 or 3."), 0)
	}
	e.run.resp = v
	return 0
}

// redisSetRepl accepts the flags and ignores them: scripts' effects are
// always what is logged.
func (e *Engine) redisSetRepl(L *lua.LState) int {
	if e.run == nil {
		L.Error(errorTable(L, "redis.set_repl can only be called inside a script invocation"), 0)
	}
	if L.GetTop() != 1 {
		L.Error(errorTable(L, "redis.set_repl() requires two arguments."), 0)
	}
	f := L.CheckInt(1)
	if f < 0 || f > 3 {
		L.Error(errorTable(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE."), 0)
	}
	return 0
}

func (e *Engine) redisACLCheck(L *lua.LState) int {
	if e.run == nil {
		L.Error(errorTable(L, "redis.acl_check_cmd can only be called inside a script invocation"), 0)
	}
	argv, errText := callArgs(L)
	if errText != "" {
		L.Error(errorTable(L, errText), 0)
	}
	if !e.run.host.CommandExists(argv) {
		L.Error(errorTable(L, "Invalid command passed to redis.acl_check_cmd()"), 0)
	}
	L.Push(lua.LTrue)
	return 1
}

// replaceRandom swaps math.random/randomseed for a generator of our own
// that scripts can seed, as Redis replaces libc's.
func (e *Engine) replaceRandom(L *lua.LState) {
	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	m := L.GetGlobal("math").(*lua.LTable)
	m.RawSetString("random", L.NewFunction(func(L *lua.LState) int {
		r := rng.Float64()
		switch L.GetTop() {
		case 0:
			L.Push(lua.LNumber(r))
		case 1:
			u := L.CheckInt(1)
			if u < 1 {
				L.ArgError(1, "interval is empty")
			}
			L.Push(lua.LNumber(float64(int(r*float64(u)) + 1)))
		case 2:
			l, u := L.CheckInt(1), L.CheckInt(2)
			if l > u {
				L.ArgError(2, "interval is empty")
			}
			L.Push(lua.LNumber(float64(int(r*float64(u-l+1)) + l)))
		default:
			L.RaiseError("wrong number of arguments")
		}
		return 1
	}))
	m.RawSetString("randomseed", L.NewFunction(func(L *lua.LState) int {
		// As luaL_checkint, numeric strings count as numbers.
		v := L.Get(1)
		n, ok := v.(lua.LNumber)
		if str, isStr := v.(lua.LString); isStr {
			f, err := strconv.ParseFloat(strings.TrimSpace(string(str)), 64)
			n, ok = lua.LNumber(f), err == nil
		}
		if !ok {
			L.ArgError(1, "number expected, got "+v.Type().String())
		}
		seed := uint64(int64(n))
		src.Seed(seed, seed)
		return 0
	}))
}
