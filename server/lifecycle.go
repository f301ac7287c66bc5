package server

import (
	"fmt"
	"os"
)

// Start prepares the data directory, loads persisted data, and listens.
func (s *Server) Start() error {
	dir := s.cfg.Get("dir")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("server: can't create data directory %q: %w", dir, err)
	}
	if err := s.openPersistence(); err != nil {
		return err
	}
	if err := s.Listen(); err != nil {
		return err
	}
	s.started.Store(true)
	if err := s.startMetrics(); err != nil {
		return err
	}
	s.log.Info(fmt.Sprintf("Strata %s (Redis %s compatible) ready to accept connections tcp", Version, RedisVersion),
		"addr", s.Addr().String(), "dir", dir)
	return nil
}

// Shutdown stops clients, does the final persistence work and closes.
func (s *Server) Shutdown() error {
	s.log.Warn("User requested shutdown...")
	err := s.Close()
	if perr := s.closePersistence(); perr != nil && err == nil {
		err = perr
	}
	s.log.Warn("Strata is now ready to exit, bye bye...")
	return err
}
