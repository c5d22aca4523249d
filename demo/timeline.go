package demo

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/branchbot/branchbot/telegramtest"
)

// The demo prints each chat as a timeline: what happened, when, in the
// order it happened, read from telegramtest's history of the chat. A
// chat's final state would hide most of it: a prompt snoozed twice and
// then marked done ends as three identical "done" messages, and button
// presses leave no message at all.
//
//	── 12月1日 周二 / Tue 1 Dec ──
//	07:15 bot #5: 📖 黄金一刻 · 第1节/共22节 · 总纲·党的性质和宗旨
//	      党章开篇的总纲，……
//	      …
//	      [✅ 已学] [⏰ 1 小时后]
//	07:18 刘伟 按下 / presses #5 [⏰ 1 小时后] → 已推迟到 08:18
//	07:18 bot 修改 #5 / edits #5: ⏰ 已推迟到 08:18，届时再提醒您。
//	      [✅ 已学]
//
// To keep fourteen days readable, texts are shortened by fixed rules, so
// that the output stays the same for the same seed:
//   - a message the bot sends shows its first line (and the second, if
//     the first is only a short heading), then the lines the chat has not
//     shown before, up to timelineLines lines or timelineRunes characters;
//     each run of lines left out becomes one "…" line;
//   - an edit shows the lines that are new in that message, or its first
//     line if none is; identical edits of several messages in the same
//     minute share one entry;
//   - when the same command is sent again and again in one minute (the
//     secretary's thirty /invite), the first two exchanges and the last
//     are shown and the others counted.

const (
	timelineLines   = 8   // lines of a message shown after its first
	timelineRunes   = 200 // characters of a message shown after its first line
	timelineHeading = 12  // a first line this short is a heading: the next line is shown too
	timelineRepeats = 2   // exchanges of one command shown before the rest are counted
	timelineIndent  = "      "
)

// weekdaysZH names the days of the week, Sunday first as time.Weekday.
var weekdaysZH = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// writeTimeline writes the timeline of one chat's history, in loc's time;
// names gives the name shown for each user id.
func writeTimeline(w io.Writer, history []telegramtest.Event, loc *time.Location, names map[int64]string) error {
	tl := &timeline{
		loc:     loc,
		names:   names,
		answers: map[string]telegramtest.Event{},
		seen:    map[string]bool{},
		last:    map[int]string{},
	}
	pressed := map[string]bool{}
	for _, e := range history {
		if e.Kind == telegramtest.EventPress {
			pressed[e.CallbackID] = true
		}
	}
	var events []telegramtest.Event
	for _, e := range history {
		if e.Kind == telegramtest.EventAnswer && pressed[e.CallbackID] {
			tl.answers[e.CallbackID] = e // shown with its press
			continue
		}
		events = append(events, e)
	}
	events = lastEditPerMinute(events)
	for i := 0; i < len(events); {
		i = tl.entry(events, i)
	}
	_, err := io.WriteString(w, tl.b.String())
	return err
}

// timeline is the state of writing one chat's timeline.
type timeline struct {
	b       strings.Builder
	loc     *time.Location
	names   map[int64]string
	answers map[string]telegramtest.Event // by callback query id
	seen    map[string]bool               // lines of the bot's messages so far
	last    map[int]string                // text of each message as last sent or edited
	day     time.Time                     // of the last entry
}

// entry writes the entry of events[i] (and of the events it folds in) and
// returns the index of the next one.
func (tl *timeline) entry(events []telegramtest.Event, i int) int {
	e := events[i]
	tl.dayHeader(e.Time)
	clock := e.Time.In(tl.loc).Format("15:04")
	switch e.Kind {
	case telegramtest.EventText:
		if n, skip := tl.repeats(events, i); n > 0 {
			cmd := command(e.Text)
			tl.line(fmt.Sprintf("%s ……又 %d 次 %s，从略 / %d more %s exchanges left out", clock, n, cmd, n, cmd))
			return skip
		}
		who := tl.name(e.From)
		if e.ReplyTo != 0 {
			who += fmt.Sprintf(" 回复 #%d / replies to #%d", e.ReplyTo, e.ReplyTo)
		}
		tl.block(clock+" "+who+": ", strings.Split(e.Text, "\n"), nil)
	case telegramtest.EventSend:
		text := e.Text
		switch {
		case e.Document != "":
			text = strings.TrimSpace("[文件 / document " + e.Document + "] " + text)
		case e.Photo:
			text = strings.TrimSpace("[图片 / photo] " + text)
		}
		head := fmt.Sprintf("%s bot #%d: ", clock, e.MessageID)
		if e.ReplyTo != 0 {
			head = fmt.Sprintf("%s bot #%d 回复 #%d / replies to #%d: ", clock, e.MessageID, e.ReplyTo, e.ReplyTo)
		}
		tl.block(head, tl.shorten(text), e.Keyboard)
		tl.remember(e)
	case telegramtest.EventEdit:
		return tl.edits(events, i, clock)
	case telegramtest.EventDelete:
		tl.line(fmt.Sprintf("%s bot 删除 #%d / deletes #%d", clock, e.MessageID, e.MessageID))
	case telegramtest.EventPress:
		label := e.Text
		if label == "" {
			label = "?"
		}
		s := fmt.Sprintf("%s %s 按下 / presses #%d [%s]", clock, tl.name(e.From), e.MessageID, label)
		if a, ok := tl.answers[e.CallbackID]; ok && a.Text != "" {
			s += " → "
			if a.ShowAlert {
				s += "（弹窗 / alert）"
			}
			s += strings.ReplaceAll(a.Text, "\n", " ")
		}
		tl.line(s)
	case telegramtest.EventAnswer:
		tl.line(clock + " bot 回应 / answers: " + strings.ReplaceAll(e.Text, "\n", " "))
	}
	return i + 1
}

// edits writes the edit events[i] together with the identical edits of
// other messages that follow it in the same minute.
func (tl *timeline) edits(events []telegramtest.Event, i int, clock string) int {
	e := events[i]
	body := tl.editBody(e)
	ids := []string{"#" + strconv.Itoa(e.MessageID)}
	merged := map[int]bool{e.MessageID: true}
	j := i + 1
	for ; j < len(events); j++ {
		n := events[j]
		if n.Kind != telegramtest.EventEdit || merged[n.MessageID] || !sameMinute(n.Time, e.Time) || !sameKeyboard(n.Keyboard, e.Keyboard) ||
			n.KeyboardOnly != e.KeyboardOnly || strings.Join(tl.editBody(n), "\n") != strings.Join(body, "\n") {
			break
		}
		ids = append(ids, "#"+strconv.Itoa(n.MessageID))
		merged[n.MessageID] = true
	}
	for _, n := range events[i:j] {
		tl.remember(n)
	}
	zh, en := strings.Join(ids, "、"), strings.Join(ids, ", ")
	if e.KeyboardOnly {
		head := fmt.Sprintf("%s bot 修改 %s 的按钮 / edits the buttons of %s:", clock, zh, en)
		switch len(e.Keyboard) {
		case 0:
			tl.line(head + " （无 / none）")
		case 1:
			tl.line(head + " " + buttonRow(e.Keyboard[0]))
		default:
			tl.block(head, nil, e.Keyboard)
		}
		return j
	}
	tl.block(fmt.Sprintf("%s bot 修改 %s / edits %s: ", clock, zh, en), body, e.Keyboard)
	return j
}

// editBody is what an entry shows of an edit: the lines new in the
// message, or its first line if there are none.
func (tl *timeline) editBody(e telegramtest.Event) []string {
	lines := nonEmptyLines(e.Text)
	if e.KeyboardOnly || len(lines) == 0 {
		return nil
	}
	before := map[string]bool{}
	for _, l := range nonEmptyLines(tl.last[e.MessageID]) {
		before[l] = true
	}
	var fresh []string
	for _, l := range lines {
		if !before[l] {
			fresh = append(fresh, l)
		}
	}
	if len(fresh) == 0 {
		return lines[:1]
	}
	return cut(fresh)
}

// shorten is what an entry shows of a message the bot sends (see the
// rules above).
func (tl *timeline) shorten(text string) []string {
	lines := nonEmptyLines(text)
	if len(lines) == 0 {
		return nil
	}
	out := []string{lines[0]}
	rest := lines[1:]
	if utf8.RuneCountInString(lines[0]) <= timelineHeading && len(rest) > 0 {
		out = append(out, rest[0])
		rest = rest[1:]
	}
	shown, runes, elided := 0, 0, false
	for _, l := range rest {
		n := utf8.RuneCountInString(l)
		if shown >= timelineLines || (shown > 0 && runes+n > timelineRunes) {
			if !elided {
				out = append(out, "…")
			}
			break
		}
		if tl.seen[l] {
			if !elided {
				out = append(out, "…")
			}
			elided = true
			continue
		}
		out = append(out, l)
		shown++
		runes += n
		elided = false
	}
	return out
}

// cut keeps the first lines of an edit within the same limits.
func cut(lines []string) []string {
	var out []string
	runes := 0
	for i, l := range lines {
		n := utf8.RuneCountInString(l)
		if i > timelineLines || (i > 0 && runes+n > timelineRunes) {
			return append(out, "…")
		}
		out = append(out, l)
		runes += n
	}
	return out
}

// repeats reports how many exchanges to fold in at events[i], a user's
// text: when the two before it in a row were the same command, the
// exchanges of that command that follow in the same minute, but for the
// last, which is shown as what ends the run (the bot may send something
// else in the same minute, and it must not be folded in with them); it
// also returns the index after them.
func (tl *timeline) repeats(events []telegramtest.Event, i int) (int, int) {
	cmd := command(events[i].Text)
	if cmd == "" {
		return 0, i
	}
	within := func(e telegramtest.Event) bool {
		return e.Kind != telegramtest.EventPress && sameMinute(e.Time, events[i].Time) &&
			(e.Kind != telegramtest.EventText || command(e.Text) == cmd)
	}
	before := 0
	for k := i - 1; k >= 0 && within(events[k]); k-- {
		if events[k].Kind == telegramtest.EventText {
			before++
		}
	}
	if before < timelineRepeats {
		return 0, i
	}
	var starts []int
	for j := i; j < len(events) && within(events[j]); j++ {
		if events[j].Kind == telegramtest.EventText {
			starts = append(starts, j)
		}
	}
	n := len(starts) - 1
	if n < 2 {
		return 0, i // folding one exchange saves nothing
	}
	end := starts[n]
	for _, e := range events[i:end] {
		tl.remember(e)
	}
	return n, end
}

// remember records the text of a message the bot sent or edited: the
// chat has now shown its lines (folded exchanges count as shown, too).
func (tl *timeline) remember(e telegramtest.Event) {
	if e.Kind != telegramtest.EventSend && e.Kind != telegramtest.EventEdit {
		return
	}
	tl.last[e.MessageID] = e.Text
	for _, l := range nonEmptyLines(e.Text) {
		tl.seen[l] = true
	}
}

// dayHeader starts a new day when t is on another day than the last entry.
func (tl *timeline) dayHeader(t time.Time) {
	t = t.In(tl.loc)
	y, m, d := t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, tl.loc)
	if day.Equal(tl.day) {
		return
	}
	if tl.b.Len() > 0 {
		tl.b.WriteString("\n")
	}
	tl.day = day
	fmt.Fprintf(&tl.b, "── %d月%d日 %s / %s ──\n", m, d, weekdaysZH[t.Weekday()], t.Format("Mon 2 Jan"))
}

func (tl *timeline) name(id int64) string {
	if n, ok := tl.names[id]; ok {
		return n
	}
	return "user " + strconv.FormatInt(id, 10)
}

// block writes head followed by the first line, the other lines and the
// keyboard's rows indented under it.
func (tl *timeline) block(head string, lines []string, kb [][]telegramtest.Button) {
	tl.b.WriteString(strings.TrimRight(head, " "))
	for i, l := range lines {
		if i == 0 {
			tl.b.WriteString(" " + l)
			continue
		}
		tl.b.WriteString("\n" + timelineIndent + l)
	}
	tl.b.WriteString("\n")
	for _, row := range kb {
		tl.line(timelineIndent + buttonRow(row))
	}
}

// buttonRow shows a keyboard row as "[✅ 已学] [⏰ 1 小时后]".
func buttonRow(row []telegramtest.Button) string {
	labels := make([]string, len(row))
	for i, btn := range row {
		labels[i] = "[" + btn.Text + "]"
	}
	return strings.Join(labels, " ")
}

func (tl *timeline) line(s string) {
	tl.b.WriteString(s)
	tl.b.WriteString("\n")
}

// command is the command word a text starts with ("/invite"), or "".
func command(text string) string {
	if !strings.HasPrefix(text, "/") {
		return ""
	}
	word, _, _ := strings.Cut(text, " ")
	return word
}

func nonEmptyLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func sameMinute(a, b time.Time) bool {
	return a.Truncate(time.Minute).Equal(b.Truncate(time.Minute))
}

func sameKeyboard(a, b [][]telegramtest.Button) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// lastEditPerMinute keeps, of the edits of one message within a minute,
// only the last: how many the bot made in between depends on how fast the
// Bot API answered (a status edit replaced while another was in flight),
// not on what happened, and the timeline must be the same every run.
func lastEditPerMinute(events []telegramtest.Event) []telegramtest.Event {
	type key struct {
		msg    int
		minute int64
	}
	last := map[key]int{}
	for i, e := range events {
		if e.Kind == telegramtest.EventEdit {
			last[key{e.MessageID, e.Time.Unix() / 60}] = i
		}
	}
	out := events[:0:0]
	for i, e := range events {
		if e.Kind == telegramtest.EventEdit && last[key{e.MessageID, e.Time.Unix() / 60}] != i {
			continue
		}
		out = append(out, e)
	}
	return out
}
