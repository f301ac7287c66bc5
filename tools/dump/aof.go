package dump

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/strata-db/strata/aof"
	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/rdb"
)

// AOFStats counts what an AOF dump read and wrote.
type AOFStats struct {
	Files    int
	Keys     int64 // keys of RDB preambles
	Commands int64 // commands read
	Written  int64 // keys and commands written
	TornTail *aof.TornTailError
}

// DumpAOF streams what the AOF at path (a manifest or a single file)
// holds, in load order: the keys of an RDB preamble, then commands. A torn
// tail of the last file ends the dump (reported in the stats); corruption
// is an error.
func DumpAOF(fs vfs.FS, path string, w io.Writer, opts Options) (AOFStats, error) {
	if fs == nil {
		fs = vfs.Default
	}
	files, err := aofFiles(fs, path)
	if err != nil {
		return AOFStats{}, err
	}
	a := &aofDumper{fs: fs, opts: opts, kw: newKeyWriter(w, opts)}
	for i, f := range files {
		a.stats.Files++
		err = a.file(f, i == len(files)-1)
		if err != nil {
			break
		}
	}
	if ferr := a.kw.flush(); err == nil {
		err = ferr
	}
	a.stats.Keys, a.stats.Written = a.kw.stats.Keys, a.stats.Written+a.kw.stats.Written
	return a.stats, err
}

// aofFiles lists the files to read: a manifest's base and incr files, or
// the single file itself.
func aofFiles(fs vfs.FS, path string) ([]string, error) {
	f, err := fs.Open(path)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	f.Close()
	if !strings.HasPrefix(string(head[:n]), "file ") && !strings.Contains(string(head[:n]), "\nfile ") {
		return []string{path}, nil
	}
	data, err := readAll(fs, path)
	if err != nil {
		return nil, err
	}
	m, err := aof.ParseManifest(data)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, info := range m.LoadOrder() {
		files = append(files, filepath.Join(filepath.Dir(path), info.Name))
	}
	return files, nil
}

func readAll(fs vfs.FS, path string) ([]byte, error) {
	f, err := fs.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

type aofDumper struct {
	fs    vfs.FS
	opts  Options
	kw    *keyWriter
	stats AOFStats
}

func (a *aofDumper) file(path string, last bool) error {
	f, err := a.fs.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	start, err := a.preamble(f, st.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	tr := &tickReader{r: io.NewSectionReader(f, start, st.Size()-start), n: start, size: st.Size(), tick: a.opts.Tick}
	return a.commands(aof.NewReader(tr, path), start, last)
}

// preamble dumps the RDB at the start of the file, if any, and returns
// where the RESP part starts.
func (a *aofDumper) preamble(f vfs.File, size int64) (int64, error) {
	head := make([]byte, 5)
	if n, _ := f.ReadAt(head, 0); n < 5 || !aof.HasRDBPreamble(head) {
		return 0, nil
	}
	d := rdb.NewDecoder(&tickReader{r: io.NewSectionReader(f, 0, size), size: size, tick: a.opts.Tick}, rdb.Options{Databases: 1 << 30})
	if err := d.Decode(a.kw); err != nil {
		return 0, err
	}
	return d.Offset(), nil
}

func (a *aofDumper) commands(r *aof.Reader, base int64, last bool) error {
	db, ts := 0, int64(0)
	for {
		it, err := r.Next()
		var torn *aof.TornTailError
		switch {
		case err == io.EOF:
			return nil
		case errors.As(err, &torn) && last:
			a.stats.TornTail = torn
			return nil
		case err != nil:
			return err
		}
		if it.Kind == aof.KindTimestamp {
			ts = it.TS
		}
		if it.Kind != aof.KindCommand {
			continue
		}
		a.stats.Commands++
		if strings.EqualFold(string(it.Args[0]), "select") && len(it.Args) == 2 {
			db, _ = strconv.Atoi(string(it.Args[1]))
			continue
		}
		if a.keep(db, it.Args) {
			a.stats.Written++
			a.write(r.File, base+it.Offset, db, ts, it.Args)
		}
	}
}

// keep applies the filter to a command: its database, and the pattern to
// any of its keys (commands without keys, like MULTI, pass the pattern).
func (a *aofDumper) keep(db int, args [][]byte) bool {
	f := a.opts.Filter
	if f.DB >= 0 && db != f.DB {
		return false
	}
	if f.Pattern == "" {
		return true
	}
	c := engine.Lookup(args[0])
	if c == nil {
		return false
	}
	pos := c.KeyPositions(args)
	for _, i := range pos {
		if engine.GlobMatch(f.Pattern, string(args[i]), false) {
			return true
		}
	}
	return len(pos) == 0
}

func (a *aofDumper) write(file string, offset int64, db int, ts int64, args [][]byte) {
	s := make([]string, len(args))
	for i, b := range args {
		s[i] = string(b)
	}
	r := a.kw.resp
	if a.opts.Format == RESP {
		r.selectDB(db)
		r.command(s...)
		return
	}
	fmt.Fprintf(r.w, `{"file":%s,"offset":%d,"db":%d`, jsonString(filepath.Base(file)), offset, db)
	if ts != 0 {
		fmt.Fprintf(r.w, `,"ts":%d`, ts)
	}
	r.w.WriteString(`,"cmd":[`)
	for i, x := range s {
		if i > 0 {
			r.w.WriteByte(',')
		}
		r.w.WriteString(jsonString(x))
	}
	r.w.WriteString("]}\n")
}
