package demo

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot/telegramtest"
)

func TestTimeline(t *testing.T) {
	loc := mustLoad("Asia/Shanghai")
	at := func(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, loc).UTC() }
	const bot, ann, sec = 99, 7, 1
	prompt := "📖 Section 1\n\nIntro.\n\nA first paragraph.\n\nA second paragraph.\n\n⏱ 15 minutes."
	study := [][]telegramtest.Button{{{Text: "✅ Done", Data: "d"}, {Text: "⏰ Later", Data: "l"}}}
	done := [][]telegramtest.Button{{{Text: "✅ Done", Data: "d"}}}
	ack := [][]telegramtest.Button{{{Text: "Read", Data: "a"}}}
	type ev = telegramtest.Event
	history := []ev{
		{Kind: telegramtest.EventText, Time: at(1, 20, 0), MessageID: 1, From: ann, Text: "/start"},
		{Kind: telegramtest.EventSend, Time: at(1, 20, 0), MessageID: 2, From: bot, Text: "Welcome!\n\nSend /help."},
		{Kind: telegramtest.EventSend, Time: at(2, 7, 15), MessageID: 3, From: bot, Text: prompt, Keyboard: study},
		{Kind: telegramtest.EventPress, Time: at(2, 7, 18), MessageID: 3, From: ann, Text: "⏰ Later", Data: "l", CallbackID: "c1"},
		{Kind: telegramtest.EventEdit, Time: at(2, 7, 18), MessageID: 3, From: bot, Text: "📖 Section 1\n\n⏰ Put off to 08:18.", Keyboard: done},
		{Kind: telegramtest.EventAnswer, Time: at(2, 7, 18), MessageID: 3, From: bot, Text: "Put off to 08:18", CallbackID: "c1"},
		{Kind: telegramtest.EventSend, Time: at(2, 8, 18), MessageID: 4, From: bot, Text: "⏰ Again\n" + prompt, Keyboard: done},
		{Kind: telegramtest.EventPress, Time: at(2, 8, 30), MessageID: 4, From: ann, Text: "✅ Done", Data: "d", CallbackID: "c2"},
		{Kind: telegramtest.EventAnswer, Time: at(2, 8, 30), MessageID: 4, From: bot, Text: "Recorded", CallbackID: "c2", ShowAlert: true},
		{Kind: telegramtest.EventEdit, Time: at(2, 8, 30), MessageID: 3, From: bot, Text: "📖 Section 1\n\n✅ Done"},
		{Kind: telegramtest.EventEdit, Time: at(2, 8, 30), MessageID: 4, From: bot, Text: "📖 Section 1\n\n✅ Done"},
		{Kind: telegramtest.EventSend, Time: at(2, 9, 0), MessageID: 5, From: bot, Text: "Notice", Keyboard: ack},
		{Kind: telegramtest.EventPress, Time: at(2, 9, 5), MessageID: 5, From: ann, Text: "Read", Data: "a", CallbackID: "c3"},
		{Kind: telegramtest.EventEdit, Time: at(2, 9, 5), MessageID: 5, From: bot, Text: "Notice", KeyboardOnly: true,
			Keyboard: [][]telegramtest.Button{{{Text: "✅ Read 09:05", Data: "a"}}}},
		{Kind: telegramtest.EventText, Time: at(2, 9, 6), MessageID: 6, From: ann, Text: "done", ReplyTo: 3},
		{Kind: telegramtest.EventDelete, Time: at(2, 9, 7), MessageID: 6, From: bot},
		{Kind: telegramtest.EventPress, Time: at(2, 9, 8), MessageID: 9, From: 42, Data: "x", CallbackID: "c4"},
	}
	// The secretary invites four people in one minute.
	for i, name := range []string{"A", "B", "C", "D"} {
		id := 10 + 3*i
		history = append(history,
			ev{Kind: telegramtest.EventText, Time: at(3, 20, 0), MessageID: id, From: sec, Text: "/invite " + name},
			ev{Kind: telegramtest.EventSend, Time: at(3, 20, 0), MessageID: id + 1, From: bot, Text: "Link for " + name},
			ev{Kind: telegramtest.EventSend, Time: at(3, 20, 0), MessageID: id + 2, From: bot, Text: name + " joined"})
	}
	history = append(history,
		ev{Kind: telegramtest.EventSend, Time: at(3, 20, 0), MessageID: 30, From: bot, Text: "📖 Section 2"},
		ev{Kind: telegramtest.EventText, Time: at(3, 20, 1), MessageID: 31, From: sec, Text: "/invite E"})

	want := `── 12月1日 周二 / Tue 1 Dec ──
20:00 Ann: /start
20:00 bot #2: Welcome!
      Send /help.

── 12月2日 周三 / Wed 2 Dec ──
07:15 bot #3: 📖 Section 1
      Intro.
      A first paragraph.
      A second paragraph.
      ⏱ 15 minutes.
      [✅ Done] [⏰ Later]
07:18 Ann 按下 / presses #3 [⏰ Later] → Put off to 08:18
07:18 bot 修改 #3 / edits #3: ⏰ Put off to 08:18.
      [✅ Done]
08:18 bot #4: ⏰ Again
      📖 Section 1
      …
      [✅ Done]
08:30 Ann 按下 / presses #4 [✅ Done] → （弹窗 / alert）Recorded
08:30 bot 修改 #3、#4 / edits #3, #4: ✅ Done
09:00 bot #5: Notice
      [Read]
09:05 Ann 按下 / presses #5 [Read]
09:05 bot 修改 #5 的按钮 / edits the buttons of #5: [✅ Read 09:05]
09:06 Ann 回复 #3 / replies to #3: done
09:07 bot 删除 #6 / deletes #6
09:08 user 42 按下 / presses #9 [?]

── 12月3日 周四 / Thu 3 Dec ──
20:00 Sec: /invite A
20:00 bot #11: Link for A
20:00 bot #12: A joined
20:00 Sec: /invite B
20:00 bot #14: Link for B
20:00 bot #15: B joined
20:00 Sec: /invite C
20:00 bot #17: Link for C
20:00 bot #18: C joined
20:00 Sec: /invite D
20:00 bot #20: Link for D
20:00 bot #21: D joined
20:00 bot #30: 📖 Section 2
20:01 Sec: /invite E
`
	var b bytes.Buffer
	if err := writeTimeline(&b, history, loc, map[int64]string{ann: "Ann", sec: "Sec"}); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("timeline:\n%s\nwant:\n%s", got, want)
	}

	// With a fifth invitation in the minute, the middle ones are counted.
	b.Reset()
	var more []ev
	for i, name := range []string{"A", "B", "C", "D", "E"} {
		id := 10 + 3*i
		more = append(more,
			ev{Kind: telegramtest.EventText, Time: at(3, 20, 0), MessageID: id, From: sec, Text: "/invite " + name},
			ev{Kind: telegramtest.EventSend, Time: at(3, 20, 0), MessageID: id + 1, From: bot, Text: "The invitation link for " + name + "\nForward it."})
	}
	if err := writeTimeline(&b, more, loc, map[int64]string{sec: "Sec"}); err != nil {
		t.Fatal(err)
	}
	want = `── 12月3日 周四 / Thu 3 Dec ──
20:00 Sec: /invite A
20:00 bot #11: The invitation link for A
      Forward it.
20:00 Sec: /invite B
20:00 bot #14: The invitation link for B
      …
20:00 ……又 2 次 /invite，从略 / 2 more /invite exchanges left out
20:00 Sec: /invite E
20:00 bot #23: The invitation link for E
      …
`
	if got := b.String(); got != want {
		t.Errorf("folded timeline:\n%s\nwant:\n%s", got, want)
	}
}

func TestTimelineShortensLongTexts(t *testing.T) {
	tl := &timeline{seen: map[string]bool{"seen before": true}}
	long := strings.Repeat("长", timelineRunes-2)
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"short", "title\n\nbody", []string{"title", "body"}},
		{"heading shows the next line", "⏰ Again\nseen before\nnew", []string{"⏰ Again", "seen before", "new"}},
		{"seen lines elided", "a title long enough to stand alone\nseen before\nnew", []string{"a title long enough to stand alone", "…", "new"}},
		{"too many characters", "a title long enough to stand alone\n" + long + "\nmore\nand more", []string{"a title long enough to stand alone", long, "…"}},
		{"one long line is shown", "a title long enough to stand alone\n" + long + long, []string{"a title long enough to stand alone", long + long}},
		{"too many lines", "a title long enough to stand alone\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10", []string{"a title long enough to stand alone", "1", "2", "3", "4", "5", "6", "7", "8", "…"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := tl.shorten(c.text); strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("shorten = %q, want %q", got, c.want)
			}
		})
	}
}
