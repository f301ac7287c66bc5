package main

import (
	"fmt"
	"os"

	"github.com/strata-db/strata/tools/torture"
	"github.com/urfave/cli/v2"
)

func tortureCommand() *cli.Command {
	return &cli.Command{
		Name:  "torture",
		Usage: "crash-recovery harness: write, kill -9, restart, check every acknowledged write",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "server-cmd", Required: true,
				Usage: "server command line with {port}, {dir} and {fsync}, e.g. 'redis-server --bind 127.0.0.1 --port {port} --dir {dir} --appendonly yes --appendfsync {fsync}'"},
			&cli.StringFlag{Name: "fsync", Value: "always", Usage: "appendfsync policy to test: always or everysec"},
			&cli.IntFlag{Name: "trials", Value: 10, Usage: "kill trials"},
			&cli.IntFlag{Name: "torn", Value: 3, Usage: "torn-tail trials"},
			&cli.IntFlag{Name: "clients", Value: 4, Usage: "concurrent writers"},
			&cli.DurationFlag{Name: "max-run", Value: 800e6, Usage: "longest write phase before a kill"},
			&cli.Uint64Flag{Name: "seed", Usage: "random seed (0 picks one; it is printed)"},
			&cli.StringFlag{Name: "dir", Usage: "work directory (default: a temporary one, removed after)"},
			logLevelFlag,
		},
		Action: func(c *cli.Context) error {
			res, err := torture.Run(torture.Options{
				ServerCmd: c.String("server-cmd"), Fsync: c.String("fsync"), Trials: c.Int("trials"),
				Torn: c.Int("torn"), Clients: c.Int("clients"), MaxRun: c.Duration("max-run"),
				Seed: c.Uint64("seed"), Dir: c.String("dir"),
				Log: toolLogger(c),
			})
			if err != nil {
				return err
			}
			res.WriteTable(os.Stdout)
			if !res.Passed() {
				os.Exit(1)
			}
			fmt.Fprintln(os.Stderr, "torture: pass")
			return nil
		},
	}
}
