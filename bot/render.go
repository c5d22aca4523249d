package bot

// Rendering of the daily study prompt and the evening nudge, which the
// scheduler queues, and of the edits the bot makes to the prompt once the
// member has studied or snoozed.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/branchbot/branchbot"
)

// promptExcerpt is how much of a long reading a prompt shows, in
// characters; the 📖 全文 button sends the rest.
const promptExcerpt = 600

// Renderer renders the study messages: the prompt and the nudge when the
// sender sends what the scheduler queued (live.go), and the edits the bot
// makes to the prompt. It keeps no state and is safe for concurrent use.
type Renderer struct {
	rules *branchbot.StudyRules
}

// NewRenderer returns a Renderer for the branch's study rules; nil rules
// render sections without their place in the handbook and snooze for an
// hour.
func NewRenderer(rules *branchbot.StudyRules) *Renderer {
	return &Renderer{rules: rules}
}

// Renderer returns the renderer for the bot's study rules, the one whose
// buttons the bot understands.
func (b *Bot) Renderer() *Renderer { return NewRenderer(b.opts.Study) }

// Prompt renders the study prompt of day for the plan's member: section
// sec (index index of the handbook), marked late when the bot sends it after
// the member's time. When repeat > 0 (the prompt coming again after a
// snooze) it is a short reminder, the heading and the buttons, which the
// sender sends as a reply to the day's first prompt (see
// Bot.renderPrompt). The result carries the chat, the member and the
// outbox key PromptKey(day, member, repeat). ⏰ is offered while the day
// has a snooze left; PromptAt also asks whether the prompt could come
// again today.
func (rd *Renderer) Prompt(p *branchbot.StudyPlan, day branchbot.Day, sec *branchbot.Section, index int, late bool, repeat int) branchbot.Outgoing {
	return rd.PromptAt(p, day, sec, index, late, repeat, -1)
}

// PromptAt is Prompt sent at minute of the local day: ⏰ is offered only if
// a snooze pressed then could bring the prompt back today
// (branchbot.StudyRules.CanSnooze). A minute below 0 does not ask.
func (rd *Renderer) PromptAt(p *branchbot.StudyPlan, day branchbot.Day, sec *branchbot.Section, index int, late bool, repeat, minute int) branchbot.Outgoing {
	l := p.Lang()
	sec = orEmpty(sec)
	var sb strings.Builder
	if repeat > 0 {
		sb.WriteString(rd.againText(l, sec, index, late)) // snooze.go
	} else {
		sb.WriteString(rd.header(l, sec, index, late))
		sb.WriteString(rd.body(l, sec))
		sb.WriteString("\n\n")
		sb.WriteString(T(l, "prompt.footer", sec.StudyMinutes()))
	}

	row := []branchbot.Button{doneButton(l, p.MemberID, day)}
	snooze := repeat < branchbot.MaxSnoozes
	if snooze && minute >= 0 && rd.rules != nil {
		snooze = rd.rules.CanSnooze(repeat, minute)
	}
	if snooze {
		row = append(row, branchbot.Button{
			Text: snoozeLabel(l, rd.snoozeMinutes()),
			Data: branchbot.Callback{Action: "snz", Owner: p.MemberID, Arg: dayArg(day)}.MustEncode(),
		})
	}
	if sec.Long() {
		row = append(row, fullButton(l, p.MemberID, index))
	}
	return branchbot.Outgoing{
		Key:      branchbot.PromptKey(day, p.MemberID, repeat),
		ChatID:   p.ChatID,
		MemberID: p.MemberID,
		Text:     sb.String(),
		Keyboard: [][]branchbot.Button{row},
	}
}

// Nudge renders the evening reminder for a member who has not studied
// day's section sec yet, with a ✅ button. It carries the outbox key
// NudgeKey(day, member).
func (rd *Renderer) Nudge(p *branchbot.StudyPlan, day branchbot.Day, sec *branchbot.Section, index int) branchbot.Outgoing {
	l := p.Lang()
	return branchbot.Outgoing{
		Key:      branchbot.NudgeKey(day, p.MemberID),
		ChatID:   p.ChatID,
		MemberID: p.MemberID,
		Text:     T(l, "nudge", sectionTitle(l, orEmpty(sec))),
		Keyboard: [][]branchbot.Button{{doneButton(l, p.MemberID, day)}},
	}
}

// header is the prompt's first line: "📖 黄金一刻 · 第3节/共14节 · title".
func (rd *Renderer) header(l branchbot.Lang, sec *branchbot.Section, index int, late bool) string {
	place := T(l, "prompt.place", index+1)
	if rd.rules != nil && rd.rules.Handbook != nil && len(rd.rules.Handbook.Sections) > 0 {
		place = T(l, "prompt.placeof", index+1, len(rd.rules.Handbook.Sections))
	}
	s := T(l, "prompt.head", place, sectionTitle(l, sec))
	if late {
		s += T(l, "prompt.late")
	}
	return s
}

// body is what to study: the reading (an excerpt of a long one), the page
// of the printed handbook, and the reflection questions. It starts with a
// blank line.
func (rd *Renderer) body(l branchbot.Lang, sec *branchbot.Section) string {
	var sb strings.Builder
	reading := strings.TrimSpace(sec.Reading)
	page := strings.TrimSpace(sec.Page)
	switch {
	case sec.Long():
		sb.WriteString("\n\n" + sec.Excerpt(promptExcerpt))
		sb.WriteString("\n" + T(l, "prompt.excerpt"))
	case reading != "":
		sb.WriteString("\n\n" + reading)
	}
	switch {
	case page != "" && reading == "":
		sb.WriteString("\n\n" + T(l, "prompt.page", page))
	case page != "":
		sb.WriteString("\n\n" + T(l, "prompt.alsopage", page))
	}
	if len(sec.Questions) > 0 {
		sb.WriteString("\n\n" + T(l, "prompt.questions"))
		for i, q := range sec.Questions {
			fmt.Fprintf(&sb, "\n%d. %s", i+1, strings.TrimSpace(q))
		}
	}
	return sb.String()
}

// doneView is the prompt once studied: the section as it was prompted,
// with the streak instead of the call to act, and only the 📖 全文 button.
// A section too long for one message was prompted in several, and the
// edit replaces only the last of them: it then shows the heading and the
// streak, and the earlier parts keep the section.
func (rd *Renderer) doneView(l branchbot.Lang, memberID int64, sec *branchbot.Section, index int, late bool, streak int) (string, [][]branchbot.Button) {
	head, done := rd.header(l, sec, index, late), "\n\n"+T(l, "prompt.done", streak)
	text := head + rd.body(l, sec) + done
	if branchbot.UTF16Len(text) > branchbot.MaxMessageLen {
		text = head + done
	}
	return text, rd.fullRow(l, memberID, sec, index)
}

// fullRow is the keyboard of a studied prompt: 📖 全文 for a long reading,
// else none.
func (rd *Renderer) fullRow(l branchbot.Lang, memberID int64, sec *branchbot.Section, index int) [][]branchbot.Button {
	if !sec.Long() {
		return nil
	}
	return [][]branchbot.Button{{fullButton(l, memberID, index)}}
}

// fullText is the whole reading of a section, as the 📖 全文 button sends
// it.
func (rd *Renderer) fullText(l branchbot.Lang, sec *branchbot.Section, index int) string {
	var sb strings.Builder
	sb.WriteString(rd.header(l, sec, index, false))
	if r := strings.TrimSpace(sec.Reading); r != "" {
		sb.WriteString("\n\n" + r)
	}
	if p := strings.TrimSpace(sec.Page); p != "" {
		sb.WriteString("\n\n" + T(l, "prompt.alsopage", p))
	}
	return sb.String()
}

func (rd *Renderer) snoozeMinutes() int {
	if rd.rules == nil {
		return branchbot.DefaultSnoozeMinutes
	}
	return rd.rules.SnoozeLength()
}

func doneButton(l branchbot.Lang, memberID int64, day branchbot.Day) branchbot.Button {
	return branchbot.Button{
		Text: T(l, "button.done"),
		Data: branchbot.Callback{Action: "done", Owner: memberID, Arg: dayArg(day)}.MustEncode(),
	}
}

func fullButton(l branchbot.Lang, memberID int64, index int) branchbot.Button {
	return branchbot.Button{
		Text: T(l, "button.full"),
		Data: branchbot.Callback{Action: "full", Owner: memberID, Arg: strconv.Itoa(index)}.MustEncode(),
	}
}

// dayArg writes a day in callback data as its decimal day number, which
// is shorter than a date.
func dayArg(d branchbot.Day) string { return strconv.Itoa(int(d)) }

// snoozeLabel is the ⏰ button: "⏰ 1 小时后", "⏰ 30 分钟后".
func snoozeLabel(l branchbot.Lang, minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return T(l, "button.snooze.m", m)
	case m == 0 && l == branchbot.LangEN && h == 1:
		return "⏰ In 1 hour"
	case m == 0:
		return T(l, "button.snooze.h", h)
	}
	return T(l, "button.snooze.hm", h, m)
}

// sectionTitle is the section's title in language l: the English title
// when there is one and l is English, else the Chinese one.
func sectionTitle(l branchbot.Lang, sec *branchbot.Section) string {
	if l == branchbot.LangEN && sec.TitleEN != "" {
		return sec.TitleEN
	}
	return sec.Title
}

func orEmpty(sec *branchbot.Section) *branchbot.Section {
	if sec == nil {
		return &branchbot.Section{}
	}
	return sec
}

// clock formats a minute of the day as "07:45".
func clock(minute int) string { return branchbot.ClockFromMinutes(minute).String() }
