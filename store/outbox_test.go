package store_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

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

func TestEnqueueSplitsLongText(t *testing.T) {
	// Lines of 49 characters and a line break, 10,000 characters in all.
	var lines strings.Builder
	for lines.Len() == 0 || utf8.RuneCountInString(lines.String()) < 10000 {
		lines.WriteString(strings.Repeat("学", 49) + "\n")
	}
	linesText := string([]rune(lines.String())[:10000])

	tests := []struct {
		name string
		text string
		join string // what SplitText cut at, to put the parts back together
	}{
		{"at line breaks", linesText, "\n"},
		{"without any break", strings.Repeat("x", 10000), ""},
		{"Chinese without any break", strings.Repeat("党", 10000), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			kb := [][]branchbot.Button{{{Text: "已学", Data: "v1/done/1"}}}
			o := &branchbot.Outgoing{Key: "report/1", ChatID: 1001, MemberID: 1, Text: tt.text, Keyboard: kb, ParseMode: "HTML", Silent: true}
			update(t, db, func(tx *store.Tx) error {
				enqueue(t, tx, o)
				return nil
			})
			parts := queued(t, db)
			if len(parts) != 3 {
				t.Fatalf("%d records, want 3", len(parts))
			}
			var texts []string
			for i, p := range parts {
				last := i == len(parts)-1
				if n := utf8.RuneCountInString(p.Text); n > branchbot.MaxMessageLen || n == 0 {
					t.Errorf("part %d has %d characters", i, n)
				}
				if (p.Keyboard != nil) != last {
					t.Errorf("part %d of %d: keyboard %v", i, len(parts), p.Keyboard)
				}
				if wantKey := map[bool]string{true: o.Key}[last]; p.Key != wantKey {
					t.Errorf("part %d of %d: key %q, want %q", i, len(parts), p.Key, wantKey)
				}
				if p.ChatID != o.ChatID || p.MemberID != o.MemberID || p.ParseMode != "HTML" || !p.Silent || !p.CreatedAt.Equal(t0) {
					t.Errorf("part %d lost the message's fields: %+v", i, p)
				}
				if i > 0 && p.ID <= parts[i-1].ID {
					t.Errorf("part %d has id %d after %d", i, p.ID, parts[i-1].ID)
				}
				texts = append(texts, p.Text)
			}
			if strings.Join(texts, tt.join) != tt.text {
				t.Error("the parts put together are not the text")
			}
			if o.ID != parts[2].ID {
				t.Errorf("Enqueue set id %d, want the last part's %d", o.ID, parts[2].ID)
			}
		})
	}
}

// TestEnqueueDropsBlankParts checks that no part of a split text is only
// white space: Telegram refuses such a message as empty, and the part
// that failed would be the one with the keyboard.
func TestEnqueueDropsBlankParts(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		parts int
	}{
		{"blank line at the cut", strings.Repeat("学", branchbot.MaxMessageLen-1) + "\n\n", 1},
		{"spaces at the cut", strings.Repeat("x", branchbot.MaxMessageLen) + "   \n ", 1},
		{"blank line between long paragraphs", strings.Repeat("学", 4000) + "\n" + strings.Repeat(" ", 200) + "\n" + strings.Repeat("习", 4000), 2},
		{"only blank", strings.Repeat("\n", 5000), 2}, // the caller's mistake, still cut to size
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			kb := [][]branchbot.Button{{{Text: "已学", Data: "v1/done/1"}}}
			update(t, db, func(tx *store.Tx) error {
				enqueue(t, tx, &branchbot.Outgoing{Key: "k", ChatID: 1001, Text: tt.text, Keyboard: kb})
				return nil
			})
			got := queued(t, db)
			if len(got) != tt.parts {
				t.Fatalf("%d records, want %d", len(got), tt.parts)
			}
			last := got[len(got)-1]
			if last.Key != "k" || last.Keyboard == nil {
				t.Errorf("last part: key %q, keyboard %v; want both", last.Key, last.Keyboard)
			}
			for i, o := range got {
				if n := utf8.RuneCountInString(o.Text); n > branchbot.MaxMessageLen {
					t.Errorf("part %d has %d characters", i, n)
				}
				if tt.name != "only blank" && strings.TrimSpace(o.Text) == "" {
					t.Errorf("part %d is blank", i)
				}
			}
		})
	}
}

// TestEnqueueWholeMessage checks that a message within the limit is
// queued as it is, every field kept, whether its text is short in bytes
// (no need to count its characters) or only in characters.
func TestEnqueueWholeMessage(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"short", "加粗 文字"},
		{"limit in bytes", strings.Repeat("x", branchbot.MaxMessageLen)},
		{"limit in characters, not in bytes", strings.Repeat("学", branchbot.MaxMessageLen)},
		{"only blank", "  \n "},
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
				t.Errorf("queued %+v\nwant [%+v]", got, o)
			}
		})
	}
}

func TestEnqueueTruncatesLongEdit(t *testing.T) {
	tests := []struct {
		name string
		o    branchbot.Outgoing
	}{
		{"edit by message id", branchbot.Outgoing{Edit: 77}},
		{"edit by key", branchbot.Outgoing{EditKey: "study/2026-11-25/m1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			o := tt.o
			o.ChatID, o.Text = 1001, strings.Repeat("改", 5000)
			update(t, db, func(tx *store.Tx) error {
				enqueue(t, tx, &o)
				return nil
			})
			got := queued(t, db)
			if len(got) != 1 {
				t.Fatalf("%d records, want 1: an edit cannot be split", len(got))
			}
			text := got[0].Text
			if n := utf8.RuneCountInString(text); n != branchbot.MaxMessageLen {
				t.Errorf("edit has %d characters, want %d", n, branchbot.MaxMessageLen)
			}
			if !strings.HasSuffix(text, "…") || !strings.HasPrefix(text, "改改") {
				t.Errorf("edit text does not show the cut: ...%s", text[len(text)-12:])
			}
			if got[0].Edit != o.Edit || got[0].EditKey != o.EditKey {
				t.Errorf("edit target lost: %+v", got[0])
			}
		})
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
