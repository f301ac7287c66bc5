package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/strata-db/strata/tools/dump"
	"github.com/strata-db/strata/tools/progress"
	"github.com/urfave/cli/v2"
)

// dumpFlags are the output and filter flags of `rdb dump` and `aof dump`.
func dumpFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "format", Value: "json", Usage: "json (one object a line) or resp (for redis-cli --pipe)"},
		&cli.IntFlag{Name: "db", Value: -1, Usage: "only this database"},
		&cli.StringFlag{Name: "key", Usage: "only keys matching this glob `PATTERN`"},
		&cli.StringFlag{Name: "type", Usage: "only these types, comma separated (string,list,set,zset,hash,stream)"},
		&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write to `FILE` instead of standard output"},
		logLevelFlag,
	}
}

func dumpOptions(c *cli.Context) (dump.Options, error) {
	f, ok := dump.ParseFormat(c.String("format"))
	if !ok {
		return dump.Options{}, fmt.Errorf("unknown format %q (json or resp)", c.String("format"))
	}
	opts := dump.Options{Format: f, Filter: dump.Filter{DB: c.Int("db"), Pattern: c.String("key")}}
	if t := c.String("type"); t != "" {
		opts.Filter.Types = map[string]bool{}
		for _, s := range strings.Split(t, ",") {
			opts.Filter.Types[strings.TrimSpace(s)] = true
		}
	}
	return opts, nil
}

// dumpOutput opens --out or returns standard output.
func dumpOutput(c *cli.Context) (io.WriteCloser, error) {
	if p := c.String("out"); p != "" {
		return os.Create(p)
	}
	return nopCloser{os.Stdout}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// runDump wires flags, output and progress around one dump function.
func runDump(c *cli.Context, label string, run func(path string, w io.Writer, opts dump.Options) (string, error)) error {
	if c.NArg() != 1 {
		return fmt.Errorf("usage: strata %s [options] <file>", label)
	}
	opts, err := dumpOptions(c)
	if err != nil {
		return err
	}
	out, err := dumpOutput(c)
	if err != nil {
		return err
	}
	bar := progress.New(label, os.Stderr, toolLogger(c))
	opts.Tick = bar.Update
	summary, err := run(c.Args().First(), out, opts)
	bar.Done()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	fmt.Fprintln(os.Stderr, summary)
	return err
}

func rdbDumpCommand() *cli.Command {
	return &cli.Command{
		Name:      "dump",
		Usage:     "stream an RDB file's keys as JSON lines or RESP commands",
		ArgsUsage: "<file.rdb>",
		Flags:     dumpFlags(),
		Action: func(c *cli.Context) error {
			return runDump(c, "rdb dump", func(path string, w io.Writer, opts dump.Options) (string, error) {
				st, err := dump.DumpRDB(nil, path, w, opts)
				return fmt.Sprintf("%d keys read, %d written, %d elements", st.Keys, st.Written, st.Elements), err
			})
		},
	}
}

func aofDumpCommand() *cli.Command {
	return &cli.Command{
		Name:      "dump",
		Usage:     "stream an AOF's content (RDB preamble keys, then commands) as JSON lines or RESP",
		ArgsUsage: "<file.manifest|file.aof>",
		Flags:     dumpFlags(),
		Action: func(c *cli.Context) error {
			return runDump(c, "aof dump", func(path string, w io.Writer, opts dump.Options) (string, error) {
				st, err := dump.DumpAOF(nil, path, w, opts)
				s := fmt.Sprintf("%d files, %d preamble keys, %d commands read, %d written", st.Files, st.Keys, st.Commands, st.Written)
				if st.TornTail != nil {
					s += fmt.Sprintf("; stopped at a torn tail: %v", st.TornTail)
				}
				return s, err
			})
		},
	}
}

func rdbCommand() *cli.Command {
	return &cli.Command{Name: "rdb", Usage: "RDB file tools", Subcommands: []*cli.Command{rdbDumpCommand(), rdbConvertCommand()}}
}

func aofCommand() *cli.Command {
	return &cli.Command{Name: "aof", Usage: "append-only file tools", Subcommands: []*cli.Command{aofDumpCommand()}}
}
