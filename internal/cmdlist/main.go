// Command cmdlist writes the reference pages that are generated from the
// server's own tables, so that the docs cannot drift from what runs:
//
//	go run ./internal/cmdlist                 # writes docs/commands.md and the directive table in docs/configuration.md
//	go run ./internal/cmdlist -check          # exits 1 when either file is stale
//
// It imports the server package for its side effect of registering the
// connection and server commands next to the engine's.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/server"
)

func main() {
	commandsPath := flag.String("commands", "docs/commands.md", "command reference to write")
	configPath := flag.String("config", "docs/configuration.md", "configuration page whose directive table is rewritten")
	check := flag.Bool("check", false, "report stale files instead of writing them")
	flag.Parse()
	stale := false
	for _, f := range []struct {
		path   string
		render func(old []byte) ([]byte, error)
	}{
		{*commandsPath, func([]byte) ([]byte, error) { return CommandsMarkdown(engine.Commands()), nil }},
		{*configPath, func(old []byte) ([]byte, error) { return SpliceDirectives(old, server.NewConfig()) }},
	} {
		s, err := update(f.path, f.render, *check)
		if err != nil {
			fmt.Fprintln(os.Stderr, "cmdlist:", err)
			os.Exit(1)
		}
		stale = stale || s
	}
	if *check && stale {
		os.Exit(1)
	}
}

// update renders path from its current content and writes it back unless
// check is set; it reports whether the content changed.
func update(path string, render func(old []byte) ([]byte, error), check bool) (bool, error) {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return false, err
	}
	out, err := render(old)
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(old, out) {
		return false, nil
	}
	if check {
		fmt.Fprintf(os.Stderr, "cmdlist: %s is stale; run go run ./internal/cmdlist\n", path)
		return true, nil
	}
	return true, os.WriteFile(path, out, 0o644)
}
