// Package crc64 computes the CRC-64 variant that Redis uses for RDB files and
// DUMP payloads: the Jones polynomial (0xad93d23594c935a9), reflected input and
// output, initial value 0 and no final XOR. Go's hash/crc64 inverts the state
// before and after every update, so it cannot be used directly.
//
// The check value CRC("123456789") is 0xe9c6d914c4b8d9ca.
package crc64

import "encoding/binary"

// reflectedPoly is the Jones polynomial with its bits reversed, the form a
// right-shifting (reflected) CRC loop needs.
const reflectedPoly = 0x95ac9329ac4bc9b5

// tables[0] is the classic byte table; tables[k] advances a byte that sits k
// positions further back, so Update can fold eight bytes per step.
var tables = makeTables()

func makeTables() *[8][256]uint64 {
	t := new([8][256]uint64)
	for i := 0; i < 256; i++ {
		crc := uint64(i)
		for j := 0; j < 8; j++ {
			if crc&1 == 1 {
				crc = crc>>1 ^ reflectedPoly
			} else {
				crc >>= 1
			}
		}
		t[0][i] = crc
	}
	for i := 0; i < 256; i++ {
		crc := t[0][i]
		for k := 1; k < 8; k++ {
			crc = t[0][crc&0xff] ^ crc>>8
			t[k][i] = crc
		}
	}
	return t
}

// Update returns the CRC of the bytes that gave crc followed by p. Start with 0.
func Update(crc uint64, p []byte) uint64 {
	t := tables
	for len(p) >= 8 {
		crc ^= binary.LittleEndian.Uint64(p)
		crc = t[7][crc&0xff] ^ t[6][crc>>8&0xff] ^ t[5][crc>>16&0xff] ^
			t[4][crc>>24&0xff] ^ t[3][crc>>32&0xff] ^ t[2][crc>>40&0xff] ^
			t[1][crc>>48&0xff] ^ t[0][crc>>56]
		p = p[8:]
	}
	for _, b := range p {
		crc = t[0][byte(crc)^b] ^ crc>>8
	}
	return crc
}

// Checksum returns the CRC of p.
func Checksum(p []byte) uint64 { return Update(0, p) }
