package engine

// Config holds the tunables the engine reads. The server owns parsing and
// CONFIG SET; it changes fields only under the writer order.
type Config struct {
	HashMaxListpackEntries int64
	HashMaxListpackValue   int64
	SetMaxIntsetEntries    int64
	ZSetMaxListpackEntries int64
	ZSetMaxListpackValue   int64
	ListMaxListpackSize    int64
	ListCompressDepth      int64
	// ProtoMaxBulkLen bounds string values built by APPEND, SETRANGE and
	// SETBIT, as in Redis.
	ProtoMaxBulkLen int64
	// LazyfreeLazyExpire logs expired keys as UNLINK instead of DEL.
	LazyfreeLazyExpire bool
	// ActiveExpireEffort is 1..10, as active-expire-effort.
	ActiveExpireEffort int64
	// ActiveExpire toggles the active expiry cycle (DEBUG SET-ACTIVE-EXPIRE).
	ActiveExpire bool
	// MaxmemoryPolicy decides between LRU and LFU access tracking.
	MaxmemoryPolicy string
	LFULogFactor    int64
	LFUDecayTime    int64
	// HLLSparseMaxBytes bounds a sparse HyperLogLog; past it the value
	// turns dense (hll-sparse-max-bytes).
	HLLSparseMaxBytes int64
	// Stream chunk bounds: stream-node-max-bytes, stream-node-max-entries.
	StreamNodeMaxBytes   int64
	StreamNodeMaxEntries int64
}

// DefaultConfig returns Redis 7.0's defaults.
func DefaultConfig() *Config {
	return &Config{
		HashMaxListpackEntries: 512,
		HashMaxListpackValue:   64,
		SetMaxIntsetEntries:    512,
		ZSetMaxListpackEntries: 128,
		ZSetMaxListpackValue:   64,
		ListMaxListpackSize:    -2,
		ProtoMaxBulkLen:        512 << 20,
		ActiveExpireEffort:     1,
		ActiveExpire:           true,
		MaxmemoryPolicy:        "noeviction",
		LFULogFactor:           10,
		LFUDecayTime:           1,
		HLLSparseMaxBytes:      3000,
		StreamNodeMaxBytes:     4096,
		StreamNodeMaxEntries:   100,
	}
}

// LFU reports whether the eviction policy tracks frequency, not recency.
func (c *Config) LFU() bool {
	return c.MaxmemoryPolicy == "allkeys-lfu" || c.MaxmemoryPolicy == "volatile-lfu"
}
