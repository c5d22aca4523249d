package bot_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
)

var boardLineRE = regexp.MustCompile(`^(\d+)\. (\S+) (\d+) 分$`)

// TestQuizTwentyMembersAtRandom: the secretary opens a quiz of 10
// questions; 20 members each get the notice, press 开始答题 and answer
// at random one question at a time in the same message; each score is
// what their answers earn, their result lists the questions missed;
// /quiz status counts them; /quiz close posts one full scoreboard in
// rank order to the group chat and the commendations and per-section
// accuracy to the secretary; /report quiz and /me show the results.
func TestQuizTwentyMembersAtRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("presses some 300 buttons")
	}
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, _ := quizHarness(t, clk, branchbot.QuizRules{Scoreboard: branchbot.BoardFull})
	ms := addMembers(t, h.db, 5000, 20)
	us := usersOf(ms)
	pv := h.openQuiz("10 until 2026-12-07")
	for _, w := range []string{"题目：10 道", "截止：2026-12-07 24:00", "已私信通知 21 人"} {
		if !strings.Contains(pv.Text, w) {
			t.Errorf("preview lacks %q:\n%s", w, pv.Text)
		}
	}
	ans := newQuizAnswerer(h, 20)
	want := map[int64]int{}
	for i, u := range us {
		notice := h.wait(u.ID, "考学 #1")
		h.press(u, notice, button(t, notice, "开始答题"))
		if i == 5 {
			st := h.sayAndWait(secretary, "/quiz status", "进度")
			if !strings.Contains(st.Text, "答题中 1 人 · 已完成 5 人 · 未开始 15 人") || !strings.Contains(st.Text, "成员5019") {
				t.Errorf("status:\n%s", st.Text)
			}
		}
		for n := 0; n < 10; n++ {
			msg := h.message(u.ID, notice.ID)
			if !strings.Contains(msg.Text, fmt.Sprintf("第 %d/10 题", n+1)) {
				t.Fatalf("%s question %d reads:\n%s", u.FirstName, n+1, msg.Text)
			}
			if ans.answer(u, msg) {
				want[ms[i].ID]++
			}
		}
		right := want[ms[i].ID]
		res := h.wait(u.ID, fmt.Sprintf("成绩：%d 分（答对 %d/10 题）", branchbot.Percent(right, 10), right))
		if missed := strings.Count(res.Text, "正确答案："); missed != 10-right {
			t.Errorf("%s: %d questions missed listed, want %d:\n%s", u.FirstName, missed, 10-right, res.Text)
		}
		if right < 10 && !strings.Contains(res.Text, "解析：") {
			t.Errorf("result without explanations:\n%s", res.Text)
		}
		if got := h.message(u.ID, notice.ID); !strings.Contains(got.Text, "已交卷") || len(got.Keyboard) != 0 {
			t.Errorf("question message after the last answer: %q %v", got.Text, got.Keyboard)
		}
	}
	for i, m := range ms {
		a := h.attempt(1, m.ID)
		if a == nil || !a.Finished() || a.Right != want[m.ID] || len(a.Answers) != 10 {
			t.Errorf("member %d: attempt %+v, want %d right", i, a, want[m.ID])
		}
	}
	h.sayAndWait(secretary, "/quiz close", "已结束考学 #1")
	h.settle()
	boards := h.botMessages(quizGroup)
	if len(boards) != 1 {
		t.Fatalf("%d messages in the group chat:\n%s", len(boards), h.srv.Transcript(quizGroup))
	}
	board := boards[0].Text
	if !strings.Contains(board, "参加 20 人") {
		t.Errorf("board:\n%s", board)
	}
	prevScore, prevRank, listed := 101, 0, 0
	for i, ln := range strings.Split(board, "\n") {
		m := boardLineRE.FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		rank, _ := strconv.Atoi(m[1])
		score, _ := strconv.Atoi(m[3])
		listed++
		switch {
		case score > prevScore:
			t.Errorf("line %d: %q after a score of %d", i, ln, prevScore)
		case score == prevScore && rank != prevRank:
			t.Errorf("line %d: %q ties with rank %d", i, ln, prevRank)
		case score < prevScore && rank != listed:
			t.Errorf("line %d: %q should be rank %d", i, ln, listed)
		}
		prevScore, prevRank = score, rank
	}
	if listed != 20 {
		t.Errorf("%d ranked, want 20:\n%s", listed, board)
	}
	sum := h.wait(secretaryID, "考学 #1 汇总")
	for _, w := range []string{"各章节正确率", "参加 20 人 · 完成 20 人"} {
		if !strings.Contains(sum.Text, w) {
			t.Errorf("summary lacks %q:\n%s", w, sum.Text)
		}
	}
	if !strings.Contains(sum.Text, "拟表彰") && !strings.Contains(sum.Text, "无人达到 90 分") {
		t.Errorf("summary without commendations:\n%s", sum.Text)
	}
	rep := h.sayAndWait(secretary, "/report quiz 2026-Q4", "考学统计")
	if !strings.Contains(rep.Text, "参加 20/21 人 · 完成 20") {
		t.Errorf("report:\n%s", rep.Text)
	}
	me := h.sayAndWait(us[0], "/me", "学习记录")
	if !strings.Contains(me.Text, fmt.Sprintf("考学 #1：%d 分 · 第 ", branchbot.Percent(want[ms[0].ID], 10))) {
		t.Errorf("/me:\n%s", me.Text)
	}
	// A member's /quiz after the close says so.
	h.sayAndWait(us[1], "/quiz", "没有进行中的考学")
}

// TestQuizResumeAfterRestart: a member answers three questions, the bot
// stops and a new one starts on the same database; /quiz resumes at the
// fourth question in the same order, and at the end every answer is
// there once.
func TestQuizResumeAfterRestart(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, _ := quizHarness(t, clk, branchbot.QuizRules{})
	u := usersOf(addMembers(t, h.db, 5100, 1))[0]
	m := h.member(u.ID)
	h.openQuiz("6")
	notice := h.wait(u.ID, "考学 #1")
	h.press(u, notice, button(t, notice, "开始答题"))
	ans := newQuizAnswerer(h, 1)
	firstQ := h.message(u.ID, notice.ID)
	right := 0
	var asked []string
	for range 3 {
		msg := h.message(u.ID, notice.ID)
		asked = append(asked, strings.Split(msg.Text, "\n")[2])
		if ans.answer(u, msg) {
			right++
		}
	}
	before := h.attempt(1, m.ID)
	h.restart(nil)
	q := h.sayAndWait(u, "/quiz", "第 4/6 题")
	a := h.attempt(1, m.ID)
	if fmt.Sprint(a.Order, a.Options) != fmt.Sprint(before.Order, before.Options) || len(a.Answers) != 3 {
		t.Fatalf("attempt changed over the restart: %+v, was %+v", a, before)
	}
	for range 3 {
		msg := h.message(u.ID, q.ID)
		text := strings.Split(msg.Text, "\n")[2]
		for _, seen := range asked {
			if seen == text {
				t.Errorf("question %q asked again", text)
			}
		}
		if ans.answer(u, msg) {
			right++
		}
	}
	a = h.attempt(1, m.ID)
	if !a.Finished() || len(a.Answers) != 6 || a.Right != right {
		t.Fatalf("attempt %+v, want 6 answers, %d right", a, right)
	}
	h.wait(u.ID, fmt.Sprintf("答对 %d/6 题", right))
	h.sayAndWait(u, "/quiz", "您已完成考学 #1")
	// The old message's buttons, one question behind, do nothing.
	if text, _ := h.press(u, firstQ, firstQ.Keyboard[0][0].Data); text != "您已交卷。" {
		t.Errorf("a press on a finished attempt answered %q", text)
	}
	if got := h.attempt(1, m.ID); len(got.Answers) != 6 || got.Right != right {
		t.Errorf("a stale press changed the attempt: %+v", got)
	}
}

// TestQuizDoubleAndStalePresses: the same answer pressed twice counts
// once; a press on an earlier question's buttons (a second message with
// the question, from /quiz) is answered and changes nothing; a multiple
// choice needs a tick before 提交.
func TestQuizDoubleAndStalePresses(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, _ := quizHarness(t, clk, branchbot.QuizRules{})
	u := usersOf(addMembers(t, h.db, 5200, 1))[0]
	m := h.member(u.ID)
	h.openQuiz("12")
	first := h.sayAndWait(u, "/quiz", "第 1/12 题")
	second := h.sayAndWait(u, "/quiz", "第 1/12 题") // the same question again, resumed
	data := first.Keyboard[0][0].Data
	if strings.Contains(first.Text, "多选") {
		h.press(u, first, data)
		data = first.Keyboard[1][0].Data
	}
	h.press(u, first, data)
	// A double press: the same button again, Telegram's second update.
	text, _ := h.press(u, first, data)
	if !strings.Contains(text, "已作答") {
		t.Errorf("second press answered %q", text)
	}
	// The other message still shows question 1.
	text, _ = h.press(u, second, second.Keyboard[0][0].Data)
	if !strings.Contains(text, "已作答") {
		t.Errorf("press on the earlier question answered %q", text)
	}
	a := h.attempt(1, m.ID)
	if len(a.Answers) != 1 || len(a.Ticked) != 0 {
		t.Fatalf("after double and stale presses: %+v", a)
	}
	// Find a multiple choice and press 提交 with nothing ticked.
	ans := newQuizAnswerer(h, 2)
	for range 11 {
		msg := h.message(u.ID, first.ID)
		if strings.Contains(msg.Text, "多选") {
			text, _ := h.press(u, msg, msg.Keyboard[1][0].Data)
			if text != "请至少勾选一项。" {
				t.Errorf("提交 with nothing ticked answered %q", text)
			}
			h.press(u, msg, msg.Keyboard[0][0].Data)
			if got := h.message(u.ID, first.ID); !strings.HasPrefix(got.Keyboard[0][0].Text, "☑") || got.Text != msg.Text {
				t.Errorf("after a tick: %v\n%s", buttonTexts(got), got.Text)
			}
			h.press(u, msg, msg.Keyboard[0][0].Data) // untick
			if got := h.attempt(1, m.ID); len(got.Ticked) != 0 {
				t.Errorf("ticked %v after two presses", got.Ticked)
			}
		}
		ans.answer(u, h.message(u.ID, first.ID))
	}
	if a := h.attempt(1, m.ID); !a.Finished() || len(a.Answers) != 12 {
		t.Errorf("attempt %+v", a)
	}
}

// TestQuizForgedCallback: a member presses buttons whose data names
// another member's attempt (the owner forged): refused, audited, and
// neither attempt changes.
func TestQuizForgedCallback(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, _ := quizHarness(t, clk, branchbot.QuizRules{})
	us := usersOf(addMembers(t, h.db, 5300, 2))
	victim, thief := h.member(us[0].ID), h.member(us[1].ID)
	h.openQuiz("5")
	q := h.sayAndWait(us[0], "/quiz", "第 1/5 题")
	before := h.attempt(1, victim.ID)
	// The thief starts too, then sends the victim's data from a message
	// of their own.
	own := h.sayAndWait(us[1], "/quiz", "第 1/5 题")
	for _, data := range []string{
		q.Keyboard[0][0].Data,
		branchbot.Callback{Action: "qza", Owner: victim.ID, Arg: "1.0.1"}.MustEncode(),
		branchbot.Callback{Action: "qzs", Owner: victim.ID, Arg: "1.0"}.MustEncode(),
	} {
		text, alert := h.press(us[1], own, data)
		if !alert || !strings.Contains(text, "不是发给您的") && !strings.Contains(text, "不是") {
			t.Errorf("forged press answered %q alert=%v", text, alert)
		}
	}
	after := h.attempt(1, victim.ID)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("victim's attempt changed: %+v → %+v", before, after)
	}
	if a := h.attempt(1, thief.ID); len(a.Answers) != 0 {
		t.Errorf("thief's attempt changed: %+v", a)
	}
	if n := h.refusals(); n < 3 {
		t.Errorf("%d refusals audited, want 3", n)
	}
}

// TestQuizDeadlineWhileDown: reminders go once to those not finished,
// the one in the quiet hours moved before them; the deadline passes
// while the bot is down; on the restart the first pass closes the quiz
// and posts the scoreboard (distribution, no names below the pass mark)
// once, however many passes follow.
func TestQuizDeadlineWhileDown(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, tick := quizHarness(t, clk, branchbot.QuizRules{Days: 3, Remind: []int{48, 1}, Scoreboard: branchbot.BoardDistribution, PassMark: 50})
	us := usersOf(addMembers(t, h.db, 5400, 3))
	h.openQuiz("4")
	// Deadline 2026-12-04 00:00. us[0] finishes, us[1] answers one.
	ans := newQuizAnswerer(h, 3)
	q0 := h.sayAndWait(us[0], "/quiz", "第 1/4 题")
	for range 4 {
		ans.answer(us[0], h.message(us[0].ID, q0.ID))
	}
	q1 := h.sayAndWait(us[1], "/quiz", "第 1/4 题")
	ans.answer(us[1], h.message(us[1].ID, q1.ID))

	if res := tick(local(2026, 12, 1, 23, 59)); res.Reminders != 0 {
		t.Errorf("reminders before their time: %+v", res)
	}
	if res := tick(local(2026, 12, 2, 0, 0)); res.Reminders != 0 {
		t.Errorf("a reminder in the quiet hours: %+v", res)
	}
	if res := tick(local(2026, 12, 2, 7, 0)); res.Reminders != 3 || res.Late != 3 {
		// us[1], us[2] and the secretary; held by the quiet hours.
		t.Errorf("48 h reminders: %+v", res)
	}
	h.wait(us[1].ID, "您已答 1/4 题")
	h.wait(us[2].ID, "您还没有开始")
	if res := tick(local(2026, 12, 2, 8, 0)); res.Reminders != 0 {
		t.Errorf("reminders twice: %+v", res)
	}
	// 1 h before midnight is in the quiet hours: it goes at 21:59.
	if res := tick(local(2026, 12, 3, 21, 58)); res.Reminders != 0 {
		t.Errorf("early: %+v", res)
	}
	if res := tick(local(2026, 12, 3, 21, 59)); res.Reminders != 3 || res.Late != 0 {
		t.Errorf("1 h reminders: %+v", res)
	}
	if _, n := lastWith(h, us[0].ID, "⏰"); n != 0 {
		t.Errorf("the member who finished got %d reminders", n)
	}

	h.restart(func() { clk.Set(local(2026, 12, 5, 9, 0)) })
	for range 3 {
		tick(local(2026, 12, 5, 9, 0))
	}
	h.restart(nil)
	if res := tick(local(2026, 12, 5, 9, 1)); res != (schedule.QuizResult{}) {
		t.Errorf("a pass after the close: %+v", res)
	}
	h.settle()
	boards := h.botMessages(quizGroup)
	if len(boards) != 1 {
		t.Fatalf("%d scoreboards:\n%s", len(boards), h.srv.Transcript(quizGroup))
	}
	if _, n := lastWith(h, secretaryID, "考学 #1 汇总"); n != 1 {
		t.Errorf("%d summaries to the secretary", n)
	}
	board := boards[0].Text
	if !strings.Contains(board, "参加 2 人") || !strings.Contains(board, "90–100 分") {
		t.Errorf("board:\n%s", board)
	}
	a1 := h.attempt(1, h.member(us[1].ID).ID)
	if branchbot.Percent(a1.Right, 4) < 50 == strings.Contains(board, us[1].FirstName) {
		t.Errorf("%s (%d right of 4) named or not against the pass mark:\n%s", us[1].FirstName, a1.Right, board)
	}
	h.view(func(tx *store.Tx) error {
		q, err := tx.Quiz(1)
		if err != nil || q.State != branchbot.QuizClosed || !q.Posted || !q.ClosedAt.Equal(local(2026, 12, 5, 9, 0)) {
			t.Errorf("quiz %+v %v", q, err)
		}
		return nil
	})
	// 开始答题 after the close starts nothing.
	last, _ := lastWith(h, us[2].ID, "⏰")
	h.press(us[2], last, button(t, last, "开始答题"))
	if got := h.message(us[2].ID, last.ID); !strings.Contains(got.Text, "没有进行中的考学") {
		t.Errorf("开始答题 after the close: %q", got.Text)
	}
	if a := h.attempt(1, h.member(us[2].ID).ID); a != nil {
		t.Errorf("an attempt started after the close: %+v", a)
	}
}
