package chart

// Some fonts Debian ships (wqy-microhei among them) start tables at
// offsets that are not multiples of four, which the OpenType
// specification asks for and golang.org/x/image/font/sfnt insists on.
// realign copies such a font's tables to aligned offsets.

import (
	"encoding/binary"
	"errors"
)

var errBadFont = errors.New("not a font file")

// fontCount returns how many fonts data holds: a collection's count, or 1.
func fontCount(data []byte) int {
	if len(data) >= 12 && string(data[:4]) == "ttcf" {
		return int(binary.BigEndian.Uint32(data[8:12]))
	}
	return 1
}

// realign returns font i of data (a collection, or a single font when i
// is 0) as a single font whose tables start on four-byte boundaries.
func realign(data []byte, i int) ([]byte, error) {
	u32 := func(at int) (int, bool) {
		if at < 0 || at+4 > len(data) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(data[at:])), true
	}
	start := 0
	if string(data[:min(4, len(data))]) == "ttcf" {
		var ok bool
		if start, ok = u32(12 + 4*i); !ok {
			return nil, errBadFont
		}
	}
	if start+12 > len(data) {
		return nil, errBadFont
	}
	n := int(binary.BigEndian.Uint16(data[start+4:]))
	dir := start + 12
	if dir+16*n > len(data) {
		return nil, errBadFont
	}
	head := 12 + 16*n
	out := make([]byte, head, len(data))
	copy(out, data[start:start+head])
	for t := range n {
		rec := dir + 16*t
		off, ok1 := u32(rec + 8)
		length, ok2 := u32(rec + 12)
		if !ok1 || !ok2 || off+length > len(data) || off+length < off {
			return nil, errBadFont
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		binary.BigEndian.PutUint32(out[12+16*t+8:], uint32(len(out)))
		out = append(out, data[off:off+length]...)
	}
	return out, nil
}
