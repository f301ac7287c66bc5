package server

import "github.com/strata-db/strata/engine"

func init() {
	engine.Register(
		&engine.Command{Name: "select", Arity: 2, Flags: engine.FlagLoading | engine.FlagStale | engine.FlagFast,
			Group: "connection", Since: "1.0.0", Summary: "Change the selected database for the current connection", Run: selectCommand},
		&engine.Command{Name: "quit", Arity: -1, Flags: engine.FlagAllowBusy | engine.FlagNoAuth | engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagFast,
			Group: "connection", Since: "1.0.0", Summary: "Close the connection", Run: quitCommand},
	)
}

func selectCommand(c *engine.Ctx) {
	n, ok := engine.ParseInt(c.Args[1])
	if !ok {
		c.W.Error(engine.ErrNotInt)
		return
	}
	if n < 0 || n >= int64(c.E.NumDBs()) {
		c.W.Error(engine.ErrDBIndex)
		return
	}
	c.Client.(*client).db = int(n)
	c.W.OK()
}

func quitCommand(c *engine.Ctx) {
	c.Client.(*client).closeAfter = true
	c.W.OK()
}
