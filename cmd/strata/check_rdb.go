package main

import (
	"fmt"
	"os"

	"github.com/strata-db/strata/tools/checkrdb"
	"github.com/strata-db/strata/tools/progress"
	"github.com/urfave/cli/v2"
)

func checkRDBCommand() *cli.Command {
	return &cli.Command{
		Name:      "check-rdb",
		Usage:     "check an RDB file, as redis-check-rdb, and summarize it",
		ArgsUsage: "<file.rdb>",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "top", Value: 10, Usage: "biggest keys to list"},
			&cli.BoolFlag{Name: "quiet", Usage: "no summary after redis-check-rdb's messages"},
			logLevelFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				fmt.Fprintf(os.Stderr, "Usage: %s <rdb-file-name>\n", "strata check-rdb")
				os.Exit(1)
			}
			bar := progress.New("check-rdb", os.Stderr, toolLogger(c))
			sum, err := checkrdb.Check(c.Args().First(), checkrdb.Options{Out: os.Stdout, Top: c.Int("top"), Tick: bar.Update})
			bar.Done()
			if !c.Bool("quiet") && sum.Keys > 0 {
				fmt.Println()
				sum.WriteText(os.Stdout)
			}
			if err != nil {
				os.Exit(1)
			}
			return nil
		},
	}
}
