package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

// fullOutgoing has every field set, with values that take the encoding's
// longer paths: negative ids, multi-byte varints, non-ASCII text.
func fullOutgoing() branchbot.Outgoing {
	at := time.Date(2026, 3, 10, 7, 46, 0, 123456789, time.UTC)
	return branchbot.Outgoing{
		ID:        math.MaxUint64,
		Key:       "study/p/20522/m98765/0",
		ChatID:    -1001234567890,
		MemberID:  98765,
		Edit:      4242,
		EditKey:   "broadcast/7/progress",
		Text:      "📖 今日学习 · 第3节\n\n<b>bold</b>",
		ParseMode: "HTML",
		Entities: []branchbot.Entity{
			{Type: "bold", Offset: 3, Length: 4},
			{Type: "text_mention", Offset: -1, Length: 1 << 40, URL: "https://example.org/x", UserID: -42, UserName: "张三", Language: "go", CustomEmojiID: "5368324170671202286"},
		},
		Photo:    "AgACAgIAAxkBAAIB",
		Document: "BQACAgIAAxkBAAIC",
		Keyboard: [][]branchbot.Button{
			{{Text: "✅ 已学", Data: "v1:done:20522:s3"}, {Text: "⏰ 稍后", Data: "v1:snooze:20522"}},
			{{Text: "📖 全文", URL: "https://example.org/s3"}},
			{{}},
		},
		KeyboardOnly: true,
		ReplyKey:     "study/p/20521/m98765/0",
		Live:         "study/prompt/20522/5/0/0",
		Silent:       true,
		CreatedAt:    at,
		NotBefore:    at.Add(time.Minute),
		Deadline:     time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC),
		Attempts:     -3,
		LastError:    "Too Many Requests: retry after 7",
		FailedAt:     time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), // 0 ns, but not the zero time
	}
}

// livePrompt is a study prompt as a morning's fan-out queues it: the text
// and buttons are rendered when it is sent.
func livePrompt() branchbot.Outgoing {
	return branchbot.Outgoing{
		ID:        123456,
		Key:       "study/p/20522/m98765/0",
		ChatID:    5000098765,
		MemberID:  98765,
		Live:      "study/prompt/20522/5/0/0",
		CreatedAt: time.Date(2026, 3, 10, 7, 46, 0, 0, time.UTC),
	}
}

func roundTrip(t *testing.T, o branchbot.Outgoing) branchbot.Outgoing {
	t.Helper()
	b, err := MarshalOutgoing(&o)
	if err != nil {
		t.Fatalf("MarshalOutgoing: %v", err)
	}
	if len(b) != cap(b) {
		t.Errorf("MarshalOutgoing: %d bytes in a slice of %d: outgoingSize is off", len(b), cap(b))
	}
	appended, err := appendOutgoing([]byte("prefix"), &o)
	if err != nil || !bytes.Equal(appended, append([]byte("prefix"), b...)) {
		t.Errorf("appendOutgoing = %q, %v; want the prefix and %q", appended, err, b)
	}
	var back branchbot.Outgoing
	if err := unmarshalOutgoing(b, &back); err != nil {
		t.Fatalf("unmarshalOutgoing(%x): %v", b, err)
	}
	return back
}

func TestOutgoingBinaryRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		o    branchbot.Outgoing
	}{
		{"every field", fullOutgoing()},
		{"zero", branchbot.Outgoing{}},
		{"live prompt", livePrompt()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if back := roundTrip(t, tt.o); !reflect.DeepEqual(back, tt.o) {
				t.Errorf("round trip:\n got %+v\nwant %+v", back, tt.o)
			}
		})
	}
}

// TestOutgoingBinaryEachField sets one field of Outgoing at a time, so a
// field added to the type but not to the encoding fails here.
func TestOutgoingBinaryEachField(t *testing.T) {
	full := reflect.ValueOf(fullOutgoing())
	typ := full.Type()
	zero, _ := MarshalOutgoing(&branchbot.Outgoing{})
	for i := range typ.NumField() {
		t.Run(typ.Field(i).Name, func(t *testing.T) {
			var o branchbot.Outgoing
			reflect.ValueOf(&o).Elem().Field(i).Set(full.Field(i))
			if reflect.ValueOf(o).Field(i).IsZero() {
				t.Fatal("fullOutgoing leaves the field zero")
			}
			b, _ := MarshalOutgoing(&o)
			if bytes.Equal(b, zero) {
				t.Fatal("the field is not encoded")
			}
			if back := roundTrip(t, o); !reflect.DeepEqual(back, o) {
				t.Errorf("round trip:\n got %+v\nwant %+v", back, o)
			}
		})
	}
}

func TestOutgoingBinaryTimes(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 3, 10, 15, 46, 0, 0, shanghai)
	back := roundTrip(t, branchbot.Outgoing{CreatedAt: at})
	if !back.CreatedAt.Equal(at) || back.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt %v came back as %v, want the same instant in UTC", at, back.CreatedAt)
	}
	for _, bad := range []time.Time{
		time.Date(2263, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		if _, err := MarshalOutgoing(&branchbot.Outgoing{Deadline: bad}); err == nil {
			t.Errorf("Deadline %v encoded; it does not fit in int64 nanoseconds", bad)
		}
		if _, err := marshalDelivery(&branchbot.Delivery{SentAt: bad}); err == nil {
			t.Errorf("SentAt %v encoded; it does not fit in int64 nanoseconds", bad)
		}
	}
}

func TestOutgoingBinaryRefusesBadRecords(t *testing.T) {
	valid, _ := MarshalOutgoing(&branchbot.Outgoing{ID: 7, Key: "k", ChatID: 9})
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"JSON", []byte(`{"id":7,"key":"k","chat":9}`)},
		{"format byte alone", []byte{outgoingFormat}},
		{"another format", append([]byte{0x02}, valid[1:]...)},
		{"no end tag", valid[:len(valid)-1]},
		{"bytes past the end tag", append(bytes.Clone(valid), 0)},
		{"unknown tag", []byte{outgoingFormat, tagLast + 1, tagEnd}},
		{"repeated tag", []byte{outgoingFormat, tagID, 1, tagID, 2, tagEnd}},
		{"tags out of order", []byte{outgoingFormat, tagChatID, 2, tagID, 1, tagEnd}},
		{"repeated bool", []byte{outgoingFormat, tagSilent, tagSilent, tagEnd}},
		{"string past the end", []byte{outgoingFormat, tagKey, 5, 'a', 'b', tagEnd}},
		{"huge string length", []byte{outgoingFormat, tagKey, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, tagEnd}},
		{"varint of 11 bytes", []byte{outgoingFormat, tagChatID, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, tagEnd}},
		{"cut varint", []byte{outgoingFormat, tagChatID, 0x80}},
		{"huge entity count", []byte{outgoingFormat, tagEntities, 0xff, 0xff, 0xff, 0xff, 0x0f, tagEnd}},
		{"more entities than bytes", []byte{outgoingFormat, tagEntities, 2, 0, 0, 0, 0, 0, 0, 0, 0, tagEnd}},
		{"huge keyboard", []byte{outgoingFormat, tagKeyboard, 0xff, 0xff, 0xff, 0xff, 0x0f, tagEnd}},
		{"huge row", []byte{outgoingFormat, tagKeyboard, 1, 0xff, 0xff, 0x03, tagEnd}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := branchbot.Outgoing{ID: 99}
			err := unmarshalOutgoing(tt.data, &o)
			if !errors.Is(err, branchbot.ErrBadRecord) {
				t.Errorf("unmarshalOutgoing(%x) = %v, want ErrBadRecord", tt.data, err)
			}
			if o.ID != 99 {
				t.Errorf("a failed unmarshalOutgoing changed the record: %+v", o)
			}
		})
	}
}

func TestOutgoingBinaryTruncated(t *testing.T) {
	for _, o := range []branchbot.Outgoing{fullOutgoing(), livePrompt(), {}} {
		b, _ := MarshalOutgoing(&o)
		for n := range len(b) {
			var back branchbot.Outgoing
			if err := unmarshalOutgoing(b[:n], &back); !errors.Is(err, branchbot.ErrBadRecord) {
				t.Errorf("record cut to %d of %d bytes: %v, want ErrBadRecord", n, len(b), err)
			}
		}
	}
}

// TestOutgoingBinaryCopies checks that decoded strings do not alias the
// input, which for a store is memory valid only during a transaction.
func TestOutgoingBinaryCopies(t *testing.T) {
	o := fullOutgoing()
	b, _ := MarshalOutgoing(&o)
	var back branchbot.Outgoing
	if err := unmarshalOutgoing(b, &back); err != nil {
		t.Fatal(err)
	}
	clear(b)
	if !reflect.DeepEqual(back, o) {
		t.Errorf("clearing the input changed the decoded record:\n got %+v\nwant %+v", back, o)
	}
}

func TestDeliveryBinary(t *testing.T) {
	for _, d := range []branchbot.Delivery{
		{},
		{ChatID: 5000098765, MessageID: 321, SentAt: time.Date(2026, 3, 10, 7, 46, 1, 5, time.UTC)},
		{ChatID: -1001234567890, MessageID: math.MaxInt32},
	} {
		b, err := marshalDelivery(&d)
		if err != nil {
			t.Fatal(err)
		}
		var back branchbot.Delivery
		if err := unmarshalDelivery(b, &back); err != nil || back != d {
			t.Errorf("round trip of %+v: %+v, %v", d, back, err)
		}
		for n := range len(b) {
			if err := unmarshalDelivery(b[:n], &back); !errors.Is(err, branchbot.ErrBadRecord) {
				t.Errorf("%+v cut to %d of %d bytes: %v, want ErrBadRecord", d, n, len(b), err)
			}
		}
		if err := unmarshalDelivery(append(b, 0), &back); !errors.Is(err, branchbot.ErrBadRecord) {
			t.Errorf("%+v with a byte more: %v, want ErrBadRecord", d, err)
		}
	}
	if err := unmarshalDelivery([]byte(`{"chat":1,"msg":2,"at":"2026-03-10T07:46:01Z"}`), new(branchbot.Delivery)); !errors.Is(err, branchbot.ErrBadRecord) {
		t.Errorf("JSON delivery: %v, want ErrBadRecord", err)
	}
}

// FuzzOutgoingBinary decodes arbitrary bytes: it must never panic, and a
// record it accepts must encode to bytes that decode to the same record.
func FuzzOutgoingBinary(f *testing.F) {
	for _, o := range []branchbot.Outgoing{fullOutgoing(), livePrompt(), {}} {
		b, _ := MarshalOutgoing(&o)
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte(`{"id":7}`))
	f.Add([]byte{outgoingFormat, tagKeyboard, 2, 0, 1, 0, 0, 0, tagEnd})
	f.Fuzz(func(t *testing.T, data []byte) {
		var o branchbot.Outgoing
		if err := unmarshalOutgoing(data, &o); err != nil {
			if !errors.Is(err, branchbot.ErrBadRecord) {
				t.Fatalf("error %v does not wrap branchbot.ErrBadRecord", err)
			}
			return
		}
		b, err := MarshalOutgoing(&o)
		if err != nil {
			t.Fatalf("MarshalOutgoing of a decoded record: %v", err)
		}
		var back branchbot.Outgoing
		if err := unmarshalOutgoing(b, &back); err != nil {
			t.Fatalf("unmarshalOutgoing(MarshalOutgoing(%+v)): %v", o, err)
		}
		if !reflect.DeepEqual(back, o) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", back, o)
		}
		if again, _ := MarshalOutgoing(&back); !bytes.Equal(again, b) {
			t.Fatalf("encoding is not stable: %x, then %x", b, again)
		}
	})
}

// BenchmarkOutgoingCodec compares the binary encoding of a live study
// prompt with encoding/json, which the store used before.
func BenchmarkOutgoingCodec(b *testing.B) {
	o := livePrompt()
	bin, _ := MarshalOutgoing(&o)
	js, _ := json.Marshal(&o)
	b.Run("binary/encode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := MarshalOutgoing(&o); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(bin)), "bytes/record")
	})
	b.Run("binary/decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var back branchbot.Outgoing
			if err := unmarshalOutgoing(bin, &back); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(bin)), "bytes/record")
	})
	b.Run("json/encode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(&o); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(js)), "bytes/record")
	})
	b.Run("json/decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var back branchbot.Outgoing
			if err := json.Unmarshal(js, &back); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(js)), "bytes/record")
	})
}

func TestOutgoingBinaryNotJSON(t *testing.T) {
	b, _ := MarshalOutgoing(&branchbot.Outgoing{})
	if strings.HasPrefix(string(b), "{") || json.Valid(b) {
		t.Errorf("binary record %x could be taken for JSON", b)
	}
}
