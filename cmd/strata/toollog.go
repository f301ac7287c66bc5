package main

import (
	"log/slog"
	"os"

	"github.com/strata-db/strata/server"
	"github.com/urfave/cli/v2"
)

// logLevelFlag takes Redis's log levels for the tools' structured log.
var logLevelFlag = &cli.StringFlag{Name: "loglevel", Value: "notice", Usage: "debug, verbose, notice or warning"}

// toolLogger is the tools' slog logger on standard error, in redis-server's
// line format and levels; it also becomes slog's default.
func toolLogger(c *cli.Context) *slog.Logger {
	l := server.NewLogger(os.Stderr, c.String("loglevel"))
	slog.SetDefault(l)
	return l
}
