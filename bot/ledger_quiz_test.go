package bot_test

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/telegramtest"
)

// answerAs answers the question msg (in u's chat) shows, right or wrong
// as asked.
func (a *quizAnswerer) answerAs(u telegramtest.User, msg telegramtest.Message, right bool) {
	h := a.h
	h.t.Helper()
	q, shown := a.question(msg)
	if q.Kind != branchbot.MultipleChoice {
		for k, o := range shown {
			if (o == q.Answer[0]) == right {
				h.press(u, msg, msg.Keyboard[0][k].Data)
				return
			}
		}
		h.t.Fatalf("no option to answer %q %v", q.Text, right)
	}
	// Wrong is one of the right options alone: every multiple choice of
	// the bank has more than one.
	for k, o := range shown {
		if slices.Contains(q.Answer, o) && (right || o == q.Answer[0]) {
			h.press(u, msg, msg.Keyboard[0][k].Data)
		}
	}
	h.press(u, msg, msg.Keyboard[1][0].Data)
}

// takeQuizAs has u start quiz #1 from its notice and answer n questions,
// right as rights says.
func takeQuizAs(h *harness, a *quizAnswerer, u telegramtest.User, rights ...bool) {
	h.t.Helper()
	notice := h.wait(u.ID, "考学 #1")
	h.press(u, notice, button(h.t, notice, "开始答题"))
	for _, right := range rights {
		a.answerAs(u, h.message(u.ID, notice.ID), right)
	}
	h.settle()
}

// TestLedgerQuiz: a quiz of five questions in the ledger's month: 张三
// answers all right, 孙五 and 李组长 three each, 赵支委 one question
// and stops, two do not take it; closed by hand. The secretary's ledger
// has the 考学成绩 sheet: the quiz's dates, questions and state, each
// member's state, score, shared place, pass and commendation, the totals
// as formulas Excel computes to the same, and the accuracy per section
// adding up to the answers given. A group leader's ledger has no such
// sheet.
func TestLedgerQuiz(t *testing.T) {
	h := ledgerMonth(t)
	h.restart(func() { h.opts.QuizBank, h.opts.Quiz = testQuizBank(), branchbot.QuizRules{PassMark: 60, Commend: 90} })
	h.openQuiz("5 until 2026-12-07")
	a := newQuizAnswerer(h, 1)
	takeQuizAs(h, a, subjectU, true, true, true, true, true)
	takeQuizAs(h, a, memberU, true, false, true, false, true)
	takeQuizAs(h, a, leaderU, false, true, true, true, false)
	takeQuizAs(h, a, committeU, true)
	h.sayAndWait(secretary, "/quiz close", "已结束考学 #1")
	h.settle()

	f := ledgerOf(t, h, secretary, "", "台账-2026-12.xlsx")
	const s = "考学成绩"
	if got := f.GetSheetList(); !slices.Contains(got, s) || got[len(got)-2] != s {
		t.Fatalf("sheets %v: want %s before the audit log", got, s)
	}
	cellIs(t, f, s, "A3", "考学 #1 · 2026-12-05 至 2026-12-07 · 已结束")
	info, _ := f.GetCellValue(s, "A4")
	if !strings.HasPrefix(info, "题目 5 道 · 及格 60 分 · 表彰 90 分 · 发布 2026-12-05 10:00 · 截止 2026-12-07 24:00 · 结束 2026-12-05") {
		t.Errorf("info line %q", info)
	}
	cellIs(t, f, s, "A6", "序号")
	cellIs(t, f, s, "H6", "得分（%）")
	rows, _ := f.GetRows(s)
	want := [][]string{
		{"1", "张三", "一组", "已完成", "2026-12-05 10:00", "2026-12-05 10:00", "5", "100", "1", "✓", "✓"},
		{"2", "孙五", "一组", "已完成", "2026-12-05 10:00", "2026-12-05 10:00", "3", "60", "2", "✓", "✗"},
		{"3", "李组长", "一组", "已完成", "2026-12-05 10:00", "2026-12-05 10:00", "3", "60", "2", "✓", "✗"},
		{"4", "赵支委", "未分组", "答题中", "2026-12-05 10:00", "", "1", "20", "4", "✗", "✗"},
		{"5", "王组长", "二组", "未参加"},
		{"6", "王书记", "未分组", "未参加"},
	}
	for i, w := range want {
		if got := rows[6+i]; strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("row %d = %q, want %q", 7+i, got, w)
		}
	}
	// The totals: took it, finished, average, passed, commended.
	for i, c := range []struct{ ref, label, want string }{
		{"B5", "参加", "4"}, {"D5", "完成", "3"}, {"F5", "平均分", "60"}, {"H5", "及格", "3"}, {"J5", "表彰", "1"},
	} {
		if label := rows[4][2*i]; label != c.label {
			t.Errorf("%s's label %q, want %q", c.ref, label, c.label)
		}
		if got := calc(t, f, s, c.ref); got != c.want {
			t.Errorf("%s (%s) = %s, want %s", c.ref, c.label, got, c.want)
		}
	}
	if fm, _ := f.GetCellFormula(s, "F5"); !strings.Contains(fm, "AVERAGE(H7:H12)") {
		t.Errorf("average formula %q", fm)
	}
	if fm, _ := f.GetCellFormula(s, "H5"); fm != `COUNTIF(H7:H12,">=60")` {
		t.Errorf("pass formula %q", fm)
	}

	// The sections: 16 answers given, 12 right, the least well answered
	// first, each rate the formula of its counts.
	head := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "各章节正确率（低者在前）" })
	if head < 0 {
		t.Fatalf("no sections:\n%q", rows)
	}
	if got := strings.Join(rows[head+1], "|"); got != "序号|章节|||||答对|作答|正确率|建议重学" {
		t.Errorf("sections' header %q", got)
	}
	right, answered, prev := 0, 0, -1.0
	for i, r := range rows[head+2:] {
		if len(r) < 9 || !strings.HasPrefix(r[1], "第") {
			t.Errorf("section row %q", r)
			continue
		}
		n, _ := strconv.Atoi(r[6])
		d, _ := strconv.Atoi(r[7])
		right, answered = right+n, answered+d
		ref := cellName("I", head+3+i)
		v, _ := strconv.ParseFloat(calc(t, f, s, ref), 64)
		if d == 0 || math.Abs(v-float64(n)/float64(d)) > 1e-9 || v < prev-1e-9 {
			t.Errorf("%s = %v for %d/%d after %v", ref, v, n, d, prev)
		}
		if again := len(r) > 9 && r[9] == "建议重学"; again != (branchbot.Percent(n, d) < 60) {
			t.Errorf("section %q marked %v", r, again)
		}
		prev = v
	}
	if right != 12 || answered != 16 {
		t.Errorf("sections add up to %d/%d, want 12/16", right, answered)
	}
	if p, _ := f.GetPanes(s); !p.Freeze || p.YSplit != 1 {
		t.Errorf("quiz panes %+v", p)
	}
	if lay, err := f.GetPageLayout(s); err != nil || lay.Size == nil || *lay.Size != 9 {
		t.Errorf("page layout %+v %v", lay, err)
	}
	wellFormed(t, workbookBytes(t, f))

	// A group leader's ledger has no quiz scores.
	lf := ledgerOf(t, h, leaderU, "", "台账-2026-12.xlsx")
	if slices.Contains(lf.GetSheetList(), s) {
		t.Errorf("a leader's ledger has %s: %v", s, lf.GetSheetList())
	}
}
