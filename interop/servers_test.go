//go:build interop

package interop

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// proc is one server process the suite started; it is stopped by its pid.
type proc struct {
	name string
	addr string
	port int
	cmd  *exec.Cmd
	log  *bytes.Buffer
	done chan struct{}
}

var (
	buildDir    string
	strataBin   string
	sharedOnce  sync.Once
	sharedPair  [2]*proc // redis, strata
	sharedErr   error
	startedProc []*proc
	procMu      sync.Mutex
)

func TestMain(m *testing.M) {
	code := run(m)
	os.Exit(code)
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "strata-interop-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	buildDir = dir
	defer os.RemoveAll(dir)
	strataBin = filepath.Join(dir, "strata")
	out, err := exec.Command("go", "build", "-o", strataBin, "github.com/strata-db/strata/cmd/strata").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "interop: building strata: %v\n%s", err, out)
		return 1
	}
	if err := redisMissing(); err != nil {
		fmt.Fprintf(os.Stderr, "interop: %v: tests against real Redis will %s\n", err, map[bool]string{true: "FAIL (CI=true)", false: "be skipped"}[inCI()])
	}
	defer stopAll()
	return m.Run()
}

func inCI() bool { return os.Getenv("CI") == "true" }

// redisMissing reports why redis-server 7.0 cannot be used, or nil.
func redisMissing() error {
	out, err := exec.Command("redis-server", "--version").Output()
	if err != nil {
		return fmt.Errorf("redis-server not runnable: %v", err)
	}
	if !strings.Contains(string(out), "v=7.0.") {
		return fmt.Errorf("redis-server is not 7.0.x: %s", strings.TrimSpace(string(out)))
	}
	return nil
}

// need fails the test under CI and skips it elsewhere when a tool is missing.
func need(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if inCI() {
		t.Fatalf("required tool missing under CI=true: %v", err)
	}
	t.Skipf("SKIPPED, required tool missing: %v (install it; CI fails here)", err)
}

func needRedis(t testing.TB) { t.Helper(); need(t, redisMissing()) }

func needTool(t testing.TB, name string) {
	t.Helper()
	_, err := exec.LookPath(name)
	need(t, err)
}

// pair returns the shared redis and strata servers, started on first use.
func pair(t testing.TB) (redis, strata *proc) {
	t.Helper()
	needRedis(t)
	sharedOnce.Do(func() {
		sharedPair[0], sharedErr = startRedis()
		if sharedErr == nil {
			sharedPair[1], sharedErr = startStrata()
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	for _, p := range sharedPair {
		p.checkAlive(t)
	}
	return sharedPair[0], sharedPair[1]
}

// sharedStrata returns the shared strata server, for tests that need no Redis.
func sharedStrata(t testing.TB) *proc {
	_, s := pair(t)
	return s
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startRedis() (*proc, error) {
	return start("redis", "redis-server", func(port int, dir string) []string {
		return []string{"--save", "", "--appendonly", "no", "--port", fmt.Sprint(port),
			"--bind", "127.0.0.1", "--dir", dir, "--enable-debug-command", "yes"}
	})
}

func startStrata() (*proc, error) {
	return start("strata", strataBin, func(port int, dir string) []string {
		return []string{"server", "--port", fmt.Sprint(port), "--bind", "127.0.0.1",
			"--dir", dir, "--enable-debug-command", "yes"}
	})
}

// start launches a server on a free port with its own data directory and
// waits until it answers PING.
func start(name, bin string, args func(port int, dir string) []string) (*proc, error) {
	dir, err := os.MkdirTemp(buildDir, name+"-")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	p := &proc{name: name, port: port, addr: fmt.Sprintf("127.0.0.1:%d", port), log: &bytes.Buffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args(port, dir)...)
	p.cmd.Stdout, p.cmd.Stderr = &syncWriter{w: p.log}, &syncWriter{w: p.log}
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	procMu.Lock()
	startedProc = append(startedProc, p)
	procMu.Unlock()
	if err := p.waitReady(10 * time.Second); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *proc) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("%s exited at startup: %v\n%s", p.name, p.cmd.ProcessState, p.logText())
		default:
		}
		if c, err := net.DialTimeout("tcp", p.addr, time.Second); err == nil {
			c.SetDeadline(time.Now().Add(time.Second))
			fmt.Fprint(c, "PING\r\n")
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if line == "+PONG\r\n" {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s did not answer PING within %v\n%s", p.name, timeout, p.logText())
}

// checkAlive fails the test when the server has died (a crash).
func (p *proc) checkAlive(t testing.TB) {
	t.Helper()
	select {
	case <-p.done:
		t.Fatalf("%s is gone (crashed?): %v\n%s", p.name, p.cmd.ProcessState, p.logText())
	default:
	}
}

// stop sends SIGTERM to the pid, then SIGKILL after five seconds.
func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

func stopAll() {
	procMu.Lock()
	defer procMu.Unlock()
	for _, p := range startedProc {
		p.stop()
	}
}

func (p *proc) logText() string {
	s := p.log.String()
	if len(s) > 4000 {
		s = "...\n" + s[len(s)-4000:]
	}
	return s
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}

// flushAll empties a server between tests.
func flushAll(t testing.TB, p *proc) {
	t.Helper()
	c := dial(t, p)
	defer c.Close()
	if r := c.do("FLUSHALL"); r != "+OK" {
		t.Fatalf("%s FLUSHALL: %s", p.name, r)
	}
}

// runCmd runs a client tool with a timeout and returns its combined output.
func runCmd(t testing.TB, stdin []byte, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}
