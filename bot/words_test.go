package bot_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

func withZone(name string) harnessOption {
	return func(o *bot.Options, _ *[]telegramtest.Option) {
		loc, err := time.LoadLocation(name)
		if err != nil {
			panic(err)
		}
		o.Location = loc
	}
}

// TestTelegramErrorsInWords: a member who blocked the bot, a message
// Telegram refused and the audit log reach the secretaries in their own
// language, with what to do, never as Telegram's raw English.
func TestTelegramErrorsInWords(t *testing.T) {
	h := newHarness(t, withZone("Asia/Shanghai"))
	h.sayAndWait(secretary, "/help", "可用命令")
	ms := addMembers(t, h.db, 6000, 3)
	blocked, long, odd := ms[0], ms[1], ms[2]
	// A deputy secretary who reads English.
	deputy := addMembers(t, h.db, 6100, 1)[0]
	deputy.Role, deputy.Lang = branchbot.RoleSecretary, branchbot.LangEN
	h.update(func(tx *store.Tx) error { return tx.PutMember(deputy) })

	h.srv.FailChat(blocked.ChatID(), 403, "Forbidden: bot was blocked by the user")
	h.srv.FailChat(long.ChatID(), 400, "Bad Request: message is too long")
	h.srv.FailChat(odd.ChatID(), 400, "Bad Request: can't parse entities: unsupported start tag \"x\"")
	enqueueEach(t, h.db, ms, func(m *branchbot.Member) string { return "通知 " + m.Name })
	h.bot.Kick()

	alert := h.wait(secretaryID, "无法向 "+blocked.Name)
	if !strings.Contains(alert.Text, "对方屏蔽了机器人。请电话联系本人") || strings.Contains(alert.Text, "Forbidden") {
		t.Errorf("zh alert: %q", alert.Text)
	}
	en := h.wait(deputy.ChatID(), "cannot be delivered")
	if !strings.Contains(en.Text, "they blocked the bot. Phone them") || strings.Contains(en.Text, "Forbidden") {
		t.Errorf("en alert: %q", en.Text)
	}
	h.settle()

	out := h.sayAndWait(secretary, "/outbox", "发送失败")
	for _, w := range []string{
		blocked.Name + " · 已屏蔽机器人", long.Name + " · 消息太长", odd.Name + " · Telegram 拒收",
		"怎么办：", "• 对方屏蔽了机器人。请电话联系本人", "• 消息太长，Telegram 拒收。请精简后重新发送。",
		// The raw text, compact, for whoever runs the bot.
		"请把这段说明转给运维人员：Bad Request: can't parse entities",
	} {
		if !strings.Contains(out.Text, w) {
			t.Errorf("/outbox lacks %q:\n%s", w, out.Text)
		}
	}
	if strings.Contains(out.Text, "Forbidden") || strings.Contains(out.Text, "unreachable:") {
		t.Errorf("/outbox shows raw errors:\n%s", out.Text)
	}
	outEN := h.sayAndWait(userOf(deputy), "/outbox", "failed")
	if !strings.Contains(outEN.Text, blocked.Name+" · blocked the bot") || !strings.Contains(outEN.Text, "• They blocked the bot. Phone them") {
		t.Errorf("English /outbox:\n%s", outEN.Text)
	}

	// The audit log: actions by name, times in the branch's zone.
	h.update(func(tx *store.Tx) error {
		return tx.Audit(branchbot.AuditEntry{ActorID: h.member(secretaryID).ID, Action: "broadcast.schedule",
			Detail: `#3 notice to all members, ack=true, group chat=false: "周五开会" at 2026-12-01T00:00:00Z`})
	})
	got := h.sayAndWait(secretary, "/audit 5", "审计日志")
	for _, w := range []string{
		"王书记 · 定时通知 · 通知 #3 · 发给全体党员 · 需要回执 · 不发支部群 · \"周五开会\" · 定时 2026-12-01 08:00",
		"系统 · 无法送达 · #", blocked.Name + "：已屏蔽机器人",
	} {
		if !strings.Contains(got.Text, w) {
			t.Errorf("/audit lacks %q:\n%s", w, got.Text)
		}
	}
	for _, w := range []string{"broadcast.schedule", "T00:00:00Z", "unreachable", "Forbidden", "ack=true"} {
		if strings.Contains(got.Text, w) {
			t.Errorf("/audit shows %q:\n%s", w, got.Text)
		}
	}
	gotEN := h.sayAndWait(userOf(deputy), "/audit 5", "Audit log")
	if !strings.Contains(gotEN.Text, "notice scheduled · notice #3 · to all members · acknowledgement asked") ||
		!strings.Contains(gotEN.Text, "at 2026-12-01 08:00") {
		t.Errorf("English /audit:\n%s", gotEN.Text)
	}
}

// TestHelpNamesAndWords: /help says what each command does with an
// example and the Chinese keywords; a refusal names everyone who may;
// Chinese names have no space; invites, reports and English texts say
// what they mean.
func TestHelpNamesAndWords(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 3, 20, 0))
	h := newStudyHarness(t, clk, testRules())
	help := h.sayAndWait(secretary, "/help", "可用命令")
	for _, w := range []string{
		"可用命令（您是书记）",
		"/broadcast [指示] [全体|党小组|支委] [定时 [日期] 时:分] 内容 — 发通知",
		"/studytime [时间|请假|恢复|默认]", "/studytime 请假 12-31 外出培训",
		"/report [学习] [月份]", "例：/report 学习 2026-11",
		"/setrole 党员 角色", "例：/setrole 张三 支委",
		"直接回复“已学”或“打卡”也可以",
	} {
		if !strings.Contains(help.Text, w) {
			t.Errorf("/help lacks %q:\n%s", w, help.Text)
		}
	}
	// One line each, with what it does.
	if n := strings.Count(help.Text, " — "); n != 24 {
		t.Errorf("/help has %d command lines, want 24:\n%s", n, help.Text)
	}
	// The secretary's name from Telegram, without a space.
	members := h.sayAndWait(secretary, "/members", "党员名单")
	if !strings.Contains(members.Text, "王书记 · 书记") {
		t.Errorf("/members:\n%s", members.Text)
	}

	link := h.sayAndWait(secretary, "/invite 张三", "邀请链接")
	if !strings.Contains(link.Text, "仅限本人使用一次，有效期至 2026-12-10 20:00") {
		t.Errorf("invite: %q", link.Text)
	}
	ms := addMembers(t, h.db, 7000, 1)
	u := userOf(ms[0])
	mhelp := h.sayAndWait(u, "/help", "可用命令")
	if strings.Contains(mhelp.Text, "/invite") || !strings.Contains(mhelp.Text, "可用命令（您是党员）") {
		t.Errorf("member's /help:\n%s", mhelp.Text)
	}
	h.sayAndWait(u, "/report", "抱歉，/report 仅限党小组长、支委委员和书记使用。")
	h.sayAndWait(u, "/broadcast 全体 x", "抱歉，/broadcast 仅限书记使用。")
	rep := h.sayAndWait(secretary, "/report", "学习统计")
	if !strings.Contains(rep.Text, "人次") || !strings.Contains(rep.Text, ms[0].Name+" · 0/1 天 · 连续 0 天 · 从未打卡") {
		t.Errorf("/report:\n%s", rep.Text)
	}

	// English: plurals, no Chinese brackets, no "last never".
	h.sayAndWait(u, "/lang en", "English")
	h.sayAndWait(u, "已学", "Streak: 1 day; this month 1/1 day.")
	me := h.sayAndWait(u, "/me", "Study record")
	for _, w := range []string{"Streak: 1 day · longest: 1 day", "This month: 1 of 1 day"} {
		if !strings.Contains(me.Text, w) {
			t.Errorf("/me lacks %q:\n%s", w, me.Text)
		}
	}
	h.sayAndWait(secretary, "/setrole #"+strconv.FormatInt(ms[0].ID, 10)+" leader", "党小组长")
	rep = h.sayAndWait(u, "/report", "Study report")
	if !strings.Contains(rep.Text, "2 members · 1 of 1 member-day done") || !strings.Contains(rep.Text, "1/1 day · streak 1 · last done 2026-12-03") {
		t.Errorf("English /report:\n%s", rep.Text)
	}
	list := h.sayAndWait(u, "/members", "Members")
	if strings.ContainsAny(list.Text, "【】") || !strings.Contains(list.Text, "— No group —") {
		t.Errorf("English /members:\n%s", list.Text)
	}
	ehelp := h.sayAndWait(u, "/help", "commands for a group leader")
	if !strings.Contains(ehelp.Text, "/report [study] [YYYY-MM]") {
		t.Errorf("English /help:\n%s", ehelp.Text)
	}
}
