package server

// configChangedPersistence reacts to persistence directives changed at run
// time (appendonly yes/no, dir). The persistence layer fills this in.
func (s *Server) configChangedPersistence(name, old string) error { return nil }
