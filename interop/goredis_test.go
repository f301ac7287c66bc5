//go:build interop

package interop

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func goClient(t *testing.T, p *proc, opts *redis.Options) *redis.Client {
	t.Helper()
	if opts == nil {
		opts = &redis.Options{}
	}
	opts.Addr = p.addr
	c := redis.NewClient(opts)
	t.Cleanup(func() { c.Close() })
	return c
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestGoRedisHandshake: go-redis v9 opens connections with HELLO 3 and
// CLIENT SETINFO (which 7.0 rejects and the client ignores); RESP3 maps and
// doubles must decode.
func TestGoRedisHandshake(t *testing.T) {
	bothServers(t, func(t *testing.T, p *proc) {
		ctx := ctxT(t)
		c := goClient(t, p, &redis.Options{Protocol: 3, ClientName: "interop"})
		if err := c.Ping(ctx).Err(); err != nil {
			t.Fatalf("PING: %v", err)
		}
		info, err := c.ClientInfo(ctx).Result()
		if err != nil {
			t.Fatalf("CLIENT INFO: %v", err)
		}
		if info.Resp != 3 || info.Name != "interop" {
			t.Errorf("CLIENT INFO: resp=%d name=%q, want resp=3 name=interop", info.Resp, info.Name)
		}
		c.HSet(ctx, "h", "a", "1", "b", "2")
		if m, err := c.HGetAll(ctx, "h").Result(); err != nil || len(m) != 2 || m["a"] != "1" {
			t.Errorf("HGETALL over RESP3: %v %v", m, err)
		}
		c.ZAdd(ctx, "z", redis.Z{Score: 1.5, Member: "m"})
		if s, err := c.ZScore(ctx, "z", "m").Result(); err != nil || s != 1.5 {
			t.Errorf("ZSCORE over RESP3: %v %v", s, err)
		}
		c2 := goClient(t, p, &redis.Options{Protocol: 2})
		if v, err := c2.HGetAll(ctx, "h").Result(); err != nil || v["b"] != "2" {
			t.Errorf("HGETALL over RESP2: %v %v", v, err)
		}
	})
}

func TestGoRedisPipeline(t *testing.T) {
	bothServers(t, func(t *testing.T, p *proc) {
		ctx := ctxT(t)
		c := goClient(t, p, nil)
		cmds, err := c.Pipelined(ctx, func(pipe redis.Pipeliner) error {
			for i := 0; i < 500; i++ {
				pipe.Set(ctx, fmt.Sprintf("k%d", i), i, 0)
				pipe.Incr(ctx, "counter")
			}
			pipe.Get(ctx, "k499")
			pipe.Get(ctx, "missing")
			return nil
		})
		if err != nil && !errors.Is(err, redis.Nil) {
			t.Fatalf("pipeline: %v", err)
		}
		if n := len(cmds); n != 1002 {
			t.Fatalf("%d results, want 1002", n)
		}
		if v := cmds[999].(*redis.IntCmd).Val(); v != 500 {
			t.Errorf("last INCR = %d, want 500", v)
		}
		if v := cmds[1000].(*redis.StringCmd).Val(); v != "499" {
			t.Errorf("GET k499 = %q", v)
		}
		if err := cmds[1001].Err(); !errors.Is(err, redis.Nil) {
			t.Errorf("GET missing: %v, want redis.Nil", err)
		}
		// An error in the middle of a pipeline stays with its command.
		cmds, _ = c.Pipelined(ctx, func(pipe redis.Pipeliner) error {
			pipe.Set(ctx, "s", "x", 0)
			pipe.Incr(ctx, "s")
			pipe.Get(ctx, "s")
			return nil
		})
		if err := cmds[1].Err(); err == nil || !strings.Contains(err.Error(), "not an integer") {
			t.Errorf("INCR on a string: %v", err)
		}
		if v := cmds[2].(*redis.StringCmd).Val(); v != "x" {
			t.Errorf("GET after error = %q", v)
		}
	})
}

// TestGoRedisWatch increments one counter from many goroutines with
// optimistic locking; every lost race must surface as TxFailedErr.
func TestGoRedisWatch(t *testing.T) {
	bothServers(t, func(t *testing.T, p *proc) {
		ctx := ctxT(t)
		c := goClient(t, p, &redis.Options{PoolSize: 10})
		const workers, each = 10, 20
		incr := func() error {
			return c.Watch(ctx, func(tx *redis.Tx) error {
				n, err := tx.Get(ctx, "counter").Int()
				if err != nil && !errors.Is(err, redis.Nil) {
					return err
				}
				_, err = tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
					pipe.Set(ctx, "counter", n+1, 0)
					return nil
				})
				return err
			}, "counter")
		}
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; {
					err := incr()
					if errors.Is(err, redis.TxFailedErr) {
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					i++
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("transaction: %v", err)
		}
		if n, _ := c.Get(ctx, "counter").Int(); n != workers*each {
			t.Errorf("counter = %d, want %d", n, workers*each)
		}
		// A write between WATCH and EXEC aborts the transaction.
		err := c.Watch(ctx, func(tx *redis.Tx) error {
			c.Set(ctx, "counter", "stolen", 0)
			_, err := tx.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
				pipe.Set(ctx, "counter", "mine", 0)
				return nil
			})
			return err
		}, "counter")
		if !errors.Is(err, redis.TxFailedErr) {
			t.Errorf("conflicting write: %v, want TxFailedErr", err)
		}
		if v := c.Get(ctx, "counter").Val(); v != "stolen" {
			t.Errorf("counter = %q after aborted EXEC", v)
		}
	})
}

func TestGoRedisPubSub(t *testing.T) {
	bothServers(t, func(t *testing.T, p *proc) {
		ctx := ctxT(t)
		c := goClient(t, p, nil)
		sub := c.Subscribe(ctx, "news")
		defer sub.Close()
		if _, err := sub.Receive(ctx); err != nil {
			t.Fatalf("subscribe: %v", err)
		}
		if err := sub.PSubscribe(ctx, "ev.*"); err != nil {
			t.Fatalf("psubscribe: %v", err)
		}
		if _, err := sub.Receive(ctx); err != nil {
			t.Fatalf("psubscribe confirmation: %v", err)
		}
		if n := c.Publish(ctx, "news", "hello").Val(); n != 1 {
			t.Errorf("PUBLISH news reached %d, want 1", n)
		}
		if n := c.Publish(ctx, "ev.one", "pattern").Val(); n != 1 {
			t.Errorf("PUBLISH ev.one reached %d, want 1", n)
		}
		want := []string{"news|news|hello", "ev.one|ev.*|pattern"}
		for _, w := range want {
			msg, err := sub.ReceiveMessage(ctx)
			if err != nil {
				t.Fatalf("receive: %v", err)
			}
			if got := msg.Channel + "|" + orChannel(msg.Pattern, msg.Channel) + "|" + msg.Payload; got != w {
				t.Errorf("message %q, want %q", got, w)
			}
		}
		if n := c.PubSubNumSub(ctx, "news").Val()["news"]; n != 1 {
			t.Errorf("PUBSUB NUMSUB news = %d", n)
		}
	})
}

func orChannel(pattern, channel string) string {
	if pattern == "" {
		return channel
	}
	return pattern
}

func TestGoRedisScan(t *testing.T) {
	bothServers(t, func(t *testing.T, p *proc) {
		ctx := ctxT(t)
		c := goClient(t, p, nil)
		want := map[string]bool{}
		pipe := c.Pipeline()
		for i := 0; i < 1500; i++ {
			k := fmt.Sprintf("user:%d", i)
			want[k] = true
			pipe.Set(ctx, k, i, 0)
			pipe.Set(ctx, fmt.Sprintf("other:%d", i), i, 0)
		}
		pipe.RPush(ctx, "user:list", "x")
		if _, err := pipe.Exec(ctx); err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		iter := c.Scan(ctx, 0, "user:*", 50).Iterator()
		for iter.Next(ctx) {
			got[iter.Val()] = true
		}
		if err := iter.Err(); err != nil {
			t.Fatal(err)
		}
		want["user:list"] = true
		if missing := diffKeys(want, got); len(missing) > 0 || len(got) != len(want) {
			t.Errorf("SCAN MATCH user:*: %d keys, want %d; missing %v", len(got), len(want), missing)
		}
		keys, _, err := c.ScanType(ctx, 0, "user:*", 10000, "list").Result()
		if err != nil || len(keys) != 1 || keys[0] != "user:list" {
			t.Errorf("SCAN TYPE list = %v, %v", keys, err)
		}
	})
}

func diffKeys(want, got map[string]bool) []string {
	var out []string
	for k := range want {
		if !got[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	if len(out) > 5 {
		out = append(out[:5], "...")
	}
	return out
}

// TestGoRedisPool drives one pooled client from 50 goroutines.
func TestGoRedisPool(t *testing.T) {
	bothServers(t, func(t *testing.T, p *proc) {
		ctx := ctxT(t)
		c := goClient(t, p, &redis.Options{PoolSize: 50, MinIdleConns: 10})
		const workers, each = 50, 200
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				key := fmt.Sprintf("w%d", w)
				for i := 0; i < each; i++ {
					if err := c.Incr(ctx, "shared").Err(); err != nil {
						errs <- err
						return
					}
					if err := c.RPush(ctx, key, i).Err(); err != nil {
						errs <- err
						return
					}
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("worker: %v", err)
		}
		if n, _ := c.Get(ctx, "shared").Int(); n != workers*each {
			t.Errorf("shared = %d, want %d", n, workers*each)
		}
		for w := 0; w < workers; w++ {
			vals := c.LRange(ctx, fmt.Sprintf("w%d", w), 0, -1).Val()
			if len(vals) != each || vals[0] != "0" || vals[each-1] != fmt.Sprint(each-1) {
				t.Fatalf("list w%d: %d items", w, len(vals))
			}
		}
		if st := c.PoolStats(); st.TotalConns > 50 || st.Timeouts > 0 {
			t.Errorf("pool stats %+v", st)
		}
	})
}
