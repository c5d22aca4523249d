package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
)

// TestContactVisitsAndReport: the secretary gives 李组长 a village; its
// visit is opened in the last days of a quarter, reminded, logged with
// /talked, and the next quarter's opened; care visits are logged by a
// member for themselves and by a leader for others; /report talks counts
// it all, with the members no talk covered, for the secretary only.
func TestContactVisitsAndReport(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 25, 15, 0)) // a Friday
	h, tick := caseBranchWith(t, clk, func(r *branchbot.CaseRules) { r.Coverage = branchbot.PeriodMonth })

	h.say(memberU, "/contact")
	h.wait(memberU.ID, "仅限")
	h.say(secretary, "/contact add 孙五 村 东风村")
	h.wait(secretaryID, "“孙五”不能担任联系人")
	h.say(secretary, "/contact add 李组长 宇宙 东风村")
	h.wait(secretaryID, "用法：/contact")
	h.say(secretary, "/contact add 李组长 村 东风村")
	h.wait(secretaryID, "已添加五联联系点 #1：东风村（村），联系人 李组长，每季度走访一次")
	h.say(secretary, "/contact")
	h.wait(secretaryID, "#1 村：东风村 · 联系人：李组长 · 本期走访事项尚未登记")

	tick(local(2026, 12, 28, 9, 0)) // Monday: Q4's visit, due 12-31
	told := h.wait(leaderU.ID, "新的谈心谈话事项")
	if !strings.Contains(told.Text, "#1 五联走访 · 村：东风村 · 到期：2026-12-31") {
		t.Errorf("cadre's notice:\n%s", told.Text)
	}
	digest := h.wait(secretaryID, "本期（2026-12）尚未谈心谈话的党员 6 人")
	if strings.Contains(digest.Text, "逾期未谈") {
		t.Errorf("a digest of coverage alone speaks of overdue cases:\n%s", digest.Text)
	}
	tick(local(2026, 12, 29, 9, 0))
	h.wait(leaderU.ID, "谈心谈话提醒")
	h.say(leaderU, "/talked 1")
	h.wait(leaderU.ID, "谈话是哪天")
	h.say(leaderU, "今天")
	mode := h.wait(leaderU.ID, "谈话方式")
	h.press(leaderU, mode, button(t, mode, "走访"))
	h.wait(leaderU.ID, "简要记录")
	h.say(leaderU, "走访东风村，了解春耕准备")
	fu := h.wait(leaderU.ID, "是否需要跟进")
	h.press(leaderU, fu, button(t, fu, "不需要"))
	h.wait(leaderU.ID, "已登记事项 #1 的谈话")
	h.say(secretary, "/contact")
	h.wait(secretaryID, "本期已走访（2026-12-29）")

	tick(local(2027, 1, 4, 9, 0)) // Monday of Q1: the next visit, once
	tick(local(2027, 1, 4, 10, 0))
	h.wait(leaderU.ID, "#2 五联走访")
	if c := h.caseOf(2); c.Contact == nil || c.Due.String() != "2027-03-31" || c.Assignee != h.member(leaderU.ID).ID {
		t.Errorf("Q1's visit: %+v", c)
	}
	h.say(secretary, "/contact")
	h.wait(secretaryID, "本期待走访，到期 2027-03-31")

	// Care visits.
	h.say(memberU, "/care 张三 王大爷 送米面油 300元")
	h.wait(memberU.ID, "党员只能登记自己的帮扶")
	h.say(memberU, "/care 我 王大爷 送米面油 300元")
	h.wait(memberU.ID, "已登记爱心帮扶 #1：孙五 → 王大爷，送米面油，300 元")
	h.say(leaderU, "/care 孙五 张三 住院探望 200.5")
	logged := h.wait(leaderU.ID, "已登记爱心帮扶 #2")
	if !strings.Contains(logged.Text, "孙五 → 张三，住院探望，200.50 元") || !strings.Contains(logged.Text, "孙五本月（2027-01）帮扶 2 次，共 500.50 元") {
		t.Errorf("care:\n%s", logged.Text)
	}

	// A hospital case in January, done late.
	h.say(secretary, "/event 张三 生病住院")
	m := h.wait(secretaryID, "请确认谈话事项")
	h.press(secretary, m, button(t, m, "确认"))

	h.say(leaderU, "/report talks")
	h.wait(leaderU.ID, "仅限")
	h.say(memberU, "/report 谈话")
	h.wait(memberU.ID, "仅限")
	h.say(secretary, "/report 谈话 2026-Q5")
	h.wait(secretaryID, "用法：/report 谈话")
	h.say(secretary, "/report talks 2026-Q4")
	q4 := h.wait(secretaryID, "谈心谈话统计 · 2026-Q4")
	for _, w := range []string{"事项 0 项", "五联走访：应走访 1 · 已走访 1 · 逾期未走访 0", "爱心帮扶：全支部 0 次"} {
		if !strings.Contains(q4.Text, w) {
			t.Errorf("Q4 report lacks %q:\n%s", w, q4.Text)
		}
	}
	h.say(secretary, "/report 谈话")
	jan := h.wait(secretaryID, "谈心谈话统计 · 2027-01（截至 2027-01-04）")
	for _, w := range []string{
		"事项 1 项：按时完成 0 · 逾期完成 0 · 待谈 1 · 逾期未谈 0 · 撤销 0",
		"生病住院：1 项", "李组长：1 项",
		"本期（2027-01）尚未谈心谈话的党员 6 人：王书记、李组长、赵支委、张三、王组长、孙五",
		"五联走访：应走访 0",
		"爱心帮扶：全支部 2 次，共 500.50 元", "孙五：2 次，500.50 元",
	} {
		if !strings.Contains(jan.Text, w) {
			t.Errorf("January report lacks %q:\n%s", w, jan.Text)
		}
	}
	for _, msg := range h.botMessages(memberU.ID) {
		if strings.Contains(msg.Text, "生病住院") {
			t.Errorf("a member read of a case:\n%s", msg.Text)
		}
	}
}

// TestTalksButtons: the secretary reassigns and cancels from the buttons
// of /talks, typing the reason after a restart; a talker pressing made-up
// data for the same buttons changes nothing and is audited.
func TestTalksButtons(t *testing.T) {
	clk := clocktest.New(local(2026, 10, 5, 10, 0))
	h, _ := caseBranch(t, clk)
	for _, cmd := range []string{"/event 张三 家庭变故", "/event 孙五 评优表彰"} {
		h.say(secretary, cmd)
		m := h.wait(secretaryID, "请确认谈话事项")
		h.press(secretary, m, button(t, m, "确认"))
		h.wait(secretaryID, "已登记")
	}
	refused := h.refusals()
	forged := branchbot.Callback{Action: "ctca", Owner: h.member(committeU.ID).ID, Arg: "1"}.MustEncode()
	h.srv.Press(committeU, committeU.ID, 1, forged)
	h.settle()
	if got := h.refusals() - refused; got != 1 {
		t.Errorf("%d refusals audited, want 1", got)
	}

	list := h.sayAndWait(secretary, "/talks", "待谈事项 2 项")
	h.press(secretary, list, button(t, list, "#1 改派"))
	pick := h.wait(secretaryID, "事项 #1 改派给谁")
	h.press(secretary, pick, button(t, pick, "王组长"))
	h.wait(secretaryID, "请输入将事项 #1 改派给 王组长 的原因")
	h.restart(nil)
	h.say(secretary, "赵支委出差")
	h.wait(secretaryID, "已将事项 #1 改派给 王组长")
	h.wait(leader2U.ID, "家庭变故")
	h.wait(committeU.ID, "已由书记改派给他人")

	list = h.sayAndWait(secretary, "/talks", "待谈事项 2 项")
	h.press(secretary, list, button(t, list, "#2 撤销"))
	h.wait(secretaryID, "请输入撤销事项 #2 的原因")
	h.say(secretary, "重复登记")
	h.wait(secretaryID, "已撤销事项 #2")
	if c := h.caseOf(1); c.Assignee != h.member(leader2U.ID).ID || c.Log[0].Text != "赵支委出差" {
		t.Errorf("case 1: %+v", c)
	}
	if c := h.caseOf(2); c.State != branchbot.CaseCancelled || c.Log[0].Text != "重复登记" {
		t.Errorf("case 2: %+v", c)
	}
}
