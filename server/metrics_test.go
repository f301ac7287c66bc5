package server

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// The metrics mirror INFO under redis_exporter's names, with AUTH when the
// server needs a password.
func TestMetricsMirrorInfo(t *testing.T) {
	addr := freeAddr(t)
	s := startServer(t, "--metrics-addr", addr, "--requirepass", "pw")
	c := dial(t, s)
	c.expect("OK", "AUTH", "pw")
	c.expect("OK", "SET", "k", "v")
	c.expect("OK", "SELECT", "3")
	c.expect("OK", "SET", "k3", "v")
	res, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	text := string(body)
	for _, want := range []string{
		"redis_up 1",
		`redis_db_keys{db="db0"} 1`,
		`redis_db_keys{db="db3"} 1`,
		`redis_commands_total{cmd="set"} 2`,
		"redis_connected_clients ",
		"redis_memory_used_bytes ",
		"redis_commands_processed_total ",
		`redis_instance_info{`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestMetricsOffByDefault(t *testing.T) {
	s := startServer(t)
	if got := s.cfg.Get("metrics-addr"); got != "" {
		t.Fatalf("metrics-addr defaults to %q", got)
	}
}

// metrics-addr changes at run time: the old listener stops, the new one
// serves; setting the same value changes nothing; a bad address is refused
// and the old one kept.
func TestMetricsAddrSetAtRunTime(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	get := func(addr string) error {
		res, err := http.Get("http://" + addr + "/metrics")
		if err == nil {
			res.Body.Close()
		}
		return err
	}
	a, b := freeAddr(t), freeAddr(t)
	c.expect("OK", "CONFIG", "SET", "metrics-addr", a)
	if err := get(a); err != nil {
		t.Fatalf("metrics at %s after CONFIG SET: %v", a, err)
	}
	c.expect("OK", "CONFIG", "SET", "metrics-addr", a)
	c.expect("OK", "CONFIG", "SET", "metrics-addr", b)
	if err := get(b); err != nil {
		t.Fatalf("metrics at %s: %v", b, err)
	}
	if get(a) == nil {
		t.Fatalf("old address %s still serves", a)
	}
	if got := c.do("CONFIG", "SET", "metrics-addr", "256.0.0.1:1"); !strings.HasPrefix(got, "ERR:ERR CONFIG SET failed") {
		t.Fatalf("bad address: %q", got)
	}
	c.expect("[metrics-addr "+b+"]", "CONFIG", "GET", "metrics-addr")
	if err := get(b); err != nil {
		t.Fatalf("metrics at %s after a refused change: %v", b, err)
	}
	c.expect("OK", "CONFIG", "SET", "metrics-addr", "")
	if get(b) == nil {
		t.Fatal("metrics still served after metrics-addr was emptied")
	}
}
