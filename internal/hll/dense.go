package hll

// Dense registers are 6-bit fields packed least significant bit first: a
// register may straddle two bytes. The last register ends inside the last
// byte, so reads and writes past the end are skipped rather than done on a
// terminator byte as in C.

func denseGet(regs []byte, i int) uint8 {
	byteIdx := i * bits / 8
	fb := uint(i * bits & 7)
	v := uint(regs[byteIdx]) >> fb
	if byteIdx+1 < len(regs) {
		v |= uint(regs[byteIdx+1]) << (8 - fb)
	}
	return uint8(v & regMax)
}

func denseWrite(regs []byte, i int, val uint8) {
	byteIdx := i * bits / 8
	fb := uint(i * bits & 7)
	regs[byteIdx] &^= byte(regMax << fb)
	regs[byteIdx] |= byte(uint(val) << fb)
	if byteIdx+1 < len(regs) {
		regs[byteIdx+1] &^= byte(regMax >> (8 - fb))
		regs[byteIdx+1] |= byte(uint(val) >> (8 - fb))
	}
}

// denseSet raises register i to count and reports whether it changed.
func denseSet(regs []byte, i int, count uint8) bool {
	if count > denseGet(regs, i) {
		denseWrite(regs, i, count)
		return true
	}
	return false
}

// denseHisto counts register values, four registers (three bytes) at a
// time.
func denseHisto(regs []byte, histo *[64]int) {
	for i := 0; i+2 < len(regs); i += 3 {
		w := uint32(regs[i]) | uint32(regs[i+1])<<8 | uint32(regs[i+2])<<16
		histo[w&regMax]++
		histo[w>>6&regMax]++
		histo[w>>12&regMax]++
		histo[w>>18&regMax]++
	}
}

// DenseRegisters returns the 16384 register values of a valid value,
// converting a sparse one (ErrCorrupt when it is broken).
func DenseRegisters(b []byte) ([]uint8, error) {
	regs := make([]uint8, Registers)
	if err := Merge(regs, b); err != nil {
		return nil, err
	}
	return regs, nil
}

// ToDense converts a sparse value to the dense encoding, keeping the
// header bytes (magic, cached cardinality, unused bytes) as Redis does. A
// dense value is returned as is.
func ToDense(b []byte) ([]byte, error) {
	if b[4] == encDense {
		return b, nil
	}
	d := make([]byte, DenseSize)
	copy(d, b[:HeaderSize])
	d[4] = encDense
	regs := d[HeaderSize:]
	i := 0
	ok := eachOp(b[HeaderSize:], func(val uint8, run int) bool {
		if val > 0 {
			if i+run > Registers {
				return false
			}
			for j := 0; j < run; j++ {
				denseWrite(regs, i+j, val)
			}
		}
		i += run
		return true
	})
	if !ok || i != Registers {
		return nil, ErrCorrupt
	}
	return d, nil
}
