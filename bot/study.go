package bot

// The daily study: prompts (rendered in render.go for the scheduler), done
// presses and replies, snoozes, /done, /studytime and /handbook.

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// MaxStudyNote is how long a /done note may be, in characters.
const MaxStudyNote = 500

var studyTexts = map[string][2]string{
	"prompt.head":      {"📖 黄金一刻 · %s · %s", "📖 Golden quarter hour · %s · %s"},
	"prompt.place":     {"第%d节", "Section %d"},
	"prompt.placeof":   {"第%d节/共%d节", "Section %d of %d"},
	"prompt.late":      {"（补发）", " (late)"},
	"prompt.again":     {"⏰ 再次提醒", "⏰ Reminder"},
	"prompt.excerpt":   {"（节选，点“📖 全文”阅读全文）", "(Excerpt: press “📖 Full text” for the whole reading.)"},
	"prompt.page":      {"请阅读手册%s", "Read the printed handbook, %s"},
	"prompt.alsopage":  {"📄 手册%s", "📄 Printed handbook: %s"},
	"prompt.questions": {"💭 思考：", "💭 Think about:"},
	"prompt.footer": {
		"⏱ 约 %d 分钟。学完后点“✅ 已学”，或回复“已学”。",
		"⏱ About %d minutes. When you have studied, press “✅ Done” or reply “done”.",
	},
	"prompt.done":      {"✅ 已学 · 连续 %d 天", "✅ Done · %d-day streak"},
	"prompt.donebrief": {"✅ 已学", "✅ Done"},
	"prompt.snoozed":   {"⏰ 已推迟到 %s，届时再提醒您。", "⏰ Put off until %s; you will be reminded then."},
	"button.done":      {"✅ 已学", "✅ Done"},
	"button.full":      {"📖 全文", "📖 Full text"},
	"button.snooze.m":  {"⏰ %d 分钟后", "⏰ In %d min"},
	"button.snooze.h":  {"⏰ %d 小时后", "⏰ In %d {hour|hours}"},
	"button.snooze.hm": {"⏰ %d 小时 %d 分钟后", "⏰ In %d h %d min"},
	"nudge":            {"🔔 今天的黄金一刻还没完成：%s。学完后回复“已学”或点按钮。", "🔔 Today's golden quarter hour is not done yet: %s. When you have studied, reply “done” or press the button."},
	"nudge.done":       {"✅ 今天的黄金一刻已完成：%s。", "✅ Today's golden quarter hour is done: %s."},
	"study.stale": {"⚠️ 机器人停止运行，%s 的部分学习提醒没能在当天送出，未再补发，已记为“机器人漏发”：不算未学，不中断连续天数。",
		"⚠️ The bot was down: some study prompts of %s could not go out that day. They were not sent late; the day is recorded as missed by the bot, counted against nobody, and no streak is broken."},
	"study.botmissed": {"⚠️ 机器人停止运行期间，%[1]d 位党员共 %[2]d 次学习提醒未能发出（%[3]s），已记为“机器人漏发”：不算未学，不中断连续天数。",
		"⚠️ While the bot was down, %[2]d study {prompt|prompts} to %[1]d {member|members} could not go out (%[3]s). They are recorded as missed by the bot: not counted against anyone, and no streak is broken."},
	"study.off":         {"本支部未开启每日学习。如有疑问，请联系支部书记。", "Daily study is not set up for this branch. Ask your branch secretary if you expected it."},
	"done.recorded":     {"✅ 已记录%s：第%d节《%s》。连续学习 %d 天，本月 %d/%d 天。", "✅ Recorded%s: section %d, “%s”. Streak: %d {day|days}; this month %d/%d {day|days}."},
	"done.recorded.cb":  {"已记录", "Recorded"},
	"done.already":      {"%s已经打过卡了，不再重复记录。", "%s is already marked done; nothing changed."},
	"done.future":       {"这是 %s 的学习提醒，还没到那一天，不能打卡。", "This prompt is for %s, which has not come yet; it cannot be marked done."},
	"done.tooold":       {"%s 的学习已过补记时间（次日 %s 前可补记），不能再打卡。今天的学习请回复“已学”。", "It is too late to mark %s done (allowed until %s the next morning). For today's study, reply “done”."},
	"done.minutes":      {"学习分钟数应为 1–%d 的整数，例如：/done 20 学习体会", "Minutes must be a whole number from 1 to %d, e.g. /done 20 what I learnt"},
	"done.note.long":    {"心得最多 %d 字，您写了 %d 字。请精简后重新发送 /done。", "A note may have at most %d characters; yours has %d. Shorten it and send /done again."},
	"day.today":         {"今天", "Today"},
	"day.yesterday":     {"昨天", "Yesterday"},
	"day.tag":           {"（%s）", " (%s)"},
	"snooze.done":       {"已推迟到 %s", "Put off until %s"},
	"snooze.max":        {"今天已推迟两次，不能再推迟了。学完后请点“✅ 已学”或回复“已学”。", "You have put today's study off twice already; it cannot be put off again. When you have studied, press “✅ Done” or reply “done”."},
	"snooze.stale":      {"这条提醒已过期，不能再推迟。", "This prompt is over and cannot be put off."},
	"handbook.head":     {"《%s》共 %d 节：", "%s: %d sections"},
	"handbook.untitled": {"学习手册", "Study handbook"},
	"handbook.hint":     {"发送 /handbook 节（编号或 id）把全体党员调到这一节。", "Send /handbook SECTION (number or id) to move everyone to that section."},
	"handbook.notfound": {"没有“%s”这一节。请写 1–%d 的编号或节的 id；发送 /handbook 查看目录。", "No section “%s”. Give a number from 1 to %d or a section id; send /handbook for the list."},
	"handbook.moved":    {"已将 %[1]d 名党员调到第%[2]d节《%[3]s》。", "Moved %[1]d {member|members} to section %[2]d, “%[3]s”."},
	"handbook.usage":    {"用法：/handbook [节]（编号或 id）", "Usage: /handbook [SECTION] (number or id)"},
}

// doneWords are the replies that mark the day's study done, compared after
// trimming white space and closing punctuation, ignoring case.
var doneWords = map[string]bool{
	"done": true, "已学": true, "打卡": true, "学完了": true,
	"已学习": true, "已打卡": true, "学完": true,
}

// isDoneText reports whether a plain message says the member has studied:
// "已学", "打卡。", " Done! " and the like.
func isDoneText(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || strings.ContainsRune("～~✅👍", r)
	})
	s = strings.TrimLeft(s, "✅ ")
	return doneWords[strings.ToLower(s)]
}

// studyOn reports whether the branch has daily study; if not, it tells the
// member.
func (r *request) studyOn() (bool, error) {
	if r.b.opts.Study == nil || r.b.opts.Study.Handbook == nil {
		return false, r.say("study.off")
	}
	return true, nil
}

// today is the request's local date in the branch's zone.
func (r *request) today() branchbot.Day { return branchbot.DayOf(r.now, r.b.opts.Location) }

// minuteNow is the request's local minute of the day.
func (r *request) minuteNow() int {
	t := r.now.In(r.b.opts.Location)
	return t.Hour()*60 + t.Minute()
}

// studyPlan returns a member's plan, or a fresh one if the member has none
// (which the store normally prevents).
func (r *request) studyPlan(m *branchbot.Member) (*branchbot.StudyPlan, error) {
	p, err := r.tx.StudyPlan(m.ID)
	if errors.Is(err, branchbot.ErrNotFound) {
		return &branchbot.StudyPlan{
			MemberID: m.ID,
			ChatID:   m.ChatID(),
			Active:   m.Bound() && !m.Unreachable,
			LangEN:   m.Lang == branchbot.LangEN,
			Minute:   branchbot.DefaultMinute,
		}, nil
	}
	return p, err
}

// startStudy sets a joining member's first study day: today if the
// branch's prompt time is still ahead, else tomorrow, so that joining in
// the evening does not bring a late prompt at once (see
// branchbot.StudyRules.FirstStudyDay; /studytime sets it again).
func (r *request) startStudy(m *branchbot.Member) error {
	p, err := r.studyPlan(m)
	if err != nil {
		return err
	}
	if p.JoinedDay != 0 {
		return nil
	}
	p.JoinedDay = r.b.firstStudyDay(r.now)
	return r.tx.PutStudyPlan(p)
}

// firstStudyDay is the first study day of a member who joins at now on
// the branch's default time.
func (b *Bot) firstStudyDay(now time.Time) branchbot.Day {
	t := now.In(b.opts.Location)
	return b.opts.Study.FirstStudyDay(branchbot.DayOf(now, b.opts.Location), t.Hour()*60+t.Minute(), b.opts.DefaultStudyMinute)
}

// hb is the branch's handbook; studyOn has checked it is there.
func (r *request) hb() *branchbot.Handbook { return r.b.opts.Study.Handbook }

// dayName names a day relative to today: "今天", "昨天" or its date.
func dayName(l branchbot.Lang, d, today branchbot.Day) string {
	switch d {
	case today:
		return T(l, "day.today")
	case today - 1:
		return T(l, "day.yesterday")
	}
	return d.String()
}

// doneInput is what marks a day done: a button press (cq set) or a text
// or /done (cq nil).
type doneInput struct {
	day     branchbot.Day
	minutes int    // 0: the section's own
	note    string // from /done
	cq      *models.CallbackQuery
	pressed int // the message whose button was pressed
}

// reply answers the member: as the button's answer for a press, else as a
// message.
func (r *request) reply(in doneInput, alert bool, key string, args ...any) error {
	if in.cq != nil {
		r.answer(in.cq, T(r.lang, key, args...), alert)
		return nil
	}
	return r.say(key, args...)
}

// textDoneDay is the day a reply or /done marks (see
// branchbot.StudyRules.DoneDay).
func (r *request) textDoneDay(p *branchbot.StudyPlan) (branchbot.Day, error) {
	return r.b.opts.Study.DoneDay(r.today(), r.minuteNow(), func(d branchbot.Day) (branchbot.StudyDay, error) {
		return r.tx.StudyDay(p.MemberID, d)
	})
}

// doneText handles a plain reply such as "已学".
func (r *request) doneText() error {
	if ok, err := r.studyOn(); !ok {
		return err
	}
	p, err := r.studyPlan(r.member)
	if err != nil {
		return err
	}
	day, err := r.textDoneDay(p)
	if err != nil {
		return err
	}
	return r.markDone(p, doneInput{day: day})
}

// doneCommand handles /done [MINUTES] [NOTE].
func (r *request) doneCommand(args []string) error {
	if ok, err := r.studyOn(); !ok {
		return err
	}
	rest := strings.Join(args, " ")
	if msg := r.u.Message; msg != nil {
		// The note as typed, line breaks and quotes included.
		_, rest, _ = strings.Cut(strings.TrimSpace(msg.Text), "/")
		rest = strings.TrimLeftFunc(rest, func(r rune) bool { return !unicode.IsSpace(r) })
	}
	minutes, note, ok := parseDoneArgs(rest)
	if !ok {
		return r.say("done.minutes", branchbot.MaxDayMinutes)
	}
	if n := utf8.RuneCountInString(note); n > MaxStudyNote {
		return r.say("done.note.long", MaxStudyNote, n)
	}
	p, err := r.studyPlan(r.member)
	if err != nil {
		return err
	}
	day, err := r.textDoneDay(p)
	if err != nil {
		return err
	}
	return r.markDone(p, doneInput{day: day, minutes: minutes, note: note})
}

// parseDoneArgs reads "[MINUTES] [NOTE]": a leading number (optionally
// followed by 分钟, 分 or min) is the minutes, 1 to MaxDayMinutes; the rest
// is the note. ok is false for a number out of range.
func parseDoneArgs(s string) (minutes int, note string, ok bool) {
	s = strings.TrimSpace(s)
	first, rest, _ := strings.Cut(s, " ")
	if i := strings.IndexFunc(first, unicode.IsSpace); i >= 0 {
		first, rest = first[:i], first[i:]+" "+rest
	}
	num := strings.ToLower(first)
	for _, suffix := range []string{"分钟", "分", "mins", "min", "m"} {
		if n, found := strings.CutSuffix(num, suffix); found && n != "" {
			num = n
			break
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, s, true // no minutes, only a note
	}
	if n < 1 || n > branchbot.MaxDayMinutes {
		return 0, "", false
	}
	return n, strings.TrimSpace(rest), true
}

// donePress handles ✅ on a prompt or nudge.
func (r *request) donePress(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) error {
	d, err := strconv.ParseInt(cb.Arg, 10, 32)
	if err != nil {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	}
	p, err := r.studyPlan(r.member)
	if err != nil {
		return err
	}
	return r.markDone(p, doneInput{day: branchbot.Day(d), cq: cq, pressed: msgID})
}

// markDone records a day's study in the request's transaction and edits
// the day's prompt to show it. Marking a day done twice counts once.
func (r *request) markDone(p *branchbot.StudyPlan, in doneInput) error {
	rules := r.b.opts.Study
	today, minute := r.today(), r.minuteNow()
	// The day's record is read only for a day that may be marked.
	if err := rules.CheckDone(in.day, today, minute); err != nil {
		return r.refuseDone(in, err)
	}
	rec, err := r.tx.StudyDay(p.MemberID, in.day)
	if err != nil {
		return err
	}
	idx, err := rules.MarkDone(p, &rec, in.day, today, minute, in.minutes)
	if errors.Is(err, branchbot.ErrAlreadyDone) && in.note != "" {
		return r.keepNote(p, in)
	}
	if err != nil {
		return r.refuseDone(in, err)
	}
	unseen := markUnseen(&rec) // unseen.go
	sec := &branchbot.Section{}
	if idx >= 0 {
		sec = &r.hb().Sections[idx]
	}
	if err := r.tx.PutStudyDay(p.MemberID, in.day, rec); err != nil {
		return err
	}
	if in.note != "" {
		if err := r.tx.PutStudyNote(p.MemberID, in.day, in.note); err != nil {
			return err
		}
	}
	if err := r.tx.PutStudyPlan(p); err != nil {
		return err
	}
	if err := r.handbookEnding(p); err != nil {
		return err
	}
	st, err := r.streaks(r.member, p, today)
	if err != nil {
		return err
	}
	if unseen {
		err = r.sendUnseen(p, in, sec, idx, st.Current)
	} else {
		err = r.editDone(p, in, rec, sec, idx, st.Current)
	}
	if err != nil {
		return err
	}
	if in.cq != nil {
		r.answer(in.cq, T(r.lang, "done.recorded.cb"), false)
		return nil
	}
	tag := ""
	if in.day != today {
		tag = T(r.lang, "day.tag", dayName(r.lang, in.day, today))
	}
	text := T(r.lang, "done.recorded", tag, idx+1, sectionTitle(r.lang, sec), st.Current, st.DoneThisMonth, st.DueThisMonth)
	if in.note != "" {
		text += "\n" + T(r.lang, "note.saved")
	}
	if unseen {
		text += "\n" + T(r.lang, "done.unseen")
	}
	return r.send(&branchbot.Outgoing{Text: text})
}

// refuseDone tells the member why a day cannot be marked done.
func (r *request) refuseDone(in doneInput, err error) error {
	switch {
	case errors.Is(err, branchbot.ErrDayNotYet):
		return r.reply(in, true, "done.future", in.day)
	case errors.Is(err, branchbot.ErrDayTooLate):
		return r.reply(in, true, "done.tooold", in.day, clock(r.b.opts.Study.GraceMinute))
	case errors.Is(err, branchbot.ErrAlreadyDone):
		return r.reply(in, false, "done.already", dayName(r.lang, in.day, r.today()))
	case errors.Is(err, branchbot.ErrBeforeFirstDay):
		return r.refuseBeforeFirstDay(in)
	}
	return err
}

// editDone edits the day's messages once it is done: the first prompt
// keeps its reading and shows the streak, the short prompts that came
// again after ⏰ show the streak (the latest) or that it is done, all lose
// their buttons, and so do the nudge and a pressed message that is none of
// those.
func (r *request) editDone(p *branchbot.StudyPlan, in doneInput, rec branchbot.StudyDay, sec *branchbot.Section, idx, streak int) error {
	rd := r.b.Renderer()
	chat := r.member.ChatID()
	seen := map[int]bool{}
	delivered := func(key string) (int, bool) {
		d, ok := r.tx.Delivered(key)
		if !ok || d.ChatID != chat {
			return 0, false
		}
		seen[d.MessageID] = true
		return d.MessageID, true
	}
	text, kb := rd.doneView(r.lang, p.MemberID, sec, idx, rec.Late, streak)
	head := rd.header(r.lang, sec, idx, rec.Late) + "\n\n"
	if rec.Prompts > 0 {
		last := int(rec.Prompts) - 1
		for k := range last + 1 {
			key := branchbot.PromptKey(in.day, p.MemberID, k)
			o := &branchbot.Outgoing{ChatID: chat, Text: head + T(r.lang, "prompt.donebrief")}
			switch {
			case k == 0:
				o.Text, o.Keyboard = text, kb
			case k == last:
				o.Text = head + T(r.lang, "prompt.done", streak)
			}
			if id, ok := delivered(key); ok {
				o.Edit = id
			} else if k == last {
				o.EditKey = key // may still be on its way
			} else {
				continue
			}
			if err := r.send(o); err != nil {
				return err
			}
		}
	}
	if rec.Nudged {
		if id, ok := delivered(branchbot.NudgeKey(in.day, p.MemberID)); ok {
			if err := r.send(&branchbot.Outgoing{ChatID: chat, Edit: id, Text: T(r.lang, "nudge.done", sectionTitle(r.lang, sec))}); err != nil {
				return err
			}
		}
	}
	if in.pressed != 0 && !seen[in.pressed] {
		return r.send(&branchbot.Outgoing{ChatID: chat, Edit: in.pressed, Text: text, Keyboard: kb})
	}
	return nil
}

// fullPress handles 📖 全文: it sends the whole reading of the section.
func (r *request) fullPress(cq *models.CallbackQuery, cb branchbot.Callback) error {
	hb := r.hb()
	i, err := strconv.Atoi(cb.Arg)
	if err != nil || i < 0 || i >= len(hb.Sections) {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	}
	r.answer(cq, "", false)
	return r.send(&branchbot.Outgoing{Text: r.b.Renderer().fullText(r.lang, &hb.Sections[i], i)})
}

// studyButton dispatches the study buttons; ok is false for an action
// that is not one of them.
func (r *request) studyButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) (ok bool, err error) {
	switch cb.Action {
	case "done", "snz", "full":
	default:
		return false, nil
	}
	if s := r.b.opts.Study; s == nil || s.Handbook == nil {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return true, nil
	}
	switch cb.Action {
	case "done":
		return true, r.donePress(cq, cb, msgID)
	case "snz":
		return true, r.snoozePress(cq, cb, msgID)
	}
	return true, r.fullPress(cq, cb)
}
