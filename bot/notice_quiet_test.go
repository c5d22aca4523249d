package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
)

// TestBroadcastInQuietHours: a notice set for a time inside the quiet
// hours says in its preview when it will really go (when they end), and
// offers to send it silently at the time set instead; the scheduler does
// either.
func TestBroadcastInQuietHours(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 20, 0))
	h := newStudyHarness(t, clk, testRules())
	h.restart(func() {
		h.opts.Quiet = branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}}
	})
	h.sayAndWait(secretary, "/help", "可用命令")
	ms := addMembers(t, h.db, 6501, 2)
	sched, err := schedule.New(schedule.Options{
		Store:      h.db,
		Now:        clk.Now,
		Location:   shanghai,
		Rules:      testRules(),
		Prompt:     mustSpec(t, "59 23 * * *"),
		Quiet:      branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}},
		Broadcasts: schedule.BroadcastOptions{Renderer: h.bot},
		Notify:     h.bot.Kick,
	})
	if err != nil {
		t.Fatal(err)
	}
	tick := func(at time.Time) {
		t.Helper()
		clk.Set(at)
		if _, err := sched.Tick(at); err != nil {
			t.Fatal(err)
		}
		h.settle()
	}

	// Held: the preview says it goes at 07:00, and so does the status.
	held := h.compose("/broadcast at 06:30 推迟的通知")
	for _, w := range []string{"发送：定时 11-26 06:30", "免打扰时间（22:00–07:00）内：通知将推迟到 11-26 07:00 才发出"} {
		if !strings.Contains(held.Text, w) {
			t.Errorf("preview lacks %q:\n%s", w, held.Text)
		}
	}
	h.press(secretary, held, button(t, held, "定时发送"))
	if st := h.message(secretaryID, held.ID); !strings.Contains(st.Text, "将于 11-26 07:00 发给全体党员") {
		t.Errorf("status %q", st.Text)
	}

	// Silent: sent at 06:30 without a sound.
	quiet := h.compose("/broadcast at 06:30 静音的通知")
	h.press(secretary, quiet, button(t, quiet, "按时静音发送"))
	quiet = h.message(secretaryID, quiet.ID)
	if !strings.Contains(quiet.Text, "发送：定时 11-26 06:30，静音发送") || strings.Contains(quiet.Text, "推迟") {
		t.Errorf("preview after choosing silent:\n%s", quiet.Text)
	}
	if bt := buttonTexts(quiet); !strings.Contains(strings.Join(bt, "|"), "改为 11-26 07:00 正常发送") {
		t.Errorf("buttons %v", bt)
	}
	h.press(secretary, quiet, button(t, quiet, "定时发送"))
	if st := h.message(secretaryID, quiet.ID); !strings.Contains(st.Text, "将于 11-26 06:30（静音） 发给全体党员") {
		t.Errorf("status %q", st.Text)
	}

	tick(local(2026, 11, 26, 6, 30))
	for _, m := range ms {
		got := h.botMessages(m.ChatID())
		if len(got) != 1 || !strings.Contains(got[0].Text, "静音的通知") || !got[0].Silent {
			t.Fatalf("member %d at 06:30: %+v", m.ID, got)
		}
	}
	if b := h.broadcastOf(1); b.State != branchbot.BroadcastScheduled {
		t.Errorf("the held notice is %s at 06:30", b.State)
	}
	tick(local(2026, 11, 26, 7, 0))
	for _, m := range ms {
		got := h.botMessages(m.ChatID())
		if len(got) != 2 || !strings.Contains(got[1].Text, "推迟的通知") || got[1].Silent {
			t.Errorf("member %d at 07:00: %+v", m.ID, got)
		}
	}
}
