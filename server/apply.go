package server

import (
	"github.com/strata-db/strata/engine"
)

// applyConfig pushes one directive's value to where it is used. Called at
// startup and after CONFIG SET.
func (s *Server) applyConfig(name string) {
	v := s.cfg.Get(name)
	ec := s.engCfg
	switch name {
	case "hash-max-listpack-entries":
		ec.HashMaxListpackEntries = s.cfg.Int(name)
	case "hash-max-listpack-value":
		ec.HashMaxListpackValue = s.cfg.Int(name)
	case "set-max-intset-entries":
		ec.SetMaxIntsetEntries = s.cfg.Int(name)
	case "zset-max-listpack-entries":
		ec.ZSetMaxListpackEntries = s.cfg.Int(name)
	case "zset-max-listpack-value":
		ec.ZSetMaxListpackValue = s.cfg.Int(name)
	case "list-max-listpack-size":
		ec.ListMaxListpackSize = s.cfg.Int(name)
	case "list-compress-depth":
		ec.ListCompressDepth = s.cfg.Int(name)
	case "proto-max-bulk-len":
		ec.ProtoMaxBulkLen = s.cfg.Int(name)
	case "lazyfree-lazy-expire":
		ec.LazyfreeLazyExpire = v == "yes"
	case "active-expire-effort":
		ec.ActiveExpireEffort = s.cfg.Int(name)
	case "maxmemory-policy":
		ec.MaxmemoryPolicy = v
	case "lfu-log-factor":
		ec.LFULogFactor = s.cfg.Int(name)
	case "lfu-decay-time":
		ec.LFUDecayTime = s.cfg.Int(name)
	case "stream-node-max-bytes":
		ec.StreamNodeMaxBytes = s.cfg.Int(name)
	case "stream-node-max-entries":
		ec.StreamNodeMaxEntries = s.cfg.Int(name)
	case "hll-sparse-max-bytes":
		ec.HLLSparseMaxBytes = s.cfg.Int(name)
	case "notify-keyspace-events":
		s.notifyFlags, _ = engine.ParseNotifyClasses(v)
	case "slowlog-max-len":
		s.hot.slowlogMaxLen.Store(s.cfg.Int(name))
		s.slowlog.trim(s.cfg.Int(name))
	case "slowlog-log-slower-than":
		s.hot.slowlogSlower.Store(s.cfg.Int(name))
	case "timeout":
		s.hot.timeout.Store(s.cfg.Int(name))
		if s.idleWake.Load() != nil {
			s.wakeIdleClients()
		}
	case "latency-monitor-threshold":
		s.hot.latencyThresh.Store(s.cfg.Int(name))
	case "client-output-buffer-limit":
		lims := outputLimits(v)
		s.hot.pubsubHardLim.Store(lims["pubsub"].hard)
		s.hot.normalHardLim.Store(lims["normal"].hard)
		s.hot.replicaHardLim.Store(lims["slave"].hard)
	case "maxmemory":
		s.applyMaxmemory()
	case "strata-busy-poll-us":
		s.hot.busyPollUS.Store(s.cfg.Int(name))
	case "strata-gc-percent":
		s.applyGCPercent()
	case "appendonly":
		s.updateLogging()
	}
}
