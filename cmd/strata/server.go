package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"github.com/strata-db/strata/server"
	"github.com/urfave/cli/v2"
)

func serverCommand() *cli.Command {
	return &cli.Command{
		Name:      "server",
		Usage:     "run the server",
		ArgsUsage: "[redis.conf | -] [--directive value ...]",
		Description: "Runs Strata. Configuration uses redis-server's directive names and semantics,\n" +
			"from an optional config file (\"-\" reads it from standard input) followed by\n" +
			"--directive value pairs, exactly as redis-server takes them. Without any,\n" +
			"Strata listens on 127.0.0.1:6379 with the append-only log on, in ./" + server.DefaultDir + ".",
		SkipFlagParsing: true,
		Action: func(c *cli.Context) error {
			return runServer(c.Args().Slice())
		},
	}
}

// runServer starts the server and blocks until it is told to stop.
func runServer(args []string) error {
	oneProcessor(os.Getenv)
	cfg := server.NewConfig()
	var text string
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		return fmt.Errorf("usage: strata server [redis.conf | -] [--directive value ...]")
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "--") {
		var data []byte
		var err error
		if args[0] == "-" {
			data, err = io.ReadAll(os.Stdin)
		} else {
			data, err = os.ReadFile(args[0])
			cfg.File = args[0]
		}
		if err != nil {
			return fmt.Errorf("Fatal error, can't open config file '%s': %w", args[0], err)
		}
		text = string(data)
		args = args[1:]
	}
	if err := cfg.Load(text, args); err != nil {
		var ce *server.ConfigError
		if errors.As(err, &ce) {
			fmt.Fprintln(os.Stderr, ce.Error())
			os.Exit(1)
		}
		return err
	}
	logOut := io.Writer(os.Stdout)
	if f := cfg.Get("logfile"); f != "" {
		lf, err := os.OpenFile(f, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("Can't open the log file: %w", err)
		}
		defer lf.Close()
		logOut = lf
	}
	log := server.NewLogger(logOut, cfg.Get("loglevel"))
	srv, err := server.New(server.Options{Config: cfg, Logger: log})
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		log.Error(err.Error())
		return err
	}
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case s := <-sig:
		log.Warn(fmt.Sprintf("Received %s scheduling shutdown...", s))
	case <-srv.ShutdownRequested:
	}
	return srv.Shutdown()
}

// oneProcessor runs the server's Go code on one processor unless the
// GOMAXPROCS environment variable says otherwise. Commands run one at a
// time under the writer order anyway, and the kernel's network and disk
// work still uses every core; on one processor replies also go out in
// rounds (docs/server.md). Measured unpinned on two cores, one processor
// was as fast or faster (docs/benchmarks.md), and every figure in the
// docs was taken that way, on one core.
func oneProcessor(getenv func(string) string) {
	if getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
}
