package rdb

// NoExpire, NoIdle and NoFreq mark absent key metadata.
const (
	NoExpire = -1
	NoIdle   = -1
	NoFreq   = -1
)

// KeyInfo is what precedes a value in the file.
type KeyInfo struct {
	DB       int
	Key      string
	ExpireMs int64 // absolute unix milliseconds, NoExpire if none
	IdleSec  int64 // LRU idle time in seconds (IDLE opcode), NoIdle if absent
	Freq     int   // LFU counter (FREQ opcode), NoFreq if absent
}

// Record is one decoded key. Value holds, by Type.Kind():
//
//	KindString  string
//	KindList    List
//	KindSet     Set
//	KindZSet    ZSet
//	KindHash    Hash
//	KindStream  *Stream
//
// Integer-encoded elements are returned as their decimal text, as Redis
// replies with them. The decoder allocates a fresh Record and Value per key;
// the handler may keep both.
type Record struct {
	KeyInfo
	Type  Type // the type byte in the file: data type and encoding
	Value any
}

// List is a list value, head first.
type List []string

// Set holds a set's members in file order.
type Set []string

// ZSet holds sorted-set members in file order.
type ZSet []ZMember

// ZMember is one sorted-set member.
type ZMember struct {
	Member string
	Score  float64
}

// Hash holds hash fields in file order.
type Hash []FieldValue

// FieldValue is a hash field or a stream entry field.
type FieldValue struct {
	Field, Value string
}

// StreamID is a stream entry ID.
type StreamID struct {
	Ms, Seq uint64
}

// Stream is a stream value with its consumer groups.
type Stream struct {
	Entries      []StreamEntry // live entries in ID order
	Length       uint64        // number of live entries as stored
	LastID       StreamID
	FirstID      StreamID // derived for type 15
	MaxDeletedID StreamID // 0-0 for type 15
	EntriesAdded uint64   // derived for type 15
	Groups       []StreamGroup
}

// StreamEntry is one stream entry.
type StreamEntry struct {
	ID     StreamID
	Fields []FieldValue
}

// StreamGroup is a consumer group.
type StreamGroup struct {
	Name            string
	LastDeliveredID StreamID
	EntriesRead     int64 // -1 when unknown
	PEL             []StreamPending
	Consumers       []StreamConsumer
}

// StreamPending is an entry of a group's pending entries list.
type StreamPending struct {
	ID             StreamID
	DeliveryTimeMs int64
	DeliveryCount  uint64
	Consumer       string // owner, from the consumers' pending lists
}

// StreamConsumer is a consumer of a group.
type StreamConsumer struct {
	Name         string
	SeenTimeMs   int64
	ActiveTimeMs int64 // type 21 only; equals SeenTimeMs otherwise
	Pending      []StreamID
}
