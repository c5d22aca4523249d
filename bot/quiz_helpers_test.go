package bot_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

const quizGroup = -100777

// testQuizBank is a small bank of the three kinds on the test handbook's
// sections; every question's text is unique, so a test finds a question
// by the text it reads.
func testQuizBank() *branchbot.QuestionBank {
	single := func(id, sec, text string, opts []string, right int, expl string) branchbot.Question {
		return branchbot.Question{ID: id, Section: sec, Kind: branchbot.SingleChoice, Text: text, Options: opts, Answer: []int{right}, Explanation: expl}
	}
	multi := func(id, sec, text string, opts []string, right []int, expl string) branchbot.Question {
		return branchbot.Question{ID: id, Section: sec, Kind: branchbot.MultipleChoice, Text: text, Options: opts, Answer: right, Explanation: expl}
	}
	tf := func(id, sec, text string, right int, expl string) branchbot.Question {
		return branchbot.Question{ID: id, Section: sec, Kind: branchbot.TrueFalse, Text: text, Answer: []int{right}, Explanation: expl}
	}
	return &branchbot.QuestionBank{Questions: []branchbot.Question{
		single("s1", "nature", "党的根本宗旨是什么？", []string{"全心全意为人民服务", "发展经济", "维护稳定", "改革开放"}, 0, "党章总纲写明根本宗旨是全心全意为人民服务。"),
		single("s2", "nature", "党的最高理想和最终目标是什么？", []string{"全面小康", "实现共产主义", "现代化", "共同富裕"}, 1, "党的最高理想和最终目标是实现共产主义。"),
		single("s3", "long", "党的组织原则是什么？", []string{"集体领导", "民主集中制", "个人负责", "分级管理"}, 1, "民主集中制是党的根本组织原则。"),
		single("s4", "paper", "预备党员的预备期为几年？", []string{"半年", "一年", "两年"}, 1, "预备期为一年。"),
		single("s5", "paper", "党员连续几个月不交纳党费又无正当理由视为自行脱党？", []string{"三个月", "六个月", "十二个月"}, 1, "连续六个月不交纳党费视为自行脱党。"),
		multi("m1", "nature", "党员的权利包括哪些？", []string{"参加党的有关会议", "在党内讨论会上发表意见", "对党的工作提出建议", "免交党费"}, []int{0, 1, 2}, "免交党费不是党员的权利。"),
		multi("m2", "long", "民主集中制的基本原则包括哪些？", []string{"个人服从组织", "少数服从多数", "下级组织服从上级组织", "上级服从下级"}, []int{0, 1, 2}, "上级服从下级不是民主集中制的原则。"),
		multi("m3", "paper", "党的纪律包括哪些？", []string{"政治纪律", "组织纪律", "廉洁纪律", "群众纪律"}, []int{0, 1, 2, 3}, "六项纪律包括这四项。"),
		multi("m4", "long", "“三会一课”中的“三会”是指哪些？", []string{"支部党员大会", "支部委员会", "党小组会", "座谈会"}, []int{0, 1, 2}, "三会是支部党员大会、支部委员会和党小组会。"),
		tf("t1", "nature", "党章规定党员必须履行党员义务。", 0, "履行义务是每名党员的责任。"),
		tf("t2", "long", "党小组会可以代替支部党员大会。", 1, "党小组会不能代替支部党员大会。"),
		tf("t3", "paper", "预备党员有表决权。", 1, "预备党员没有表决权、选举权和被选举权。"),
	}}
}

// quizHarness is a study harness whose bot has the test bank, rules as
// given and a group chat; tick runs the quiz part of the scheduler at an
// instant, as after a restart (a new scheduler each time), and waits for
// what it queued to go out.
func quizHarness(t *testing.T, clk *clocktest.Clock, rules branchbot.QuizRules) (*harness, func(time.Time) schedule.QuizResult) {
	t.Helper()
	h := newStudyHarness(t, clk, testRules())
	h.opts.QuizBank, h.opts.Quiz, h.opts.GroupChat, h.opts.Quiet = testQuizBank(), rules, quizGroup, quiet22to7
	h.restart(nil)
	h.sayAndWait(secretary, "/help", "可用命令")
	tick := func(at time.Time) schedule.QuizResult {
		t.Helper()
		sched, err := schedule.New(schedule.Options{Store: h.db, Now: clk.Now, Location: shanghai, Quiet: quiet22to7,
			Quizzes: h.bot, Notify: h.bot.Kick})
		if err != nil {
			t.Fatal(err)
		}
		clk.Set(at)
		res, err := sched.TickQuizzes(at)
		if err != nil {
			t.Fatal(err)
		}
		h.settle()
		return res
	}
	return h, tick
}

// openQuiz has the secretary open a quiz with the words after /quiz open
// and confirm the preview.
func (h *harness) openQuiz(args string) telegramtest.Message {
	h.t.Helper()
	pv := h.sayAndWait(secretary, strings.TrimSpace("/quiz open "+args), "考学预览")
	if text, _ := h.press(secretary, pv, button(h.t, pv, "发布")); text != "" {
		h.t.Fatalf("发布 answered %q", text)
	}
	h.settle()
	return h.message(secretaryID, pv.ID)
}

func usersOf(ms []*branchbot.Member) []telegramtest.User {
	us := make([]telegramtest.User, len(ms))
	for i, m := range ms {
		us[i] = userOf(m)
	}
	return us
}

// quizAnswerer answers the questions of a quiz as a member reads them.
type quizAnswerer struct {
	h      *harness
	byText map[string]*branchbot.Question
	rng    *rand.Rand
}

func newQuizAnswerer(h *harness, seed uint64) *quizAnswerer {
	a := &quizAnswerer{h: h, byText: map[string]*branchbot.Question{}, rng: rand.New(rand.NewPCG(seed, 13))}
	bank := testQuizBank()
	for i := range bank.Questions {
		a.byText[bank.Questions[i].Text] = &bank.Questions[i]
	}
	return a
}

// question reads the question msg shows: the bank's question and, per
// button, the bank's index of the option it stands for.
func (a *quizAnswerer) question(msg telegramtest.Message) (*branchbot.Question, []int) {
	t := a.h.t
	t.Helper()
	lines := strings.Split(msg.Text, "\n")
	if len(lines) < 3 {
		t.Fatalf("not a question: %q", msg.Text)
	}
	q := a.byText[lines[2]]
	if q == nil {
		t.Fatalf("no question %q in the bank:\n%s", lines[2], msg.Text)
	}
	var shown []int
	if q.Kind == branchbot.TrueFalse {
		for _, b := range msg.Keyboard[0] {
			shown = append(shown, map[string]int{"对": 0, "错": 1}[b.Text])
		}
		return q, shown
	}
	for k := range msg.Keyboard[0] {
		prefix := string("ABCDEFGH"[k]) + ". "
		for _, ln := range lines {
			if text, ok := strings.CutPrefix(ln, prefix); ok {
				shown = append(shown, slices.Index(q.Options, text))
			}
		}
	}
	if len(shown) != len(q.Options) || slices.Contains(shown, -1) {
		t.Fatalf("options %v of %q:\n%s", shown, q.Text, msg.Text)
	}
	return q, shown
}

// answer answers the question msg (in u's chat) shows at random, and
// reports whether the answer was right.
func (a *quizAnswerer) answer(u telegramtest.User, msg telegramtest.Message) bool {
	h := a.h
	h.t.Helper()
	q, shown := a.question(msg)
	var chosen []int
	if q.Kind != branchbot.MultipleChoice {
		k := a.rng.IntN(len(shown))
		chosen = []int{shown[k]}
		if text, _ := h.press(u, msg, msg.Keyboard[0][k].Data); text != "" {
			h.t.Fatalf("answer answered %q", text)
		}
	} else {
		// Right half the time, so that some score high.
		if a.rng.IntN(2) == 0 {
			chosen = slices.Clone(q.Answer)
		} else {
			for k := range shown {
				if a.rng.IntN(2) == 0 {
					chosen = append(chosen, shown[k])
				}
			}
			if len(chosen) == 0 {
				chosen = []int{shown[0]}
			}
		}
		for k, o := range shown {
			if slices.Contains(chosen, o) {
				h.press(u, msg, msg.Keyboard[0][k].Data)
			}
		}
		if text, _ := h.press(u, msg, msg.Keyboard[1][0].Data); text != "" {
			h.t.Fatalf("提交 answered %q", text)
		}
	}
	slices.Sort(chosen)
	return slices.Equal(chosen, q.Answer)
}

// attempt reads member m's attempt at quiz id.
func (h *harness) attempt(id, m int64) *branchbot.QuizAttempt {
	h.t.Helper()
	var a *branchbot.QuizAttempt
	h.view(func(tx *store.Tx) (err error) {
		var ok bool
		a, ok, err = tx.QuizAttempt(id, m)
		if !ok {
			a = nil
		}
		return err
	})
	return a
}
