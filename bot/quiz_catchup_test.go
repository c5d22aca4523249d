package bot_test

import (
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// TestQuizNoticeForLateJoiner: a member who joins while a quiz is open
// gets its notice, once, with the button to start, and can take it; a
// member who had blocked the bot when it opened gets it when they write
// again; one who had it gets nothing again; after the close nobody new
// is told.
func TestQuizNoticeForLateJoiner(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, _ := quizHarness(t, clk, branchbot.QuizRules{})
	ms := addMembers(t, h.db, 5000, 2)
	told, blocked := userOf(ms[0]), userOf(ms[1])
	h.srv.FailChat(blocked.ID, 403, "Forbidden: bot was blocked by the user")
	h.openQuiz("3 until 2026-12-07")
	if _, n := lastWith(h, told.ID, "考学 #1"); n != 1 {
		t.Fatalf("a member had %d notices, want 1", n)
	}
	if m := h.member(blocked.ID); !m.Unreachable {
		t.Fatalf("the blocked member is not marked unreachable: %+v", m)
	}

	clk.Set(local(2026, 12, 2, 9, 0))
	late := telegramtest.User{ID: 5101, FirstName: "新来"}
	h.joinAnother(late, "新来")
	h.settle()
	got, n := lastWith(h, late.ID, "考学 #1")
	if n != 1 || button(t, got, "开始答题") == "" {
		t.Fatalf("the late joiner got %d notices: %+v", n, got)
	}
	takeQuizAs(h, newQuizAnswerer(h, 3), late, true, true, true)
	if a := h.attempt(1, h.member(late.ID).ID); a == nil || !a.Finished() || a.Right != 3 {
		t.Errorf("the late joiner's attempt %+v", a)
	}

	h.srv.ClearChat(blocked.ID)
	h.sayAndWait(blocked, "/help", "可用命令")
	h.settle()
	if _, n := lastWith(h, blocked.ID, "考学 #1"); n != 1 {
		t.Errorf("the member back had %d notices, want 1", n)
	}
	for _, u := range []telegramtest.User{told, late, blocked} {
		before := len(h.botMessages(u.ID))
		h.sayAndWait(u, "/help", "可用命令")
		h.settle()
		if n := len(h.botMessages(u.ID)); n != before+1 {
			t.Errorf("%s got %d messages after writing again, want only the answer", u.FirstName, n-before)
		}
	}
	var q *branchbot.Quiz
	h.view(func(tx *store.Tx) (err error) { q, err = tx.Quiz(1); return err })
	if q.Notified != 3 { // the three queued when it opened
		t.Errorf("notified %d, want 3", q.Notified)
	}

	// After the close a newcomer is not told of it.
	h.sayAndWait(secretary, "/quiz close", "已结束考学 #1")
	after := telegramtest.User{ID: 5102, FirstName: "后来"}
	h.joinAnother(after, "后来")
	h.settle()
	if _, n := lastWith(h, after.ID, "考学 #1"); n != 0 {
		t.Errorf("a member who joined after the close got %d notices", n)
	}
}
