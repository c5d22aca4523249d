package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// TestStudyLeave: a pause is leave. It takes a reason (without one it
// changes nothing and says how to give one), the member's group leader and
// the secretary are told in their own language, and /report study shows
// the days of leave with the reason, and an open-ended leave with its
// first day, where before a paused member showed as 100 % or 0/0.
func TestStudyLeave(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 6, 0))
	h := newStudyHarness(t, clk, testRules())
	nov := func(d int) branchbot.Day { return dayOf(2026, 11, d) }

	people := []struct {
		tg    int64
		name  string
		group string
		role  branchbot.Role
		lang  branchbot.Lang
	}{
		{12001, "张三", "一组", branchbot.RoleMember, ""},
		{12002, "李四", "一组", branchbot.RoleMember, ""},
		{12003, "组长甲", "一组", branchbot.RoleLeader, branchbot.LangEN},
		{12004, "组长乙", "二组", branchbot.RoleLeader, ""},
	}
	users := map[string]telegramtest.User{}
	ids := map[string]int64{}
	h.update(func(tx *store.Tx) error {
		for _, p := range people {
			m := &branchbot.Member{Name: p.name, TelegramID: p.tg, Group: p.group, Role: p.role, Lang: p.lang}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			users[p.name], ids[p.name] = telegramtest.User{ID: p.tg, FirstName: p.name}, m.ID
		}
		return nil
	})
	zhang, li := users["张三"], users["李四"]
	h.sayAndWait(secretary, "/help", "可用命令") // the secretary's name, from Telegram
	// Both studied every day from 11-20 to 11-24.
	days := map[branchbot.Day]branchbot.StudyDay{}
	for d := nov(20); d <= nov(24); d++ {
		days[d] = done(15)
	}
	h.history(ids["张三"], nov(20), days)
	h.history(ids["李四"], nov(20), days)

	t.Run("no reason changes nothing", func(t *testing.T) {
		before := h.plan(ids["张三"])
		h.sayAndWait(zhang, "/studytime off", "请假需要写明事由")
		h.sayAndWait(zhang, "/studytime off 12-01", "/studytime off 12-01 出差")
		h.sayAndWait(zhang, "/studytime 暂停", "请假需要写明事由")
		if p := h.plan(ids["张三"]); p != before {
			t.Errorf("a pause without a reason changed the plan: %+v", p)
		}
	})

	t.Run("a dated leave", func(t *testing.T) {
		got := h.sayAndWait(zhang, "/studytime off 12-01 赴省厅 出差学习", "已请假")
		for _, w := range []string{"已请假至 2026-12-01（含，事由：赴省厅 出差学习）", "已通知：", "党小组长 组长甲", "书记 王书记"} {
			if !strings.Contains(got.Text, w) {
				t.Errorf("answer lacks %q:\n%s", w, got.Text)
			}
		}
		if strings.Contains(got.Text, "组长乙") {
			t.Errorf("another group's leader was told:\n%s", got.Text)
		}
		h.settle()
		h.wait(secretaryID, "📝 张三（一组）请假：2026-11-25 至 2026-12-01。事由：赴省厅 出差学习")
		h.wait(12003, "📝 张三 (一组) is on leave: 2026-11-25 to 2026-12-01. Reason: 赴省厅 出差学习")
		for _, m := range h.botMessages(12004) {
			if strings.Contains(m.Text, "张三") {
				t.Errorf("the leader of another group was told: %q", m.Text)
			}
		}
		p := h.plan(ids["张三"])
		if !p.Paused || p.PausedFrom != nov(25) || p.PausedUntil != dayOf(2026, 12, 1) {
			t.Errorf("plan %+v", p)
		}
		if rec := h.studyDay(ids["张三"], nov(25)); rec.Status != branchbot.DayPaused {
			t.Errorf("today is %s, want a day of leave", rec.Status)
		}
		h.sayAndWait(zhang, "/studytime", "请假中：2026-11-25 至 2026-12-01（事由：赴省厅 出差学习）")
	})

	t.Run("an open-ended leave", func(t *testing.T) {
		h.sayAndWait(li, "/studytime 请假 生病住院", "从今天起暂停每日学习提醒，直到您发送 /studytime on 恢复")
		h.wait(secretaryID, "📝 李四（一组）请假：自 2026-11-25 起，至本人恢复为止。事由：生病住院")
	})

	t.Run("the report shows leave", func(t *testing.T) {
		// Three days later, as the scheduler leaves the days of leave.
		h.update(func(tx *store.Tx) error {
			for d := nov(26); d <= nov(27); d++ {
				for _, n := range []string{"张三", "李四"} {
					if err := tx.PutStudyDay(ids[n], d, branchbot.StudyDay{Status: branchbot.DayPaused}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		clk.Set(local(2026, 11, 27, 20, 0))
		got := h.sayAndWait(secretary, "/report study", "学习统计")
		for _, w := range []string{
			"\n张三 ⏸ 请假 3 天（赴省厅 出差学习） · 5/5 天",
			"\n李四 ⏸ 自 11-25 起请假（生病住院） · 5/5 天",
		} {
			if !strings.Contains(got.Text, w) {
				t.Errorf("report lacks %q:\n%s", w, got.Text)
			}
		}
		got = h.sayAndWait(users["组长甲"], "/report study", "Study report")
		if !strings.Contains(got.Text, "\n张三 ⏸ on leave 3 days (赴省厅 出差学习) · 5/5 days") {
			t.Errorf("English report:\n%s", got.Text)
		}
		// A past month names the leave by its days.
		clk.Set(local(2026, 12, 2, 9, 0))
		got = h.sayAndWait(secretary, "/report study 2026-11", "学习统计")
		if !strings.Contains(got.Text, "\n李四 ⏸ 请假 3 天（生病住院）") {
			t.Errorf("November report:\n%s", got.Text)
		}
	})

	t.Run("resuming tells them too", func(t *testing.T) {
		h.sayAndWait(li, "/studytime on", "已恢复每日学习提醒")
		h.wait(secretaryID, "▶️ 李四（一组）已结束请假，恢复每日学习提醒。")
		h.wait(12003, "▶️ 李四 (一组) is back from leave")
		if p := h.plan(ids["李四"]); p.Paused || p.PausedFrom != 0 {
			t.Errorf("plan after on: %+v", p)
		}
		var leaves []branchbot.Leave
		h.view(func(tx *store.Tx) (err error) {
			leaves, err = tx.Leaves(ids["李四"], nov(1), dayOf(2026, 12, 31))
			return err
		})
		// Resumed on 12-02 before the prompt: the leave ends on 12-01.
		if len(leaves) != 1 || leaves[0].From != nov(25) || leaves[0].Until != dayOf(2026, 12, 1) {
			t.Errorf("leave after on: %+v", leaves)
		}
	})

	t.Run("mistakes", func(t *testing.T) {
		h.sayAndWait(zhang, "/studytime off 11-01 出差", "已经过去了")
		h.sayAndWait(zhang, "/studytime off 13-01 出差", "不是有效的日期")
		h.sayAndWait(zhang, "/studytime off 出差"+strings.Repeat("长", branchbot.MaxLeaveReason), "最多 200 字")
	})
}
