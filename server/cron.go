package server

import (
	"runtime"
	"time"
)

// cron is the server's periodic work, at `hz` times a second: active
// expiry, persistence schedules, statistics.
func (s *Server) cron() {
	defer s.wg.Done()
	for {
		hz := s.cfg.Int("hz")
		if hz <= 0 {
			hz = 10
		}
		if hz > 500 {
			hz = 500
		}
		select {
		case <-s.done:
			return
		case <-time.After(time.Second / time.Duration(hz)):
		}
		s.sampleOps()
		s.idleCollect()
		s.oneProc.Store(runtime.GOMAXPROCS(0) == 1)
		s.bgYielding.Store(false)
		s.eng.Lock()
		s.eng.ActiveExpireCycle(int(hz))
		s.afterExpiry()
		s.cronPersistenceLocked()
		s.eng.Unlock()
	}
}
