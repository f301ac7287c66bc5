package server

import (
	"encoding/binary"
	"errors"
	"strconv"

	"github.com/strata-db/strata/engine"
	"github.com/strata-db/strata/internal/crc64"
	"github.com/strata-db/strata/rdb"
)

// A FUNCTION DUMP payload is Redis's: for each library the RDB opcode
// FUNCTION2 and the library code as an RDB string, then the RDB version
// (u16le) and a CRC-64 (u64le) of everything before.
const rdbOpcodeFunction2 = 245

var errFunctionPayload = errors.New("failed loading the given functions payload")

func functionDump(c *engine.Ctx) {
	var p []byte
	for _, l := range c.Client.(*client).s.scripts().Libraries() {
		p = append(p, rdbOpcodeFunction2)
		p = appendRDBString(p, l.Code)
	}
	p = binary.LittleEndian.AppendUint16(p, rdb.Version)
	p = binary.LittleEndian.AppendUint64(p, crc64.Checksum(p))
	c.W.Bulk(p)
}

// functionRestore is FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE].
func functionRestore(c *engine.Ctx) {
	if len(c.Args) > 4 {
		c.W.Error("ERR unknown subcommand or wrong number of arguments for 'restore'. Try FUNCTION HELP.")
		return
	}
	policy := "APPEND"
	if len(c.Args) == 4 {
		policy = c.Upper(3)
		if policy != "APPEND" && policy != "REPLACE" && policy != "FLUSH" {
			c.W.Error("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.")
			return
		}
	}
	p := c.Args[2]
	if rdb.VerifyPayload(p, false) != nil {
		c.W.Error("ERR DUMP payload version or checksum are wrong")
		return
	}
	codes, errText := parseFunctionPayload(p[:len(p)-10])
	if errText == "" {
		errText = c.Client.(*client).s.scripts().RestoreLibraries(codes, policy)
	}
	if errText != "" {
		c.W.Error(errText)
		return
	}
	c.Changed(1)
	c.W.OK()
}

func parseFunctionPayload(p []byte) ([]string, string) {
	var codes []string
	for len(p) > 0 {
		if p[0] != rdbOpcodeFunction2 {
			return nil, "ERR given type is not a function"
		}
		code, rest, err := readRDBString(p[1:])
		if err != nil {
			return nil, "ERR " + err.Error()
		}
		codes = append(codes, code)
		p = rest
	}
	return codes, ""
}

func appendRDBString(p []byte, s string) []byte {
	n := len(s)
	switch {
	case n < 1<<6:
		p = append(p, byte(n))
	case n < 1<<14:
		p = append(p, 0x40|byte(n>>8), byte(n))
	case uint64(n) <= 0xffffffff:
		p = binary.BigEndian.AppendUint32(append(p, 0x80), uint32(n))
	default:
		p = binary.BigEndian.AppendUint64(append(p, 0x81), uint64(n))
	}
	return append(p, s...)
}

// readRDBLen reads an RDB length; special reports an encoded string
// (integer or LZF), whose kind is then the returned value.
func readRDBLen(p []byte) (n uint64, special bool, rest []byte, err error) {
	if len(p) == 0 {
		return 0, false, nil, errFunctionPayload
	}
	switch p[0] >> 6 {
	case 0:
		return uint64(p[0] & 0x3f), false, p[1:], nil
	case 1:
		if len(p) < 2 {
			return 0, false, nil, errFunctionPayload
		}
		return uint64(p[0]&0x3f)<<8 | uint64(p[1]), false, p[2:], nil
	case 3:
		return uint64(p[0] & 0x3f), true, p[1:], nil
	}
	switch {
	case p[0] == 0x80 && len(p) >= 5:
		return uint64(binary.BigEndian.Uint32(p[1:])), false, p[5:], nil
	case p[0] == 0x81 && len(p) >= 9:
		return binary.BigEndian.Uint64(p[1:]), false, p[9:], nil
	}
	return 0, false, nil, errFunctionPayload
}

func readRDBString(p []byte) (string, []byte, error) {
	n, special, p, err := readRDBLen(p)
	if err != nil {
		return "", nil, err
	}
	if !special {
		if uint64(len(p)) < n {
			return "", nil, errFunctionPayload
		}
		return string(p[:n]), p[n:], nil
	}
	switch n {
	case 0, 1, 2:
		size := 1 << n
		if len(p) < size {
			return "", nil, errFunctionPayload
		}
		var v int64
		switch n {
		case 0:
			v = int64(int8(p[0]))
		case 1:
			v = int64(int16(binary.LittleEndian.Uint16(p)))
		default:
			v = int64(int32(binary.LittleEndian.Uint32(p)))
		}
		return strconv.FormatInt(v, 10), p[size:], nil
	case 3:
		return readLZFString(p)
	}
	return "", nil, errFunctionPayload
}

func readLZFString(p []byte) (string, []byte, error) {
	clen, _, p, err := readRDBLen(p)
	if err != nil {
		return "", nil, err
	}
	ulen, _, p, err := readRDBLen(p)
	if err != nil || uint64(len(p)) < clen {
		return "", nil, errFunctionPayload
	}
	out, ok := lzfDecompress(p[:clen], int(ulen))
	if !ok {
		return "", nil, errFunctionPayload
	}
	return string(out), p[clen:], nil
}

// lzfDecompress expands LZF data (literal runs and back references) to
// exactly size bytes.
func lzfDecompress(in []byte, size int) ([]byte, bool) {
	out := make([]byte, 0, size)
	for i := 0; i < len(in); {
		ctrl := int(in[i])
		i++
		if ctrl < 32 {
			if i+ctrl+1 > len(in) {
				return nil, false
			}
			out = append(out, in[i:i+ctrl+1]...)
			i += ctrl + 1
			continue
		}
		n := ctrl >> 5
		if n == 7 {
			if i >= len(in) {
				return nil, false
			}
			n += int(in[i])
			i++
		}
		if i >= len(in) {
			return nil, false
		}
		ref := len(out) - (ctrl&0x1f)<<8 - int(in[i]) - 1
		i++
		if ref < 0 {
			return nil, false
		}
		for k := 0; k < n+2; k++ {
			out = append(out, out[ref+k])
		}
	}
	return out, len(out) == size
}
