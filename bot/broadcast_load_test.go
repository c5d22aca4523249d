package bot_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/store"
)

// restart stops the bot as SIGTERM would, calls between (if not nil)
// while no bot runs, and starts a new one on the same database and
// options.
func (h *harness) restart(between func()) {
	h.t.Helper()
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Fatalf("Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		h.t.Fatal("Run did not return after cancel")
	}
	if between != nil {
		between()
	}
	h.start(h.opts)
}

// TestBroadcast500 sends a notice to 500 members under Telegram's limits,
// with flood-control 429s at random moments, 10 members who blocked the
// bot, and a restart in the middle: everyone else gets exactly one copy,
// the blocked are counted unreachable, the limits are kept, and the
// secretary's status message moves with the delivery.
func TestBroadcast500(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 500 messages")
	}
	h := newHarness(t, withLimits(bot.Limits{GlobalPerSecond: 300, PerChatPerSecond: 20, PerGroupPerMinute: 60}))
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	ms := addMembers(t, h.db, 20000, 500)
	rng := rand.New(rand.NewPCG(4, 500))
	blocked := map[int64]bool{}
	for len(blocked) < 10 {
		m := ms[rng.IntN(len(ms))]
		if !blocked[m.ID] {
			blocked[m.ID] = true
			h.srv.FailChat(m.ChatID(), 403, "Forbidden: bot was blocked by the user")
		}
	}
	// 429s strike when the delivery passes these counts; the restart
	// comes at restartAt.
	strikes := []int{20 + rng.IntN(60), 150 + rng.IntN(60), 330 + rng.IntN(80)}
	restartAt := 230 + rng.IntN(40)

	summary := h.compose("/broadcast all 请全体党员于本周五前完成年度学习总结。")
	if !strings.Contains(summary.Text, "共 500 人") {
		t.Fatalf("summary %q", summary.Text)
	}
	editsBefore := h.srv.Stats().Requests["editMessageText"]
	tstart := time.Now()
	// Press without waiting for the outbox to drain.
	h.srv.Press(secretary, secretaryID, summary.ID, button(t, summary, "发送"))

	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	defer func() { cancel(); wg.Wait() }()
	wg.Add(1)
	go func() {
		defer wg.Done()
		next := 0
		for ctx.Err() == nil && next < len(strikes) {
			var settled int
			_ = h.db.View(func(tx *store.Tx) error {
				if b, err := tx.Broadcast(1); err == nil {
					settled = b.Settled()
				}
				return nil
			})
			if settled >= strikes[next] {
				h.srv.FailNext(1+rng.IntN(2), 429, "Too Many Requests: retry after 1", 1)
				next++
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()

	// Restart in the middle.
	deadline := time.Now().Add(20 * time.Second)
	for {
		b := h.broadcastOf(1)
		if b.Settled() >= restartAt {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stuck at %d/500", b.Settled())
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.restart(func() {
		mid := h.broadcastOf(1)
		t.Logf("restarted at %d/500, %s after the send", mid.Settled(), time.Since(tstart))
		if mid.State != branchbot.BroadcastSending || mid.Settled() == mid.Total {
			t.Fatalf("the restart came after the end: %+v", mid)
		}
	})

	b := h.waitSettled(1)
	if b.Total != 500 || b.Sent != 490 || b.Unreachable != 10 || b.Failed != 0 {
		t.Errorf("counts %+v", b)
	}
	rs := h.recipients(1)
	for _, m := range ms {
		got := h.botMessages(m.ChatID())
		if blocked[m.ID] {
			if len(got) != 0 || rs[m.ID].State != branchbot.RecipientUnreachable {
				t.Errorf("blocked member %d: %d messages, %+v", m.ID, len(got), rs[m.ID])
			}
			continue
		}
		if len(got) != 1 || !strings.Contains(got[0].Text, "年度学习总结") {
			t.Fatalf("member %d got %d messages", m.ID, len(got))
		}
		if r := rs[m.ID]; r.State != branchbot.RecipientSent || r.SentAt.IsZero() {
			t.Errorf("member %d: %+v", m.ID, r)
		}
	}
	st := h.srv.Stats()
	if st.EarlyRetries != 0 {
		t.Errorf("%d requests before retry_after ran out", st.EarlyRetries)
	}
	if st.TooManyRequests == 0 {
		t.Error("no 429 was injected")
	}
	t.Logf("429s %d, requests %v", st.TooManyRequests, st.Requests)

	// One status message, edited as the delivery went on.
	status := h.message(secretaryID, summary.ID)
	if !strings.Contains(status.Text, "通知 #1 已发送完毕：500/500") || !strings.Contains(status.Text, "已送达 490 · 失败 0 · 无法送达 10") {
		t.Errorf("status %q", status.Text)
	}
	if n := st.Requests["editMessageText"] - editsBefore; n < 3 || n > 200 {
		t.Errorf("%d status edits, want a handful", n)
	}
	notices := 0
	for _, m := range h.botMessages(secretaryID) {
		if strings.Contains(m.Text, "无法向") {
			notices++
		}
	}
	if notices != 10 {
		t.Errorf("secretary told of %d unreachable members, want 10", notices)
	}

	// /broadcasts shows the counts, and the names behind them.
	list := h.sayAndWait(secretary, "/broadcasts", "最近的通知")
	if !strings.Contains(list.Text, "送达 490/500 · 失败 0 · 无法送达 10 · 已阅 0/490") {
		t.Errorf("list %q", list.Text)
	}
	h.press(secretary, list, button(t, list, "#1 名单"))
	var names []string
	for _, m := range h.botMessages(secretaryID) {
		if m.ID > list.ID {
			names = append(names, m.Text)
		}
	}
	all := strings.Join(names, "\n")
	if !strings.Contains(all, "⏳ 未阅（490）") || !strings.Contains(all, "⚠️ 无法送达（10）") || !strings.Contains(all, "已屏蔽机器人") {
		t.Errorf("names %q", all[:min(len(all), 400)])
	}
	for _, m := range ms {
		if !strings.Contains(all, "#"+itoa(m.ID)+" "+m.Name+"\n") && !strings.HasSuffix(all, m.Name) && !strings.Contains(all, m.Name+"（") {
			t.Errorf("member %s missing from the names", m.Name)
			break
		}
	}
	if slices.ContainsFunc(names, func(s string) bool { return len([]rune(s)) > 4096 }) {
		t.Error("a names message is over 4096 characters")
	}
}
