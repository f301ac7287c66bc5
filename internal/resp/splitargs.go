package resp

// SplitArgs splits an inline request line the way Redis's sdssplitargs
// does: spaces separate arguments; "double quotes" understand \n \r \t \b
// \a \\ \" and \xHH; 'single quotes' understand only \'. A closing quote
// must be followed by a space or the end of the line. ok is false for
// unbalanced quotes. The result is appended to args and may alias line.
func SplitArgs(line []byte, args [][]byte) (_ [][]byte, ok bool) {
	p := 0
	for {
		for p < len(line) && isSpace(line[p]) {
			p++
		}
		if p >= len(line) {
			return args, true
		}
		var cur []byte
		inq, insq, done := false, false, false
		start := p
		plain := true // no quotes seen: the argument can alias line
		for !done {
			if inq {
				if p >= len(line) {
					return nil, false
				}
				c := line[p]
				switch {
				case c == '\\' && p+3 < len(line) && line[p+1] == 'x' && isHex(line[p+2]) && isHex(line[p+3]):
					cur = append(cur, hexVal(line[p+2])<<4|hexVal(line[p+3]))
					p += 3
				case c == '\\' && p+1 < len(line):
					p++
					cur = append(cur, unescape(line[p]))
				case c == '"':
					if p+1 < len(line) && !isSpace(line[p+1]) {
						return nil, false
					}
					done = true
				default:
					cur = append(cur, c)
				}
			} else if insq {
				if p >= len(line) {
					return nil, false
				}
				c := line[p]
				switch {
				case c == '\\' && p+1 < len(line) && line[p+1] == '\'':
					p++
					cur = append(cur, '\'')
				case c == '\'':
					if p+1 < len(line) && !isSpace(line[p+1]) {
						return nil, false
					}
					done = true
				default:
					cur = append(cur, c)
				}
			} else {
				if p >= len(line) {
					break
				}
				switch c := line[p]; {
				case isSpace(c):
					done = true
				case c == '"':
					plain = false
					cur = append(cur, line[start:p]...)
					inq = true
				case c == '\'':
					plain = false
					cur = append(cur, line[start:p]...)
					insq = true
				default:
					if !plain {
						cur = append(cur, c)
					}
				}
			}
			if p < len(line) {
				p++
			}
		}
		if plain {
			end := p
			if end > 0 && end <= len(line) && isSpace(line[end-1]) {
				end--
			}
			cur = line[start:end]
		} else if cur == nil {
			cur = []byte{}
		}
		args = append(args, cur)
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f'
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case 'a':
		return '\a'
	}
	return c
}
