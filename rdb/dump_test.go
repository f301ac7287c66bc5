package rdb

import (
	"errors"
	"os"
	"testing"
)

// A string payload is type 0, the STR, version 10 and the CRC-64 of the rest.
func TestDumpKnownPayload(t *testing.T) {
	got, err := Dump(&Record{Value: "hello"}, EncoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := "\x00\x05hello\x0a\x00"
	if string(got[:len(want)]) != want || len(got) != len(want)+8 {
		t.Fatalf("payload %q", got)
	}
	if err := VerifyPayload(got, false); err != nil {
		t.Fatal(err)
	}
}

func TestDumpRestoreEveryFixtureValue(t *testing.T) {
	data, err := os.ReadFile("testdata/all-types.rdb")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range decodeSpans(t, data) {
		p, err := Dump(s.rec, EncoderOptions{})
		if err != nil {
			t.Fatalf("%q: %v", s.rec.Key, err)
		}
		back, err := Restore(p, false)
		if err != nil {
			t.Fatalf("%q: %v", s.rec.Key, err)
		}
		if back.Type != s.rec.Type {
			t.Errorf("%q: type %s, want %s", s.rec.Key, back.Type, s.rec.Type)
		}
		back.KeyInfo = s.rec.KeyInfo
		assertSameValue(t, s.rec, back)
	}
}

func TestRestoreRejects(t *testing.T) {
	good, err := Dump(&Record{Value: List{"a", "b"}}, EncoderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) []byte {
		p := append([]byte(nil), good...)
		p[i] ^= 0x01
		return p
	}
	newer := append([]byte(nil), good...)
	newer[len(newer)-10] = 11 // RDB 11 is not readable by 7.0
	for _, tc := range []struct {
		name string
		p    []byte
		skip bool
		want error
	}{
		{"short", []byte("abc"), false, ErrBadPayload},
		{"crc", flip(len(good) - 1), false, ErrBadPayload},
		{"body", flip(2), false, ErrBadPayload},
		{"version", newer, true, ErrBadPayload},
	} {
		if _, err := Restore(tc.p, tc.skip); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	// With the checksum skipped, a damaged body is caught by the decoder.
	bad := append([]byte(nil), good...)
	bad[0] = 99
	var ce *CorruptionError
	if _, err := Restore(bad, true); !errors.As(err, &ce) {
		t.Errorf("bad type: got %v, want a CorruptionError", err)
	}
}
