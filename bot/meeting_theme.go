package bot

// /theme: the month's theme (一月一主题), which that month's themed day
// and party lesson carry when they are scheduled without a title.

import (
	"fmt"
	"strings"

	"github.com/branchbot/branchbot"
)

// themeCommand handles /theme (this and next month's themes) and /theme
// YYYY-MM TEXT (sets a month's theme).
func (r *request) themeCommand(args []string) error {
	l, loc := r.lang, r.b.opts.Location
	if len(args) == 0 {
		this := branchbot.ThemeMonth(r.now, loc)
		y, m, _ := r.now.In(loc).Date()
		next := fmt.Sprintf("%04d-%02d", y+int(m)/12, int(m)%12+1)
		show := func(month string) string {
			if t := r.tx.Theme(month); t != "" {
				return t
			}
			return T(l, "th.unset")
		}
		return r.say("th.show", this, show(this), next, show(next))
	}
	month, ok := branchbot.ParseThemeMonth(args[0])
	_, pos := nextWord(r.msg.Text, 0)
	_, pos = nextWord(r.msg.Text, pos)
	text := strings.TrimSpace(r.msg.Text[pos:])
	if !ok || text == "" {
		return r.say("th.usage")
	}
	if n := []rune(text); len(n) > 200 {
		text = string(n[:200])
	}
	if err := r.tx.SetTheme(month, text); err != nil {
		return err
	}
	if err := r.audit("meeting.theme", fmt.Sprintf("%s: %q", month, text), false); err != nil {
		return err
	}
	return r.say("th.set", month, text)
}

// extraMeetingButtons are the row under 参加 / 请假 of a meeting's notice
// and reminders: 📅 (the .ics file) and, for a meeting with an agenda, 📝.
func extraMeetingButtons(l branchbot.Lang, owner int64, mt *branchbot.Meeting) []branchbot.Button {
	row := []branchbot.Button{{Text: T(l, "cal.btn"), Data: meetingCallback("mtic", owner, mt, "")}}
	if branchbot.TakesAgenda(mt.Kind) {
		row = append(row, branchbot.Button{Text: T(l, "ag.btn"), Data: meetingCallback("mtag", owner, mt, "")})
	}
	return row
}
