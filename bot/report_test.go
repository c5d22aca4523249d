package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// history writes a member's study records directly, as the scheduler and
// earlier days would have left them.
func (h *harness) history(id int64, joined branchbot.Day, days map[branchbot.Day]branchbot.StudyDay) {
	h.t.Helper()
	h.update(func(tx *store.Tx) error {
		p, err := tx.StudyPlan(id)
		if err != nil {
			return err
		}
		p.JoinedDay = joined
		if err := tx.PutStudyPlan(p); err != nil {
			return err
		}
		for d, rec := range days {
			if err := tx.PutStudyDay(id, d, rec); err != nil {
				return err
			}
		}
		return nil
	})
}

func done(minutes uint16) branchbot.StudyDay {
	return branchbot.StudyDay{Status: branchbot.DayDone, Prompted: true, Prompts: 1, Section: 1, Minutes: minutes, At: 8 * 60}
}

// missed is a day prompted and not studied.
var missed = branchbot.StudyDay{Prompted: true, Prompts: 1, Section: 1}

func TestMe(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 3, 20, 0))
	rules := testRules()
	nov := func(d int) branchbot.Day { return dayOf(2026, 11, d) }
	dec := func(d int) branchbot.Day { return dayOf(2026, 12, d) }
	rules.Streaks.RestDays = map[branchbot.Day]bool{nov(24): true}
	h := newStudyHarness(t, clk, rules)
	m := addMembers(t, h.db, 10001, 1)[0]
	u := telegramtest.User{ID: m.TelegramID, FirstName: m.Name}

	// November: two missed days are forgiven (the skip budget), the third
	// breaks the run; 11-24 is a rest day and 11-30 paused. December's
	// budget starts afresh, so 12-01 is forgiven; 12-03 is today, pending.
	h.history(m.ID, nov(20), map[branchbot.Day]branchbot.StudyDay{
		nov(20): done(15),
		nov(21): done(20),
		nov(22): missed,
		nov(23): done(15),
		nov(25): done(30),
		nov(26): missed,
		nov(27): missed,
		nov(28): done(15),
		nov(29): done(15),
		nov(30): {Status: branchbot.DayPaused},
		dec(1):  missed,
		dec(2):  done(10),
		dec(3):  missed,
		nov(10): done(99), // before the member's first day: not counted
	})
	h.update(func(tx *store.Tx) error {
		p, err := tx.StudyPlan(m.ID)
		if err != nil {
			return err
		}
		p.Section = 1
		return tx.PutStudyPlan(p)
	})

	got := h.sayAndWait(u, "/me", "学习记录")
	want := strings.Join([]string{
		"📊 成员10001的学习记录",
		"🔥 连续学习 3 天 · 最长 4 天",
		"📅 本月已学 1/3 天",
		"⏱ 累计学习 120 分钟",
		"📖 下一节：第2节《长篇阅读》",
		"🕖 您使用支部默认学习时间：每天 07:30。",
		"",
		"近 30 天（左旧右新）：",
		strings.Repeat("·", 16) + "■■·■·■·□■■··■□",
		"■ 已学  □ 未学  · 休息/暂停/免计",
	}, "\n")
	if got.Text != want {
		t.Errorf("/me:\n%s\nwant:\n%s", got.Text, want)
	}

	t.Run("after today's study", func(t *testing.T) {
		h.sayAndWait(u, "已学", "✅ 已记录：第1节《党的性质和宗旨》。连续学习 4 天，本月 2/3 天。")
		got := h.sayAndWait(u, "/me", "学习记录")
		for _, w := range []string{"连续学习 4 天 · 最长 4 天", "本月已学 2/3 天", "累计学习 130 分钟", "·■■\n"} {
			if !strings.Contains(got.Text, w) {
				t.Errorf("/me lacks %q:\n%s", w, got.Text)
			}
		}
	})
	t.Run("english", func(t *testing.T) {
		h.sayAndWait(u, "/lang en", "English")
		got := h.sayAndWait(u, "/me", "Study record")
		for _, w := range []string{"Streak: 4 days · longest: 4 days", "This month: 2 of 3 days", "Last 30 days", "■ done"} {
			if !strings.Contains(got.Text, w) {
				t.Errorf("/me lacks %q:\n%s", w, got.Text)
			}
		}
	})
}

func TestReportStudy(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 3, 20, 0))
	h := newStudyHarness(t, clk, testRules())
	nov := func(d int) branchbot.Day { return dayOf(2026, 11, d) }
	dec := func(d int) branchbot.Day { return dayOf(2026, 12, d) }

	people := []struct {
		tg    int64
		name  string
		group string
		role  branchbot.Role
		done  []branchbot.Day
	}{
		{11001, "甲", "一组", branchbot.RoleMember, nil},
		{11002, "乙", "一组", branchbot.RoleMember, []branchbot.Day{nov(25), nov(26), nov(27), nov(28), nov(29), nov(30), dec(1), dec(2)}},
		{11003, "丙", "二组", branchbot.RoleMember, []branchbot.Day{dec(1)}},
		{11004, "丁", "二组", branchbot.RoleMember, []branchbot.Day{dec(1), dec(2), dec(3)}},
		{11005, "组长", "一组", branchbot.RoleLeader, []branchbot.Day{dec(2)}},
		{11006, "委员", "二组", branchbot.RoleCommittee, nil},
	}
	users := map[string]telegramtest.User{}
	h.update(func(tx *store.Tx) error {
		for _, p := range people {
			m := &branchbot.Member{Name: p.name, TelegramID: p.tg, Group: p.group, Role: p.role}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			users[p.name] = telegramtest.User{ID: p.tg, FirstName: p.name}
		}
		// Someone invited and not joined is left out.
		return tx.CreateMember(&branchbot.Member{Name: "未加入", Group: "一组", Role: branchbot.RoleMember})
	})
	for _, p := range people {
		days := map[branchbot.Day]branchbot.StudyDay{}
		for _, d := range p.done {
			days[d] = done(15)
		}
		h.history(h.member(p.tg).ID, nov(25), days)
	}

	lineOrder := func(text string, names ...string) []int {
		var at []int
		lines := strings.Split(text, "\n")
		for _, n := range names {
			idx := -1
			for i, l := range lines {
				if strings.HasPrefix(l, n+" · ") {
					idx = i
				}
			}
			at = append(at, idx)
		}
		return at
	}

	t.Run("secretary sees everyone, by group, in pinyin order", func(t *testing.T) {
		got := h.sayAndWait(secretary, "/report study", "学习统计")
		for _, w := range []string{
			"📊 学习统计 · 2026-12（截至 2026-12-03）· 全支部",
			// The secretary, bootstrapped after today's prompt time, has
			// no day due yet and is not counted as idle.
			"共 7 人 · 已学 7/18 人次（38%）· 本月一次未学：2 人",
			"【二组】3 人 · 已学 4/9 人次（44%）· 本月一次未学：1 人",
			"【一组】3 人 · 已学 3/9 人次（33%）· 本月一次未学：1 人",
			"【未分组】1 人 · 已学 0/0 人次（—）· 本月一次未学：0 人",
			"王书记 · 0/0 天",
			"甲 · 0/3 天 · 连续 0 天 · 从未打卡",
			"乙 · 2/3 天 · 连续 8 天 · 最近 2026-12-02",
			"丁 · 3/3 天 · 连续 3 天 · 最近 2026-12-03",
			"丙 · 1/3 天 · 连续 1 天 · 最近 2026-12-01",
		} {
			if !strings.Contains(got.Text, w) {
				t.Errorf("report lacks %q:\n%s", w, got.Text)
			}
		}
		// Groups and names by pinyin: 二组 (èr) before 一组 (yī);
		// 丙 bǐng, 丁 dīng, 委员 wěi; 甲 jiǎ, 乙 yǐ, 组长 zǔ; no group last.
		at := lineOrder(got.Text, "丙", "丁", "委员", "甲", "乙", "组长", "王书记")
		for i := 1; i < len(at); i++ {
			if at[i-1] < 0 || at[i-1] >= at[i] {
				t.Fatalf("order %v, want 丙 丁 委员 | 甲 乙 组长 | 王书记:\n%s", at, got.Text)
			}
		}
		if i := strings.Index(got.Text, "【一组】"); i < 0 || i > strings.Index(got.Text, "\n甲 · ") || strings.Index(got.Text, "\n组长 · ") > strings.Index(got.Text, "【未分组】") {
			t.Errorf("subtotals not above their groups:\n%s", got.Text)
		}
		if strings.Contains(got.Text, "未加入") {
			t.Errorf("report lists someone who has not joined:\n%s", got.Text)
		}
	})
	t.Run("a leader sees their group", func(t *testing.T) {
		got := h.sayAndWait(users["组长"], "/report", "学习统计")
		if !strings.Contains(got.Text, "党小组：一组") || !strings.Contains(got.Text, "共 3 人") {
			t.Errorf("leader's report:\n%s", got.Text)
		}
		at := lineOrder(got.Text, "甲", "组长", "乙", "丙", "丁", "委员")
		if at[0] < 0 || at[1] < 0 || at[2] < 0 || at[3] >= 0 || at[4] >= 0 || at[5] >= 0 {
			t.Errorf("leader's report shows %v of 甲 组长 乙 丙 丁 委员:\n%s", at, got.Text)
		}
	})
	t.Run("committee sees everyone", func(t *testing.T) {
		got := h.sayAndWait(users["委员"], "/report study", "学习统计")
		if !strings.Contains(got.Text, "全支部") || !strings.Contains(got.Text, "共 7 人") {
			t.Errorf("committee's report:\n%s", got.Text)
		}
	})
	t.Run("a member is refused", func(t *testing.T) {
		h.sayAndWait(users["甲"], "/report study", "仅限党小组长、支委委员和书记使用")
	})
	t.Run("past month", func(t *testing.T) {
		got := h.sayAndWait(secretary, "/report study 2026-11", "学习统计")
		for _, w := range []string{"2026-11（全月）", "乙 · 6/6 天 · 连续 8 天", "甲 · 0/6 天"} {
			if !strings.Contains(got.Text, w) {
				t.Errorf("November report lacks %q:\n%s", w, got.Text)
			}
		}
	})
	t.Run("days missed by the bot", func(t *testing.T) {
		if got := h.sayAndWait(secretary, "/report study", "学习统计"); strings.Contains(got.Text, "漏发") {
			t.Errorf("a report with no day missed by the bot mentions it:\n%s", got.Text)
		}
		h.history(h.member(11001).ID, nov(25), map[branchbot.Day]branchbot.StudyDay{
			dec(1): {Status: branchbot.DayBotMissed}, dec(2): {Status: branchbot.DayBotMissed}, nov(30): {Status: branchbot.DayBotMissed},
		})
		got := h.sayAndWait(secretary, "/report study", "学习统计")
		for _, w := range []string{"⚠️ 机器人停止运行，漏发 2 人次的提醒（不计入应学）", "甲 · 0/1 天"} {
			if !strings.Contains(got.Text, w) {
				t.Errorf("report lacks %q:\n%s", w, got.Text)
			}
		}
	})
	t.Run("an unreachable member is marked", func(t *testing.T) {
		h.update(func(tx *store.Tx) error {
			m, err := tx.MemberByTelegramID(11003)
			if err != nil {
				return err
			}
			m.Unreachable, m.UnreachableWhy = true, "bot was blocked by the user"
			return tx.PutMember(m)
		})
		got := h.sayAndWait(secretary, "/report study", "学习统计")
		if !strings.Contains(got.Text, "\n丙 ⚠️ 无法送达（已屏蔽机器人） · 1/3 天") {
			t.Errorf("report:\n%s", got.Text)
		}
	})
	t.Run("mistakes", func(t *testing.T) {
		h.sayAndWait(secretary, "/report study 2027-01", "还没开始")
		h.sayAndWait(secretary, "/report study 2026-13", "不是有效的月份")
		h.sayAndWait(secretary, "/report study 2026-11 extra", "用法：/report [学习]")
	})
}
