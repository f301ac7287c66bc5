// Command latency sends requests to a Redis-protocol server at a fixed rate
// from several connections and prints latency percentiles. Latency is taken
// from the moment a request was due, not when it was sent, so a server that
// stalls is charged for the queue it causes (no coordinated omission);
// when the generator slept until that moment, from when it woke and sent:
// the sleep's lateness is its own (drive).
//
//	go run ./scripts/latency -addr 127.0.0.1:6379 -rate 20000 -conns 20 -duration 10s
//
// The workload is SET and GET of 16-byte values over -keys keys, a -writes
// fraction of them SETs (default half).
// Output is one line of key=value pairs for scripts/bench.sh.
//
// With -bgsave once or loop, a saver on one more connection sends BGSAVE
// when the measured time starts (once) or whenever none is running (loop),
// and samples the server's RSS (-pid) every 50 ms until the last save
// ends; a second line reports the saves and the peak RSS. The saver is in
// this process on purpose: a shell loop forking redis-cli twenty times a
// second disturbs whichever core it lands on, and so the latencies.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"
)

type options struct {
	addr     string
	rate     int
	conns    int
	duration time.Duration
	warmup   time.Duration
	keys     int
	writes   float64
	bgsave   string
	pid      int
}

func main() {
	var o options
	flag.StringVar(&o.addr, "addr", "127.0.0.1:6379", "server address")
	flag.IntVar(&o.rate, "rate", 20000, "requests per second, all connections together")
	flag.IntVar(&o.conns, "conns", 20, "connections")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "measured time")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured time before it")
	flag.IntVar(&o.keys, "keys", 100000, "key space")
	flag.Float64Var(&o.writes, "writes", 0.5, "fraction of requests that are SETs")
	flag.StringVar(&o.bgsave, "bgsave", "", "once: one BGSAVE when measuring starts; loop: BGSAVE back to back")
	flag.IntVar(&o.pid, "pid", 0, "server process whose RSS the saver samples")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "latency:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	interval := time.Duration(int64(time.Second) * int64(o.conns) / int64(o.rate))
	start := time.Now().Add(100 * time.Millisecond)
	measureFrom := start.Add(o.warmup)
	end := measureFrom.Add(o.duration)
	results := make([][]time.Duration, o.conns)
	errs := make([]error, o.conns)
	var wg sync.WaitGroup
	saved := make(chan saverResult, 1)
	if o.bgsave != "" {
		sv, err := newSaver(o)
		if err != nil {
			return err
		}
		go func() { saved <- sv.run(measureFrom, end) }()
	}
	for i := 0; i < o.conns; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// Spread the connections' schedules over one interval.
			first := start.Add(interval * time.Duration(i) / time.Duration(o.conns))
			results[i], errs[i] = drive(o, first, interval, measureFrom, end, int64(i))
		}(i)
	}
	wg.Wait()
	var all []time.Duration
	for i := range results {
		if errs[i] != nil {
			return errs[i]
		}
		all = append(all, results[i]...)
	}
	report(all, o.duration)
	if o.bgsave != "" {
		r := <-saved
		if r.err != nil {
			return r.err
		}
		fmt.Printf("saves=%d peak_rss_kb=%d save_outlasted_window=%d\n", r.saves, r.peakKB, r.outlasted)
	}
	return nil
}

// drive runs one connection: a request is due every interval from first;
// it is sent when due or, if the previous reply is late, as soon as it
// arrives. Its latency counts from when it was due, or from when it was
// sent if the generator slept until its due time.
func drive(o options, first time.Time, interval time.Duration, measureFrom, end time.Time, seed int64) ([]time.Duration, error) {
	c, err := net.Dial("tcp", o.addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	br := bufio.NewReader(c)
	rng := rand.New(rand.NewSource(seed))
	value := "0123456789abcdef"
	var lat []time.Duration
	for due := first; due.Before(end); due = due.Add(interval) {
		// NB: latency counts from when the request was due, so that a
		// server that stalls is charged for the queue behind it, except
		// when the generator slept until then: Go's timers wake an idle
		// process up to a millisecond late (its poller waits in whole
		// milliseconds), and that lateness is the generator's. Counted
		// from due, a faster server looked slower: its replies left the
		// generator idle, and 69% of the sends of a 20,000/s run were
		// over 200 us late (35% against a slower one).
		from := due
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
			from = time.Now()
		}
		key := "lat:" + strconv.Itoa(rng.Intn(o.keys))
		var req string
		if rng.Float64() < o.writes {
			req = fmt.Sprintf("*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$16\r\n%s\r\n", len(key), key, value)
		} else {
			req = fmt.Sprintf("*2\r\n$3\r\nGET\r\n$%d\r\n%s\r\n", len(key), key)
		}
		if _, err := io.WriteString(c, req); err != nil {
			return nil, err
		}
		if err := skipReply(br); err != nil {
			return nil, err
		}
		if !due.Before(measureFrom) {
			lat = append(lat, time.Since(from))
		}
	}
	return lat, nil
}

// skipReply reads one simple, error, integer or bulk reply.
func skipReply(br *bufio.Reader) error {
	line, err := br.ReadString('\n')
	if err != nil {
		return err
	}
	switch line[0] {
	case '-':
		return fmt.Errorf("server error: %s", line)
	case '$':
		n, err := strconv.Atoi(line[1 : len(line)-2])
		if err != nil || n < 0 {
			return err
		}
		_, err = br.Discard(n + 2)
		return err
	}
	return nil
}

func report(lat []time.Duration, d time.Duration) {
	slices.Sort(lat)
	q := func(p float64) string {
		if len(lat) == 0 {
			return "0"
		}
		i := int(p * float64(len(lat)-1))
		return strconv.FormatFloat(float64(lat[i].Microseconds())/1000, 'f', 3, 64)
	}
	fmt.Printf("requests=%d rate=%.0f p50_ms=%s p99_ms=%s p999_ms=%s max_ms=%s\n",
		len(lat), float64(len(lat))/d.Seconds(), q(0.50), q(0.99), q(0.999), q(1))
}
