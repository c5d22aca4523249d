package store

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"time"

	"github.com/branchbot/branchbot"
)

// The outbox is written a record per message, 100,000 of them in a
// morning's fan-out, so its records have a compact binary encoding of
// their own rather than JSON.
//
// An Outgoing record is the format byte outgoingFormat, a tag-value pair
// for each field that is not zero, in the order of the tags below, each tag
// a single byte, and the end tag (0). The end tag makes every proper prefix
// of a record invalid: without it, a record cut between two fields would
// read as one with fewer fields. The values are written as follows:
//
//   - integers: a varint (unsigned for ID), as encoding/binary writes them;
//   - strings: a uvarint length and the bytes;
//   - bools: the bare tag, which means true;
//   - times: a varint of nanoseconds since the Unix epoch (times outside
//     the years 1678 to 2262 cannot be encoded); decoded in UTC;
//   - Entities: a uvarint count, then each entity's Type, Offset, Length,
//     URL, UserID, UserName, Language and CustomEmojiID, all of them, as
//     above;
//   - Keyboard: a uvarint count of rows; for each row a uvarint count of
//     buttons; for each button its Text, Data and URL as strings.
//
// A field the encoding does not know is not silently dropped: adding one
// to Outgoing means adding a tag here, after the others, so records
// written before still decode.
//
// A Delivery record is the format byte deliveryFormat followed by three
// varints: ChatID, MessageID and SentAt in nanoseconds since the Unix
// epoch (0 for the zero time).
//
// JSON records start with '{', so the format byte tells the two apart.
const (
	outgoingFormat = 0x01
	deliveryFormat = 0x01
)

// Tags of the fields of Outgoing, in the order they are written.
const (
	tagEnd byte = iota
	tagID
	tagKey
	tagChatID
	tagMemberID
	tagEdit
	tagEditKey
	tagText
	tagParseMode
	tagEntities
	tagPhoto
	tagDocument
	tagKeyboard
	tagKeyboardOnly
	tagReplyKey
	tagLive
	tagSilent
	tagCreatedAt
	tagNotBefore
	tagDeadline
	tagAttempts
	tagLastError
	tagFailedAt
	tagLast = tagFailedAt
)

// Least encoded sizes, which bound the counts a decoder believes before it
// allocates for them.
const (
	minEntitySize = 8 // eight fields of at least a byte
	minButtonSize = 3 // three empty strings
	minRowSize    = 1 // a count of buttons
)

// MarshalOutgoing encodes o in the binary format described above, in a
// slice of exactly its size. The store encodes its records itself; this is
// for benchmarks that write records straight to bbolt.
func MarshalOutgoing(o *branchbot.Outgoing) ([]byte, error) {
	return appendOutgoing(make([]byte, 0, outgoingSize(o)), o)
}

// appendOutgoing appends the binary encoding of o to b. It fails only for a
// time it cannot encode.
func appendOutgoing(b []byte, o *branchbot.Outgoing) ([]byte, error) {
	b = append(b, outgoingFormat)
	if o.ID != 0 {
		b = binary.AppendUvarint(append(b, tagID), o.ID)
	}
	b = appendString(b, tagKey, o.Key)
	b = appendInt(b, tagChatID, o.ChatID)
	b = appendInt(b, tagMemberID, o.MemberID)
	b = appendInt(b, tagEdit, int64(o.Edit))
	b = appendString(b, tagEditKey, o.EditKey)
	b = appendString(b, tagText, o.Text)
	b = appendString(b, tagParseMode, o.ParseMode)
	if len(o.Entities) > 0 {
		b = binary.AppendUvarint(append(b, tagEntities), uint64(len(o.Entities)))
		for i := range o.Entities {
			e := &o.Entities[i]
			b = appendBytes(b, e.Type)
			b = binary.AppendVarint(b, int64(e.Offset))
			b = binary.AppendVarint(b, int64(e.Length))
			b = appendBytes(b, e.URL)
			b = binary.AppendVarint(b, e.UserID)
			b = appendBytes(b, e.UserName)
			b = appendBytes(b, e.Language)
			b = appendBytes(b, e.CustomEmojiID)
		}
	}
	b = appendString(b, tagPhoto, o.Photo)
	b = appendString(b, tagDocument, o.Document)
	if len(o.Keyboard) > 0 {
		b = binary.AppendUvarint(append(b, tagKeyboard), uint64(len(o.Keyboard)))
		for _, row := range o.Keyboard {
			b = binary.AppendUvarint(b, uint64(len(row)))
			for i := range row {
				b = appendBytes(b, row[i].Text)
				b = appendBytes(b, row[i].Data)
				b = appendBytes(b, row[i].URL)
			}
		}
	}
	if o.KeyboardOnly {
		b = append(b, tagKeyboardOnly)
	}
	b = appendString(b, tagReplyKey, o.ReplyKey)
	b = appendString(b, tagLive, o.Live)
	if o.Silent {
		b = append(b, tagSilent)
	}
	var err error
	for _, t := range [...]struct {
		tag byte
		at  time.Time
	}{{tagCreatedAt, o.CreatedAt}, {tagNotBefore, o.NotBefore}, {tagDeadline, o.Deadline}} {
		if b, err = appendTime(b, t.tag, t.at); err != nil {
			return nil, fmt.Errorf("outgoing %d: %w", o.ID, err)
		}
	}
	b = appendInt(b, tagAttempts, int64(o.Attempts))
	b = appendString(b, tagLastError, o.LastError)
	if b, err = appendTime(b, tagFailedAt, o.FailedAt); err != nil {
		return nil, fmt.Errorf("outgoing %d: %w", o.ID, err)
	}
	return append(b, tagEnd), nil
}

// outgoingSize is the length of o's binary encoding, so MarshalOutgoing
// allocates once.
func outgoingSize(o *branchbot.Outgoing) int {
	n := 2 // the format byte and the end tag
	if o.ID != 0 {
		n += 1 + uvarintLen(o.ID)
	}
	n += intSize(o.ChatID) + intSize(o.MemberID) + intSize(int64(o.Edit)) + intSize(int64(o.Attempts))
	for _, s := range [...]string{o.Key, o.EditKey, o.Text, o.ParseMode, o.Photo, o.Document, o.ReplyKey, o.Live, o.LastError} {
		if s != "" {
			n += 1 + bytesSize(s)
		}
	}
	if len(o.Entities) > 0 {
		n += 1 + uvarintLen(uint64(len(o.Entities)))
		for i := range o.Entities {
			e := &o.Entities[i]
			n += bytesSize(e.Type) + varintLen(int64(e.Offset)) + varintLen(int64(e.Length)) + bytesSize(e.URL) +
				varintLen(e.UserID) + bytesSize(e.UserName) + bytesSize(e.Language) + bytesSize(e.CustomEmojiID)
		}
	}
	if len(o.Keyboard) > 0 {
		n += 1 + uvarintLen(uint64(len(o.Keyboard)))
		for _, row := range o.Keyboard {
			n += uvarintLen(uint64(len(row)))
			for i := range row {
				n += bytesSize(row[i].Text) + bytesSize(row[i].Data) + bytesSize(row[i].URL)
			}
		}
	}
	if o.KeyboardOnly {
		n++
	}
	if o.Silent {
		n++
	}
	for _, t := range [...]time.Time{o.CreatedAt, o.NotBefore, o.Deadline, o.FailedAt} {
		if !t.IsZero() {
			n += 1 + varintLen(t.UnixNano())
		}
	}
	return n
}

// marshalDelivery encodes d in the binary format described above. It fails
// only for a time it cannot encode.
func marshalDelivery(d *branchbot.Delivery) ([]byte, error) {
	b := make([]byte, 0, 1+3*binary.MaxVarintLen64)
	var at int64
	if !d.SentAt.IsZero() {
		at = d.SentAt.UnixNano()
		if !time.Unix(0, at).Equal(d.SentAt) {
			return nil, fmt.Errorf("delivery: time %s cannot be encoded", d.SentAt)
		}
	}
	b = append(b, deliveryFormat)
	b = binary.AppendVarint(b, d.ChatID)
	b = binary.AppendVarint(b, int64(d.MessageID))
	return binary.AppendVarint(b, at), nil
}

func appendBytes(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendString(b []byte, tag byte, s string) []byte {
	if s == "" {
		return b
	}
	return appendBytes(append(b, tag), s)
}

func appendInt(b []byte, tag byte, v int64) []byte {
	if v == 0 {
		return b
	}
	return binary.AppendVarint(append(b, tag), v)
}

func appendTime(b []byte, tag byte, t time.Time) ([]byte, error) {
	if t.IsZero() {
		return b, nil
	}
	n := t.UnixNano()
	if !time.Unix(0, n).Equal(t) {
		return nil, fmt.Errorf("time %s cannot be encoded", t)
	}
	return binary.AppendVarint(append(b, tag), n), nil
}

func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

func varintLen(v int64) int { return uvarintLen(uint64(v<<1) ^ uint64(v>>63)) }

func bytesSize(s string) int { return uvarintLen(uint64(len(s))) + len(s) }

func intSize(v int64) int {
	if v == 0 {
		return 0
	}
	return 1 + varintLen(v)
}
