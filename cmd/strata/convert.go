package main

import (
	"fmt"
	"os"

	"github.com/strata-db/strata/tools/convert"
	"github.com/strata-db/strata/tools/progress"
	"github.com/urfave/cli/v2"
)

func rdbConvertCommand() *cli.Command {
	return &cli.Command{
		Name:  "convert",
		Usage: "RDB file -> AOF directory (seed a Redis 7 appendonlydir from a dump), or back with --from-aof",
		ArgsUsage: "<dump.rdb> <data-dir>     (writes <data-dir>/appendonlydir)\n" +
			"   strata rdb convert --from-aof <data-dir> <dump.rdb>",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "from-aof", Usage: "convert the AOF directory of <data-dir> into an RDB file"},
			&cli.BoolFlag{Name: "resp-base", Usage: "write the base as RESP commands (.base.aof) instead of the RDB itself"},
			&cli.StringFlag{Name: "appenddirname", Value: "appendonlydir"},
			&cli.StringFlag{Name: "appendfilename", Value: "appendonly.aof"},
			logLevelFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return fmt.Errorf("usage: strata rdb convert [--resp-base] <dump.rdb> <data-dir> | --from-aof <data-dir> <dump.rdb>")
			}
			bar := progress.New("rdb convert", os.Stderr, toolLogger(c))
			defer bar.Done()
			opts := convert.Options{DirName: c.String("appenddirname"), FileName: c.String("appendfilename"),
				RESPBase: c.Bool("resp-base"), Tick: bar.Update}
			if c.Bool("from-aof") {
				keys, err := convert.AOFToRDB(c.Args().Get(0), c.Args().Get(1), opts)
				if err == nil {
					fmt.Fprintf(os.Stderr, "wrote %s: %d keys\n", c.Args().Get(1), keys)
				}
				return err
			}
			dir, err := convert.RDBToAOF(c.Args().Get(0), c.Args().Get(1), opts)
			if err == nil {
				fmt.Fprintf(os.Stderr, "wrote %s (start the server with --dir %s --appendonly yes)\n", dir, c.Args().Get(1))
			}
			return err
		},
	}
}
