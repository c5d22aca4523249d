package bot

// /care logs a care visit or help given (爱心帮扶): who gave it, to whom
// (a member, or someone of the public named in words), what, and an
// amount if any. A member logs their own; group leaders and above log
// anyone's. The monthly totals per person and for the branch are in
// /report talks, which only the secretary reads.

import (
	"fmt"
	"strings"

	"github.com/branchbot/branchbot"
)

var careTexts = map[string][2]string{
	"care.usage": {
		"用法：/care 党员 帮扶对象 内容 [金额]\n帮扶对象可以是党员，也可以是群众（写名字或说明）。党员只能登记自己的帮扶。\n例：/care 张三 王大爷 送米面油 300元",
		"Usage: /care WHO TO_WHOM WHAT [AMOUNT]\nTO_WHOM is a member or someone of the public (a name or a few words). A member logs their own care visits only.\nE.g. /care me \"Old Wang\" groceries 300",
	},
	"care.refused": {
		"党员只能登记自己的帮扶，“%s”的帮扶请由其本人或党小组长登记。",
		"A member logs their own care visits only; %s's are logged by them or a group leader.",
	},
	"care.logged": {
		"已登记爱心帮扶 #%d：%s → %s，%s%s（%s）。",
		"Care visit #%d logged: %s → %s, %s%s (%s).",
	},
	"care.amount": {"，%s 元", ", ¥%s"},
	"care.month": {
		"%s本月（%s）帮扶 %d 次，共 %s 元。",
		"%s this month (%s): %d care {visit|visits}, ¥%s in all.",
	},
}

// care handles /care WHO TO_WHOM WHAT [AMOUNT].
func (r *request) care(args []string) error {
	if len(args) < 3 {
		return r.say("care.usage")
	}
	var giver *branchbot.Member
	switch strings.ToLower(args[0]) {
	case "me", "我", "本人":
		giver = r.member
	default:
		m, ok, err := r.findMember(args[0])
		if !ok {
			return err
		}
		giver = m
	}
	if giver.ID != r.member.ID && !r.member.Is(branchbot.RoleLeader) {
		if err := r.audit("refused", fmt.Sprintf("/care for #%d by a member", giver.ID), true); err != nil {
			return err
		}
		return r.say("care.refused", giver.Name)
	}
	v := &branchbot.CareVisit{Day: r.today(), By: r.member.ID, Giver: giver.ID, At: r.now}
	to := args[1]
	if m, err := r.tx.FindMember(to); err == nil {
		v.ToMember, to = m.ID, m.Name
	} else {
		v.ToName = to
	}
	what := args[2:]
	if len(what) > 1 {
		if cents, ok := branchbot.ParseAmount(what[len(what)-1]); ok {
			v.Cents, what = cents, what[:len(what)-1]
		}
	}
	v.What = strings.Join(what, " ")
	if len([]rune(v.What)) > branchbot.MaxCaseText {
		v.What = string([]rune(v.What)[:branchbot.MaxCaseText])
	}
	if err := r.tx.AddCareVisit(v); err != nil {
		return err
	}
	if err := r.audit("care", fmt.Sprintf("#%d by #%d to %s, %s yuan", v.ID, giver.ID, to, branchbot.FormatCents(v.Cents)), false); err != nil {
		return err
	}
	amount := ""
	if v.Cents > 0 {
		amount = T(r.lang, "care.amount", branchbot.FormatCents(v.Cents))
	}
	text := T(r.lang, "care.logged", v.ID, giver.Name, to, v.What, amount, v.Day)
	visits, err := r.tx.CareVisits()
	if err != nil {
		return err
	}
	first, last := branchbot.PeriodOf(v.Day, branchbot.PeriodMonth)
	_, by := branchbot.CareTotals(visits, first, last)
	t := by[giver.ID]
	text += "\n" + T(r.lang, "care.month", giver.Name, branchbot.PeriodLabel(first, branchbot.PeriodMonth), t.Visits, branchbot.FormatCents(t.Cents))
	return r.say(text)
}
