package server

import (
	"fmt"

	"github.com/strata-db/strata/engine"
)

func init() {
	extraDebug["reload"] = debugReload
}

// debugReload is DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the
// dataset, load the file back, as Redis does (its tests lean on it to check
// that every type survives a save and a load).
func debugReload(c *engine.Ctx) {
	s := c.Client.(*client).s
	merge, flush, save := false, true, true
	for i := 2; i < len(c.Args); i++ {
		switch {
		case c.Is(i, "MERGE"):
			merge = true
		case c.Is(i, "NOFLUSH"):
			flush = false
		case c.Is(i, "NOSAVE"):
			save = false
		default:
			c.W.Error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.")
			return
		}
	}
	if save && s.rdbSaveLocked() != nil {
		c.W.Error("ERR")
		return
	}
	if flush {
		// As Redis's emptyData: the keys and the function libraries.
		for i := 0; i < s.eng.NumDBs(); i++ {
			s.eng.DB(i).Flush()
		}
		s.scripts().FlushLibraries()
	}
	if _, err := s.rdbLoadLocked(merge); err != nil {
		s.log.Warn(fmt.Sprintf("DEBUG RELOAD: %v", err))
		c.W.Error("ERR Error trying to load the RDB dump")
		return
	}
	s.log.Warn("DB reloaded by DEBUG RELOAD")
	c.W.OK()
}
