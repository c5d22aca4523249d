package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
)

// Decoding the outbox's binary records (see codec.go for the format). A
// record is checked as it is read: one cut short, with bytes past its end,
// or with a tag out of order is refused with branchbot.ErrBadRecord rather
// than read as a different message.

// unmarshalOutgoing decodes what MarshalOutgoing wrote into o; on error it
// leaves o as it was. The decoded strings share one copy of data (so a
// string kept keeps the whole record's text alive), never data itself,
// which may be bbolt's memory.
func unmarshalOutgoing(data []byte, o *branchbot.Outgoing) error {
	if len(data) == 0 || data[0] != outgoingFormat {
		return badRecord("outgoing", 0, "not a binary outgoing record")
	}
	d := decoder{data: data, s: string(data), pos: 1, kind: "outgoing"}
	var v branchbot.Outgoing
	last := tagEnd
	for d.err == nil {
		if d.pos == len(data) {
			return badRecord("outgoing", d.pos, "truncated")
		}
		at, tag := d.pos, data[d.pos]
		d.pos++
		switch {
		case tag == tagEnd && d.pos != len(data):
			return badRecord("outgoing", d.pos, "%d bytes past the end tag", len(data)-d.pos)
		case tag == tagEnd:
			*o = v
			return nil
		case tag > tagLast:
			return badRecord("outgoing", at, "unknown tag %d", tag)
		case tag <= last:
			return badRecord("outgoing", at, "tag %d after tag %d", tag, last)
		}
		last = tag
		switch tag {
		case tagID:
			v.ID = d.uvarint()
		case tagKey:
			v.Key = d.string()
		case tagChatID:
			v.ChatID = d.varint()
		case tagMemberID:
			v.MemberID = d.varint()
		case tagEdit:
			v.Edit = d.int()
		case tagEditKey:
			v.EditKey = d.string()
		case tagText:
			v.Text = d.string()
		case tagParseMode:
			v.ParseMode = d.string()
		case tagEntities:
			v.Entities = d.entities()
		case tagPhoto:
			v.Photo = d.string()
		case tagDocument:
			v.Document = d.string()
		case tagKeyboard:
			v.Keyboard = d.keyboard()
		case tagKeyboardOnly:
			v.KeyboardOnly = true
		case tagReplyKey:
			v.ReplyKey = d.string()
		case tagLive:
			v.Live = d.string()
		case tagSilent:
			v.Silent = true
		case tagCreatedAt:
			v.CreatedAt = d.time()
		case tagNotBefore:
			v.NotBefore = d.time()
		case tagDeadline:
			v.Deadline = d.time()
		case tagAttempts:
			v.Attempts = d.int()
		case tagLastError:
			v.LastError = d.string()
		case tagFailedAt:
			v.FailedAt = d.time()
		}
	}
	return d.err
}

// unmarshalDelivery decodes what marshalDelivery wrote into d; on error it
// leaves d as it was.
func unmarshalDelivery(data []byte, d *branchbot.Delivery) error {
	if len(data) == 0 || data[0] != deliveryFormat {
		return badRecord("delivery", 0, "not a binary delivery record")
	}
	dec := decoder{data: data, pos: 1, kind: "delivery"}
	chat, msg, at := dec.varint(), dec.int(), dec.varint()
	switch {
	case dec.err != nil:
		return dec.err
	case dec.pos != len(data):
		return badRecord("delivery", dec.pos, "%d bytes past the end of the record", len(data)-dec.pos)
	}
	*d = branchbot.Delivery{ChatID: chat, MessageID: msg}
	if at != 0 {
		d.SentAt = time.Unix(0, at).UTC()
	}
	return nil
}

func badRecord(kind string, pos int, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s (at byte %d)", branchbot.ErrBadRecord, kind, fmt.Sprintf(format, args...), pos)
}

// decoder reads a record's values in turn. The first error sticks: the
// values read after it are zero.
type decoder struct {
	data []byte
	s    string // data, copied once for the strings cut from it
	pos  int
	kind string // what the record is, for errors
	err  error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = badRecord(d.kind, d.pos, format, args...)
	}
}

// advance moves past a varint of n bytes, as encoding/binary reports n:
// 0 for too few bytes, negative for an overflow.
func (d *decoder) advance(n int) bool {
	switch {
	case n > 0:
		d.pos += n
		return true
	case n == 0:
		d.fail("truncated")
	default:
		d.fail("varint overflows 64 bits")
	}
	return false
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.pos:])
	if !d.advance(n) {
		return 0
	}
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.data[d.pos:])
	if !d.advance(n) {
		return 0
	}
	return v
}

func (d *decoder) int() int {
	v := d.varint()
	if int64(int(v)) != v {
		d.fail("%d overflows int", v)
		return 0
	}
	return int(v)
}

// count reads a count of items of at least min bytes each, refusing one
// the rest of the record cannot hold.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if n > uint64((len(d.data)-d.pos)/min) {
		d.fail("%d items run past the end", n)
		return 0
	}
	return int(n)
}

func (d *decoder) string() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.data)-d.pos) {
		d.fail("string of %d bytes runs past the end", n)
		return ""
	}
	s := d.s[d.pos : d.pos+int(n)]
	d.pos += int(n)
	return s
}

func (d *decoder) time() time.Time {
	n := d.varint()
	if d.err != nil {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func (d *decoder) entities() []branchbot.Entity {
	n := d.count(minEntitySize)
	if n == 0 {
		return nil
	}
	es := make([]branchbot.Entity, n)
	for i := range es {
		es[i] = branchbot.Entity{
			Type:          d.string(),
			Offset:        d.int(),
			Length:        d.int(),
			URL:           d.string(),
			UserID:        d.varint(),
			UserName:      d.string(),
			Language:      d.string(),
			CustomEmojiID: d.string(),
		}
	}
	return es
}

func (d *decoder) keyboard() [][]branchbot.Button {
	n := d.count(minRowSize)
	if n == 0 {
		return nil
	}
	rows := make([][]branchbot.Button, n)
	for i := range rows {
		m := d.count(minButtonSize)
		if m == 0 {
			continue
		}
		row := make([]branchbot.Button, m)
		for j := range row {
			row[j] = branchbot.Button{Text: d.string(), Data: d.string(), URL: d.string()}
		}
		rows[i] = row
	}
	return rows
}
