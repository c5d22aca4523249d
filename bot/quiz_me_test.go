package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot/internal/clocktest"
)

// TestMeQuizWithoutStudy: in a branch without the daily study, /me still
// shows a member's quiz: handed in while it is open, then the score and
// place once it closes; one who did not take it reads so.
func TestMeQuizWithoutStudy(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h := newStudyHarness(t, clk, nil)
	h.opts.QuizBank, h.opts.GroupChat, h.opts.Quiet = testQuizBank(), quizGroup, quiet22to7
	h.restart(nil)
	h.sayAndWait(secretary, "/help", "可用命令")
	us := usersOf(addMembers(t, h.db, 5000, 2))
	h.openQuiz("3 until 2026-12-07")
	takeQuizAs(h, newQuizAnswerer(h, 1), us[0], true, true, false)
	h.sayAndWait(us[0], "/me", "📝 考学 #1 已交卷：67 分")
	h.sayAndWait(us[1], "/me", "📝 考学 #1 未开始，截止 2026-12-07 24:00")
	h.sayAndWait(secretary, "/quiz close", "已结束考学 #1")
	me := h.sayAndWait(us[0], "/me", "📝 考学 #1：67 分 · 第 1/1 名 · 及格")
	if !strings.Contains(me.Text, "未开启每日学习") {
		t.Errorf("/me without the study:\n%s", me.Text)
	}
	h.sayAndWait(us[1], "/me", "📝 考学 #1 未参加")
}
