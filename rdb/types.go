package rdb

import "strconv"

// Type is the value type byte that precedes a key in an RDB file. It names
// both the data type and the encoding the writer chose.
type Type byte

// Value types, as numbered by Redis (src/rdb.h). 8 is unused.
const (
	TypeString           Type = 0
	TypeList             Type = 1
	TypeSet              Type = 2
	TypeZSet             Type = 3
	TypeHash             Type = 4
	TypeZSet2            Type = 5
	TypeModule           Type = 6
	TypeModule2          Type = 7
	TypeHashZipmap       Type = 9
	TypeListZiplist      Type = 10
	TypeSetIntset        Type = 11
	TypeZSetZiplist      Type = 12
	TypeHashZiplist      Type = 13
	TypeListQuicklist    Type = 14
	TypeStreamListpacks  Type = 15
	TypeHashListpack     Type = 16
	TypeZSetListpack     Type = 17
	TypeListQuicklist2   Type = 18
	TypeStreamListpacks2 Type = 19
	TypeSetListpack      Type = 20 // RDB 11 (Redis 7.2)
	TypeStreamListpacks3 Type = 21 // RDB 11 (Redis 7.2)
	maxValueType              = TypeStreamListpacks3
)

// Opcodes that are not value types.
const (
	opFunction     = 246 // 7.0 release candidates only
	opFunction2    = 245
	opModuleAux    = 247
	opIdle         = 248
	opFreq         = 249
	opAux          = 250
	opResizeDB     = 251
	opExpireTimeMs = 252
	opExpireTime   = 253
	opSelectDB     = 254
	opEOF          = 255
)

// Versions this package reads; Version is what it writes (Redis 7.0).
const (
	MinVersion = 1
	MaxVersion = 11
	Version    = 10
)

// Kind is the data type a Type belongs to.
type Kind byte

// Data types.
const (
	KindUnknown Kind = iota
	KindString
	KindList
	KindSet
	KindZSet
	KindHash
	KindStream
	KindModule
)

var kindNames = [...]string{"unknown", "string", "list", "set", "zset", "hash", "stream", "module"}

func (k Kind) String() string { return kindNames[k] }

// Kind returns the data type of t.
func (t Type) Kind() Kind {
	switch t {
	case TypeString:
		return KindString
	case TypeList, TypeListZiplist, TypeListQuicklist, TypeListQuicklist2:
		return KindList
	case TypeSet, TypeSetIntset, TypeSetListpack:
		return KindSet
	case TypeZSet, TypeZSet2, TypeZSetZiplist, TypeZSetListpack:
		return KindZSet
	case TypeHash, TypeHashZipmap, TypeHashZiplist, TypeHashListpack:
		return KindHash
	case TypeStreamListpacks, TypeStreamListpacks2, TypeStreamListpacks3:
		return KindStream
	case TypeModule, TypeModule2:
		return KindModule
	}
	return KindUnknown
}

// typeNames follow redis-check-rdb's labels where it has one.
var typeNames = map[Type]string{
	TypeString: "string", TypeList: "list-linked", TypeSet: "set-hashtable",
	TypeZSet: "zset-v1", TypeHash: "hash-hashtable", TypeZSet2: "zset-v2",
	TypeModule: "module-pre-release", TypeModule2: "module-value",
	TypeHashZipmap: "hash-zipmap", TypeListZiplist: "list-ziplist",
	TypeSetIntset: "set-intset", TypeZSetZiplist: "zset-ziplist",
	TypeHashZiplist: "hash-ziplist", TypeListQuicklist: "quicklist",
	TypeStreamListpacks: "stream", TypeHashListpack: "hash-listpack",
	TypeZSetListpack: "zset-listpack", TypeListQuicklist2: "quicklist-v2",
	TypeStreamListpacks2: "stream-v2", TypeSetListpack: "set-listpack",
	TypeStreamListpacks3: "stream-v3",
}

func (t Type) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return "type-" + strconv.Itoa(int(t))
}
