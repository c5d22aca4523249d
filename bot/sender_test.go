package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// addMembers stores n joined members with Telegram ids from first on.
func addMembers(t testing.TB, db *store.DB, first int64, n int) []*branchbot.Member {
	t.Helper()
	var ms []*branchbot.Member
	err := db.Update(func(tx *store.Tx) error {
		for i := range n {
			m := &branchbot.Member{Name: fmt.Sprintf("成员%d", first+int64(i)), TelegramID: first + int64(i), Role: branchbot.RoleMember}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			ms = append(ms, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func enqueueEach(t testing.TB, db *store.DB, ms []*branchbot.Member, text func(*branchbot.Member) string) {
	t.Helper()
	err := db.Update(func(tx *store.Tx) error {
		for _, m := range ms {
			if _, err := tx.Enqueue(&branchbot.Outgoing{Key: "t/" + text(m), ChatID: m.ChatID(), MemberID: m.ID, Text: text(m)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRateLimited429LosesNothing(t *testing.T) {
	h := newHarness(t, withLimits(bot.Limits{GlobalPerSecond: 200, PerChatPerSecond: 5, PerGroupPerMinute: 60}))
	ms := addMembers(t, h.db, 5000, 100)
	enqueueEach(t, h.db, ms[:50], func(m *branchbot.Member) string { return fmt.Sprintf("通知 %d", m.TelegramID) })
	h.bot.Kick()
	h.wait(ms[10].ChatID(), "通知")
	// Telegram's flood control strikes in the middle of the run.
	h.srv.FailNext(3, 429, "Too Many Requests: retry after 1", 1)
	enqueueEach(t, h.db, ms[50:], func(m *branchbot.Member) string { return fmt.Sprintf("通知 %d", m.TelegramID) })
	h.bot.Kick()
	h.settle()
	for _, m := range ms {
		got := h.botMessages(m.ChatID())
		if len(got) != 1 || got[0].Text != fmt.Sprintf("通知 %d", m.TelegramID) {
			t.Fatalf("member %d got %d messages: %+v", m.TelegramID, len(got), got)
		}
	}
	if st := h.srv.Stats(); st.EarlyRetries != 0 {
		t.Errorf("%d requests before retry_after ran out", st.EarlyRetries)
	}
}

func TestBlockedMemberMarkedUnreachable(t *testing.T) {
	h := newHarness(t)
	ms := addMembers(t, h.db, 6000, 2)
	blocked := ms[0]
	h.srv.FailChat(blocked.ChatID(), 403, "Forbidden: bot was blocked by the user")
	enqueueEach(t, h.db, ms, func(m *branchbot.Member) string { return fmt.Sprintf("提醒 %d", m.TelegramID) })
	h.bot.Kick()
	h.wait(ms[1].ChatID(), "提醒")
	h.wait(secretaryID, "无法向 "+blocked.Name+" 发送消息")
	h.settle()
	if m := h.member(blocked.TelegramID); !m.Unreachable {
		t.Fatal("blocked member not marked unreachable")
	}
	// More messages for them are not attempted and the secretary is told once.
	before := h.srv.Stats().Requests["sendMessage"]
	enqueueEach(t, h.db, ms[:1], func(m *branchbot.Member) string { return "再次提醒" })
	h.bot.Kick()
	h.settle()
	if n := h.srv.Stats().Requests["sendMessage"] - before; n > 1 {
		t.Errorf("%d more sends after the member was marked unreachable", n)
	}
	count := 0
	for _, m := range h.botMessages(secretaryID) {
		if strings.Contains(m.Text, "无法向") {
			count++
		}
	}
	if count != 1 {
		t.Errorf("secretary told %d times", count)
	}
	// Writing to the bot again makes them reachable.
	h.srv.ClearChat(blocked.ChatID())
	h.say(telegramtest.User{ID: blocked.TelegramID, FirstName: "x"}, "/help")
	h.wait(blocked.ChatID(), "可用命令")
	if m := h.member(blocked.TelegramID); m.Unreachable {
		t.Error("member still unreachable after writing")
	}
}

func TestLongTextSplit(t *testing.T) {
	h := newHarness(t)
	ms := addMembers(t, h.db, 7000, 1)
	var sb strings.Builder
	for i := range 400 {
		fmt.Fprintf(&sb, "第%03d行：学习党章，遵守党的纪律。\n", i)
	}
	enqueueEach(t, h.db, ms, func(*branchbot.Member) string { return sb.String() })
	h.bot.Kick()
	h.settle()
	got := h.botMessages(ms[0].ChatID())
	if len(got) < 2 {
		t.Fatalf("%d messages, want the text split", len(got))
	}
	var joined []string
	for _, m := range got {
		if n := len([]rune(m.Text)); n > 4096 {
			t.Errorf("part of %d characters", n)
		}
		joined = append(joined, m.Text)
	}
	// Telegram drops a message's trailing line break, as the split does
	// at each cut.
	if got, want := strings.Join(joined, "\n"), sb.String(); strings.TrimRight(got, "\n") != strings.TrimRight(want, "\n") {
		t.Errorf("parts do not add up to the text: %d parts, %d vs %d characters", len(joined), len([]rune(got)), len([]rune(want)))
	}
}

func TestMalformedUpdatesChangeNothing(t *testing.T) {
	h := newHarness(t)
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	h.settle()
	snapshot := func() (members, audit int) {
		h.view(func(tx *store.Tx) error {
			ms, _ := tx.Members()
			es, _ := tx.LatestAudit(1000)
			members, audit = len(ms), len(es)
			return nil
		})
		return
	}
	m0, a0 := snapshot()
	stranger := telegramtest.User{ID: 9001, FirstName: "Z"}
	raws := []string{
		`{"message":{"message_id":1,"date":1,"chat":{"id":9001,"type":"private"},"text":"/invite x"}}`, // no from
		`{"message":{"message_id":2,"date":1,"chat":{"id":1001,"type":"private"},"from":{"id":1001,"is_bot":false,"first_name":"a"},"sticker":{"file_id":"x","file_unique_id":"y","type":"regular","width":1,"height":1,"is_animated":false,"is_video":false}}}`,
		`{"edited_message":{"message_id":3,"date":1,"chat":{"id":1001,"type":"private"},"from":{"id":1001,"is_bot":false,"first_name":"a"},"text":"/invite 编辑"}}`,
		`{"callback_query":{"id":"c1","from":{"id":1001,"is_bot":false,"first_name":"a"},"chat_instance":"1","data":"\u0000garbage|||"}}`,
		`{"message":"not an object"}`,
		`{"message":{"message_id":4,"date":1,"chat":{"id":1001,"type":"private"},"from":{"id":1001,"is_bot":false,"first_name":"a"},"sender_chat":{"id":-1,"type":"channel"},"text":"/invite 频道"}}`,
		`{"message":{"message_id":5,"date":1,"chat":{"id":1001,"type":"private"},"from":{"id":1087968824,"is_bot":true,"first_name":"Group"},"text":"/invite 匿名"}}`,
		`{"poll":{"id":"p"}}`,
	}
	for _, r := range raws {
		h.srv.PushRaw([]byte(r))
	}
	h.srv.SendText(stranger, stranger.ID, strings.Repeat("长", 10000))
	h.srv.SendText(secretary, -100999, "hello group")
	for i := range 20 {
		h.srv.Press(stranger, stranger.ID, 1, fmt.Sprintf("rand%d|%x", i, i*7919))
	}
	h.say(secretary, "/help")
	h.settle()
	if n := len(h.botMessages(secretaryID)); n != 2 {
		t.Errorf("secretary chat has %d bot messages, want 2 (/help twice)", n)
	}
	m1, a1 := snapshot()
	if m1 != m0 {
		t.Errorf("members %d → %d", m0, m1)
	}
	// Refusals are audited (the stranger's button presses are refusals
	// only when they decode; garbage is just answered as stale).
	if a1 < a0 {
		t.Errorf("audit shrank %d → %d", a0, a1)
	}
	h.view(func(tx *store.Tx) error {
		for _, n := range []string{"x", "编辑", "频道", "匿名"} {
			if _, err := tx.MemberByName(n); err == nil {
				t.Errorf("malformed update created member %q", n)
			}
		}
		return nil
	})
}

// TestRedeliveredUpdateChangesNothing applies the same update twice, as
// Telegram does when the offset was not confirmed before a crash.
func TestRedeliveredUpdateChangesNothing(t *testing.T) {
	h := newHarness(t)
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	h.settle()
	h.stop() // apply by hand, with no poller racing
	raw := json.RawMessage(`{"update_id":777,"message":{"message_id":9,"date":1,"chat":{"id":1001,"type":"private"},"from":{"id":1001,"is_bot":false,"first_name":"王"},"text":"/invite 重复","entities":[{"type":"bot_command","offset":0,"length":7}]}}`)
	ctx := context.Background()
	for range 3 {
		if err := h.bot.Apply(ctx, []json.RawMessage{raw}); err != nil {
			t.Fatal(err)
		}
	}
	h.view(func(tx *store.Tx) error {
		queued, _ := tx.OutboxStats()
		if queued != 1 {
			t.Errorf("%d replies queued, want 1", queued)
		}
		if _, err := tx.MemberByName("重复"); err != nil {
			t.Errorf("the update was not applied: %v", err)
		}
		if tx.LastUpdateID() != 777 {
			t.Errorf("last update id %d", tx.LastUpdateID())
		}
		es, _ := tx.LatestAudit(10)
		invites := 0
		for _, e := range es {
			if e.Action == "invite" {
				invites++
			}
		}
		if invites != 1 {
			t.Errorf("%d invites audited", invites)
		}
		return nil
	})
}

// TestRateLimitedChatDoesNotStall queues several messages for one chat:
// each must go out as soon as the chat's limit allows, not at the sender's
// next idle look.
func TestRateLimitedChatDoesNotStall(t *testing.T) {
	h := newHarness(t, withLimits(bot.Limits{GlobalPerSecond: 100, PerChatPerSecond: 10, PerGroupPerMinute: 60}))
	ms := addMembers(t, h.db, 8000, 1)
	err := h.db.Update(func(tx *store.Tx) error {
		for i := range 5 {
			if _, err := tx.Enqueue(&branchbot.Outgoing{ChatID: ms[0].ChatID(), Text: fmt.Sprintf("第%d条", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h.bot.Kick()
	// Five messages at 10/s take about 0.4 s; the idle look is 5 s away.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := h.srv.WaitMessage(ctx, ms[0].ChatID(), func(m telegramtest.Message) bool { return m.Text == "第4条" }); err != nil {
		t.Fatal(err)
	}
	got := h.botMessages(ms[0].ChatID())
	for i, m := range got {
		if m.Text != fmt.Sprintf("第%d条", i) {
			t.Fatalf("message %d is %q: order lost", i, m.Text)
		}
	}
}
