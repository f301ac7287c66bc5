// Package longdouble does the arithmetic Redis does in C long double (x87
// 80-bit extended precision: a 64-bit mantissa) for INCRBYFLOAT and
// HINCRBYFLOAT, so that results and their text match redis-server on
// x86-64 digit for digit. Values are math/big floats rounded to 64 bits of
// mantissa after every operation, which is what the x87 unit does.
//
// Concurrency: values are plain data; share them freely.
package longdouble

import (
	"math/big"
	"strings"
)

// Prec is the mantissa precision of an x87 long double.
const Prec = 64

// Exponent limits of the 80-bit format (binary exponents as big.Float's
// MantExp reports them: the value is mant * 2**exp with 0.5 <= mant < 1).
const (
	maxExp = 16384
	minExp = -16444 // below the smallest subnormal
)

// Float is a long double value.
type Float struct{ f big.Float }

func newFloat() *Float {
	x := &Float{}
	x.f.SetPrec(Prec).SetMode(big.ToNearestEven)
	return x
}

// FromInt64 returns n as a long double (exact: 64 bits of mantissa).
func FromInt64(n int64) *Float {
	x := newFloat()
	x.f.SetInt64(n)
	return x
}

// Parse reads s the way Redis's string2ld does with strtold: decimal or
// hexadecimal notation, optional sign, "inf"/"infinity"; no spaces, no NaN,
// and no value that overflows or underflows to zero.
func Parse(s string) (*Float, bool) {
	if s == "" || len(s) >= 5*1024 {
		return nil, false
	}
	x := newFloat()
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return nil, false
	}
	if strings.EqualFold(body, "inf") || strings.EqualFold(body, "infinity") {
		x.f.SetInf(s[0] == '-')
		return x, true
	}
	if !plainNumber(body) {
		return nil, false
	}
	if _, _, err := x.f.Parse(s, 0); err != nil {
		return nil, false
	}
	if x.f.Sign() == 0 {
		return x, zeroText(body)
	}
	e := x.f.MantExp(nil)
	return x, e <= maxExp && e >= minExp
}

// plainNumber refuses what big.Float accepts but strtold does not: digit
// separators and binary or octal prefixes.
func plainNumber(b string) bool {
	if strings.ContainsRune(b, '_') {
		return false
	}
	if len(b) >= 2 && b[0] == '0' && strings.ContainsRune("bBoO", rune(b[1])) {
		return false
	}
	return true
}

// zeroText reports whether a number that parsed as zero is written as zero,
// rather than being a tiny value strtold would flag as underflow.
func zeroText(b string) bool {
	for _, c := range b {
		if c >= '1' && c <= '9' {
			// A nonzero digit in the mantissa: the value underflowed.
			return false
		}
		if c == 'e' || c == 'E' || c == 'p' || c == 'P' {
			return true
		}
	}
	return true
}

// Add returns x + y rounded to long double.
func Add(x, y *Float) *Float {
	z := newFloat()
	z.f.Add(&x.f, &y.f)
	return z
}

// IsInf reports whether x is infinite or beyond the long double range.
func (x *Float) IsInf() bool {
	return x.f.IsInf() || (x.f.Sign() != 0 && x.f.MantExp(nil) > maxExp)
}

// Human formats x as Redis's ld2string in LD_STR_HUMAN mode: fixed
// notation with 17 decimals ("%.17Lf"), trailing zeros and a trailing dot
// removed, and "-0" written "0".
func (x *Float) Human() string {
	s := x.f.Text('f', 17)
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
