package scripting

import (
	"crypto/sha1"
	"encoding/hex"
	"regexp"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Host runs the Redis commands a script calls. Call returns the command's
// reply in RESP (version resp), or a refusal text (without the reply)
// when the command may not run from a script at all.
type Host interface {
	Call(argv [][]byte, resp int) (reply []byte, refusal string)
	// CommandExists backs redis.acl_check_cmd.
	CommandExists(argv [][]byte) bool
	Log(level int, msg string)
}

// Script is one cached EVAL body.
type Script struct {
	SHA   string
	Body  string
	Flags Flags
	fn    *lua.LFunction
}

// Engine is the interpreter and its script cache.
type Engine struct {
	L       *lua.LState
	scripts map[string]*Script
	bodyMem int
	globals *lua.LTable // the real globals behind the read-only _G
	env     *lua.LTable // the read-only proxy scripts see as _G
	fnEnv   *lua.LTable // the proxy library functions see as _G
	run     *runState   // set while a script runs
	libs    libraries
	loading *Library // set while FUNCTION LOAD runs a library body
}

// New returns an engine with a fresh sandboxed interpreter.
func New() *Engine {
	e := &Engine{scripts: map[string]*Script{}, libs: newLibraries()}
	// NB: the data stack grows on demand up to a limit large enough for
	// unpack() of the big argument lists scripts build (Redis's Lua grows
	// its stack up to about a million slots).
	e.L = lua.NewState(lua.Options{SkipOpenLibs: true, RegistrySize: 1024 * 20,
		RegistryMaxSize: 1024 * 1024, RegistryGrowStep: 1024 * 32, CallStackSize: 1024})
	e.openSandbox()
	return e
}

// SHA1Hex returns the lowercase hex SHA1 of s, as scripts are named.
func SHA1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Load compiles body and caches it (a cached body is returned as is). On
// failure it returns the error reply text.
func (e *Engine) Load(body string) (*Script, string) {
	sha := SHA1Hex(body)
	if sc := e.scripts[sha]; sc != nil {
		return sc, ""
	}
	flags, skip, errText := parseShebang(body)
	if errText != "" {
		return nil, errText
	}
	fn, err := e.L.Load(strings.NewReader(body[skip:]), "user_script")
	if err != nil {
		return nil, "ERR Error compiling script (new function): " + compileError(err)
	}
	fn.Env = e.env
	sc := &Script{SHA: sha, Body: body, Flags: flags, fn: fn}
	e.scripts[sha] = sc
	e.bodyMem += len(body) + 40
	return sc, ""
}

// compileError words a gopher-lua compile error as Lua 5.1 would begin
// it ("user_script:LINE: ..."), keeping gopher-lua's description.
func compileError(err error) string {
	msg := err.Error()
	if ae, ok := err.(*lua.ApiError); ok {
		msg = ae.Object.String()
	}
	msg = strings.TrimSpace(msg)
	m := gopherSyntax.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	text := strings.Join(strings.Fields(m[4]), " ")
	if m[3] != "" {
		text += " near " + m[3]
	}
	return m[1] + ":" + m[2] + ": " + text
}

// gopherSyntax matches gopher-lua's "name line:N(column:C) near 'tok': msg".
var gopherSyntax = regexp.MustCompile(`(?s)^(\S+) line:(\d+)\(column:\d+\)(?: near (.*?))?:\s+(.*)$`)

// Lookup returns the cached script with this SHA1 (case-insensitive).
func (e *Engine) Lookup(sha string) *Script {
	return e.scripts[strings.ToLower(sha)]
}

// Flush forgets every script, as SCRIPT FLUSH does. The interpreter
// stays: library functions live in it, and scripts cannot leave state in
// it (globals are read-only).
func (e *Engine) Flush() {
	e.scripts = map[string]*Script{}
	e.bodyMem = 0
}

// Count is the number of cached scripts.
func (e *Engine) Count() int { return len(e.scripts) }

// CacheBytes approximates the memory of cached bodies (used_memory_scripts).
func (e *Engine) CacheBytes() int { return e.bodyMem }
