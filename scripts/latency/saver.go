package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"time"
)

// saver drives BGSAVE for -bgsave and watches the server's RSS.
type saver struct {
	o  options
	c  net.Conn
	br *bufio.Reader
}

type saverResult struct {
	saves     int
	peakKB    int64
	outlasted int // 1 when a save was still running when measuring ended
	err       error
}

func newSaver(o options) (*saver, error) {
	if o.bgsave != "once" && o.bgsave != "loop" {
		return nil, fmt.Errorf("-bgsave must be once or loop, not %q", o.bgsave)
	}
	c, err := net.Dial("tcp", o.addr)
	if err != nil {
		return nil, err
	}
	return &saver{o: o, c: c, br: bufio.NewReader(c)}, nil
}

// run sends the first BGSAVE at from, samples every 50 ms until end, and
// then until the running save (if any) has finished.
func (sv *saver) run(from, end time.Time) saverResult {
	defer sv.c.Close()
	var r saverResult
	time.Sleep(time.Until(from))
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		running, err := sv.inProgress()
		if err != nil {
			r.err = err
			return r
		}
		past := !time.Now().Before(end)
		if past && r.outlasted == 0 && r.saves > 0 && running {
			r.outlasted = 1
		}
		if past && !running {
			return r
		}
		if !past && !running && (r.saves == 0 || sv.o.bgsave == "loop") {
			if err := sv.command("BGSAVE"); err != nil {
				r.err = err
				return r
			}
			r.saves++
		}
		if kb := rssKB(sv.o.pid); kb > r.peakKB {
			r.peakKB = kb
		}
		<-tick.C
	}
}

// inProgress asks INFO persistence whether a save is running.
func (sv *saver) inProgress() (bool, error) {
	if _, err := io.WriteString(sv.c, "*2\r\n$4\r\nINFO\r\n$11\r\npersistence\r\n"); err != nil {
		return false, err
	}
	line, err := sv.br.ReadString('\n')
	if err != nil {
		return false, err
	}
	n, err := strconv.Atoi(line[1 : len(line)-2])
	if line[0] != '$' || err != nil {
		return false, fmt.Errorf("INFO: unexpected reply %q", line)
	}
	body := make([]byte, n+2)
	if _, err := io.ReadFull(sv.br, body); err != nil {
		return false, err
	}
	return bytes.Contains(body, []byte("rdb_bgsave_in_progress:1")), nil
}

func (sv *saver) command(name string) error {
	if _, err := fmt.Fprintf(sv.c, "*1\r\n$%d\r\n%s\r\n", len(name), name); err != nil {
		return err
	}
	line, err := sv.br.ReadString('\n')
	if err != nil {
		return err
	}
	if line[0] == '-' {
		return fmt.Errorf("%s: %s", name, line)
	}
	return nil
}

// rssKB reads VmRSS of pid, 0 when unknown.
func rssKB(pid int) int64 {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, l := range bytes.Split(b, []byte("\n")) {
		if f := bytes.Fields(l); len(f) >= 2 && string(f[0]) == "VmRSS:" {
			kb, _ := strconv.ParseInt(string(f[1]), 10, 64)
			return kb
		}
	}
	return 0
}
