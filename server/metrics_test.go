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
