package scripting

import (
	"bytes"
	"math"
	"strconv"

	"github.com/strata-db/strata/internal/resp"
	lua "github.com/yuin/gopher-lua"
)

// respToLua turns one RESP reply into a Lua value by Redis's rules:
// integers become numbers, bulk strings strings, a nil bulk or nil array
// false, arrays tables, a status {ok=...}, an error {err=...}; RESP3 adds
// {map=...}, {set=...}, {double=...}, {big_number=...},
// {verbatim_string=...}, booleans and nil. It returns the rest of b.
func respToLua(L *lua.LState, b []byte) (lua.LValue, []byte) {
	if len(b) < 3 {
		return lua.LNil, nil
	}
	kind := b[0]
	end := bytes.Index(b, []byte("\r\n"))
	if end < 0 {
		return lua.LNil, nil
	}
	line, rest := string(b[1:end]), b[end+2:]
	switch kind {
	case ':':
		n, _ := strconv.ParseInt(line, 10, 64)
		return lua.LNumber(n), rest
	case '+':
		return field(L, "ok", lua.LString(line)), rest
	case '-':
		t := errorTable(L, "-"+line)
		t.RawSetString("ignore_error_stats_update", lua.LTrue)
		return t, rest
	case '$', '=':
		return bulkToLua(L, kind, line, rest)
	case '*', '~', '%', '>':
		return aggregateToLua(L, kind, line, rest)
	case '|':
		// Attributes are dropped: the reply that follows is the value.
		_, rest = aggregateToLua(L, '%', line, rest)
		return respToLua(L, rest)
	case '_':
		return lua.LNil, rest
	case '#':
		return lua.LBool(line == "t"), rest
	case ',':
		return field(L, "double", lua.LNumber(parseDouble(line))), rest
	case '(':
		return field(L, "big_number", lua.LString(line)), rest
	}
	return lua.LNil, nil
}

func parseDouble(s string) float64 {
	switch s {
	case "inf":
		return math.Inf(1)
	case "-inf":
		return math.Inf(-1)
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func bulkToLua(L *lua.LState, kind byte, line string, rest []byte) (lua.LValue, []byte) {
	n, _ := strconv.Atoi(line)
	if n < 0 {
		return lua.LFalse, rest
	}
	if len(rest) < n+2 {
		return lua.LNil, nil
	}
	s := string(rest[:n])
	rest = rest[n+2:]
	if kind == '$' {
		return lua.LString(s), rest
	}
	v := L.NewTable()
	if len(s) >= 4 && s[3] == ':' {
		v.RawSetString("format", lua.LString(s[:3]))
		s = s[4:]
	}
	v.RawSetString("string", lua.LString(s))
	return field(L, "verbatim_string", v), rest
}

func aggregateToLua(L *lua.LState, kind byte, line string, rest []byte) (lua.LValue, []byte) {
	n, _ := strconv.Atoi(line)
	if n < 0 {
		return lua.LFalse, rest
	}
	t := L.CreateTable(n, 0)
	for i := 0; i < n; i++ {
		var v lua.LValue
		v, rest = respToLua(L, rest)
		switch kind {
		case '%':
			var val lua.LValue
			val, rest = respToLua(L, rest)
			t.RawSet(v, val)
		case '~':
			t.RawSet(v, lua.LTrue)
		default:
			t.RawSetInt(i+1, v)
		}
	}
	switch kind {
	case '%':
		return field(L, "map", t), rest
	case '~':
		return field(L, "set", t), rest
	}
	return t, rest
}

func field(L *lua.LState, name string, v lua.LValue) *lua.LTable {
	t := L.CreateTable(0, 1)
	t.RawSetString(name, v)
	return t
}

// luaToResp writes a script's return value as a reply by Redis's rules.
// scriptResp is the script's protocol (redis.setresp): under 2, true is
// the integer 1 and false a nil.
func luaToResp(w *resp.Writer, v lua.LValue, scriptResp int, depth int) {
	if depth > 200 {
		w.Error("ERR reached lua stack limit")
		return
	}
	switch v := v.(type) {
	case lua.LString:
		w.BulkString(string(v))
	case lua.LBool:
		switch {
		case scriptResp == 3:
			w.Bool(bool(v))
		case v == lua.LTrue:
			w.Int(1)
		default:
			w.Null()
		}
	case lua.LNumber:
		w.Int(luaInt(float64(v)))
	case *lua.LTable:
		tableToResp(w, v, scriptResp, depth)
	default:
		w.Null()
	}
}

// luaInt converts as C's (long long) cast of a double, saturating where C
// is undefined.
func luaInt(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return math.MinInt64
	case f >= math.MaxInt64:
		return math.MinInt64
	case f < math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

func tableToResp(w *resp.Writer, t *lua.LTable, scriptResp, depth int) {
	if s, ok := t.RawGetString("err").(lua.LString); ok {
		w.Error(string(s))
		return
	}
	if s, ok := t.RawGetString("ok").(lua.LString); ok {
		w.Simple(oneLine(string(s)))
		return
	}
	if n, ok := t.RawGetString("double").(lua.LNumber); ok {
		w.Double(float64(n))
		return
	}
	if s, ok := t.RawGetString("big_number").(lua.LString); ok {
		writeBigNumber(w, oneLine(string(s)))
		return
	}
	if vt, ok := t.RawGetString("verbatim_string").(*lua.LTable); ok && writeVerbatim(w, vt) {
		return
	}
	if m, ok := t.RawGetString("map").(*lua.LTable); ok {
		mapToResp(w, m, scriptResp, depth)
		return
	}
	if s, ok := t.RawGetString("set").(*lua.LTable); ok {
		setToResp(w, s, scriptResp, depth)
		return
	}
	n := 0
	for t.RawGetInt(n+1) != lua.LNil {
		n++
	}
	w.Array(n)
	for i := 1; i <= n; i++ {
		luaToResp(w, t.RawGetInt(i), scriptResp, depth+1)
	}
}

func oneLine(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '\r' || c == '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

func writeBigNumber(w *resp.Writer, s string) {
	if w.Proto != 3 {
		w.BulkString(s)
		return
	}
	w.Raw([]byte("(" + s + "\r\n"))
}

func writeVerbatim(w *resp.Writer, t *lua.LTable) bool {
	format, ok1 := t.RawGetString("format").(lua.LString)
	s, ok2 := t.RawGetString("string").(lua.LString)
	if !ok1 || !ok2 {
		return false
	}
	w.Verbatim(string(format), string(s))
	return true
}

func mapToResp(w *resp.Writer, m *lua.LTable, scriptResp, depth int) {
	n := 0
	m.ForEach(func(lua.LValue, lua.LValue) { n++ })
	w.Map(n)
	m.ForEach(func(k, v lua.LValue) {
		luaToResp(w, k, scriptResp, depth+1)
		luaToResp(w, v, scriptResp, depth+1)
	})
}

func setToResp(w *resp.Writer, s *lua.LTable, scriptResp, depth int) {
	n := 0
	s.ForEach(func(lua.LValue, lua.LValue) { n++ })
	w.Set(n)
	s.ForEach(func(k, _ lua.LValue) { luaToResp(w, k, scriptResp, depth+1) })
}
