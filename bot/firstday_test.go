package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/telegramtest"
)

// studyTicker returns a function that runs the real scheduler's Tick at
// an instant, with the clock set to it, waits for what it queued to go out
// and returns what it did. The scheduler reads the rules the bot reads and
// the branch's default time of newStudyHarness, 07:30.
func (h *harness) studyTicker(clk *clocktest.Clock, rules *branchbot.StudyRules) func(time.Time) schedule.TickResult {
	t := h.t
	var cutoff branchbot.ClockTime
	if rules.CutoffMinute > 0 {
		cutoff = branchbot.ClockFromMinutes(rules.CutoffMinute)
	}
	sched, err := schedule.New(schedule.Options{
		Store:    h.db,
		Now:      clk.Now,
		Location: shanghai,
		Rules:    rules,
		Prompt:   mustSpec(t, "30 7 * * *"),
		Cutoff:   cutoff,
		Quiet:    rules.Quiet,
		Notify:   h.bot.Kick,
	})
	if err != nil {
		t.Fatal(err)
	}
	return func(at time.Time) schedule.TickResult {
		t.Helper()
		clk.Set(at)
		res, err := sched.Tick(at)
		if err != nil {
			t.Fatal(err)
		}
		h.settle()
		return res
	}
}

// latestFromBot is the bot's latest message in u's chat.
func (h *harness) latestFromBot(u telegramtest.User) telegramtest.Message {
	h.t.Helper()
	msgs := h.botMessages(u.ID)
	if len(msgs) == 0 {
		h.t.Fatalf("no message from the bot to %d", u.ID)
	}
	return msgs[len(msgs)-1]
}

// joinAnother is join for a member invited after another: it reads the
// link from the secretary's newest message.
func (h *harness) joinAnother(u telegramtest.User, name string) *branchbot.Member {
	h.t.Helper()
	m := h.sayAndWait(secretary, "/invite "+name, "?start=")
	found := linkRE.FindStringSubmatch(m.Text)
	if found == nil {
		h.t.Fatalf("no link in %q", m.Text)
	}
	h.sayAndWait(u, "/start "+found[2], "欢迎您")
	return h.member(u.ID)
}

// The first day: a member who joins after the branch's prompt time is told
// when the first prompt comes, how to change the time and how to pause; a
// later time set that evening brings that evening's prompt, an earlier one
// says the first prompt comes tomorrow.
func TestFirstDayEveningJoin(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 20, 0))
	rules := testRules()
	rules.CutoffMinute = 21*60 + 30
	h := newStudyHarness(t, clk, rules)
	tick := h.studyTicker(clk, rules)
	today := dayOf(2026, 11, 25)

	u := telegramtest.User{ID: 4101, FirstName: "晚到"}
	m := h.join(u, "晚到")
	welcome := h.latestFromBot(u).Text
	for _, want := range []string{"您的第一次学习提醒在明天 07:30", "/studytime 07:45", "/studytime off", "/studytime on"} {
		if !strings.Contains(welcome, want) {
			t.Errorf("welcome lacks %q:\n%s", want, welcome)
		}
	}
	if p := h.plan(m.ID); p.JoinedDay != today+1 {
		t.Fatalf("joined after the prompt time: first study day %s, want %s", p.JoinedDay, today+1)
	}

	t.Run("a later time today brings today's prompt", func(t *testing.T) {
		reply := h.sayAndWait(u, "/studytime 21:00", "已将您的学习时间设为每天 21:00")
		if !strings.Contains(reply.Text, "您的第一次学习提醒在今天 21:00。") {
			t.Errorf("answer does not say when the first prompt comes:\n%s", reply.Text)
		}
		if p := h.plan(m.ID); p.JoinedDay != today {
			t.Errorf("first study day %s, want today %s", p.JoinedDay, today)
		}
		if res := tick(local(2026, 11, 25, 20, 59)); res.Prompts != 0 {
			t.Errorf("prompted before the time: %+v", res)
		}
		if res := tick(local(2026, 11, 25, 21, 0)); res.Prompts != 1 || res.LatePrompts != 0 {
			t.Errorf("at 21:00: %+v, want the first prompt, on time", res)
		}
		if got := h.latestFromBot(u); !strings.Contains(got.Text, "📖 黄金一刻 · 第1节/共3节 · 党的性质和宗旨") {
			t.Errorf("no prompt at 21:00:\n%s", got.Text)
		}
		// Started now: a new time waits for tomorrow as for any member.
		reply = h.sayAndWait(u, "/studytime 20:30", "已将您的学习时间设为每天 20:30")
		if !strings.Contains(reply.Text, "今天的提醒已经发出") || h.plan(m.ID).JoinedDay != today {
			t.Errorf("after the first prompt: %q, first day %s", reply.Text, h.plan(m.ID).JoinedDay)
		}
	})

	t.Run("a time already past says tomorrow", func(t *testing.T) {
		clk.Set(local(2026, 11, 25, 21, 5))
		u2 := telegramtest.User{ID: 4102, FirstName: "早睡"}
		m2 := h.joinAnother(u2, "早睡")
		reply := h.sayAndWait(u2, "/studytime 19:00", "已将您的学习时间设为每天 19:00")
		if !strings.Contains(reply.Text, "今天的 19:00 已经过了，您的第一次学习提醒在明天 19:00。") {
			t.Errorf("answer:\n%s", reply.Text)
		}
		if p := h.plan(m2.ID); p.JoinedDay != today+1 {
			t.Errorf("first study day %s, want tomorrow", p.JoinedDay)
		}
		n := len(h.botMessages(u2.ID))
		if res := tick(local(2026, 11, 25, 21, 10)); res.Prompts != 0 || len(h.botMessages(u2.ID)) != n {
			t.Errorf("a late prompt went out at once: %+v", res)
		}
		h.sayAndWait(u2, "/lang en", "English")
		reply = h.sayAndWait(u2, "/studytime 8:00", "Your study time is now 08:00 every day.")
		if !strings.Contains(reply.Text, "08:00 has passed for today: your first study prompt comes tomorrow at 08:00.") {
			t.Errorf("English answer:\n%s", reply.Text)
		}
		reply = h.sayAndWait(u2, "/studytime 21:20", "Your study time is now 21:20 every day.")
		if !strings.Contains(reply.Text, "Your first study prompt comes today at 21:20.") || h.plan(m2.ID).JoinedDay != today {
			t.Errorf("English answer:\n%s", reply.Text)
		}
		reply = h.sayAndWait(u2, "/studytime default", "You now follow the branch's study time.")
		if !strings.Contains(reply.Text, "07:30 has passed for today: your first study prompt comes tomorrow at 07:30.") || h.plan(m2.ID).JoinedDay != today+1 {
			t.Errorf("back to the default time:\n%s", reply.Text)
		}
	})
}
