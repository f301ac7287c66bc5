package aof

import "strconv"

// needsRepr reports whether a manifest file name must be written quoted:
// Redis quotes names holding a backslash, a double quote, a space or any
// byte that is not printable ASCII. A single quote is quoted too, which
// Redis 7.0 does not do: its splitter takes a ' inside a bare word for the
// start of a quoted part, so a name holding one, written bare, does not
// read back (Redis then cannot load its own manifest). Redis reads the
// quoted form.
func needsRepr(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' || c == '"' || c == '\'' || c <= ' ' || c > '~' {
			return true
		}
	}
	return false
}

// appendRepr appends s in double quotes with the escapes that the
// manifest's argument splitter reads back.
func appendRepr(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, `\n`...)
		case '\r':
			dst = append(dst, `\r`...)
		case '\t':
			dst = append(dst, `\t`...)
		case '\a':
			dst = append(dst, `\a`...)
		case '\b':
			dst = append(dst, `\b`...)
		default:
			if c >= ' ' && c <= '~' {
				dst = append(dst, c)
			} else {
				dst = append(dst, `\x`...)
				if c < 0x10 {
					dst = append(dst, '0')
				}
				dst = strconv.AppendUint(dst, uint64(c), 16)
			}
		}
	}
	return append(dst, '"')
}
