package bot

// /report talks [YYYY-MM|YYYY-Qn]: the secretary's account of the
// conversation-due cases opened in a period (open, done on time, done
// late, overdue, cancelled; by kind and by talker), the members no talk
// has covered, the visits of standing contacts due and done, and the
// care visits given. It is the secretary's only: a case is read by the
// secretary and its talker alone, and a count by talker would tell a
// group leader of cases about other members.

import (
	"fmt"
	"strings"

	"github.com/branchbot/branchbot"
)

var reportTalksTexts = map[string][2]string{
	"rtalks.usage": {
		"用法：/report 谈话 [月份|季度]，例：/report 谈话 %s 或 /report 谈话 %s",
		"Usage: /report talks [YYYY-MM|YYYY-Qn], e.g. /report talks %s or /report talks %s",
	},
	"rtalks.head":   {"📊 谈心谈话统计 · %s（%s）", "📊 Talks report · %s (%s)"},
	"rtalks.future": {"%s 还没开始，没有数据。", "%s has not begun, so there is nothing to report."},
	"rtalks.cases": {
		"事项 %d 项：按时完成 %d · 逾期完成 %d · 待谈 %d · 逾期未谈 %d · 撤销 %d",
		"%d {case|cases}: done on time %d · done late %d · open %d · overdue %d · cancelled %d",
	},
	"rtalks.line":    {"  %s：%d 项（按时 %d · 逾期完成 %d · 待谈 %d · 逾期 %d）", "  %s: %d (on time %d · late %d · open %d · overdue %d)"},
	"rtalks.bykind":  {"按类别：", "By kind:"},
	"rtalks.bytalk":  {"按谈话人：", "By talker:"},
	"rtalks.covered": {"👥 本期（%s）党员均已谈心谈话。", "👥 Every member has been talked with this period (%s)."},
	"rtalks.visits": {
		"🤝 五联走访：应走访 %d · 已走访 %d · 逾期未走访 %d",
		"🤝 Contact visits: due %d · done %d · overdue %d",
	},
	"rtalks.visit.late": {"  ⚠️ %s：%s（%s）", "  ⚠️ %s: %s (%s)"},
	"rtalks.care": {
		"💗 爱心帮扶：全支部 %d 次，共 %s 元",
		"💗 Care visits: %d in the branch, ¥%s in all",
	},
	"rtalks.care.line": {"  %s：%d 次，%s 元", "  %s: %d, ¥%s"},
}

// caseTally counts cases by where they are.
type caseTally struct{ total, onTime, late, open, overdue, cancelled int }

func (t *caseTally) add(c *branchbot.Case, today branchbot.Day) {
	t.total++
	switch {
	case c.State == branchbot.CaseCancelled:
		t.cancelled++
	case c.State == branchbot.CaseDone:
		if tk, ok := c.Talk(); ok && tk.Day > c.Due {
			t.late++
		} else {
			t.onTime++
		}
	case c.Overdue(today):
		t.overdue++
	default:
		t.open++
	}
}

func (r *request) reportTalks(args []string) error {
	if r.member.Role != branchbot.RoleSecretary {
		if err := r.audit("refused", "/report talks needs role secretary", true); err != nil {
			return err
		}
		return r.say("refused.role", "report talks", roleName(r.lang, branchbot.RoleSecretary))
	}
	today := r.today()
	first, last := branchbot.PeriodOf(today, branchbot.PeriodMonth)
	label := branchbot.PeriodLabel(first, branchbot.PeriodMonth)
	if len(args) > 1 {
		return r.sayTalksUsage(today)
	}
	if len(args) == 1 {
		var ok bool
		if first, last, ok = branchbot.ParseReportPeriod(args[0]); !ok {
			return r.sayTalksUsage(today)
		}
		label = strings.ToUpper(args[0])
	}
	if first > today {
		return r.say("rtalks.future", label)
	}
	upto := T(r.lang, "report.whole")
	if last >= today {
		last, upto = today, T(r.lang, "report.upto", today)
	}
	cases, err := r.tx.AllCases()
	if err != nil {
		return err
	}
	members, err := r.tx.Members()
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, m := range members {
		names[m.ID] = m.Name
	}
	name := func(id int64) string {
		if n, ok := names[id]; ok {
			return n
		}
		return fmt.Sprintf("#%d", id)
	}

	var all caseTally
	byKind := map[branchbot.CaseKind]*caseTally{}
	byTalker := map[int64]*caseTally{}
	var talkers []int64
	var visits caseTally
	var lateVisits []string
	for _, c := range cases {
		opened := branchbot.DayOf(c.OpenedAt, r.b.opts.Location)
		if c.Contact != nil {
			if c.Due >= first && c.Due <= last {
				visits.add(c, today)
				if c.Overdue(today) {
					lateVisits = append(lateVisits, T(r.lang, "rtalks.visit.late", name(c.Assignee), c.Contact.Name, c.Due))
				}
			}
			continue
		}
		if opened < first || opened > last {
			continue
		}
		all.add(c, today)
		if byKind[c.Kind] == nil {
			byKind[c.Kind] = &caseTally{}
		}
		byKind[c.Kind].add(c, today)
		if byTalker[c.Assignee] == nil {
			byTalker[c.Assignee] = &caseTally{}
			talkers = append(talkers, c.Assignee)
		}
		byTalker[c.Assignee].add(c, today)
	}

	l := r.lang
	var sb strings.Builder
	sb.WriteString(T(l, "rtalks.head", label, upto))
	sb.WriteString("\n" + T(l, "rtalks.cases", all.total, all.onTime, all.late, all.open, all.overdue, all.cancelled))
	if all.total > 0 {
		sb.WriteString("\n" + T(l, "rtalks.bykind"))
		for _, k := range branchbot.CaseKinds {
			if t := byKind[k]; t != nil {
				sb.WriteString("\n" + T(l, "rtalks.line", caseKindName(l, k), t.total, t.onTime, t.late, t.open, t.overdue))
			}
		}
		sb.WriteString("\n" + T(l, "rtalks.bytalk"))
		for _, id := range talkers {
			t := byTalker[id]
			sb.WriteString("\n" + T(l, "rtalks.line", name(id), t.total, t.onTime, t.late, t.open, t.overdue))
		}
	}
	if rules := r.b.caseRules(); rules.Coverage > 0 {
		cf, cl := branchbot.PeriodOf(last, rules.Coverage)
		if un := branchbot.Uncovered(members, cases, cf, cl); len(un) > 0 {
			sb.WriteString("\n\n" + uncoveredLine(l, un, rules, last))
		} else {
			sb.WriteString("\n\n" + T(l, "rtalks.covered", branchbot.PeriodLabel(cf, rules.Coverage)))
		}
	}
	sb.WriteString("\n\n" + T(l, "rtalks.visits", visits.total, visits.onTime+visits.late, visits.overdue))
	for _, s := range lateVisits {
		sb.WriteString("\n" + s)
	}
	care, err := r.tx.CareVisits()
	if err != nil {
		return err
	}
	branch, byGiver := branchbot.CareTotals(care, first, last)
	sb.WriteString("\n\n" + T(l, "rtalks.care", branch.Visits, branchbot.FormatCents(branch.Cents)))
	for _, m := range members {
		if t, ok := byGiver[m.ID]; ok {
			sb.WriteString("\n" + T(l, "rtalks.care.line", m.Name, t.Visits, branchbot.FormatCents(t.Cents)))
		}
	}
	return r.say(sb.String())
}

func (r *request) sayTalksUsage(today branchbot.Day) error {
	y, m, _ := today.Date()
	return r.say("rtalks.usage", fmt.Sprintf("%04d-%02d", y, m), fmt.Sprintf("%04d-Q%d", y, (int(m)-1)/3+1))
}
