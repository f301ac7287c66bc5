package server

import (
	"strings"
	"testing"
)

// Without cluster support every cluster command answers as redis-server
// does when cluster-enabled is no, and COMMAND knows them.
func TestClusterCommandsSayClusterIsDisabled(t *testing.T) {
	s := startServer(t)
	c := dial(t, s)
	for _, args := range [][]string{{"CLUSTER", "INFO"}, {"CLUSTER", "HELP"}, {"CLUSTER", "KEYSLOT", "k"}, {"READONLY"}, {"READWRITE"}, {"ASKING"}} {
		c.expect("ERR:"+errClusterDisabled, args...)
	}
	c.expect("ERR:ERR unknown subcommand 'NOSUCH'. Try CLUSTER HELP.", "CLUSTER", "NOSUCH")
	if got := c.do("COMMAND", "LIST", "FILTERBY", "PATTERN", "cl*help"); !strings.Contains(got, "cluster|help") || !strings.Contains(got, "client|help") {
		t.Fatalf("COMMAND LIST FILTERBY PATTERN cl*help: %s", got)
	}
}
