package branchbot

import (
	"errors"
	"strings"
	"testing"
)

func TestCallbackRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		cb   Callback
	}{
		{"remove", Callback{Action: "rm", Owner: 3, Arg: "17"}},
		{"empty arg", Callback{Action: "x", Owner: 1}},
		{"big ids", Callback{Action: "done", Owner: 1<<62 - 1, Arg: "2026-11-25"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.cb.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if len(s) > MaxCallbackData {
				t.Fatalf("%d bytes", len(s))
			}
			got, err := DecodeCallback(s)
			if err != nil || got != tt.cb {
				t.Fatalf("DecodeCallback(%q) = %+v, %v; want %+v", s, got, err, tt.cb)
			}
		})
	}
}

func TestCallbackRejects(t *testing.T) {
	for _, s := range []string{"", "1", "1|rm|3", "2|rm|3|4", "1|RM|3|4", "1|rm|-3|4", "1|rm|03|4", "1|rm|3|4|5", "1||3|4", strings.Repeat("x", 65)} {
		if _, err := DecodeCallback(s); !errors.Is(err, ErrBadCallback) {
			t.Errorf("DecodeCallback(%q) err = %v, want ErrBadCallback", s, err)
		}
	}
	if _, err := (Callback{Action: "rm", Owner: 1, Arg: strings.Repeat("a", 60)}).Encode(); !errors.Is(err, ErrBadCallback) {
		t.Errorf("long arg encoded: %v", err)
	}
	if _, err := (Callback{Action: "rm", Owner: 1, Arg: "a|b"}).Encode(); !errors.Is(err, ErrBadCallback) {
		t.Errorf("arg with separator encoded: %v", err)
	}
}

func FuzzDecodeCallback(f *testing.F) {
	for _, s := range []string{"1|rm|3|17", "1|x|0|", "", "1|a|1|b|c", "\xff|rm|1|2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cb, err := DecodeCallback(s)
		if err != nil {
			return
		}
		// Whatever decodes must encode back to the same bytes.
		back, err := cb.Encode()
		if err != nil || back != s {
			t.Fatalf("DecodeCallback(%q) = %+v, re-encoded %q, %v", s, cb, back, err)
		}
	})
}
