package store_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func enqueue(tb testing.TB, tx *store.Tx, o *branchbot.Outgoing) bool {
	tb.Helper()
	ok, err := tx.Enqueue(o)
	if err != nil {
		tb.Fatalf("Enqueue: %v", err)
	}
	return ok
}

func queued(tb testing.TB, db *store.DB) []branchbot.Outgoing {
	tb.Helper()
	var out []branchbot.Outgoing
	view(tb, db, func(tx *store.Tx) error {
		var err error
		out, err = tx.Outbox(0, 1<<20)
		return err
	})
	return out
}

func TestEnqueueKeyIsIdempotent(t *testing.T) {
	tests := []struct {
		name string
		// second enqueues the same key again after the first did.
		second func(t *testing.T, db *store.DB, o *branchbot.Outgoing) bool
	}{
		{"in a later transaction", func(t *testing.T, db *store.DB, o *branchbot.Outgoing) (ok bool) {
			update(t, db, func(tx *store.Tx) error {
				ok = enqueue(t, tx, o)
				return nil
			})
			return ok
		}},
		{"after a restart", func(t *testing.T, db *store.DB, o *branchbot.Outgoing) (ok bool) {
			path := db.Path()
			db.Close()
			db = openAt(t, path)
			update(t, db, func(tx *store.Tx) error {
				ok = enqueue(t, tx, o)
				return nil
			})
			return ok
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			first := &branchbot.Outgoing{Key: "study/2026-11-25/m1", ChatID: 1001, Text: "今天的学习"}
			update(t, db, func(tx *store.Tx) error {
				if !enqueue(t, tx, first) {
					t.Error("first Enqueue reported false")
				}
				return nil
			})
			again := &branchbot.Outgoing{Key: first.Key, ChatID: 1001, Text: "again"}
			if tt.second(t, db, again) {
				t.Error("second Enqueue with the same key reported true")
			}
			if again.ID != 0 {
				t.Errorf("dropped message got id %d", again.ID)
			}
		})
	}

	t.Run("twice in one transaction", func(t *testing.T) {
		db := newDB(t)
		update(t, db, func(tx *store.Tx) error {
			for i := range 3 {
				ok := enqueue(t, tx, &branchbot.Outgoing{Key: "meeting/7/m1", ChatID: 1001, Text: "开会通知"})
				if ok != (i == 0) {
					t.Errorf("Enqueue %d in one transaction reported %v", i, ok)
				}
			}
			return nil
		})
		if got := queued(t, db); len(got) != 1 {
			t.Errorf("%d messages queued, want 1", len(got))
		}
	})

	t.Run("after it was sent", func(t *testing.T) {
		db, c := newDBClock(t)
		o := &branchbot.Outgoing{Key: "notice/3/m1", ChatID: 1001, Text: "通知"}
		update(t, db, func(tx *store.Tx) error {
			enqueue(t, tx, o)
			if _, ok := tx.Delivered(o.Key); ok {
				t.Error("Delivered reports a queued message as sent")
			}
			return nil
		})
		c.Advance(time.Second)
		d := branchbot.Delivery{ChatID: 1001, MessageID: 555, SentAt: c.Now()}
		update(t, db, func(tx *store.Tx) error { return tx.MarkSent(o, d) })
		update(t, db, func(tx *store.Tx) error {
			if enqueue(t, tx, &branchbot.Outgoing{Key: o.Key, ChatID: 1001, Text: "通知"}) {
				t.Error("Enqueue after MarkSent reported true")
			}
			got, ok := tx.Delivered(o.Key)
			if !ok || got.ChatID != d.ChatID || got.MessageID != d.MessageID || !got.SentAt.Equal(d.SentAt) {
				t.Errorf("Delivered = %+v, %v; want %+v", got, ok, d)
			}
			if _, ok := tx.Delivered("never/enqueued"); ok {
				t.Error("Delivered of an unknown key reported true")
			}
			if _, err := tx.Outgoing(o.ID); !errors.Is(err, branchbot.ErrNotFound) {
				t.Errorf("Outgoing after MarkSent: %v, want ErrNotFound", err)
			}
			// MarkSent is idempotent.
			return tx.MarkSent(o, d)
		})
		if got := queued(t, db); len(got) != 0 {
			t.Errorf("%d messages queued after MarkSent, want 0", len(got))
		}
	})

	t.Run("without a key", func(t *testing.T) {
		db := newDB(t)
		update(t, db, func(tx *store.Tx) error {
			for range 2 {
				if !enqueue(t, tx, &branchbot.Outgoing{ChatID: 1001, Text: "reply"}) {
					t.Error("Enqueue without a key reported false")
				}
			}
			return nil
		})
		if got := queued(t, db); len(got) != 2 {
			t.Errorf("%d messages queued, want 2", len(got))
		}
	})

	t.Run("rolled back", func(t *testing.T) {
		db := newDB(t)
		o := &branchbot.Outgoing{Key: "k", ChatID: 1001, Text: "x"}
		_ = db.Update(func(tx *store.Tx) error {
			enqueue(t, tx, o)
			return errors.New("handler failed")
		})
		update(t, db, func(tx *store.Tx) error {
			if !enqueue(t, tx, o) {
				t.Error("the key of a rolled-back Enqueue blocks the next one")
			}
			return nil
		})
	})
}

// TestEnqueueStoresWhatItIsGiven checks that the outbox keeps a message
// as it is given, every field, however long its text: cutting a message to
// Telegram's limits is the bot's business.
func TestEnqueueStoresWhatItIsGiven(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"short", "加粗 文字"},
		{"longer than a message", strings.Repeat(strings.Repeat("学", 49)+"\n", 200)},
		{"longer than a message, without a break", strings.Repeat("党", 10000)},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			o := branchbot.Outgoing{
				Key: "k", ChatID: 1001, MemberID: 1, Text: tt.text, ParseMode: "HTML", Silent: true,
				Entities: []branchbot.Entity{{Type: "bold", Offset: 0, Length: 2}},
				Keyboard: [][]branchbot.Button{{{Text: "已学", Data: "v1/done/1"}}},
			}
			in := o
			update(t, db, func(tx *store.Tx) error {
				enqueue(t, tx, &in)
				return nil
			})
			o.ID, o.CreatedAt = in.ID, t0
			if got := queued(t, db); len(got) != 1 || !reflect.DeepEqual(got[0], o) {
				t.Errorf("queued %d records, want [%+v]", len(got), o)
			}
		})
	}
}

// TestEnqueueParts queues a message in parts: in order, under the last
// part's key, and not at all when that key was queued before.
func TestEnqueueParts(t *testing.T) {
	db := newDB(t)
	parts := func(key string) []*branchbot.Outgoing {
		return []*branchbot.Outgoing{
			{ChatID: 1001, Text: "一"},
			{ChatID: 1001, Text: "二"},
			{Key: key, ChatID: 1001, Text: "三", Keyboard: [][]branchbot.Button{{{Text: "已阅", Data: "x"}}}},
		}
	}
	first := parts("report/1")
	update(t, db, func(tx *store.Tx) error {
		if ok, err := tx.EnqueueParts(first...); !ok || err != nil {
			t.Fatalf("EnqueueParts = %v, %v", ok, err)
		}
		again := parts("report/1")
		if ok, err := tx.EnqueueParts(again...); ok || err != nil {
			t.Errorf("EnqueueParts of a queued key = %v, %v; want false", ok, err)
		}
		for _, p := range again {
			if p.ID != 0 {
				t.Errorf("a part of a dropped message got id %d", p.ID)
			}
		}
		bad := parts("report/2")
		bad[0].Key = "report/2a"
		if ok, err := tx.EnqueueParts(bad...); ok || err == nil {
			t.Errorf("EnqueueParts with a key on the first part = %v, %v; want an error", ok, err)
		}
		return nil
	})
	got := queued(t, db)
	if len(got) != 3 {
		t.Fatalf("%d records, want 3", len(got))
	}
	for i, o := range got {
		if o.ID != first[i].ID || o.Text != first[i].Text || !o.CreatedAt.Equal(t0) {
			t.Errorf("record %d: %+v, want part %+v", i, o, first[i])
		}
	}
	if got[2].Key != "report/1" || got[0].Key != "" || !(got[0].ID < got[1].ID && got[1].ID < got[2].ID) {
		t.Errorf("parts %+v", got)
	}
}

func TestOutboxPaging(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error {
		for i := range 25 {
			enqueue(t, tx, &branchbot.Outgoing{ChatID: int64(1000 + i%3), Text: fmt.Sprint(i)})
		}
		return nil
	})
	tests := []struct {
		after      uint64
		limit      int
		wantFirst  uint64
		wantLength int
	}{
		{0, 10, 1, 10},
		{10, 10, 11, 10},
		{20, 10, 21, 5},
		{25, 10, 0, 0},
		{7, 1, 8, 1},
		{0, 0, 0, 0},
		{0, 100, 1, 25},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("after %d limit %d", tt.after, tt.limit), func(t *testing.T) {
			view(t, db, func(tx *store.Tx) error {
				page, err := tx.Outbox(tt.after, tt.limit)
				if err != nil {
					return err
				}
				if len(page) != tt.wantLength {
					t.Fatalf("%d messages, want %d", len(page), tt.wantLength)
				}
				for i, o := range page {
					if want := tt.wantFirst + uint64(i); o.ID != want {
						t.Errorf("message %d has id %d, want %d", i, o.ID, want)
					}
					if o.Text != fmt.Sprint(o.ID-1) {
						t.Errorf("message %d has text %q", o.ID, o.Text)
					}
				}
				return nil
			})
		})
	}
}

func TestRescheduleAndFail(t *testing.T) {
	db, c := newDBClock(t)
	var a, b, other branchbot.Outgoing
	update(t, db, func(tx *store.Tx) error {
		a = branchbot.Outgoing{ChatID: 1001, Text: "a"}
		b = branchbot.Outgoing{ChatID: 1001, Text: "b"}
		other = branchbot.Outgoing{ChatID: 2002, Text: "other"}
		for _, o := range []*branchbot.Outgoing{&a, &b, &other} {
			enqueue(t, tx, o)
		}
		return nil
	})
	stats := func(wantQueued, wantFailed int) {
		t.Helper()
		view(t, db, func(tx *store.Tx) error {
			if q, f := tx.OutboxStats(); q != wantQueued || f != wantFailed {
				t.Errorf("OutboxStats() = %d queued, %d failed; want %d, %d", q, f, wantQueued, wantFailed)
			}
			return nil
		})
	}
	stats(3, 0)

	t.Run("reschedule", func(t *testing.T) {
		a.Attempts, a.LastError, a.NotBefore = 1, "429 retry after 3", t0.Add(3*time.Second)
		update(t, db, func(tx *store.Tx) error { return tx.Reschedule(&a) })
		view(t, db, func(tx *store.Tx) error {
			got, err := tx.Outgoing(a.ID)
			if err != nil {
				return err
			}
			if got.Attempts != 1 || got.LastError != a.LastError || !got.NotBefore.Equal(a.NotBefore) {
				t.Errorf("rescheduled message: %+v", got)
			}
			return nil
		})
		stats(3, 0)
	})

	c.Advance(time.Minute)
	t.Run("fail", func(t *testing.T) {
		update(t, db, func(tx *store.Tx) error { return tx.FailOutgoing(&b, "400 Bad Request") })
		stats(2, 1)
		view(t, db, func(tx *store.Tx) error {
			if _, err := tx.Outgoing(b.ID); !errors.Is(err, branchbot.ErrNotFound) {
				t.Errorf("failed message still queued: %v", err)
			}
			failed, err := tx.FailedOutgoing(10)
			if err != nil {
				return err
			}
			if len(failed) != 1 || failed[0].ID != b.ID || failed[0].LastError != "400 Bad Request" || !failed[0].FailedAt.Equal(t0.Add(time.Minute)) {
				t.Errorf("FailedOutgoing() = %+v", failed)
			}
			return nil
		})
	})

	t.Run("messages no longer queued are left alone", func(t *testing.T) {
		sent := a
		update(t, db, func(tx *store.Tx) error {
			return tx.MarkSent(&sent, branchbot.Delivery{ChatID: 1001, MessageID: 1, SentAt: c.Now()})
		})
		update(t, db, func(tx *store.Tx) error {
			if err := tx.Reschedule(&sent); err != nil {
				return err
			}
			if err := tx.FailOutgoing(&sent, "late failure"); err != nil {
				return err
			}
			return tx.FailOutgoing(&b, "failed twice")
		})
		stats(1, 1) // only "other" queued; b failed once
		view(t, db, func(tx *store.Tx) error {
			if _, err := tx.Outgoing(sent.ID); !errors.Is(err, branchbot.ErrNotFound) {
				t.Errorf("Reschedule brought back a sent message: %v", err)
			}
			failed, err := tx.FailedOutgoing(10)
			if err != nil {
				return err
			}
			if len(failed) != 1 || failed[0].LastError != "400 Bad Request" {
				t.Errorf("FailedOutgoing() = %+v", failed)
			}
			return nil
		})
	})
}

func TestDropChat(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error {
		for i := range 9 {
			enqueue(t, tx, &branchbot.Outgoing{ChatID: int64(1001 + i%3), Text: fmt.Sprint(i)})
		}
		return nil
	})
	tests := []struct {
		chat         int64
		wantDropped  int
		wantQueued   int
		wantFailed   int
		wantOtherIDs []int64
	}{
		{1002, 3, 6, 3, []int64{1001, 1003}},
		{1002, 0, 6, 3, []int64{1001, 1003}}, // again: nothing left to drop
		{4004, 0, 6, 3, []int64{1001, 1003}}, // a chat with no messages
		{1001, 3, 3, 6, []int64{1003}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("chat ", tt.chat), func(t *testing.T) {
			update(t, db, func(tx *store.Tx) error {
				n, err := tx.DropChat(tt.chat, "blocked by the user")
				if err != nil {
					return err
				}
				if n != tt.wantDropped {
					t.Errorf("DropChat dropped %d, want %d", n, tt.wantDropped)
				}
				if q, f := tx.OutboxStats(); q != tt.wantQueued || f != tt.wantFailed {
					t.Errorf("OutboxStats() = %d, %d; want %d, %d", q, f, tt.wantQueued, tt.wantFailed)
				}
				return nil
			})
			for _, o := range queued(t, db) {
				if o.ChatID == tt.chat {
					t.Errorf("message %d to chat %d still queued", o.ID, o.ChatID)
				}
			}
		})
	}
}

func TestFailedOutgoingNewestFirst(t *testing.T) {
	db := newDB(t)
	var ids []uint64
	update(t, db, func(tx *store.Tx) error {
		for i := range 5 {
			o := &branchbot.Outgoing{ChatID: 1001, Text: fmt.Sprint(i)}
			enqueue(t, tx, o)
			ids = append(ids, o.ID)
			if err := tx.FailOutgoing(o, fmt.Sprint("error ", i)); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		n    int
		want []uint64
	}{
		{0, nil},
		{1, ids[4:]},
		{3, []uint64{ids[4], ids[3], ids[2]}},
		{10, []uint64{ids[4], ids[3], ids[2], ids[1], ids[0]}},
	}
	checkFailedOrder(t, db, tests)
}

// A message queued first that fails last, after retrying for a while, is
// the newest failure.
func TestFailedOutgoingByFailureTime(t *testing.T) {
	db, clk := newDBClock(t)
	var ids []uint64
	update(t, db, func(tx *store.Tx) error {
		for i := range 4 {
			o := &branchbot.Outgoing{ChatID: 1001, Text: fmt.Sprint(i)}
			enqueue(t, tx, o)
			ids = append(ids, o.ID)
		}
		return nil
	})
	for _, i := range []int{1, 3, 2, 0} {
		clk.Advance(time.Minute)
		update(t, db, func(tx *store.Tx) error {
			o, err := tx.Outgoing(ids[i])
			if err != nil {
				return err
			}
			return tx.FailOutgoing(o, "gave up")
		})
	}
	checkFailedOrder(t, db, []struct {
		n    int
		want []uint64
	}{
		{1, ids[:1]},
		{2, []uint64{ids[0], ids[2]}},
		{4, []uint64{ids[0], ids[2], ids[3], ids[1]}},
	})
}

func checkFailedOrder(t *testing.T, db *store.DB, tests []struct {
	n    int
	want []uint64
}) {
	t.Helper()
	for _, tt := range tests {
		t.Run(fmt.Sprint("n=", tt.n), func(t *testing.T) {
			view(t, db, func(tx *store.Tx) error {
				got, err := tx.FailedOutgoing(tt.n)
				if err != nil {
					return err
				}
				var gotIDs []uint64
				for _, o := range got {
					gotIDs = append(gotIDs, o.ID)
				}
				if fmt.Sprint(gotIDs) != fmt.Sprint(tt.want) {
					t.Errorf("FailedOutgoing(%d) ids = %v, want %v", tt.n, gotIDs, tt.want)
				}
				return nil
			})
		})
	}
}

// BenchmarkEnqueue queues 1000 keyed messages per transaction, as the
// morning study prompts of a large branch do.
func BenchmarkEnqueue(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "branch.db"), testOptions(newClock()))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const perTx = 1000
	text := strings.Repeat("今天的学习内容：", 20)
	n := 0
	for b.Loop() {
		if err := db.Update(func(tx *store.Tx) error {
			for range perTx {
				n++
				o := &branchbot.Outgoing{Key: fmt.Sprintf("study/2026-11-25/m%d", n), ChatID: int64(n), MemberID: int64(n), Text: text}
				if _, err := tx.Enqueue(o); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perTx), "ns/msg")
}

// The key of a message that failed is free again; that of one delivered is
// not.
func TestFailedKeyFreed(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error {
		failed := &branchbot.Outgoing{Key: "bc/1/m2", ChatID: 1002, Text: "notice"}
		sent := &branchbot.Outgoing{Key: "bc/1/m3", ChatID: 1003, Text: "notice"}
		for _, o := range []*branchbot.Outgoing{failed, sent} {
			if ok, err := tx.Enqueue(o); !ok || err != nil {
				t.Fatalf("Enqueue %s: %v %v", o.Key, ok, err)
			}
		}
		if err := tx.FailOutgoing(failed, "blocked"); err != nil {
			return err
		}
		if err := tx.MarkSent(sent, branchbot.Delivery{ChatID: 1003, MessageID: 7}); err != nil {
			return err
		}
		if ok, err := tx.Enqueue(&branchbot.Outgoing{Key: "bc/1/m2", ChatID: 1002, Text: "again"}); !ok || err != nil {
			t.Errorf("queueing a failed message's key again: %v %v", ok, err)
		}
		if ok, err := tx.Enqueue(&branchbot.Outgoing{Key: "bc/1/m3", ChatID: 1003, Text: "again"}); ok || err != nil {
			t.Errorf("queueing a delivered message's key again: %v %v", ok, err)
		}
		if d, ok := tx.Delivered("bc/1/m3"); !ok || d.MessageID != 7 {
			t.Errorf("delivery forgotten: %+v %v", d, ok)
		}
		return nil
	})
}

func TestDiscard(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error {
		o := &branchbot.Outgoing{Key: "study/2026-11-25/m7", ChatID: 1007, Text: "stale"}
		enqueue(t, tx, o)
		for range 2 { // idempotent
			if err := tx.Discard(o); err != nil {
				return err
			}
		}
		if q, f := tx.OutboxStats(); q+f != 0 {
			t.Errorf("after Discard: %d queued, %d failed", q, f)
		}
		if !enqueue(t, tx, &branchbot.Outgoing{Key: o.Key, ChatID: 1007, Text: "again"}) {
			t.Error("the discarded message's key is still taken")
		}
		return nil
	})
}
