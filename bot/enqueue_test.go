package bot_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
)

// The bot cuts what it queues to Telegram's limit on one message; the
// outbox stores what it is given. These tests read the records the bot's
// enqueue writes to a real store.

// outboxT0 is the store's clock in these tests.
var outboxT0 = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

func newOutboxDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "branchbot.db"), store.Options{Now: func() time.Time { return outboxT0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func outboxUpdate(t *testing.T, db *store.DB, fn func(*store.Tx) error) {
	t.Helper()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func mustEnqueue(t *testing.T, tx *store.Tx, o *branchbot.Outgoing) bool {
	t.Helper()
	ok, err := bot.Enqueue(tx, o)
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return ok
}

// outbox returns every queued message, in order.
func outbox(t *testing.T, db *store.DB) []branchbot.Outgoing {
	t.Helper()
	var out []branchbot.Outgoing
	if err := db.View(func(tx *store.Tx) (err error) {
		out, err = tx.Outbox(0, 1<<20)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBotEnqueueSplitsLongText(t *testing.T) {
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
			db := newOutboxDB(t)
			kb := [][]branchbot.Button{{{Text: "已学", Data: "v1/done/1"}}}
			o := &branchbot.Outgoing{Key: "report/1", ChatID: 1001, MemberID: 1, Text: tt.text, Keyboard: kb, ParseMode: "HTML", Silent: true}
			outboxUpdate(t, db, func(tx *store.Tx) error {
				mustEnqueue(t, tx, o)
				return nil
			})
			parts := outbox(t, db)
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
				if p.ChatID != o.ChatID || p.MemberID != o.MemberID || p.ParseMode != "HTML" || !p.Silent || !p.CreatedAt.Equal(outboxT0) {
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
				t.Errorf("enqueue set id %d, want the last part's %d", o.ID, parts[2].ID)
			}
		})
	}
}

// TestBotEnqueueDropsBlankParts checks that no part of a split text is only
// white space: Telegram refuses such a message as empty, and the part
// that failed would be the one with the keyboard.
func TestBotEnqueueDropsBlankParts(t *testing.T) {
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
			db := newOutboxDB(t)
			kb := [][]branchbot.Button{{{Text: "已学", Data: "v1/done/1"}}}
			outboxUpdate(t, db, func(tx *store.Tx) error {
				mustEnqueue(t, tx, &branchbot.Outgoing{Key: "k", ChatID: 1001, Text: tt.text, Keyboard: kb})
				return nil
			})
			got := outbox(t, db)
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

// TestBotEnqueueWholeMessage checks that a message within the limit is
// queued as it is, every field kept, whether its text is short in bytes
// (no need to count its characters) or only in characters.
func TestBotEnqueueWholeMessage(t *testing.T) {
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
			db := newOutboxDB(t)
			o := branchbot.Outgoing{
				Key: "k", ChatID: 1001, MemberID: 1, Text: tt.text, ParseMode: "HTML", Silent: true,
				Entities: []branchbot.Entity{{Type: "bold", Offset: 0, Length: 2}},
				Keyboard: [][]branchbot.Button{{{Text: "已学", Data: "v1/done/1"}}},
			}
			in := o
			outboxUpdate(t, db, func(tx *store.Tx) error {
				mustEnqueue(t, tx, &in)
				return nil
			})
			o.ID, o.CreatedAt = in.ID, outboxT0
			if got := outbox(t, db); len(got) != 1 || !reflect.DeepEqual(got[0], o) {
				t.Errorf("queued %+v\nwant [%+v]", got, o)
			}
		})
	}
}

func TestBotEnqueueTruncatesLongEdit(t *testing.T) {
	tests := []struct {
		name string
		o    branchbot.Outgoing
	}{
		{"edit by message id", branchbot.Outgoing{Edit: 77}},
		{"edit by key", branchbot.Outgoing{EditKey: "study/2026-11-25/m1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newOutboxDB(t)
			o := tt.o
			o.ChatID, o.Text = 1001, strings.Repeat("改", 5000)
			outboxUpdate(t, db, func(tx *store.Tx) error {
				mustEnqueue(t, tx, &o)
				return nil
			})
			got := outbox(t, db)
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

func TestBotEnqueueKeepsFormattingAndFiles(t *testing.T) {
	db := newOutboxDB(t)
	long := ""
	for range 300 {
		long += "第一行内容比较长，用来超过四千零九十六个字符的限制。\n"
	}
	bold := []branchbot.Entity{{Type: "bold", Offset: 0, Length: 2}}
	outboxUpdate(t, db, func(tx *store.Tx) error {
		for _, o := range []*branchbot.Outgoing{
			{ChatID: 1, Text: "加粗 文字", Entities: bold},
			{ChatID: 2, Text: long, Entities: bold},
			{ChatID: 3, Text: "图片说明", Photo: "AgAC", Entities: bold},
		} {
			if _, err := bot.Enqueue(tx, o); err != nil {
				return err
			}
		}
		return nil
	})
	got := outbox(t, db)
	byChat := map[int64][]branchbot.Outgoing{}
	for _, o := range got {
		byChat[o.ChatID] = append(byChat[o.ChatID], o)
	}
	if o := byChat[1]; len(o) != 1 || len(o[0].Entities) != 1 {
		t.Errorf("short text %+v", o)
	}
	if o := byChat[2]; len(o) < 2 || len(o[0].Entities) != 0 || len(o[len(o)-1].Entities) != 0 {
		t.Errorf("a cut text keeps entities that no longer fit: %d parts", len(o))
	}
	if o := byChat[3]; len(o) != 1 || o[0].Photo != "AgAC" || len(o[0].Entities) != 1 {
		t.Errorf("photo %+v", o)
	}
}

// TestBotEnqueueLongKeyedOnce enqueues a keyed message too long for one
// part twice: the second time no part is queued, not even those before the
// one that carries the key.
func TestBotEnqueueLongKeyedOnce(t *testing.T) {
	db := newOutboxDB(t)
	text := strings.Repeat(strings.Repeat("学", 49)+"\n", 200)
	for i, want := range []bool{true, false} {
		o := &branchbot.Outgoing{Key: "report/1", ChatID: 1001, Text: text}
		outboxUpdate(t, db, func(tx *store.Tx) error {
			if ok := mustEnqueue(t, tx, o); ok != want {
				t.Errorf("enqueue %d reported %v, want %v", i, ok, want)
			}
			return nil
		})
		if got := outbox(t, db); len(got) != 3 {
			t.Errorf("after enqueue %d: %d records, want 3", i, len(got))
		}
	}
}

// TestBroadcastLongReportInParts: the report of a directive that many
// members left unread is longer than a message; the scheduler queues it
// through the bot, and the secretary gets it in several messages, each
// within Telegram's limit (the fake Bot API refuses longer ones), which
// together list every silent member once, in order.
func TestBroadcastLongReportInParts(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 10, 0))
	h := newStudyHarness(t, clk, testRules())
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	var names []string
	h.update(func(tx *store.Tx) error {
		for i := range 80 {
			m := &branchbot.Member{
				Name:       fmt.Sprintf("党员%02d", i) + strings.Repeat("长", branchbot.MaxNameLen-4),
				TelegramID: int64(7000 + i),
				Role:       branchbot.RoleMember,
			}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			names = append(names, m.Name)
		}
		return nil
	})
	tick := h.scheduler(clk)
	summary := h.compose("/broadcast directive 请认真学习党章。")
	h.press(secretary, summary, button(t, summary, "发送"))
	if bc := h.waitSettled(1); bc.Sent != 80 {
		t.Fatalf("broadcast %+v", bc)
	}
	before := len(h.botMessages(secretaryID))
	tick(local(2026, 11, 27, 10, 0))
	got := h.botMessages(secretaryID)[before:]
	if len(got) < 2 || !strings.Contains(got[0].Text, "回执情况") {
		t.Fatalf("%d messages to the secretary after the tick, want the report in parts\n%s", len(got), h.srv.Transcript(secretaryID))
	}
	var all strings.Builder
	for i, m := range got {
		if n := branchbot.UTF16Len(m.Text); n > branchbot.MaxMessageLen {
			t.Errorf("part %d has %d UTF-16 units", i, n)
		}
		all.WriteString(m.Text + "\n")
	}
	text, at := all.String(), 0
	for _, name := range names {
		i := strings.Index(text[at:], name)
		if i < 0 || strings.Count(text, name) != 1 {
			t.Fatalf("%s is not listed once, after the names before it", name)
		}
		at += i + len(name)
	}
}

// TestBotQueueSplits: what the scheduler queues through the bot (a
// broadcast's report) is cut into parts when it is queued, as the bot's
// own messages are, not only when it is sent.
func TestBotQueueSplits(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 10, 0))
	h := newStudyHarness(t, clk, testRules())
	text := strings.Repeat(strings.Repeat("学", 49)+"\n", 200)
	h.update(func(tx *store.Tx) error {
		before, err := tx.Outbox(0, 1<<20)
		if err != nil {
			return err
		}
		o := &branchbot.Outgoing{Key: branchbot.BroadcastReportKey(1, 1), ChatID: secretaryID, Text: text}
		if ok, err := h.bot.Queue(tx, o); !ok || err != nil {
			t.Fatalf("Queue = %v, %v", ok, err)
		}
		after, err := tx.Outbox(0, 1<<20)
		if err != nil {
			return err
		}
		if n := len(after) - len(before); n != 3 {
			t.Errorf("Queue wrote %d records, want 3", n)
		}
		return nil
	})
}
