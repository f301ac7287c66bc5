package engine

import (
	"math/big"
	"strings"
)

// Redis computes INCRBYFLOAT in C's long double, which on x86-64 is the
// 80-bit extended format: a 64-bit mantissa and a 15-bit exponent. Go has
// no such type, so a big.Float with 64 bits of precision and
// round-to-nearest-even stands in for it: parsing, one addition and
// formatting are then rounded exactly as the x87 unit and glibc round.
// (Subnormals are not modelled: they keep full precision here.)
const (
	ldPrec = 64
	// ldMaxExp bounds MantExp (mantissa in [0.5, 1)) of a finite value.
	ldMaxExp = 16384
	// ldMinExp: values below 2^(ldMinExp-1) round to zero.
	ldMinExp = -16444
	// ldMaxChars is Redis's MAX_LONG_DOUBLE_CHARS: longer text is refused.
	ldMaxChars = 5 * 1024
)

// parseLongDouble parses s as Redis's string2ld does with strtold: no
// leading space, no trailing bytes, decimal or 0x hexadecimal, "inf" and
// "infinity" accepted, NaN, overflow and underflow to zero refused. inf
// reports an infinity (its sign in f).
func parseLongDouble(s string) (f *big.Float, inf, ok bool) {
	if len(s) == 0 || len(s) >= ldMaxChars {
		return nil, false, false
	}
	body, neg := s, false
	if body[0] == '+' || body[0] == '-' {
		body, neg = body[1:], body[0] == '-'
	}
	if l := strings.ToLower(body); l == "inf" || l == "infinity" {
		f = new(big.Float).SetInf(neg)
		return f, true, true
	}
	base := 10
	if validHexFloat(body) {
		base = 0
	} else if !validDecFloat(body) {
		return nil, false, false
	}
	f, _, err := big.ParseFloat(s, base, ldPrec, big.ToNearestEven)
	if err != nil || f.IsInf() {
		return nil, false, false
	}
	if exp := f.MantExp(nil); f.Sign() != 0 && (exp > ldMaxExp || exp < ldMinExp) {
		return nil, false, false
	}
	return f, false, true
}

// validDecFloat accepts digits, an optional fraction and an optional
// exponent, with at least one mantissa digit: the decimal form strtold
// consumes in full.
func validDecFloat(s string) bool {
	i, digits := scanDigits(s, 0, isDecDigit)
	if i < len(s) && s[i] == '.' {
		var more int
		i, more = scanDigits(s, i+1, isDecDigit)
		digits += more
	}
	if digits == 0 {
		return false
	}
	return validExponent(s, i, 'e')
}

// validHexFloat accepts 0x, hex digits with an optional fraction, and an
// optional binary exponent p±n.
func validHexFloat(s string) bool {
	if len(s) < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return false
	}
	i, digits := scanDigits(s, 2, isHexDigit)
	if i < len(s) && s[i] == '.' {
		var more int
		i, more = scanDigits(s, i+1, isHexDigit)
		digits += more
	}
	return digits > 0 && validExponent(s, i, 'p')
}

func validExponent(s string, i int, mark byte) bool {
	if i == len(s) {
		return true
	}
	if s[i]|0x20 != mark {
		return false
	}
	i++
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	end, n := scanDigits(s, i, isDecDigit)
	return n > 0 && end == len(s)
}

func scanDigits(s string, i int, isDigit func(byte) bool) (end, n int) {
	for end = i; end < len(s) && isDigit(s[end]); end++ {
	}
	return end, end - i
}

func isDecDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHexDigit(c byte) bool {
	return isDecDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f')
}

// addLongDouble returns a+b rounded to long double; ok is false when the
// sum overflows.
func addLongDouble(a, b *big.Float) (*big.Float, bool) {
	z := new(big.Float).SetPrec(ldPrec).SetMode(big.ToNearestEven).Add(a, b)
	if z.Sign() != 0 && z.MantExp(nil) > ldMaxExp {
		return nil, false
	}
	return z, true
}

// formatLongDouble formats f as Redis's human-friendly ld2string: "%.17Lf"
// with trailing zeros (and a bare point) removed, and "-0" written as "0".
func formatLongDouble(f *big.Float) string {
	s := f.Text('f', 17)
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}
