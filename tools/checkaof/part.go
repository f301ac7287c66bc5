package checkaof

import "slices"

// Status is the outcome of one file's check, as redis-check-aof names it.
type Status int

const (
	StatusOK Status = iota
	StatusEmpty
	StatusTruncated
	StatusTimestampTruncated
	StatusInvalid // damaged and left alone
)

var statusNames = [...]string{"valid", "empty", "truncated", "truncated-to-timestamp", "invalid"}

func (s Status) String() string { return statusNames[s] }

// Part is the report of one checked file.
type Part struct {
	Name   string // as the manifest names it, or the path given
	Path   string
	Role   string // "base", "incr" or "file" (a single file)
	Format string // "rdb" (RDB preamble, RESP may follow) or "resp"
	Size   int64
	Status Status

	OkUpTo      int64  // bytes that are sound
	Commands    int64  // complete commands up to OkUpTo
	DBs         []int  // databases the commands (or RDB keys) touch, sorted
	FirstTS     int64  // first #TS annotation (unix seconds), 0 if none
	LastTS      int64  // last #TS annotation, 0 if none
	RDBKeys     int64  // keys in the RDB preamble
	RDBEnd      int64  // where the RDB preamble ends
	LastGood    string // the last complete command before OkUpTo, quoted
	LastGoodEnd int64  // offset after it

	Damage       string // why the file is not sound, "" if it is
	DamageOffset int64  // where the failing read started
	CutFile      string // with --fix: where the cut bytes were kept
	CutBytes     int64
}

func (p *Part) noteDB(db int) {
	if i, found := slices.BinarySearch(p.DBs, db); !found {
		p.DBs = slices.Insert(p.DBs, i, db)
	}
}

func (p *Part) noteTS(ts int64) {
	if p.FirstTS == 0 {
		p.FirstTS = ts
	}
	p.LastTS = ts
}

// Report is what a check found, file by file in loading order.
type Report struct {
	Manifest string // the manifest path, "" for a single file
	Parts    []*Part
	Valid    bool // every file is sound (after any fix)
}
