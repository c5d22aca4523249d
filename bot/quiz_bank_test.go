package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

func withQuizBank(qb *branchbot.QuestionBank, study *branchbot.StudyRules) harnessOption {
	return func(o *bot.Options, _ *[]telegramtest.Option) {
		o.QuizBank, o.Study = qb, study
	}
}

// quizTestBank has questions on the sections nature and long of
// testHandbook, none on paper.
func quizTestBank() *branchbot.QuestionBank {
	q := func(id, section string, kind branchbot.QuestionKind) branchbot.Question {
		return branchbot.Question{ID: id, Section: section, Kind: kind, Text: "问？", Options: []string{"甲", "乙", "丙"}, Answer: []int{0}, Explanation: "因为。"}
	}
	return &branchbot.QuestionBank{Questions: []branchbot.Question{
		q("n1", "nature", branchbot.SingleChoice), q("n2", "nature", branchbot.SingleChoice), q("n3", "nature", branchbot.TrueFalse),
		q("l1", "long", branchbot.MultipleChoice),
	}}
}

// TestQuizBankCommand: /quiz bank gives the secretary the bank's size and,
// per handbook section in order, the questions of each kind, and names the
// sections without any; in English too. Members are refused (and it is
// audited); without a bank the answer says how to set one.
func TestQuizBankCommand(t *testing.T) {
	h := newHarness(t, withQuizBank(quizTestBank(), testRules()))
	got := h.sayAndWait(secretary, "/quiz 题库", "题库")
	for _, w := range []string{
		"📚 题库：共 4 题，涉及 2 节\n单选 2 · 多选 1 · 判断 1\n",
		"\n1. 党的性质和宗旨：3 题（单选 2 · 多选 0 · 判断 1）\n2. 长篇阅读：1 题（单选 0 · 多选 1 · 判断 0）\n",
		"⚠️ 以下 1 节还没有题目：纸质手册",
		"按本季度学习过的章节加权抽题",
	} {
		if !strings.Contains(got.Text, w) {
			t.Errorf("/quiz 题库 lacks %q:\n%s", w, got.Text)
		}
	}

	h.sayAndWait(secretary, "/lang en", "English")
	got = h.sayAndWait(secretary, "/quiz bank", "Question bank")
	for _, w := range []string{
		"📚 Question bank: 4 questions over 2 sections\nsingle choice 2 · multiple choice 1 · true/false 1",
		"1. Nature and purpose: 3 (single choice 2 · multiple choice 0 · true/false 1)",
		"2. 长篇阅读: 1 (single choice 0 · multiple choice 1 · true/false 0)",
		"⚠️ 1 section has no questions yet: 纸质手册",
	} {
		if !strings.Contains(got.Text, w) {
			t.Errorf("/quiz bank lacks %q:\n%s", w, got.Text)
		}
	}
	h.sayAndWait(secretary, "/quiz", "There is no quiz open now.")

	ms := addMembers(t, h.db, 7000, 1)
	h.sayAndWait(userOf(ms[0]), "/quiz 题库", "抱歉，/quiz bank 仅限书记使用。")
	refused := false
	h.view(func(tx *store.Tx) error {
		return tx.ForEachAudit(func(e branchbot.AuditEntry) error {
			refused = refused || (e.Refused && strings.Contains(e.Detail, "/quiz bank"))
			return nil
		})
	})
	if !refused {
		t.Error("the refused /quiz bank is not in the audit log")
	}
}

// TestQuizBankCommandWithoutHandbook: with daily study off the sections
// are listed by id; with no bank quizzes are off.
func TestQuizBankCommandWithoutHandbook(t *testing.T) {
	h := newHarness(t, withQuizBank(quizTestBank(), nil))
	got := h.sayAndWait(secretary, "/quiz 题库", "题库")
	if !strings.Contains(got.Text, "\nnature：3 题（单选 2 · 多选 0 · 判断 1）\nlong：1 题（单选 0 · 多选 1 · 判断 0）") || strings.Contains(got.Text, "还没有题目") {
		t.Errorf("/quiz 题库 without a handbook:\n%s", got.Text)
	}

	off := newHarness(t)
	off.sayAndWait(secretary, "/quiz 题库", "测验未开启：还没有题库。请在配置文件中设置 quiz.bank")
}
