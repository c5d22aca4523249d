package branchbot

import (
	"errors"
	"testing"
	"time"
)

func TestBroadcastTransitions(t *testing.T) {
	now := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	states := []BroadcastState{BroadcastDraft, BroadcastScheduled, BroadcastSending, BroadcastSent, BroadcastCancelled}
	tests := []struct {
		name string
		do   func(b *Broadcast) error
		// to is the state each of states leads to; "" marks a refusal
		// with ErrNotDraft.
		to [5]BroadcastState
	}{
		{"check draft", (*Broadcast).CheckDraft, [5]BroadcastState{BroadcastDraft, "", "", "", ""}},
		{"cancel", (*Broadcast).Cancel, [5]BroadcastState{BroadcastCancelled, BroadcastCancelled, "", "", ""}},
		{"confirm now", func(b *Broadcast) error { _, err := b.Confirm(now); return err },
			[5]BroadcastState{BroadcastDraft, "", "", "", ""}},
		{"start", func(b *Broadcast) error { return b.Start(now) },
			[5]BroadcastState{BroadcastSending, BroadcastSending, "", "", ""}},
	}
	for _, tt := range tests {
		for i, from := range states {
			t.Run(tt.name+" from "+string(from), func(t *testing.T) {
				b := &Broadcast{ID: 3, State: from}
				err := tt.do(b)
				if tt.to[i] == "" {
					if !errors.Is(err, ErrNotDraft) || b.State != from {
						t.Errorf("err = %v, state %s; want ErrNotDraft and %s", err, b.State, from)
					}
					return
				}
				if err != nil || b.State != tt.to[i] {
					t.Errorf("err = %v, state %s; want %s", err, b.State, tt.to[i])
				}
			})
		}
	}
}

func TestBroadcastConfirm(t *testing.T) {
	now := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name      string
		sendAt    time.Time
		scheduled bool
	}{
		{"no time set", time.Time{}, false},
		{"later", now.Add(time.Minute), true},
		{"set time now", now, false},
		{"set time passed while previewed", now.Add(-time.Minute), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := &Broadcast{State: BroadcastDraft, SendAt: tt.sendAt}
			got, err := b.Confirm(now)
			want := BroadcastDraft
			if tt.scheduled {
				want = BroadcastScheduled
			}
			if err != nil || got != tt.scheduled || b.State != want {
				t.Errorf("Confirm = %v, %v, state %s; want %v, %s", got, err, b.State, tt.scheduled, want)
			}
		})
	}
}

func TestBroadcastStartAndFinish(t *testing.T) {
	now := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	b := &Broadcast{State: BroadcastScheduled, Total: 9, Sent: 3, Failed: 1, Unreachable: 2, Acked: 1}
	if err := b.Start(now); err != nil {
		t.Fatal(err)
	}
	if b.State != BroadcastSending || !b.SentAt.Equal(now) || b.Total+b.Sent+b.Failed+b.Unreachable+b.Acked != 0 {
		t.Fatalf("after Start: %+v", b)
	}
	if err := b.Start(now); !errors.Is(err, ErrNotDraft) {
		t.Fatalf("second Start: %v, want ErrNotDraft", err)
	}
	b.Total, b.Sent, b.Unreachable = 3, 1, 1
	if b.Finish() || b.State != BroadcastSending {
		t.Fatalf("finished with %d of %d settled", b.Settled(), b.Total)
	}
	b.Failed = 1
	if !b.Finish() || b.State != BroadcastSent {
		t.Fatalf("not finished with all settled: %+v", b)
	}
	if b.Finish() {
		t.Error("finished twice")
	}
	empty := &Broadcast{State: BroadcastDraft}
	if err := empty.Start(now); err != nil || !empty.Finish() {
		t.Errorf("a broadcast to nobody reachable is not sent at once: %+v", empty)
	}
}
