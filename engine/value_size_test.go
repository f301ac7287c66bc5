package engine

import (
	"testing"
	"unsafe"
)

// A Value is stored inline in every trie entry: its size is paid per key
// (1,000,000 keys: 16 MB for each 16 bytes). Pin it.
func TestValueIs32Bytes(t *testing.T) {
	if n := unsafe.Sizeof(Value{}); n != 32 {
		t.Fatalf("Value is %d bytes, want 32", n)
	}
}

func TestValueHoldsAStringOrACollection(t *testing.T) {
	var zero Value
	if zero.Type() != TypeString || zero.Str() != "" || zero.Obj() != nil {
		t.Fatalf("zero Value: type %v %q %v", zero.Type(), zero.Str(), zero.Obj())
	}
	v := StringValue("hello")
	if v.Type() != TypeString || v.Str() != "hello" || v.Obj() != nil {
		t.Fatalf("string Value: %v %q %v", v.Type(), v.Str(), v.Obj())
	}
	l := NewList(nil)
	v.setObj(l)
	if v.Type() != TypeList || v.Str() != "" || v.Obj() != Object(l) {
		t.Fatalf("list Value: %v %q %v", v.Type(), v.Str(), v.Obj())
	}
	// A copy (as a snapshot's node holds) keeps its collection when the
	// original is given another one.
	snap := v
	v.setObj(NewList(nil))
	if snap.Obj() != Object(l) || v.Obj() == Object(l) {
		t.Fatal("replacing the collection changed a copy of the Value")
	}
	v.setStr("back")
	if v.Type() != TypeString || v.Str() != "back" || snap.Type() != TypeList {
		t.Fatalf("string again: %v %q; copy %v", v.Type(), v.Str(), snap.Type())
	}
}
