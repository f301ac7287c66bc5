package recovery

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/strata-db/strata/aof"
	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/resp"
)

// replayer applies loaded commands to the engine as Redis's fake AOF
// client does: each file starts in DB 0, SELECT switches, replies are
// thrown away (a command that fails at load failed the same way when it
// was logged, so its error is no damage).
type replayer struct {
	e        *engine.Engine
	opts     Options
	rep      *Report
	db       int
	file     string
	w        resp.Writer
	ctx      engine.Ctx
	n        int64
	lastLog  time.Time
	interval time.Duration
}

func newReplayer(e *engine.Engine, opts Options, rep *Report) *replayer {
	iv := opts.ProgressInterval
	if iv <= 0 {
		iv = time.Second
	}
	return &replayer{e: e, opts: opts, rep: rep, lastLog: time.Now(), interval: iv}
}

func (r *replayer) BeginFile(info aof.Info) error {
	r.db, r.file = 0, info.Name
	r.rep.Files = append(r.rep.Files, info.Name)
	logf(r.opts, "Loading AOF file %s", info.Name)
	return nil
}

// Apply runs one command or one whole MULTI/EXEC block.
func (r *replayer) Apply(cmds [][][]byte) error {
	for _, args := range cmds {
		if err := r.run(args); err != nil {
			return err
		}
	}
	r.n += int64(len(cmds))
	if time.Since(r.lastLog) >= r.interval {
		r.lastLog = time.Now()
		logf(r.opts, "Loading AOF: %d commands replayed, now in %s", r.n, r.file)
	}
	return nil
}

func (r *replayer) run(args [][]byte) error {
	if bytes.EqualFold(args[0], []byte("select")) {
		return r.selectDB(args)
	}
	if r.opts.Command != nil {
		if ran, err := r.opts.Command(args); ran {
			if err != nil {
				return fmt.Errorf("recovery: %s reading the append only file %s: %w", args[0], r.file, err)
			}
			return nil
		}
	}
	cmd := engine.LookupArgv(args)
	if cmd == nil || cmd.Run == nil {
		return fmt.Errorf("recovery: unknown command '%s' reading the append only file %s", args[0], r.file)
	}
	if !cmd.CheckArity(len(args)) {
		return fmt.Errorf("recovery: wrong number of arguments for '%s' reading the append only file %s", args[0], r.file)
	}
	r.w.Reset()
	r.ctx = engine.Ctx{DB: r.e.DB(r.db), Cmd: cmd, Args: args, W: &r.w, NoBlock: true}
	r.e.Exec(&r.ctx)
	r.e.TakeEffects()
	return nil
}

func (r *replayer) selectDB(args [][]byte) error {
	if len(args) != 2 {
		return fmt.Errorf("recovery: bad SELECT reading the append only file %s", r.file)
	}
	n, err := strconv.Atoi(string(args[1]))
	if err != nil || n < 0 || n >= r.e.NumDBs() {
		return fmt.Errorf("recovery: SELECT %q out of range reading the append only file %s", args[1], r.file)
	}
	r.db = n
	return nil
}
