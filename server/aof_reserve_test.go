package server

import (
	"strconv"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/internal/crashtest"
)

// The log reserves its file's space in steps of strata-aof-reserve: the
// INCR file is longer than its commands while the server runs,
// aof_current_size counts only the commands, a restart on a file that
// kept its zeros (a crash) writes into them, and nothing is lost.
func TestAOFReservedSpace(t *testing.T) {
	const incr = "/data/appendonlydir/appendonly.aof.1.incr.aof"
	fs := crashtest.ReservingFS(vfs.NewMem())
	s := startAOF(t, fs, "--appendfsync", "always", "--strata-aof-reserve", "64kb")
	c := dial(t, s)
	c.expect("[strata-aof-reserve 65536]", "CONFIG", "GET", "strata-aof-reserve")
	for i := 0; i < 100; i++ {
		c.expect("OK", "SET", "k"+strconv.Itoa(i), "v")
	}
	if got := fileSize(t, fs, incr); got != 64<<10 {
		t.Fatalf("INCR file is %d bytes while written, want one step of 64kb", got)
	}
	size, base := aofSizes(c)
	if size-base <= 0 || size-base >= 64<<10 {
		t.Fatalf("aof_current_size %d, aof_base_size %d: the commands alone, not the reserved space", size, base)
	}
	stop(t, s)
	if got := fs.Truncates(); len(got) != 1 || got[0] != size-base {
		t.Fatalf("cuts at close %v, want [%d]", got, size-base)
	}

	// The test double cannot shrink a file: the zeros stay, as after a
	// crash before the cut reached the disk.
	s2 := startAOF(t, fs, "--appendfsync", "always", "--strata-aof-reserve", "64kb")
	c2 := dial(t, s2)
	c2.expect("100", "DBSIZE")
	if got := infoField(c2, "aof_current_size"); got != strconv.FormatInt(size, 10) {
		t.Fatalf("aof_current_size after the restart %s, want %d", got, size)
	}
	c2.expect("OK", "SET", "after", "1")
	stop(t, s2)
	s3 := startAOF(t, fs)
	c3 := dial(t, s3)
	c3.expect("101", "DBSIZE")
	c3.expect("1", "GET", "after")
}

// CONFIG SET strata-aof-reserve 0 stops reserving from the next write on.
func TestAOFReserveConfigSet(t *testing.T) {
	const incr = "/data/appendonlydir/appendonly.aof.1.incr.aof"
	fs := crashtest.ReservingFS(vfs.NewMem())
	s := startAOF(t, fs, "--appendfsync", "always", "--strata-aof-reserve", "4kb")
	c := dial(t, s)
	c.expect("OK", "CONFIG", "SET", "strata-aof-reserve", "0")
	c.expect("[strata-aof-reserve 0]", "CONFIG", "GET", "strata-aof-reserve")
	for i := 0; i < 200; i++ {
		c.expect("OK", "SET", "k"+strconv.Itoa(i), "v")
	}
	size, base := aofSizes(c)
	if got := fileSize(t, fs, incr); got != size-base {
		t.Fatalf("INCR file is %d bytes, its commands %d: nothing may be reserved", got, size-base)
	}
}

// aofSizes reads aof_current_size and aof_base_size from INFO.
func aofSizes(c *testConn) (size, base int64) {
	size, _ = strconv.ParseInt(infoField(c, "aof_current_size"), 10, 64)
	base, _ = strconv.ParseInt(infoField(c, "aof_base_size"), 10, 64)
	return size, base
}

func fileSize(t *testing.T, fs vfs.FS, name string) int64 {
	t.Helper()
	st, err := fs.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
