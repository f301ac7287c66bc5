//go:build interop

package interop

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAOFFullDisk runs the real binary on a small tmpfs under appendfsync
// always: once the disk is full, writes are refused with MISCONF, reads go
// on, nothing acknowledged is lost, and after space is freed the server
// takes writes again by itself; a restart then has every acknowledged key.
func TestAOFFullDisk(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", dir).CombinedOutput(); err != nil {
		need(t, fmt.Errorf("mounting a tmpfs (needs root): %v: %s", err, out))
	}
	// NB: a cleanup, not a defer: it must run after the servers' cleanups
	// have stopped them, or the busy mount stays behind.
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	ballast := filepath.Join(dir, "ballast")
	if err := os.WriteFile(ballast, make([]byte, 2<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	p := startStrataIn(t, dir)
	c := dial(t, p)
	defer c.Close()
	// NB: values the base's LZF cannot shrink: with a repeated byte, the
	// auto rewrites (min size 64 KB here) compressed the dataset into a
	// few hundred KB and, when they kept up, the disk never filled.
	value := func(i int) string {
		b := make([]byte, 500)
		r := rand.New(rand.NewPCG(uint64(i), 7))
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		return hex.EncodeToString(b)
	}
	var acked []string
	refused := ""
	for i := 0; i < 5000 && refused == ""; i++ {
		key := fmt.Sprint("full:", i)
		switch r := c.do("SET", key, value(i)); {
		case r == "+OK":
			acked = append(acked, key)
		case strings.HasPrefix(r, "-MISCONF Errors writing to the AOF file: No space left on device"):
			refused = r
		case r == "<closed>" || r == "<timeout>":
			c.Close()
			c = dial(t, p)
		default:
			t.Fatalf("SET %s: %s", key, r)
		}
	}
	if refused == "" {
		t.Fatal("the disk never filled")
	}
	t.Logf("%d keys acknowledged before: %s", len(acked), refused)
	if r := c.do("GET", acked[0]); r != fmt.Sprintf("%q", value(0)) {
		t.Fatalf("GET during the full disk: %.40s", r)
	}
	if err := os.Remove(ballast); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for c.do("SET", "after", "1") != "+OK" {
		if time.Now().After(deadline) {
			t.Fatalf("writes still refused after space was freed: %s", c.do("INFO", "persistence"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Each repair attempt on the full disk opened an INCR file of its own;
	// the one that succeeded removed the others.
	if extra := unlistedFiles(t, filepath.Join(dir, "appendonlydir")); len(extra) > 0 {
		t.Fatalf("files the manifest does not list: %v", extra)
	}
	c.Close()
	p.cmd.Process.Kill()
	<-p.done
	p2 := startStrataIn(t, dir)
	c2 := dial(t, p2)
	defer c2.Close()
	for _, key := range append(acked, "after") {
		if r := c2.do("EXISTS", key); r != ":1" {
			t.Fatalf("%s lost after the restart", key)
		}
	}
	p2.stop()
}

// unlistedFiles returns the files of an append only directory that its
// manifest does not name, the manifest itself aside.
func unlistedFiles(t *testing.T, aofDir string) []string {
	t.Helper()
	manifest, err := os.ReadFile(filepath.Join(aofDir, "appendonly.aof.manifest"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{"appendonly.aof.manifest": true}
	for _, line := range strings.Split(string(manifest), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "file" {
			listed[f[1]] = true
		}
	}
	entries, err := os.ReadDir(aofDir)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, e := range entries {
		if !listed[e.Name()] {
			extra = append(extra, e.Name())
		}
	}
	return extra
}
