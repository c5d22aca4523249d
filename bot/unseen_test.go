package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/telegramtest"
)

// Credit without reading: done typed before the day's prompt sends the
// section with the done recorded, and the scheduler sends no prompt that
// day; done before the member's first study day is refused, saying when
// that is.
func TestDoneBeforePrompt(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 6, 0))
	rules := testRules()
	h := newStudyHarness(t, clk, rules)
	tick := h.studyTicker(clk, rules)
	today := dayOf(2026, 11, 25)
	ms := addMembers(t, h.db, 4201, 2)
	h.setJoined(ms, today-3)

	t.Run("已学 at 06:00 before the 07:30 prompt", func(t *testing.T) {
		m, u := ms[0], telegramtest.User{ID: ms[0].TelegramID, FirstName: ms[0].Name}
		n := len(h.botMessages(u.ID))
		reply := h.sayAndWait(u, "已学", "✅ 已记录：第1节《党的性质和宗旨》")
		if !strings.Contains(reply.Text, "本节内容已发在上方") {
			t.Errorf("the answer does not point to the section:\n%s", reply.Text)
		}
		msgs := h.botMessages(u.ID)[n:]
		if len(msgs) != 2 {
			t.Fatalf("%d messages, want the section and the answer", len(msgs))
		}
		sec := msgs[0]
		for _, want := range []string{"📖 黄金一刻 · 第1节/共3节 · 党的性质和宗旨", "党章开篇的总纲", "💭 思考：", "✅ 已学 · 连续 1 天"} {
			if !strings.Contains(sec.Text, want) {
				t.Errorf("section sent lacks %q:\n%s", want, sec.Text)
			}
		}
		if len(sec.Keyboard) != 0 {
			t.Errorf("section sent with buttons %v", buttonTexts(sec))
		}
		rec := h.studyDay(m.ID, today)
		if rec.Status != branchbot.DayDone || !rec.Prompted || rec.Prompts != 1 || rec.Section != 1 {
			t.Errorf("record %+v", rec)
		}
		if p := h.plan(m.ID); p.Section != 1 || p.DoneDay != today {
			t.Errorf("plan section %d done %s", p.Section, p.DoneDay)
		}
		n = len(h.botMessages(u.ID))
		if res := tick(local(2026, 11, 25, 7, 30)); res.Prompts == 0 {
			t.Errorf("07:30: %+v, want the others' prompts", res) // the scheduler did run
		}
		if len(h.botMessages(u.ID)) != n {
			t.Errorf("the day's prompt came again after done:\n%s", h.srv.Transcript(u.ID))
		}
		// Tomorrow brings the next section, the first one having been seen.
		tick(local(2026, 11, 26, 7, 30))
		if got := h.latestFromBot(u); !strings.Contains(got.Text, "第2节/共3节 · 长篇阅读") {
			t.Errorf("tomorrow's prompt:\n%s", got.Text)
		}
	})

	t.Run("done again changes nothing", func(t *testing.T) {
		u := telegramtest.User{ID: ms[1].TelegramID, FirstName: ms[1].Name}
		clk.Set(local(2026, 11, 26, 7, 40))
		h.sayAndWait(u, "/done 20", "✅ 已记录：第1节")
		before := len(h.botMessages(u.ID))
		h.sayAndWait(u, "已学", "已经打过卡了")
		if got := len(h.botMessages(u.ID)); got != before+1 {
			t.Errorf("%d messages after a second done, want the one answer", got-before)
		}
	})

	t.Run("the evening one joins", func(t *testing.T) {
		clk.Set(local(2026, 11, 26, 20, 0))
		u := telegramtest.User{ID: 4290, FirstName: "新人"}
		m := h.join(u, "新人")
		for _, text := range []string{"/done", "已学"} {
			reply := h.sayAndWait(u, text, "还没有给您发过学习内容，现在不能打卡")
			if !strings.Contains(reply.Text, "您的第一次学习提醒在明天 07:30") {
				t.Errorf("%s: refusal does not say when:\n%s", text, reply.Text)
			}
		}
		if rec := h.studyDay(m.ID, today+1); rec != (branchbot.StudyDay{}) {
			t.Errorf("record changed: %+v", rec)
		}
		if p := h.plan(m.ID); p.Section != 0 || p.DoneDay != 0 {
			t.Errorf("plan changed: section %d done %s", p.Section, p.DoneDay)
		}
		h.sayAndWait(u, "/lang en", "English")
		h.sayAndWait(u, "/done", "No study section has been sent to you yet")
	})
}
