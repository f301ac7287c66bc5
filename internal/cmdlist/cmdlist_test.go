package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/server"
)

func TestCommandsMarkdownRows(t *testing.T) {
	cmds := []*engine.Command{
		{Name: "get", Arity: 2, Flags: engine.FlagReadOnly | engine.FlagFast, FirstKey: 1, LastKey: 1, KeyStep: 1,
			Group: "string", Since: "1.0.0", Summary: "Get the value of a key"},
		{Name: "client", Arity: -2, Group: "connection", Since: "2.4.0", Sub: map[string]*engine.Command{
			"id":   {Name: "client|id", Arity: 2, Group: "connection", Since: "5.0.0", Summary: "a|b"},
			"echo": {Name: "client|echo", Arity: 3, Group: "connection"},
		}},
		{Name: "zzz", Arity: 1, Group: "weird"},
	}
	out := string(CommandsMarkdown(cmds))
	for _, want := range []string{
		"Strata serves 5 commands (3 top-level)",
		"| `GET` | 2 | 1,1,1 | readonly, fast | 1.0.0 | Get the value of a key |\n",
		"| `CLIENT ID` | 2 |  |  | 5.0.0 | a\\|b |\n",
		"## Strings\n", "## Connection\n", "## Weird\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Groups in documentation order, subcommands sorted after their container.
	order := []string{"## Strings", "## Connection", "`CLIENT`", "`CLIENT ECHO`", "`CLIENT ID`", "## Weird"}
	last := -1
	for _, s := range order {
		i := strings.Index(out, s)
		if i <= last {
			t.Fatalf("%q out of order in:\n%s", s, out)
		}
		last = i
	}
}

// TestCommandsMarkdownCoversTable checks the real table: every command and
// subcommand the server registers gets exactly one row.
func TestCommandsMarkdownCoversTable(t *testing.T) {
	cmds := engine.Commands()
	if len(cmds) == 0 {
		t.Fatal("empty command table")
	}
	out := string(CommandsMarkdown(cmds))
	for _, c := range cmds {
		names := []string{c.Name}
		for _, s := range c.Sub {
			names = append(names, s.Name)
		}
		for _, n := range names {
			row := "| `" + strings.ToUpper(strings.ReplaceAll(n, "|", " ")) + "` |"
			if got := strings.Count(out, row); got != 1 {
				t.Errorf("%s: %d rows, want 1", n, got)
			}
		}
	}
}

func TestSpliceDirectives(t *testing.T) {
	cfg := server.NewConfig()
	page := []byte("# Configuration\n\nintro\n\n" + beginDirectives + "old table\n" + endDirectives + "\ntail\n")
	out, err := SpliceDirectives(page, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasPrefix(s, "# Configuration\n\nintro\n\n"+beginDirectives) || !strings.HasSuffix(s, endDirectives+"\ntail\n") {
		t.Fatalf("prose around the table changed:\n%s", s)
	}
	if strings.Contains(s, "old table") {
		t.Fatal("old table kept")
	}
	for _, name := range []string{"port", "appendonly", "dir"} {
		row := "| `" + name + "` | `" + cfg.Get(name) + "` |"
		if !strings.Contains(s, row) {
			t.Errorf("missing row %q", row)
		}
	}
	again, err := SpliceDirectives(out, cfg)
	if err != nil || !bytes.Equal(again, out) {
		t.Fatalf("splice is not idempotent (err %v)", err)
	}
	if _, err := SpliceDirectives([]byte("# no markers\n"), cfg); err != errNoMarkers {
		t.Fatalf("err = %v, want errNoMarkers", err)
	}
}
