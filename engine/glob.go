package engine

// GlobMatch reports whether s matches the glob pattern the way Redis's
// stringmatchlen does (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET):
//
//   - any run of bytes, also empty
//     ?      any one byte
//     [abc]  one of the bytes; [^abc] none of them; [a-z] a range (ends may
//     come in either order); \x inside brackets is a literal x
//     \x     the literal byte x
//
// nocase folds ASCII letters. Malformed patterns behave as in Redis: an
// unterminated [ class ends at the pattern's end, and a trailing \ is a
// literal backslash.
func GlobMatch(pattern, s string, nocase bool) bool {
	m := globMatcher{p: pattern, nocase: nocase}
	return m.match(0, s)
}

type globMatcher struct {
	p      string
	nocase bool
	// giveUp is set once a '*' failed to place the rest of the pattern
	// anywhere in the remaining input: every earlier '*' must fail too,
	// so the search stops instead of going exponential.
	giveUp bool
}

// at returns the pattern byte at i, or 0 past the end: Redis reads the
// NUL terminator there, and some malformed patterns depend on it.
func (m *globMatcher) at(i int) byte {
	if i < len(m.p) {
		return m.p[i]
	}
	return 0
}

func (m *globMatcher) match(pi int, s string) bool {
	for pi < len(m.p) && len(s) > 0 {
		switch m.p[pi] {
		case '*':
			return m.star(pi, s)
		case '?':
			s = s[1:]
		case '[':
			var ok bool
			if pi, ok = m.class(pi+1, s[0]); !ok {
				return false
			}
			s = s[1:]
		default:
			if m.p[pi] == '\\' && len(m.p)-pi >= 2 {
				pi++
			}
			if !m.eq(m.p[pi], s[0]) {
				return false
			}
			s = s[1:]
		}
		pi++
		if len(s) == 0 {
			for m.at(pi) == '*' {
				pi++
			}
			break
		}
	}
	return pi >= len(m.p) && len(s) == 0
}

// star matches the '*' at pi (and any '*' right after it) against s.
func (m *globMatcher) star(pi int, s string) bool {
	for pi < len(m.p) && m.at(pi+1) == '*' {
		pi++
	}
	if pi == len(m.p)-1 {
		return true
	}
	for ; len(s) > 0; s = s[1:] {
		if m.match(pi+1, s) {
			return true
		}
		if m.giveUp {
			return false
		}
	}
	m.giveUp = true
	return false
}

// class matches c against the bracket class starting at pi (just after
// '['). It returns the index of the class's last byte (its ']', or the
// pattern's last byte when unterminated) and whether c matched.
func (m *globMatcher) class(pi int, c byte) (int, bool) {
	not := m.at(pi) == '^'
	if not {
		pi++
	}
	match := false
	for {
		left := len(m.p) - pi
		switch {
		case m.at(pi) == '\\' && left >= 2:
			pi++
			if m.p[pi] == c {
				match = true
			}
		case m.at(pi) == ']':
			return pi, match != not
		case left <= 0:
			return pi - 1, match != not
		case left >= 3 && m.p[pi+1] == '-':
			if m.inRange(m.p[pi], m.p[pi+2], c) {
				match = true
			}
			pi += 2
		default:
			if m.eq(m.p[pi], c) {
				match = true
			}
		}
		pi++
	}
}

// inRange compares as C's signed char does: bytes from 0x80 up sort
// below the ASCII range.
func (m *globMatcher) inRange(lo, hi, c byte) bool {
	a, b, x := int(int8(lo)), int(int8(hi)), int(int8(c))
	if a > b {
		a, b = b, a
	}
	if m.nocase {
		a, b, x = lowerInt(a), lowerInt(b), lowerInt(x)
	}
	return x >= a && x <= b
}

func (m *globMatcher) eq(a, b byte) bool {
	if m.nocase {
		return lowerInt(int(a)) == lowerInt(int(b))
	}
	return a == b
}

func lowerInt(c int) int {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
