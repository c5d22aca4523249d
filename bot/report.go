package bot

// /me and /report study: streaks and completion, read from the study
// history.

import (
	"fmt"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
)

// stripDays is how many days /me draws.
const stripDays = 30

var reportTexts = map[string][2]string{
	"me.head":      {"📊 %s的学习记录", "📊 Study record of %s"},
	"me.streak":    {"🔥 连续学习 %d 天 · 最长 %d 天", "🔥 Streak: %d {day|days} · longest: %d {day|days}"},
	"me.month":     {"📅 本月已学 %d/%d 天", "📅 This month: %d of %d {day|days}"},
	"me.minutes":   {"⏱ 累计学习 %d 分钟", "⏱ Total study: %d {minute|minutes}"},
	"me.next":      {"📖 下一节：第%d节《%s》", "📖 Next: section %d, “%s”"},
	"me.strip":     {"近 %d 天（左旧右新）：", "Last %d {day|days} (oldest first):"},
	"me.legend":    {"■ 已学  □ 未学  · 休息/暂停/免计", "■ done  □ missed  · rest, paused or excused"},
	"report.usage": {"用法：/report [学习] [YYYY-MM]，例如 /report 学习 %s", "Usage: /report study [YYYY-MM], e.g. /report study %s"},
	"report.badmonth": {
		"“%s”不是有效的月份。请写成 YYYY-MM，例如 /report 学习 %s",
		"“%s” is not a month. Write it as YYYY-MM, e.g. /report study %s",
	},
	"report.future": {"%s 还没开始，没有数据。请选本月或以前的月份。", "%s has not begun, so there is nothing to report. Choose this month or an earlier one."},
	"report.head":   {"📊 学习统计 · %s（%s）· %s", "📊 Study report · %s (%s) · %s"},
	"report.upto":   {"截至 %s", "up to %s"},
	"report.whole":  {"全月", "whole month"},
	"report.branch": {"全支部", "whole branch"},
	"report.group":  {"党小组：%s", "group: %s"},
	"report.totals": {
		"共 %d 人 · 已学 %d/%d 人次（%s）· 本月一次未学：%d 人",
		"%d {member|members} · %d of %d {member-day|member-days} done (%s) · not studied once this month: %d",
	},
	"report.subtotal": {
		"【%s】%d 人 · 已学 %d/%d 人次（%s）· 本月一次未学：%d 人",
		"[%s] %d {member|members} · %d of %d {member-day|member-days} done (%s) · not studied once this month: %d",
	},
	"report.directive": {"📜 指示精神传达 #%d（%s）：已阅 %d/%d", "📜 Directives #%d (%s): read by %d of %d"},
	"report.unreach":   {" ⚠️ 无法送达%s", " ⚠️ unreachable%s"},
	"report.botmissed": {"⚠️ 机器人停止运行，漏发 %d 人次的提醒（不计入应学）", "⚠️ %d {member-day|member-days} missed by the bot while it was down (not counted as due)"},
	"report.line":      {"%s · %d/%d 天 · 连续 %d 天 · %s", "%s · %d/%d {day|days} · streak %d · %s"},
	"report.never":     {"从未打卡", "never done"},
	"report.last":      {"最近 %s", "last done %s"},
	"report.empty":     {"还没有党员加入。", "No members have joined yet."},
}

// studyRecord is one member's study history from their first study day to
// today.
type studyRecord struct {
	first    branchbot.Day
	days     []branchbot.StudyDay // days[i] is day first+i
	statuses []branchbot.DayStatus
}

// firstDay is the member's first study day: the day they joined, as the
// plan records it, or for members older than that record, the day the
// member record says they joined.
func (r *request) firstDay(m *branchbot.Member, p *branchbot.StudyPlan, today branchbot.Day) branchbot.Day {
	switch {
	case p.JoinedDay != 0:
		return p.JoinedDay
	case !m.JoinedAt.IsZero():
		return branchbot.DayOf(m.JoinedAt, r.b.opts.Location)
	}
	return today
}

// record reads a member's history up to today.
func (r *request) record(m *branchbot.Member, p *branchbot.StudyPlan, today branchbot.Day) (*studyRecord, error) {
	return r.recordWith(r.tx.StudyHistory, m, p, today)
}

// recordWith is record reading the history with read: StudyHistory, or
// for many members in id order Histories.Get.
func (r *request) recordWith(read func(int64, branchbot.Day, branchbot.Day) ([]branchbot.StudyDay, error),
	m *branchbot.Member, p *branchbot.StudyPlan, today branchbot.Day) (*studyRecord, error) {
	rec := &studyRecord{first: r.firstDay(m, p, today)}
	days, err := read(m.ID, rec.first, today)
	if err != nil {
		return nil, err
	}
	rec.days, rec.statuses = days, statusesOf(days)
	return rec, nil
}

// statusesOf returns the statuses of days.
func statusesOf(days []branchbot.StudyDay) []branchbot.DayStatus {
	out := make([]branchbot.DayStatus, len(days))
	for i, d := range days {
		out[i] = d.Status
	}
	return out
}

// upTo returns the statuses up to and including day last.
func (s *studyRecord) upTo(last branchbot.Day) []branchbot.DayStatus {
	n := int(last) - int(s.first) + 1
	if n <= 0 {
		return nil
	}
	return s.statuses[:min(n, len(s.statuses))]
}

// lastDone is the latest day marked done, or 0.
func (s *studyRecord) lastDone() branchbot.Day {
	for i := len(s.days) - 1; i >= 0; i-- {
		if s.days[i].Status == branchbot.DayDone {
			return s.first + branchbot.Day(i)
		}
	}
	return 0
}

// count counts the days from first to last, inclusive, recorded with
// status st.
func (s *studyRecord) count(st branchbot.DayStatus, first, last branchbot.Day) int {
	n := 0
	for i, d := range s.days {
		if day := s.first + branchbot.Day(i); first <= day && day <= last && d.Status == st {
			n++
		}
	}
	return n
}

// streaks computes a member's streaks as of today, as a done press shows
// them. It reads the days from the member's streak mark on, not from their
// first day, and moves the mark to the latest settled month: a year-old
// branch's presses would otherwise each read a year.
func (r *request) streaks(m *branchbot.Member, p *branchbot.StudyPlan, today branchbot.Day) (branchbot.StreakStats, error) {
	rules := r.b.opts.Study.Streaks
	first, fp := r.firstDay(m, p, today), rules.Fingerprint()
	from, fold := first, branchbot.StreakFold{}
	// A mark that does not decode is only a cache lost: start over.
	if mark, ok, _ := r.tx.StreakMark(m.ID); ok && mark.First == first && mark.Rules == fp && first <= mark.Upto && mark.Upto <= today {
		from, fold = mark.Upto, mark.StreakFold
	}
	days, err := r.tx.StudyHistory(m.ID, from, today)
	if err != nil {
		return branchbot.StreakStats{}, err
	}
	settled := branchbot.SettledMonth(today)
	st, at := branchbot.ComputeStreaksFrom(fold, from, statusesOf(days), today, rules, settled)
	if settled > from {
		mark := branchbot.StreakMark{First: first, Upto: settled, Rules: fp, StreakFold: at}
		if err := r.tx.PutStreakMark(m.ID, mark); err != nil {
			return branchbot.StreakStats{}, err
		}
	}
	return st, nil
}

// me handles /me: the member's own study record.
func (r *request) me(_ []string) error {
	if s := r.b.opts.Study; s == nil || s.Handbook == nil {
		return r.meWithoutStudy() // report_quiz.go
	}
	rules := r.b.opts.Study
	p, err := r.studyPlan(r.member)
	if err != nil {
		return err
	}
	today := r.today()
	rec, err := r.record(r.member, p, today)
	if err != nil {
		return err
	}
	st := branchbot.ComputeStreaks(rec.first, rec.statuses, today, rules.Streaks)
	total := 0
	for _, d := range rec.days {
		if d.Status == branchbot.DayDone {
			total += int(d.Minutes)
		}
	}
	resolved := rules.Streaks.Resolve(rec.first, rec.statuses, today)
	l := r.lang
	lines := []string{
		T(l, "me.head", r.member.Name),
		T(l, "me.streak", st.Current, st.Longest),
		T(l, "me.month", st.DoneThisMonth, st.DueThisMonth),
		T(l, "me.minutes", total),
	}
	if i := p.NextSection(rules.Handbook); i >= 0 {
		lines = append(lines, T(l, "me.next", i+1, sectionTitle(l, &rules.Handbook.Sections[i])))
	}
	desc, err := r.studyTimeDesc(p, today)
	if err != nil {
		return err
	}
	lines = append(lines, desc)
	directives, err := r.directiveLines(today)
	if err != nil {
		return err
	}
	lines = append(lines, directives...)
	notes, err := r.myNotes(today)
	if err != nil {
		return err
	}
	lines = append(lines, notes...)
	quiz, err := r.myQuizLines() // report_quiz.go
	if err != nil {
		return err
	}
	lines = append(lines, quiz...)
	lines = append(lines,
		"",
		T(l, "me.strip", stripDays),
		branchbot.Strip(rec.first, resolved, today, stripDays),
		T(l, "me.legend"),
	)
	return r.send(&branchbot.Outgoing{Text: strings.Join(lines, "\n")})
}

// reportLine is one member's row of /report study.
type reportLine struct {
	id        int64
	name      string // as shown, with a mark when unreachable
	sortName  string
	group     string
	done, due int
	botMissed int // days of the month the bot was down at the member's time
	streak    int
	lastDone  branchbot.Day
}

// report handles /report [study] [YYYY-MM]: each member's completion of a
// month, for the whole branch (secretary, committee) or the asker's group
// (a group leader).
func (r *request) report(args []string) error {
	if len(args) > 0 && (strings.EqualFold(args[0], "meetings") || args[0] == "会议") {
		return r.reportMeetings(args[1:]) // report_meetings.go
	}
	if len(args) > 0 && (strings.EqualFold(args[0], "talks") || args[0] == "谈话") {
		return r.reportTalks(args[1:])
	}
	if len(args) > 0 && (strings.EqualFold(args[0], "quiz") || args[0] == "考学") {
		return r.reportQuiz(args[1:]) // report_quiz.go
	}
	if ok, err := r.studyOn(); !ok {
		return err
	}
	today := r.today()
	ty, tm, _ := today.Date()
	example := fmt.Sprintf("%04d-%02d", ty, tm)
	if len(args) > 0 && (strings.EqualFold(args[0], "study") || args[0] == "学习") {
		args = args[1:]
	}
	if len(args) > 1 {
		return r.say("report.usage", example)
	}
	y, m := ty, tm
	if len(args) == 1 {
		t, err := time.Parse("2006-01", args[0])
		if err != nil {
			return r.say("report.badmonth", args[0], example)
		}
		y, m = t.Year(), t.Month()
	}
	label := fmt.Sprintf("%04d-%02d", y, m)
	monthStart := branchbot.DayOf(time.Date(y, m, 1, 12, 0, 0, 0, time.UTC), nil)
	monthEnd := branchbot.DayOf(time.Date(y, m+1, 1, 12, 0, 0, 0, time.UTC), nil) - 1
	if monthStart > today {
		return r.say("report.future", label)
	}
	last := min(monthEnd, today)

	all, err := r.tx.Members()
	if err != nil {
		return err
	}
	scope := T(r.lang, "report.branch")
	if !r.member.SeesBranch() {
		g := r.member.Group
		if g == "" {
			g = T(r.lang, "members.nogroup")
		}
		scope = T(r.lang, "report.group", g)
	}
	rules := r.b.opts.Study.Streaks
	hist := r.tx.Histories() // all is in member id order
	var lines []reportLine
	for _, m := range all {
		if !m.Bound() || !r.member.Sees(m) {
			continue
		}
		p, err := r.studyPlan(m)
		if err != nil {
			return err
		}
		rec, err := r.recordWith(hist.Get, m, p, today)
		if err != nil {
			return err
		}
		now := branchbot.ComputeStreaks(rec.first, rec.statuses, today, rules)
		month := now
		if last != today {
			month = branchbot.ComputeStreaks(rec.first, rec.upTo(last), last, rules)
		}
		name := m.Name
		if m.Unreachable {
			// Why they have nothing lately: the bot cannot reach them.
			name += T(r.lang, "report.unreach", whyText(r.lang, m.UnreachableWhy))
		}
		leave, err := r.leaveNote(m, p, rec, monthStart, last, today)
		if err != nil {
			return err
		}
		name += leave
		lines = append(lines, reportLine{
			id: m.ID, name: name, sortName: m.Name, group: m.Group, done: month.DoneThisMonth, due: month.DueThisMonth,
			botMissed: rec.count(branchbot.DayBotMissed, monthStart, last),
			streak:    now.Current, lastDone: rec.lastDone(),
		})
	}
	if len(lines) == 0 {
		return r.say("report.empty")
	}
	sortReport(lines)
	done, due, idle, botMissed := reportSums(lines)
	span := T(r.lang, "report.upto", last)
	if last == monthEnd {
		span = T(r.lang, "report.whole")
	}
	var sb strings.Builder
	sb.WriteString(T(r.lang, "report.head", label, span, scope))
	sb.WriteString("\n" + T(r.lang, "report.totals", len(lines), done, due, shareOf(done, due), idle))
	if botMissed > 0 {
		sb.WriteString("\n" + T(r.lang, "report.botmissed", botMissed))
	}
	acks, err := r.directiveAcks(lines, monthStart, monthEnd)
	if err != nil {
		return err
	}
	for _, a := range acks {
		sb.WriteString("\n" + a)
	}
	r.reportGroups(&sb, lines)
	if err := r.send(&branchbot.Outgoing{Text: sb.String()}); err != nil {
		return err
	}
	return r.sendChart(r.b.studyChartMessage(r.member, label, r.lang), due > 0) // report_charts.go
}

// directiveAcks lists the month's directives (指示精神传达) with how many of
// the members of the report have acknowledged each.
func (r *request) directiveAcks(lines []reportLine, first, last branchbot.Day) ([]string, error) {
	from, to := first.Time(r.b.opts.Location), (last + 1).Time(r.b.opts.Location)
	recent, err := r.tx.RecentBroadcasts(catchUpScan)
	if err != nil {
		return nil, err
	}
	in := make(map[int64]bool, len(lines))
	for _, ln := range lines {
		in[ln.id] = true
	}
	var out []string
	for i := len(recent) - 1; i >= 0; i-- {
		bc := recent[i]
		if bc.Kind != branchbot.BroadcastDirective || bc.SentAt.Before(from) || !bc.SentAt.Before(to) {
			continue
		}
		rs, err := r.tx.Recipients(bc.ID)
		if err != nil {
			return nil, err
		}
		total, acked := 0, 0
		for _, rc := range rs {
			if !in[rc.MemberID] {
				continue
			}
			total++
			if !rc.AckedAt.IsZero() {
				acked++
			}
		}
		if total > 0 {
			out = append(out, T(r.lang, "report.directive", bc.ID, bc.SentAt.In(r.b.opts.Location).Format("01-02"), acked, total))
		}
	}
	return out, nil
}
