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
