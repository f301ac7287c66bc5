package longdouble

import "testing"

// The expectations are what redis-server 7.0 on x86-64 answers to
// INCRBYFLOAT/HINCRBYFLOAT, whose text comes from long double arithmetic.
func TestAddHuman(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"0", "0.1", "0.1"},
		{"0.1", "0.2", "0.3"}, // float64 would give 0.30000000000000004
		{"10.5", "0.1", "10.6"},
		{"5.0e3", "2.0e2", "5200"},
		{"0", "1e20", "100000000000000000000"},
		{"-1", "1", "0"},
		{"3", "-5.5", "-2.5"},
		{"0x10", "1", "17"},
		{"1.5", "+2", "3.5"},
	} {
		a, ok1 := Parse(tc.a)
		b, ok2 := Parse(tc.b)
		if !ok1 || !ok2 {
			t.Fatalf("parse %q %q: %v %v", tc.a, tc.b, ok1, ok2)
		}
		if got := Add(a, b).Human(); got != tc.want {
			t.Errorf("%s + %s = %s, want %s", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, s := range []string{"", " 1", "1 ", "abc", "nan", "1e", "0b101", "1_000", "1e99999", "1e-99999", "--1"} {
		if _, ok := Parse(s); ok {
			t.Errorf("Parse(%q) accepted", s)
		}
	}
	for _, s := range []string{"inf", "-Infinity", "0", "0.0", "0e10", ".5", "1."} {
		if _, ok := Parse(s); !ok {
			t.Errorf("Parse(%q) refused", s)
		}
	}
	if x, _ := Parse("1e4000"); x.IsInf() {
		t.Error("1e4000 fits a long double")
	}
	x, _ := Parse("1e4932")
	if !Add(x, x).IsInf() {
		t.Error("2e4932 overflows a long double")
	}
}
