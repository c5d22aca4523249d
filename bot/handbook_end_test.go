package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
)

// TestHandbookEndAsked: three sections before the end of the handbook the
// secretary is asked, once per round, whether members start again or a
// new handbook comes; the answer is a button.
func TestHandbookEndAsked(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 9, 0))
	rules := testRules()
	rules.Handbook.Sections = append(rules.Handbook.Sections,
		branchbot.Section{ID: "four", Title: "第四节", Reading: "四", Minutes: 10},
		branchbot.Section{ID: "five", Title: "第五节", Reading: "五", Minutes: 10})
	h := newStudyHarness(t, clk, rules)
	h.sayAndWait(secretary, "/help", "可用命令")
	ms := addMembers(t, h.db, 6401, 4)
	today := dayOf(2026, 11, 25)
	h.update(func(tx *store.Tx) error {
		for i, m := range ms {
			p, err := tx.StudyPlan(m.ID)
			if err != nil {
				return err
			}
			p.Section = uint16(min(i, 2))
			if i == 3 {
				// A member in the second round: section 5 done before.
				p.JoinedDay = today - 10
				if err := tx.PutStudyDay(m.ID, today-6, branchbot.StudyDay{Status: branchbot.DayDone, Section: 5}); err != nil {
					return err
				}
			}
			if err := tx.PutStudyPlan(p); err != nil {
				return err
			}
		}
		return nil
	})
	asked := func() []string {
		var out []string
		for _, m := range h.botMessages(secretaryID) {
			if strings.Contains(m.Text, "学完以后怎么办") {
				out = append(out, m.Text)
			}
		}
		return out
	}

	h.sayAndWait(userOf(ms[0]), "/done", "已记录") // 4 sections left
	h.settle()
	if got := asked(); len(got) != 0 {
		t.Fatalf("asked with 4 sections left: %q", got)
	}
	h.sayAndWait(userOf(ms[1]), "/done", "已记录") // 3 left
	q := h.wait(secretaryID, "学完以后怎么办")
	if !strings.Contains(q.Text, "《党章学习手册》共 5 节，进度最快的党员还剩 3 节") {
		t.Errorf("question %q", q.Text)
	}
	h.sayAndWait(userOf(ms[2]), "/done", "已记录") // the same round: asked already
	h.settle()
	if got := asked(); len(got) != 1 {
		t.Fatalf("asked %d times in one round: %q", len(got), got)
	}
	h.press(secretary, q, button(t, q, "从头再学"))
	if got := h.message(secretaryID, q.ID); !strings.Contains(got.Text, "从第 1 节重新开始") || len(got.Keyboard) != 0 {
		t.Errorf("after 从头再学: %q %v", got.Text, buttonTexts(got))
	}

	h.sayAndWait(userOf(ms[3]), "/done", "已记录") // the next round asks again
	first := q
	q = h.wait(secretaryID, "学完以后怎么办")
	if got := asked(); len(got) != 1 || q.ID == first.ID {
		t.Fatalf("not asked again in the next round: %q", got)
	}
	h.press(secretary, q, button(t, q, "稍后更换"))
	if got := h.message(secretaryID, q.ID); !strings.Contains(got.Text, "study.handbook") {
		t.Errorf("after 稍后更换: %q", got.Text)
	}
}
