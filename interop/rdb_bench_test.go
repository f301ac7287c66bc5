//go:build interop

package interop

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Measurements for issue 5, run by hand:
//
//	go test -tags interop ./interop -run XXX -bench 'RDB' -benchtime 1x -v
//
// They start their own servers; nothing here runs in `go test ./...`.

// rssBytes reads a process's resident set size.
func rssBytes(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// infoField reads one INFO field.
func infoField(c *rawConn, field string) string {
	r := c.do("INFO", "persistence")
	r, _ = strconv.Unquote(r)
	for _, line := range strings.Split(r, "\r\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return v
		}
	}
	return ""
}

// populateBig writes 1,000,000 string keys and 100,000 hashes of 20 fields.
func populateBig(b *testing.B, p *proc) {
	c := dial(b, p)
	defer c.Close()
	if r := slowDo(c, "DEBUG", "POPULATE", "1000000", "key", "20"); r != "+OK" {
		b.Fatalf("populate: %s", r)
	}
	w := bufio.NewWriterSize(c.c, 1<<20)
	const hashes = 100_000
	go func() {
		for i := 0; i < hashes; i++ {
			args := []string{"HSET", fmt.Sprint("hash:", i)}
			for f := 0; f < 20; f++ {
				args = append(args, fmt.Sprint("field", f), fmt.Sprint("value-", i, "-", f))
			}
			w.Write(encode(args))
		}
		w.Flush()
	}()
	for i := 0; i < hashes; i++ {
		c.c.SetReadDeadline(time.Now().Add(time.Minute))
		if _, err := readReply(c.br, false); err != nil {
			b.Fatal(err)
		}
	}
}

// slowDo runs a command that may take long (the usual reply timeout is
// seconds).
func slowDo(c *rawConn, args ...string) string {
	c.c.SetDeadline(time.Now().Add(5 * time.Minute))
	if _, err := c.c.Write(encode(args)); err != nil {
		return err.Error()
	}
	r, err := readReply(c.br, false)
	if err != nil {
		return err.Error()
	}
	return r
}

// writeLoad runs 50 closed-loop writer clients until stop closes and
// returns their latencies.
func writeLoad(b *testing.B, p *proc, stop <-chan struct{}) []time.Duration {
	var mu sync.Mutex
	var all []time.Duration
	var wg sync.WaitGroup
	for w := 0; w < 50; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c := dial(b, p)
			defer c.Close()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			var lat []time.Duration
			for {
				select {
				case <-stop:
					mu.Lock()
					all = append(all, lat...)
					mu.Unlock()
					return
				default:
				}
				var args []string
				if rng.IntN(2) == 0 {
					args = []string{"SET", fmt.Sprint("key:", rng.IntN(1_000_000)), "new-value-of-some-length"}
				} else {
					args = []string{"HSET", fmt.Sprint("hash:", rng.IntN(100_000)), fmt.Sprint("field", rng.IntN(20)), "changed"}
				}
				t0 := time.Now()
				c.do(args...)
				lat = append(lat, time.Since(t0))
			}
		}(w)
	}
	wg.Wait()
	return all
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[int(float64(len(d)-1)*p)]
}

// BenchmarkRDBBgsaveUnderLoad: RSS growth during a BGSAVE of 1M keys plus
// 100k hashes of 20 fields while 50 clients write, against the dataset's
// RSS; p99 of those writes with and without the save.
func BenchmarkRDBBgsaveUnderLoad(b *testing.B) {
	for _, name := range []string{"strata", "redis"} {
		b.Run(name, func(b *testing.B) {
			if name == "redis" {
				needRedis(b)
			}
			p, _ := startBench(b, name, "")
			pid := p.cmd.Process.Pid
			empty := rssBytes(pid)
			populateBig(b, p)
			time.Sleep(2 * time.Second)
			dataset := rssBytes(pid) - empty

			stop := make(chan struct{})
			var base []time.Duration
			done := make(chan struct{})
			go func() { base = writeLoad(b, p, stop); close(done) }()
			time.Sleep(8 * time.Second)
			close(stop)
			<-done

			ctl := dial(b, p)
			defer ctl.Close()
			stop = make(chan struct{})
			var during []time.Duration
			done = make(chan struct{})
			go func() { during = writeLoad(b, p, stop); close(done) }()
			time.Sleep(time.Second)
			before := rssBytes(pid)
			var peak atomic.Int64
			peak.Store(before)
			sampling := make(chan struct{})
			go func() {
				for {
					select {
					case <-sampling:
						return
					case <-time.After(5 * time.Millisecond):
					}
					if r := rssBytes(pid) + childRSS(pid); r > peak.Load() {
						peak.Store(r)
					}
				}
			}()
			t0 := time.Now()
			if r := ctl.do("BGSAVE"); r != "+Background saving started" {
				b.Fatalf("BGSAVE: %s", r)
			}
			for infoField(ctl, "rdb_bgsave_in_progress") != "0" {
				time.Sleep(5 * time.Millisecond)
			}
			saveTime := time.Since(t0)
			close(sampling)
			close(stop)
			<-done
			growth := peak.Load() - before
			b.ReportMetric(float64(dataset)/(1<<20), "dataset-RSS-MB")
			b.ReportMetric(float64(growth)/(1<<20), "save-RSS-growth-MB")
			b.ReportMetric(100*float64(growth)/float64(dataset), "growth-%")
			b.ReportMetric(saveTime.Seconds(), "save-s")
			b.ReportMetric(float64(percentile(base, 0.99).Microseconds()), "p99-no-save-us")
			b.ReportMetric(float64(percentile(during, 0.99).Microseconds()), "p99-during-save-us")
			b.Logf("%s: dataset RSS %d MB, growth %d MB (%.1f%%), save %.2fs, cow %s, writes %d/%d, p99 %v -> %v",
				name, dataset>>20, growth>>20, 100*float64(growth)/float64(dataset), saveTime.Seconds(),
				infoField(ctl, "rdb_last_cow_size"), len(base), len(during), percentile(base, 0.99), percentile(during, 0.99))
		})
	}
}

// childRSS sums the RSS of pid's children (redis-server's fork).
func childRSS(pid int) int64 {
	var sum int64
	for _, c := range procTree(pid) {
		sum += rssBytes(c)
	}
	return sum
}

func procTree(pid int) []int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		return nil
	}
	var out []int
	for _, f := range strings.Fields(string(data)) {
		n, _ := strconv.Atoi(f)
		out = append(out, n)
	}
	return out
}

// startBench starts a server with persistence off and a seed dump.rdb.
func startBench(b *testing.B, name, seed string) (*proc, string) {
	var dir string
	args := func(port int, d string) []string {
		dir = d
		if seed != "" {
			os.Link(seed, filepath.Join(d, "dump.rdb"))
		}
		return []string{"--save", "", "--appendonly", "no", "--port", fmt.Sprint(port),
			"--bind", "127.0.0.1", "--dir", d, "--enable-debug-command", "yes"}
	}
	bin := "redis-server"
	if name == "strata" {
		bin = strataBin
		inner := args
		args = func(port int, d string) []string { return append([]string{"server"}, inner(port, d)...) }
	}
	p, err := start(name, bin, args)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(p.stop)
	return p, dir
}

// BenchmarkRDBLoadTime: time from process start to the first PONG with a
// 1,000,000-key dump.rdb written by redis-server, Strata and Redis side by
// side (three runs each, best reported).
func BenchmarkRDBLoadTime(b *testing.B) {
	needRedis(b)
	src, dir := startBench(b, "redis", "")
	c := dial(b, src)
	if r := slowDo(c, "DEBUG", "POPULATE", "1000000"); r != "+OK" {
		b.Fatal(r)
	}
	if r := slowDo(c, "SAVE"); r != "+OK" {
		b.Fatal(r)
	}
	c.Close()
	file := filepath.Join(dir, "dump.rdb")
	for _, name := range []string{"redis", "strata"} {
		best := time.Duration(1 << 62)
		for run := 0; run < 3; run++ {
			best = min(best, timeToPong(b, name, file))
		}
		b.ReportMetric(best.Seconds(), name+"-load-s")
		b.Logf("%s: first PONG after %v", name, best)
	}
}

func timeToPong(b *testing.B, name, file string) time.Duration {
	dir := b.TempDir()
	if err := os.Link(file, filepath.Join(dir, "dump.rdb")); err != nil {
		b.Fatal(err)
	}
	port, _ := freePort()
	args := []string{"--save", "", "--appendonly", "no", "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--dir", dir}
	bin := "redis-server"
	if name == "strata" {
		bin, args = strataBin, append([]string{"server"}, args...)
	}
	cmd := exec.Command(bin, args...)
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for time.Since(t0) < time.Minute {
		if nc, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			nc.SetDeadline(time.Now().Add(30 * time.Second))
			fmt.Fprint(nc, "PING\r\n")
			line, _ := bufio.NewReader(nc).ReadString('\n')
			nc.Close()
			if line == "+PONG\r\n" {
				return time.Since(t0)
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	b.Fatalf("%s never answered", name)
	return 0
}
