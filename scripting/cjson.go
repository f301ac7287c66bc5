package scripting

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

const cjsonMaxDepth = 1000

// cjsonConfig holds the settings scripts change with cjson.encode_* and
// cjson.decode_*; they last for the interpreter's life, as in Redis.
type cjsonConfig struct {
	encodeMaxDepth, decodeMaxDepth int
	encodeInvalid                  string // "off", "on" (nan/inf) or "null"
}

// openCjson returns the cjson library: encode, decode and the null
// sentinel, with lua-cjson's array and number rules.
func openCjson(L *lua.LState) *lua.LTable {
	cfg := &cjsonConfig{encodeMaxDepth: cjsonMaxDepth, decodeMaxDepth: cjsonMaxDepth, encodeInvalid: "off"}
	null := L.NewUserData()
	t := L.NewTable()
	L.SetFuncs(t, map[string]lua.LGFunction{
		"encode": func(L *lua.LState) int {
			if L.GetTop() != 1 {
				L.ArgError(1, "expected 1 argument")
			}
			var b strings.Builder
			enc := &jsonEncoder{cfg: cfg, null: null}
			if err := enc.encode(&b, L.Get(1), 0); err != "" {
				L.RaiseError("%s", err)
			}
			L.Push(lua.LString(b.String()))
			return 1
		},
		"decode": func(L *lua.LState) int {
			v, err := jsonDecode(L, L.CheckString(1), null, cfg.decodeMaxDepth)
			if err != "" {
				L.RaiseError("%s", err)
			}
			L.Push(v)
			return 1
		},
	})
	// Settings of lua-cjson that scripts call: accepted, and for the
	// ones that change nothing here, ignored.
	for _, name := range []string{"encode_keep_buffer", "decode_invalid_numbers", "encode_sparse_array", "encode_number_precision"} {
		t.RawSetString(name, L.NewFunction(func(L *lua.LState) int { return 0 }))
	}
	t.RawSetString("encode_max_depth", L.NewFunction(func(L *lua.LState) int {
		cfg.encodeMaxDepth = L.OptInt(1, cjsonMaxDepth)
		L.Push(lua.LNumber(cfg.encodeMaxDepth))
		return 1
	}))
	t.RawSetString("decode_max_depth", L.NewFunction(func(L *lua.LState) int {
		cfg.decodeMaxDepth = L.OptInt(1, cjsonMaxDepth)
		L.Push(lua.LNumber(cfg.decodeMaxDepth))
		return 1
	}))
	t.RawSetString("encode_invalid_numbers", L.NewFunction(func(L *lua.LState) int {
		switch v := L.Get(1).(type) {
		case lua.LBool:
			cfg.encodeInvalid = map[bool]string{true: "on", false: "off"}[bool(v)]
		case lua.LString:
			cfg.encodeInvalid = string(v)
		}
		L.Push(lua.LString(cfg.encodeInvalid))
		return 1
	}))
	t.RawSetString("null", null)
	return t
}

type jsonEncoder struct {
	cfg  *cjsonConfig
	null *lua.LUserData
}

func (enc *jsonEncoder) encode(b *strings.Builder, v lua.LValue, depth int) string {
	if depth > enc.cfg.encodeMaxDepth {
		return fmt.Sprintf("Cannot serialise, excessive nesting (%d)", depth)
	}
	switch v := v.(type) {
	case *lua.LNilType:
		b.WriteString("null")
	case lua.LBool:
		b.WriteString(strconv.FormatBool(bool(v)))
	case lua.LNumber:
		return enc.number(b, float64(v))
	case lua.LString:
		jsonString(b, string(v))
	case *lua.LTable:
		return enc.table(b, v, depth+1)
	case *lua.LUserData:
		if v != enc.null {
			return "Cannot serialise userdata: type not supported"
		}
		b.WriteString("null")
	default:
		return "Cannot serialise " + v.Type().String() + ": type not supported"
	}
	return ""
}

// jsonString escapes as lua-cjson does (it escapes '/' too).
func jsonString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '/':
			b.WriteString(`\/`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 || c == 0x7f {
				fmt.Fprintf(b, `\u%04x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
}

// arrayLen reports the length of t if it is an array (only positive
// integer keys, not excessively sparse), or -1.
func arrayLen(t *lua.LTable) (int, string) {
	maxKey, items, isArray := 0, 0, true
	t.ForEach(func(k, _ lua.LValue) {
		n, ok := k.(lua.LNumber)
		if !ok || float64(n) != math.Floor(float64(n)) || n < 1 {
			isArray = false
			return
		}
		items++
		if int(n) > maxKey {
			maxKey = int(n)
		}
	})
	if !isArray {
		return -1, ""
	}
	if maxKey > 10 && maxKey > items*2 {
		return -1, "Cannot serialise table: excessively sparse array"
	}
	return maxKey, ""
}

func (enc *jsonEncoder) number(b *strings.Builder, f float64) string {
	if !math.IsNaN(f) && !math.IsInf(f, 0) {
		b.WriteString(numberString(f))
		return ""
	}
	switch enc.cfg.encodeInvalid {
	case "null":
		b.WriteString("null")
	case "on", "true":
		switch {
		case math.IsNaN(f):
			b.WriteString("nan")
		case f > 0:
			b.WriteString("inf")
		default:
			b.WriteString("-inf")
		}
	default:
		return "Cannot serialise number: must not be NaN or Inf"
	}
	return ""
}

func (enc *jsonEncoder) table(b *strings.Builder, t *lua.LTable, depth int) string {
	n, errText := arrayLen(t)
	if errText != "" {
		return errText
	}
	if n > 0 {
		b.WriteByte('[')
		for i := 1; i <= n; i++ {
			if i > 1 {
				b.WriteByte(',')
			}
			if e := enc.encode(b, t.RawGetInt(i), depth); e != "" {
				return e
			}
		}
		b.WriteByte(']')
		return ""
	}
	b.WriteByte('{')
	first, errOut := true, ""
	t.ForEach(func(k, v lua.LValue) {
		if errOut != "" {
			return
		}
		var key string
		switch k := k.(type) {
		case lua.LString:
			key = string(k)
		case lua.LNumber:
			key = numberString(float64(k))
		default:
			errOut = "Cannot serialise table: table key must be a number or string"
			return
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		jsonString(b, key)
		b.WriteByte(':')
		errOut = enc.encode(b, v, depth)
	})
	b.WriteByte('}')
	return errOut
}

func jsonDecode(L *lua.LState, s string, null *lua.LUserData, maxDepth int) (lua.LValue, string) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, "Expected value but found invalid token: " + err.Error()
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, "Expected the end but found trailing data"
	}
	return toLua(L, x, null, 0, maxDepth)
}

func toLua(L *lua.LState, x any, null *lua.LUserData, depth, maxDepth int) (lua.LValue, string) {
	if depth > maxDepth {
		return nil, fmt.Sprintf("Found too many nested data structures (%d)", depth)
	}
	switch x := x.(type) {
	case nil:
		return null, ""
	case bool:
		return lua.LBool(x), ""
	case json.Number:
		f, _ := strconv.ParseFloat(string(x), 64)
		return lua.LNumber(f), ""
	case string:
		return lua.LString(x), ""
	case []any:
		t := L.CreateTable(len(x), 0)
		for i, e := range x {
			v, err := toLua(L, e, null, depth+1, maxDepth)
			if err != "" {
				return nil, err
			}
			t.RawSetInt(i+1, v)
		}
		return t, ""
	case map[string]any:
		t := L.CreateTable(0, len(x))
		for k, e := range x {
			v, err := toLua(L, e, null, depth+1, maxDepth)
			if err != "" {
				return nil, err
			}
			t.RawSetString(k, v)
		}
		return t, ""
	}
	return lua.LNil, ""
}
