package checkaof

import (
	"io"

	"github.com/strata-db/strata/rdb"
)

// checkSingle checks one file as redis-check-aof's checkSingleAof does:
// the RDB preamble (if any), then items until the end or the first
// damage, then the verdict, the fix or the exit.
func (ck *Checker) checkSingle(p *Part, last, preamble bool) (Status, error) {
	f, err := ck.opts.FS.Open(p.Path)
	if err != nil {
		return 0, ck.exit("Cannot open file %s: %s, aborting...\n", p.Path, cause(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, ck.exit("Cannot stat file: %s, aborting...\n", p.Name)
	}
	p.Size = st.Size()
	if p.Size == 0 {
		return StatusEmpty, nil
	}
	var start int64
	if preamble {
		if start, err = ck.checkPreamble(p, f); err != nil {
			return 0, err
		}
	}
	var in io.Reader = io.NewSectionReader(f, start, p.Size-start)
	if ck.opts.Tick != nil {
		in = &tickReader{r: in, n: start, size: p.Size, tick: ck.opts.Tick}
	}
	s := &scan{ck: ck, part: p, last: last, r: newCReader(in, start)}
	pos, cut, err := s.loop()
	if err != nil {
		return 0, err
	}
	p.OkUpTo = pos
	if cut {
		return ck.truncate(p, ck.epos, StatusTimestampTruncated)
	}
	return ck.verdict(p, s, pos, last)
}

// reservedZeros explains a file that is sound up to zeros that run to its
// end: what Strata's log leaves of the space it reserves ahead of its
// writes (strata-aof-reserve) while it runs and after a crash.
const reservedZeros = "format error: zeros to the end of the file; Strata's log reserves space ahead of its " +
	"writes and a running or crashed Strata leaves it so; strata server loads the file as it is, and --fix cuts " +
	"the zeros for redis-server"

// loop reads items; pos is where the last item outside a transaction
// started, i.e. how far the file is sound.
func (s *scan) loop() (pos int64, cut bool, err error) {
	for {
		if s.multi == 0 {
			pos = s.r.off
		}
		c, ok := s.r.peek()
		if !ok {
			break
		}
		if c == '#' {
			done, err := s.processAnnotation()
			if err != nil || done {
				return pos, done, err
			}
			continue
		}
		if c != '*' {
			s.ck.printf("AOF %s format error\n", s.part.Name)
			s.part.Damage, s.part.DamageOffset = "format error", s.r.off
			if c == 0 && s.r.restIsZero() {
				s.part.Damage = reservedZeros
			}
			break
		}
		if !s.processRESP() {
			break
		}
		s.noteCommand(s.r.off)
	}
	if s.r.eof && s.multi != 0 && s.ck.errText == "" {
		s.fail("Reached EOF before reading EXEC for MULTI")
	}
	if s.part.Damage == "" && s.r.off != pos {
		s.part.Damage, s.part.DamageOffset = "unexpected end of file", s.r.off
	}
	return pos, false, nil
}

// verdict prints the analysis line and acts on damage.
func (ck *Checker) verdict(p *Part, s *scan, pos int64, last bool) (Status, error) {
	if ck.errText != "" {
		ck.printf("%s\n", ck.errText)
	}
	diff := p.Size - pos
	if diff == 0 && ck.opts.TruncateToTimestamp != 0 {
		ck.printf("Truncate nothing in AOF %s to timestamp %d\n", p.Name, ck.opts.TruncateToTimestamp)
		return StatusOK, nil
	}
	ck.printf("AOF analyzed: filename=%s, size=%d, ok_up_to=%d, ok_up_to_line=%d, diff=%d\n",
		p.Name, p.Size, pos, ck.line, diff)
	if diff == 0 {
		return StatusOK, nil
	}
	if !ck.opts.Fix {
		p.Status = StatusInvalid
		return 0, ck.exit("AOF %s is not valid. Use the --fix option to try fixing it.\n", p.Name)
	}
	if !last {
		p.Status = StatusInvalid
		return 0, ck.exit("Failed to truncate AOF %s because it is not the last file\n", p.Name)
	}
	ck.printf("This will shrink the AOF %s from %d bytes, with %d bytes, to %d bytes\n", p.Name, p.Size, diff, pos)
	if !ck.confirm() {
		p.Status = StatusInvalid
		return 0, ck.exit("Aborting...\n")
	}
	return ck.truncate(p, pos, StatusTruncated)
}

// checkPreamble checks the RDB at the start of the file and returns where
// the RESP tail begins.
func (ck *Checker) checkPreamble(p *Part, f io.ReaderAt) (int64, error) {
	p.Format = "rdb"
	d := rdb.NewDecoder(io.NewSectionReader(f, 0, p.Size), rdb.Options{Databases: 1 << 30})
	err := d.Decode(rdb.Funcs{OnKey: func(rec *rdb.Record) error {
		p.RDBKeys++
		p.noteDB(rec.DB)
		return nil
	}})
	if err == nil && d.SkippedEmpty > 0 {
		err = errEmptyKey
	}
	if err != nil {
		ck.printf("RDB preamble of AOF file is not sane, aborting.\n")
		p.Status, p.Damage, p.DamageOffset = StatusInvalid, err.Error(), d.Offset()
		return 0, &ExitError{Code: 1}
	}
	ck.printf("RDB preamble is OK, proceeding with AOF tail...\n")
	p.RDBEnd = d.Offset()
	return d.Offset(), nil
}

// tickReader reports how far a file has been read.
type tickReader struct {
	r    io.Reader
	n    int64
	size int64
	tick func(offset, size int64)
}

func (t *tickReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.n += int64(n)
	t.tick(t.n, t.size)
	return n, err
}
