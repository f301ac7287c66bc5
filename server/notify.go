package server

import (
	"strconv"

	"github.com/strata-db/strata/engine"
)

// notifyKeyspaceEvent publishes keyspace and keyevent notifications as
// Redis does (__keyspace@<db>__:<key> and __keyevent@<db>__:<event>).
// REQUIRES: the engine lock.
func (s *Server) notifyKeyspaceEvent(db int, class engine.NotifyClass, event, key string) {
	flags := s.notifyFlags
	if flags&class == 0 {
		return
	}
	dbs := strconv.Itoa(db)
	if flags&engine.NotifyKeyspace != 0 {
		s.publish(nil, "__keyspace@"+dbs+"__:"+key, event)
	}
	if flags&engine.NotifyKeyevent != 0 {
		s.publish(nil, "__keyevent@"+dbs+"__:"+event, key)
	}
}
