package bot

// /report quiz [YYYY-Qn]: the quizzes opened in a quarter (the current
// one by default), each with who took it, the average, the passes and
// commendations and the sections to study again; a group leader also
// sees the scores of their group. /me shows a member their own results,
// whether the branch has the daily study or not.

import (
	"strings"

	"github.com/branchbot/branchbot"
)

// reportQuiz handles /report quiz [YYYY-Qn].
func (r *request) reportQuiz(args []string) error {
	today := r.today()
	first, last := branchbot.PeriodOf(today, branchbot.PeriodQuarter)
	label := branchbot.PeriodLabel(first, branchbot.PeriodQuarter)
	if len(args) > 1 {
		return r.say("rquiz.usage", label)
	}
	if len(args) == 1 {
		var ok bool
		if first, last, ok = branchbot.ParseReportPeriod(args[0]); !ok {
			return r.say("rquiz.usage", label)
		}
		label = strings.ToUpper(args[0])
	}
	if first > today {
		return r.say("rtalks.future", label)
	}
	loc := r.b.opts.Location
	var quizzes []*branchbot.Quiz
	err := r.tx.ForEachQuiz(func(q *branchbot.Quiz) error {
		if q.State != branchbot.QuizOpen && q.State != branchbot.QuizClosed {
			return nil
		}
		if d := branchbot.DayOf(q.OpenedAt, loc); d >= first && d <= last {
			quizzes = append(quizzes, q)
		}
		return nil
	})
	if err != nil {
		return err
	}
	l := r.lang
	lines := []string{T(l, "rquiz.head", label)}
	if len(quizzes) == 0 {
		lines = append(lines, T(l, "rquiz.none"))
	}
	members, err := r.tx.Members()
	if err != nil {
		return err
	}
	bound := 0
	for _, m := range members {
		if m.Bound() {
			bound++
		}
	}
	for _, q := range quizzes {
		res, err := r.b.quizResults(r.tx, q)
		if err != nil {
			return err
		}
		state := T(l, "rquiz.open")
		if q.State == branchbot.QuizClosed {
			state = T(l, "rquiz.closed")
		}
		lines = append(lines, "", T(l, "rquiz.quiz", q.ID, r.b.quizPeriod(q), state),
			T(l, "rquiz.counts", len(res.Entries), bound, res.Finished, res.Average, res.Passed, len(res.Commended)))
		secs := r.b.sectionLines(l, q, &res)
		lines = append(lines, secs[:min(3, len(secs))]...)
		if !r.member.SeesBranch() {
			lines = append(lines, r.groupQuizLines(l, members, &res)...)
		}
	}
	return r.send(&branchbot.Outgoing{Text: strings.Join(lines, "\n")})
}

// groupQuizLines are the scores of the leader's group, those who did not
// take the quiz included.
func (r *request) groupQuizLines(l branchbot.Lang, members []*branchbot.Member, res *branchbot.QuizResults) []string {
	byID := map[int64]branchbot.QuizEntry{}
	for _, e := range res.Entries {
		byID[e.Member] = e
	}
	lines := []string{T(l, "rquiz.group", r.member.Group)}
	for _, m := range members {
		if !r.member.Sees(m) || !m.Bound() {
			continue
		}
		if e, ok := byID[m.ID]; ok {
			lines = append(lines, T(l, "rquiz.member", m.Name, e.Score, e.Rank))
		} else {
			lines = append(lines, T(l, "rquiz.member.none", m.Name))
		}
	}
	return lines
}

// meWithoutStudy is /me in a branch without the daily study: the
// directives of the month and the quiz results, or that the study is off
// when there is neither.
func (r *request) meWithoutStudy() error {
	directives, err := r.directiveLines(r.today())
	if err != nil {
		return err
	}
	quiz, err := r.myQuizLines()
	if err != nil {
		return err
	}
	if len(directives)+len(quiz) == 0 {
		return r.say("study.off")
	}
	lines := append([]string{T(r.lang, "me.head.nostudy", r.member.Name)}, directives...)
	return r.send(&branchbot.Outgoing{Text: strings.Join(append(lines, quiz...), "\n")})
}

// myQuizLines are the asker's results for /me: the open quiz's progress
// and the last closed quizzes' scores and places.
func (r *request) myQuizLines() ([]string, error) {
	if !r.b.quizOn() {
		return nil, nil
	}
	var quizzes []*branchbot.Quiz
	err := r.tx.ForEachQuiz(func(q *branchbot.Quiz) error {
		if q.State == branchbot.QuizOpen || q.State == branchbot.QuizClosed {
			quizzes = append(quizzes, q)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	const shown = 3
	quizzes = quizzes[max(0, len(quizzes)-shown):]
	l := r.lang
	var lines []string
	for i := len(quizzes) - 1; i >= 0; i-- {
		q := quizzes[i]
		a, ok, err := r.tx.QuizAttempt(q.ID, r.member.ID)
		if err != nil {
			return nil, err
		}
		switch {
		case q.State == branchbot.QuizOpen && !ok:
			lines = append(lines, T(l, "me.quiz.todo", q.ID, r.b.quizWhen(q.Deadline)))
		case q.State == branchbot.QuizOpen && !a.Finished():
			lines = append(lines, T(l, "me.quiz.partial", q.ID, a.Pos(), len(q.Questions), r.b.quizWhen(q.Deadline)))
		case q.State == branchbot.QuizOpen:
			lines = append(lines, T(l, "me.quiz.done", q.ID, branchbot.Percent(a.Right, len(q.Questions))))
		case !ok:
			lines = append(lines, T(l, "me.quiz.missed", q.ID))
		default:
			res, err := r.b.quizResults(r.tx, q)
			if err != nil {
				return nil, err
			}
			for _, e := range res.Entries {
				if e.Member == r.member.ID {
					lines = append(lines, T(l, "me.quiz.result", q.ID, e.Score, e.Rank, len(res.Entries), r.passWord(l, q, e.Score)))
				}
			}
		}
	}
	return lines, nil
}

// passWord says whether a score passed, and whether it is commended.
func (r *request) passWord(l branchbot.Lang, q *branchbot.Quiz, score int) string {
	switch {
	case score >= q.Rules.Commend:
		return T(l, "me.quiz.commend")
	case score >= q.Rules.PassMark:
		return T(l, "me.quiz.pass")
	}
	return T(l, "me.quiz.fail")
}
