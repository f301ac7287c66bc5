//go:build interop

package interop

import "testing"

// bothServers runs f against real Redis first and then Strata, as subtests
// named after the server: a client test that fails on Redis is a broken
// test, one that fails only on Strata is a Strata bug.
func bothServers(t *testing.T, f func(t *testing.T, p *proc)) {
	redis, strata := pair(t)
	for _, p := range []*proc{redis, strata} {
		t.Run(p.name, func(t *testing.T) {
			flushAll(t, p)
			f(t, p)
			p.checkAlive(t)
		})
	}
}
