package rdb

import (
	"errors"
	"fmt"
)

// readKey reads the key name and value of type t and hands them over.
func (d *Decoder) readKey(t Type, off int64, meta KeyInfo) error {
	kind := t.Kind()
	if kind == KindUnknown {
		return d.in.corrupt(off, "unknown record type %d", t)
	}
	if kind == KindModule {
		return fmt.Errorf("%w: module value (type %d) at offset %d", ErrUnsupported, t, off)
	}
	if kind == KindString && d.sh != nil {
		return d.readStringKey(t, meta)
	}
	key, err := d.in.readString("key")
	if err != nil {
		return err
	}
	meta.DB, meta.Key = d.db, key
	return d.readValue(&Record{KeyInfo: meta, Type: t})
}

// maxSharedValue is the longest string value that shares its key's
// allocation. The name lives as long as the key does, so an overwritten
// value stays allocated with it: the bound keeps that waste below the cost
// of a second allocation.
const maxSharedValue = 64

// readStringKey reads a string record for a StringHandler. A short value
// and its key are copied into one allocation: one for the key, one for the
// value and one for the Record and its box would otherwise make a load of
// small strings spend more time in the allocator than in decoding.
func (d *Decoder) readStringKey(t Type, meta KeyInfo) error {
	k, err := d.in.readStr("key")
	if err != nil {
		return err
	}
	// k views the input buffer, which the next read may refill.
	d.keyBuf = append(d.keyBuf[:0], k...)
	v, err := d.in.readStr("string value")
	if err != nil {
		return err
	}
	var key, val string
	if len(v) <= maxSharedValue {
		kv := make([]byte, len(d.keyBuf)+len(v))
		copy(kv[copy(kv, d.keyBuf):], v)
		s := bytesString(kv)
		key, val = s[:len(d.keyBuf)], s[len(d.keyBuf):]
	} else {
		key, val = string(d.keyBuf), string(v)
	}
	d.strMeta = meta
	d.strMeta.DB, d.strMeta.Key = d.db, key
	return d.sh.StringKey(&d.strMeta, t, val)
}

// readValue reads the value of rec.Type and hands rec to the handler.
func (d *Decoder) readValue(rec *Record) error {
	var err error
	switch rec.Type.Kind() {
	case KindString:
		rec.Value, err = d.in.readString("string value")
	case KindStream:
		rec.Value, err = d.readStream(rec.Type)
	default:
		return d.readCollection(rec)
	}
	if err != nil {
		return err
	}
	return d.h.Key(rec)
}

// readCollection decodes a list, set, zset or hash, into a sink the
// handler provides or into rec.Value.
func (d *Decoder) readCollection(rec *Record) error {
	if d.eh != nil {
		sink, err := d.eh.BeginValue(rec)
		if err != nil {
			return err
		}
		if sink != nil {
			if _, err := d.readElements(rec.Type, sink.Element); err != nil {
				return err
			}
			return d.h.Key(rec)
		}
	}
	c := newCollector(rec.Type.Kind())
	n, err := d.readElements(rec.Type, c.add)
	if err != nil {
		return err
	}
	if n == 0 {
		d.SkippedEmpty++
		return nil
	}
	rec.Value = c.value()
	return d.h.Key(rec)
}

// readElements decodes the value of type t into emit and returns the
// number of elements.
func (d *Decoder) readElements(t Type, emit func(Element) error) (int, error) {
	switch t {
	case TypeList, TypeSet:
		return d.readPlainMembers(emit)
	case TypeListZiplist:
		return d.readBlobMembers(walkZiplist, "ziplist", emit)
	case TypeListQuicklist:
		return d.readQuicklist(emit)
	case TypeListQuicklist2:
		return d.readQuicklist2(emit)
	case TypeSetIntset:
		return d.readIntset(emit)
	case TypeSetListpack:
		return d.readBlobMembers(walkListpack, "listpack", emit)
	case TypeZSet, TypeZSet2:
		return d.readPlainZSet(t, emit)
	case TypeZSetZiplist:
		return d.readBlobPairs(walkZiplist, "ziplist", true, emit)
	case TypeZSetListpack:
		return d.readBlobPairs(walkListpack, "listpack", true, emit)
	case TypeHash:
		return d.readPlainHash(emit)
	case TypeHashZipmap:
		return d.readZipmap(emit)
	case TypeHashZiplist:
		return d.readBlobPairs(walkZiplist, "ziplist", false, emit)
	case TypeHashListpack:
		return d.readBlobPairs(walkListpack, "listpack", false, emit)
	}
	return 0, d.in.corrupt(d.in.offset(), "unexpected type %d", t)
}

// errDup is returned by a collector for a repeated member or field.
var errDup = errors.New("duplicate")

// collector builds a Record value and rejects duplicates, as loading into
// a dict does in Redis.
type collector struct {
	kind  Kind
	list  []string
	zset  ZSet
	hash  Hash
	seen  map[string]struct{}
	dedup bool
}

func newCollector(k Kind) *collector {
	return &collector{kind: k, dedup: k != KindList}
}

// smallDedup is the size up to which a linear scan beats a map.
const smallDedup = 16

func (c *collector) isDup(m string) bool {
	n := c.len()
	if n < smallDedup {
		for i := 0; i < n; i++ {
			if c.member(i) == m {
				return true
			}
		}
		return false
	}
	if c.seen == nil {
		c.seen = make(map[string]struct{}, n*2)
		for i := 0; i < n; i++ {
			c.seen[c.member(i)] = struct{}{}
		}
	}
	if _, ok := c.seen[m]; ok {
		return true
	}
	c.seen[m] = struct{}{}
	return false
}

func (c *collector) len() int { return len(c.list) + len(c.zset) + len(c.hash) }

func (c *collector) member(i int) string {
	switch c.kind {
	case KindZSet:
		return c.zset[i].Member
	case KindHash:
		return c.hash[i].Field
	}
	return c.list[i]
}

func (c *collector) add(e Element) error {
	if c.dedup && c.isDup(e.Member) {
		return errDup
	}
	switch c.kind {
	case KindZSet:
		c.zset = append(c.zset, ZMember{Member: e.Member, Score: e.Score})
	case KindHash:
		c.hash = append(c.hash, FieldValue{Field: e.Member, Value: e.Value})
	default:
		c.list = append(c.list, e.Member)
	}
	return nil
}

func (c *collector) value() any {
	switch c.kind {
	case KindList:
		return List(c.list)
	case KindSet:
		return Set(c.list)
	case KindZSet:
		return c.zset
	}
	return c.hash
}
