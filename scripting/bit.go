package scripting

import (
	"math"
	"math/bits"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// openBit returns the LuaBitOp library ("bit"): 32-bit operations whose
// results are signed 32-bit numbers.
func openBit(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	unary := func(f func(uint32) uint32) lua.LGFunction {
		return func(L *lua.LState) int {
			L.Push(bitResult(f(bitArg(L, 1))))
			return 1
		}
	}
	fold := func(f func(a, b uint32) uint32) lua.LGFunction {
		return func(L *lua.LState) int {
			acc := bitArg(L, 1)
			for i := 2; i <= L.GetTop(); i++ {
				acc = f(acc, bitArg(L, i))
			}
			L.Push(bitResult(acc))
			return 1
		}
	}
	shift := func(f func(x uint32, n uint) uint32) lua.LGFunction {
		return func(L *lua.LState) int {
			L.Push(bitResult(f(bitArg(L, 1), uint(bitArg(L, 2)&31))))
			return 1
		}
	}
	L.SetFuncs(t, map[string]lua.LGFunction{
		"tobit":   unary(func(x uint32) uint32 { return x }),
		"bnot":    unary(func(x uint32) uint32 { return ^x }),
		"bswap":   unary(bits.ReverseBytes32),
		"band":    fold(func(a, b uint32) uint32 { return a & b }),
		"bor":     fold(func(a, b uint32) uint32 { return a | b }),
		"bxor":    fold(func(a, b uint32) uint32 { return a ^ b }),
		"lshift":  shift(func(x uint32, n uint) uint32 { return x << n }),
		"rshift":  shift(func(x uint32, n uint) uint32 { return x >> n }),
		"arshift": shift(func(x uint32, n uint) uint32 { return uint32(int32(x) >> n) }),
		"rol":     shift(func(x uint32, n uint) uint32 { return bits.RotateLeft32(x, int(n)) }),
		"ror":     shift(func(x uint32, n uint) uint32 { return bits.RotateLeft32(x, -int(n)) }),
		"tohex":   bitToHex,
	})
	return t
}

// bitArg normalizes argument i to 32 bits: rounded to an integer, then
// taken modulo 2^32, as LuaBitOp does.
func bitArg(L *lua.LState, i int) uint32 {
	f := float64(L.CheckNumber(i))
	f = math.RoundToEven(f)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return uint32(int64(math.Mod(f, 1<<32)))
}

func bitResult(x uint32) lua.LNumber { return lua.LNumber(int32(x)) }

func bitToHex(L *lua.LState) int {
	x := bitArg(L, 1)
	n := int32(8)
	if L.GetTop() >= 2 {
		n = int32(bitArg(L, 2))
	}
	upper := n < 0
	if upper {
		n = -n
	}
	if n > 8 {
		n = 8
	}
	const digits = "0123456789abcdef"
	buf := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		buf[i] = digits[x&15]
		x >>= 4
	}
	s := string(buf)
	if upper {
		s = strings.ToUpper(s)
	}
	L.Push(lua.LString(s))
	return 1
}
