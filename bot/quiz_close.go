package bot

// Closing a quiz (/quiz close, or the scheduler at the deadline): in one
// transaction the quiz is closed and the scoreboard (张榜) is queued for
// the branch's group chat in the configured mode, with the commendation
// list and the accuracy per section for the secretaries; the keys make
// each go once whatever happens after.

import (
	"fmt"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// quizCloseCommand handles /quiz close.
func (r *request) quizCloseCommand() error {
	q, err := openQuiz(r.tx)
	if err != nil {
		return err
	}
	if q == nil {
		return r.say("quiz.none")
	}
	if err := r.b.CloseQuiz(r.tx, q, r.now); err != nil {
		return err
	}
	if err := r.audit("quiz.close", fmt.Sprintf("#%d by hand", q.ID), false); err != nil {
		return err
	}
	key := "quiz.closed.nogroup"
	if r.b.opts.GroupChat != 0 {
		key = "quiz.closed"
	}
	return r.say(key, q.ID)
}

// quizNames are the members' names by id, for scoreboards.
func quizNames(tx *store.Tx) (map[int64]string, error) {
	names := map[int64]string{}
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		names[m.ID] = m.Name
		return nil
	})
	return names, err
}

// quizResults scores quiz q from its attempts.
func (b *Bot) quizResults(tx *store.Tx, q *branchbot.Quiz) (branchbot.QuizResults, error) {
	as, err := tx.QuizAttempts(q.ID)
	if err != nil {
		return branchbot.QuizResults{}, err
	}
	names, err := quizNames(tx)
	if err != nil {
		return branchbot.QuizResults{}, err
	}
	for _, a := range as {
		if names[a.Member] == "" {
			names[a.Member] = fmt.Sprintf("#%d", a.Member)
		}
	}
	return branchbot.ScoreQuiz(q, as, b.quizQuestions(), names), nil
}

// CloseQuiz closes open quiz q at now and queues its scoreboard for the
// group chat and its summary for every secretary, once: a quiz already
// closed is left alone. The scheduler calls it at the deadline.
func (b *Bot) CloseQuiz(tx *store.Tx, q *branchbot.Quiz, now time.Time) error {
	if q.State != branchbot.QuizOpen {
		return nil
	}
	if err := q.Close(now); err != nil {
		return err
	}
	res, err := b.quizResults(tx, q)
	if err != nil {
		return err
	}
	def := b.opts.Language
	if b.opts.GroupChat != 0 {
		o := &branchbot.Outgoing{Key: branchbot.QuizBoardKey(q.ID), ChatID: b.opts.GroupChat,
			Text: b.quizBoard(def, q, &res)}
		if _, err := enqueue(tx, o); err != nil {
			return err
		}
	}
	err = tx.ForEachMember(func(m *branchbot.Member) error {
		if m.Role != branchbot.RoleSecretary || !m.Bound() || m.Unreachable {
			return nil
		}
		l := langOf(m, def)
		text := b.quizSummary(l, q, &res)
		if b.opts.GroupChat == 0 {
			text = b.quizBoard(l, q, &res) + "\n\n" + text
		}
		_, err := enqueue(tx, &branchbot.Outgoing{Key: branchbot.QuizSummaryKey(q.ID, m.ID), ChatID: m.ChatID(),
			MemberID: m.ID, Text: text})
		return err
	})
	if err != nil {
		return err
	}
	q.Posted = true
	if err := tx.PutQuiz(q); err != nil {
		return err
	}
	return tx.Audit(branchbot.AuditEntry{Action: "quiz.closed",
		Detail: fmt.Sprintf("#%d: %d took it, %d passed, %d commended", q.ID, len(res.Entries), res.Passed, len(res.Commended))})
}

// quizPeriod is a quiz's dates, first to last day.
func (b *Bot) quizPeriod(q *branchbot.Quiz) string {
	from := q.OpenedAt
	if from.IsZero() {
		from = q.CreatedAt
	}
	loc := b.opts.Location
	return branchbot.DayOf(from, loc).String() + " – " + (branchbot.DayOf(q.Deadline.Add(-time.Second), loc)).String()
}

// quizBoard is the scoreboard of q in the mode its rules chose.
func (b *Bot) quizBoard(l branchbot.Lang, q *branchbot.Quiz, res *branchbot.QuizResults) string {
	lines := []string{
		T(l, "quiz.board.head", b.opts.BranchName, q.ID),
		T(l, "quiz.board.meta", b.quizPeriod(q), len(q.Questions)),
		T(l, "quiz.board.totals", len(res.Entries), res.Passed, res.Average),
	}
	if len(res.Entries) == 0 {
		return strings.Join(append(lines, "", T(l, "quiz.board.empty")), "\n")
	}
	lines = append(lines, "")
	switch q.Rules.Scoreboard {
	case branchbot.BoardDistribution:
		for i, n := range res.Bands {
			band := T(l, "quiz.band.low", 60)
			if lo, hi := 90-10*i, 99-10*i; i < len(res.Bands)-1 {
				if i == 0 {
					hi = 100
				}
				band = T(l, "quiz.band.range", lo, hi)
			}
			lines = append(lines, T(l, "quiz.board.band", band, n))
		}
		var names []string
		for _, e := range res.Entries {
			if e.Score >= q.Rules.PassMark {
				names = append(names, fmt.Sprintf("%s %d", e.Name, e.Score))
			}
		}
		if len(names) > 0 {
			lines = append(lines, "", T(l, "quiz.board.passed", q.Rules.PassMark), strings.Join(names, T(l, "free.and")))
		}
	default:
		for _, e := range res.Entries {
			if q.Rules.Scoreboard == branchbot.BoardTop && e.Rank > q.Rules.Top {
				break
			}
			lines = append(lines, T(l, "quiz.board.line", e.Rank, e.Name, e.Score))
		}
		if q.Rules.Scoreboard == branchbot.BoardTop && len(res.Entries) > 0 && res.Entries[len(res.Entries)-1].Rank > q.Rules.Top {
			lines = append(lines, T(l, "quiz.board.topn", q.Rules.Top))
		}
	}
	return strings.Join(lines, "\n")
}

// quizSummary is the secretaries' account of a closed quiz: who took it,
// who is commended, and the sections to study again.
func (b *Bot) quizSummary(l branchbot.Lang, q *branchbot.Quiz, res *branchbot.QuizResults) string {
	lines := []string{
		T(l, "quiz.sum.head", q.ID, b.quizPeriod(q)),
		T(l, "quiz.sum.counts", len(res.Entries), res.Finished, res.Passed, res.Average),
	}
	if len(res.Commended) == 0 {
		lines = append(lines, T(l, "quiz.sum.nocommend", q.Rules.Commend))
	} else {
		var names []string
		for _, e := range res.Commended {
			names = append(names, fmt.Sprintf("%s %d", e.Name, e.Score))
		}
		lines = append(lines, T(l, "quiz.sum.commend", q.Rules.Commend, len(names)), strings.Join(names, T(l, "free.and")))
	}
	lines = append(lines, "", T(l, "quiz.sum.sections"))
	lines = append(lines, b.sectionLines(l, q, res)...)
	return strings.Join(lines, "\n")
}

// sectionLines are the accuracy per section, the least well answered
// first, those below the pass mark marked for study again.
func (b *Bot) sectionLines(l branchbot.Lang, q *branchbot.Quiz, res *branchbot.QuizResults) []string {
	if len(res.Sections) == 0 {
		return []string{T(l, "quiz.sum.nosections")}
	}
	var lines []string
	for _, s := range res.Sections {
		key := "quiz.sum.sec"
		if s.Percent() < q.Rules.PassMark {
			key = "quiz.sum.sec.again"
		}
		lines = append(lines, T(l, key, b.quizSectionName(l, s.Section), s.Percent(), s.Right, s.Answered))
	}
	return lines
}

// quizStatus handles /quiz status: how many started, finished and have
// not started the open quiz (or the last one), and who has not started.
func (r *request) quizStatus() error {
	q, err := openQuiz(r.tx)
	if err != nil {
		return err
	}
	if q == nil {
		return r.say("quiz.none")
	}
	as, err := r.tx.QuizAttempts(q.ID)
	if err != nil {
		return err
	}
	started := map[int64]bool{}
	finished := 0
	for _, a := range as {
		started[a.Member] = true
		if a.Finished() {
			finished++
		}
	}
	var notStarted []string
	err = r.tx.ForEachMember(func(m *branchbot.Member) error {
		if m.Bound() && !started[m.ID] {
			notStarted = append(notStarted, m.Name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	l := r.lang
	lines := []string{
		T(l, "quiz.st.head", q.ID, r.b.quizWhen(q.Deadline)),
		T(l, "quiz.st.counts", len(as)-finished, finished, len(notStarted)),
	}
	if len(notStarted) > 0 {
		lines = append(lines, T(l, "quiz.st.names"), strings.Join(notStarted, T(l, "free.and")))
	}
	return r.send(&branchbot.Outgoing{Text: strings.Join(lines, "\n")})
}

// QuizReminder is the reminder hours before quiz q's deadline to member
// m, who has not finished; a is their attempt so far, nil if they have
// not started. The scheduler fills in the chat, key and time.
func (b *Bot) QuizReminder(q *branchbot.Quiz, m *branchbot.Member, a *branchbot.QuizAttempt, hours int, late bool) branchbot.Outgoing {
	l := langOf(m, b.opts.Language)
	text := T(l, "quiz.remind.fresh", q.ID, b.quizWhen(q.Deadline), len(q.Questions))
	btn := T(l, "quiz.btn.start")
	if a != nil {
		text = T(l, "quiz.remind.partial", q.ID, b.quizWhen(q.Deadline), a.Pos(), len(q.Questions))
		btn = T(l, "quiz.btn.resume")
	}
	if late {
		text += "\n" + T(l, "quiz.remind.late")
	}
	return branchbot.Outgoing{Text: text, Keyboard: [][]branchbot.Button{{{Text: btn, Data: quizCallback("qzst", m.ID, q.ID)}}}}
}
