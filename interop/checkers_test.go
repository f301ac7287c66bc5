//go:build interop

package interop

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strata-db/strata/tools/checkaof"
	"github.com/strata-db/strata/tools/checkrdb"
)

var corpusSeed = flag.Int("corpus-seed", 1, "seed of the damaged-file corpus (scripts/make-damaged-corpus.sh)")

// TestCheckersAgree runs redis-check-aof / redis-check-rdb 7.0.15 and
// strata's checkers on every file of the damaged corpus: same verdict and
// exit code; after --fix, the same exit code and byte-identical files, and
// for fixed AOF directories redis-server loads both to the same DEBUG
// DIGEST. The table is logged.
func TestCheckersAgree(t *testing.T) {
	needRedis(t)
	needTool(t, "redis-check-aof")
	needTool(t, "redis-check-rdb")
	corpus := t.TempDir()
	t.Logf("corpus seed %d (-corpus-seed)", *corpusSeed)
	script := filepath.Join("..", "scripts", "make-damaged-corpus.sh")
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("sh", script, corpus, fmt.Sprint(*corpusSeed), fmt.Sprint(port)).CombinedOutput(); err != nil {
		t.Fatalf("corpus: %v\n%s", err, out)
	}
	var table strings.Builder
	fmt.Fprintf(&table, "| case | redis check | strata check | redis --fix | strata --fix | fixed files | redis-server loads |\n|---|---|---|---|---|---|---|\n")
	bad := 0
	for _, c := range readCases(t, corpus) {
		row, ok := compareDamaged(t, corpus, c[0], c[1])
		if !ok {
			bad++
			row += " **DISAGREE**"
		}
		table.WriteString(row + "\n")
	}
	t.Logf("agreement table:\n%s", table.String())
	if bad > 0 {
		t.Errorf("%d cases disagree", bad)
	}
}

func readCases(t *testing.T, dir string) [][2]string {
	data, err := os.ReadFile(filepath.Join(dir, "cases"))
	if err != nil {
		t.Fatal(err)
	}
	var cases [][2]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 {
			cases = append(cases, [2]string{f[0], f[1]})
		}
	}
	return cases
}

func compareDamaged(t *testing.T, corpus, name, target string) (string, bool) {
	if strings.HasSuffix(target, ".rdb") {
		return compareRDB(t, filepath.Join(corpus, name, target), name)
	}
	a, b := copyCase(t, corpus, name, "redis"), copyCase(t, corpus, name, "strata")
	rc := exitCode(exec.Command("redis-check-aof", filepath.Join(a, target)).Run())
	sc := aofExit(checkaof.Check(filepath.Join(b, target), checkaof.Options{}))
	fix := exec.Command("redis-check-aof", "--fix", filepath.Join(a, target))
	fix.Stdin = strings.NewReader("y\n")
	rf := exitCode(fix.Run())
	sf := aofExit(checkaof.Check(filepath.Join(b, target), checkaof.Options{Fix: true, Yes: true}))
	same := sameTree(t, a, b)
	loads := "-"
	if rf == 0 && sf == 0 && strings.HasPrefix(target, "appendonlydir/") {
		da, db := loadDigest(t, a), loadDigest(t, b)
		// A damaged byte can leave a well-formed file that the server
		// still refuses (a command name changed): both checkers pass it,
		// so the server must refuse both copies alike.
		switch {
		case da != db:
			loads, same = fmt.Sprintf("DIGESTS %q %q", da, db), false
		case da == "":
			loads = "refused for both"
		default:
			loads = "same digest"
		}
	}
	row := fmt.Sprintf("| %s | %d | %d | %d | %d | %s | %s |", name, rc, sc, rf, sf,
		map[bool]string{true: "identical", false: "DIFFER"}[same], loads)
	return row, rc == sc && rf == sf && same
}

// loadDigest starts redis-server 7.0.15 on a fixed case directory and
// returns DEBUG DIGEST of what it loaded ("" if it would not start).
func loadDigest(t *testing.T, dir string) string {
	p, err := start("redis-load", "redis-server", func(port int, _ string) []string {
		return []string{"--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes",
			"--save", "", "--enable-debug-command", "yes"}
	})
	if err != nil {
		return ""
	}
	defer p.stop()
	out, err := exec.Command("redis-cli", "-p", fmt.Sprint(p.port), "DEBUG", "DIGEST").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func compareRDB(t *testing.T, path, name string) (string, bool) {
	rc := exitCode(exec.Command("redis-check-rdb", path).Run())
	sc := 0
	if _, err := checkrdb.Check(path, checkrdb.Options{}); err != nil {
		sc = 1
	}
	return fmt.Sprintf("| %s | %d | %d | - | - | - | - |", name, rc, sc), rc == sc
}

func aofExit(_ *checkaof.Report, err error) int {
	var ee *checkaof.ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	if err != nil {
		return 2
	}
	return 0
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

func copyCase(t *testing.T, corpus, name, side string) string {
	dst := filepath.Join(t.TempDir(), side)
	if out, err := exec.Command("cp", "-r", filepath.Join(corpus, name), dst).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	return dst
}

// sameTree compares two case directories, ignoring the ".cut-" copies
// strata keeps of what it cut.
func sameTree(t *testing.T, a, b string) bool {
	same := true
	filepath.Walk(b, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || strings.Contains(fi.Name(), ".cut-") {
			return err
		}
		rel, _ := filepath.Rel(b, p)
		x, errA := os.ReadFile(filepath.Join(a, rel))
		y, _ := os.ReadFile(p)
		if errA != nil || !bytes.Equal(x, y) {
			t.Logf("%s differs", rel)
			same = false
		}
		return nil
	})
	return same
}
