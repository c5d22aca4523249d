package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
)

// TestScheduledRenderedWhenSent queues prompts the way the scheduler does,
// by their live names only, and the member receives the whole prompt, with
// its buttons, in their language. A prompt for a member who is gone lands
// in the failed list.
func TestScheduledRenderedWhenSent(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 7, 30))
	h := newStudyHarness(t, clk, testRules())
	today := dayOf(2026, 11, 25)
	ms := addMembers(t, h.db, 2001, 2)
	zh, en := ms[0], ms[1]
	en.Lang = branchbot.LangEN
	if err := h.db.Update(func(tx *store.Tx) error { return tx.PutMember(en) }); err != nil {
		t.Fatal(err)
	}
	err := h.db.Update(func(tx *store.Tx) error {
		for _, m := range []*branchbot.Member{zh, en} {
			p, err := tx.StudyPlan(m.ID)
			if err != nil {
				return err
			}
			o := branchbot.Outgoing{Live: branchbot.PromptLive(today, 1, true, 0)}
			o.Key, o.ChatID, o.MemberID = branchbot.PromptKey(today, m.ID, 0), p.ChatID, p.MemberID
			if _, err := tx.Enqueue(&o); err != nil {
				return err
			}
		}
		gone := branchbot.Outgoing{Live: branchbot.NudgeLive(today, 0), ChatID: 424242, MemberID: 9999}
		_, err := tx.Enqueue(&gone)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	h.bot.Kick()
	for _, c := range []struct {
		chat int64
		want string
	}{{2001, "长篇阅读（补发）"}, {2002, "(late)"}} {
		m := h.wait(c.chat, c.want)
		if len(m.Keyboard) == 0 || !strings.HasPrefix(m.Keyboard[0][0].Text, "✅") {
			t.Errorf("chat %d: prompt without its buttons: %+v", c.chat, m.Keyboard)
		}
	}
	h.settle()
	h.view(func(tx *store.Tx) error {
		failed, err := tx.FailedOutgoing(10)
		if len(failed) != 1 || failed[0].MemberID != 9999 {
			t.Errorf("failed list %+v, want the nudge for the member who is gone", failed)
		}
		return err
	})
}

// TestScheduledBotMissed: what the scheduler recorded as missed by the bot
// reaches every secretary, in their language, once, and the audit log.
func TestScheduledBotMissed(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 7, 30))
	h := newStudyHarness(t, clk, testRules())
	h.sayAndWait(secretary, "/help", "可用命令")
	deputy := addMembers(t, h.db, 2101, 1)[0]
	deputy.Role, deputy.Lang = branchbot.RoleSecretary, branchbot.LangEN
	member := addMembers(t, h.db, 2201, 1)[0]
	m := branchbot.MissedByBot{At: clk.Now(), First: dayOf(2026, 11, 23), Last: dayOf(2026, 11, 24), Days: 57, Members: 30}
	for range 2 { // the same report twice is told once
		h.update(func(tx *store.Tx) error {
			if err := tx.PutMember(deputy); err != nil {
				return err
			}
			return h.bot.Scheduled().BotMissed(tx, m)
		})
	}
	h.bot.Kick()
	zh := h.wait(secretaryID, "机器人漏发")
	if !strings.Contains(zh.Text, "30 位党员共 57 次学习提醒未能发出（2026-11-23 – 2026-11-24）") {
		t.Errorf("secretary's notice %q", zh.Text)
	}
	en := h.wait(deputy.ChatID(), "missed by the bot")
	if !strings.Contains(en.Text, "57 study prompts to 30 members could not go out (2026-11-23 – 2026-11-24)") {
		t.Errorf("deputy's notice %q", en.Text)
	}
	h.settle()
	if n := len(h.botMessages(deputy.ChatID())); n != 1 {
		t.Errorf("deputy got %d messages, want 1", n)
	}
	if n := len(h.botMessages(member.ChatID())); n != 0 {
		t.Errorf("a member was told: %d messages", n)
	}
	h.view(func(tx *store.Tx) error {
		es, err := tx.LatestAudit(5)
		var found bool
		for _, e := range es {
			found = found || strings.Contains(e.Detail, "57 prompt(s) to 30 member(s) recorded as missed by the bot (2026-11-23 – 2026-11-24)")
		}
		if !found {
			t.Errorf("not in the audit log: %+v", es)
		}
		return err
	})
}

// TestScheduledStale: study messages still queued when their day is over
// (the bot crashed between queueing and sending and stayed down past
// midnight) are not sent; the prompts' days count as missed by the bot, and
// the secretaries are told once.
func TestScheduledStale(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 26, 8, 0))
	h := newStudyHarness(t, clk, testRules())
	h.sayAndWait(secretary, "/help", "可用命令")
	yesterday := dayOf(2026, 11, 25)
	ms := addMembers(t, h.db, 2301, 3)
	h.update(func(tx *store.Tx) error {
		for i, m := range ms {
			p, err := tx.StudyPlan(m.ID)
			if err != nil {
				return err
			}
			o := branchbot.Outgoing{Live: branchbot.PromptLive(yesterday, 0, false, 0)}
			key := branchbot.PromptKey(yesterday, m.ID, 0)
			rec := branchbot.StudyDay{Prompted: true, Prompts: 1, Section: 1}
			if i == 2 { // this one studied anyway
				o = branchbot.Outgoing{Live: branchbot.NudgeLive(yesterday, 0)}
				key = branchbot.NudgeKey(yesterday, m.ID)
				rec.Status = branchbot.DayDone
			}
			o.Key, o.ChatID, o.MemberID = key, p.ChatID, p.MemberID
			if _, err := tx.Enqueue(&o); err != nil {
				return err
			}
			if err := tx.PutStudyDay(m.ID, yesterday, rec); err != nil {
				return err
			}
		}
		return nil
	})
	h.bot.Kick()
	notice := h.wait(secretaryID, "没能在当天送出")
	if !strings.Contains(notice.Text, "2026-11-25") {
		t.Errorf("secretary's notice %q", notice.Text)
	}
	h.settle()
	for i, m := range ms {
		if n := len(h.botMessages(m.ChatID())); n != 0 {
			t.Errorf("member %d got %d messages of a day that is over", i, n)
		}
		want := branchbot.DayBotMissed
		if i == 2 {
			want = branchbot.DayDone
		}
		if got := h.studyDay(m.ID, yesterday).Status; got != want {
			t.Errorf("member %d's day: %v, want %v", i, got, want)
		}
	}
	if n := len(h.botMessages(secretaryID)); n != 2 { // the /help answer and one notice
		t.Errorf("secretary has %d messages, want 2", n)
	}
	h.view(func(tx *store.Tx) error {
		if queued, failed := tx.OutboxStats(); queued+failed != 0 {
			t.Errorf("%d queued, %d failed", queued, failed)
		}
		return nil
	})
}
