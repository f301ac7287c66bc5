package rdb

// Handler receives what a Decoder finds, in file order. An error returned by
// any method stops decoding and is returned by Decode unchanged.
type Handler interface {
	// Aux is called for each AUX field (redis-ver, ctime, ...). Unknown keys
	// are normal and should be ignored.
	Aux(key, value string) error
	// ResizeDB passes the sizing hint that follows a SELECTDB.
	ResizeDB(db int, keys, expires uint64) error
	// Function passes the source of one function library (FUNCTION2, or the
	// text rebuilt from a 7.0-rc FUNCTION record).
	Function(library string) error
	// Key is called once per key. Expired keys are passed too: whether to
	// drop them (plain RDB on a master) or keep them (AOF base, replica) is
	// the caller's decision. Collections that decode to no elements are
	// skipped, as redis-server does (see Decoder.SkippedEmpty).
	Key(rec *Record) error
}

// StringHandler may be implemented by a Handler that takes string values
// straight, without the Record and the interface box around the value that
// Key needs: two allocations per key fewer on a load of small strings.
// StringKey is then called instead of Key for every string record. meta is
// the decoder's and valid only during the call; key and value are fresh
// strings the handler may keep (a short value shares one allocation with
// its key).
type StringHandler interface {
	StringKey(meta *KeyInfo, t Type, value string) error
}

// ElementHandler may be implemented by a Handler that wants big values piece
// by piece. For every list, set, sorted set and hash, BeginValue is called
// before the elements are read; if it returns a non-nil sink, each element
// goes there instead of into rec.Value, and Key is then called with
// rec.Value == nil after the last element (even for an empty value).
//
// NB: duplicate members and fields are detected only when the decoder
// collects the value itself; a sink must check for them if it cares.
type ElementHandler interface {
	BeginValue(rec *Record) (ElementSink, error)
}

// ElementSink receives the elements of one value.
type ElementSink interface {
	Element(e Element) error
}

// Element is one collection element: a list element or set member in
// Member; a hash field in Member and its value in Value; a sorted-set member
// in Member and its score in Score.
type Element struct {
	Member string
	Value  string
	Score  float64
}

// Funcs adapts functions to a Handler; nil fields ignore their event.
type Funcs struct {
	OnAux      func(key, value string) error
	OnResizeDB func(db int, keys, expires uint64) error
	OnFunction func(library string) error
	OnKey      func(rec *Record) error
}

func (f Funcs) Aux(key, value string) error {
	if f.OnAux == nil {
		return nil
	}
	return f.OnAux(key, value)
}

func (f Funcs) ResizeDB(db int, keys, expires uint64) error {
	if f.OnResizeDB == nil {
		return nil
	}
	return f.OnResizeDB(db, keys, expires)
}

func (f Funcs) Function(library string) error {
	if f.OnFunction == nil {
		return nil
	}
	return f.OnFunction(library)
}

func (f Funcs) Key(rec *Record) error {
	if f.OnKey == nil {
		return nil
	}
	return f.OnKey(rec)
}
