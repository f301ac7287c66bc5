package torture

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/strata-db/strata/tools/rclient"
)

// server is the process under test, started from the command template in
// its own process group so that kill -9 reaches it and only it.
type server struct {
	template string
	port     int
	dir      string
	fsync    string
	cmd      *exec.Cmd
	logPath  string
	done     chan struct{}
}

func (s *server) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

func (s *server) commandLine() string {
	r := strings.NewReplacer("{port}", strconv.Itoa(s.port), "{dir}", s.dir, "{fsync}", s.fsync)
	return r.Replace(s.template)
}

// start runs the server and waits until it answers PING (not -LOADING).
func (s *server) start(timeout time.Duration) error {
	logf, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	cmd := exec.Command("sh", "-c", "exec "+s.commandLine())
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	s.cmd, s.done = cmd, make(chan struct{})
	go func() { cmd.Wait(); logf.Close(); close(s.done) }()
	return s.waitReady(timeout)
}

func (s *server) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("server exited during start (see %s)", s.logPath)
		default:
		}
		if c, err := rclient.Dial(s.addr(), time.Second); err == nil {
			_, err = c.Do("PING")
			c.Close()
			if err == nil {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("server not ready after %v (see %s)", timeout, s.logPath)
}

// kill sends SIGKILL to the server's process group and waits for it.
func (s *server) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.done
	s.cmd = nil
}

// freePort asks the kernel for a free port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
