package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/strata-db/strata/tools/checkaof"
	"github.com/strata-db/strata/tools/progress"
	"github.com/urfave/cli/v2"
)

func checkAOFCommand() *cli.Command {
	return &cli.Command{
		Name:      "check-aof",
		Usage:     "check (and repair) an append-only file, as redis-check-aof",
		ArgsUsage: "<file.manifest|file.aof>",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "fix", Usage: "cut a damaged tail of the last file (the cut bytes are kept beside it)"},
			&cli.StringFlag{Name: "truncate-to-timestamp", Usage: "cut the last file at the first #TS annotation later than `UNIXTIME`"},
			&cli.BoolFlag{Name: "yes", Usage: "do not ask before changing a file"},
			&cli.BoolFlag{Name: "quiet", Usage: "no per-part report after redis-check-aof's messages"},
			logLevelFlag,
		},
		Action: runCheckAOF,
	}
}

func runCheckAOF(c *cli.Context) error {
	if c.NArg() != 1 || (c.Bool("fix") && c.IsSet("truncate-to-timestamp")) {
		fmt.Printf("Usage: %s [--fix|--truncate-to-timestamp $timestamp] <file.manifest|file.aof>\n", "strata check-aof")
		os.Exit(1)
	}
	opts := checkaof.Options{Out: os.Stdout, In: os.Stdin, Fix: c.Bool("fix"), Yes: c.Bool("yes")}
	if c.IsSet("truncate-to-timestamp") {
		ts, err := strconv.ParseInt(c.String("truncate-to-timestamp"), 10, 64)
		if err != nil {
			fmt.Printf("Invalid timestamp, aborting...\n")
			os.Exit(1)
		}
		opts.TruncateToTimestamp = ts
	}
	bar := progress.New("check-aof", os.Stderr, toolLogger(c))
	opts.Tick = bar.Update
	rep, err := checkaof.Check(c.Args().First(), opts)
	bar.Done()
	if !c.Bool("quiet") && len(rep.Parts) > 0 {
		fmt.Println()
		rep.WriteText(os.Stdout)
	}
	var ee *checkaof.ExitError
	if errors.As(err, &ee) {
		os.Exit(ee.Code)
	}
	return err
}
