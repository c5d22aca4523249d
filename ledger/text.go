package ledger

// The ledger's words in Chinese and English: sheet names, headings, the
// marks of the study register.

import (
	"fmt"

	"github.com/branchbot/branchbot"
)

var texts = map[string][2]string{
	"ledger.title":   {"支部台账", "Branch ledger"},
	"sheet.summary":  {"汇总", "Summary"},
	"sheet.study":    {"学习台账", "Study register"},
	"sheet.notes":    {"学习心得", "Study notes"},
	"sheet.meetings": {"签到表", "Sign-in registers"},
	"sheet.talks":    {"谈心谈话记录", "Talk records"},
	"sheet.notices":  {"通知与指示精神", "Notices"},
	"sheet.quiz":     {"考学成绩", "Quiz scores"},
	"sheet.audit":    {"审计日志", "Audit log"},

	"col.no":    {"序号", "No."},
	"col.name":  {"姓名", "Name"},
	"col.group": {"党小组", "Group"},
	"col.date":  {"日期", "Date"},
	"nogroup":   {"未分组", "no group"},

	"mark.done":   {"✓", "✓"},
	"mark.late":   {"催", "R"},
	"mark.missed": {"✗", "✗"},
	"mark.bot":    {"漏", "B"},
	"mark.leave":  {"假", "L"},
	"mark.rest":   {"休", "-"},
	"mark.skip":   {"免", "S"},
	"study.legend": {
		"%s 已学　%s 催学后完成　%s 未学　%s 机器人漏发（不计应学）　%s 请假　%s 休息日　%s 免学（每月额度）",
		"%s done · %s done after the reminder · %s missed · %s missed by the bot (not due) · %s leave · %s rest day · %s skip day (monthly budget)",
	},
	"study.done":       {"已学", "Done"},
	"study.late":       {"其中催学后", "After reminder"},
	"study.missed":     {"未学", "Missed"},
	"study.botmissed":  {"漏发", "Bot missed"},
	"study.leave":      {"请假", "Leave"},
	"study.due":        {"应学", "Due"},
	"study.rate":       {"完成率", "Rate"},
	"study.reasons":    {"请假事由", "Leave and reason"},
	"study.grouptotal": {"党小组合计", "Group total"},
	"study.total":      {"合计", "Total"},
	"study.daydone":    {"当日已学", "Done that day"},
	"study.daydue":     {"当日应学", "Due that day"},
	"study.none":       {"本期没有党员的学习记录。", "No member has a study record in this period."},
	"wd.0":             {"日", "Su"},
	"wd.1":             {"一", "Mo"},
	"wd.2":             {"二", "Tu"},
	"wd.3":             {"三", "We"},
	"wd.4":             {"四", "Th"},
	"wd.5":             {"五", "Fr"},
	"wd.6":             {"六", "Sa"},
	"notes.text":       {"学习心得", "Note"},
	"notes.none":       {"本期没有学习心得。", "No study notes in this period."},

	"mt.none":              {"本期没有已召开的会议。", "No meeting was held in this period."},
	"mt.invited":           {"应到", "Invited"},
	"mt.answer":            {"答复", "Answer"},
	"mt.checkin":           {"签到时间", "Signed in"},
	"mt.presence":          {"出席情况", "Presence"},
	"mt.reason":            {"请假事由", "Leave reason"},
	"mt.madeup":            {"补课时间", "Made up"},
	"mt.note":              {"补课体会", "Make-up note"},
	"mt.item":              {"议题", "Agenda item"},
	"mt.by":                {"提出人", "Raised by"},
	"mt.decision":          {"决定", "Decision"},
	"mt.lateitem":          {"（逾期补报）", " (added after the deadline)"},
	"presence.attended":    {"出席", "Attended"},
	"presence.leave":       {"请假", "Leave"},
	"presence.madeup":      {"已补课", "Made up"},
	"presence.absent":      {"缺席", "Absent"},
	"answer.":              {"", ""},
	"answer.attend":        {"参加", "Attend"},
	"answer.leave":         {"请假", "Leave"},
	"reason.trip":          {"出差", "Business trip"},
	"reason.sick":          {"病假", "Sick"},
	"reason.personal":      {"事假", "Personal"},
	"reason.other":         {"其他", "Other"},
	"approval.pending":     {"待批准", "awaiting approval"},
	"approval.granted":     {"已批准", "approved"},
	"approval.refused":     {"未批准", "refused"},
	"talk.cases":           {"谈心谈话事项", "Conversation cases"},
	"talk.visits":          {"五联走访", "Standing contact visits"},
	"talk.care":            {"爱心帮扶", "Care visits"},
	"talk.none":            {"本期没有。", "None in this period."},
	"talk.kind":            {"类别", "Kind"},
	"talk.subject":         {"对象", "With"},
	"talk.talker":          {"谈话人", "Talker"},
	"talk.opened":          {"登记日期", "Opened"},
	"talk.due":             {"应谈日期", "Due"},
	"talk.day":             {"谈话日期", "Held"},
	"talk.mode":            {"方式", "Mode"},
	"talk.summary":         {"简要记录", "Summary"},
	"talk.state":           {"状态", "State"},
	"state.ontime":         {"按时完成", "On time"},
	"state.late":           {"逾期完成", "Late"},
	"state.open":           {"待谈", "Open"},
	"state.overdue":        {"逾期未谈", "Overdue"},
	"state.cancelled":      {"已撤销", "Cancelled"},
	"mode.in_person":       {"面谈", "In person"},
	"mode.phone":           {"电话", "Phone"},
	"mode.visit":           {"走访", "Visit"},
	"kind.wedding_funeral": {"婚丧嫁娶", "Wedding or funeral"},
	"kind.family":          {"家庭变故", "Family hardship"},
	"kind.hospital":        {"生病住院", "In hospital"},
	"kind.commendation":    {"评优表彰", "Commendation"},
	"kind.discipline":      {"批评处分", "Discipline"},
	"kind.contact":         {"五联走访", "Contact visit"},
	"contact.enterprise":   {"联企业", "Enterprise"},
	"contact.project":      {"联项目", "Project"},
	"contact.section":      {"联科室", "Section"},
	"contact.village":      {"联村", "Village"},
	"contact.activity":     {"联社会活动", "Activity"},
	"care.giver":           {"帮扶人", "Given by"},
	"care.to":              {"帮扶对象", "To"},
	"care.what":            {"内容", "What"},
	"care.amount":          {"金额（元）", "Amount (¥)"},
	"care.by":              {"登记人", "Logged by"},
	"care.total":           {"合计", "Total"},

	"bc.none":           {"本期没有发出的通知。", "No notice went out in this period."},
	"bc.kind.notice":    {"通知", "Notice"},
	"bc.kind.directive": {"指示精神传达", "Directives"},
	"bc.total":          {"应发", "Recipients"},
	"bc.readcount":      {"已阅", "Read"},
	"bc.state":          {"送达", "Delivery"},
	"bc.sent":           {"发送时间", "Sent at"},
	"bc.read":           {"阅读时间", "Read at"},
	"bc.why":            {"原因", "Why"},
	"rcpt.queued":       {"待发送", "Queued"},
	"rcpt.sent":         {"已送达", "Sent"},
	"rcpt.failed":       {"发送失败", "Failed"},
	"rcpt.unreachable":  {"无法送达", "Unreachable"},
	"aud.all":           {"全体党员", "all members"},
	"aud.committee":     {"支委", "the committee"},

	"quiz.none":       {"本期没有考学。", "No quiz in this period."},
	"quiz.head":       {"考学 #%d · %s 至 %s · %s", "Quiz #%d · %s to %s · %s"},
	"quiz.info":       {"题目 %d 道 · 及格 %d 分 · 表彰 %d 分 · 发布 %s · 截止 %s", "%d questions · pass mark %d · commended from %d · opened %s · deadline %s"},
	"quiz.closedat":   {" · 结束 %s", " · closed %s"},
	"quiz.open":       {"进行中", "Open"},
	"quiz.closed":     {"已结束", "Closed"},
	"quiz.state":      {"状态", "State"},
	"quiz.started":    {"开始答题", "Started"},
	"quiz.finished":   {"交卷时间", "Finished"},
	"quiz.right":      {"答对", "Right"},
	"quiz.score":      {"得分（%）", "Score (%)"},
	"quiz.rank":       {"名次", "Place"},
	"quiz.pass":       {"及格", "Passed"},
	"quiz.commend":    {"表彰", "Commended"},
	"quiz.took":       {"参加", "Took it"},
	"quiz.done":       {"完成", "Finished"},
	"quiz.average":    {"平均分", "Average"},
	"quiz.passed":     {"及格", "Passed"},
	"quiz.commended":  {"表彰", "Commended"},
	"quiz.st.done":    {"已完成", "Finished"},
	"quiz.st.partial": {"答题中", "Started"},
	"quiz.st.none":    {"未参加", "Did not take it"},
	"quiz.yes":        {"✓", "✓"},
	"quiz.no":         {"✗", "✗"},
	"quiz.sections":   {"各章节正确率（低者在前）", "Accuracy per section (lowest first)"},
	"quiz.section":    {"章节", "Section"},
	"quiz.answered":   {"作答", "Answered"},
	"quiz.accuracy":   {"正确率", "Accuracy"},
	"quiz.again":      {"建议重学", "Study again"},
	"quiz.sec.name":   {"第%d节《%s》", "Section %d “%s”"},
	"quiz.sec.none":   {"未分章节", "No section"},
	"quiz.nosections": {"没有作答。", "No answers."},

	"audit.seq":     {"序号", "seq"},
	"audit.time":    {"时间", "time"},
	"audit.tg":      {"Telegram 用户", "actor_tg"},
	"audit.id":      {"党员编号", "actor_id"},
	"audit.name":    {"姓名", "actor_name"},
	"audit.action":  {"操作", "action"},
	"audit.detail":  {"详情", "detail"},
	"audit.refused": {"被拒绝", "refused"},
	"audit.yes":     {"是", "true"},
	"audit.no":      {"否", "false"},
	"audit.none":    {"本期没有审计记录。", "No audit entries in this period."},

	"sum.study":      {"每日学习完成情况", "Daily study completion"},
	"sum.meetings":   {"会议出席情况", "Attendance per meeting"},
	"sum.meeting":    {"会议", "Meeting"},
	"chart.study":    {"每日学习完成率", "Daily study completion"},
	"chart.meetings": {"会议出席情况", "Attendance per meeting"},
}

// Heading is the ledger's word for key in language l, with args filled in.
func Heading(l branchbot.Lang, key string, args ...any) string {
	e, ok := texts[key]
	if !ok {
		return key
	}
	s := e[0]
	if l == branchbot.LangEN {
		s = e[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

func (b *book) t(key string, args ...any) string { return Heading(b.o.Lang, key, args...) }

// markKeys are the text keys of the study marks.
var markKeys = map[branchbot.StudyMark]string{
	branchbot.MarkDone: "mark.done", branchbot.MarkLate: "mark.late", branchbot.MarkMissed: "mark.missed",
	branchbot.MarkBotMissed: "mark.bot", branchbot.MarkLeave: "mark.leave", branchbot.MarkRest: "mark.rest",
	branchbot.MarkSkip: "mark.skip",
}

// mark is how a study day shows in the register; nothing for a day not
// the member's or still pending.
func (b *book) mark(k branchbot.StudyMark) string {
	if key, ok := markKeys[k]; ok {
		return b.t(key)
	}
	return ""
}

func (b *book) presence(p branchbot.Presence) string { return b.t("presence." + string(p)) }
