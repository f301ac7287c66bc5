package server

import (
	"strings"
	"testing"
)

// MONITOR and SLOWLOG never show passwords.
func TestMonitorRedactsPasswords(t *testing.T) {
	s := startServer(t)
	m, c := dial(t, s), dial(t, s)
	m.expect("OK", "MONITOR")
	c.do("AUTH", "not-real")
	c.do("HELLO", "2", "AUTH", "user", "pass")
	c.do("MIGRATE", "127.0.0.1", "1", "key", "9", "5000", "AUTH2", "user", "pw")
	for _, want := range []string{
		`"AUTH" "(redacted)"`,
		`"HELLO" "2" "AUTH" "(redacted)" "(redacted)"`,
		`"MIGRATE" "127.0.0.1" "1" "key" "9" "5000" "AUTH2" "(redacted)" "(redacted)"`,
	} {
		if got := m.read().String(); !strings.HasSuffix(got, want) {
			t.Fatalf("MONITOR line %q, want it to end with %s", got, want)
		}
	}
	c.expect("OK", "CONFIG", "SET", "slowlog-log-slower-than", "0")
	c.do("AUTH", "user", "secret-password")
	if got := c.do("SLOWLOG", "GET", "1"); strings.Contains(got, "secret") || !strings.Contains(got, "(redacted)") {
		t.Fatalf("SLOWLOG shows %s", got)
	}
}

// MONITOR shows a transaction's commands when EXEC runs them, then EXEC,
// as Redis shows each command once it has run.
func TestMonitorShowsTransactionsInOrder(t *testing.T) {
	s := startServer(t)
	m, c := dial(t, s), dial(t, s)
	m.expect("OK", "MONITOR")
	c.expect("OK", "MULTI")
	c.expect("QUEUED", "SET", "foo", "bar")
	c.expect("[OK]", "EXEC")
	c.expect("OK", "MULTI")
	c.do("NOSUCH", "error")
	c.do("EXEC")
	for _, want := range []string{`"MULTI"`, `"SET" "foo" "bar"`, `"EXEC"`, `"MULTI"`, `"EXEC"`} {
		if got := m.read().String(); !strings.HasSuffix(got, want) {
			t.Fatalf("MONITOR line %q, want it to end with %s", got, want)
		}
	}
}
