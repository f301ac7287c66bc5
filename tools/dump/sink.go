package dump

import (
	"github.com/strata-db/strata/rdb"
)

// elementSink writes one collection as it is decoded: JSON as an array (or
// an object for hashes) written piece by piece, RESP as commands of at most
// BatchSize elements.
type elementSink struct {
	k     *keyWriter // nil: the key is filtered out
	rec   *rdb.Record
	n     int
	batch []string
}

func (s *elementSink) kind() rdb.Kind { return s.rec.Type.Kind() }

func (s *elementSink) begin() {
	if s.k.opts.Format == JSON {
		s.k.jsonHead(s.rec)
		if s.kind() == rdb.KindHash {
			s.k.resp.w.WriteByte('{')
		} else {
			s.k.resp.w.WriteByte('[')
		}
		return
	}
	s.k.resp.selectDB(s.rec.DB)
}

func (s *elementSink) Element(e rdb.Element) error {
	if s.k == nil {
		return nil
	}
	s.k.stats.Elements++
	if s.k.opts.Format == JSON {
		s.jsonElement(e)
		return nil
	}
	switch s.kind() {
	case rdb.KindZSet:
		s.batch = append(s.batch, FormatScore(e.Score), e.Member)
	case rdb.KindHash:
		s.batch = append(s.batch, e.Member, e.Value)
	default:
		s.batch = append(s.batch, e.Member)
	}
	s.n++
	if s.n%BatchSize == 0 {
		s.flushBatch()
	}
	return nil
}

func (s *elementSink) jsonElement(e rdb.Element) {
	b := s.k.resp.w
	if s.n > 0 {
		b.WriteByte(',')
	}
	s.n++
	switch s.kind() {
	case rdb.KindZSet:
		b.WriteString("[" + jsonString(e.Member) + "," + jsonString(FormatScore(e.Score)) + "]")
	case rdb.KindHash:
		b.WriteString(jsonString(e.Member) + ":" + jsonString(e.Value))
	default:
		b.WriteString(jsonString(e.Member))
	}
}

var respVerb = map[rdb.Kind]string{rdb.KindList: "RPUSH", rdb.KindSet: "SADD", rdb.KindZSet: "ZADD", rdb.KindHash: "HSET"}

func (s *elementSink) flushBatch() {
	if len(s.batch) == 0 {
		return
	}
	args := append([]string{respVerb[s.kind()], s.rec.Key}, s.batch...)
	s.k.resp.command(args...)
	s.batch = s.batch[:0]
}

func (s *elementSink) end() error {
	if s.k == nil {
		return nil
	}
	if s.k.opts.Format == JSON {
		if s.kind() == rdb.KindHash {
			s.k.resp.w.WriteString("}}\n")
		} else {
			s.k.resp.w.WriteString("]}\n")
		}
		return nil
	}
	s.flushBatch()
	s.k.respExpire(s.rec)
	return nil
}
