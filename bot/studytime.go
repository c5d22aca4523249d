package bot

// /studytime: a member's own study time, and pauses, which are leave
// (请假): a pause takes a reason, and the member's group leader and the
// secretaries are told when it begins and when it ends.

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/branchbot/branchbot"
)

var studyTimeTexts = map[string][2]string{
	"studytime.window": {
		"%s 太早或太晚，机器人这个时间不发学习提醒。请选择 %s 到 %s 之间的时间。",
		"%s is too early or too late: the bot sends no study prompts then. Choose a time from %s to %s.",
	},
	"studytime.show": {"%s\n\n%s", "%s\n\n%s"},
	"studytime.usage": {
		"用法：\n/studytime 07:45 — 设置每天的学习时间（24 小时制）\n/studytime 请假 [日期] 事由（或 off）— 请假，暂停提醒（日期是请假的最后一天，如 12-10；不写日期则到恢复为止）；党小组长和书记会收到通知\n/studytime 恢复（或 on）— 恢复提醒\n/studytime 默认（或 default）— 改用支部默认时间\n/studytime — 查看当前设置",
		"Usage:\n/studytime 07:45 — set your daily study time (24-hour clock)\n/studytime off [DATE] REASON — take leave: pause the prompts (DATE is the last day of leave, e.g. 12-10; without it, until you resume); your group leader and the secretary are told\n/studytime on — resume the prompts\n/studytime default — use the branch's default time\n/studytime — show your setting",
	},
	"studytime.bad":     {"“%s”不是有效的时间。请用 24 小时制 HH:MM，例如 /studytime 07:45 或 /studytime 19:05。", "“%s” is not a time. Use HH:MM on a 24-hour clock, e.g. /studytime 07:45 or /studytime 19:05."},
	"studytime.own":     {"🕖 您的学习时间：每天 %s。", "🕖 Your study time: %s every day."},
	"studytime.branch":  {"🕖 您使用支部默认学习时间：每天 %s。", "🕖 You follow the branch's study time: %s every day."},
	"studytime.branch0": {"🕖 您使用支部默认学习时间。", "🕖 You follow the branch's study time."},
	"studytime.paused":  {"⏸ 提醒已暂停，发送 /studytime on 恢复。", "⏸ Prompts are paused; send /studytime on to resume."},
	"studytime.pausedu": {"⏸ 提醒已暂停至 %s（含），之后自动恢复。", "⏸ Prompts are paused until %s (inclusive) and resume after it."},
	"studytime.leave":   {"⏸ 请假中：自 %s 起（事由：%s），发送 /studytime on 恢复提醒。", "⏸ On leave since %s (reason: %s); send /studytime on to resume the prompts."},
	"studytime.leaveu":  {"⏸ 请假中：%s 至 %s（事由：%s），之后自动恢复提醒。", "⏸ On leave from %s to %s (reason: %s); the prompts resume after it."},
	"studytime.set":     {"已将您的学习时间设为每天 %s。", "Your study time is now %s every day."},
	"studytime.default": {"已改用支部默认学习时间。", "You now follow the branch's study time."},
	"studytime.today":   {"今天的提醒已经发出，新时间从明天起生效。", "Today's prompt has already gone out; the new time applies from tomorrow."},
	"studytime.stillp":  {"提醒目前仍暂停中，发送 /studytime on 恢复。", "Prompts are still paused; send /studytime on to resume."},
	"studytime.off": {
		"已请假（事由：%s），从今天起暂停每日学习提醒，直到您发送 /studytime on 恢复。请假的天数不计入应学。",
		"You are on leave (reason: %s): daily study prompts are paused from today until you send /studytime on. Days of leave are not counted as due.",
	},
	"studytime.offu": {
		"已请假至 %s（含，事由：%s），这期间暂停每日学习提醒，之后自动恢复；也可随时发送 /studytime on 提前恢复。请假的天数不计入应学。",
		"You are on leave until %s (inclusive; reason: %s): daily study prompts are paused until then and resume after it; send /studytime on to resume sooner. Days of leave are not counted as due.",
	},
	"studytime.told":    {"已通知：%s。", "Told: %s."},
	"studytime.reason":  {"请假需要写明事由（请假事由），例如：\n/studytime off %s 出差\n/studytime off 生病住院（不写日期则到您发送 /studytime on 为止）", "Leave needs a reason. For example:\n/studytime off %s business trip\n/studytime off in hospital (without a date, until you send /studytime on)"},
	"studytime.rlong":   {"请假事由最多 %d 字，您写了 %d 字。请精简后重新发送。", "A reason may have at most %d characters; yours has %d. Shorten it and send it again."},
	"studytime.offpast": {"%s 已经过去了。请写今天或以后的日期，例如 /studytime off %s 出差", "%s has already passed. Give today or a later date, e.g. /studytime off %s business trip"},
	"studytime.baddate": {"“%s”不是有效的日期。请写成 MM-DD 或 YYYY-MM-DD，例如 /studytime off %s 出差", "“%s” is not a date. Write it as MM-DD or YYYY-MM-DD, e.g. /studytime off %s business trip"},
	"studytime.on":      {"已恢复每日学习提醒。", "Daily study prompts are back on."},
	"leave.notice":      {"📝 %s（%s）请假：%s。事由：%s", "📝 %s (%s) is on leave: %s. Reason: %s"},
	"leave.span.open":   {"自 %s 起，至本人恢复为止", "from %s until they resume"},
	"leave.span":        {"%s 至 %s", "%s to %s"},
	"leave.back":        {"▶️ %s（%s）已结束请假，恢复每日学习提醒。", "▶️ %s (%s) is back from leave; daily study prompts resume."},
}

// studyTime handles /studytime [HH:MM|off [DATE] REASON|on|default].
func (r *request) studyTime(args []string) error {
	if ok, err := r.studyOn(); !ok {
		return err
	}
	p, err := r.studyPlan(r.member)
	if err != nil {
		return err
	}
	today := r.today()
	if len(args) == 0 {
		desc, err := r.studyTimeDesc(p, today)
		if err != nil {
			return err
		}
		return r.say("studytime.show", desc, T(r.lang, "studytime.usage"))
	}
	var answer []string
	switch strings.ToLower(args[0]) {
	case "off", "pause", "关", "关闭", "暂停", "请假":
		return r.takeLeave(p, args[1:])
	case "on", "resume", "开", "开启", "恢复":
		if len(args) != 1 {
			return r.say("studytime.usage")
		}
		return r.endLeave(p)
	case "default", "默认":
		if len(args) != 1 {
			return r.say("studytime.usage")
		}
		p.Minute = branchbot.DefaultMinute
		desc, err := r.studyTimeDesc(p, today)
		if err != nil {
			return err
		}
		answer = append(answer, T(r.lang, "studytime.default"), desc)
		first, err := r.refirst(p, today) // firstday.go
		if err != nil {
			return err
		}
		if first != "" {
			answer = append(answer, first)
		}
	default:
		return r.studyTimeClock(p, args, today) // firstday.go
	}
	if err := r.tx.PutStudyPlan(p); err != nil {
		return err
	}
	return r.send(&branchbot.Outgoing{Text: strings.Join(answer, "\n")})
}

// looksLikeDate reports whether a word was meant as a date ("12-10",
// "2026-13-01", "12月10日"), so that a mistyped one is refused rather than
// taken as the start of the reason.
func looksLikeDate(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(first) && strings.ContainsAny(s, "-/.月")
}

// takeLeave handles /studytime off [DATE] REASON. Without a reason it
// changes nothing and shows how to give one: a member who meant to pause
// sends the command again, and nothing they write afterwards is taken for
// a reason they did not mean.
func (r *request) takeLeave(p *branchbot.StudyPlan, args []string) error {
	today := r.today()
	example := (today + 7).String()[5:]
	until := branchbot.Day(0)
	if len(args) > 0 && looksLikeDate(args[0]) {
		d, err := branchbot.ParseDayNear(args[0], today)
		if err != nil {
			return r.say("studytime.baddate", args[0], example)
		}
		if d < today {
			return r.say("studytime.offpast", d, example)
		}
		until, example, args = d, args[0], args[1:]
	}
	rec, err := r.tx.StudyDay(p.MemberID, today)
	if err != nil {
		return err
	}
	before := rec
	l, err := p.TakeLeave(&rec, until, today, strings.Join(args, " "), r.now)
	switch {
	case errors.Is(err, branchbot.ErrNoReason):
		return r.say("studytime.reason", example)
	case errors.Is(err, branchbot.ErrReasonTooLong):
		return r.say("studytime.rlong", branchbot.MaxLeaveReason, utf8.RuneCountInString(strings.Join(args, " ")))
	case errors.Is(err, branchbot.ErrDayPassed):
		return r.say("studytime.offpast", until, example)
	case err != nil:
		return err
	}
	if rec != before {
		if err := r.tx.PutStudyDay(p.MemberID, today, rec); err != nil {
			return err
		}
	}
	if err := r.tx.PutLeave(p.MemberID, l); err != nil {
		return err
	}
	if err := r.tx.PutStudyPlan(p); err != nil {
		return err
	}
	told, err := r.tellLeave(func(l2 branchbot.Lang, name, group string) string {
		span := T(l2, "leave.span.open", l.From)
		if l.Until != 0 {
			span = T(l2, "leave.span", l.From, l.Until)
		}
		return T(l2, "leave.notice", name, group, span, l.Reason)
	})
	if err != nil {
		return err
	}
	answer := T(r.lang, "studytime.off", l.Reason)
	if until != 0 {
		answer = T(r.lang, "studytime.offu", until, l.Reason)
	}
	if len(told) > 0 {
		answer += "\n" + T(r.lang, "studytime.told", strings.Join(told, "、"))
	}
	return r.send(&branchbot.Outgoing{Text: answer})
}

// endLeave handles /studytime on.
func (r *request) endLeave(p *branchbot.StudyPlan) error {
	today := r.today()
	rec, err := r.tx.StudyDay(p.MemberID, today)
	if err != nil {
		return err
	}
	before := rec
	from, last, running := p.EndLeave(&rec, today)
	if rec != before {
		if err := r.tx.PutStudyDay(p.MemberID, today, rec); err != nil {
			return err
		}
	}
	if err := r.tx.PutStudyPlan(p); err != nil {
		return err
	}
	if running {
		if from != 0 {
			if err := r.tx.EndLeave(p.MemberID, from, last); err != nil {
				return err
			}
		}
		if _, err := r.tellLeave(func(l branchbot.Lang, name, group string) string {
			return T(l, "leave.back", name, group)
		}); err != nil {
			return err
		}
	}
	desc, err := r.studyTimeDesc(p, today)
	if err != nil {
		return err
	}
	return r.send(&branchbot.Outgoing{Text: T(r.lang, "studytime.on") + "\n" + desc})
}

// tellLeave tells the asker's group leader(s) and the secretaries, in each
// one's language, the text that text renders from the asker's name and
// group, and returns the names of those told.
func (r *request) tellLeave(text func(l branchbot.Lang, name, group string) string) ([]string, error) {
	me := r.member
	var told []string
	err := r.tx.ForEachMember(func(m *branchbot.Member) error {
		leader := m.Role == branchbot.RoleLeader && me.Group != "" && m.Group == me.Group
		if m.ID == me.ID || !(leader || m.Role == branchbot.RoleSecretary) || !m.Bound() || m.Unreachable {
			return nil
		}
		l := langOf(m, r.b.opts.Language)
		group := me.Group
		if group == "" {
			group = T(l, "members.nogroup")
		}
		if _, err := r.tx.Enqueue(&branchbot.Outgoing{ChatID: m.ChatID(), MemberID: m.ID, Text: text(l, me.Name, group)}); err != nil {
			return err
		}
		told = append(told, roleName(r.lang, m.Role)+" "+m.Name)
		return nil
	})
	return told, err
}

// studyTimeDesc says when the member is prompted and whether they are on
// leave, and why.
func (r *request) studyTimeDesc(p *branchbot.StudyPlan, today branchbot.Day) (string, error) {
	var s string
	switch def := r.b.opts.DefaultStudyMinute; {
	case p.Minute >= 0:
		s = T(r.lang, "studytime.own", clock(int(p.Minute)))
	case def >= 0 && def < 24*60:
		s = T(r.lang, "studytime.branch", clock(def))
	default:
		s = T(r.lang, "studytime.branch0")
	}
	if !p.PausedOn(today) {
		return s, nil
	}
	leaves, err := r.tx.Leaves(p.MemberID, today, today)
	if err != nil {
		return "", err
	}
	var l *branchbot.Leave
	for i := range leaves {
		if leaves[i].From == p.PausedFrom {
			l = &leaves[i]
		}
	}
	switch {
	case l != nil && p.PausedUntil == 0:
		s += "\n" + T(r.lang, "studytime.leave", l.From, l.Reason)
	case l != nil:
		s += "\n" + T(r.lang, "studytime.leaveu", l.From, p.PausedUntil, l.Reason)
	case p.PausedUntil == 0: // a pause from before reasons were asked
		s += "\n" + T(r.lang, "studytime.paused")
	default:
		s += "\n" + T(r.lang, "studytime.pausedu", p.PausedUntil)
	}
	return s, nil
}
