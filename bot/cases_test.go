package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

var (
	leaderU   = telegramtest.User{ID: 2001, FirstName: "李组长", LanguageCode: "zh"}
	committeU = telegramtest.User{ID: 2002, FirstName: "赵支委", LanguageCode: "zh"}
	subjectU  = telegramtest.User{ID: 2003, FirstName: "张三", LanguageCode: "zh"}
	leader2U  = telegramtest.User{ID: 2004, FirstName: "王组长", LanguageCode: "zh"}
	memberU   = telegramtest.User{ID: 2005, FirstName: "孙五", LanguageCode: "zh"}
)

// caseBranch is a bot with case rules (working days, 一组's committee
// member 赵支委) and a branch: 李组长 leads 一组, 王组长 leads 二组, 张三
// and 孙五 are members of 一组.
func caseBranch(t *testing.T, clk *clocktest.Clock) (*harness, func(time.Time)) {
	t.Helper()
	return caseBranchWith(t, clk, nil)
}

// caseBranchWith is caseBranch with its case rules changed by edit.
func caseBranchWith(t *testing.T, clk *clocktest.Clock, edit func(*branchbot.CaseRules)) (*harness, func(time.Time)) {
	t.Helper()
	h := newStudyHarness(t, clk, testRules())
	rules := &branchbot.CaseRules{
		Calendar:           branchbot.WorkCalendar{Enabled: true},
		CommitteeForGroups: map[string]string{"一组": "赵支委"},
	}
	if edit != nil {
		edit(rules)
	}
	for _, p := range []struct {
		u     telegramtest.User
		role  branchbot.Role
		group string
	}{{leaderU, branchbot.RoleLeader, "一组"}, {committeU, branchbot.RoleCommittee, ""}, {subjectU, branchbot.RoleMember, "一组"},
		{leader2U, branchbot.RoleLeader, "二组"}, {memberU, branchbot.RoleMember, "一组"}} {
		h.say(secretary, "/invite "+p.u.FirstName)
		link := h.wait(secretaryID, "已为“"+p.u.FirstName+"”生成邀请链接")
		h.say(p.u, "/start "+linkRE.FindStringSubmatch(link.Text)[2])
		h.wait(p.u.ID, "欢迎您")
		m := h.member(p.u.ID)
		if err := h.db.Update(func(tx *store.Tx) error {
			m.Role, m.Group = p.role, p.group
			return tx.PutMember(m)
		}); err != nil {
			t.Fatal(err)
		}
	}
	h.settle()
	h.restart(func() { h.opts.Cases = rules })
	sched, err := schedule.New(schedule.Options{
		Store: h.db, Now: clk.Now, Location: shanghai,
		Rules:  testRules(),
		Prompt: mustSpec(t, "59 23 * * *"),
		Quiet:  branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}},
		Cases:  schedule.CaseOptions{Renderer: h.bot, Rules: rules},
		Notify: h.bot.Kick,
	})
	if err != nil {
		t.Fatal(err)
	}
	return h, func(at time.Time) {
		t.Helper()
		clk.Set(at)
		if _, err := sched.TickCases(at); err != nil {
			t.Fatal(err)
		}
		h.settle()
	}
}

func (h *harness) caseOf(id int64) *branchbot.Case {
	h.t.Helper()
	var c *branchbot.Case
	h.view(func(tx *store.Tx) (err error) { c, err = tx.Case(id); return err })
	return c
}

func (h *harness) refusals() int {
	n := 0
	h.view(func(tx *store.Tx) error {
		es, err := tx.LatestAudit(200)
		for _, e := range es {
			if e.Refused {
				n++
			}
		}
		return err
	})
	return n
}

// TestCaseEndToEnd: a hospital case opened on a Friday goes to the group
// leader at once; reminders skip the weekend; it goes overdue and reaches
// the secretary's digest; the talk is logged across a restart with a
// follow-up; and the member concerned receives nothing at all.
func TestCaseEndToEnd(t *testing.T) {
	clk := clocktest.New(local(2026, 10, 2, 15, 0)) // a Friday
	h, tick := caseBranch(t, clk)
	subjectBefore := len(h.botMessages(subjectU.ID))

	h.say(secretary, "/event 张三 生病住院 住市一院")
	preview := h.wait(secretaryID, "请确认谈话事项")
	if !strings.Contains(preview.Text, "谈话人：李组长") || !strings.Contains(preview.Text, "到期：2026-10-07") {
		t.Errorf("preview:\n%s", preview.Text)
	}
	h.press(secretary, preview, button(t, preview, "确认"))
	h.wait(secretaryID, "已登记，已通知谈话人")
	told := h.wait(leaderU.ID, "新的谈心谈话事项")
	for _, w := range []string{"生病住院", "张三", "住市一院", "2026-10-07"} {
		if !strings.Contains(told.Text, w) {
			t.Errorf("talker's notice lacks %q:\n%s", w, told.Text)
		}
	}
	c := h.caseOf(1)
	if c.State != branchbot.CaseOpen || c.Assignee != h.member(leaderU.ID).ID {
		t.Fatalf("case: %+v", c)
	}

	count := func(u int64, want string) int {
		n := 0
		for _, m := range h.botMessages(u) {
			if strings.Contains(m.Text, want) {
				n++
			}
		}
		return n
	}
	tick(local(2026, 10, 2, 16, 0)) // the day it opened
	tick(local(2026, 10, 3, 9, 0))  // Saturday
	tick(local(2026, 10, 4, 9, 0))  // Sunday
	tick(local(2026, 10, 5, 8, 59)) // Monday, before the time
	tick(local(2026, 10, 5, 9, 0))  // the reminder
	tick(local(2026, 10, 5, 9, 1))  // once
	tick(local(2026, 10, 6, 9, 0))  // Tuesday
	tick(local(2026, 10, 7, 9, 0))  // Wednesday, due
	tick(local(2026, 10, 8, 9, 0))  // Thursday: overdue
	tick(local(2026, 10, 8, 10, 0)) // the digest once a day
	if n := count(leaderU.ID, "谈心谈话提醒"); n != 4 {
		t.Errorf("%d reminders Mon–Thu, want 4:\n%s", n, h.srv.Transcript(leaderU.ID))
	}
	if n := count(secretaryID, "逾期未谈"); n != 1 {
		t.Errorf("%d digests, want 1:\n%s", n, h.srv.Transcript(secretaryID))
	}
	digest := h.wait(secretaryID, "逾期未谈")
	if !strings.Contains(digest.Text, "🆕") || !strings.Contains(digest.Text, "已逾期 1 天") || !strings.Contains(digest.Text, "谈话人：李组长") {
		t.Errorf("digest:\n%s", digest.Text)
	}

	// Friday: the talk is logged, and the bot restarts in the middle.
	tick(local(2026, 10, 9, 9, 0))
	reminder, _ := h.lastBot(leaderU.ID, "谈心谈话提醒")
	h.press(leaderU, reminder, button(t, reminder, "已谈话"))
	h.wait(leaderU.ID, "谈话是哪天")
	h.restart(nil)
	h.say(leaderU, "昨天")
	mode := h.wait(leaderU.ID, "谈话方式")
	h.press(leaderU, mode, button(t, mode, "电话"))
	h.wait(leaderU.ID, "简要记录")
	h.say(leaderU, "已电话慰问，恢复良好")
	fu := h.wait(leaderU.ID, "是否需要跟进")
	h.press(leaderU, fu, button(t, fu, "设定日期"))
	h.wait(leaderU.ID, "跟进须在哪天前完成")
	h.say(leaderU, "10-20")
	done := h.wait(leaderU.ID, "已登记事项 #1 的谈话")
	if !strings.Contains(done.Text, "2026-10-08") || !strings.Contains(done.Text, "电话") || !strings.Contains(done.Text, "跟进事项 #2，到期 2026-10-20") {
		t.Errorf("done:\n%s", done.Text)
	}
	c = h.caseOf(1)
	talk, ok := c.Talk()
	if c.State != branchbot.CaseDone || !ok || talk.Mode != branchbot.ModePhone || talk.Text != "已电话慰问，恢复良好" || talk.FollowUp != 2 {
		t.Errorf("case 1 after the talk: %+v", c)
	}
	f := h.caseOf(2)
	if !f.Open() || f.FollowUpOf != 1 || f.Assignee != c.Assignee || f.Subject != c.Subject || f.Due.String() != "2026-10-20" {
		t.Errorf("follow-up: %+v", f)
	}
	tick(local(2026, 10, 12, 9, 0)) // Monday: case 1 done, the follow-up reminded
	if n := count(leaderU.ID, "#1 生病住院"); n != 4+1+1 {
		t.Errorf("case 1 reminded after it was done:\n%s", h.srv.Transcript(leaderU.ID))
	}
	if n := count(leaderU.ID, "#2 生病住院"); n != 1 {
		t.Errorf("follow-up reminders %d, want 1", n)
	}

	// The member concerned was told nothing at all.
	if got := h.botMessages(subjectU.ID); len(got) != subjectBefore {
		t.Errorf("the member concerned got %d messages:\n%s", len(got)-subjectBefore, h.srv.Transcript(subjectU.ID))
	}
}

// TestCaseAssignment: each rule of assignment through /event, and a
// talker named by the opener.
func TestCaseAssignment(t *testing.T) {
	clk := clocktest.New(local(2026, 10, 5, 10, 0))
	h, _ := caseBranch(t, clk)
	for _, tt := range []struct {
		who  telegramtest.User
		cmd  string
		want string
	}{
		{secretary, "/event 孙五 批评处分", "谈话人：王书记"},
		{secretary, "/event 孙五 hospital", "谈话人：李组长"},
		{secretary, "/event 孙五 婚丧嫁娶", "谈话人：赵支委"},
		{secretary, "/event 李组长 生病住院", "谈话人：赵支委"}, // the leader's own stay
		{leaderU, "/event 孙五 家庭变故 → 王组长", "谈话人：王组长"},
	} {
		h.say(tt.who, tt.cmd)
		m := h.wait(tt.who.ID, "请确认谈话事项")
		if !strings.Contains(m.Text, tt.want) {
			t.Errorf("%s: preview\n%s\nwant %q", tt.cmd, m.Text, tt.want)
		}
		h.press(tt.who, m, button(t, m, "取消"))
	}
	// A group leader opens cases about their own group only.
	h.say(leader2U, "/event 孙五 生病住院")
	h.wait(leader2U.ID, "不能为“孙五”登记")
	// Change the talker with the buttons.
	h.say(secretary, "/event 孙五 评优表彰")
	m := h.wait(secretary.ID, "请确认谈话事项")
	h.press(secretary, m, button(t, m, "换谈话人"))
	m = h.wait(secretary.ID, "请选择谈话人")
	h.press(secretary, m, button(t, m, "王组长"))
	m = h.wait(secretary.ID, "谈话人：王组长")
	h.press(secretary, m, button(t, m, "确认"))
	h.wait(leader2U.ID, "评优表彰")
}

// TestCasePrivacy: a member, another talker, a forwarded button and
// guessed callback data all get nothing about a case, and each attempt
// is audited; the secretary reassigns and cancels with a reason.
func TestCasePrivacy(t *testing.T) {
	clk := clocktest.New(local(2026, 10, 5, 10, 0))
	h, _ := caseBranch(t, clk)
	h.say(secretary, "/event 张三 家庭变故 父亲病故")
	m := h.wait(secretaryID, "请确认谈话事项")
	h.press(secretary, m, button(t, m, "确认"))
	told := h.wait(committeU.ID, "新的谈心谈话事项")
	talkData := button(t, told, "已谈话")
	refused := h.refusals()

	h.say(memberU, "/talks")
	h.wait(memberU.ID, "仅限")
	h.say(memberU, "/talked 1")
	h.settle()
	h.say(leader2U, "/talked 1")
	h.wait(leader2U.ID, "找不到您可查看的事项 #1")
	h.say(leader2U, "/talks")
	h.wait(leader2U.ID, "目前没有待谈的事项")
	// 赵支委 forwards the message with the button; 王组长 presses it.
	h.srv.Press(leader2U, leader2U.ID, 1, talkData)
	h.settle()
	// 王组长 makes up data for his own id.
	guessed := branchbot.Callback{Action: "ctalk", Owner: h.member(leader2U.ID).ID, Arg: "1"}.MustEncode()
	h.srv.Press(leader2U, leader2U.ID, 1, guessed)
	guessedDraft := branchbot.Callback{Action: "evgo", Owner: h.member(leader2U.ID).ID, Arg: "1"}.MustEncode()
	h.srv.Press(leader2U, leader2U.ID, 1, guessedDraft)
	h.settle()
	if got := h.refusals() - refused; got != 6 {
		t.Errorf("%d refusals audited, want 6 (member ×2, talker by command, forwarded, guessed ×2)", got)
	}
	for _, u := range []telegramtest.User{memberU, leader2U, subjectU} {
		for _, msg := range h.botMessages(u.ID) {
			if strings.Contains(msg.Text, "父亲病故") || strings.Contains(msg.Text, "家庭变故") {
				t.Errorf("%s read the case:\n%s", u.FirstName, msg.Text)
			}
		}
	}
	if c := h.caseOf(1); c.State != branchbot.CaseOpen || len(c.Log) != 0 {
		t.Errorf("the case changed: %+v", c)
	}
	h.say(leader2U, "/talks cancel 1 不需要")
	h.wait(leader2U.ID, "仅限")

	// The secretary sees every open case, by talker; reassigns; cancels.
	h.say(secretary, "/talks")
	h.wait(secretaryID, "谈话人：赵支委")
	h.say(secretary, "/talks reassign 1 李组长 赵支委出差")
	h.wait(secretaryID, "已将事项 #1 改派给 李组长")
	h.wait(leaderU.ID, "父亲病故")
	h.wait(committeU.ID, "已由书记改派给他人")
	h.say(committeU, "/talked 1")
	h.wait(committeU.ID, "找不到您可查看的事项 #1")
	h.say(secretary, "/talks cancel 1 重复登记")
	h.wait(secretaryID, "已撤销事项 #1")
	h.wait(leaderU.ID, "已由书记撤销")
	var actions []string
	h.view(func(tx *store.Tx) error {
		es, err := tx.LatestAudit(50)
		for _, e := range es {
			if strings.HasPrefix(e.Action, "case.") {
				actions = append(actions, e.Action+" "+e.Detail)
			}
		}
		return err
	})
	if len(actions) != 3 || !strings.Contains(actions[0], "重复登记") || !strings.Contains(actions[1], "赵支委出差") {
		t.Errorf("audit: %q", actions)
	}
	if got := h.botMessages(subjectU.ID); len(got) != 1 {
		t.Errorf("the member concerned got messages:\n%s", h.srv.Transcript(subjectU.ID))
	}
}
