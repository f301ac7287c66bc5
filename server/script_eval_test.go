package server

import (
	"strings"
	"testing"

	"github.com/strata-db/strata/scripting"
)

func TestEvalRepliesLuaToRESP(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	for _, tc := range []struct{ script, want string }{
		{"return 1", "1"},
		{"return 3.99", "3"},
		{"return -2.5", "-2"},
		{"return 'hello'", "hello"},
		{"return true", "1"},
		{"return false", "(nil)"},
		{"return nil", "(nil)"},
		{"return {1,2,'x',{4}}", "[1 2 x [4]]"},
		{"return {1,nil,3}", "[1]"},
		{"return {ok='FINE'}", "FINE"},
		{"return redis.status_reply('PONGISH')", "PONGISH"},
		{"return {err='My Error'}", "ERR:My Error"},
		{"return redis.error_reply('My Error')", "ERR:My Error"},
		{"return redis.error_reply('NOPE')", "ERR:ERR NOPE"},
		{"return {ok='a\\r\\nb'}", "a  b"},
		{"return KEYS[1] .. ARGV[1] .. #KEYS .. #ARGV", "k1a21"},
		{"return redis.sha1hex('')", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{"return cjson.encode({1,2,{a='x/y'}})", `[1,2,{"a":"x\/y"}]`},
		{"return cjson.decode('[1,2,{\"a\":3}]')[3].a", "3"},
		{"return bit.band(0xff, 0x0f) .. ' ' .. bit.tohex(255) .. ' ' .. bit.bnot(0)", "15 000000ff -1"},
		{"return string.format('%d-%s', 7, 'x')", "7-x"},
		{"return {double=1.5}", "1.5"},
		{"return tostring(redis.REDIS_VERSION)", "7.0.15"},
	} {
		if got := c.do("EVAL", tc.script, "2", "k1", "k2", "a"); got != tc.want {
			t.Errorf("EVAL %q = %q, want %q", tc.script, got, tc.want)
		}
	}
}

func TestEvalRESPToLua(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("2", "RPUSH", "l", "a", "b")
	c.expect("OK", "SET", "s", "v")
	for _, tc := range []struct{ script, want string }{
		{"return type(redis.call('get','nokey'))", "boolean"},
		{"return redis.call('get','nokey') == false and 1 or 0", "1"},
		{"return redis.call('incr','n')", "1"},
		{"return type(redis.call('incr','n'))", "number"},
		{"return redis.call('set','x','1').ok", "OK"},
		{"return redis.call('lrange','l',0,-1)", "[a b]"},
		{"return redis.pcall('incr','l').err", "WRONGTYPE Operation against a key holding the wrong kind of value"},
		{"return redis.pcall('nosuch').err", "ERR Unknown Redis command called from script"},
		{"return redis.pcall('get').err", "ERR Wrong number of args calling Redis command from script"},
		{"return redis.pcall('multi').err", "ERR This Redis command is not allowed from script"},
		{"return redis.call('get', 1 + 1)", "(nil)"},
		{"redis.setresp(3); return redis.call('hgetall','nohash')", "[]"},
		{"redis.setresp(3); return type(redis.call('hgetall','nohash').map)", "table"},
		{"redis.setresp(3); return redis.call('get','nokey') == nil and 1 or 0", "1"},
	} {
		if got := c.do("EVAL", tc.script, "0"); got != tc.want {
			t.Errorf("EVAL %q = %q, want %q", tc.script, got, tc.want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("1", "RPUSH", "l", "a")
	name := func(body string) string { return "f_" + scripting.SHA1Hex(body) }
	for _, tc := range []struct{ script, want string }{
		{"return redis.call('incr','l')", "ERR:WRONGTYPE Operation against a key holding the wrong kind of value script: " + name("return redis.call('incr','l')") + ", on @user_script:1."},
		{"error('boom')", "ERR:ERR user_script:1: boom script: " + name("error('boom')") + ", on @user_script:1."},
		{"\nreturn redis.call('nosuch')", "ERR:ERR Unknown Redis command called from script script: " + name("\nreturn redis.call('nosuch')") + ", on @user_script:2."},
		{"x = 1", "ERR:ERR user_script:1: Attempt to modify a readonly table script: " + name("x = 1") + ", on @user_script:1."},
		{"return y", "ERR:ERR user_script:1: Script attempted to access nonexistent global variable 'y' script: " + name("return y") + ", on @user_script:1."},
		{"redis.call = nil", "ERR:ERR user_script:1: Attempt to modify a readonly table script: " + name("redis.call = nil") + ", on @user_script:1."},
		{"return redis.call({})", "ERR:ERR Lua redis lib command arguments must be strings or integers script: " + name("return redis.call({})") + ", on @user_script:1."},
	} {
		if got := c.do("EVAL", tc.script, "0"); got != tc.want {
			t.Errorf("EVAL %q =\n %q, want\n %q", tc.script, got, tc.want)
		}
	}
	if got := c.do("EVAL", "return +", "0"); !strings.HasPrefix(got, "ERR:ERR Error compiling script (new function): user_script:") {
		t.Errorf("compile error = %q", got)
	}
	c.expect("ERR:ERR Number of keys can't be greater than number of args", "EVAL", "return 1", "2", "a")
	c.expect("ERR:ERR Number of keys can't be negative", "EVAL", "return 1", "-1")
	c.expect("ERR:ERR value is not an integer or out of range", "EVAL", "return 1", "x")
	c.expect("ERR:ERR Unexpected engine in script shebang: #!python", "EVAL", "#!python\nreturn 1", "0")
	c.expect("ERR:ERR Unexpected flag in script shebang: bogus", "EVAL", "#!lua flags=bogus\nreturn 1", "0")
	c.expect("ERR:ERR Unknown lua shebang option: x", "EVAL", "#!lua x\nreturn 1", "0")
	c.expect("ERR:ERR Invalid script shebang", "EVAL", "#!lua", "0")
}

func TestEvalSHAAndScriptCache(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	body := "return ARGV[1]"
	sha := scripting.SHA1Hex(body)
	c.expect("ERR:NOSCRIPT No matching script. Please use EVAL.", "EVALSHA", sha, "0", "x")
	c.expect("ERR:NOSCRIPT No matching script. Please use EVAL.", "EVALSHA", "short", "0")
	c.expect("[0]", "SCRIPT", "EXISTS", sha)
	c.expect(sha, "SCRIPT", "LOAD", body)
	c.expect("[1 0]", "SCRIPT", "EXISTS", sha, "ffff")
	c.expect("x", "EVALSHA", sha, "0", "x")
	c.expect("y", "EVALSHA", strings.ToUpper(sha), "0", "y")
	c.expect("OK", "SCRIPT", "FLUSH")
	c.expect("[0]", "SCRIPT", "EXISTS", sha)
	c.expect("ERR:NOSCRIPT No matching script. Please use EVAL.", "EVALSHA", sha, "0", "x")
	c.expect("z", "EVAL", body, "0", "z") // EVAL caches the body too
	c.expect("z", "EVALSHA", sha, "0", "z")
	c.expect("OK", "SCRIPT", "FLUSH", "ASYNC")
	c.expect("ERR:ERR SCRIPT FLUSH only support SYNC|ASYNC option", "SCRIPT", "FLUSH", "NOW")
	c.expect("ERR:NOTBUSY No scripts in execution right now.", "SCRIPT", "KILL")
}

func TestEvalReadOnlyRules(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("OK", "SET", "k", "v")
	c.expect("v", "EVAL_RO", "return redis.call('get', KEYS[1])", "1", "k")
	got := c.do("EVAL_RO", "return redis.call('set', KEYS[1], 'w')", "1", "k")
	if !strings.HasPrefix(got, "ERR:ERR Write commands are not allowed from read-only scripts. script: ") {
		t.Fatalf("EVAL_RO write = %q", got)
	}
	got = c.do("EVAL", "#!lua flags=no-writes\nreturn redis.call('set', KEYS[1], 'w')", "1", "k")
	if !strings.HasPrefix(got, "ERR:ERR Write commands are not allowed from read-only scripts. script: ") || !strings.HasSuffix(got, "on @user_script:2.") {
		t.Fatalf("no-writes script write = %q", got)
	}
	// PUBLISH may replicate: refused from read-only scripts too, allowed
	// from ordinary ones.
	for _, args := range [][]string{
		{"EVAL_RO", "return redis.call('publish','ch','msg')", "0"},
		{"EVAL", "#!lua flags=no-writes\nreturn redis.call('publish','ch','msg')", "0"},
	} {
		if got := c.do(args...); !strings.HasPrefix(got, "ERR:ERR Write commands are not allowed from read-only scripts. script: ") {
			t.Fatalf("%s publish = %q", args[0], got)
		}
	}
	c.expect("0", "EVAL", "return redis.call('publish','ch','msg')", "0")
	c.expect("ERR:ERR Can not execute a script with write flag using *_ro command.", "EVAL_RO", "#!lua\nreturn 1", "0")
	c.expect("1", "EVAL_RO", "#!lua flags=no-writes\nreturn 1", "0")
	sha := scripting.SHA1Hex("return redis.call('del', KEYS[1])")
	c.expect(sha, "SCRIPT", "LOAD", "return redis.call('del', KEYS[1])")
	if got := c.do("EVALSHA_RO", sha, "1", "k"); !strings.HasPrefix(got, "ERR:ERR Write commands are not allowed") {
		t.Fatalf("EVALSHA_RO write = %q", got)
	}
	c.expect("v", "GET", "k")
	c.expect("1", "EVALSHA", sha, "1", "k")
}

func TestEvalEffectsAreWrapped(t *testing.T) {
	s := startServer(t)
	var got []string
	s.setPersistHook(func(effects []string) { got = append(got, effects...) })
	c := dial(t, s)
	c.expect("2", "EVAL", "redis.call('set', KEYS[1], '1'); redis.call('select', '3'); redis.call('set', KEYS[2], '2'); return 2", "2", "a", "b")
	want := []string{
		"BEGIN *3\r\n$3\r\nset\r\n$1\r\na\r\n$1\r\n1\r\n",
		"END *3\r\n$3\r\nset\r\n$1\r\nb\r\n$1\r\n2\r\n",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("effects = %q", got)
	}
	// The script's SELECT did not change the caller's database.
	c.expect("1", "GET", "a")
	c.expect("(nil)", "GET", "b")
	c.expect("OK", "SELECT", "3")
	c.expect("2", "GET", "b")
	got = nil
	c.expect("(nil)", "EVAL", "return redis.call('get', 'a')", "0")
	if len(got) != 0 {
		t.Fatalf("read-only script logged %q", got)
	}
}

func TestEvalBigUnpackAndNumberArgs(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("7999", "EVAL", "local a = {} for i=1,7999 do a[i] = 1 end return redis.call('lpush', 'l', unpack(a))", "0")
	c.expect("9007199254740991", "EVAL", "redis.call('set', 'n', 9007199254740991) return redis.call('get', 'n')", "0")
	c.expect("0.5", "EVAL", "redis.call('set', 'n', 0.5) return redis.call('get', 'n')", "0")
}

func TestEvalGlobalProtection(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	for _, body := range []string{
		"setmetatable(_G, {})",
		"local g = getmetatable(_G) g.__index = {}",
		"redis = function() return 1 end",
		"_G = {}",
		"cjson.encode = function() return 1 end",
		"bit.band = 1",
		"cmsgpack.pack = 1",
		"local m = getmetatable(redis) m.__index = {}",
	} {
		if got := c.do("EVAL", body, "0"); !strings.Contains(got, "Attempt to modify a readonly table") {
			t.Errorf("EVAL %q = %q", body, got)
		}
	}
	c.expect("table", "EVAL", "return type(getmetatable(_G))", "0")
	c.expect("1", "EVAL", "local t = setmetatable({}, {__index = function() return 1 end}) return t.x", "0")
}

func TestEvalRandomSeed(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	body := "math.randomseed(ARGV[1]); return tostring(math.random())"
	a, b, d := c.do("EVAL", body, "0", "10"), c.do("EVAL", body, "0", "10"), c.do("EVAL", body, "0", "20")
	if a != b || a == d {
		t.Fatalf("seeded randoms: %q %q %q", a, b, d)
	}
}

func TestEvalErrorStats(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("OK", "CONFIG", "SET", "maxmemory", "1")
	if got := c.do("EVAL", "return redis.call('set','x','y')", "1", "x"); !strings.HasPrefix(got, "ERR:OOM command not allowed") {
		t.Fatalf("EVAL under OOM = %q", got)
	}
	c.expect("OK", "CONFIG", "SET", "maxmemory", "0")
	info := c.do("INFO", "all")
	for _, want := range []string{"errorstat_OOM:count=1", "total_error_replies:1", "cmdstat_set:calls=0,", "rejected_calls=1,failed_calls=0"} {
		if !strings.Contains(info, want) {
			t.Errorf("INFO lacks %q", want)
		}
	}
}
