package server

import (
	"crypto/subtle"

	"github.com/strata-db/strata/engine"
)

func init() {
	engine.Register(
		&engine.Command{Name: "auth", Arity: -2, Flags: engine.FlagNoScript | engine.FlagLoading | engine.FlagStale | engine.FlagFast | engine.FlagNoAuth | engine.FlagAllowBusy,
			Group: "connection", Since: "1.0.0", Summary: "Authenticate to the server", Run: authCommand},
	)
}

const errWrongPass = "WRONGPASS invalid username-password pair or user is disabled."

func authCommand(c *engine.Ctx) {
	if len(c.Args) > 3 {
		c.W.Error(engine.ErrSyntax)
		return
	}
	cl := c.Client.(*client)
	user, pass := "default", c.Key(1)
	if len(c.Args) == 2 && cl.s.cfg.Get("requirepass") == "" {
		c.W.Error("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?")
		return
	}
	if len(c.Args) == 3 {
		user, pass = c.Key(1), c.Key(2)
	}
	if err := cl.s.authenticate(cl, user, pass); err != "" {
		c.W.Error(err)
		return
	}
	c.W.OK()
}

// authenticate checks credentials for the only user Strata has, "default",
// whose password is requirepass. It returns Redis's error text or "".
func (s *Server) authenticate(cl *client, user, pass string) string {
	want := s.cfg.Get("requirepass")
	if user == "default" && want == "" {
		// The default user has no password: anything authenticates.
		cl.authed = true
		return ""
	}
	if user != "default" || subtle.ConstantTimeCompare([]byte(pass), []byte(want)) != 1 {
		return errWrongPass
	}
	cl.authed = true
	return ""
}
