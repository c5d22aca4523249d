package bot

// A member's first study day: when the first prompt comes, said in the
// welcome, when they set their time (/studytime HH:MM) and when they try
// to mark a day done before it (branchbot.StudyRules.FirstStudyDay).

import (
	"strings"

	"github.com/branchbot/branchbot"
)

// welcome greets a member who has just joined and, with daily study on,
// tells them when their first prompt comes, how to change its time and
// how to pause.
func (r *request) welcome(m *branchbot.Member) error {
	text := T(r.lang, "welcome", m.Name, r.b.opts.BranchName)
	if rules := r.b.opts.Study; rules != nil && rules.Handbook != nil {
		p, err := r.studyPlan(m)
		if err != nil {
			return err
		}
		text += "\n\n" + T(r.lang, "welcome.study", r.firstPromptWhen(p, r.today()))
	}
	return r.send(&branchbot.Outgoing{Text: text})
}

// promptMinute is the minute of the day the plan's member is prompted: their
// own time, else the branch's default; -1 if not known.
func (r *request) promptMinute(p *branchbot.StudyPlan) int {
	if p.Minute >= 0 && p.Minute < 24*60 {
		return int(p.Minute)
	}
	return r.b.opts.DefaultStudyMinute
}

// firstPromptWhen says when the plan's first prompt comes: "今天 21:00",
// "明天 07:30", "2026-11-28 07:30", from its first study day on the first
// day a prompt is due.
func (r *request) firstPromptWhen(p *branchbot.StudyPlan, today branchbot.Day) string {
	d := r.b.opts.Study.FirstPromptDay(max(p.JoinedDay, today))
	var day string
	switch d {
	case today:
		day = T(r.lang, "first.today")
	case today + 1:
		day = T(r.lang, "first.tomorrow")
	default:
		day = T(r.lang, "first.date", d)
	}
	if m := r.promptMinute(p); m >= 0 && m < 24*60 {
		return T(r.lang, "first.at", day, clock(m))
	}
	return day
}

// refirst sets the first study day again for a member who has had none
// yet, after their study time changed, and says when the first prompt
// comes; "" for a member who has started.
func (r *request) refirst(p *branchbot.StudyPlan, today branchbot.Day) (string, error) {
	rec, err := r.tx.StudyDay(p.MemberID, today)
	if err != nil || !p.NotStarted(today, rec) {
		return "", err
	}
	p.JoinedDay = r.b.opts.Study.FirstStudyDay(today, r.minuteNow(), r.promptMinute(p))
	if p.JoinedDay > today && r.promptMinute(p) < r.minuteNow() {
		return T(r.lang, "studytime.firstpassed", clock(r.promptMinute(p)), r.firstPromptWhen(p, today)), nil
	}
	return T(r.lang, "studytime.first", r.firstPromptWhen(p, today)), nil
}

// studyTimeClock handles /studytime HH:MM: the member's own study time.
// A member who has had no study day yet gets today's prompt if the time
// is still ahead today and before the cutoff, and is told when the first
// prompt comes either way.
func (r *request) studyTimeClock(p *branchbot.StudyPlan, args []string, today branchbot.Day) error {
	c, err := branchbot.ParseClock(args[0])
	if err != nil {
		return r.say("studytime.bad", args[0])
	}
	minute := c.Minutes()
	if len(args) != 1 {
		return r.say("studytime.usage")
	}
	if from, to, ok := r.b.opts.Study.StudyWindow(); ok && (minute < from || minute >= to) {
		return r.say("studytime.window", clock(minute), clock(from), clock(to))
	}
	p.Minute = int16(minute)
	answer := []string{T(r.lang, "studytime.set", clock(minute))}
	first, err := r.refirst(p, today)
	if err != nil {
		return err
	}
	if first != "" {
		answer = append(answer, first)
	} else {
		rec, err := r.tx.StudyDay(p.MemberID, today)
		if err != nil {
			return err
		}
		if rec.Prompted {
			answer = append(answer, T(r.lang, "studytime.today"))
		}
	}
	if p.PausedOn(today) {
		answer = append(answer, T(r.lang, "studytime.stillp"))
	}
	if err := r.tx.PutStudyPlan(p); err != nil {
		return err
	}
	return r.send(&branchbot.Outgoing{Text: strings.Join(answer, "\n")})
}

// refuseBeforeFirstDay tells a member who marks a day done before their
// first study day that nothing was sent to study yet, and when it will be.
func (r *request) refuseBeforeFirstDay(in doneInput) error {
	p, err := r.studyPlan(r.member)
	if err != nil {
		return err
	}
	return r.reply(in, true, "done.beforefirst", r.firstPromptWhen(p, r.today()))
}
