package server

import (
	"strings"
	"testing"
)

func TestFunctionLoadCallListDelete(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	lib := "#!lua name=mylib\n" +
		"redis.register_function('echo', function(keys, args) return args[1] end)\n" +
		"redis.register_function{function_name='get', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}, description='reads'}\n"
	c.expect("mylib", "FUNCTION", "LOAD", lib)
	c.expect("ERR:ERR Library 'mylib' already exists", "FUNCTION", "LOAD", lib)
	c.expect("mylib", "FUNCTION", "LOAD", "REPLACE", lib)
	c.expect("hi", "FCALL", "echo", "0", "hi")
	c.expect("OK", "SET", "k", "v")
	c.expect("v", "FCALL_RO", "get", "1", "k")
	c.expect("ERR:ERR Can not execute a script with write flag using *_ro command.", "FCALL_RO", "echo", "0", "x")
	c.expect("ERR:ERR Function not found", "FCALL", "nope", "0")
	c.expect("ERR:ERR Bad number of keys provided", "FCALL", "echo", "x")
	c.expect("[[library_name mylib engine LUA functions [[name echo description (nil) flags []] [name get description reads flags [no-writes]]]]]",
		"FUNCTION", "LIST")
	c.expect("[]", "FUNCTION", "LIST", "LIBRARYNAME", "other*")
	c.expect("ERR:ERR Function echo already exists", "FUNCTION", "LOAD",
		"#!lua name=other\nredis.register_function('echo', function() return 1 end)")
	for _, tc := range []struct{ code, want string }{
		{"return 1", "ERR:ERR Missing library metadata"},
		{"#!lua\nreturn 1", "ERR:ERR Library name was not given"},
		{"#!lua name=x foo=bar\nreturn 1", "ERR:ERR Invalid metadata value given: foo=bar"},
		{"#!js name=x\nreturn 1", "ERR:ERR Engine 'js' not found"},
		{"#!lua name=x\nreturn 1", "ERR:ERR No functions registered"},
		{"#!lua name=x\nredis.call('ping')", "ERR:ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'call'"},
		{"#!lua name=x\nredis.register_function('f', 1)", "ERR:ERR Error registering functions: ERR second argument to redis.register_function must be a function"},
	} {
		if got := c.do("FUNCTION", "LOAD", tc.code); got != tc.want {
			t.Errorf("FUNCTION LOAD %q = %q, want %q", tc.code, got, tc.want)
		}
	}
	got := c.do("FUNCTION", "LOAD", "#!lua name=bad\nredis.register_function('boom', function() error('x') end)")
	c.expect("bad", "ECHO", got)
	if got := c.do("FCALL", "boom", "0"); got != "ERR:ERR user_function:2: x script: boom, on @user_function:2." {
		t.Errorf("FCALL boom = %q", got)
	}
	if got := c.do("FUNCTION", "STATS"); !strings.Contains(got, "libraries_count 2 functions_count 3") {
		t.Errorf("FUNCTION STATS = %q", got)
	}
	c.expect("OK", "FUNCTION", "DELETE", "mylib")
	c.expect("ERR:ERR Library not found", "FUNCTION", "DELETE", "mylib")
	c.expect("ERR:ERR Function not found", "FCALL", "echo", "0")
	c.expect("OK", "FUNCTION", "FLUSH")
	c.expect("[]", "FUNCTION", "LIST")
}

func TestFunctionDumpRestore(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	c.expect("a", "FUNCTION", "LOAD", "#!lua name=a\nredis.register_function('fa', function() return 'A' end)")
	c.expect("b", "FUNCTION", "LOAD", "#!lua name=b\nredis.register_function('fb', function() return 'B' end)")
	dump := c.do("FUNCTION", "DUMP")
	c.expect("ERR:ERR Library a already exists", "FUNCTION", "RESTORE", dump)
	c.expect("OK", "FUNCTION", "RESTORE", dump, "REPLACE")
	c.expect("OK", "FUNCTION", "FLUSH")
	c.expect("OK", "FUNCTION", "RESTORE", dump)
	c.expect("A", "FCALL", "fa", "0")
	c.expect("B", "FCALL", "fb", "0")
	c.expect("ERR:ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.", "FUNCTION", "RESTORE", dump, "MERGE")
	c.expect("ERR:ERR DUMP payload version or checksum are wrong", "FUNCTION", "RESTORE", dump[:len(dump)-1]+"x")
	c.expect("OK", "FUNCTION", "DELETE", "a")
	c.expect("c", "FUNCTION", "LOAD", "#!lua name=c\nredis.register_function('fa', function() return 'C' end)")
	c.expect("ERR:ERR Function fa already exists", "FUNCTION", "RESTORE", dump, "REPLACE")
	c.expect("OK", "FUNCTION", "RESTORE", dump, "FLUSH")
	c.expect("A", "FCALL", "fa", "0")
	c.expect("[]", "FUNCTION", "LIST", "LIBRARYNAME", "c")
}

func TestLZFDecompress(t *testing.T) {
	// "aaaaaaaaaa" as LZF: a literal "a", then a back reference of 9 bytes at distance 1.
	out, ok := lzfDecompress([]byte{0x00, 'a', 0xe0, 0x00, 0x00}, 10)
	if !ok || string(out) != "aaaaaaaaaa" {
		t.Fatalf("lzf = %q, %v", out, ok)
	}
}
