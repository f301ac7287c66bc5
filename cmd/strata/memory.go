package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/strata-db/strata/tools/memory"
	"github.com/strata-db/strata/tools/progress"
	"github.com/urfave/cli/v2"
)

func memoryCommand() *cli.Command {
	return &cli.Command{
		Name:      "memory",
		Usage:     "big keys and memory report of an RDB file or a live server",
		ArgsUsage: "<file.rdb | host:port>",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "top", Value: 20, Usage: "keys in the top list"},
			&cli.StringFlag{Name: "separator", Value: ":", Usage: "key prefix separator"},
			&cli.IntFlag{Name: "depth", Value: 1, Usage: "separators in a prefix"},
			&cli.IntFlag{Name: "prefixes", Value: 20, Usage: "prefix rows"},
			&cli.StringFlag{Name: "format", Value: "table", Usage: "table, json or csv"},
			logLevelFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fmt.Errorf("usage: strata memory [options] <file.rdb | host:port>")
			}
			opts := memory.Options{Top: c.Int("top"), Separator: c.String("separator"), Depth: c.Int("depth"), Prefixes: c.Int("prefixes")}
			src := c.Args().First()
			bar := progress.New("memory", os.Stderr, toolLogger(c))
			var rep *memory.Report
			var err error
			if _, serr := os.Stat(src); serr != nil && strings.Contains(src, ":") {
				rep, err = memory.FromServer(src, opts, bar.Update)
			} else {
				rep, err = memory.FromRDB(nil, src, opts, bar.Update)
			}
			bar.Done()
			if err != nil {
				return err
			}
			switch c.String("format") {
			case "json":
				return rep.WriteJSON(os.Stdout)
			case "csv":
				return rep.WriteCSV(os.Stdout)
			}
			rep.WriteTable(os.Stdout)
			return nil
		},
	}
}
