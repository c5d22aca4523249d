package schedule

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func TestRun(t *testing.T) {
	woke := make(chan struct{}, 1)
	h := newHarness(t, "", func(o *Options) {
		o.Notify = func() {
			select {
			case woke <- struct{}{}:
			default:
			}
		}
	})
	now := h.local(2026, 3, 10, 8, 0)
	h.setClock(now)
	h.addPlans(member(1, hm(7, 45)))
	// Two sent messages: one sent nine days ago, whose record Run prunes,
	// and one from yesterday, which it keeps.
	h.update(func(tx *store.Tx) error {
		for _, m := range []struct {
			key string
			age time.Duration
		}{{"old", 9 * 24 * time.Hour}, {"recent", 24 * time.Hour}} {
			o := &branchbot.Outgoing{Key: m.key, ChatID: 7, Text: m.key}
			if _, err := tx.Enqueue(o); err != nil {
				return err
			}
			if err := tx.MarkSent(o, branchbot.Delivery{ChatID: 7, MessageID: 1, SentAt: now.Add(-m.age)}); err != nil {
				return err
			}
		}
		return nil
	})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.s.Run(ctx) }()
	select {
	case <-woke: // the catch-up Tick at start-up queued the 07:45 prompt
	case err := <-done:
		t.Fatalf("Run returned before ticking: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}

	if keys := h.keys(); len(keys) != 1 || keys[0] != "study/2026-03-10/m0000000001" {
		t.Errorf("outbox %q", keys)
	}
	if c := h.calls(); len(c) != 1 || !c[0].late {
		t.Errorf("calls %+v, want one late prompt", c)
	}
	h.update(func(tx *store.Tx) error {
		if _, ok := tx.Delivered("old"); ok {
			t.Error("delivery sent 9 days ago was not pruned")
		}
		if _, ok := tx.Delivered("recent"); !ok {
			t.Error("delivery sent yesterday was pruned")
		}
		return nil
	})
}

func TestNewErrors(t *testing.T) {
	loc := mustLoad(t, "Asia/Shanghai")
	h := newHarness(t, "", nil)
	good := h.opts
	good.Store = h.db
	if _, err := New(good); err != nil {
		t.Fatalf("good options: %v", err)
	}
	tests := []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"no store", func(o *Options) { o.Store = nil }, "Options.Store"},
		{"no clock", func(o *Options) { o.Now = nil }, "Options.Now"},
		{"no zone", func(o *Options) { o.Location = nil }, "Options.Location"},
		{"no rules", func(o *Options) { o.Rules = nil }, "Options.Rules"},
		{"no prompt", func(o *Options) { o.Prompt = nil }, "Options.Prompt"},
		{"empty handbook", func(o *Options) { o.Rules = &branchbot.StudyRules{Handbook: &branchbot.Handbook{}} }, "at least one section"},
		{"bad cutoff", func(o *Options) { o.Cutoff = clockAt(25, 0) }, "cutoff 25:00"},
		{"bad quiet hours", func(o *Options) { o.Quiet = branchbot.QuietHours{From: clockAt(22, 0), To: clockAt(7, 60)} }, "quiet hours 22:00-07:60"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := good
			o.Location = loc
			tt.edit(&o)
			_, err := New(o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v, want an error naming %q", err, tt.want)
			}
		})
	}
}
