// Command strata is the Strata server and its tools in one binary.
//
//	strata server [redis.conf] [--directive value ...]
package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"
)

func main() {
	app := &cli.App{
		Name:  "strata",
		Usage: "a Redis-compatible, persistence-first key-value server",
		Commands: []*cli.Command{
			serverCommand(),
			checkAOFCommand(),
			checkRDBCommand(),
			rdbCommand(),
			aofCommand(),
			tortureCommand(),
			memoryCommand(),
		},
		DefaultCommand: "server",
	}
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
