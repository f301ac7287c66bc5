package scripting

import (
	"encoding/binary"
	"math"

	lua "github.com/yuin/gopher-lua"
)

// cmsgpackMaxNesting is lua-cmsgpack's depth limit: deeper tables pack
// as nil (so cycles terminate).
const cmsgpackMaxNesting = 16

// openCmsgpack returns the cmsgpack library: pack, unpack, unpack_one
// and unpack_limit, with lua-cmsgpack's encodings.
func openCmsgpack(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	L.SetFuncs(t, map[string]lua.LGFunction{
		"pack": func(L *lua.LState) int {
			if L.GetTop() == 0 {
				L.ArgError(1, "MessagePack pack needs input.")
			}
			var b []byte
			for i := 1; i <= L.GetTop(); i++ {
				b = msgpackEncode(b, L.Get(i), 0)
			}
			L.Push(lua.LString(b))
			return 1
		},
		"unpack":     func(L *lua.LState) int { return msgpackUnpack(L, L.CheckString(1), 0, 0, false) },
		"unpack_one": func(L *lua.LState) int { return msgpackUnpack(L, L.CheckString(1), 1, L.OptInt(2, 0), true) },
		"unpack_limit": func(L *lua.LState) int {
			return msgpackUnpack(L, L.CheckString(1), L.CheckInt(2), L.OptInt(3, 0), true)
		},
	})
	return t
}

func msgpackEncode(b []byte, v lua.LValue, depth int) []byte {
	switch v := v.(type) {
	case lua.LBool:
		if v {
			return append(b, 0xc3)
		}
		return append(b, 0xc2)
	case lua.LNumber:
		return msgpackNumber(b, float64(v))
	case lua.LString:
		return msgpackString(b, string(v))
	case *lua.LTable:
		if depth >= cmsgpackMaxNesting {
			return append(b, 0xc0)
		}
		return msgpackTable(b, v, depth+1)
	}
	return append(b, 0xc0)
}

func msgpackNumber(b []byte, f float64) []byte {
	if f != math.Trunc(f) || math.IsInf(f, 0) || f >= 1<<63 || f < -(1<<63) {
		if float64(float32(f)) == f {
			return binary.BigEndian.AppendUint32(append(b, 0xca), math.Float32bits(float32(f)))
		}
		return binary.BigEndian.AppendUint64(append(b, 0xcb), math.Float64bits(f))
	}
	n := int64(f)
	switch {
	case n >= 0 && n <= 127:
		return append(b, byte(n))
	case n >= 0 && n <= 0xff:
		return append(b, 0xcc, byte(n))
	case n >= 0 && n <= 0xffff:
		return binary.BigEndian.AppendUint16(append(b, 0xcd), uint16(n))
	case n >= 0 && n <= 0xffffffff:
		return binary.BigEndian.AppendUint32(append(b, 0xce), uint32(n))
	case n >= 0:
		return binary.BigEndian.AppendUint64(append(b, 0xcf), uint64(n))
	case n >= -32:
		return append(b, byte(int8(n)))
	case n >= math.MinInt8:
		return append(b, 0xd0, byte(int8(n)))
	case n >= math.MinInt16:
		return binary.BigEndian.AppendUint16(append(b, 0xd1), uint16(int16(n)))
	case n >= math.MinInt32:
		return binary.BigEndian.AppendUint32(append(b, 0xd2), uint32(int32(n)))
	}
	return binary.BigEndian.AppendUint64(append(b, 0xd3), uint64(n))
}

func msgpackString(b []byte, s string) []byte {
	n := len(s)
	switch {
	case n < 32:
		b = append(b, 0xa0|byte(n))
	case n <= 0xff:
		b = append(b, 0xd9, byte(n))
	case n <= 0xffff:
		b = binary.BigEndian.AppendUint16(append(b, 0xda), uint16(n))
	default:
		b = binary.BigEndian.AppendUint32(append(b, 0xdb), uint32(n))
	}
	return append(b, s...)
}

func msgpackHeader(b []byte, n int, fix, c16, c32 byte) []byte {
	switch {
	case n < 16:
		return append(b, fix|byte(n))
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16(append(b, c16), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, c32), uint32(n))
}

// msgpackTable packs an array when the keys are exactly 1..n, a map
// otherwise.
func msgpackTable(b []byte, t *lua.LTable, depth int) []byte {
	count, maxKey, array := 0, 0, true
	t.ForEach(func(k, _ lua.LValue) {
		count++
		n, ok := k.(lua.LNumber)
		if !ok || float64(n) != math.Trunc(float64(n)) || n < 1 {
			array = false
			return
		}
		if int(n) > maxKey {
			maxKey = int(n)
		}
	})
	if array && maxKey == count {
		b = msgpackHeader(b, count, 0x90, 0xdc, 0xdd)
		for i := 1; i <= count; i++ {
			b = msgpackEncode(b, t.RawGetInt(i), depth)
		}
		return b
	}
	b = msgpackHeader(b, count, 0x80, 0xde, 0xdf)
	t.ForEach(func(k, v lua.LValue) {
		b = msgpackEncode(b, k, depth)
		b = msgpackEncode(b, v, depth)
	})
	return b
}

// msgpackUnpack decodes up to limit objects (0: all) from offset and
// pushes them; with withOffset the next offset comes first (-1 at the
// end), as unpack_one and unpack_limit return.
func msgpackUnpack(L *lua.LState, s string, limit, offset int, withOffset bool) int {
	if offset < 0 || offset > len(s) {
		L.ArgError(2, "Start offset greater than input length")
	}
	d := msgpackDecoder{L: L, s: s, pos: offset}
	var out []lua.LValue
	for d.pos < len(s) && (limit == 0 || len(out) < limit) {
		v := d.value()
		if d.err != "" {
			L.RaiseError("%s", d.err)
		}
		out = append(out, v)
	}
	n := 0
	if withOffset {
		next := d.pos
		if next >= len(s) {
			next = -1
		}
		L.Push(lua.LNumber(next))
		n++
	}
	for _, v := range out {
		L.Push(v)
	}
	return n + len(out)
}

type msgpackDecoder struct {
	L   *lua.LState
	s   string
	pos int
	err string
}

func (d *msgpackDecoder) take(n int) string {
	if d.err != "" || n < 0 || d.pos+n > len(d.s) {
		d.err = "Missing bytes in input."
		return ""
	}
	out := d.s[d.pos : d.pos+n]
	d.pos += n
	return out
}

func (d *msgpackDecoder) uint(n int) uint64 {
	b := d.take(n)
	var v uint64
	for i := 0; i < len(b); i++ {
		v = v<<8 | uint64(b[i])
	}
	return v
}

func (d *msgpackDecoder) value() lua.LValue {
	c := d.take(1)
	if d.err != "" {
		return lua.LNil
	}
	t := c[0]
	switch {
	case t <= 0x7f:
		return lua.LNumber(t)
	case t >= 0xe0:
		return lua.LNumber(int8(t))
	case t >= 0xa0 && t <= 0xbf:
		return lua.LString(d.take(int(t & 0x1f)))
	case t >= 0x90 && t <= 0x9f:
		return d.array(int(t & 0x0f))
	case t >= 0x80 && t <= 0x8f:
		return d.mapOf(int(t & 0x0f))
	}
	return d.typed(t)
}

func (d *msgpackDecoder) typed(t byte) lua.LValue {
	switch t {
	case 0xc0:
		return lua.LNil
	case 0xc2:
		return lua.LFalse
	case 0xc3:
		return lua.LTrue
	case 0xca:
		return lua.LNumber(math.Float32frombits(uint32(d.uint(4))))
	case 0xcb:
		return lua.LNumber(math.Float64frombits(d.uint(8)))
	case 0xcc, 0xcd, 0xce, 0xcf:
		return lua.LNumber(float64(d.uint(1 << (t - 0xcc))))
	case 0xd0:
		return lua.LNumber(int8(d.uint(1)))
	case 0xd1:
		return lua.LNumber(int16(d.uint(2)))
	case 0xd2:
		return lua.LNumber(int32(d.uint(4)))
	case 0xd3:
		return lua.LNumber(int64(d.uint(8)))
	case 0xc4, 0xd9:
		return lua.LString(d.take(int(d.uint(1))))
	case 0xc5, 0xda:
		return lua.LString(d.take(int(d.uint(2))))
	case 0xc6, 0xdb:
		return lua.LString(d.take(int(d.uint(4))))
	case 0xdc:
		return d.array(int(d.uint(2)))
	case 0xdd:
		return d.array(int(d.uint(4)))
	case 0xde:
		return d.mapOf(int(d.uint(2)))
	case 0xdf:
		return d.mapOf(int(d.uint(4)))
	}
	d.err = "Bad data format in input."
	return lua.LNil
}

func (d *msgpackDecoder) array(n int) lua.LValue {
	t := d.L.NewTable()
	for i := 1; i <= n && d.err == ""; i++ {
		t.RawSetInt(i, d.value())
	}
	return t
}

func (d *msgpackDecoder) mapOf(n int) lua.LValue {
	t := d.L.NewTable()
	for i := 0; i < n && d.err == ""; i++ {
		k := d.value()
		v := d.value()
		if k != lua.LNil {
			t.RawSet(k, v)
		}
	}
	return t
}
