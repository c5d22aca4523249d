package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
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

// queued is a message for one chat, in the order it is enqueued.
type queued struct {
	chat int64
	text string
}

// enqueueAll queues msgs in one transaction, in their order (so their
// outbox ids follow it).
func enqueueAll(t testing.TB, db *store.DB, msgs []queued) {
	t.Helper()
	err := db.Update(func(tx *store.Tx) error {
		for _, q := range msgs {
			if _, err := tx.Enqueue(&branchbot.Outgoing{ChatID: q.chat, Text: q.text}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// drainWait waits up to d for the outbox to empty.
func (h *harness) drainWait(d time.Duration) {
	h.t.Helper()
	deadline := time.Now().Add(d)
	for {
		var queued, failed int
		h.view(func(tx *store.Tx) error { queued, failed = tx.OutboxStats(); return nil })
		if failed != 0 {
			h.t.Fatalf("%d messages failed", failed)
		}
		if queued == 0 {
			return
		}
		if time.Now().After(deadline) {
			var left []string
			h.view(func(tx *store.Tx) error {
				recs, err := tx.Outbox(0, 20)
				for _, o := range recs {
					left = append(left, fmt.Sprintf("#%d chat %d %q attempts %d not before %s: %s",
						o.ID, o.ChatID, o.Text, o.Attempts, o.NotBefore.Format(time.TimeOnly), o.LastError))
				}
				return err
			})
			h.t.Fatalf("%d messages still queued after %s (now %s):\n%s", queued, d, time.Now().Format(time.TimeOnly), strings.Join(left, "\n"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkArrived checks that every chat got its messages exactly once and in
// the order they were queued, and returns how many arrived twice.
func (h *harness) checkArrived(msgs []queued) (dups int) {
	h.t.Helper()
	want := map[int64][]string{}
	var chats []int64
	for _, q := range msgs {
		if want[q.chat] == nil {
			chats = append(chats, q.chat)
		}
		want[q.chat] = append(want[q.chat], q.text)
	}
	for _, chat := range chats {
		var got []string
		for _, m := range h.botMessages(chat) {
			got = append(got, m.Text)
		}
		seen := map[string]int{}
		for _, s := range got {
			seen[s]++
			if seen[s] == 2 {
				dups++
			}
		}
		if strings.Join(got, "|") != strings.Join(want[chat], "|") {
			h.t.Errorf("chat %d got %q, want %q", chat, got, want[chat])
		}
	}
	return dups
}

// TestNoResendFromStaleCopy queues two messages for each of 60 members,
// each member's second right behind their first, over a Bot API 150 ms
// away. The sender walks the outbox in batches it loaded earlier: a batch
// loaded while a message was in flight holds a copy of it, and the answer
// may come back before the walk reaches that copy. No process is killed,
// so nothing may go out twice.
func TestNoResendFromStaleCopy(t *testing.T) {
	h := newHarness(t, withLimits(bot.Limits{GlobalPerSecond: 50, PerChatPerSecond: 10, PerGroupPerMinute: 600}))
	ms := addMembers(t, h.db, 9000, 60)
	var msgs []queued
	for _, m := range ms {
		for j := range 2 {
			msgs = append(msgs, queued{m.ChatID(), fmt.Sprintf("通知%d-%d", m.TelegramID, j)})
		}
	}
	h.srv.SetDelay(150 * time.Millisecond)
	enqueueAll(t, h.db, msgs)
	h.bot.Kick()
	h.drainWait(30 * time.Second)
	if dups := h.checkArrived(msgs); dups > 0 {
		t.Errorf("%d messages sent twice with no crash", dups)
	}
	if n := h.srv.Stats().Requests["sendMessage"]; n != len(msgs) {
		t.Errorf("%d sendMessage requests for %d messages", n, len(msgs))
	}
}

// TestBackoffNotSkippedByStaleCopy makes every send to one member fail
// with 502 while 60 others, two messages each, keep the sender busy. A copy
// of the failing message loaded before its failure was recorded must not
// be sent: it would go out before its backoff ran out, and record its
// attempt over the one before. So every attempt Telegram saw must be
// counted in the stored record.
func TestBackoffNotSkippedByStaleCopy(t *testing.T) {
	h := newHarness(t, withLimits(bot.Limits{GlobalPerSecond: 100, PerChatPerSecond: 10, PerGroupPerMinute: 600}))
	ms := addMembers(t, h.db, 9100, 61)
	// Near the end, so that its first attempt is in flight when the
	// sender starts its second pass over the outbox.
	failing := ms[len(ms)-4].ChatID()
	h.srv.FailChat(failing, 502, "Bad Gateway")
	var msgs []queued
	for _, m := range ms {
		for j := range 2 {
			msgs = append(msgs, queued{m.ChatID(), fmt.Sprintf("通知%d-%d", m.TelegramID, j)})
		}
	}
	h.srv.SetDelay(150 * time.Millisecond)
	enqueueAll(t, h.db, msgs)
	h.bot.Kick()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	last := ms[len(ms)-1]
	if _, err := h.srv.WaitMessage(ctx, last.ChatID(), func(m telegramtest.Message) bool {
		return m.Text == fmt.Sprintf("通知%d-1", last.TelegramID)
	}); err != nil {
		t.Fatal(err)
	}
	// Between attempts (each 150 ms in flight, then 1 s or more of
	// backoff) Telegram's count and the record's agree.
	var seen, recorded int
	agree := func() bool {
		others := 0
		for _, m := range ms {
			if m.ChatID() != failing {
				others += len(h.botMessages(m.ChatID()))
			}
		}
		seen = h.srv.Stats().Requests["sendMessage"] - others
		h.view(func(tx *store.Tx) error {
			recs, err := tx.Outbox(0, 1000)
			for _, o := range recs {
				if o.ChatID == failing {
					recorded = o.Attempts
					break
				}
			}
			return err
		})
		return seen == recorded
	}
	deadline := time.Now().Add(3 * time.Second)
	for !agree() {
		if time.Now().After(deadline) {
			t.Fatalf("Telegram saw %d attempts to the failing chat, the record counts %d: a copy loaded before a failure was sent", seen, recorded)
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.srv.ClearChat(failing)
	h.drainWait(30 * time.Second)
	if dups := h.checkArrived(msgs); dups > 0 {
		t.Errorf("%d messages sent twice with no crash", dups)
	}
}

// TestChatOrderAcrossBatches fails one member's first message once, so
// that it waits for its backoff, while more messages than the sender reads
// in one batch lie between it and the member's second: the second must
// still come after the first.
func TestChatOrderAcrossBatches(t *testing.T) {
	h := newHarness(t)
	ms := addMembers(t, h.db, 9200, 301)
	a := ms[0].ChatID()
	msgs := []queued{{a, "第一条"}}
	for _, m := range ms[1:] {
		msgs = append(msgs, queued{m.ChatID(), fmt.Sprintf("通知%d", m.TelegramID)})
	}
	msgs = append(msgs, queued{a, "第二条"})
	h.srv.FailNext(1, 500, "Internal Server Error", 0)
	enqueueAll(t, h.db, msgs)
	h.bot.Kick()
	h.drainWait(30 * time.Second)
	if dups := h.checkArrived(msgs); dups > 0 {
		t.Errorf("%d messages sent twice with no crash", dups)
	}
}

// TestChatOrderAfterRetryInBatch fails a member's first message once while
// their second lies a few records behind it in the same batch: the second
// must wait for the first's retry.
func TestChatOrderAfterRetryInBatch(t *testing.T) {
	h := newHarness(t, withLimits(bot.Limits{GlobalPerSecond: 20, PerChatPerSecond: 100, PerGroupPerMinute: 600}))
	ms := addMembers(t, h.db, 9300, 6)
	a := ms[0].ChatID()
	msgs := []queued{{a, "第一条"}}
	for _, m := range ms[1:] {
		msgs = append(msgs, queued{m.ChatID(), fmt.Sprintf("通知%d", m.TelegramID)})
	}
	msgs = append(msgs, queued{a, "第二条"})
	h.srv.FailNext(1, 500, "Internal Server Error", 0)
	enqueueAll(t, h.db, msgs)
	h.bot.Kick()
	h.drainWait(30 * time.Second)
	if dups := h.checkArrived(msgs); dups > 0 {
		t.Errorf("%d messages sent twice with no crash", dups)
	}
}

// TestSlowAPIWithFaults drains three messages each for 40 members, queued
// in a shuffled order, through a Bot API 100–500 ms away that now and then
// answers 429 or 5xx: every message arrives once, in its chat's order, and
// no request comes before a retry_after ran out.
func TestSlowAPIWithFaults(t *testing.T) {
	h := newHarness(t, withLimits(bot.Limits{GlobalPerSecond: 40, PerChatPerSecond: 5, PerGroupPerMinute: 600}))
	ms := addMembers(t, h.db, 9400, 40)
	rng := rand.New(rand.NewPCG(7, 11))
	msgs := shuffledMessages(rng, ms, 3)
	h.srv.SetDelay(300 * time.Millisecond)
	enqueueAll(t, h.db, msgs)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { slowFaultyAPI(h.srv, rand.New(rand.NewPCG(3, 5)), stop) })
	h.bot.Kick()
	h.drainWait(60 * time.Second)
	close(stop)
	wg.Wait()

	if dups := h.checkArrived(msgs); dups > 0 {
		t.Errorf("%d messages sent twice with no crash", dups)
	}
	st := h.srv.Stats()
	if st.EarlyRetries != 0 {
		t.Errorf("%d requests before retry_after ran out", st.EarlyRetries)
	}
	t.Logf("%d messages, %d sendMessage, %d answered 429", len(msgs), st.Requests["sendMessage"], st.TooManyRequests)
}

// shuffledMessages queues perChat messages for each member in a random
// order; each chat's messages are numbered in the order they are queued.
func shuffledMessages(rng *rand.Rand, ms []*branchbot.Member, perChat int) []queued {
	var picks []int
	for i := range ms {
		for range perChat {
			picks = append(picks, i)
		}
	}
	rng.Shuffle(len(picks), func(i, j int) { picks[i], picks[j] = picks[j], picks[i] })
	next := make([]int, len(ms))
	msgs := make([]queued, 0, len(picks))
	for _, i := range picks {
		msgs = append(msgs, queued{ms[i].ChatID(), fmt.Sprintf("消息%d-%d", ms[i].TelegramID, next[i])})
		next[i]++
	}
	return msgs
}

// slowFaultyAPI makes srv slow (100–500 ms per request, changing every
// 50 ms) until stop is closed, and in its first 2.5 s injects two 429s
// and six 5xx into the requests then going on (no more: a fault injected
// once the outbox is nearly empty would only fall on the same retries
// again and again).
func slowFaultyAPI(srv *telegramtest.Server, rng *rand.Rand, stop <-chan struct{}) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for n := 0; ; n++ {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		srv.SetDelay(100*time.Millisecond + time.Duration(rng.Int64N(int64(400*time.Millisecond))))
		switch {
		case n >= 50:
		case n%25 == 10:
			srv.FailNext(1, 429, "", 1)
		case n%8 == 4:
			srv.FailNext(1, []int{500, 502, 503}[rng.IntN(3)], "", 0)
		}
	}
}
