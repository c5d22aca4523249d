package bot

// A member's attempt at a quiz: one question at a time in one message,
// edited in place to the next. Single choice and true/false: a press is
// the answer. Multiple choice: presses tick options (☑), 提交 answers.
// Each press names the quiz, the position of the question and the option;
// a press on any position but the current one changes nothing, so a
// double press counts once and an earlier question's buttons do nothing.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// optionLetters label the options as shown.
const optionLetters = "ABCDEFGH"

// takeQuiz starts or resumes the asker's attempt at the open quiz: the
// current question in a new message, or with edit set, in place of that
// message (the notice's 开始答题).
func (r *request) takeQuiz(edit int) error {
	q, err := openQuiz(r.tx)
	if err != nil {
		return err
	}
	if q == nil {
		return r.sayOrEdit(edit, T(r.lang, "quiz.none"))
	}
	a, ok, err := r.tx.QuizAttempt(q.ID, r.member.ID)
	if err != nil {
		return err
	}
	if ok && a.Finished() {
		return r.sayOrEdit(edit, T(r.lang, "quiz.done.already", q.ID, branchbot.Percent(a.Right, len(q.Questions)), a.Right, len(q.Questions)))
	}
	if !q.Takes(r.now) {
		return r.sayOrEdit(edit, T(r.lang, "quiz.over", q.ID))
	}
	if !ok {
		a = r.b.newAttempt(q, r.member.ID, r.now)
		if err := r.tx.PutQuizAttempt(a); err != nil {
			return err
		}
		if err := r.audit("quiz.start", fmt.Sprintf("#%d", q.ID), false); err != nil {
			return err
		}
	}
	text, kb := r.b.quizQuestionView(r.lang, q, a)
	return r.send(&branchbot.Outgoing{Edit: edit, Text: text, Keyboard: kb})
}

func (r *request) sayOrEdit(edit int, text string) error {
	return r.send(&branchbot.Outgoing{Edit: edit, Text: text})
}

// newAttempt is member's attempt at q, in the order ShuffleFor gives
// them, the same on every start.
func (b *Bot) newAttempt(q *branchbot.Quiz, member int64, now time.Time) *branchbot.QuizAttempt {
	order, opts := branchbot.ShuffleFor(q.Questions, b.quizQuestions(), q.Seed, member)
	for i, id := range q.Questions {
		if i >= len(opts) {
			opts = append(opts, nil)
		}
		if n := b.quizQuestion(id).OptionCount(); len(opts[i]) != n {
			// A question gone from the bank: its placeholder's options.
			opts[i] = make([]int, n)
			for k := range opts[i] {
				opts[i][k] = k
			}
		}
	}
	return &branchbot.QuizAttempt{Quiz: q.ID, Member: member, Order: order, Options: opts[:len(q.Questions)], StartedAt: now}
}

// questionText is the question's text in language l.
func questionText(l branchbot.Lang, q *branchbot.Question) string {
	if l == branchbot.LangEN && q.TextEN != "" {
		return q.TextEN
	}
	return q.Text
}

// optionText is option i (the bank's index) of q in language l.
func optionText(l branchbot.Lang, q *branchbot.Question, i int) string {
	if q.Kind == branchbot.TrueFalse {
		return T(l, fmt.Sprintf("quiz.tf.%d", i))
	}
	if l == branchbot.LangEN && i < len(q.OptionsEN) && q.OptionsEN[i] != "" {
		return q.OptionsEN[i]
	}
	if i < len(q.Options) {
		return q.Options[i]
	}
	return "?"
}

// quizQuestionView is the current question of attempt a with its buttons.
func (b *Bot) quizQuestionView(l branchbot.Lang, q *branchbot.Quiz, a *branchbot.QuizAttempt) (string, [][]branchbot.Button) {
	pos := a.Pos()
	qq := b.quizQuestion(q.Questions[a.Question(pos)])
	lines := []string{
		T(l, "quiz.q.head", q.ID, pos+1, len(q.Questions), T(l, "quiz.kind."+string(qq.Kind))),
		"", questionText(l, qq), "",
	}
	opts := a.Options[a.Question(pos)]
	var row []branchbot.Button
	for k, opt := range opts {
		label := string(optionLetters[k])
		if qq.Kind == branchbot.TrueFalse {
			label = optionText(l, qq, opt)
		} else {
			lines = append(lines, label+". "+optionText(l, qq, opt))
		}
		action := "qza"
		if qq.Kind == branchbot.MultipleChoice {
			action = "qzt"
			if slices.Contains(a.Ticked, opt) {
				label = "☑ " + label
			}
		}
		row = append(row, branchbot.Button{Text: label, Data: quizCallback(action, a.Member, q.ID, pos, k)})
	}
	kb := [][]branchbot.Button{row}
	if qq.Kind == branchbot.MultipleChoice {
		lines = append(lines, "", T(l, "quiz.q.multi"))
		kb = append(kb, []branchbot.Button{{Text: T(l, "quiz.btn.submit"), Data: quizCallback("qzs", a.Member, q.ID, pos)}})
	}
	lines = append(lines, "", T(l, "quiz.q.deadline", b.quizWhen(q.Deadline)))
	return strings.TrimRight(strings.Join(lines, "\n"), "\n"), kb
}

// quizButton handles every button of a quiz; ok is false for an action
// that is not one of them.
func (r *request) quizButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) (ok bool, err error) {
	switch cb.Action {
	case "qzgo", "qzno", "qzst", "qza", "qzt", "qzs":
	default:
		return false, nil
	}
	id, pos, opt, valid := parseQuizArg(cb.Arg)
	q, err := r.tx.Quiz(id)
	if !valid || errors.Is(err, branchbot.ErrNotFound) {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return true, nil
	} else if err != nil {
		return true, err
	}
	var answer string
	switch cb.Action {
	case "qzgo", "qzno":
		answer, err = r.quizAdminButton(cb, q, msgID)
	case "qzst":
		err = r.takeQuiz(msgID)
	default:
		answer, err = r.quizPress(cb.Action, q, pos, opt, msgID)
	}
	r.answer(cq, answer, false)
	return true, err
}

// quizPress applies a press on a question's button: an answer (qza), a
// tick (qzt) or a multiple choice's 提交 (qzs). It returns the short
// text the press is answered with.
func (r *request) quizPress(action string, q *branchbot.Quiz, pos, k, msgID int) (string, error) {
	l := r.lang
	a, ok, err := r.tx.QuizAttempt(q.ID, r.member.ID)
	switch {
	case err != nil:
		return "", err
	case !ok:
		return T(l, "button.stale"), nil
	case a.Finished():
		return T(l, "quiz.press.done"), nil
	case !q.Takes(r.now):
		return T(l, "quiz.over", q.ID), nil
	case pos != a.Pos():
		return T(l, "quiz.press.stale"), nil
	}
	qq := r.b.quizQuestion(q.Questions[a.Question(pos)])
	multi := qq.Kind == branchbot.MultipleChoice
	var chosen []int
	switch action {
	case "qzt":
		o := a.Shown(pos, k)
		if !multi || o < 0 || !a.Toggle(pos, o) {
			return T(l, "button.stale"), nil
		}
		if err := r.tx.PutQuizAttempt(a); err != nil {
			return "", err
		}
		_, kb := r.b.quizQuestionView(l, q, a)
		return "", r.send(&branchbot.Outgoing{Edit: msgID, Keyboard: kb, KeyboardOnly: true})
	case "qzs":
		if !multi {
			return T(l, "button.stale"), nil
		}
		if len(a.Ticked) == 0 {
			return T(l, "quiz.press.pick"), nil
		}
		chosen = a.Ticked
	default: // qza
		o := a.Shown(pos, k)
		if multi || o < 0 {
			return T(l, "button.stale"), nil
		}
		chosen = []int{o}
	}
	if !a.Answer(pos, qq, chosen, r.now) {
		return T(l, "quiz.press.stale"), nil
	}
	if err := r.tx.PutQuizAttempt(a); err != nil {
		return "", err
	}
	if !a.Finished() {
		text, kb := r.b.quizQuestionView(l, q, a)
		return "", r.send(&branchbot.Outgoing{Edit: msgID, Text: text, Keyboard: kb})
	}
	if err := r.audit("quiz.finish", fmt.Sprintf("#%d: %d/%d right", q.ID, a.Right, len(q.Questions)), false); err != nil {
		return "", err
	}
	if err := r.editTo(msgID, T(l, "quiz.handed", q.ID, len(q.Questions))); err != nil {
		return "", err
	}
	return "", r.send(&branchbot.Outgoing{Text: r.b.quizResult(l, q, a)})
}

// quizResult is a finished attempt's score and the explanations of the
// questions missed, in the letters the member saw.
func (b *Bot) quizResult(l branchbot.Lang, q *branchbot.Quiz, a *branchbot.QuizAttempt) string {
	total := len(q.Questions)
	score := branchbot.Percent(a.Right, total)
	verdict := T(l, "quiz.res.fail", q.Rules.PassMark)
	switch {
	case score >= q.Rules.Commend:
		verdict = T(l, "quiz.res.commend")
	case score >= q.Rules.PassMark:
		verdict = T(l, "quiz.res.pass")
	}
	lines := []string{T(l, "quiz.res.head", q.ID, score, a.Right, total), verdict}
	if a.Right < len(a.Answers) {
		lines = append(lines, "", T(l, "quiz.res.missed"))
	}
	for pos, ans := range a.Answers {
		if ans.Right {
			continue
		}
		qq := b.quizQuestion(q.Questions[a.Question(pos)])
		lines = append(lines, "", T(l, "quiz.res.q", pos+1, questionText(l, qq)),
			T(l, "quiz.res.yours", b.shownAnswer(l, qq, a, pos, ans.Chosen)),
			T(l, "quiz.res.right", b.shownAnswer(l, qq, a, pos, qq.Answer)))
		expl := qq.Explanation
		if l == branchbot.LangEN && qq.ExplanationEN != "" {
			expl = qq.ExplanationEN
		}
		if expl != "" {
			lines = append(lines, T(l, "quiz.res.why", expl))
		}
	}
	return strings.Join(lines, "\n")
}

// shownAnswer writes options (the bank's indexes) as the member saw them:
// "B. text; D. text", or 对/错.
func (b *Bot) shownAnswer(l branchbot.Lang, qq *branchbot.Question, a *branchbot.QuizAttempt, pos int, options []int) string {
	shown := a.Options[a.Question(pos)]
	var parts []string
	for k, o := range shown {
		if !slices.Contains(options, o) {
			continue
		}
		if qq.Kind == branchbot.TrueFalse {
			parts = append(parts, optionText(l, qq, o))
		} else {
			parts = append(parts, string(optionLetters[k])+". "+optionText(l, qq, o))
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, T(l, "quiz.res.sep"))
}
