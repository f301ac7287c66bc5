package engine

import "testing"

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		nocase     bool
		want       bool
	}{
		{"*", "anything", false, true},
		{"*", "", false, false}, // Redis's matcher needs input for '*'; KEYS * special-cases it
		{"a*", "a", false, true},
		{"a*b", "aXYZb", false, true},
		{"a*b", "aXYZc", false, false},
		{"a**b", "ab", false, true},
		{"h?llo", "hello", false, true},
		{"h?llo", "hllo", false, false},
		{"h[ae]llo", "hallo", false, true},
		{"h[ae]llo", "hillo", false, false},
		{"h[^e]llo", "hallo", false, true},
		{"h[^e]llo", "hello", false, false},
		{"h[a-b]llo", "hbllo", false, true},
		{"h[b-a]llo", "hallo", false, true}, // reversed range
		{"h[a-b]llo", "hcllo", false, false},
		{`h\*llo`, "h*llo", false, true},
		{`h\*llo`, "hello", false, false},
		{`h[\]]llo`, "h]llo", false, true},
		{`h[\-]llo`, "h-llo", false, true},
		{"abc\\", "abc\\", false, true}, // trailing backslash is literal
		{"h[ab", "ha", false, true},     // unterminated class ends the pattern
		{"h[ab", "hab", false, false},
		{"h[a-]x", "h]", false, true}, // Redis reads "a-]" as a range a..]
		{"HeLLo", "hello", true, true},
		{"HeLLo", "hello", false, false},
		{"h[A-Z]llo", "hello", true, true},
		{"h[A-Z]llo", "hello", false, false},
		{"[\x80-\xff]", "a", false, false}, // signed char: 0x80..0xff sort below ASCII
		{"[a-\xff]", "\x00", false, true},  // range -1..97 holds NUL
		{"*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false, false},
		{"", "", false, true},
		{"", "a", false, false},
		{"?", "", false, false},
		{"user:*:name", "user:1000:name", false, true},
	} {
		if got := GlobMatch(tc.pattern, tc.s, tc.nocase); got != tc.want {
			t.Errorf("GlobMatch(%q, %q, %v) = %v, want %v", tc.pattern, tc.s, tc.nocase, got, tc.want)
		}
	}
}
