package bot

import "github.com/branchbot/branchbot"

// dutyTexts are the words of the standing duties: coverage of the members
// by talks, standing contacts (五联) and care visits (爱心帮扶).
var dutyTexts = map[string][2]string{
	"case.kind.contact":       {"五联走访", "contact visit"},
	"contact.kind.enterprise": {"企业", "enterprise"},
	"contact.kind.project":    {"项目", "project"},
	"contact.kind.section":    {"科室", "section"},
	"contact.kind.village":    {"村", "village"},
	"contact.kind.activity":   {"社会活动", "social activity"},
	"period.month":            {"每月", "every month"},
	"period.quarter":          {"每季度", "every quarter"},
	"period.half":             {"每半年", "every half-year"},
	"period.year":             {"每年", "every year"},
	"period.months":           {"每 %d 个月", "every %d {month|months}"},
	"case.line.contact":       {"#%d %s · %s：%s · 到期：%s", "#%d %s · %s: %s · due: %s"},
	"case.uncovered":          {"👥 本期（%s）尚未谈心谈话的党员 %d 人：%s", "👥 Not yet talked with this period (%s): %d {member|members}: %s"},
	"contact.usage": {
		"用法：/contact — 查看五联联系点\n/contact add 联系人 类别 名称 — 添加（类别：企业、项目、科室、村、社会活动）\n/contact remove 编号 — 撤销\n例：/contact add 李组长 村 东风村",
		"Usage: /contact — the standing contacts\n/contact add CADRE KIND NAME — add one (KIND: enterprise, project, section, village, activity)\n/contact remove ID — remove one\nE.g. /contact add #7 village Dongfeng",
	},
	"contact.badcadre": {
		"“%s”不能担任联系人：须是已加入的党小组长、支委委员或书记。",
		"“%s” cannot hold a contact: a cadre is a group leader, committee member or secretary who has joined.",
	},
	"contact.added": {
		"已添加五联联系点 #%d：%s（%s），联系人 %s，%s走访一次。本期的走访事项将在工作日的提醒时间登记并通知联系人。",
		"Standing contact #%d added: %s (%s), held by %s, to be visited %s. This period's visit is opened, and the cadre told, at a working day's reminder time.",
	},
	"contact.none":     {"还没有五联联系点。用 /contact add 添加。", "No standing contacts yet. Add one with /contact add."},
	"contact.head":     {"五联联系点 %d 个（%s走访一次，本期 %s）：", "%d standing {contact|contacts} (visited %s; this period %s):"},
	"contact.line":     {"#%d %s：%s · 联系人：%s · %s", "#%d %s: %s · held by %s · %s"},
	"contact.done":     {"本期已走访（%s）", "visited this period (%s)"},
	"contact.due":      {"本期待走访，到期 %s", "visit due by %s"},
	"contact.overdue":  {"⚠️ 已逾期，到期 %s", "⚠️ overdue since %s"},
	"contact.notyet":   {"本期走访事项尚未登记", "this period's visit not yet opened"},
	"contact.notfound": {"找不到联系点 #%s。发送 /contact 查看编号。", "No standing contact #%s. Send /contact for the numbers."},
	"contact.removed":  {"已撤销联系点 #%d（%s）。", "Standing contact #%d (%s) removed."},
	"contact.removed.reason": {
		"五联联系点已撤销",
		"the standing contact was removed",
	},
}

// contactKindName names kind k in l.
func contactKindName(l branchbot.Lang, k branchbot.ContactKind) string {
	return T(l, "contact.kind."+string(k))
}

// periodName says how often something is due, in l: 每季度, every quarter.
func periodName(l branchbot.Lang, months int) string {
	switch months {
	case branchbot.PeriodMonth:
		return T(l, "period.month")
	case branchbot.PeriodQuarter:
		return T(l, "period.quarter")
	case branchbot.PeriodHalf:
		return T(l, "period.half")
	case branchbot.PeriodYear:
		return T(l, "period.year")
	}
	return T(l, "period.months", months)
}

// uncoveredLine is the line of the digest or report listing the members
// no talk covered in the coverage period containing day.
func uncoveredLine(l branchbot.Lang, ms []*branchbot.Member, rules *branchbot.CaseRules, day branchbot.Day) string {
	first, _ := branchbot.PeriodOf(day, rules.Coverage)
	return T(l, "case.uncovered", branchbot.PeriodLabel(first, rules.Coverage), len(ms), namesOf(l, ms))
}

// namesOf lists members' names, separated as l separates them.
func namesOf(l branchbot.Lang, ms []*branchbot.Member) string {
	sep := "、"
	if l == branchbot.LangEN {
		sep = ", "
	}
	s := ""
	for i, m := range ms {
		if i > 0 {
			s += sep
		}
		s += m.Name
	}
	return s
}
